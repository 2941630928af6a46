// The restore layout: label rules, the MBR, the wipes, and refusals.

#include "writer/restore/restore_plan.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "writer/fat32/mbr.h"

using namespace sw;
using namespace sw::writer::restore;
namespace fat32 = sw::writer::fat32;

namespace {

std::uint32_t le32(std::span<const std::byte> s, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | std::to_integer<std::uint32_t>(s[at + i]);
  return v;
}

RestoreRequest request(std::uint64_t disk_bytes) {
  RestoreRequest r;
  r.disk_bytes = disk_bytes;
  r.label = *fat_label("stick");
  r.volume_id = 0x12345678;
  return r;
}

}  // namespace

TEST_CASE("restore plan: labels are upper-cased, padded, and at most 11 characters") {
  const auto label = fat_label("shop stick");
  REQUIRE(label.ok());
  CHECK(std::string(label->data(), 11) == "SHOP STICK ");
  CHECK(fat_label("ELEVENCHARS").ok());
  const auto too_long = fat_label("TWELVECHARSX");
  REQUIRE(!too_long.ok());
  CHECK(too_long.error().kind == ErrorKind::kUsage);
  CHECK(!fat_label("A.B").ok());
  CHECK(!fat_label("caf\xC3\xA9").ok());
}

TEST_CASE("restore plan: the MBR has one partition of the type asked, from LBA 2048") {
  const auto s =
      fat32::mbr_sector({.first_lba = 2048, .sectors = 1000, .type = kMbrTypeFat32Lba}, 0xCAFEF00D);
  CHECK(le32(s, 440) == 0xCAFEF00D);
  CHECK(s[446] == std::byte{0});  // not marked bootable
  CHECK(s[450] == std::byte{0x0C});
  CHECK(le32(s, 454) == 2048);
  CHECK(le32(s, 458) == 1000);
  for (std::size_t i = 462; i < 510; ++i) CHECK(s[i] == std::byte{0});  // no other partition
  CHECK(s[510] == std::byte{0x55});
  CHECK(s[511] == std::byte{0xAA});
}

TEST_CASE("restore plan: FAT32 wipes the edges and the probed signatures, merged") {
  auto r = request(256ull << 20);
  r.signatures = {{32768 + 1, 5}, {(256ull << 20) - 512, 8}, {100ull << 20, 2}};
  const auto l = plan_restore(r);
  REQUIRE(l.ok());
  CHECK(l->partition_offset == 1ull << 20);
  CHECK(l->partition_bytes == (255ull << 20));
  REQUIRE(l->wipes.size() == 3);
  // The first MiB and the FAT32 metadata region that follows it are one region.
  CHECK(l->wipes[0].offset == 0);
  CHECK(l->wipes[0].length > (1ull << 20));
  CHECK(l->wipes[1].offset == (100ull << 20));
  CHECK(l->wipes[1].length == 4096);
  CHECK(l->wipes[2].offset == (255ull << 20));
  CHECK(l->wipes[2].length == (1ull << 20));
  CHECK(l->blocks.front().offset == 0);
}

TEST_CASE("restore plan: refusals") {
  auto r = request(32ull << 20);  // too small for FAT32
  auto l = plan_restore(r);
  REQUIRE(!l.ok());
  CHECK(l.error().kind == ErrorKind::kTargetRefused);
  r = request(256ull << 20);
  r.sector_bytes = 4096;
  l = plan_restore(r);
  REQUIRE(!l.ok());
  CHECK(l.error().message.find("4096-byte sectors") != std::string::npos);
  r = request(3ull << 40);  // past what an MBR reaches
  l = plan_restore(r);
  REQUIRE(!l.ok());
  CHECK(l.error().message.find("2 TiB") != std::string::npos);
  r = request(256ull << 20);
  r.fs = FsKind::kExfat;  // no volume made
  CHECK(!plan_restore(r).ok());
}

TEST_CASE("restore plan: exFAT blocks land at the partition's offset behind a type 0x07 MBR") {
  auto r = request(64ull << 20);
  r.fs = FsKind::kExfat;
  r.exfat_volume.push_back(Block{0, std::vector<std::byte>(512, std::byte{0xEB})});
  const auto l = plan_restore(r);
  REQUIRE(l.ok());
  REQUIRE(l->blocks.size() == 2);
  CHECK(l->blocks[0].bytes[450] == std::byte{0x07});
  CHECK(l->blocks[1].offset == (1ull << 20));
}

TEST_CASE("restore plan: root files follow the label, each in its own chain, FSInfo counts them") {
  auto r = request(256ull << 20);  // 1 sector per cluster: 512-byte clusters
  r.time = fat32::dos_time(2025, 1, 1, 12, 0, 0);
  r.root_files = {{"README.TXT", std::vector<std::byte>(1000, std::byte{'r'})},
                  {"empty.txt", {}},
                  {"Long Name.txt", std::vector<std::byte>(10, std::byte{'l'})}};
  const auto l = plan_restore(r);
  REQUIRE(l.ok());
  REQUIRE(l->geometry.sectors_per_cluster == 1);
  const std::uint64_t p = l->partition_offset;
  auto block_at = [&](std::uint64_t offset) -> const std::vector<std::byte>& {
    for (const auto& b : l->blocks) {
      if (b.offset == offset) return b.bytes;
    }
    FAIL("no block at " << offset);
    return l->blocks.front().bytes;
  };
  // README.TXT takes clusters 3 and 4, the empty file none, the long-named one cluster 5.
  const auto& fat = block_at(p + fat32::kReservedSectors * 512);
  REQUIRE(fat.size() == 512);
  CHECK(le32(fat, 4 * 2) == 0x0FFFFFFF);
  CHECK(le32(fat, 4 * 3) == 4);
  CHECK(le32(fat, 4 * 4) == 0x0FFFFFFF);
  CHECK(le32(fat, 4 * 5) == 0x0FFFFFFF);
  CHECK(le32(fat, 4 * 6) == 0);
  CHECK(block_at(p + (fat32::kReservedSectors + l->geometry.fat_sectors) * 512) == fat);
  // FSInfo, and its backup: 4 clusters used (the root's and the files'), cluster 6 is next.
  const auto& reserved = block_at(p);
  for (std::size_t fsinfo : {512u, 7u * 512}) {
    CHECK(le32(reserved, fsinfo + 488) == l->geometry.cluster_count - 4);
    CHECK(le32(reserved, fsinfo + 492) == 6);
  }
  // The root: the label, README.TXT's short entry, empty.txt's and Long Name.txt's long names.
  const auto& root = block_at(p + l->geometry.cluster_offset(2));
  CHECK(std::string(reinterpret_cast<const char*>(root.data()), 11) == "STICK      ");
  CHECK(std::string(reinterpret_cast<const char*>(root.data()) + 32, 11) == "README  TXT");
  CHECK(le32(root, 32 + 28) == 1000);
  CHECK(block_at(p + l->geometry.cluster_offset(3)) == [] {
    auto data = std::vector<std::byte>(1000, std::byte{'r'});
    data.resize(1024);
    return data;
  }());
  CHECK(block_at(p + l->geometry.cluster_offset(5)).front() == std::byte{'l'});
  // The wipe reaches the end of the last file's cluster.
  CHECK(l->wipes[0].offset == 0);
  CHECK(l->wipes[0].length >= p + l->geometry.cluster_offset(6));
}

TEST_CASE("restore plan: root files whose entries overflow the root's one cluster are refused") {
  auto r = request(256ull << 20);
  for (int i = 0; i < 16; ++i) {  // the label and 16 entries of 32 bytes: more than 512
    r.root_files.push_back({"FILE" + std::to_string(i) + ".TXT", {}});
  }
  const auto l = plan_restore(r);
  REQUIRE(!l.ok());
  CHECK(l.error().kind == ErrorKind::kInput);
  CHECK(l.error().message.find("root directory") != std::string::npos);
  r.root_files.pop_back();  // 15 fit exactly
  CHECK(plan_restore(r).ok());
}
