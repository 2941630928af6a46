// `stickwright log`: the audit log's records as a table, or CSV for a spreadsheet.

#include <fmt/format.h>

#include <regex>

#include "tui/audit_log.h"
#include "tui/cli/common.h"
#include "tui/exit_codes.h"
#include "tui/text_out.h"
#include "tui/words.h"

namespace sw::tui {
namespace {

/// A field as a CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break.
std::string csv_cell(std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(v);
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string field(const AuditEntry& e, std::string_view name) {
  const auto it = e.find(name);
  return it == e.end() ? std::string() : it->second;
}

std::string csv_of(const std::vector<const AuditEntry*>& entries) {
  std::string out;
  const auto& fields = audit_fields();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += fields[i];
  }
  out += '\n';
  for (const auto* e : entries) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) out += ',';
      out += csv_cell(field(*e, fields[i]));
    }
    out += '\n';
  }
  return out;
}

/// "1.2 GB" from a byte count kept as text; "-" when there is none.
std::string size_text(const std::string& bytes) {
  if (bytes.empty()) return "-";
  return format_bytes(std::strtoull(bytes.c_str(), nullptr, 10));
}

std::vector<std::string> table_of(const std::vector<const AuditEntry*>& entries) {
  std::vector<std::string> lines;
  lines.push_back(fmt::format("{:<19}  {:<11} {:<12} {:<20} {:<14} {:>9}  {}", "END (UTC)",
                              "RESULT", "TARGET", "MODEL", "SERIAL", "SIZE", "IMAGE"));
  for (const auto* e : entries) {
    std::string end = field(*e, "time_end");
    if (end.size() >= 19) end = end.substr(0, 10) + " " + end.substr(11, 8);
    const std::string image = field(*e, "image");
    const auto slash = image.rfind('/');
    lines.push_back(fmt::format("{:<19}  {:<11} {:<12} {:<20.20} {:<14.14} {:>9}  {}", end,
                                field(*e, "result"), field(*e, "target"), field(*e, "model"),
                                field(*e, "serial"), size_text(field(*e, "size_bytes")),
                                slash == std::string::npos ? image : image.substr(slash + 1)));
  }
  lines.push_back(fmt::format("{} record(s)", entries.size()));
  return lines;
}

}  // namespace

int run_log(const CliOptions& o, Output& out) {
  static const std::regex kDate(R"(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?Z?)?)");
  if (o.since && !std::regex_match(*o.since, kDate)) {
    return out.error(
        Error{ErrorKind::kUsage, fmt::format("--since '{}': give a date as YYYY-MM-DD (UTC), or "
                                             "YYYY-MM-DDTHH:MM:SSZ",
                                             *o.since)});
  }
  const std::string path = audit_log_path(o.log);
  auto log = read_audit_log(path);
  if (!log) return out.error(log.error());
  for (const auto& w : log->warnings) print_line(err_out(), "stickwright: warning: {}", w);
  std::vector<const AuditEntry*> shown;
  for (const auto& e : log->entries) {
    // ISO 8601 UTC times sort as text; a bare date sorts before every time of that day.
    if (o.since && field(e, "time_start") < *o.since) continue;
    shown.push_back(&e);
  }
  if (o.csv) {
    write_text(stdout, csv_of(shown));
    return kExitOk;
  }
  if (log->entries.empty()) print_line(err_out(), "stickwright: no records in {}", path);
  for (const auto& line : table_of(shown)) print_line(stdout, "{}", line);
  return kExitOk;
}

}  // namespace sw::tui
