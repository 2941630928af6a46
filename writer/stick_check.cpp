#include "writer/stick_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstring>

#include "platform/aligned_buffer.h"

namespace sw::writer {
namespace {

constexpr std::size_t kChunk = 4 * 1024 * 1024;

double seconds_since(const Clock& clock, std::chrono::nanoseconds start) {
  return std::chrono::duration<double>(clock.now() - start).count();
}

double mb_per_s(std::uint64_t bytes, double seconds) {
  return seconds > 0 ? static_cast<double>(bytes) / seconds / 1e6 : 0.0;
}

/// The region the speeds are measured on: at most a quarter of the stick, in whole chunks, and
/// no more than asked for (a memory size, so the smaller of the two is one too).
std::size_t speed_region(std::size_t wanted, std::uint64_t real_bytes) {
  return static_cast<std::size_t>(
      std::min<std::uint64_t>(wanted, (real_bytes / 4) & ~std::uint64_t{kChunk - 1}));
}

/// The check's progress in steps: the probe's (CapacityProbe::max_steps), then one per chunk
/// each speed pass moves. The speed region is not known before the probe ends: the total counts
/// the most it can be.
class Steps {
 public:
  Steps(const CheckRequest& rq, std::uint64_t announced)
      : m_total(CapacityProbe::max_steps() +
                passes(rq.mode) * chunks(speed_region(rq.speed_bytes, announced))),
        m_meter(Phase::kCheck, m_total, *rq.clock, rq.sink) {}
  /// The probe's events, as steps of the whole check.
  ProgressSink probe_sink() {
    return [this](const ProgressEvent& ev) { m_meter.update(m_done = ev.bytes); };
  }
  /// The probe ended: the speed passes count from its last possible step.
  void probe_ended() { m_meter.update(m_done = CapacityProbe::max_steps()); }
  void chunk() { m_meter.update(++m_done); }
  /// The check ended (a counterfeit stick's speed region is smaller than the total counted).
  void finish() {
    m_meter.update(m_total);
    m_meter.finish();
  }

 private:
  static std::uint64_t passes(ProbeMode mode) { return mode == ProbeMode::kKeepData ? 4 : 2; }
  static std::uint64_t chunks(std::uint64_t len) { return (len + kChunk - 1) / kChunk; }
  std::uint64_t m_total;
  ProgressMeter m_meter;
  std::uint64_t m_done = 0;
};

/// Reads `len` bytes at 0 through `reader` into `out` (or only times it when `out` is empty).
Result<void> read_region(platform::BlockDevice& reader, std::uint64_t len,
                         std::vector<std::byte>* out, CancelToken cancel, Steps& steps) {
  platform::AlignedBuffer buf(kChunk);
  for (std::uint64_t at = 0; at < len; at += kChunk) {
    if (cancel.cancelled()) return fail(ErrorKind::kInterrupted, "the check was stopped");
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, len - at));
    auto got = platform::read_full(reader, buf.span().first(n), at);
    if (!got) return got.failure();
    if (out != nullptr) out->insert(out->end(), buf.data(), buf.data() + n);
    steps.chunk();
  }
  return ok();
}

/// Writes `len` bytes at 0: `data` when given, else a pattern.
Result<void> write_region(platform::BlockDevice& dev, std::uint64_t len,
                          const std::vector<std::byte>* data, Steps& steps) {
  platform::AlignedBuffer buf(kChunk);
  for (std::size_t i = 0; i < kChunk; ++i) buf.data()[i] = static_cast<std::byte>(i * 7 + 1);
  for (std::uint64_t at = 0; at < len; at += kChunk) {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, len - at));
    if (data != nullptr) std::memcpy(buf.data(), data->data() + at, n);
    if (auto w = platform::write_full(dev, buf.span().first(n), at); !w) return w;
    steps.chunk();
  }
  return dev.sync();
}

/// The speeds, on [0, len): read (and keep) it, write a pattern, put it back and read it back.
Result<void> measure_speed(platform::BlockDevice& dev, const CheckRequest& rq, std::size_t len,
                           StickCheck& out, Steps& steps) {
  const Clock& clock = *rq.clock;
  std::vector<std::byte> saved;
  if (rq.mode == ProbeMode::kKeepData) saved.reserve(len);
  if (auto d = dev.drop_cache(); !d) return d;
  auto reader = dev.open_verify_reader();
  if (!reader) return reader.failure();
  auto start = clock.now();
  const bool keep = rq.mode == ProbeMode::kKeepData;
  if (auto r = read_region(**reader, len, keep ? &saved : nullptr, rq.cancel, steps); !r) return r;
  out.read_mb_s = mb_per_s(len, seconds_since(clock, start));
  start = clock.now();
  if (auto w = write_region(dev, len, nullptr, steps); !w) return w;
  out.write_mb_s = mb_per_s(len, seconds_since(clock, start));
  out.speed_bytes = len;
  if (!keep) return ok();
  if (auto w = write_region(dev, len, &saved, steps); !w) return w;
  if (auto d = dev.drop_cache(); !d) return d;
  auto again = dev.open_verify_reader();
  if (!again) return again.failure();
  std::vector<std::byte> back;
  back.reserve(len);
  if (auto r = read_region(**again, len, &back, {}, steps); !r) return r;
  if (back != saved) {
    return fail(
        ErrorKind::kVerifyFailed,
        fmt::format("the check could not put back the first {} bytes of {}", len, dev.path()));
  }
  return ok();
}

/// A size as sticks are sold: "64.0 GB", or "134 MB" under a gigabyte.
std::string gb(std::uint64_t bytes) {
  const auto b = static_cast<double>(bytes);
  return b < 1e9 ? fmt::format("{:.0f} MB", b / 1e6) : fmt::format("{:.1f} GB", b / 1e9);
}

}  // namespace

Result<StickCheck> check_stick(platform::BlockDevice& dev, const CheckRequest& rq) {
  StickCheck out;
  const auto start = rq.clock->now();
  CapacityProbe probe(dev, rq.mode);
  Steps steps(rq, dev.capacity());
  auto r = probe.run(steps.probe_sink(), rq.cancel);
  // What the probe overwrote is put back even when it was stopped or failed.
  const auto real = r ? r->real_bytes : dev.capacity();
  if (auto back = probe.restore(real); !back) return back.failure();
  if (!r) return r.failure();
  out.probe = *r;
  const std::size_t len = speed_region(rq.speed_bytes, out.probe.real_bytes);
  steps.probe_ended();
  if (len != 0) {
    if (auto s = measure_speed(dev, rq, len, out, steps); !s) return s.failure();
  }
  steps.finish();
  out.seconds = seconds_since(*rq.clock, start);
  out.bad = bad_stick_error(dev.path(), out.probe);
  return out;
}

std::optional<Error> bad_stick_error(const std::string& target, const ProbeResult& r) {
  switch (r.verdict) {
    case StickVerdict::kGenuine:
      return std::nullopt;
    case StickVerdict::kCounterfeit:
      return Error{ErrorKind::kBadStick,
                   fmt::format("{} is counterfeit: it announces {}, holds {}: writing past {} is "
                               "lost ({})",
                               target, gb(r.announced_bytes), gb(r.real_bytes), gb(r.real_bytes),
                               r.fake == FakeKind::kWraps ? "it wraps around to its start"
                                                          : "it drops what is written there")};
    case StickVerdict::kFailing:
      return Error{ErrorKind::kBadStick,
                   fmt::format("{} is failing: {} of the blocks checked lost what was written, the "
                               "first at byte {}",
                               target, r.bad_offsets.size(), r.first_bad_offset.value_or(0))};
  }
  return std::nullopt;
}

}  // namespace sw::writer
