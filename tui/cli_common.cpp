#include "tui/cli_common.h"

#include <fmt/format.h>
#include <unistd.h>

#include "platform/session.h"
#include "tui/cli_words.h"
#include "tui/exit_codes.h"
#include "tui/text_out.h"

namespace sw::tui {

int report_error(const Error& error, bool json) {
  if (json) write_text(stdout, error_json(error) + "\n");
  print_message(stderr, "stickwright: {}", cli::error_text(error));
  return exit_code_for(error.kind);
}

std::FILE* progress_stream(bool json) { return json ? stdout : stderr; }

ProgressStyle progress_style(bool json) {
  if (json) return ProgressStyle::kJsonLines;
  return platform::is_terminal(STDERR_FILENO) ? ProgressStyle::kTerminalLine
                                              : ProgressStyle::kPeriodicLines;
}

Result<writer::HashResolution> resolve_hash(const CliOptions& o) {
  if (o.hash_spec && o.checksums) {
    print_line(stderr, "stickwright: note: --hash takes precedence; --checksums {} is not read",
               *o.checksums);
  }
  auto hash = writer::resolve_expected_hash(writer::HashRequest{o.hash_spec, o.checksums}, o.image);
  if (hash && hash->expected) {
    const std::string weak = weak_hash_note(hash->expected->algorithm);
    if (!weak.empty()) fmt::print(stderr, "stickwright: note: {}\n", weak);
  }
  return hash;
}

std::optional<std::string> ask_on_terminal(const std::string& prompt) {
  if (!platform::is_terminal(STDIN_FILENO)) return std::nullopt;
  write_text(stderr, platform::display_safe(prompt, platform::LineBreaks::kKeep));
  char line[512] = {};
  if (std::fgets(line, sizeof line, stdin) == nullptr) return std::nullopt;
  std::string answer(line);
  while (!answer.empty() && (answer.back() == '\n' || answer.back() == '\r')) answer.pop_back();
  return answer;
}

int finish_report(const writer::JobReport& report, const ReportContext& ctx, bool json,
                  ProgressPrinter& printer) {
  printer.finish_line();
  if (json) write_text(stdout, report_json(report, ctx) + "\n");
  for (const auto& note : report.notes) print_message(stderr, "stickwright: note: {}", note);
  if (report.error) {
    if (!report.sha256.empty() && report.error->kind != ErrorKind::kHashMismatch && !json) {
      print_line(stderr, "stickwright: image sha256 {}", report.sha256);
    }
    print_message(stderr, "stickwright: {}", cli::error_text(*report.error));
    return exit_code_for(report.error->kind);
  }
  if (!json) print_success(stdout, report, ctx);
  return kExitOk;
}

std::string node_path_for(const platform::Sysroot& root, const std::string& target) {
  if (!root.is_real() && target.starts_with("/dev/")) return root.path(target);
  return target;
}

}  // namespace sw::tui
