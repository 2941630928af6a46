#pragma once
/// The command-line front end: turns a parsed command into a job and renders its report.

#include <span>
#include <string>

#include "tui/cli/args.h"

namespace sw::tui {

/// Starts the full-screen UI for a command line without a command. main() passes it in, so the
/// command line never includes the full-screen UI's headers (nor the UI the command line's).
using ScreenStarter = int (*)(const CliOptions& options);

/// Runs stickwright with the arguments after the program name; returns the exit code.
int run_cli(std::span<const std::string> args, ScreenStarter start_screen);

}  // namespace sw::tui
