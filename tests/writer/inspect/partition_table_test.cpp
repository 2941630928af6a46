#include "writer/inspect/partition_table.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "support/fat_builder.h"
#include "support/image_builder.h"

using namespace sw::writer;
using namespace sw::test;

namespace {

bool any_problem_with(const PartitionTable& t, std::string_view words) {
  return std::any_of(t.problems.begin(), t.problems.end(),
                     [&](const std::string& p) { return p.find(words) != std::string::npos; });
}

/// A 1 MiB disk with a GPT holding an ESP and a Linux partition.
Bytes gpt_disk(const GptOptions& options = {}) {
  Bytes img(1024 * 1024);
  const GptPartition parts[] = {
      {std::string(kEspTypeGuid), "01234567-89ab-cdef-0123-456789abcdef", 34, 1057, "EFI system"},
      {std::string(kLinuxTypeGuid), "fedcba98-7654-3210-fedc-ba9876543210", 1058, 2014, "root"},
  };
  put_gpt(img, parts, options);
  return img;
}

/// An MBR with a primary partition and an extended one at sector 100 whose chain of three EBRs
/// (at 100, 150, 180: each link relative to the extended partition's start) holds three logical
/// partitions; `loop` makes the last EBR name itself as the next one.
Bytes extended_disk(bool loop) {
  Bytes img(256 * kSector);
  const MbrEntry mbr[] = {{0x80, 0x83, 2, 90}, {0, 0x05, 100, 150}};
  put_partition_sector(img, 0, mbr);
  const MbrEntry ebr1[] = {{0, 0x83, 10, 20}, {0, 0x05, 50, 30}};
  put_partition_sector(img, 100, ebr1);
  const MbrEntry ebr2[] = {{0, 0x82, 5, 20}, {0, 0x05, 80, 30}};
  put_partition_sector(img, 150, ebr2);
  const MbrEntry ebr3_end[] = {{0, 0x07, 2, 25}};
  const MbrEntry ebr3_loop[] = {{0, 0x07, 2, 25}, {0, 0x05, 80, 30}};
  if (loop) {
    put_partition_sector(img, 180, ebr3_loop);
  } else {
    put_partition_sector(img, 180, ebr3_end);
  }
  return img;
}

}  // namespace

TEST_CASE("partition_table: crc32_of gives the CRC-32 check value (the builder relies on it)") {
  CHECK(crc32_of(ascii("123456789")) == 0xcbf43926u);
  CHECK(crc32_of({}) == 0u);
}

TEST_CASE("partition_table: guid_text of the EFI system partition type GUID") {
  const std::uint8_t raw[16] = {0x28, 0x73, 0x2a, 0xc1, 0x1f, 0xf8, 0xd2, 0x11,
                                0xba, 0x4b, 0x00, 0xa0, 0xc9, 0x3e, 0xc9, 0x3b};
  Bytes b(16);
  std::transform(raw, raw + 16, b.begin(), [](std::uint8_t x) { return std::byte{x}; });
  CHECK(guid_text(b, 0) == "c12a7328-f81f-11d2-ba4b-00a0c93ec93b");
  CHECK(partition_type_name(guid_text(b, 0)) == "EFI System");
  // The builder's encoding agrees with the spec's byte order.
  const auto built = guid_bytes("C12A7328-F81F-11D2-BA4B-00A0C93EC93B");
  CHECK(std::equal(built.begin(), built.end(), b.begin()));
  SUBCASE("at an offset") {
    Bytes shifted(4);
    shifted.insert(shifted.end(), b.begin(), b.end());
    CHECK(guid_text(shifted, 4) == "c12a7328-f81f-11d2-ba4b-00a0c93ec93b");
  }
}

TEST_CASE("partition_table: MBR with boot code, an active partition and a disk id") {
  Bytes img(4096 * kSector);
  const MbrEntry entries[] = {{0x80, 0x0c, 2048, 1024}, {0x00, 0x83, 3072, 1000}};
  put_partition_sector(img, 0, entries);
  put_mbr_boot_code(img, 0xdeadbeef);
  const auto t = read_partition_table(MemoryImageBytes(img));
  CHECK(t.type == TableType::kMbr);
  CHECK(table_type_name(t.type) == "mbr");
  REQUIRE(t.mbr.has_value());
  CHECK(t.mbr->boot_code);
  CHECK(t.mbr->disk_id == 0xdeadbeef);
  CHECK_FALSE(t.mbr->protective);
  CHECK_FALSE(t.gpt.has_value());
  CHECK(t.problems.empty());
  REQUIRE(t.partitions.size() == 2);
  CHECK(t.partitions[0].number == 1);
  CHECK(t.partitions[0].scheme == TableType::kMbr);
  CHECK(t.partitions[0].type == "0x0c");
  CHECK(t.partitions[0].type_name == "FAT32 (LBA)");
  CHECK(t.partitions[0].active);
  CHECK(t.partitions[0].start == 2048 * kSector);
  CHECK(t.partitions[0].size == 1024 * kSector);
  CHECK(t.partitions[1].number == 2);
  CHECK(t.partitions[1].type == "0x83");
  CHECK(t.partitions[1].type_name == "Linux");
  CHECK_FALSE(t.partitions[1].active);
  CHECK(t.partitions[1].start == 3072 * kSector);
}

TEST_CASE("partition_table: MBR without boot code") {
  Bytes img(64 * kSector);
  const MbrEntry entries[] = {{0x00, 0xef, 8, 32}};
  put_partition_sector(img, 0, entries);
  const auto t = read_partition_table(MemoryImageBytes(img));
  REQUIRE(t.mbr.has_value());
  CHECK_FALSE(t.mbr->boot_code);
  CHECK(t.mbr->disk_id == 0);
  REQUIRE(t.partitions.size() == 1);
  CHECK(t.partitions[0].is_esp);
  CHECK(t.partitions[0].type_name == "EFI System");
}

TEST_CASE("partition_table: an MBR whose only entry is active with type 0 is still an MBR") {
  // What xorriso writes with -iso_mbr_part_type 0x00: boot code and the entry 80 00 .. 00.
  // The boot flag tells it from a FAT boot sector's code.
  Bytes img(2048 * kSector);
  const MbrEntry whole{0x80, 0x00, 0, 2048};
  put_partition_sector(img, 0, std::span(&whole, 1));
  put_mbr_boot_code(img, 0x0a8e341d);
  const auto t = read_partition_table(MemoryImageBytes(img));
  REQUIRE(t.mbr.has_value());
  CHECK(t.mbr->boot_code);
  CHECK(t.mbr->disk_id == 0x0a8e341d);
}

TEST_CASE("partition_table: no table in zeros, a short image or a missing 0x55AA") {
  SUBCASE("zeros") {
    CHECK(read_partition_table(MemoryImageBytes(Bytes(8192))).type == TableType::kNone);
  }
  SUBCASE("100 bytes") {
    const auto t = read_partition_table(MemoryImageBytes(Bytes(100, std::byte{0x55})));
    CHECK(t.type == TableType::kNone);
    CHECK_FALSE(t.mbr.has_value());
  }
  SUBCASE("entries but no signature") {
    Bytes img(64 * kSector);
    const MbrEntry entries[] = {{0x80, 0x83, 8, 32}};
    put_partition_sector(img, 0, entries);
    put16(img, 510, 0);
    CHECK_FALSE(read_partition_table(MemoryImageBytes(img)).mbr.has_value());
  }
}

TEST_CASE("partition_table: logical partitions through an EBR chain") {
  const auto t = read_partition_table(MemoryImageBytes(extended_disk(false)));
  CHECK(t.problems.empty());
  REQUIRE(t.partitions.size() == 5);
  CHECK(t.partitions[0].number == 1);
  CHECK(t.partitions[1].number == 2);
  CHECK(t.partitions[1].type_name == "Extended");
  CHECK(t.partitions[2].number == 5);
  CHECK(t.partitions[2].type == "0x83");
  CHECK(t.partitions[2].start == (100 + 10) * kSector);  // relative to its own EBR
  CHECK(t.partitions[2].size == 20 * kSector);
  CHECK(t.partitions[3].number == 6);
  CHECK(t.partitions[3].type == "0x82");
  CHECK(t.partitions[3].start == (150 + 5) * kSector);
  CHECK(t.partitions[3].size == 20 * kSector);
  CHECK(t.partitions[4].number == 7);
  CHECK(t.partitions[4].type == "0x07");
  CHECK(t.partitions[4].start == (180 + 2) * kSector);
  CHECK(t.partitions[4].size == 25 * kSector);
}

TEST_CASE("partition_table: an EBR chain that loops stops, bounded, with a problem") {
  const auto t = read_partition_table(MemoryImageBytes(extended_disk(true)));
  CHECK_FALSE(t.problems.empty());
  CHECK(t.partitions.size() <= 2 + 64);
  CHECK(t.partitions.size() >= 5);  // what precedes the loop is kept
}

TEST_CASE("partition_table: a looping EBR chain lists each logical partition once") {
  // EBR 3 names itself as the next EBR: there are three logical partitions, not one per lap.
  const auto t = read_partition_table(MemoryImageBytes(extended_disk(true)));
  std::set<std::uint64_t> starts;
  for (const auto& p : t.partitions) starts.insert(p.start);
  CHECK(starts.size() == t.partitions.size());
  CHECK(t.partitions.size() == 5);
}

TEST_CASE("partition_table: a FAT boot sector at sector 0 is not taken for an MBR") {
  SUBCASE("boot code over the partition table area") {
    FatBuilder fat(12, 200);
    fat.boot_code();
    const auto t = read_partition_table(MemoryImageBytes(fat.bytes()));
    CHECK(t.type == TableType::kNone);
    CHECK_FALSE(t.mbr.has_value());
    CHECK(t.partitions.empty());
  }
  SUBCASE("no boot code: zeros where an MBR's entries would be") {
    FatBuilder fat(16, 5000);
    const auto t = read_partition_table(MemoryImageBytes(fat.bytes()));
    CHECK(t.type == TableType::kNone);
    CHECK(t.partitions.empty());
  }
}

TEST_CASE("partition_table: GPT with valid CRCs") {
  const Bytes img = gpt_disk();
  const auto t = read_partition_table(MemoryImageBytes(img));
  CHECK(t.type == TableType::kGpt);
  CHECK(table_type_name(t.type) == "gpt");
  REQUIRE(t.mbr.has_value());
  CHECK(t.mbr->protective);
  CHECK_FALSE(t.mbr->boot_code);
  REQUIRE(t.gpt.has_value());
  CHECK(t.gpt->header_crc_ok);
  CHECK(t.gpt->entries_crc_ok);
  CHECK(t.gpt->backup_ok);
  CHECK(t.gpt->backup_lba == img.size() / kSector - 1);
  CHECK(t.gpt->disk_guid == "11223344-5566-7788-99aa-bbccddeeff00");
  CHECK(t.problems.empty());
  REQUIRE(t.partitions.size() == 2);  // the protective 0xEE entry is not listed
  CHECK(t.partitions[0].number == 1);
  CHECK(t.partitions[0].scheme == TableType::kGpt);
  CHECK(t.partitions[0].type == "c12a7328-f81f-11d2-ba4b-00a0c93ec93b");
  CHECK(t.partitions[0].type_name == "EFI System");
  CHECK(t.partitions[0].name == "EFI system");
  CHECK(t.partitions[0].is_esp);
  CHECK_FALSE(t.partitions[0].active);
  CHECK(t.partitions[0].start == 34 * kSector);
  CHECK(t.partitions[0].size == (1057 - 34 + 1) * kSector);
  CHECK(t.partitions[1].number == 2);
  CHECK(t.partitions[1].type == "0fc63daf-8483-4772-8e79-3d69d8477de4");
  CHECK(t.partitions[1].type_name == "Linux filesystem");
  CHECK(t.partitions[1].name == "root");
  CHECK_FALSE(t.partitions[1].is_esp);
}

TEST_CASE("partition_table: a GPT header with a wrong CRC") {
  Bytes img = gpt_disk();
  put32(img, kSector + 16, le32(img, kSector + 16) ^ 1);
  const auto t = read_partition_table(MemoryImageBytes(img));
  REQUIRE(t.gpt.has_value());
  CHECK_FALSE(t.gpt->header_crc_ok);
  CHECK(t.gpt->entries_crc_ok);
  CHECK(any_problem_with(t, "header's CRC32"));
}

TEST_CASE("partition_table: a GPT entry array with a wrong CRC") {
  Bytes img = gpt_disk();
  put8(img, 2 * kSector + 128 + 56, 'R');  // "root" -> "Root" after the CRC was taken
  const auto t = read_partition_table(MemoryImageBytes(img));
  REQUIRE(t.gpt.has_value());
  CHECK(t.gpt->header_crc_ok);
  CHECK_FALSE(t.gpt->entries_crc_ok);
  CHECK(any_problem_with(t, "entry array's CRC32"));
}

TEST_CASE("partition_table: a backup GPT header not at the last sector") {
  SUBCASE("the image is longer than the disk the GPT was made for") {
    Bytes img = gpt_disk();
    img.resize(img.size() + 64 * kSector);
    const auto t = read_partition_table(MemoryImageBytes(img));
    REQUIRE(t.gpt.has_value());
    CHECK(t.gpt->header_crc_ok);
    CHECK_FALSE(t.gpt->backup_ok);
    CHECK(t.gpt->backup_lba == 2047);
    CHECK(any_problem_with(t, "backup GPT header is at sector 2047"));
    CHECK(any_problem_with(t, "(2111)"));
  }
  SUBCASE("the header names another sector") {
    GptOptions o;
    o.backup_lba = 1000;
    const auto t = read_partition_table(MemoryImageBytes(gpt_disk(o)));
    REQUIRE(t.gpt.has_value());
    CHECK_FALSE(t.gpt->backup_ok);
    CHECK(t.gpt->backup_lba == 1000);
    CHECK(any_problem_with(t, "backup"));
  }
}

TEST_CASE("partition_table: a hostile GPT entry count or size is refused without a huge read") {
  std::uint32_t count = 0, size = 0;
  SUBCASE("4 billion entries") {
    count = 0xffffffffu;
    size = 128;
  }
  SUBCASE("one entry of 4 GiB") {
    count = 1;
    size = 0xfffffff8u;
  }
  SUBCASE("a million entries of 128 bytes (128 MiB)") {
    count = 1u << 20;
    size = 128;
  }
  SUBCASE("entries shorter than 128 bytes") {
    count = 128;
    size = 64;
  }
  SUBCASE("entries of an odd size") {
    count = 128;
    size = 130;
  }
  Bytes img = gpt_disk();
  put32(img, kSector + 80, count);
  put32(img, kSector + 84, size);
  reseal_gpt_header(img);
  const RecordingImageBytes image(img);
  const auto t = read_partition_table(image);
  CHECK(t.type == TableType::kGpt);
  REQUIRE(t.gpt.has_value());
  CHECK(t.gpt->header_crc_ok);
  CHECK_FALSE(t.gpt->entries_crc_ok);
  CHECK(t.partitions.empty());
  CHECK(any_problem_with(t, "impossible entry array"));
  CHECK(image.largest_read() <= 1024 * 1024);
}

TEST_CASE("partition_table: an entry array that lies beyond the image is a problem") {
  Bytes img = gpt_disk();
  put64(img, kSector + 72, 1u << 20);  // entries at LBA 1Mi: beyond a 1 MiB image
  reseal_gpt_header(img);
  const auto t = read_partition_table(MemoryImageBytes(img));
  REQUIRE(t.gpt.has_value());
  CHECK_FALSE(t.gpt->entries_crc_ok);
  CHECK(t.partitions.empty());
  CHECK(any_problem_with(t, "cannot be read"));
}

TEST_CASE("partition_table: a protective MBR without a GPT header") {
  Bytes img(64 * kSector);
  const MbrEntry entries[] = {{0, 0xee, 1, 63}};
  put_partition_sector(img, 0, entries);
  const auto t = read_partition_table(MemoryImageBytes(img));
  CHECK(t.type == TableType::kMbr);
  CHECK_FALSE(t.gpt.has_value());
  CHECK(any_problem_with(t, "no GPT header"));
}
