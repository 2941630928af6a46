#pragma once
/// Pieces every command of the command line shares: error and progress output, the hash
/// resolution, terminal questions, the final report.

#include <cstdio>
#include <optional>
#include <string>

#include "platform/result.h"
#include "platform/sysroot.h"
#include "tui/cli_args.h"
#include "tui/progress_printer.h"
#include "tui/report.h"
#include "writer/expected_hash.h"
#include "writer/job.h"

namespace sw::tui {

/// Prints an error for a person (stderr) and, with --json, a result object on stdout; returns
/// the exit code.
int report_error(const Error& error, bool json);

/// Where progress goes: JSON lines on stdout, human text on stderr.
std::FILE* progress_stream(bool json);
/// An updating line on a terminal, periodic lines otherwise, or JSON.
ProgressStyle progress_style(bool json);

/// The expected hash by the documented precedence; notes when --checksums is overridden.
Result<writer::HashResolution> resolve_hash(const CliOptions& o);

/// Prints `prompt` on stderr and reads one line from the terminal (stdin); none when stdin is
/// not a terminal or is closed.
std::optional<std::string> ask_on_terminal(const std::string& prompt);

/// Prints the report (human or JSON) and returns the exit code.
int finish_report(const writer::JobReport& report, const ReportContext& ctx, bool json,
                  ProgressPrinter& printer);

/// Where a target path is opened: under --sysroot, /dev paths live inside the fixture.
std::string node_path_for(const platform::Sysroot& root, const std::string& target);

int run_write(const CliOptions& o);
int run_verify(const CliOptions& o);
int run_hash(const CliOptions& o);
int run_list(const CliOptions& o);
int run_inspect(const CliOptions& o);

}  // namespace sw::tui
