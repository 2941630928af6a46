#include "writer/progress.h"

namespace sw::writer {

std::string_view phase_name(Phase phase) {
  switch (phase) {
    case Phase::kHash:
      return "hash";
    case Phase::kPrepare:
      return "prepare";
    case Phase::kWrite:
      return "write";
    case Phase::kSync:
      return "sync";
    case Phase::kVerify:
      return "verify";
    case Phase::kCheck:
      return "check";
    case Phase::kRead:
      return "read";
  }
  return "unknown";
}

std::chrono::nanoseconds SteadyClock::now() const {
  return std::chrono::steady_clock::now().time_since_epoch();
}

const Clock& steady_clock() {
  static const SteadyClock clock;
  return clock;
}

ProgressMeter::ProgressMeter(Phase phase, std::uint64_t total, const Clock& clock,
                             const ProgressSink& sink)
    : m_phase(phase), m_total(total), m_clock(clock), m_sink(sink), m_start(clock.now()) {
  if (m_sink) m_sink(make_event(0));
}

double ProgressMeter::elapsed_seconds() const {
  return std::chrono::duration<double>(m_clock.now() - m_start).count();
}

ProgressEvent ProgressMeter::make_event(std::uint64_t bytes) const {
  ProgressEvent ev;
  ev.phase = m_phase;
  ev.bytes = bytes;
  ev.total = m_total;
  ev.elapsed_seconds = elapsed_seconds();
  if (ev.elapsed_seconds > 0 && bytes > 0) {
    ev.bytes_per_second = static_cast<double>(bytes) / ev.elapsed_seconds;
    if (m_total >= bytes)
      ev.eta_seconds = static_cast<double>(m_total - bytes) / ev.bytes_per_second;
  }
  return ev;
}

void ProgressMeter::update(std::uint64_t bytes) {
  m_bytes = bytes;
  if (m_sink) m_sink(make_event(bytes));
}

double ProgressMeter::finish() {
  ProgressEvent ev = make_event(m_bytes);
  ev.done = true;
  ev.eta_seconds = 0;
  if (m_sink) m_sink(ev);
  return ev.elapsed_seconds;
}

}  // namespace sw::writer
