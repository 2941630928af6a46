#include "writer/windows/stick_source.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "platform/process.h"
#include "support/in_memory.h"
#include "support/memory_device.h"
#include "support/skip.h"
#include "support/temp_dir.h"
#include "writer/multi_job.h"

using namespace sw;
using namespace sw::writer;
namespace fs = std::filesystem;

namespace {

/// Whether the ISO holds efi/boot/bootx64.efi.
enum class Bootx64 { kAbsent, kPresent };

/// A small Windows-like ISO made with genisoimage -udf (bootmgr, sources/install.wim, one file
/// with a date of its own); none, with the reason printed as a skip, when a tool is missing.
std::optional<std::string> make_iso(const test::TempDir& dir, Bootx64 bootx64 = Bootx64::kAbsent) {
  for (const char* tool : {"genisoimage", "grub-mkimage"}) {
    if (!platform::find_system_program(tool)) {
      SW_SKIP(tool << " is missing (scripts/test installs it)");
      return std::nullopt;
    }
  }
  const auto tree = dir.path() / "tree";
  fs::create_directories(tree / "sources");
  dir.write("tree/bootmgr", std::string(3000, 'b'));
  dir.write("tree/sources/install.wim", std::string(200000, 'w'));
  dir.write("tree/dated.txt", "dated");
  if (bootx64 == Bootx64::kPresent) {
    fs::create_directories(tree / "efi" / "boot");
    dir.write("tree/efi/boot/bootx64.efi", std::string(4096, 'e'));
  }
  const auto dated = tree / "dated.txt";
  // 2009-07-14 03:52:11 UTC
  fs::last_write_time(dated, fs::file_time_type::clock::from_sys(
                                 std::chrono::sys_seconds(std::chrono::seconds(1247543531))));
  const auto iso = (dir.path() / "w.iso").string();
  auto r = platform::run_program(
      {"genisoimage", "-quiet", "-udf", "-V", "TESTWIN", "-o", iso, tree.string()},
      ErrorKind::kInput);
  // The tool is there, so its failure is a failure of the test, not a reason to skip.
  if (!r) FAIL("genisoimage failed: " << r.error().message);
  return iso;
}

/// Reads the whole stream.
Result<std::vector<std::byte>> read_all(Source& s) {
  std::vector<std::byte> out(test::in_memory(s.size()));
  std::size_t at = 0;
  while (at < out.size()) {
    auto n = s.read(std::span(out).subspan(at, std::min<std::size_t>(1 << 20, out.size() - at)));
    if (!n) return n.failure();
    if (*n == 0) break;
    at += *n;
  }
  out.resize(at);
  return out;
}

}  // namespace

TEST_CASE("stick source: the stream is the planned size, the same twice, dates from the ISO") {
  test::TempDir dir;
  const auto iso = make_iso(dir);
  if (!iso) return;
  auto s = WindowsStickSource::open(*iso, 0);
  REQUIRE(s);
  CHECK_FALSE((*s)->needs_prepare());
  auto notes = (*s)->prepare(steady_clock(), ProgressSink(), CancelToken());
  REQUIRE(notes);
  CHECK(notes->empty());
  auto first = read_all(**s);
  REQUIRE(first);
  CHECK(first->size() == (*s)->size());
  REQUIRE((*s)->rewind());
  auto second = read_all(**s);
  REQUIRE(second);
  CHECK(*first == *second);
  CHECK((*s)->info().label == "TESTWIN");
  CHECK((*s)->info().bootx64_from == Bootx64Origin::kNone);
  CHECK((*s)->info().bootx64_wim.empty());
  // The FAT directory entry of DATED.TXT carries 2009-07-14 03:52:10 (2-second steps).
  const std::string bytes(reinterpret_cast<const char*>(first->data()), first->size());
  const auto at = bytes.find("DATED   TXT");
  REQUIRE(at != std::string::npos);
  const auto u16 = [&](std::size_t o) {
    return static_cast<unsigned>(static_cast<unsigned char>(bytes[at + o]) |
                                 static_cast<unsigned char>(bytes[at + o + 1]) << 8);
  };
  CHECK(u16(24) == ((2009 - 1980) << 9 | 7 << 5 | 14));  // DIR_WrtDate
  CHECK(u16(22) == (3 << 11 | 52 << 5 | 5));             // DIR_WrtTime
}

TEST_CASE("stick source: the ISO's own efi/boot/bootx64.efi makes the stick boot on UEFI") {
  test::TempDir dir;
  const auto iso = make_iso(dir, Bootx64::kPresent);
  if (!iso) return;
  auto s = WindowsStickSource::open(*iso, 0);
  REQUIRE(s);
  CHECK((*s)->info().bootx64_from == Bootx64Origin::kIso);
  CHECK((*s)->info().bootx64_wim.empty());
  CHECK((*s)->info().uefi());
}

TEST_CASE("stick source: an ISO changed after it was opened is refused, not written") {
  test::TempDir dir;
  const auto iso = make_iso(dir);
  if (!iso) return;
  auto s = WindowsStickSource::open(*iso, 0);
  REQUIRE(s);
  // Rewritten in place (same size): its modification time is another one.
  fs::last_write_time(*iso, fs::file_time_type::clock::from_sys(
                                std::chrono::sys_seconds(std::chrono::seconds(1000000000))));
  auto notes = (*s)->prepare(steady_clock(), ProgressSink(), CancelToken());
  REQUIRE_FALSE(notes);
  CHECK(notes.error().message.find("changed") != std::string::npos);
  auto all = read_all(**s);
  REQUIRE_FALSE(all);
  CHECK(all.error().message.find("changed") != std::string::npos);
}

TEST_CASE("stick source: a stick built from another file than the one hashed is refused") {
  test::TempDir dir;
  const auto iso = make_iso(dir);
  if (!iso) return;
  auto stick = WindowsStickSource::open(*iso, 0);
  REQUIRE(stick);
  // The path now names another file (a copy renamed over it): the hash pass reads that one.
  const auto other = (dir.path() / "other.iso").string();
  fs::copy_file(*iso, other);
  fs::rename(other, *iso);
  auto hashed = open_raw_image(*iso);
  REQUIRE(hashed);
  WriteJob job;
  job.source = hashed->get();
  use_windows_stick(job, **stick);
  REQUIRE(job.prepare);
  auto r = job.prepare(steady_clock(), ProgressSink(), CancelToken());
  REQUIRE_FALSE(r);
  CHECK(r.error().message.find("replaced by another file") != std::string::npos);

  // The same file on both sides passes this check.
  auto same = WindowsStickSource::open(*iso, 0);
  REQUIRE(same);
  WriteJob ok_job;
  ok_job.source = hashed->get();
  use_windows_stick(ok_job, **same);
  CHECK(ok_job.prepare(steady_clock(), ProgressSink(), CancelToken()));
}

TEST_CASE("stick source: a drive with 4096-byte logical sectors is refused before it is opened") {
  test::TempDir dir;
  const auto iso = make_iso(dir);
  if (!iso) return;
  auto stick = WindowsStickSource::open(*iso, 0);
  REQUIRE(stick);
  auto hashed = open_raw_image(*iso);
  REQUIRE(hashed);
  int opened = 0;
  WriteJob job;
  job.source = hashed->get();
  job.hash_policy = HashPolicy::kAllowUnverified;
  use_windows_stick(job, **stick);
  const std::uint64_t capacity = (*stick)->size() + (1 << 20);
  job.target = TargetSpec{"/dev/sdx", capacity, 4096,
                          [&opened]() -> Result<std::unique_ptr<platform::BlockDevice>> {
                            ++opened;
                            return fail(ErrorKind::kTargetIo, "not reached");
                          }};
  auto pre = preflight(job);
  REQUIRE_FALSE(pre);
  CHECK(pre.error().kind == ErrorKind::kTargetRefused);
  CHECK(pre.error().message.find("4096-byte logical sectors") != std::string::npos);
  const auto report = run_write_job(job);
  REQUIRE(report.error);
  CHECK(report.error->kind == ErrorKind::kTargetRefused);
  CHECK(opened == 0);
  CHECK_FALSE(report.target_opened);

  job.target.granularity = 512;  // the drive the FAT32 is built for
  CHECK(preflight(job));
}

TEST_CASE("stick source: several targets in Windows mode, one stick per size, each verified") {
  test::TempDir dir;
  const auto iso = make_iso(dir);
  if (!iso) return;
  auto hashed = open_raw_image(*iso);
  REQUIRE(hashed);
  constexpr std::uint64_t kSmall = 64ull << 20, kLarge = 80ull << 20;
  const std::uint64_t capacities[] = {kSmall, kLarge, kSmall};
  std::vector<std::unique_ptr<WindowsStickSource>> sticks;
  std::vector<std::shared_ptr<test::MemoryMedium>> media;
  std::vector<WriteJob> jobs;
  int opened = 0;
  for (const auto capacity : capacities) {
    auto stick = WindowsStickSource::open(*iso, capacity);
    REQUIRE(stick);
    sticks.push_back(std::move(*stick));
    media.push_back(std::make_shared<test::MemoryMedium>());
    media.back()->bytes.assign(test::in_memory(capacity), std::byte{0xEE});
    WriteJob job;
    job.source = hashed->get();
    job.hash_policy = HashPolicy::kAllowUnverified;
    use_windows_stick(job, *sticks.back());
    auto medium = media.back();
    job.target = TargetSpec{"/dev/sd" + std::to_string(jobs.size()), capacity, 512,
                            [medium, &opened]() -> Result<std::unique_ptr<platform::BlockDevice>> {
                              ++opened;
                              return std::unique_ptr<platform::BlockDevice>(
                                  std::make_unique<test::MemoryDevice>(medium, 512));
                            }};
    jobs.push_back(std::move(job));
  }
  SUBCASE("a target that reads back differently is located and reported; the others verified") {
    // Both small targets fail at once: each locates its difference in the shared stick's
    // stream in turn.
    media[0]->faults.flip_bit_at = 70000 + 17;
    media[2]->faults.flip_bit_at = 600 + 5;
    const auto r = run_multi_write_job(jobs);
    REQUIRE(r.targets[0].error);
    CHECK(r.targets[0].error->kind == ErrorKind::kVerifyFailed);
    CHECK(r.targets[0].first_difference == 70000 + 17);
    REQUIRE(r.targets[2].error);
    CHECK(r.targets[2].first_difference == 600 + 5);
    CHECK_FALSE(r.targets[1].error);
    CHECK(r.targets[1].verified);
    return;
  }
  REQUIRE(preflight_all(jobs));
  const auto r = run_multi_write_job(jobs);
  REQUIRE_FALSE(r.refusal);
  CHECK(opened == 3);
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    INFO("target " << i);
    CHECK_FALSE(r.targets[i].error);
    CHECK(r.targets[i].verified);
    CHECK(r.targets[i].mode == WriteMode::kWindows);
    // Each holds the stick a single write of its size makes.
    auto reference = WindowsStickSource::open(*iso, capacities[i]);
    REQUIRE(reference);
    REQUIRE((*reference)->prepare(steady_clock(), ProgressSink(), CancelToken()));
    auto bytes = read_all(**reference);
    REQUIRE(bytes);
    CHECK(r.targets[i].image_bytes == bytes->size());
    CHECK(std::equal(bytes->begin(), bytes->end(), media[i]->bytes.begin()));
  }
  // One stick per size: the two small targets got the same bytes, the large one others.
  CHECK(r.targets[0].readback_digest == r.targets[2].readback_digest);
  CHECK(r.targets[0].readback_digest != r.targets[1].readback_digest);
}
