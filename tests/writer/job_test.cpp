#include "writer/job.h"

#include <doctest/doctest.h>

#include <atomic>
#include <cstring>

#include "support/fake_clock.h"
#include "support/memory_device.h"
#include "writer/pipeline.h"

using namespace sw;
using namespace sw::writer;
using sw::test::MemoryDevice;
using sw::test::MemoryMedium;
using sw::test::MemorySource;

namespace {

constexpr std::size_t kMiB = 1024 * 1024;

/// A job over a memory image and a memory target of `capacity` bytes filled with 0xEE.
struct Fixture {
  explicit Fixture(std::vector<std::byte> image, std::size_t capacity = 16 * kMiB,
                   std::uint32_t granularity = 512)
      : source(image), medium(std::make_shared<MemoryMedium>()), copy(std::move(image)) {
    medium->bytes.assign(capacity, std::byte{0xEE});
    job.source = &source;
    job.expected =
        ExpectedHash{Algorithm::kSha256, digest_hex(Algorithm::kSha256, image_bytes()), "test"};
    job.target =
        TargetSpec{"memdev", capacity, granularity,
                   [this, granularity]() -> Result<std::unique_ptr<platform::BlockDevice>> {
                     ++opens;
                     return std::unique_ptr<platform::BlockDevice>(
                         std::make_unique<MemoryDevice>(medium, granularity));
                   }};
    job.clock = &clock;
    job.sink = [this](const ProgressEvent& ev) { events.push_back(ev); };
  }
  /// The image as it was given (the source keeps its own copy, which tests may change).
  std::span<const std::byte> image_bytes() const { return copy; }
  bool target_holds_image() const {
    return std::memcmp(medium->bytes.data(), copy.data(), copy.size()) == 0;
  }
  bool target_untouched() const {
    for (auto b : medium->bytes) {
      if (b != std::byte{0xEE}) return false;
    }
    return true;
  }
  MemorySource source;
  std::shared_ptr<MemoryMedium> medium;
  std::vector<std::byte> copy;
  test::FakeClock clock;
  std::vector<ProgressEvent> events;
  int opens = 0;
  WriteJob job;
};

}  // namespace

TEST_CASE("job: hash, write and verify a memory image") {
  Fixture f(test::pattern_bytes(9 * kMiB + 123));
  const auto r = run_write_job(f.job);
  REQUIRE_MESSAGE(!r.error, (r.error ? r.error->message : ""));
  CHECK(r.hash_matched);
  CHECK(r.verified);
  CHECK(r.bytes_written == 9 * kMiB + 123);
  CHECK(f.target_holds_image());
  CHECK(f.medium->syncs >= 1);
  CHECK(f.medium->cache_drops == 1);
  CHECK(f.medium->readers_opened == 1);
  CHECK_FALSE(f.medium->unaligned_write_seen);
}

TEST_CASE("job: hash mismatch writes nothing and never opens the target") {
  Fixture f(test::pattern_bytes(1 * kMiB));
  f.job.expected->hex[0] = f.job.expected->hex[0] == '0' ? '1' : '0';
  const auto r = run_write_job(f.job);
  REQUIRE(r.error);
  CHECK(r.error->kind == ErrorKind::kHashMismatch);
  CHECK(r.error->message.find(f.job.expected->hex) != std::string::npos);    // expected digest
  CHECK(r.error->message.find(r.actual_expected_alg) != std::string::npos);  // actual digest
  CHECK(f.opens == 0);
  CHECK_FALSE(r.target_opened);
  CHECK(f.target_untouched());
}

TEST_CASE("job: an md5 expected hash is checked in md5, the result still carries sha256") {
  Fixture f(test::pattern_bytes(1000));
  f.job.expected = ExpectedHash{Algorithm::kMd5, digest_hex(Algorithm::kMd5, f.image_bytes()), "t"};
  const auto r = run_write_job(f.job);
  REQUIRE_FALSE(r.error);
  CHECK(r.sha256 == digest_hex(Algorithm::kSha256, f.image_bytes()));
}

TEST_CASE("job: no expected hash is refused unless unverified is allowed") {
  Fixture f(test::pattern_bytes(4096));
  f.job.expected.reset();
  f.job.hash_notes = {"SHA256SUMS has no entry"};
  auto refused = run_write_job(f.job);
  REQUIRE(refused.error);
  CHECK(refused.error->kind == ErrorKind::kNoExpectedHash);
  CHECK(refused.error->message.find("SHA256SUMS has no entry") != std::string::npos);
  CHECK(f.opens == 0);
  f.job.hash_policy = HashPolicy::kAllowUnverified;
  auto allowed = run_write_job(f.job);
  REQUIRE_FALSE(allowed.error);
  CHECK(allowed.verified);  // read-back still proves the drive holds the (unverified) image
  CHECK(f.target_holds_image());
}

TEST_CASE("job: odd sizes are padded to the sector and verified over exactly the image") {
  for (std::size_t size : {std::size_t{1}, std::size_t{511}, std::size_t{512}, 4 * kMiB + 1}) {
    CAPTURE(size);
    Fixture f(test::pattern_bytes(size, static_cast<std::uint32_t>(size)));
    const auto r = run_write_job(f.job);
    REQUIRE_MESSAGE(!r.error, (r.error ? r.error->message : ""));
    CHECK(r.verified);
    CHECK(f.target_holds_image());
    CHECK_FALSE(f.medium->unaligned_write_seen);
    const std::size_t padded = (size + 511) / 512 * 512;
    for (std::size_t i = size; i < padded; ++i) CHECK(f.medium->bytes[i] == std::byte{0});
    if (padded < f.medium->bytes.size()) CHECK(f.medium->bytes[padded] == std::byte{0xEE});
  }
}

TEST_CASE("job: an image larger than the target is refused before anything is read or written") {
  Fixture f(test::pattern_bytes(2 * kMiB + 1), 2 * kMiB);
  const auto r = run_write_job(f.job);
  REQUIRE(r.error);
  CHECK(r.error->kind == ErrorKind::kTargetRefused);
  CHECK(f.opens == 0);
  CHECK(f.target_untouched());
  CHECK(f.events.empty());  // not even hashed
}

TEST_CASE("job: an image that fits only before padding is refused") {
  Fixture f(test::pattern_bytes(1000), 1000, 512);
  const auto r = run_write_job(f.job);
  REQUIRE(r.error);
  CHECK(r.error->kind == ErrorKind::kTargetRefused);
}

TEST_CASE("job: EIO on write fails with the offset and the path, never as verified") {
  Fixture f(test::pattern_bytes(10 * kMiB));
  f.medium->faults.eio_write_at = 5 * kMiB + 7;
  const auto r = run_write_job(f.job);
  REQUIRE(r.error);
  CHECK(r.error->kind == ErrorKind::kTargetIo);
  CHECK(r.error->message.find("Input/output error") != std::string::npos);
  CHECK(r.error->message.find("at byte 4194304") != std::string::npos);  // the failing block
  CHECK(r.error->message.find("memdev") != std::string::npos);
  CHECK(r.error->message.find("incomplete") != std::string::npos);
  CHECK_FALSE(r.verified);
  CHECK(r.bytes_written == 4 * kMiB);
}

TEST_CASE("job: short writes and EINTR are retried to completion") {
  Fixture f(test::pattern_bytes(6 * kMiB + 3));
  f.medium->faults.max_bytes_per_write = 512 * 3;
  f.medium->faults.eintr_writes = 3;
  f.medium->faults.eintr_reads = 2;
  const auto r = run_write_job(f.job);
  REQUIRE_MESSAGE(!r.error, (r.error ? r.error->message : ""));
  CHECK(r.verified);
  CHECK(f.target_holds_image());
  CHECK(f.medium->writes > 1000);
}

TEST_CASE("job: ENOSPC from the device is an I/O error naming no space") {
  Fixture f(test::pattern_bytes(6 * kMiB));
  f.medium->faults.enospc_at = 5 * kMiB;
  const auto r = run_write_job(f.job);
  REQUIRE(r.error);
  CHECK(r.error->kind == ErrorKind::kTargetIo);
  CHECK(r.error->message.find("No space left on device") != std::string::npos);
  CHECK_FALSE(r.verified);
}

TEST_CASE("job: a device that accepts zero bytes is reported as full, not looped on") {
  Fixture f(test::pattern_bytes(6 * kMiB));
  f.medium->faults.zero_write_at = 4 * kMiB;
  const auto r = run_write_job(f.job);
  REQUIRE(r.error);
  CHECK(r.error->kind == ErrorKind::kTargetIo);
  CHECK(r.error->message.find("No space left on device") != std::string::npos);
}

TEST_CASE("job: a flipped bit on read-back fails verification and names the offset") {
  Fixture f(test::pattern_bytes(7 * kMiB));
  f.medium->faults.flip_bit_at = 6 * kMiB + 4321;
  const auto r = run_write_job(f.job);
  REQUIRE(r.error);
  CHECK(r.error->kind == ErrorKind::kVerifyFailed);
  REQUIRE(r.first_difference.has_value());
  CHECK(*r.first_difference == 6 * kMiB + 4321);
  CHECK(r.error->message.find(std::to_string(6 * kMiB + 4321)) != std::string::npos);
  CHECK_FALSE(r.verified);
}

TEST_CASE(
    "job: without read-back, a source that changes after the hash check is caught while writing") {
  Fixture f(test::pattern_bytes(5 * kMiB));
  f.job.verify_policy = VerifyPolicy::kSkip;
  f.source.on_rewind = [](int n, std::vector<std::byte>& bytes) {
    if (n == 2) bytes[3 * kMiB] ^= std::byte{0x40};
  };
  const auto r = run_write_job(f.job);
  REQUIRE(r.error);
  CHECK(r.error->kind == ErrorKind::kVerifyFailed);
  CHECK(r.error->message.find("changed after its hash was checked") != std::string::npos);
}

TEST_CASE("job: a source that changes after the hash check never ends as verified") {
  Fixture f(test::pattern_bytes(5 * kMiB));
  f.source.on_rewind = [](int n, std::vector<std::byte>& bytes) {
    if (n == 2) bytes[3 * kMiB] ^= std::byte{0x40};  // the write pass reads tampered bytes
  };
  const auto r = run_write_job(f.job);
  REQUIRE(r.error);
  CHECK(r.error->kind == ErrorKind::kVerifyFailed);
  CHECK(r.error->message.find("changed after its hash was checked") != std::string::npos);
  CHECK_FALSE(r.verified);
}

TEST_CASE("job: stopping during the write syncs what was written and reports incomplete") {
  Fixture f(test::pattern_bytes(12 * kMiB));
  std::atomic<bool> stop{false};
  f.job.cancel = CancelToken(&stop);
  f.job.sink = [&](const ProgressEvent& ev) {
    if (ev.phase == Phase::kWrite && ev.bytes >= 4 * kMiB) stop = true;
  };
  const auto r = run_write_job(f.job);
  REQUIRE(r.error);
  CHECK(r.error->kind == ErrorKind::kInterrupted);
  CHECK(r.error->message.find("incomplete") != std::string::npos);
  CHECK(r.bytes_written < 12 * kMiB);
  CHECK(f.medium->syncs >= 1);
  CHECK_FALSE(r.verified);
}

TEST_CASE("job: stopping during the hash writes nothing") {
  Fixture f(test::pattern_bytes(12 * kMiB));
  std::atomic<bool> stop{false};
  f.job.cancel = CancelToken(&stop);
  f.job.sink = [&](const ProgressEvent& ev) {
    if (ev.phase == Phase::kHash && ev.bytes > 0) stop = true;
  };
  const auto r = run_write_job(f.job);
  REQUIRE(r.error);
  CHECK(r.error->kind == ErrorKind::kInterrupted);
  CHECK(r.error->message.find("nothing was written") != std::string::npos);
  CHECK(f.opens == 0);
}

TEST_CASE("job: progress goes hash, write, sync, verify, each ending done") {
  Fixture f(test::pattern_bytes(9 * kMiB));
  const auto r = run_write_job(f.job);
  REQUIRE_FALSE(r.error);
  std::vector<Phase> done_phases;
  Phase last = Phase::kHash;
  for (const auto& ev : f.events) {
    CHECK(static_cast<int>(ev.phase) >= static_cast<int>(last));  // never goes back
    last = ev.phase;
    CHECK(ev.bytes <= ev.total);
    if (ev.done) done_phases.push_back(ev.phase);
  }
  CHECK(done_phases ==
        std::vector<Phase>{Phase::kHash, Phase::kWrite, Phase::kSync, Phase::kVerify});
  CHECK(f.events.back().bytes == 9 * kMiB);
}

TEST_CASE("job: --no-verify skips the read-back and says so") {
  Fixture f(test::pattern_bytes(1 * kMiB));
  f.job.verify_policy = VerifyPolicy::kSkip;
  const auto r = run_write_job(f.job);
  REQUIRE_FALSE(r.error);
  CHECK_FALSE(r.verified);
  CHECK(f.medium->readers_opened == 0);
  CHECK(f.target_holds_image());
}

TEST_CASE("verify job: compares a target with the image and locates a difference") {
  Fixture f(test::pattern_bytes(3 * kMiB));
  std::memcpy(f.medium->bytes.data(), f.copy.data(), f.copy.size());
  VerifyJob v;
  v.source = &f.source;
  v.expected = f.job.expected;
  v.clock = &f.clock;
  v.open_reader = [&]() -> Result<std::unique_ptr<platform::BlockDevice>> {
    return std::unique_ptr<platform::BlockDevice>(
        std::make_unique<MemoryDevice>(f.medium, 512, true));
  };
  auto good = run_verify_job(v);
  REQUIRE_FALSE(good.error);
  CHECK(good.verified);
  f.medium->bytes[12345] ^= std::byte{0x80};
  auto bad = run_verify_job(v);
  REQUIRE(bad.error);
  CHECK(bad.error->kind == ErrorKind::kVerifyFailed);
  CHECK(bad.first_difference == std::optional<std::uint64_t>(12345));
}

TEST_CASE("job: EIO while reading the target back is an I/O error, never verified") {
  Fixture f(test::pattern_bytes(6 * kMiB));
  f.medium->faults.eio_read_at = 5 * kMiB;
  const auto r = run_write_job(f.job);
  REQUIRE(r.error);
  CHECK(r.error->kind == ErrorKind::kTargetIo);
  CHECK(r.error->message.find("Input/output error") != std::string::npos);
  CHECK_FALSE(r.verified);
}

TEST_CASE("job: an image that becomes unreadable while hashing writes nothing") {
  Fixture f(test::pattern_bytes(6 * kMiB));
  f.source.fail_read_at = 5 * kMiB;
  const auto r = run_write_job(f.job);
  REQUIRE(r.error);
  CHECK(r.error->kind == ErrorKind::kInput);
  CHECK(f.opens == 0);
  CHECK(f.target_untouched());
}

TEST_CASE("job: an image that becomes unreadable while writing is reported incomplete") {
  Fixture f(test::pattern_bytes(6 * kMiB));
  f.source.on_rewind = [&f](int n, std::vector<std::byte>&) {
    if (n == 2) f.source.fail_read_at = 5 * kMiB;
  };
  const auto r = run_write_job(f.job);
  REQUIRE(r.error);
  CHECK(r.error->kind == ErrorKind::kInput);
  CHECK(r.error->message.find("incomplete") != std::string::npos);
  CHECK_FALSE(r.verified);
}

TEST_CASE("job: the final block's padding is zeros even when its buffer held earlier data") {
  // More blocks than ring buffers, so the last block reuses a buffer that held image bytes.
  const std::size_t size = (kRingBuffers + 1) * kBlockBytes + 100;
  Fixture f(test::pattern_bytes(size, 7), size + kMiB);
  const auto r = run_write_job(f.job);
  REQUIRE_FALSE(r.error);
  for (std::size_t i = size; i < size + 412; ++i) REQUIRE(f.medium->bytes[i] == std::byte{0});
}

TEST_CASE("job: a stale backup GPT header in the last sector is cleared, and said") {
  Fixture f(test::pattern_bytes(1 * kMiB), 8 * kMiB);
  const std::size_t last = 8 * kMiB - 512;
  std::memcpy(f.medium->bytes.data() + last, "EFI PART", 8);
  const auto r = run_write_job(f.job);
  REQUIRE_FALSE(r.error);
  for (std::size_t i = last; i < last + 512; ++i) REQUIRE(f.medium->bytes[i] == std::byte{0});
  REQUIRE(r.notes.size() == 1);
  CHECK(r.notes[0].find("stale backup GPT") != std::string::npos);
  CHECK(r.notes[0].find(std::to_string(last)) != std::string::npos);
}

TEST_CASE("job: the last sector is left alone without a GPT header, or when the image reaches it") {
  Fixture plain(test::pattern_bytes(1 * kMiB), 8 * kMiB);
  const auto r = run_write_job(plain.job);
  REQUIRE_FALSE(r.error);
  CHECK(r.notes.empty());
  CHECK(plain.medium->bytes[8 * kMiB - 1] == std::byte{0xEE});
  // An image that fills the drive writes its own last sector, which may well be a GPT header.
  auto image = test::pattern_bytes(2 * kMiB);
  std::memcpy(image.data() + 2 * kMiB - 512, "EFI PART", 8);
  Fixture full(image, 2 * kMiB);
  const auto r2 = run_write_job(full.job);
  REQUIRE_FALSE(r2.error);
  CHECK(std::memcmp(full.medium->bytes.data() + 2 * kMiB - 512, "EFI PART", 8) == 0);
  CHECK(r2.notes.empty());
}

TEST_CASE("job: a drive that disappears mid-write (ENODEV) fails as an I/O error, incomplete") {
  struct GoneDevice final : public platform::BlockDevice {
    explicit GoneDevice(std::shared_ptr<MemoryMedium> m) : inner(std::move(m), 512) {}
    const std::string& path() const override { return inner.path(); }
    std::uint64_t capacity() const override { return inner.capacity(); }
    std::uint32_t write_granularity() const override { return 512; }
    platform::WriteMode write_mode() const override { return platform::WriteMode::kDirect; }
    Result<std::size_t> read_at(std::span<std::byte> b, std::uint64_t o) override {
      return inner.read_at(b, o);
    }
    Result<std::size_t> write_at(std::span<const std::byte> b, std::uint64_t o) override {
      if (o >= 2 * kMiB)
        return fail(Error::from_errno(ErrorKind::kTargetIo, "cannot write to", "memdev", ENODEV));
      return inner.write_at(b, o);
    }
    Result<void> sync() override {
      return fail(Error::from_errno(ErrorKind::kTargetIo, "cannot flush", "memdev", ENODEV));
    }
    Result<void> drop_cache() override { return ok(); }
    Result<std::unique_ptr<platform::BlockDevice>> open_verify_reader() override {
      return inner.open_verify_reader();
    }
    std::string cache_bypass() const override { return "memory"; }
    MemoryDevice inner;
  };
  Fixture f(test::pattern_bytes(6 * kMiB));
  f.job.target.open_for_write = [&f]() -> Result<std::unique_ptr<platform::BlockDevice>> {
    return std::unique_ptr<platform::BlockDevice>(std::make_unique<GoneDevice>(f.medium));
  };
  const auto r = run_write_job(f.job);
  REQUIRE(r.error);
  CHECK(r.error->kind == ErrorKind::kTargetIo);
  CHECK(r.error->message.find("No such device") != std::string::npos);
  CHECK(r.error->message.find("unplugged") != std::string::npos);
  CHECK_FALSE(r.verified);
}
