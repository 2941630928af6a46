// A stick restored on a memory device: fsck.fat clean, the label, one partition from 1 MiB to
// the end, the old GPT and ISO signatures gone, the last MiB zeroed; faults on write and read.

#include "writer/restore/restore_io.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstring>
#include <memory>

#include "support/memory_device.h"
#include "support/shell.h"
#include "support/skip.h"
#include "support/temp_dir.h"

using namespace sw;
using namespace sw::writer::restore;
namespace fat32 = sw::writer::fat32;

using sw::test::run_shell;
using sw::test::ShellRun;

namespace {

constexpr std::uint64_t kDiskBytes = 100ull << 20;

/// A memory disk that held a GPT (both headers) and an ISO 9660 descriptor, filled with 0xA5.
std::shared_ptr<test::MemoryMedium> dirty_disk() {
  auto m = std::make_shared<test::MemoryMedium>();
  m->bytes.assign(kDiskBytes, std::byte{0xA5});
  std::memcpy(m->bytes.data() + 512, "EFI PART", 8);
  std::memcpy(m->bytes.data() + kDiskBytes - 512, "EFI PART", 8);
  std::memcpy(m->bytes.data() + 32768 + 1, "CD001", 5);
  return m;
}

RestoreLayout layout_for(std::uint64_t disk_bytes) {
  RestoreRequest r;
  r.disk_bytes = disk_bytes;
  r.label = *fat_label("shopstick");
  r.volume_id = 0xA1B2C3D4;
  r.time = fat32::dos_time(2026, 12, 7, 20, 0, 0);
  auto l = plan_restore(r);
  REQUIRE(l.ok());
  return *l;
}

bool contains(const std::vector<std::byte>& b, std::string_view text) {
  const auto* p = reinterpret_cast<const char*>(b.data());
  return std::string_view(p, b.size()).find(text) != std::string_view::npos;
}

/// A pass context with no progress sink and nothing to cancel.
const writer::PassContext& quiet() {
  static const writer::ProgressSink none;
  static const writer::PassContext ctx{writer::steady_clock(), none, {}};
  return ctx;
}

}  // namespace

TEST_CASE("restore io: the restored memory disk passes fsck.fat and holds one partition") {
  if (!test::have_tool("fsck.fat")) {
    SW_SKIP("fsck.fat is not installed (dosfstools: scripts/test installs it)");
    return;
  }
  auto medium = dirty_disk();
  test::MemoryDevice dev(medium, 512);
  const auto l = layout_for(kDiskBytes);
  const auto written = write_layout(dev, l, quiet());
  REQUIRE(written.ok());
  CHECK(!medium->unaligned_write_seen);
  auto reader = dev.open_verify_reader();
  REQUIRE(reader.ok());
  CHECK(verify_layout(**reader, l, quiet()).ok());

  const auto& b = medium->bytes;
  CHECK(!contains(b, "EFI PART"));
  CHECK(!contains(std::vector<std::byte>(b.begin(), b.begin() + (1 << 20)), "CD001"));
  for (std::size_t i = b.size() - (1 << 20); i < b.size(); ++i) {
    if (b[i] != std::byte{0}) FAIL("the last MiB is not zero at byte " << i);
  }
  // One partition, type 0x0C, from LBA 2048 to the end of the disk.
  CHECK(b[446 + 4] == std::byte{0x0C});
  CHECK(b[446 + 16 + 4] == std::byte{0});
  std::uint32_t first = 0, count = 0;
  for (int i = 3; i >= 0; --i) {
    first = (first << 8) | std::to_integer<std::uint32_t>(b[454 + i]);
    count = (count << 8) | std::to_integer<std::uint32_t>(b[458 + i]);
  }
  CHECK(first == 2048);
  CHECK(std::uint64_t{first + count} * 512 == kDiskBytes);

  const test::TempDir dir;
  const std::string part = dir.write_bytes(
      "part.img", std::span<const std::byte>(b).subspan(1 << 20, kDiskBytes - (1 << 20)));
  const ShellRun fsck = run_shell(fmt::format("fsck.fat -n -v '{}'", part));
  INFO(fsck.output);
  CHECK(fsck.status == 0);
  const ShellRun label = run_shell(fmt::format("fatlabel '{}'", part));
  if (label.status == 0) CHECK(label.output.find("SHOPSTICK") != std::string::npos);
  CHECK(contains(std::vector<std::byte>(b.begin() + (1 << 20), b.begin() + (1 << 20) + 512),
                 "SHOPSTICK  FAT32   "));
}

TEST_CASE("restore io: a write error, a flipped bit on read-back, an interruption") {
  const auto l = layout_for(kDiskBytes);
  {
    auto medium = dirty_disk();
    medium->faults.eio_write_at = (1ull << 20) + 3;  // the boot sector
    test::MemoryDevice dev(medium, 512);
    const auto w = write_layout(dev, l, quiet());
    REQUIRE(!w.ok());
    CHECK(w.error().kind == ErrorKind::kTargetIo);
  }
  {
    auto medium = dirty_disk();
    medium->faults.flip_bit_at = (1ull << 20) + 71;  // the boot sector's label
    test::MemoryDevice dev(medium, 512);
    REQUIRE(write_layout(dev, l, quiet()).ok());
    auto reader = dev.open_verify_reader();
    REQUIRE(reader.ok());
    const auto v = verify_layout(**reader, l, quiet());
    REQUIRE(!v.ok());
    CHECK(v.error().kind == ErrorKind::kVerifyFailed);
    CHECK(v.error().message.find(std::to_string((1ull << 20) + 71)) != std::string::npos);
  }
  {
    std::atomic<bool> stop{true};
    auto medium = dirty_disk();
    test::MemoryDevice dev(medium, 512);
    const writer::ProgressSink none;
    const auto w = write_layout(
        dev, l, writer::PassContext{writer::steady_clock(), none, writer::CancelToken(&stop)});
    REQUIRE(!w.ok());
    CHECK(w.error().kind == ErrorKind::kInterrupted);
  }
}

TEST_CASE("restore io: progress of the write, the flush and the read-back, in bytes") {
  auto medium = dirty_disk();
  test::MemoryDevice dev(medium, 512);
  const auto l = layout_for(kDiskBytes);
  std::vector<writer::ProgressEvent> events;
  const writer::ProgressSink sink = [&](const writer::ProgressEvent& ev) { events.push_back(ev); };
  const writer::PassContext ctx{writer::steady_clock(), sink, {}};
  const auto written = write_layout(dev, l, ctx);
  REQUIRE(written.ok());
  auto reader = dev.open_verify_reader();
  REQUIRE(reader.ok());
  REQUIRE(verify_layout(**reader, l, ctx).ok());
  auto last_of = [&](writer::Phase p) {
    const writer::ProgressEvent* last = nullptr;
    for (const auto& ev : events) {
      if (ev.phase == p) last = &ev;
    }
    return last;
  };
  const auto* w = last_of(writer::Phase::kWrite);
  const auto* s = last_of(writer::Phase::kSync);
  const auto* v = last_of(writer::Phase::kVerify);
  REQUIRE(w != nullptr);
  REQUIRE(s != nullptr);
  REQUIRE(v != nullptr);
  CHECK(w->done);
  CHECK(w->bytes == *written);
  CHECK(w->total == *written);
  CHECK(s->done);
  CHECK(v->done);
  CHECK(v->bytes == v->total);
  CHECK(v->total >= (1u << 20));  // the blocks, and the last MiB read as zeros
  // In order: every write event before the flush's, every read-back event after it.
  CHECK(events.front().phase == writer::Phase::kWrite);
  CHECK(events.back().phase == writer::Phase::kVerify);
}
