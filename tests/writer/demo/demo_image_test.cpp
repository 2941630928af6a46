// The demo image: the same bytes every time; an MBR with our boot program and one active FAT32
// partition; the inspector's verdict (a disk image that boots on BIOS); the partition checked by
// fsck.fat and read with mtools. tests/boot/demo_boot_test.sh boots it in QEMU.

#include "writer/demo/demo_image.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <span>
#include <string>

#include "support/shell.h"
#include "support/skip.h"
#include "support/temp_dir.h"
#include "writer/fat32/boot_code.h"
#include "writer/inspect_file.h"

using namespace sw;
using namespace sw::writer::demo;

namespace {

std::uint32_t le32(std::span<const std::byte> b, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | std::to_integer<std::uint32_t>(b[at + i]);
  return v;
}

std::string text_of(std::span<const std::byte> b) {
  return std::string(reinterpret_cast<const char*>(b.data()), b.size());
}

const std::vector<std::byte>& image() {
  static const std::vector<std::byte> bytes = [] {
    auto made = demo_image();
    REQUIRE(made.ok());
    return *made;
  }();
  return bytes;
}

constexpr std::uint64_t kPartitionOffset = 1ull << 20;

}  // namespace

TEST_CASE("demo image: its size, and the same bytes every time (its SHA256SUMS never changes)") {
  CHECK(image().size() == kDemoImageBytes);
  const auto again = demo_image();
  REQUIRE(again.ok());
  CHECK(*again == image());
}

TEST_CASE("demo image: the MBR holds our boot program, its message, one active FAT32 partition") {
  const std::span<const std::byte> mbr(image().data(), 512);
  CHECK(mbr[510] == std::byte{0x55});
  CHECK(mbr[511] == std::byte{0xAA});
  // The boot program, loaded at 0000:7C00: the message's linear address in its MOV SI.
  const auto code = writer::fat32::message_boot_code(0, kDemoBootMessage);
  REQUIRE(code.size() <= 440);
  CHECK(std::equal(code.begin(), code.end(), mbr.begin()));
  REQUIRE(mbr[4] == std::byte{0xBE});  // mov si, imm16
  const std::size_t message =
      (std::to_integer<std::size_t>(mbr[5]) | std::to_integer<std::size_t>(mbr[6]) << 8) -
      writer::fat32::kBootLoadAddress;
  CHECK(text_of(mbr.subspan(message, kDemoBootMessage.size())) == kDemoBootMessage);
  CHECK(mbr[message + kDemoBootMessage.size()] == std::byte{0});
  // Every line fits an 80-column screen, so the boot test's marker is never cut by a wrap.
  for (std::size_t from = 0, to; (to = kDemoBootMessage.find("\r\n", from)) != std::string::npos;
       from = to + 2) {
    CHECK(to - from < 80);
  }
  // One partition: active, FAT32 (LBA), from 1 MiB to the end of the image.
  CHECK(mbr[446] == std::byte{0x80});
  CHECK(mbr[446 + 4] == std::byte{0x0C});
  CHECK(le32(mbr, 446 + 8) == kPartitionOffset / 512);
  CHECK(le32(mbr, 446 + 12) == (kDemoImageBytes - kPartitionOffset) / 512);
  for (std::size_t i = 446 + 16; i < 510; ++i) CHECK(mbr[i] == std::byte{0});
}

TEST_CASE("demo image: inspect says a disk image that boots on BIOS, with nothing to warn of") {
  const test::TempDir dir;
  const auto path = dir.write_bytes("stickwright-demo.img", image());
  const auto r = writer::inspect_image(path);
  REQUIRE(r.ok());
  CHECK(r->kind == writer::ImageKind::kDiskImage);
  CHECK(r->boot.bios);
  const auto& reasons = r->reasons;
  INFO(fmt::format("{}", fmt::join(reasons, "\n")));
  CHECK(std::find(reasons.begin(), reasons.end(), "BIOS: the MBR holds boot code") !=
        reasons.end());
  for (const auto& reason : reasons) {
    CHECK(reason.find("no partition is marked active") == std::string::npos);
    CHECK(reason.find("partition table:") == std::string::npos);  // no table problem
  }
  REQUIRE(r->table.partitions.size() == 1);
  CHECK(r->table.partitions[0].active);
  CHECK(r->table.partitions[0].filesystem == "vfat");
  CHECK(r->table.partitions[0].label == kDemoVolumeLabel);
}

TEST_CASE("demo image: fsck.fat finds its FAT32 partition clean, mtools reads README.TXT") {
  for (const char* tool : {"fsck.fat", "mdir", "mtype"}) {
    if (!test::have_tool(tool)) {
      SW_SKIP(tool << " is not installed (dosfstools, mtools: scripts/test installs them)");
      return;
    }
  }
  const test::TempDir dir;
  const auto part = dir.write_bytes("part.img", std::span(image()).subspan(kPartitionOffset));
  const auto fsck = test::run_shell(fmt::format("fsck.fat -n -v '{}'", part));
  INFO(fsck.output);
  CHECK(fsck.status == 0);
  CHECK(test::fsck_fat_complaints(fsck.output).empty());
  CHECK(fsck.output.find("32 bit entries") != std::string::npos);  // FAT32
  // The label counts as a file for fsck.fat; README.TXT takes 2 clusters, the root 1.
  CHECK(fsck.output.find("2 files, 3/") != std::string::npos);

  const auto root = test::run_shell(fmt::format("mdir -i '{}' ::/", part));
  INFO(root.output);
  CHECK(root.status == 0);
  CHECK(root.output.find("Volume in drive : is STICKWRIGHT") != std::string::npos);
  CHECK(root.output.find("README   TXT") != std::string::npos);
  const auto readme = test::run_shell(fmt::format("mtype -i '{}' ::/README.TXT", part));
  CHECK(readme.status == 0);
  CHECK(readme.output == demo_readme());
  CHECK(readme.output.find("stickwright demo: this stick boots.") != std::string::npos);
}
