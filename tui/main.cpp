// stickwright's entry point: collects the arguments and hands them to the command line front end,
// which starts the full-screen UI (through start_screen) when no command is given.

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "platform/session.h"
#include "sw_version.h"
#include "tui/cli/args.h"
#include "tui/cli/commands.h"
#include "tui/cli/common.h"
#include "tui/cli/words.h"
#include "tui/exit_codes.h"
#include "tui/screen/app_runner.h"
#include "tui/screen/demo.h"
#include "tui/text_out.h"

namespace {

/// The full-screen UI for the options of a command line without a command; --demo first makes
/// its files (an image and a file standing in for a stick).
int start_screen(const sw::tui::CliOptions& o) {
  using namespace sw::tui;
  if (!sw::platform::is_terminal(STDIN_FILENO) || !sw::platform::is_terminal(STDOUT_FILENO)) {
    print_line(err_out(),
               "stickwright: the terminal UI needs a terminal; for scripts use the command line "
               "(stickwright --help)");
    return kExitUsage;
  }
  auto trust = load_trust(o);
  if (!trust) {
    print_message(err_out(), "stickwright: {}", cli::error_text(trust.error()));
    return exit_code_for(trust.error().kind);
  }
  TuiOptions t;
  t.trust = *trust;
  t.require_signature = o.require_signature;
  t.log = o.log;
  t.version = std::string(sw::kVersion);
  t.image = o.image;
  t.sysroot = o.sysroot;
  t.allow_non_removable = o.allow_non_removable;
  if (!o.demo) return run_tui(t);
  auto demo = make_demo_files();
  if (!demo) {
    print_message(err_out(), "stickwright: cannot set up the demo: {}", demo.error().message);
    return kExitUsage;
  }
  t.start_dir = demo->dir;
  t.file_drives = {demo->drive};
  const int rc = run_tui(t);
  print_line(stdout, "The demo's files are in {} (delete them when you are done).", demo->dir);
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  // Our own descriptor for stderr, made before anything may silence descriptor 2.
  (void)sw::platform::own_stderr();
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    return sw::tui::run_cli(args, start_screen);
  } catch (const std::exception& e) {
    // Only allocation failures are expected here; say so rather than abort with a trace.
    sw::tui::print_line(sw::tui::err_out(), "stickwright: internal error: {}", e.what());
    return sw::tui::kExitUsage;
  }
}
