#pragma once
/// The terminal UI's audit-log records: one per drive a write opened, and the result screen's
/// line about the log. Called on the worker thread, from values copied before it started.

#include <cstdint>
#include <optional>
#include <string>

#include "writer/job.h"
#include "writer/multi_job.h"
#include "writer/plan/write_plan.h"

namespace sw::tui {

/// What every record of the UI's writes shares.
struct WriteLogContext {
  std::string image;               ///< the image as chosen (its real path is logged)
  std::optional<std::string> log;  ///< --log FILE, else tui::audit_log_path's default
  std::string version;             ///< stickwright's
};

/// Appends the record of target `t`'s write when the drive was opened; returns why the log was
/// not written, or nothing.
std::string log_write(const WriteLogContext& c, const writer::PlannedTarget& t,
                      const writer::JobReport& report, std::int64_t time_start);

/// The result screen's line about the log: the sticks verified today on this machine.
std::string verified_today_note(const WriteLogContext& c);

/// One record per target of a write of several drives that was opened (as the command line
/// does); returns the result screen's line: why the log was not written, or the sticks verified
/// today; nothing when no drive was opened.
std::string log_writes(const WriteLogContext& c, const writer::WritePlan& plan,
                       const writer::MultiReport& report, std::int64_t time_start);

}  // namespace sw::tui
