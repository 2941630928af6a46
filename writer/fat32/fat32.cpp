#include "writer/fat32/fat32.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

namespace sw::writer::fat32 {
namespace {

void put16(std::span<std::byte> b, std::size_t at, std::uint32_t v) {
  b[at] = std::byte(v & 0xff);
  b[at + 1] = std::byte((v >> 8) & 0xff);
}

void put32(std::span<std::byte> b, std::size_t at, std::uint32_t v) {
  put16(b, at, v & 0xffff);
  put16(b, at + 2, v >> 16);
}

void put_text(std::span<std::byte> b, std::size_t at, std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) b[at + i] = std::byte(text[i]);
}

/// Code run only if a BIOS is told to boot the partition itself: it prints a line and halts.
/// Real mode at 0x7C5A: xor ax,ax; mov ds,ax; xor bx,bx; mov si,0x7C74; print: lodsb;
/// test al,al; jz halt; mov ah,0x0E; int 0x10; jmp print; halt: hlt; jmp halt. The message
/// follows at 0x7C74.
constexpr std::uint8_t kBootCode[] = {0x31, 0xc0, 0x8e, 0xd8, 0x31, 0xdb, 0xbe, 0x74,
                                      0x7c, 0xac, 0x84, 0xc0, 0x74, 0x06, 0xb4, 0x0e,
                                      0xcd, 0x10, 0xeb, 0xf5, 0xf4, 0xeb, 0xfd};
constexpr std::string_view kBootMessage =
    "This partition is not bootable; boot the stick itself.\r\n";
constexpr std::size_t kBootCodeAt = 0x5a;
constexpr std::size_t kBootMessageAt = 0x74;

}  // namespace

std::optional<std::uint32_t> sectors_per_cluster(std::uint64_t total_sectors) {
  // fatgen103 §3.5, DskTableFAT32 (512-byte sectors).
  if (total_sectors <= 66600) return std::nullopt;
  if (total_sectors <= 532480) return 1;
  if (total_sectors <= 16777216) return 8;
  if (total_sectors <= 33554432) return 16;
  if (total_sectors <= 67108864) return 32;
  return 64;
}

Result<Geometry> plan_geometry(std::uint64_t total_sectors) {
  if (total_sectors > 0xffffffffull) {
    return fail(
        ErrorKind::kInput,
        fmt::format("a FAT32 volume holds at most 2^32 - 1 sectors, not {}", total_sectors));
  }
  const auto spc = sectors_per_cluster(total_sectors);
  if (!spc) {
    return fail(ErrorKind::kInput,
                fmt::format("{} sectors ({} MiB) is too small for FAT32 (more than 66600 sectors "
                            "are needed)",
                            total_sectors, total_sectors / 2048));
  }
  // fatgen103 §3.5: the FAT size formula (RootDirSectors is 0 on FAT32). It may give a FAT a
  // little larger than needed, never smaller.
  const std::uint64_t tmp1 = total_sectors - kReservedSectors;
  const std::uint64_t tmp2 = ((256ull * *spc) + kFatCount) / 2;
  Geometry g;
  g.total_sectors = static_cast<std::uint32_t>(total_sectors);
  g.sectors_per_cluster = *spc;
  g.fat_sectors = static_cast<std::uint32_t>((tmp1 + tmp2 - 1) / tmp2);
  const std::uint64_t data =
      total_sectors - kReservedSectors - std::uint64_t{kFatCount} * g.fat_sectors;
  g.cluster_count = static_cast<std::uint32_t>(data / *spc);
  if (g.cluster_count < kMinClusters) {
    return fail(ErrorKind::kInput, fmt::format("{} sectors give {} clusters, fewer than FAT32's "
                                               "minimum of {}",
                                               total_sectors, g.cluster_count, kMinClusters));
  }
  if ((std::uint64_t{g.cluster_count} + 2) * 4 > std::uint64_t{g.fat_sectors} * kSectorBytes) {
    return fail(ErrorKind::kInput, "internal error: the FAT is too small for its clusters");
  }
  return g;
}

Sector boot_sector(const Geometry& g, const VolumeInfo& v) {
  Sector s{};
  const std::span<std::byte> b(s);
  b[0] = std::byte{0xeb};
  b[1] = std::byte{0x58};
  b[2] = std::byte{0x90};
  put_text(b, 3, "STICKWRT");
  put16(b, 11, kSectorBytes);
  b[13] = std::byte(g.sectors_per_cluster);
  put16(b, 14, kReservedSectors);
  b[16] = std::byte(kFatCount);
  put16(b, 17, 0);                  // BPB_RootEntCnt: 0 on FAT32
  put16(b, 19, 0);                  // BPB_TotSec16
  b[21] = std::byte{0xf8};          // BPB_Media: fixed disk
  put16(b, 22, 0);                  // BPB_FATSz16
  put16(b, 24, 63);                 // BPB_SecPerTrk
  put16(b, 26, 255);                // BPB_NumHeads
  put32(b, 28, v.hidden_sectors);   // BPB_HiddSec
  put32(b, 32, g.total_sectors);    // BPB_TotSec32
  put32(b, 36, g.fat_sectors);      // BPB_FATSz32
  put16(b, 40, 0);                  // BPB_ExtFlags: both FATs mirrored
  put16(b, 42, 0);                  // BPB_FSVer 0.0
  put32(b, 44, kRootCluster);       // BPB_RootClus
  put16(b, 48, kFsInfoSector);      // BPB_FSInfo
  put16(b, 50, kBackupBootSector);  // BPB_BkBootSec
  b[64] = std::byte{0x80};          // BS_DrvNum
  b[66] = std::byte{0x29};          // BS_BootSig: the next three fields are present
  put32(b, 67, v.volume_id);        // BS_VolID
  for (std::size_t i = 0; i < 11; ++i) b[71 + i] = std::byte(v.label[i]);
  put_text(b, 82, "FAT32   ");  // BS_FilSysType
  std::memcpy(s.data() + kBootCodeAt, kBootCode, sizeof kBootCode);
  put_text(b, kBootMessageAt, kBootMessage);
  b[510] = std::byte{0x55};
  b[511] = std::byte{0xaa};
  return s;
}

Sector fsinfo_sector(std::uint32_t free_clusters, std::uint32_t next_free) {
  // fatgen103 §5: FSInfo sector structure.
  Sector s{};
  const std::span<std::byte> b(s);
  put32(b, 0, 0x41615252);
  put32(b, 484, 0x61417272);
  put32(b, 488, free_clusters);
  put32(b, 492, next_free);
  put32(b, 508, 0xaa550000);
  return s;
}

DosTime dos_time(int year, int month, int day, int hour, int minute, int second) {
  if (year < 1980) return DosTime{(0 << 9) | (1 << 5) | 1, 0, 0};
  if (year > 2107) return DosTime{(127 << 9) | (12 << 5) | 31, (23 << 11) | (59 << 5) | 29, 100};
  DosTime t;
  t.date = static_cast<std::uint16_t>(((year - 1980) << 9) | (std::clamp(month, 1, 12) << 5) |
                                      std::clamp(day, 1, 31));
  t.time = static_cast<std::uint16_t>((std::clamp(hour, 0, 23) << 11) |
                                      (std::clamp(minute, 0, 59) << 5) |
                                      (std::clamp(second, 0, 59) / 2));
  t.tenths = static_cast<std::uint8_t>((second % 2) * 100);
  return t;
}

}  // namespace sw::writer::fat32
