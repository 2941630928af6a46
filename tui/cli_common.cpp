#include "tui/cli_common.h"

#include <fmt/format.h>
#include <unistd.h>

#include "platform/fd.h"
#include "tui/exit_codes.h"

namespace sw::tui {

int report_error(const Error& error, bool json) {
  if (json) fmt::print(stdout, "{}\n", error_json(error));
  fmt::print(stderr, "stickwright: {}\n", error.message);
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
    fmt::print(stderr, "stickwright: note: --hash takes precedence; --checksums {} is not read\n",
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
  fmt::print(stderr, "{}", prompt);
  std::fflush(stderr);
  char line[512] = {};
  if (std::fgets(line, sizeof line, stdin) == nullptr) return std::nullopt;
  std::string answer(line);
  while (!answer.empty() && (answer.back() == '\n' || answer.back() == '\r')) answer.pop_back();
  return answer;
}

int finish_report(const writer::JobReport& report, const ReportContext& ctx, bool json,
                  ProgressPrinter& printer) {
  printer.finish_line();
  if (json) fmt::print(stdout, "{}\n", report_json(report, ctx));
  for (const auto& note : report.notes) fmt::print(stderr, "stickwright: note: {}\n", note);
  if (report.error) {
    if (!report.sha256.empty() && report.error->kind != ErrorKind::kHashMismatch && !json) {
      fmt::print(stderr, "stickwright: image sha256 {}\n", report.sha256);
    }
    fmt::print(stderr, "stickwright: {}\n", report.error->message);
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
