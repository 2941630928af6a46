#pragma once
/// The drive screen's tools at work: a stick's check (writer::check_stick, non-destructive) and
/// restoring a stick (writer::restore::restore_drive), on a thread of their own; what they find
/// reaches the UI thread through the mailbox, and a restore gets its audit-log record.

#include <atomic>
#include <thread>
#include <vector>

#include "platform/drives.h"
#include "platform/sysroot.h"
#include "tui/screen/mailbox.h"
#include "tui/screen/write_log.h"

namespace sw::tui {

class DriveToolRunner {
 public:
  DriveToolRunner(Mailbox& mail, platform::Sysroot root, WriteLogContext log)
      : m_mail(mail), m_root(std::move(root)), m_log(std::move(log)) {}
  /// Stops what runs (a check puts its blocks back first) and waits for it.
  ~DriveToolRunner() { wait(true); }
  DriveToolRunner(const DriveToolRunner&) = delete;
  DriveToolRunner& operator=(const DriveToolRunner&) = delete;

  /// Checks `drives` (as the user chose them) one after another, keeping their data.
  void check(std::vector<platform::Drive> drives, bool allow_non_removable);
  /// Restores `drive` (as the user chose it) to a normal FAT32 stick.
  void restore(platform::Drive drive, bool allow_non_removable);
  /// Asks what runs to stop.
  void stop() { m_cancel = true; }

 private:
  /// Waits for the thread (stopping it first when `stop`).
  void wait(bool stop);

  Mailbox& m_mail;
  platform::Sysroot m_root;
  WriteLogContext m_log;
  std::atomic<bool> m_cancel{false};
  std::thread m_thread;
};

}  // namespace sw::tui
