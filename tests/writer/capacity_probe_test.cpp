#include "writer/capacity_probe.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "writer/stick_check.h"

using namespace sw;
using namespace sw::writer;

namespace {

constexpr std::size_t kMiB = 1024 * 1024;  // the fake sticks hold their real part in memory

/// What the emulated stick does past its real size.
enum class Past { kNothing, kWraps, kDrops };

/// A stick that announces more than it holds: memory of `real` bytes behind an announced
/// capacity; past `real` it wraps (address modulo real) or drops writes (reads give zeros).
/// `bad` blocks lose what is written to them. Verify readers share the medium.
struct FakeMedium {
  std::uint64_t announced = 0;
  std::size_t real = 0;  ///< bytes in memory
  Past past = Past::kNothing;
  std::set<std::uint64_t> bad;  ///< 4 KiB block indexes that keep zeros
  std::vector<std::byte> bytes;
};

class FakeStick final : public platform::BlockDevice {
 public:
  explicit FakeStick(std::shared_ptr<FakeMedium> m) : m_m(std::move(m)) {}
  const std::string& path() const override { return m_path; }
  std::uint64_t capacity() const override { return m_m->announced; }
  std::uint32_t write_granularity() const override { return 512; }
  platform::WriteMode write_mode() const override { return platform::WriteMode::kDirect; }
  Result<std::size_t> read_at(std::span<std::byte> buf, std::uint64_t offset) override {
    for (std::size_t i = 0; i < buf.size(); ++i) {
      const auto at = where(offset + i);
      buf[i] = at ? m_m->bytes[*at] : std::byte{0};
    }
    return buf.size();
  }
  Result<std::size_t> write_at(std::span<const std::byte> buf, std::uint64_t offset) override {
    for (std::size_t i = 0; i < buf.size(); ++i) {
      if (m_m->bad.count((offset + i) / 4096) != 0) continue;
      if (const auto at = where(offset + i)) m_m->bytes[*at] = buf[i];
    }
    ++writes;
    return buf.size();
  }
  Result<void> sync() override { return ok(); }
  Result<void> drop_cache() override { return ok(); }
  Result<std::unique_ptr<platform::BlockDevice>> open_verify_reader() override {
    return std::unique_ptr<platform::BlockDevice>(std::make_unique<FakeStick>(m_m));
  }
  std::string cache_bypass() const override { return "memory"; }
  int writes = 0;

 private:
  /// Where a byte of the announced range lives in memory; none when it is dropped.
  std::optional<std::size_t> where(std::uint64_t at) const {
    if (at < m_m->real) return static_cast<std::size_t>(at);
    if (m_m->past == Past::kWraps) return static_cast<std::size_t>(at % m_m->real);
    return std::nullopt;
  }
  std::shared_ptr<FakeMedium> m_m;
  std::string m_path = "/dev/fake";
};

/// A medium filled with a pattern that tells every byte apart.
std::shared_ptr<FakeMedium> medium(std::uint64_t announced, std::size_t real, Past past) {
  auto m = std::make_shared<FakeMedium>();
  m->announced = announced;
  m->real = real;
  m->past = past;
  m->bytes.resize(real);
  for (std::size_t i = 0; i < m->bytes.size(); ++i) {
    m->bytes[i] = static_cast<std::byte>((i * 131 + i / 4096) & 0xFF);
  }
  return m;
}

ProbeResult probe(const std::shared_ptr<FakeMedium>& m, ProbeMode mode = ProbeMode::kKeepData) {
  FakeStick dev(m);
  CapacityProbe p(dev, mode);
  auto r = p.run({}, {});
  REQUIRE(r);
  REQUIRE(p.restore(r->real_bytes));
  return *r;
}

}  // namespace

TEST_CASE("capacity probe: a genuine stick (of a size that is no power of two) is genuine") {
  for (const std::size_t size : {256 * kMiB, std::size_t{118'737'655}}) {
    INFO("size " << size);
    auto m = medium(size, size, Past::kNothing);
    const auto before = m->bytes;
    const auto r = probe(m);
    CHECK(r.verdict == StickVerdict::kGenuine);
    CHECK(r.real_bytes == size);
    CHECK_FALSE(r.first_bad_offset);
    CHECK(m->bytes == before);  // every block written was put back
    CHECK(r.blocks_written < 2000);
  }
}

TEST_CASE("capacity probe: a stick that wraps at 128 MiB of an announced 1 GiB") {
  auto m = medium(1024 * kMiB, 128 * kMiB, Past::kWraps);
  const auto before = m->bytes;
  const auto r = probe(m);
  CHECK(r.verdict == StickVerdict::kCounterfeit);
  CHECK(r.fake == FakeKind::kWraps);
  CHECK(r.real_bytes == 128 * kMiB);
  CHECK(r.wrap_modulus == 128 * kMiB);
  CHECK(r.announced_bytes == 1024 * kMiB);
  CHECK(m->bytes == before);  // the real blocks got their data back, high ones first
}

TEST_CASE("capacity probe: a 64 GiB fake holding 8 GiB: found with a bounded block count") {
  // The real part is emulated sparsely: only the blocks touched are kept.
  class SparseWrap final : public platform::BlockDevice {
   public:
    const std::string& path() const override { return m_path; }
    std::uint64_t capacity() const override { return 64ull << 30; }
    std::uint32_t write_granularity() const override { return 512; }
    platform::WriteMode write_mode() const override { return platform::WriteMode::kDirect; }
    Result<std::size_t> read_at(std::span<std::byte> buf, std::uint64_t offset) override {
      const auto it = m_blocks->find((offset % (8ull << 30)) / 4096);
      if (it == m_blocks->end()) {
        std::fill(buf.begin(), buf.end(), std::byte{0});
      } else {
        std::memcpy(buf.data(), it->second.data(), buf.size());
      }
      return buf.size();
    }
    Result<std::size_t> write_at(std::span<const std::byte> buf, std::uint64_t offset) override {
      (*m_blocks)[(offset % (8ull << 30)) / 4096].assign(buf.begin(), buf.end());
      return buf.size();
    }
    Result<void> sync() override { return ok(); }
    Result<void> drop_cache() override { return ok(); }
    Result<std::unique_ptr<platform::BlockDevice>> open_verify_reader() override {
      auto r = std::make_unique<SparseWrap>();
      r->m_blocks = m_blocks;
      return std::unique_ptr<platform::BlockDevice>(std::move(r));
    }
    std::string cache_bypass() const override { return "memory"; }
    std::shared_ptr<std::map<std::uint64_t, std::vector<std::byte>>> m_blocks =
        std::make_shared<std::map<std::uint64_t, std::vector<std::byte>>>();

   private:
    std::string m_path = "/dev/fake64";
  } dev;
  CapacityProbe p(dev, ProbeMode::kDestructive);
  auto r = p.run({}, {});
  REQUIRE(r);
  CHECK(r->verdict == StickVerdict::kCounterfeit);
  CHECK(r->real_bytes == (8ull << 30));
  CHECK(r->blocks_written < 3000);  // about 12 MiB of I/O, whatever the capacity
}

TEST_CASE("capacity probe: a stick that drops writes past 100 MiB (not a power of two)") {
  auto m = medium(1024 * kMiB, 100 * kMiB, Past::kDrops);
  const auto r = probe(m);
  CHECK(r.verdict == StickVerdict::kCounterfeit);
  CHECK(r.fake == FakeKind::kDropsWrites);
  CHECK(r.real_bytes == 100 * kMiB);
  CHECK(r.first_bad_offset == 100 * kMiB);
}

TEST_CASE("capacity probe: a few bad blocks among good ones: failing, with the first") {
  auto m = medium(512 * kMiB, 512 * kMiB, Past::kNothing);
  // The sweep's 10th offset (512 MiB / 48 * 10, in 4 KiB blocks) loses what is written.
  const std::uint64_t bad = (512 * kMiB / 48 * 10) / 4096;
  m->bad = {bad};
  const auto r = probe(m);
  CHECK(r.verdict == StickVerdict::kFailing);
  REQUIRE(r.first_bad_offset);
  CHECK(*r.first_bad_offset == bad * 4096);
  CHECK(r.bad_offsets.size() == 1);
}

TEST_CASE("capacity probe: destructive mode saves nothing; keep-data mode bounds its memory") {
  auto m = medium(256 * kMiB, 256 * kMiB, Past::kNothing);
  FakeStick dev(m);
  CapacityProbe destructive(dev, ProbeMode::kDestructive);
  REQUIRE(destructive.run({}, {}));
  CHECK(destructive.saved_bytes() == 0);
  CapacityProbe keep(dev, ProbeMode::kKeepData);
  REQUIRE(keep.run({}, {}));
  CHECK(keep.saved_bytes() > 0);
  CHECK(keep.saved_bytes() < 8 * kMiB);
}

TEST_CASE("capacity probe: stopped, it says so; what it saved is still put back") {
  auto m = medium(256 * kMiB, 256 * kMiB, Past::kNothing);
  const auto before = m->bytes;
  FakeStick dev(m);
  CapacityProbe p(dev, ProbeMode::kKeepData);
  std::atomic<bool> stop{false};
  int events = 0;
  auto r = p.run(
      [&](const ProgressEvent&) {
        if (++events == 5) stop = true;
      },
      CancelToken(&stop));
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::kInterrupted);
  REQUIRE(p.restore(m->announced));
  CHECK(m->bytes == before);
}

TEST_CASE("stick check: progress counts steps to the end, and the stick is given back unchanged") {
  for (const auto past : {Past::kNothing, Past::kWraps}) {
    const std::size_t real = past == Past::kNothing ? 256 * kMiB : 64 * kMiB;
    auto m = medium(256 * kMiB, real, past);
    const auto before = m->bytes;
    FakeStick dev(m);
    std::vector<ProgressEvent> events;
    CheckRequest rq;
    rq.sink = [&](const ProgressEvent& ev) { events.push_back(ev); };
    const auto c = check_stick(dev, rq);
    REQUIRE(c);
    CHECK(c->probe.verdict ==
          (past == Past::kNothing ? StickVerdict::kGenuine : StickVerdict::kCounterfeit));
    CHECK(c->bad.has_value() == (past != Past::kNothing));
    CHECK(c->speed_bytes == std::min<std::uint64_t>(64 * kMiB, real / 4));
    CHECK(m->bytes == before);
    REQUIRE(events.size() > 10);
    std::uint64_t last = 0;
    for (const auto& ev : events) {
      CHECK(ev.phase == Phase::kCheck);
      CHECK(ev.total == events.front().total);
      CHECK(ev.bytes >= last);  // never goes back
      CHECK(ev.bytes <= ev.total);
      last = ev.bytes;
    }
    CHECK(events.back().done);
    CHECK(events.back().bytes == events.back().total);
    // The speed passes are counted: four passes of 4 MiB chunks after the probe's steps (on
    // the genuine stick, that is the whole total).
    const auto counted = CapacityProbe::max_steps() + 4 * (c->speed_bytes >> 22);
    CHECK(std::any_of(events.begin(), events.end(),
                      [&](const ProgressEvent& ev) { return ev.bytes == counted && !ev.done; }));
    if (past == Past::kNothing) CHECK(counted == events.back().total);
  }
}
