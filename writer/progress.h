#pragma once
/// Progress events: the engine reports, front ends render. The clock is injected so tests
/// control time.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

namespace sw::writer {

/// The phases of a write job, in order.
/// kPrepare: work on the verified image before writing it (Windows mode: splitting install.wim,
/// taking out the UEFI boot manager); most writes skip it.
enum class Phase {
  kHash,
  kPrepare,
  kWrite,
  kSync,
  kVerify,
  kCheck,  ///< a stick's capacity and speed check (stickwright check), before any write
  kRead,   ///< a drive read into an image (stickwright read); its second read is kVerify
};

/// Lower-case phase name as used in JSON ("hash", "prepare", "write", "sync", "verify", "check",
/// "read").
std::string_view phase_name(Phase phase);

/// One progress report.
struct ProgressEvent {
  Phase phase = Phase::kHash;
  std::uint64_t bytes = 0;
  std::uint64_t total = 0;
  double bytes_per_second = 0;        ///< average over the phase so far
  std::optional<double> eta_seconds;  ///< none until a rate is known
  double elapsed_seconds = 0;
  bool done = false;  ///< the phase has finished
};

/// Receives progress events; called on the thread that runs the job.
using ProgressSink = std::function<void(const ProgressEvent&)>;

/// A monotonic clock. Several targets' passes read it at once (run_multi_write_job): now() must
/// be safe to call from several threads.
class Clock {
 public:
  virtual ~Clock() = default;
  /// Time since an arbitrary epoch.
  virtual std::chrono::nanoseconds now() const = 0;
};

/// std::chrono::steady_clock behind the Clock interface.
class SteadyClock final : public Clock {
 public:
  std::chrono::nanoseconds now() const override;
};

/// The process-wide steady clock.
const Clock& steady_clock();

/// Tracks one phase: turns byte counts into events with rate, ETA and elapsed time.
class ProgressMeter {
 public:
  ProgressMeter(Phase phase, std::uint64_t total, const Clock& clock, const ProgressSink& sink);
  /// Reports `bytes` done so far.
  void update(std::uint64_t bytes);
  /// Reports the phase finished; returns its duration in seconds.
  double finish();
  double elapsed_seconds() const;

 private:
  ProgressEvent make_event(std::uint64_t bytes) const;
  Phase m_phase;
  std::uint64_t m_total;
  const Clock& m_clock;
  const ProgressSink& m_sink;
  std::chrono::nanoseconds m_start;
  std::uint64_t m_bytes = 0;
};

/// Lets a front end or a signal handler stop a job at the next block boundary.
class CancelToken {
 public:
  CancelToken() = default;
  explicit CancelToken(const std::atomic<bool>* flag) : m_flag(flag) {}
  bool cancelled() const { return m_flag != nullptr && m_flag->load(); }

 private:
  const std::atomic<bool>* m_flag = nullptr;
};

}  // namespace sw::writer
