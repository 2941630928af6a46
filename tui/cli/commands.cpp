#include "tui/cli/commands.h"

#include <fmt/format.h>
#include <unistd.h>

#include "platform/session.h"
#include "sw_version.h"
#include "tui/cli/args.h"
#include "tui/cli/common.h"
#include "tui/exit_codes.h"
#include "tui/screen/app_runner.h"
#include "tui/screen/demo.h"
#include "tui/text_out.h"

namespace sw::tui {
namespace {

int run_terminal_ui(const CliOptions& o) {
  if (!platform::is_terminal(STDIN_FILENO) || !platform::is_terminal(STDOUT_FILENO)) {
    print_line(stderr,
               "stickwright: the terminal UI needs a terminal; for scripts use the command line "
               "(stickwright --help)");
    return kExitUsage;
  }
  TuiOptions t;
  t.image = o.image;
  t.sysroot = o.sysroot;
  t.allow_non_removable = o.allow_non_removable;
  if (o.demo) {
    auto demo = make_demo_files();
    if (!demo) {
      print_message(stderr, "stickwright: cannot set up the demo: {}", demo.error().message);
      return kExitUsage;
    }
    t.start_dir = demo->dir;
    t.file_drives = {demo->drive};
    const int rc = run_tui(t);
    print_line(stdout, "The demo's files are in {} (delete them when you are done).", demo->dir);
    return rc;
  }
  return run_tui(t);
}

}  // namespace

int run_cli(std::span<const std::string> args) {
  auto parsed = parse_cli(args);
  if (!parsed) {
    print_message(stderr, "stickwright: {}", parsed.error().message);
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
    case Command::kTui:
      return run_terminal_ui(*parsed);
  }
  return kExitUsage;
}

}  // namespace sw::tui
