#include "writer/inspect/fat.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "support/fat_builder.h"

using namespace sw;
using namespace sw::writer;
using namespace sw::test;

namespace {

/// `n` bytes whose values tell their offset apart (cluster by cluster).
Bytes pattern(std::size_t n) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::byte>(i * 7 + i / 512);
  return b;
}

/// A small volume of each FAT type (the type follows the cluster count).
struct FatType {
  int bits;
  std::uint32_t clusters;
};
constexpr FatType kFatTypes[] = {{12, 300}, {16, 5000}, {32, 70000}};

std::optional<FatVolume> open_at_zero(const Bytes& img) {
  return open_fat(MemoryImageBytes(img), 0);
}

}  // namespace

TEST_CASE("fat: the type follows the cluster count, as fatgen103 defines it") {
  struct Case {
    int layout;
    std::uint32_t clusters;
    int bits;
  };
  const Case cases[] = {
      {12, 1, 12},
      {12, 4084, 12},
      {16, 4085, 16},
      {16, 65524, 16},
      {32, 65525, 32},
      {32, 200000, 32},
      {16, 4084, 12},   // a FAT16 label on too few clusters is
                        // FAT12
      {32, 65524, 16},  // a FAT32 BPB on too few clusters is FAT16
  };
  for (const auto& c : cases) {
    CAPTURE(c.layout);
    CAPTURE(c.clusters);
    FatBuilder fat(c.layout, c.clusters);
    const auto vol = open_at_zero(fat.bytes());
    REQUIRE(vol.has_value());
    CHECK(vol->cluster_count == c.clusters);
    CHECK(vol->bits == c.bits);
    CHECK(vol->total_sectors == fat.total_sectors());
  }
}

TEST_CASE("fat: open_fat reads the BPB") {
  SUBCASE("FAT16 with boot code, at an offset") {
    FatBuilder fat(16, 5000, 4);
    fat.boot_code();
    Bytes shifted(64 * 1024);
    put_bytes(shifted, shifted.size(), fat.bytes());
    const auto vol = open_fat(MemoryImageBytes(shifted), 64 * 1024);
    REQUIRE(vol.has_value());
    CHECK(vol->offset == 64 * 1024);
    CHECK(vol->bytes_per_sector == 512);
    CHECK(vol->sectors_per_cluster == 4);
    CHECK(vol->reserved_sectors == 1);
    CHECK(vol->fat_count == 2);
    CHECK(vol->root_entries == 512);
    CHECK(vol->cluster_count == 5000);
    CHECK(vol->bits == 16);
    CHECK(vol->cluster_bytes() == 2048);
    CHECK(vol->bytes() == fat.total_sectors() * 512);
    CHECK(vol->boot_code);
  }
  SUBCASE("FAT32 without boot code") {
    FatBuilder fat(32, 70000);
    const auto vol = open_at_zero(fat.bytes());
    REQUIRE(vol.has_value());
    CHECK(vol->bits == 32);
    CHECK(vol->reserved_sectors == 32);
    CHECK(vol->root_entries == 0);
    CHECK(vol->root_cluster == 2);
    CHECK_FALSE(vol->boot_code);
  }
}

TEST_CASE("fat: garbage boot sectors are rejected") {
  FatBuilder fat(16, 5000);
  Bytes img = fat.bytes();
  SUBCASE("zeros") { img.assign(img.size(), std::byte{0}); }
  SUBCASE("random") { img = random_bytes(img.size(), 12345); }
  SUBCASE("short image") { img.resize(100); }
  SUBCASE("no jump") { put8(img, 0, 0x00); }
  SUBCASE("256-byte sectors") { put16(img, 11, 256); }
  SUBCASE("1000-byte sectors") { put16(img, 11, 1000); }
  SUBCASE("8192-byte sectors") { put16(img, 11, 8192); }
  SUBCASE("0 sectors per cluster") { put8(img, 13, 0); }
  SUBCASE("3 sectors per cluster") { put8(img, 13, 3); }
  SUBCASE("no reserved sector") { put16(img, 14, 0); }
  SUBCASE("no FAT") { put8(img, 16, 0); }
  SUBCASE("five FATs") { put8(img, 16, 5); }
  SUBCASE("no FAT sectors") { put16(img, 22, 0); }
  SUBCASE("no sectors") { put16(img, 19, 0); }
  SUBCASE("metadata larger than the volume") { put16(img, 19, 20); }
  CHECK_FALSE(open_at_zero(img).has_value());
}

TEST_CASE("fat: a FAT32 BPB whose root cluster is below 2 is rejected") {
  FatBuilder fat(32, 70000);
  Bytes img = fat.bytes();
  REQUIRE(open_at_zero(img).has_value());
  put32(img, 44, 1);
  CHECK_FALSE(open_at_zero(img).has_value());
}

TEST_CASE("fat: find_fat_file by long and 8.3 names, without case") {
  for (const auto& type : kFatTypes) {
    CAPTURE(type.bits);
    FatBuilder fat(type.bits, type.clusters);
    fat.add_file("EFI/BOOT/BOOTX64.EFI", pattern(1500));
    fat.add_file("EFI/BOOT/Long File Name.efi", pattern(10));
    fat.add_file("EFI/a-very-long-loader-name-indeed.efi", pattern(20));  // three long entries
    const MemoryImageBytes image(fat.bytes());
    const auto vol = open_fat(image, 0);
    REQUIRE(vol.has_value());
    REQUIRE(vol->bits == type.bits);

    const auto x64 = find_fat_file(image, *vol, "efi/boot/bootx64.efi");
    REQUIRE(x64.has_value());
    CHECK(x64->path == "/EFI/BOOT/BOOTX64.EFI");
    CHECK(x64->size == 1500);
    CHECK_FALSE(x64->is_dir);

    const auto by_long = find_fat_file(image, *vol, "/EFI/BOOT/LONG FILE NAME.EFI");
    REQUIRE(by_long.has_value());
    CHECK(by_long->path == "/EFI/BOOT/Long File Name.efi");
    CHECK(by_long->size == 10);
    const auto by_short = find_fat_file(image, *vol, "EFI/BOOT/longfi~1.efi");
    REQUIRE(by_short.has_value());
    CHECK(by_short->first_cluster == by_long->first_cluster);

    const auto longer = find_fat_file(image, *vol, "EFI/A-Very-Long-Loader-Name-Indeed.EFI");
    REQUIRE(longer.has_value());
    CHECK(longer->path == "/EFI/a-very-long-loader-name-indeed.efi");
    CHECK(longer->size == 20);

    const auto dir = find_fat_file(image, *vol, "EFI/BOOT");
    REQUIRE(dir.has_value());
    CHECK(dir->is_dir);
    CHECK_FALSE(find_fat_file(image, *vol, "EFI/BOOT/BOOTIA32.EFI").has_value());
    CHECK_FALSE(find_fat_file(image, *vol, "EFI/BOOT/BOOTX64.EFI/more").has_value());
    CHECK_FALSE(find_fat_file(image, *vol, "BOOT/BOOTX64.EFI").has_value());
  }
}

TEST_CASE("fat: a directory that spans several clusters is searched to its end") {
  FatBuilder fat(16, 5000);  // 16 entries per 512-byte cluster
  for (int i = 0; i < 40; ++i) fat.add_file(fmt::format("DIR/F{}.TXT", i), pattern(1));
  fat.add_file("DIR/last one.txt", pattern(3));
  const MemoryImageBytes image(fat.bytes());
  const auto vol = open_fat(image, 0);
  REQUIRE(vol.has_value());
  const auto f = find_fat_file(image, *vol, "dir/LAST ONE.TXT");
  REQUIRE(f.has_value());
  CHECK(f->size == 3);
}

TEST_CASE("fat: read_fat_file_head follows a fragmented cluster chain") {
  for (const auto& type : kFatTypes) {
    CAPTURE(type.bits);
    FatBuilder fat(type.bits, type.clusters);
    const Bytes data = pattern(1400);  // three 512-byte clusters, out of order, odd and even
    fat.add_file("EFI/BOOT/BOOTX64.EFI", data, {41, 8, 27});
    const MemoryImageBytes image(fat.bytes());
    const auto vol = open_fat(image, 0);
    REQUIRE(vol.has_value());
    const auto f = find_fat_file(image, *vol, "EFI/BOOT/BOOTX64.EFI");
    REQUIRE(f.has_value());
    CHECK(f->first_cluster == 41);
    const auto whole = read_fat_file_head(image, *vol, *f, 4096);
    REQUIRE(whole.ok());
    CHECK(*whole == data);
    const auto head = read_fat_file_head(image, *vol, *f, 700);
    REQUIRE(head.ok());
    CHECK(*head == Bytes(data.begin(), data.begin() + 700));
    const auto none = read_fat_file_head(image, *vol, *f, 0);
    REQUIRE(none.ok());
    CHECK(none->empty());
  }
}

TEST_CASE("fat: a chain shorter than the file is an error") {
  for (const auto& type : kFatTypes) {
    if (type.bits == 32) continue;  // its end-of-chain mark lies far beyond any test image
    CAPTURE(type.bits);
    FatBuilder fat(type.bits, type.clusters);
    fat.add_file("BIG.BIN", pattern(3 * 512), {10, 11, 12});
    fat.set_fat(11, fat.end_of_chain());  // the chain ends after two clusters
    // Bytes follow the volume (as in a disk image), so that the end-of-chain mark read as a
    // cluster number would point at readable bytes.
    Bytes img = fat.bytes();
    img.resize(36 * 1024 * 1024);
    const MemoryImageBytes image(img);
    const auto vol = open_fat(image, 0);
    REQUIRE(vol.has_value());
    const auto f = find_fat_file(image, *vol, "BIG.BIN");
    REQUIRE(f.has_value());
    const auto r = read_fat_file_head(image, *vol, *f, 4096);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::kInput);
    CHECK(r.error().message.find("BIG.BIN") != std::string::npos);
  }
}

TEST_CASE("fat: a cluster chain that loops is bounded") {
  SUBCASE("a file whose chain comes back to its start") {
    FatBuilder fat(16, 5000);
    fat.add_file("LOOP.BIN", pattern(3 * 512), {20, 21, 22});
    fat.set_fat(22, 20);
    fat.set_fat(21, 20);
    const MemoryImageBytes image(fat.bytes());
    const auto vol = open_fat(image, 0);
    REQUIRE(vol.has_value());
    auto f = find_fat_file(image, *vol, "LOOP.BIN");
    REQUIRE(f.has_value());
    f->size = 0xffffffffu;  // as a hostile entry would claim
    const auto r = read_fat_file_head(image, *vol, *f, 1024 * 1024);
    if (r.ok()) CHECK(r->size() <= 1024 * 1024);
  }
  SUBCASE("a directory whose chain points to itself") {
    FatBuilder fat(32, 70000);
    const auto dir = fat.add_dir("EFI");
    fat.set_fat(dir, dir);
    const MemoryImageBytes image(fat.bytes());
    const auto vol = open_fat(image, 0);
    REQUIRE(vol.has_value());
    CHECK_FALSE(find_fat_file(image, *vol, "EFI/BOOT/BOOTX64.EFI").has_value());
  }
  SUBCASE("the FAT32 root directory's chain points to itself") {
    FatBuilder fat(32, 70000);
    fat.set_fat(2, 2);
    const MemoryImageBytes image(fat.bytes());
    const auto vol = open_fat(image, 0);
    REQUIRE(vol.has_value());
    CHECK_FALSE(find_fat_file(image, *vol, "MISSING.TXT").has_value());
  }
}
