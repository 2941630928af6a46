#include "tui/audit_log.h"

#include <fmt/format.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "platform/calendar.h"
#include "platform/config_dirs.h"
#include "platform/files.h"
#include "platform/session.h"
#include "tui/authenticity_view.h"
#include "tui/exit_codes.h"
#include "tui/json.h"
#include "writer/readback_digest.h"

namespace sw::tui {
namespace {

/// A log is read whole; a shop's log of many thousand sticks is a few MiB.
constexpr std::size_t kMaxLogBytes = 256 * 1024 * 1024;

std::string_view result_word(const writer::JobReport& r) {
  if (!r.error) return r.verified ? "verified" : "written";
  return r.error->kind == ErrorKind::kInterrupted ? "interrupted" : "failed";
}

std::string expected_words(const writer::JobReport& r) {
  if (!r.expected) return {};
  return fmt::format("{} {}{}", writer::algorithm_name(r.expected->algorithm),
                     r.expected->given() ? "given by the user" : "from " + r.expected->source,
                     r.hash_matched ? fmt::format(", matched {}", writer::match_text(r.matched_on))
                                    : std::string(", not matched"));
}

double rate_mb_s(std::uint64_t bytes, double seconds) {
  return seconds > 0 ? static_cast<double>(bytes) / seconds / 1e6 : 0.0;
}

void add_drive(JsonObject& o, const AuditContext& c) {
  const platform::Drive* d = c.drive;
  o.add_or_null("vendor", d ? d->vendor : "");
  o.add_or_null("model", d ? d->model : "");
  o.add_or_null("serial", d ? d->serial : "");
  if (d) {
    o.add("size_bytes", d->size_bytes).add("transport", platform::transport_name(d->transport));
  } else {
    o.add_raw("size_bytes", "null").add_raw("transport", "null");
  }
}

std::string text_of(const nlohmann::json& v) {
  if (v.is_null()) return {};
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

}  // namespace

std::string audit_log_path(const std::optional<std::string>& given) {
  if (given) return *given;
  if (const char* env = std::getenv("STICKWRIGHT_LOG"); env != nullptr && env[0] != '\0') {
    return env;
  }
  const std::string dir = platform::state_dir();
  return dir.empty() ? std::string() : dir + "/writes.jsonl";
}

const std::vector<std::string_view>& audit_fields() {
  static const std::vector<std::string_view> fields = {"time_start",
                                                       "time_end",
                                                       "host",
                                                       "stickwright_version",
                                                       "image",
                                                       "image_bytes",
                                                       "image_sha256",
                                                       "expected_source",
                                                       "authenticity",
                                                       "mode",
                                                       "target",
                                                       "vendor",
                                                       "model",
                                                       "serial",
                                                       "size_bytes",
                                                       "transport",
                                                       "result",
                                                       "exit_code",
                                                       "bytes_written",
                                                       "write_mb_s",
                                                       "verify_mb_s",
                                                       "readback_digest",
                                                       "first_difference",
                                                       "message"};
  return fields;
}

std::string audit_record(const writer::JobReport& r, const AuditContext& c) {
  JsonObject o;
  o.add("time_start", platform::utc_iso(c.time_start))
      .add("time_end", platform::utc_iso(c.time_end))
      .add("host", platform::host_name())
      .add("stickwright_version", c.version)
      .add("image", c.image)
      .add("image_bytes", r.image_bytes);
  o.add_or_null("image_sha256", r.sha256);
  o.add_or_null("expected_source", expected_words(r));
  o.add("authenticity", writer::auth_status_id(r.authenticity.status))
      .add("mode", writer::write_mode_id(r.mode))
      .add("target", c.target);
  add_drive(o, c);
  o.add("result", result_word(r))
      .add("exit_code", static_cast<std::uint64_t>(r.error ? exit_code_for(r.error->kind) : 0))
      .add("bytes_written", r.bytes_written)
      .add("write_mb_s", rate_mb_s(r.bytes_written, r.write_seconds + r.sync_seconds))
      .add("verify_mb_s", r.verified ? rate_mb_s(r.image_bytes, r.verify_seconds) : 0.0);
  o.add_or_null("readback_digest",
                r.readback_digest.empty()
                    ? std::string()
                    : fmt::format("{}:{}", writer::kReadbackDigestName, r.readback_digest));
  if (r.first_difference) {
    o.add("first_difference", *r.first_difference);
  } else {
    o.add_raw("first_difference", "null");
  }
  o.add_or_null("message", r.error ? r.error->message : "");
  return o.str();
}

Result<void> append_audit_record(const std::string& path, const std::string& record) {
  if (path.empty()) {
    return fail(ErrorKind::kInput, "no place for the audit log (neither HOME nor XDG_STATE_HOME)");
  }
  if (const auto slash = path.rfind('/'); slash != std::string::npos && slash > 0) {
    if (auto made = platform::make_directories(path.substr(0, slash)); !made) return made;
  }
  return platform::append_line_synced(path, record + "\n");
}

Result<AuditLog> read_audit_log(const std::string& path) {
  AuditLog log;
  auto text = platform::read_small_file(path, kMaxLogBytes, ErrorKind::kInput);
  if (!text) {
    if (text.error().sys_errno == ENOENT) return log;
    return text.failure();
  }
  std::size_t pos = 0, line_no = 0;
  while (pos < text->size()) {
    const auto nl = text->find('\n', pos);
    const std::string_view line(text->data() + pos,
                                (nl == std::string::npos ? text->size() : nl) - pos);
    pos = nl == std::string::npos ? text->size() : nl + 1;
    ++line_no;
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("time_start")) {
      log.warnings.push_back(fmt::format(
          "line {} of {} is not a record (damaged or cut short); skipped", line_no, path));
      continue;
    }
    AuditEntry e;
    for (const auto& [k, v] : j.items()) e[k] = text_of(v);
    log.entries.push_back(std::move(e));
  }
  return log;
}

std::size_t verified_today(const AuditLog& log, std::int64_t now) {
  const auto today = platform::local_time(now);
  if (!today) return 0;
  std::size_t n = 0;
  for (const auto& e : log.entries) {
    const auto result = e.find("result");
    const auto end = e.find("time_end");
    if (result == e.end() || result->second != "verified" || end == e.end()) continue;
    const auto t = platform::parse_utc_iso(end->second);
    const auto local = t ? platform::local_time(*t) : std::nullopt;
    if (local && local->year == today->year && local->day_of_year == today->day_of_year) ++n;
  }
  return n;
}

}  // namespace sw::tui
