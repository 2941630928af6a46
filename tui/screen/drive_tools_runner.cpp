#include "tui/screen/drive_tools_runner.h"

#include <fmt/format.h>

#include "platform/calendar.h"
#include "tui/audit_log.h"
#include "tui/screen/app_logic.h"
#include "tui/screen/drive_tools.h"
#include "tui/words.h"
#include "writer/plan/write_plan.h"
#include "writer/restore/restore_job.h"
#include "writer/stick_check.h"

namespace sw::tui {
namespace {

namespace rs = writer::restore;

/// Opens the planned drive and checks it, keeping its data.
Result<writer::StickCheck> check_one(const writer::PlannedTarget& t, writer::ProgressSink sink,
                                     writer::CancelToken cancel) {
  auto dev = t.spec.open_for_write();
  if (!dev) return dev.failure();
  writer::CheckRequest rq;
  rq.mode = writer::ProbeMode::kKeepData;
  rq.sink = std::move(sink);
  rq.cancel = cancel;
  return writer::check_stick(**dev, rq);
}

/// What a restored stick holds, in words.
std::string restored_words(const rs::RestoreReport& r) {
  return fmt::format(
      "One FAT32 partition labelled {} of {} from 1 MiB; {} signatures found by libblkid were "
      "wiped; what was written was read back with O_DIRECT and verified.",
      kRestoreLabel, format_bytes(r.layout.partition_bytes), r.signatures_found);
}

}  // namespace

void DriveToolRunner::wait(bool stop) {
  if (!m_thread.joinable()) return;
  if (stop) m_cancel = true;
  m_thread.join();
}

void DriveToolRunner::check(std::vector<platform::Drive> drives, bool allow_non_removable) {
  wait(true);
  m_cancel = false;
  m_thread = std::thread([this, drives = std::move(drives), allow_non_removable] {
    for (std::size_t i = 0; i < drives.size() && !m_cancel; ++i) {
      const writer::ProgressSink sink = [this, i](const writer::ProgressEvent& ev) {
        m_mail.post([i, ev](AppState& s) { on_check_progress(s, i, ev); });
      };
      auto t = writer::plan_drive_target(m_root, {drives[i].path, drives[i]}, allow_non_removable);
      auto r = t ? check_one(*t, sink, writer::CancelToken(&m_cancel))
                 : Result<writer::StickCheck>(t.failure());
      m_mail.post([i, r = std::move(r)](AppState& s) { on_check_done(s, i, r); });
    }
    m_mail.post([](AppState& s) { on_checks_finished(s); });
  });
}

void DriveToolRunner::restore(platform::Drive drive, bool allow_non_removable) {
  wait(true);
  m_cancel = false;
  m_thread = std::thread([this, drive = std::move(drive), allow_non_removable] {
    const writer::ProgressSink sink = [this](const writer::ProgressEvent& ev) {
      m_mail.post([ev](AppState& s) { on_write_progress(s, ev); });
    };
    const auto done = [this](writer::JobReport report, std::string words, std::string note) {
      m_mail.post([report = std::move(report), words = std::move(words),
                   note = std::move(note)](AppState& s) mutable {
        on_restore_done(s, std::move(report), std::move(words), std::move(note));
      });
    };
    auto refused = [&](const Error& e) {
      writer::JobReport report;
      report.mode = writer::WriteMode::kRestore;
      report.error = e;
      done(std::move(report), {}, {});
    };
    auto t = writer::plan_drive_target(m_root, {drive.path, drive}, allow_non_removable);
    if (!t) return refused(t.error());
    auto request = rs::new_restore_request(rs::FsKind::kFat32, kRestoreLabel);
    if (!request) return refused(request.error());
    const writer::PassContext ctx{writer::steady_clock(), sink, writer::CancelToken(&m_cancel)};
    const auto time_start = platform::unix_now();
    const auto report = rs::restore_drive(t->spec, writer::node_path(*t), *request, ctx);
    auto job = rs::job_report(report);
    std::string note = log_write(m_log, *t, job, time_start);
    done(std::move(job), report.error ? std::string() : restored_words(report), std::move(note));
  });
}

}  // namespace sw::tui
