#include "writer/capacity_probe.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "platform/aligned_buffer.h"
#include "platform/random.h"

namespace sw::writer {
namespace {

constexpr char kMagic[8] = {'S', 'W', 'P', 'R', 'O', 'B', 'E', '1'};
constexpr std::size_t kHeaderBytes = 8 + 16 + 8 + 8;  // magic, nonce, offset, round
constexpr std::uint64_t kSweepPoints = 48;            // offsets spread over the announced size
constexpr std::uint64_t kSmallestWrap = 1024 * 1024;  // no stick wraps below 1 MiB
constexpr std::uint64_t kBisectionSteps = 24;         // enough up to 2 TiB; more are not counted

void put_u64(std::span<std::byte> b, std::size_t at, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) b[at + i] = static_cast<std::byte>(v >> (8 * i));
}

std::uint64_t get_u64(std::span<const std::byte> b, std::size_t at) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<std::uint64_t>(b[at + i]) << (8 * i);
  return v;
}

/// splitmix64: the filler of a stamped block, from its offset, round and the session's nonce.
std::uint64_t mix(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

Failure cancelled() { return fail(ErrorKind::kInterrupted, "the check was stopped"); }

}  // namespace

std::string_view stick_verdict_id(StickVerdict v) {
  switch (v) {
    case StickVerdict::kGenuine:
      return "genuine";
    case StickVerdict::kCounterfeit:
      return "counterfeit";
    case StickVerdict::kFailing:
      return "failing";
  }
  return "unknown";
}

CapacityProbe::CapacityProbe(platform::BlockDevice& dev, ProbeMode mode, std::uint32_t block_bytes)
    : m_dev(dev), m_mode(mode), m_block(block_bytes) {}

void CapacityProbe::stamp(std::uint64_t offset, std::uint64_t round,
                          std::span<std::byte> out) const {
  std::memcpy(out.data(), kMagic, sizeof kMagic);
  std::memcpy(out.data() + 8, m_nonce.data(), m_nonce.size());
  put_u64(out, 24, offset);
  put_u64(out, 32, round);
  std::uint64_t state = offset * 0x100000001B3ull ^ round ^ get_u64(out, 8) ^ get_u64(out, 16);
  for (std::size_t at = kHeaderBytes; at + 8 <= out.size(); at += 8) put_u64(out, at, mix(state));
}

std::vector<std::uint64_t> CapacityProbe::alias_offsets(std::uint64_t offset) const {
  std::vector<std::uint64_t> out;
  for (std::uint64_t p = kSmallestWrap; p <= offset; p *= 2) out.push_back(offset % p);
  for (const auto m : m_moduli) {
    if (m <= offset) out.push_back(offset % m);
  }
  for (auto& a : out) a -= a % m_block;
  std::sort(out.begin(), out.end(), std::greater<>());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  out.erase(std::remove(out.begin(), out.end(), offset), out.end());
  return out;
}

Result<void> CapacityProbe::save(std::uint64_t offset) {
  if (m_mode == ProbeMode::kDestructive || m_saved.count(offset) != 0) return ok();
  platform::AlignedBuffer buf(m_block);
  auto got = platform::read_full(m_dev, buf.span(), offset);
  if (!got) return got.failure();
  m_saved[offset].assign(buf.data(), buf.data() + m_block);
  return ok();
}

Result<void> CapacityProbe::write_stamp(std::uint64_t offset) {
  platform::AlignedBuffer buf(m_block);
  stamp(offset, m_round, buf.span());
  ++m_written;
  return platform::write_full(m_dev, buf.span(), offset);
}

Result<CapacityProbe::Reading> CapacityProbe::read_stamp(platform::BlockDevice& reader,
                                                         std::uint64_t offset) {
  platform::AlignedBuffer buf(m_block);
  auto got = platform::read_full(reader, buf.span(), offset);
  if (!got) return Reading{Seen::kUnreadable, 0};
  if (*got != m_block || std::memcmp(buf.data(), kMagic, sizeof kMagic) != 0 ||
      std::memcmp(buf.data() + 8, m_nonce.data(), m_nonce.size()) != 0) {
    return Reading{Seen::kLost, 0};
  }
  const auto at = get_u64(buf.span(), 24);
  const auto round = get_u64(buf.span(), 32);
  platform::AlignedBuffer expected(m_block);
  stamp(at, round, expected.span());
  if (std::memcmp(buf.data(), expected.data(), m_block) != 0) return Reading{Seen::kLost, 0};
  if (at == offset && round == m_round) return Reading{Seen::kOwn, 0};
  return Reading{Seen::kOther, at};
}

/// Writes a fresh stamp at `offset`, then at every place it would land on if the stick wrapped,
/// and reads `offset` back through a fresh reader: true when it holds its own stamp.
Result<bool> CapacityProbe::test_offset(std::uint64_t offset, ProbeResult& r) {
  ++m_round;
  const auto aliases = alias_offsets(offset);
  // Every block is saved before any of this test's writes: on a wrapping stick the first write
  // lands on one of the others.
  if (auto sv = save(offset); !sv) return sv.failure();
  for (const auto a : aliases) {
    if (auto sv = save(a); !sv) return sv.failure();
  }
  if (auto w = write_stamp(offset); !w) return w.failure();
  for (const auto a : aliases) {
    if (auto w = write_stamp(a); !w) return w.failure();
  }
  if (auto s = m_dev.sync(); !s) return s.failure();
  if (auto d = m_dev.drop_cache(); !d) return d.failure();
  auto reader = m_dev.open_verify_reader();
  if (!reader) return reader.failure();
  auto seen = read_stamp(**reader, offset);
  if (!seen) return seen.failure();
  switch (seen->seen) {
    case Seen::kOwn:
      return true;
    case Seen::kOther:
      if (seen->other_offset < offset) {
        const auto modulus = offset - seen->other_offset;
        if (std::find(m_moduli.begin(), m_moduli.end(), modulus) == m_moduli.end())
          m_moduli.push_back(modulus);
        r.fake = FakeKind::kWraps;
        if (!r.wrap_modulus || modulus < *r.wrap_modulus) r.wrap_modulus = modulus;
      }
      return false;
    case Seen::kLost:
    case Seen::kUnreadable:
      return false;
  }
  return false;
}

std::uint64_t CapacityProbe::max_steps() { return kSweepPoints + 1 + kBisectionSteps; }

Result<ProbeResult> CapacityProbe::run(const ProgressSink& sink, CancelToken cancel) {
  ProbeResult r;
  m_capacity = m_dev.capacity() - m_dev.capacity() % m_block;
  r.announced_bytes = m_dev.capacity();
  if (m_capacity < 2ull * m_block)
    return fail(ErrorKind::kTargetRefused, "the drive is too small to check");
  if (auto n = platform::fill_random(m_nonce); !n) return n.failure();
  // The sweep: offsets spread evenly from the start to the last block.
  std::vector<std::uint64_t> points;
  for (std::uint64_t i = 0; i < kSweepPoints; ++i) {
    const auto x = m_capacity / kSweepPoints * i;
    points.push_back(x - x % m_block);
  }
  points.push_back(m_capacity - m_block);
  ProgressEvent ev;
  ev.phase = Phase::kCheck;
  ev.total = max_steps();
  std::vector<bool> good;
  for (const auto x : points) {
    if (cancel.cancelled()) return cancelled();
    auto ok_here = test_offset(x, r);
    if (!ok_here) return ok_here.failure();
    good.push_back(*ok_here);
    ++ev.bytes;
    if (sink) sink(ev);
  }
  const auto first_bad = std::find(good.begin(), good.end(), false);
  r.blocks_written = m_written;
  if (first_bad == good.end()) {
    r.real_bytes = r.announced_bytes;
    return r;
  }
  const auto f = static_cast<std::size_t>(first_bad - good.begin());
  const bool all_bad_after = std::find(first_bad, good.end(), true) == good.end();
  if (!all_bad_after || f == 0) {
    // Lost here and there, kept further on: a failing stick, not a small one.
    r.verdict = StickVerdict::kFailing;
    for (std::size_t i = 0; i < good.size(); ++i) {
      if (!good[i]) r.bad_offsets.push_back(points[i]);
    }
    r.first_bad_offset = points[f];
    r.real_bytes = r.announced_bytes;
    return r;
  }
  // Counterfeit: the last good and the first bad offsets close in on where data stops.
  std::uint64_t lo = points[f - 1], hi = points[f];
  while (hi - lo > m_block) {
    if (cancel.cancelled()) return cancelled();
    auto mid = lo + (hi - lo) / 2;
    mid -= mid % m_block;
    if (mid <= lo) mid = lo + m_block;
    auto ok_here = test_offset(mid, r);
    if (!ok_here) return ok_here.failure();
    (*ok_here ? lo : hi) = mid;
    ev.bytes = std::min(ev.bytes + 1, ev.total);
    if (sink) sink(ev);
  }
  r.verdict = StickVerdict::kCounterfeit;
  if (r.fake == FakeKind::kNone) r.fake = FakeKind::kDropsWrites;
  r.real_bytes = hi;
  r.first_bad_offset = hi;
  r.blocks_written = m_written;
  ev.bytes = ev.total;
  ev.done = true;
  if (sink) sink(ev);
  return r;
}

Result<void> CapacityProbe::restore(std::uint64_t real_bytes) {
  if (m_mode == ProbeMode::kDestructive || m_saved.empty()) return ok();
  platform::AlignedBuffer buf(m_block);
  // Highest first: on a wrapping stick a high block lands on a low one, whose own data then
  // comes back last.
  for (auto it = m_saved.rbegin(); it != m_saved.rend(); ++it) {
    std::memcpy(buf.data(), it->second.data(), m_block);
    if (auto w = platform::write_full(m_dev, buf.span(), it->first); !w) return w;
  }
  if (auto s = m_dev.sync(); !s) return s;
  if (auto d = m_dev.drop_cache(); !d) return d;
  auto reader = m_dev.open_verify_reader();
  if (!reader) return reader.failure();
  for (const auto& [offset, data] : m_saved) {
    if (offset + m_block > real_bytes) break;
    auto got = platform::read_full(**reader, buf.span(), offset);
    if (!got) return got.failure();
    if (std::memcmp(buf.data(), data.data(), m_block) != 0) {
      return fail(ErrorKind::kVerifyFailed,
                  fmt::format("the check could not put back the data at byte {} of {}", offset,
                              m_dev.path()));
    }
  }
  return ok();
}

}  // namespace sw::writer
