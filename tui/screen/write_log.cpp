#include "tui/screen/write_log.h"

#include <fmt/format.h>

#include "platform/calendar.h"
#include "platform/files.h"
#include "tui/audit_log.h"

namespace sw::tui {

std::string log_write(const WriteLogContext& c, const writer::PlannedTarget& t,
                      const writer::JobReport& report, std::int64_t time_start) {
  if (!report.target_opened) return {};
  const AuditContext ctx{platform::real_path(c.image).value_or(c.image),
                         t.spec.path,
                         t.drive ? &t.drive->target.drive : nullptr,
                         time_start,
                         platform::unix_now(),
                         c.version};
  if (auto logged = append_audit_record(audit_log_path(c.log), audit_record(report, ctx));
      !logged) {
    return "The audit log was not written: " + logged.error().message;
  }
  return {};
}

std::string verified_today_note(const WriteLogContext& c) {
  const std::string path = audit_log_path(c.log);
  auto log = read_audit_log(path);
  if (!log) return {};
  return fmt::format("Sticks verified today on this machine: {} (log: {})",
                     verified_today(*log, platform::unix_now()), path);
}

std::string log_writes(const WriteLogContext& c, const writer::WritePlan& plan,
                       const writer::MultiReport& report, std::int64_t time_start) {
  std::string note;
  bool any_opened = false;
  for (std::size_t i = 0; i < report.targets.size() && i < plan.targets.size(); ++i) {
    any_opened = any_opened || report.targets[i].target_opened;
    if (auto failed = log_write(c, plan.targets[i], report.targets[i], time_start);
        !failed.empty()) {
      note = std::move(failed);
    }
  }
  if (!note.empty() || !any_opened) return note;
  return verified_today_note(c);
}

}  // namespace sw::tui
