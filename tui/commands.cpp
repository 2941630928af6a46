#include "tui/commands.h"

#include <fmt/format.h>

#include "tui/cli_args.h"
#include "tui/cli_common.h"
#include "tui/exit_codes.h"

namespace sw::tui {
namespace {
constexpr std::string_view kVersion = "0.1.0";
}  // namespace

int run_cli(std::span<const std::string> args) {
  auto parsed = parse_cli(args);
  if (!parsed) {
    fmt::print(stderr, "stickwright: {}\n", parsed.error().message);
    return kExitUsage;
  }
  switch (parsed->command) {
    case Command::kHelp: fmt::print(stdout, "{}", usage_text()); return kExitOk;
    case Command::kVersion: fmt::print(stdout, "stickwright {}\n", kVersion); return kExitOk;
    case Command::kWrite: return run_write(*parsed);
    case Command::kHash: return run_hash(*parsed);
    case Command::kVerify: return run_verify(*parsed);
    case Command::kList: return run_list(*parsed);
  }
  return kExitUsage;
}

}  // namespace sw::tui
