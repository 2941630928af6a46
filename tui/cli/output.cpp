#include "tui/cli/output.h"

#include <unistd.h>

#include "platform/session.h"
#include "tui/cli/words.h"
#include "tui/exit_codes.h"
#include "tui/text_out.h"

namespace sw::tui {

ProgressStyle progress_style(OutputFormat f) {
  if (f == OutputFormat::kJson) return ProgressStyle::kJsonLines;
  return platform::is_terminal(STDERR_FILENO) ? ProgressStyle::kTerminalLine
                                              : ProgressStyle::kPeriodicLines;
}

namespace {

/// Says a failure on stderr in the command line's words; returns its exit code.
int say_error(const Error& error) {
  print_message(err_out(), "stickwright: {}", cli::error_text(error));
  return exit_code_for(error.kind);
}

}  // namespace

Output::Output(OutputFormat format, const writer::Clock& clock)
    : m_format(format),
      m_printer(format == OutputFormat::kJson ? stdout : err_out(), progress_style(format), clock) {
}

int Output::say(const Error& error) { return say_error(error); }

int Output::error(const Error& error, const JsonFields& extra) {
  end_progress();
  if (m_format == OutputFormat::kJson) write_text(stdout, error_json(error, extra) + "\n");
  return say_error(error);
}

writer::ProgressSink Output::progress_sink() {
  return [this](const writer::ProgressEvent& ev) { m_printer.on_event(ev); };
}

void Output::end_progress() { m_printer.finish_line(); }

int Output::finish(const writer::JobReport& report, const ReportContext& ctx) {
  end_progress();
  const bool json = m_format == OutputFormat::kJson;
  if (json) write_text(stdout, report_json(report, ctx) + "\n");
  for (const auto& note : report.notes) print_message(err_out(), "stickwright: note: {}", note);
  if (report.error) {
    if (!report.sha256.empty() && report.error->kind != ErrorKind::kHashMismatch && !json) {
      print_line(err_out(), "stickwright: image sha256 {}", report.sha256);
    }
    return say_error(*report.error);
  }
  if (!json) print_success(stdout, report, ctx);
  return kExitOk;
}

void Output::result(const std::string& json, const std::vector<std::string>& lines) {
  if (m_format == OutputFormat::kJson) {
    write_text(stdout, json + "\n");
    return;
  }
  for (const auto& line : lines) print_line(stdout, "{}", line);
}

void Output::for_person(std::string_view line) {
  if (m_format == OutputFormat::kHuman) print_line(err_out(), "{}", line);
}

}  // namespace sw::tui
