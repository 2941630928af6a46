#pragma once
/// Station mode's worker: on a thread of its own, the image's hash pass once, then
/// writer::run_station; every event reaches the UI thread through the mailbox as StationNews,
/// and every stick gets its audit-log record.

#include <atomic>
#include <memory>
#include <thread>

#include "tui/screen/mailbox.h"
#include "tui/screen/write_log.h"
#include "writer/plan/write_plan.h"

namespace sw::tui {

class StationRunner {
 public:
  StationRunner(Mailbox& mail, WriteLogContext log) : m_mail(mail), m_log(std::move(log)) {}
  /// Stops the station and the sticks being written, and waits for them.
  ~StationRunner();
  StationRunner(const StationRunner&) = delete;
  StationRunner& operator=(const StationRunner&) = delete;

  /// Starts the station over `plan` (the image, its mode and checks; no targets); `request`
  /// judges each stick plugged in, as a write judges its target.
  void start(writer::WritePlan plan, writer::WriteRequest request);
  /// No new sticks; the ones being written finish (a hash pass in progress stops).
  void stop_watching() { m_stop = true; }
  /// No new sticks, and the ones being written stop (they are left unusable).
  void stop_sticks() {
    m_stop = true;
    m_cancel = true;
  }

 private:
  void run();

  Mailbox& m_mail;
  WriteLogContext m_log;
  std::unique_ptr<writer::WritePlan> m_plan;
  writer::WriteRequest m_request;
  std::atomic<bool> m_stop{false}, m_cancel{false};
  std::thread m_thread;
};

}  // namespace sw::tui
