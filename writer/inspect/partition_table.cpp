#include "writer/inspect/partition_table.h"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <set>

namespace sw::writer {
namespace {

constexpr std::uint64_t kSector = 512;
constexpr std::size_t kMbrEntries = 446;
constexpr std::string_view kEspGuid = "c12a7328-f81f-11d2-ba4b-00a0c93ec93b";
// Bounds against hostile tables: a GPT entry array of at most 1 MiB, at most 64 logical
// partitions in an extended chain.
constexpr std::uint64_t kMaxGptArrayBytes = 1024 * 1024;
constexpr int kMaxLogical = 64;

bool is_extended(std::uint8_t type) { return type == 0x05 || type == 0x0f || type == 0x85; }

/// An entry in use: a type, or a size (isohybrid MBRs give the ISO an active entry of type 0).
bool entry_used(std::span<const std::byte> sector, std::size_t e) {
  return byte_at(sector, e + 4) != 0 || le32(sector, e + 12) != 0;
}

/// True when the four entries look like a partition table rather than a boot sector's code:
/// boot flags are 0x00 or 0x80, typed entries have a size, and at least one entry is used.
bool looks_like_mbr(std::span<const std::byte> s0) {
  int used = 0;
  for (int i = 0; i < 4; ++i) {
    const std::size_t e = kMbrEntries + static_cast<std::size_t>(i) * 16;
    const auto flag = byte_at(s0, e);
    if (flag != 0x00 && flag != 0x80) return false;
    if (!entry_used(s0, e)) continue;
    if (le32(s0, e + 12) == 0) return false;
    ++used;
  }
  return used > 0;
}

Partition mbr_partition(std::span<const std::byte> sector, std::size_t e, std::uint64_t base_lba,
                        int number) {
  Partition p;
  p.number = number;
  p.scheme = TableType::kMbr;
  const auto type = byte_at(sector, e + 4);
  p.type = fmt::format("0x{:02x}", type);
  p.type_name = partition_type_name(p.type);
  p.active = byte_at(sector, e) == 0x80;
  p.start = (base_lba + le32(sector, e + 8)) * kSector;
  p.size = static_cast<std::uint64_t>(le32(sector, e + 12)) * kSector;
  p.is_esp = type == 0xef;
  p.is_container = type == 0xee || type == 0x05 || type == 0x0f || type == 0x85;
  return p;
}

/// Follows an extended partition's chain of EBRs (logical partitions are numbered from 5).
void read_logical(const ImageBytes& image, std::uint64_t ext_lba, PartitionTable& t) {
  std::uint64_t ebr = ext_lba;
  std::set<std::uint64_t> seen;
  for (int n = 0; n < kMaxLogical; ++n) {
    if (!seen.insert(ebr).second) {
      t.problems.push_back(
          fmt::format("the extended partition's chain loops back to sector {}", ebr));
      return;
    }
    auto s = image.read_vec(ebr * kSector, kSector);
    if (!s || le16(*s, 510) != 0xaa55) {
      t.problems.push_back(fmt::format("the extended partition's chain breaks at sector {}", ebr));
      return;
    }
    if (byte_at(*s, kMbrEntries + 4) != 0) {
      t.partitions.push_back(mbr_partition(*s, kMbrEntries, ebr, 5 + n));
    }
    const std::uint32_t next = le32(*s, kMbrEntries + 16 + 8);
    if (byte_at(*s, kMbrEntries + 16 + 4) == 0 || next == 0) return;
    ebr = ext_lba + next;
  }
  t.problems.push_back("the extended partition's chain is longer than 64 entries; stopped there");
}

void read_mbr(const ImageBytes& image, std::span<const std::byte> s0, PartitionTable& t) {
  MbrInfo m;
  m.boot_code =
      std::any_of(s0.begin(), s0.begin() + 440, [](std::byte b) { return b != std::byte{0}; });
  m.disk_id = le32(s0, 440);
  for (int i = 0; i < 4; ++i) {
    const std::size_t e = kMbrEntries + static_cast<std::size_t>(i) * 16;
    const auto type = byte_at(s0, e + 4);
    if (!entry_used(s0, e)) continue;
    if (type == 0xee) m.protective = true;
    t.partitions.push_back(mbr_partition(s0, e, 0, i + 1));
    if (is_extended(type)) read_logical(image, le32(s0, e + 8), t);
  }
  t.mbr = m;
  t.type = TableType::kMbr;
}

void read_gpt_entries(const ImageBytes& image, std::span<const std::byte> h, GptInfo& g,
                      PartitionTable& t) {
  const std::uint64_t lba = le64(h, 72);
  const std::uint32_t count = le32(h, 80), entry_size = le32(h, 84);
  if (entry_size < 128 || entry_size % 8 != 0 ||
      static_cast<std::uint64_t>(count) * entry_size > kMaxGptArrayBytes) {
    t.problems.push_back(
        fmt::format("the GPT header gives an impossible entry array ({} entries of {} bytes)",
                    count, entry_size));
    return;
  }
  if (lba > image.size() / kSector) {
    t.problems.push_back(fmt::format(
        "the GPT entry array at sector {} cannot be read: it lies beyond the image", lba));
    return;
  }
  auto arr = image.read_vec(lba * kSector, static_cast<std::size_t>(count) * entry_size);
  if (!arr) {
    t.problems.push_back(fmt::format("the GPT entry array at sector {} cannot be read: {}", lba,
                                     arr.error().message));
    return;
  }
  g.entries_crc_ok = crc32_of(*arr) == le32(h, 88);
  if (!g.entries_crc_ok) t.problems.push_back("the GPT entry array's CRC32 is wrong");
  for (std::uint32_t i = 0; i < count; ++i) {
    const auto e = std::span<const std::byte>(*arr).subspan(std::size_t{i} * entry_size, 128);
    if (std::all_of(e.begin(), e.begin() + 16, [](std::byte b) { return b == std::byte{0}; })) {
      continue;
    }
    Partition p;
    p.number = static_cast<int>(i) + 1;
    p.scheme = TableType::kGpt;
    p.type = guid_text(e, 0);
    p.type_name = partition_type_name(p.type);
    const std::uint64_t first = le64(e, 32), last = le64(e, 40);
    p.start = first * kSector;
    p.size = last >= first ? (last - first + 1) * kSector : 0;
    for (std::size_t c = 56; c + 1 < 128; c += 2) {
      const auto ch = le16(e, c);
      if (ch == 0) break;
      p.name.push_back(ch < 0x80 ? static_cast<char>(ch) : '?');
    }
    p.is_esp = p.type == kEspGuid;
    t.partitions.push_back(std::move(p));
  }
}

void read_gpt(const ImageBytes& image, PartitionTable& t) {
  auto h = image.read_vec(kSector, kSector);
  if (!h || !bytes_equal(*h, 0, "EFI PART")) {
    t.problems.push_back("the protective MBR announces a GPT but sector 1 holds no GPT header");
    return;
  }
  GptInfo g;
  const std::uint32_t header_size = le32(*h, 12);
  if (header_size >= 92 && header_size <= kSector) {
    std::vector<std::byte> copy(h->begin(), h->begin() + header_size);
    std::fill_n(copy.begin() + 16, 4, std::byte{0});
    g.header_crc_ok = crc32_of(copy) == le32(*h, 16);
  }
  if (!g.header_crc_ok) t.problems.push_back("the GPT header's CRC32 is wrong");
  g.backup_lba = le64(*h, 32);
  g.backup_ok = image.size() >= kSector && g.backup_lba == image.size() / kSector - 1;
  if (!image.size_exact()) {
    g.backup_ok = g.backup_lba >= image.size() / kSector - 1;  // cannot tell exactly
  } else if (!g.backup_ok) {
    t.problems.push_back(fmt::format(
        "the backup GPT header is at sector {}, not at the image's last sector ({}); the image "
        "was made for a disk of another size",
        g.backup_lba, image.size() / kSector - 1));
  }
  g.disk_guid = guid_text(*h, 56);
  t.partitions.clear();  // the protective MBR's entry stands for the whole GPT
  read_gpt_entries(image, *h, g, t);
  t.gpt = g;
  t.type = TableType::kGpt;
}

}  // namespace

std::uint32_t crc32_of(std::span<const std::byte> bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  std::size_t done = 0;
  while (done < bytes.size()) {
    const auto n = static_cast<uInt>(std::min<std::size_t>(bytes.size() - done, 1u << 30));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data() + done), n);
    done += n;
  }
  return static_cast<std::uint32_t>(crc);
}

std::string guid_text(std::span<const std::byte> b, std::size_t at) {
  std::string out =
      fmt::format("{:08x}-{:04x}-{:04x}-", le32(b, at), le16(b, at + 4), le16(b, at + 6));
  for (std::size_t i = 8; i < 16; ++i) {
    if (i == 10) out.push_back('-');
    out += fmt::format("{:02x}", byte_at(b, at + i));
  }
  return out;
}

std::string partition_type_name(const std::string& type) {
  static const std::array<std::pair<std::string_view, std::string_view>, 22> kNames{{
      {"0x01", "FAT12"},
      {"0x04", "FAT16 <32M"},
      {"0x05", "Extended"},
      {"0x06", "FAT16"},
      {"0x07", "NTFS/exFAT"},
      {"0x0b", "FAT32"},
      {"0x0c", "FAT32 (LBA)"},
      {"0x0e", "FAT16 (LBA)"},
      {"0x0f", "Extended (LBA)"},
      {"0x17", "Hidden NTFS/IFS"},
      {"0x82", "Linux swap"},
      {"0x83", "Linux"},
      {"0x85", "Linux extended"},
      {"0x00", "Empty"},
      {"0xee", "GPT protective"},
      {"0xef", "EFI System"},
      {std::string_view(kEspGuid), "EFI System"},
      {"21686148-6449-6e6f-744e-656564454649", "BIOS boot"},
      {"0fc63daf-8483-4772-8e79-3d69d8477de4", "Linux filesystem"},
      {"ebd0a0a2-b9e5-4433-87c0-68b6b72699c7", "Microsoft basic data"},
      {"0657fd6d-a4ab-43c4-84e5-0933c84b4f4f", "Linux swap"},
      {"48465300-0000-11aa-aa11-00306543ecac", "Apple HFS+"},
  }};
  for (const auto& [k, v] : kNames) {
    if (k == type) return std::string(v);
  }
  return {};
}

std::string_view table_type_name(TableType t) {
  switch (t) {
    case TableType::kMbr:
      return "mbr";
    case TableType::kGpt:
      return "gpt";
    case TableType::kNone:
      break;
  }
  return "none";
}

PartitionTable read_partition_table(const ImageBytes& image) {
  PartitionTable t;
  auto s0 = image.read_vec(0, kSector);
  if (!s0 || le16(*s0, 510) != 0xaa55 || !looks_like_mbr(*s0)) return t;
  read_mbr(image, *s0, t);
  if (t.mbr->protective) read_gpt(image, t);
  return t;
}

}  // namespace sw::writer
