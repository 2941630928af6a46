#include "writer/fat32/fat32.h"

#include <doctest/doctest.h>

#include <span>
#include <string>

#include "writer/inspect/image_bytes.h"

using namespace sw;
using namespace sw::writer;
using namespace sw::writer::fat32;

namespace {

constexpr std::uint64_t kMiB = 2048;  // sectors

std::span<const std::byte> bytes(const Sector& s) { return std::span<const std::byte>(s); }

/// fatgen103 §3.5's FATSz computation, written out again so a change to the library's copy
/// shows up here.
std::uint32_t spec_fat_sectors(std::uint64_t total, std::uint32_t spc) {
  const std::uint64_t tmp1 = total - 32;
  const std::uint64_t tmp2 = (256 * spc + 2) / 2;
  return static_cast<std::uint32_t>((tmp1 + tmp2 - 1) / tmp2);
}

}  // namespace

TEST_CASE("fat32: cluster size follows DskTableFAT32 at each boundary") {
  struct Case {
    std::uint64_t sectors;
    std::optional<std::uint32_t> spc;
  };
  const Case cases[] = {
      {0, std::nullopt}, {66600, std::nullopt}, {66601, 1},     {532480, 1},
      {532481, 8},       {16777216, 8},         {16777217, 16}, {33554432, 16},
      {33554433, 32},    {67108864, 32},        {67108865, 64}, {0xFFFFFFFFull, 64},
  };
  for (const auto& c : cases) {
    CAPTURE(c.sectors);
    CHECK(sectors_per_cluster(c.sectors) == c.spc);
  }
}

TEST_CASE("fat32: plan_geometry follows fatgen103 for stick-sized volumes") {
  struct Case {
    std::uint64_t sectors;
    std::uint32_t spc, fat_sectors, clusters;
  };
  // The FAT sizes and cluster counts were worked out from fatgen103 §3.5 by hand (and in a
  // calculator); the loop below recomputes them from the formula as well.
  const Case cases[] = {
      {64 * kMiB, 1, 1016, 129008},
      {1024 * kMiB, 8, 2046, 261628},
      {8192 * kMiB, 8, 16368, 2093056},
      {16384 * kMiB, 16, 16376, 2095103},
      {32768 * kMiB, 32, 16380, 2096127},
      {131072 * kMiB, 64, 32764, 4193279},
      {66601, 1, 517, 65535},
      {532481, 8, 520, 66426},
  };
  for (const auto& c : cases) {
    CAPTURE(c.sectors);
    const auto g = plan_geometry(c.sectors);
    REQUIRE(g.ok());
    CHECK(g->total_sectors == c.sectors);
    CHECK(g->sectors_per_cluster == c.spc);
    CHECK(g->fat_sectors == c.fat_sectors);
    CHECK(g->cluster_count == c.clusters);
    CHECK(g->fat_sectors == spec_fat_sectors(c.sectors, c.spc));
    CHECK(g->cluster_count >= kMinClusters);
    // Every cluster, plus the two reserved entries, has a 4-byte FAT entry.
    CHECK(std::uint64_t{g->fat_sectors} * kSectorBytes / 4 >= std::uint64_t{g->cluster_count} + 2);
    // The data region fits the volume, and no whole cluster is left over after it.
    const std::uint64_t data_end = g->data_sector() + std::uint64_t{g->cluster_count} * c.spc;
    CHECK(data_end <= c.sectors);
    CHECK(c.sectors - data_end < c.spc);
    CHECK(g->cluster_offset(2) == g->data_sector() * kSectorBytes);
    CHECK(g->cluster_offset(3) == g->data_sector() * kSectorBytes + g->cluster_bytes());
  }
}

TEST_CASE("fat32: plan_geometry refuses volumes FAT32 cannot describe") {
  const auto small = plan_geometry(32 * kMiB);
  REQUIRE_FALSE(small.ok());
  CHECK(small.error().kind == ErrorKind::kInput);
  CHECK(small.error().message.find("too small") != std::string::npos);
  CHECK_FALSE(plan_geometry(66600).ok());
  CHECK(plan_geometry(66601).ok());
  const auto huge = plan_geometry(0x100000000ull);
  REQUIRE_FALSE(huge.ok());
  CHECK(huge.error().kind == ErrorKind::kInput);
  CHECK(plan_geometry(0xFFFFFFFFull).ok());
}

TEST_CASE("fat32: boot sector fields lie at fatgen103's offsets") {
  const auto g = plan_geometry(16384 * kMiB);
  REQUIRE(g.ok());
  VolumeInfo v;
  v.hidden_sectors = 2048;
  v.volume_id = 0x1234ABCD;
  v.label = volume_label("CCCOMA_X64FRE_EN-US_DV9");
  const Sector s = boot_sector(*g, v);
  const auto b = bytes(s);
  CHECK(byte_at(b, 0) == 0xEB);
  CHECK(byte_at(b, 1) == 0x58);
  CHECK(byte_at(b, 2) == 0x90);
  CHECK(bytes_equal(b, 3, "MSWIN4.1"));
  CHECK(le16(b, 11) == 512);
  CHECK(byte_at(b, 13) == 16);
  CHECK(le16(b, 14) == 32);
  CHECK(byte_at(b, 16) == 2);
  CHECK(le16(b, 17) == 0);
  CHECK(le16(b, 19) == 0);
  CHECK(byte_at(b, 21) == 0xF8);
  CHECK(le16(b, 22) == 0);
  CHECK(le16(b, 24) == 63);
  CHECK(le16(b, 26) == 255);
  CHECK(le32(b, 28) == 2048);
  CHECK(le32(b, 32) == g->total_sectors);
  CHECK(le32(b, 36) == g->fat_sectors);
  CHECK(le16(b, 40) == 0);
  CHECK(le16(b, 42) == 0);
  CHECK(le32(b, 44) == 2);
  CHECK(le16(b, 48) == 1);
  CHECK(le16(b, 50) == 6);
  for (std::size_t i = 52; i < 64; ++i) CHECK(byte_at(b, i) == 0);
  CHECK(byte_at(b, 64) == 0x80);
  CHECK(byte_at(b, 65) == 0);
  CHECK(byte_at(b, 66) == 0x29);
  CHECK(le32(b, 67) == 0x1234ABCD);
  CHECK(bytes_equal(b, 71, "CCCOMA_X64F"));
  CHECK(bytes_equal(b, 82, "FAT32   "));
  CHECK(byte_at(b, 510) == 0x55);
  CHECK(byte_at(b, 511) == 0xAA);
}

TEST_CASE("fat32: boot code prints its message from where the jump lands") {
  const auto g = plan_geometry(64 * kMiB);
  REQUIRE(g.ok());
  const Sector s = boot_sector(*g, VolumeInfo{});
  const auto b = bytes(s);
  // EB 58: a short jump from offset 2 by 0x58 lands at 90, the first byte after the BPB.
  const std::size_t entry = 2 + byte_at(b, 1);
  REQUIRE(entry == 90);
  CHECK(byte_at(b, entry) != 0);
  // mov si, imm16 (BE lo hi) loads the message's linear address at 0000:7C00.
  REQUIRE(byte_at(b, entry + 4) == 0xBE);
  const std::size_t message = le16(b, entry + 5) - 0x7C00u;
  REQUIRE(message > entry);
  REQUIRE(message < 510);
  // The message is NUL-terminated before the 0x55AA signature.
  std::string text;
  for (std::size_t i = message; i < 510 && byte_at(b, i) != 0; ++i) {
    text.push_back(static_cast<char>(byte_at(b, i)));
  }
  CHECK(message + text.size() < 510);
  CHECK(text.find("not a bootable partition") != std::string::npos);
  CHECK(text.ends_with("\r\n"));
}

TEST_CASE("fat32: FSInfo sector signatures and counts") {
  const Sector s = fsinfo_sector(123456, 7);
  const auto b = bytes(s);
  CHECK(le32(b, 0) == 0x41615252);
  CHECK(le32(b, 484) == 0x61417272);
  CHECK(le32(b, 488) == 123456);
  CHECK(le32(b, 492) == 7);
  CHECK(le32(b, 508) == 0xAA550000);
  CHECK(byte_at(b, 510) == 0x55);
  CHECK(byte_at(b, 511) == 0xAA);
  for (std::size_t i = 4; i < 484; ++i) CHECK(byte_at(b, i) == 0);
}

TEST_CASE("fat32: dos_time packs fields and clamps to what FAT can hold") {
  const DosTime t = dos_time(2024, 5, 17, 13, 45, 31);
  CHECK(t.date == ((44 << 9) | (5 << 5) | 17));
  CHECK(t.time == ((13 << 11) | (45 << 5) | 15));
  CHECK(t.tenths == 100);  // the odd second, in 10 ms units
  CHECK(dos_time(2024, 5, 17, 13, 45, 30).tenths == 0);

  const DosTime early = dos_time(1975, 6, 1, 12, 0, 0);
  CHECK(early.date == ((0 << 9) | (1 << 5) | 1));
  CHECK(early.time == 0);
  CHECK(early.tenths == 0);

  const DosTime late = dos_time(2300, 1, 1, 0, 0, 0);
  CHECK(late.date == ((127 << 9) | (12 << 5) | 31));
  CHECK(late.time == ((23 << 11) | (59 << 5) | 29));

  const DosTime first = dos_time(1980, 1, 1, 0, 0, 0);
  CHECK(first.date == 0x0021);
  const DosTime last = dos_time(2107, 12, 31, 23, 59, 59);
  CHECK(last.date == 0xFF9F);
  CHECK(last.time == 0xBF7D);
  CHECK(last.tenths == 100);

  // Fields out of range are brought into range rather than spilling into their neighbours.
  const DosTime wild = dos_time(2000, 13, 0, 24, 60, 61);
  CHECK(wild.date == ((20 << 9) | (12 << 5) | 1));
  CHECK(wild.time == ((23 << 11) | (59 << 5) | 29));
}
