#pragma once
/// Where a command's words go, chosen once from --json: for a person (progress and messages on
/// stderr, the summary on stdout) or for a script (one JSON object per line on stdout; messages
/// still on stderr). Commands talk to an Output and never ask which one it is for their words.

#include <string>
#include <string_view>
#include <vector>

#include "platform/result.h"
#include "tui/cli/progress_printer.h"
#include "tui/cli/report.h"
#include "writer/job.h"
#include "writer/progress.h"

namespace sw::tui {

/// Who reads the output.
enum class OutputFormat { kHuman, kJson };

/// How progress is shown for a format: an updating line (or rows) on a terminal, periodic lines
/// otherwise, or JSON lines.
ProgressStyle progress_style(OutputFormat f);

/// A command's output in one format.
class Output {
 public:
  /// Progress is paced by `clock` (injected in tests).
  explicit Output(OutputFormat format, const writer::Clock& clock = writer::steady_clock());
  Output(const Output&) = delete;
  Output& operator=(const Output&) = delete;

  /// Who reads this output.
  OutputFormat format() const { return m_format; }

  /// A failure before or instead of a job: its words on stderr and, for scripts, a result
  /// object on stdout (with `extra` fields); returns the exit code. Ends a progress line.
  int error(const Error& error, const JsonFields& extra = {});
  /// A failure's words on stderr only (the result object was written already); its exit code.
  int say(const Error& error);
  /// Where a job's progress events go (an updating line, periodic lines, or JSON lines).
  writer::ProgressSink progress_sink();
  /// Ends an updating progress line, so later text starts on a fresh line.
  void end_progress();
  /// A job's report: its notes, then the failure or the success summary; returns the exit code.
  int finish(const writer::JobReport& report, const ReportContext& ctx);
  /// A command's result: `json` (one document) for scripts, `lines` on stdout for a person.
  void result(const std::string& json, const std::vector<std::string>& lines);
  /// A line only a person needs (what a script finds in the result object): stderr.
  void for_person(std::string_view line);

 private:
  OutputFormat m_format;
  ProgressPrinter m_printer;
};

}  // namespace sw::tui
