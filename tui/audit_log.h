#pragma once
/// The audit log: one JSON object per line for every stick written (by `write` or the terminal
/// UI), so that a shop can tell which stick got which image, when, and whether it verified.
/// Written with one O_APPEND write per record and fdatasync (platform::append_line_synced).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/drives.h"
#include "platform/result.h"
#include "writer/job.h"

namespace sw::tui {

/// Where records go: `given` (--log FILE), else $STICKWRIGHT_LOG, else writes.jsonl in
/// platform::state_dir() ($XDG_STATE_HOME/stickwright, or /var/log/stickwright for root);
/// empty when there is nowhere to put it.
std::string audit_log_path(const std::optional<std::string>& given);

/// What a record says besides the job's report.
struct AuditContext {
  std::string image;
  std::string target;                         ///< the path written
  const platform::Drive* drive = nullptr;     ///< the drive as planned; null for a regular file
  std::int64_t time_start = 0, time_end = 0;  ///< seconds since 1970 (UTC)
  std::string version;                        ///< stickwright's
};

/// The record's fields, in the order they are written and listed (CSV columns).
const std::vector<std::string_view>& audit_fields();

/// The record of one write as a line of JSON (without the newline): time_start, time_end, host,
/// stickwright_version, image, image_bytes, image_sha256, expected_source, authenticity, mode,
/// target, vendor, model, serial, size_bytes, transport, result (verified, written, failed,
/// interrupted), exit_code, bytes_written, write_mb_s, verify_mb_s, readback_digest,
/// first_difference, message.
std::string audit_record(const writer::JobReport& r, const AuditContext& c);

/// Appends a record to `path`, creating its directory. The caller warns on failure: the stick
/// itself is not affected.
Result<void> append_audit_record(const std::string& path, const std::string& record);

/// One record as read back: each field's value as text ("" for null).
using AuditEntry = std::map<std::string, std::string, std::less<>>;

/// The records of a log, and warnings for lines that are no record (a damaged last line).
struct AuditLog {
  std::vector<AuditEntry> entries;
  std::vector<std::string> warnings;
};

/// Reads a log. A missing file is an empty log; an unreadable one an error.
Result<AuditLog> read_audit_log(const std::string& path);


/// Of `log`, the records with result "verified" that ended today (local time) at `now`.
std::size_t verified_today(const AuditLog& log, std::int64_t now);

}  // namespace sw::tui
