#pragma once
/// Rendering a job's report for people and for scripts.

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "tui/cli/args.h"
#include "writer/job.h"

namespace sw::tui {

/// What the report is about.
struct ReportContext {
  Command command = Command::kWrite;  ///< kWrite or kVerify
  std::string image;
  std::string target;
  /// Windows mode: the "windows" object of the JSON report (what the stick holds); empty
  /// otherwise.
  std::string windows_json;
};

/// The final JSON object of a write or verify command.
std::string report_json(const writer::JobReport& report, const ReportContext& ctx);

/// Prints a successful report for a person on `out`.
void print_success(std::FILE* out, const writer::JobReport& report, const ReportContext& ctx);

/// String fields a failure's result object carries besides its status ("command", "target").
using JsonFields = std::vector<std::pair<std::string, std::string>>;

/// The JSON object of a failure that happened before any job ran, with `extra` fields.
std::string error_json(const Error& error, const JsonFields& extra = {});

}  // namespace sw::tui
