#include "tui/screen/station_runner.h"

#include <fmt/format.h>

#include <map>
#include <mutex>

#include "platform/calendar.h"
#include "tui/audit_log.h"
#include "tui/drive_view.h"
#include "tui/exit_codes.h"
#include "tui/screen/station_screen.h"
#include "tui/screen/words.h"
#include "tui/words.h"
#include "writer/station/station_loop.h"

namespace sw::tui {
namespace {

/// The engine's event as values for the UI thread (its pointers live only during the call).
StationNews news_of(const writer::StationEvent& ev) {
  using K = writer::StationEvent::Kind;
  StationNews n;
  n.name = ev.name;
  if (ev.drive) {
    n.title = drive_title_and_size(*ev.drive);
  }
  switch (ev.kind) {
    case K::kPresent:
      n.kind = StationNews::Kind::kPresent;
      break;
    case K::kRefused:
      n.kind = StationNews::Kind::kRefused;
      n.reason = ev.reason;
      break;
    case K::kStarted:
      n.kind = StationNews::Kind::kStarted;
      break;
    case K::kFinished:
      n.kind = StationNews::Kind::kFinished;
      if (ev.report->error) {
        n.error = *ev.report->error;
        n.error->message = screen::error_text(*ev.report->error);
      }
      n.first_difference = ev.report->first_difference;
      break;
    case K::kRemoved:
      n.kind = StationNews::Kind::kRemoved;
      break;
  }
  return n;
}

}  // namespace

StationRunner::~StationRunner() {
  stop_sticks();
  if (m_thread.joinable()) m_thread.join();
}

void StationRunner::start(writer::WritePlan plan, writer::WriteRequest request) {
  m_plan = std::make_unique<writer::WritePlan>(std::move(plan));
  m_request = std::move(request);
  m_thread = std::thread([this] { run(); });
}

void StationRunner::run() {
  const writer::ProgressSink hash_sink = [this](const writer::ProgressEvent& ev) {
    m_mail.post([ev](AppState& s) { on_station_hash_progress(s, ev); });
  };
  const auto image = writer::hash_station_image(*m_plan, writer::steady_clock(), hash_sink,
                                                writer::CancelToken(&m_stop));
  if (image.report.error) {
    const auto why = screen::error_text(*image.report.error);
    m_mail.post([why](AppState& s) { on_station_hashed(s, why); });
    return;
  }
  m_mail.post([](AppState& s) { on_station_hashed(s, std::nullopt); });
  std::mutex mutex;  // the sticks' threads log and look up start times at once
  std::map<std::size_t, std::int64_t> started;
  writer::StationSetup setup;
  setup.plan = m_plan.get();
  setup.request = m_request;
  writer::StationHooks hooks;
  hooks.on_event = [&](const writer::StationEvent& ev) {
    auto n = news_of(ev);
    if (ev.kind == writer::StationEvent::Kind::kFinished) {
      std::lock_guard lock(mutex);
      n.log_note = log_write(m_log, *ev.target, *ev.report, started[ev.stick]);
      if (n.log_note.empty()) n.log_note = verified_today_note(m_log);
    }
    m_mail.post([n = std::move(n)](AppState& s) mutable { on_station_news(s, std::move(n)); });
  };
  hooks.sink_for = [&](std::size_t stick, const std::string& path) -> writer::ProgressSink {
    {
      std::lock_guard lock(mutex);
      started[stick] = platform::unix_now();
    }
    const std::string name = path.substr(path.rfind('/') + 1);
    return [this, name](const writer::ProgressEvent& ev) {
      StationNews n;
      n.kind = StationNews::Kind::kProgress;
      n.name = name;
      n.progress = ev;
      m_mail.post([n = std::move(n)](AppState& s) mutable { on_station_news(s, std::move(n)); });
    };
  };
  hooks.stop_watching = [this] { return m_stop.load(); };
  hooks.stop_sticks = [this] { return m_cancel.load(); };
  const auto summary = writer::run_station(image, setup, hooks);
  m_mail.post([stopped = summary.sticks_stopped](AppState& s) { on_station_stopped(s, stopped); });
}

}  // namespace sw::tui
