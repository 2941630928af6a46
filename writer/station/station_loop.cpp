#include "writer/station/station_loop.h"

#include <atomic>
#include <list>
#include <thread>

#include "writer/station/station_tracker.h"

namespace sw::writer {
namespace {

/// One stick being written, or written.
struct StickRun {
  std::size_t stick = 0;
  std::string name;
  PlannedTarget target;
  JobReport report;
  std::atomic<bool> done{false};
  std::thread thread;
};

class StationLoop {
 public:
  StationLoop(const StationImage& image, const StationSetup& setup, const StationHooks& hooks)
      : m_image(image), m_setup(setup), m_hooks(hooks) {}

  StationSummary run();

 private:
  std::vector<platform::BlockEntry> look() const;
  void wait() const;
  void emit(const StationEvent& ev) const {
    if (m_hooks.on_event) m_hooks.on_event(ev);
  }
  StationEvent event(StationEvent::Kind kind, const std::string& name) const;
  /// Polls the front end's stop_sticks; once true, every stick in progress is stopped.
  bool stopping_sticks();
  bool watching();
  void on_arrived(const std::string& name);
  void start(const std::string& name, PlannedTarget target);
  bool all_done() const;

  const StationImage& m_image;
  const StationSetup& m_setup;
  const StationHooks& m_hooks;
  std::list<StickRun> m_runs;  // a list: each run's address is its thread's for good
  std::atomic<bool> m_cancel{false};
};

std::vector<platform::BlockEntry> StationLoop::look() const {
  if (m_setup.look) return m_setup.look();
  return platform::list_block_entries(m_setup.request.root);
}

void StationLoop::wait() const {
  if (m_setup.wait) return m_setup.wait(m_setup.poll);
  std::this_thread::sleep_for(m_setup.poll);
}

StationEvent StationLoop::event(StationEvent::Kind kind, const std::string& name) const {
  StationEvent ev;
  ev.kind = kind;
  ev.name = name;
  ev.path = "/dev/" + name;
  if (kind != StationEvent::Kind::kRemoved) {
    const auto& root = m_setup.request.root;
    ev.drive = platform::describe_drive(root, name, platform::read_system_state(root));
  }
  return ev;
}

bool StationLoop::stopping_sticks() {
  if (!m_cancel && m_hooks.stop_sticks && m_hooks.stop_sticks()) m_cancel = true;
  return m_cancel;
}

bool StationLoop::watching() {
  if (stopping_sticks()) return false;
  if (m_hooks.stop_watching && m_hooks.stop_watching()) return false;
  return !m_setup.count || m_runs.size() < *m_setup.count;
}

void StationLoop::on_arrived(const std::string& name) {
  auto ev = event(StationEvent::Kind::kRefused, name);
  // Another kind of disk is never a stick, whatever the other rules say: say so in those words.
  if (ev.drive && !is_station_drive(*ev.drive)) {
    ev.reason = *station_refusal(*ev.drive, {}, m_setup.rules);
    return emit(ev);
  }
  WriteRequest request = m_setup.request;
  request.allow_non_removable = false;  // the station writes sticks and SD cards only
  auto planned =
      plan_target(request, TargetRequest{ev.path, std::nullopt}, m_setup.plan->mode.mode);
  if (!planned) {
    ev.reason = planned.error().message;
    return emit(ev);
  }
  if (!planned->drive) {
    ev.reason = "is not a drive";
    return emit(ev);
  }
  const auto& t = planned->drive->target;
  if (auto why = station_refusal(t.drive, t.eligibility, m_setup.rules)) {
    ev.reason = *why;
    return emit(ev);
  }
  if (auto fits = check_fits(m_image.report.image_bytes, planned->spec); !fits) {
    ev.reason = fits.error().message;
    return emit(ev);
  }
  start(name, std::move(*planned));
}

void StationLoop::start(const std::string& name, PlannedTarget target) {
  auto& run = m_runs.emplace_back();
  run.stick = m_runs.size() - 1;
  run.name = name;
  run.target = std::move(target);
  auto ev = event(StationEvent::Kind::kStarted, name);
  ev.stick = run.stick;
  ev.target = &run.target;
  ProgressSink sink = m_hooks.sink_for ? m_hooks.sink_for(run.stick, ev.path) : ProgressSink{};
  WriteJob job = make_job(*m_setup.plan, run.target, std::move(sink), CancelToken(&m_cancel));
  job.clock = m_setup.clock;
  emit(ev);
  run.thread = std::thread([this, &run, job = std::move(job), ev]() mutable {
    run.report = write_stick(job, m_image);
    ev.kind = StationEvent::Kind::kFinished;
    ev.report = &run.report;
    emit(ev);
    run.done = true;
  });
}

bool StationLoop::all_done() const {
  for (const auto& r : m_runs) {
    if (!r.done) return false;
  }
  return true;
}

StationSummary StationLoop::run() {
  const auto at_start = look();
  InsertionTracker tracker(at_start);
  // The sticks there now are never written: each is named, so nobody waits for it.
  for (const auto& e : at_start) {
    if (e.size_bytes == 0) continue;
    auto ev = event(StationEvent::Kind::kPresent, e.name);
    if (ev.drive && is_station_drive(*ev.drive)) emit(ev);
  }
  // Watch: removals are reported; arrivals are written while watching, ignored after.
  bool watch = true;
  while (true) {
    watch = watch && watching();
    if (!watch && all_done()) break;
    if (!watch) stopping_sticks();
    wait();
    for (const auto& change : tracker.update(look())) {
      if (change.kind == InsertionKind::kRemoved) {
        emit(event(StationEvent::Kind::kRemoved, change.name));
      } else if (watch && watching()) {
        on_arrived(change.name);
      }
    }
  }
  StationSummary out;
  for (auto& r : m_runs) {
    r.thread.join();
    ++out.sticks;
    ++(r.report.error ? out.failed : out.verified);
  }
  out.sticks_stopped = m_cancel;
  return out;
}

}  // namespace

StationSummary run_station(const StationImage& image, const StationSetup& setup,
                           const StationHooks& hooks) {
  StationLoop loop(image, setup, hooks);
  return loop.run();
}

}  // namespace sw::writer
