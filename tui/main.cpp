// stickwright's entry point: collects the arguments and hands them to the command line front end.

#include <fmt/format.h>

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "tui/cli/commands.h"
#include "tui/exit_codes.h"
#include "tui/text_out.h"

int main(int argc, char** argv) {
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    return sw::tui::run_cli(args);
  } catch (const std::exception& e) {
    // Only allocation failures are expected here; say so rather than abort with a trace.
    sw::tui::print_line(stderr, "stickwright: internal error: {}", e.what());
    return sw::tui::kExitUsage;
  }
}
