#pragma once
/// The command-line front end: turns a parsed command into a job and renders its report.

#include <span>
#include <string>

namespace sw::tui {

/// Runs stickwright with the arguments after the program name; returns the exit code.
int run_cli(std::span<const std::string> args);

}  // namespace sw::tui
