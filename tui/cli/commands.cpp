#include "tui/cli/commands.h"

#include <fmt/format.h>

#include "sw_version.h"
#include "tui/cli/args.h"
#include "tui/cli/common.h"
#include "tui/exit_codes.h"
#include "tui/text_out.h"

namespace sw::tui {

int run_cli(std::span<const std::string> args, ScreenStarter start_screen) {
  auto parsed = parse_cli(args);
  if (!parsed) {
    print_message(err_out(), "stickwright: {}", parsed.error().message);
    return kExitUsage;
  }
  Output out(parsed->json ? OutputFormat::kJson : OutputFormat::kHuman);
  switch (parsed->command) {
    case Command::kHelp:
      write_text(stdout, usage_text());
      return kExitOk;
    case Command::kVersion:
      print_line(stdout, "stickwright {}", kVersion);
      return kExitOk;
    case Command::kWrite:
      return run_write(*parsed, out);
    case Command::kHash:
      return run_hash(*parsed, out);
    case Command::kVerify:
      return run_verify(*parsed, out);
    case Command::kList:
      return run_list(*parsed, out);
    case Command::kInspect:
      return run_inspect(*parsed, out);
    case Command::kLog:
      return run_log(*parsed, out);
    case Command::kStation:
      return run_station(*parsed, out);
    case Command::kCheck:
      return run_check(*parsed, out);
    case Command::kRestore:
      return run_restore(*parsed, out);
    case Command::kRead:
      return run_read(*parsed, out);
    case Command::kTui:
      return start_screen(*parsed);
  }
  return kExitUsage;
}

}  // namespace sw::tui
