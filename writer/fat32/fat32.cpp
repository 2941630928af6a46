// Geometry, boot sector, FSInfo sector and date stamps of a FAT32 volume (fatgen103).

#include "writer/fat32/fat32.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "writer/fat32/boot_code.h"
#include "writer/fat32/le_bytes.h"

namespace sw::writer::fat32 {

using detail::put_le16;
using detail::put_le32;
using detail::put_text;

namespace {

/// fatgen103 §3.5, DskTableFAT32, for 512-byte sectors: the volume size up to which each
/// cluster size applies. Volumes of 66600 sectors or fewer cannot hold the 65525 clusters that
/// make a FAT32 volume at one sector per cluster, so the table refuses them. Above 32 GiB
/// (67108864 sectors) the table gives 64 sectors, 32 KiB clusters.
struct ClusterSizeStep {
  std::uint64_t up_to_sectors;
  std::uint32_t sectors_per_cluster;
};
constexpr ClusterSizeStep kDskTableFat32[] = {
    {66600, 0}, {532480, 1}, {16777216, 8}, {33554432, 16}, {67108864, 32},
};
constexpr std::uint32_t kLargestSectorsPerCluster = 64;

/// fatgen103 §3.1: the OEM name is only a label, but the spec notes that some FAT drivers
/// check it and that "MSWIN4.1" is the most compatible value, so we write that.
constexpr std::string_view kOemName = "MSWIN4.1";
constexpr std::uint8_t kMediaFixed = 0xF8;
constexpr std::uint16_t kSectorsPerTrack = 63;
constexpr std::uint16_t kHeads = 255;
constexpr std::uint8_t kDriveNumberHardDisk = 0x80;
constexpr std::uint8_t kExtendedBootSignature = 0x29;
/// Boot code starts right after the FAT32 BPB (BS_FilSysType ends at 90); the jump EB 58 90
/// lands there (2 + 0x58 = 90).
constexpr std::size_t kBootCodeOffset = 90;
constexpr std::size_t kSignatureOffset = 510;

constexpr std::string_view kBootMessage =
    "This is not a bootable partition. Boot from the USB stick itself.\r\n";
static_assert(kBootCodeOffset + message_boot_code_bytes(kBootMessage) <= kSignatureOffset);

/// Writes the boot code and its NUL-terminated message from kBootCodeOffset. The stick boots
/// through its MBR and GRUB; this only runs when a firmware boots the partition.
void put_boot_code(std::span<std::byte> s) {
  const auto code = message_boot_code(kBootCodeOffset, kBootMessage);
  std::copy(code.begin(), code.end(), s.begin() + kBootCodeOffset);
}

}  // namespace

std::optional<std::uint32_t> sectors_per_cluster(std::uint64_t total_sectors) {
  for (const auto& step : kDskTableFat32) {
    if (total_sectors <= step.up_to_sectors) {
      if (step.sectors_per_cluster == 0) return std::nullopt;
      return step.sectors_per_cluster;
    }
  }
  return kLargestSectorsPerCluster;
}

Result<Geometry> plan_geometry(std::uint64_t total_sectors) {
  if (total_sectors > std::numeric_limits<std::uint32_t>::max()) {
    return fail(ErrorKind::kInput,
                fmt::format("a FAT32 volume holds at most {} sectors (2 TiB); this one would "
                            "have {}",
                            std::numeric_limits<std::uint32_t>::max(), total_sectors));
  }
  const auto spc = sectors_per_cluster(total_sectors);
  if (!spc) {
    return fail(ErrorKind::kInput,
                fmt::format("a volume of {} sectors ({} MiB) is too small for FAT32, which "
                            "needs more than 66600 sectors",
                            total_sectors, total_sectors * kSectorBytes >> 20));
  }
  // fatgen103 §3.5, the FATSz computation. RootDirSectors is 0 on FAT32. TmpVal2 counts the
  // sectors that one FAT sector "pays for" (its 128 entries' clusters plus its share of the
  // FAT copies); the result may be a few sectors larger than needed, never smaller.
  const std::uint64_t tmp_val1 = total_sectors - kReservedSectors;
  const std::uint64_t tmp_val2 = ((256ull * *spc) + kFatCount) / 2;
  const std::uint64_t fat_sectors = (tmp_val1 + (tmp_val2 - 1)) / tmp_val2;
  const std::uint64_t data_sectors = total_sectors - kReservedSectors - kFatCount * fat_sectors;
  const std::uint64_t clusters = data_sectors / *spc;
  if (clusters < kMinClusters) {
    return fail(ErrorKind::kInput,
                fmt::format("a volume of {} sectors has {} clusters; FAT32 needs at least {}",
                            total_sectors, clusters, kMinClusters));
  }
  // Entries 0 and 1 are reserved (fatgen103 §4), so the FAT holds clusters + 2 entries.
  if (fat_sectors * (kSectorBytes / 4) < clusters + 2) {
    return fail(ErrorKind::kInput,
                fmt::format("FAT of {} sectors cannot map {} clusters", fat_sectors, clusters));
  }
  return Geometry{static_cast<std::uint32_t>(total_sectors), *spc,
                  static_cast<std::uint32_t>(fat_sectors), static_cast<std::uint32_t>(clusters)};
}

Sector boot_sector(const Geometry& g, const VolumeInfo& v) {
  // Field offsets from fatgen103 §3.1 (BPB common to FAT12/16/32) and §3.3 (FAT32 part).
  Sector s{};
  put_text(s, 0, "\xEB\x58\x90");  // BS_jmpBoot
  put_text(s, 3, kOemName);        // BS_OEMName
  put_le16(s, 11, kSectorBytes);   // BPB_BytsPerSec
  s[13] = static_cast<std::byte>(g.sectors_per_cluster);
  put_le16(s, 14, kReservedSectors);  // BPB_RsvdSecCnt
  s[16] = static_cast<std::byte>(kFatCount);
  put_le16(s, 17, 0);  // BPB_RootEntCnt: 0 on FAT32
  put_le16(s, 19, 0);  // BPB_TotSec16: 0, the count is in BPB_TotSec32
  s[21] = static_cast<std::byte>(kMediaFixed);
  put_le16(s, 22, 0);  // BPB_FATSz16: 0, the size is in BPB_FATSz32
  put_le16(s, 24, kSectorsPerTrack);
  put_le16(s, 26, kHeads);
  put_le32(s, 28, v.hidden_sectors);
  put_le32(s, 32, g.total_sectors);
  put_le32(s, 36, g.fat_sectors);
  put_le16(s, 40, 0);  // BPB_ExtFlags: both FATs mirrored
  put_le16(s, 42, 0);  // BPB_FSVer 0.0
  put_le32(s, 44, kRootCluster);
  put_le16(s, 48, kFsInfoSector);
  put_le16(s, 50, kBackupBootSector);
  s[64] = static_cast<std::byte>(kDriveNumberHardDisk);
  s[66] = static_cast<std::byte>(kExtendedBootSignature);
  put_le32(s, 67, v.volume_id);
  put_text(s, 71, std::string_view(v.label.data(), v.label.size()));
  put_text(s, 82, "FAT32   ");  // BS_FilSysType
  put_boot_code(s);
  put_text(s, kSignatureOffset, "\x55\xAA");
  return s;
}

Sector fsinfo_sector(std::uint32_t free_clusters, std::uint32_t next_free) {
  // fatgen103 §5: FSI_LeadSig, FSI_StrucSig, FSI_Free_Count, FSI_Nxt_Free, FSI_TrailSig; the
  // reserved areas between them stay zero.
  Sector s{};
  put_le32(s, 0, 0x41615252);
  put_le32(s, 484, 0x61417272);
  put_le32(s, 488, free_clusters);
  put_le32(s, 492, next_free);
  put_le32(s, 508, 0xAA550000);
  return s;
}

std::vector<std::byte> reserved_region(const Geometry& g, const VolumeInfo& v,
                                       std::uint32_t used_clusters) {
  std::vector<std::byte> r(std::size_t{kReservedSectors} * kSectorBytes);
  const auto boot = boot_sector(g, v);
  const auto info = fsinfo_sector(g.cluster_count - used_clusters, kRootCluster + used_clusters);
  for (std::size_t at : {std::size_t{0}, std::size_t{kBackupBootSector}}) {
    std::copy(boot.begin(), boot.end(), r.begin() + at * kSectorBytes);
    std::copy(info.begin(), info.end(), r.begin() + (at + 1) * kSectorBytes);
  }
  return r;
}

DosTime dos_time(int year, int month, int day, int hour, int minute, int second) {
  // fatgen103 §6: years count from 1980 in 7 bits, so 1980..2107 are representable; seconds
  // have a 2-second granularity, and DIR_CrtTimeTenth (in units of 10 ms) keeps the odd second.
  if (year < 1980) return DosTime{(0 << 9) | (1 << 5) | 1, 0, 0};
  if (year > 2107) {
    return DosTime{static_cast<std::uint16_t>((127 << 9) | (12 << 5) | 31),
                   static_cast<std::uint16_t>((23 << 11) | (59 << 5) | 29), 0};
  }
  month = std::clamp(month, 1, 12);
  day = std::clamp(day, 1, 31);
  hour = std::clamp(hour, 0, 23);
  minute = std::clamp(minute, 0, 59);
  second = std::clamp(second, 0, 59);
  DosTime t;
  t.date = static_cast<std::uint16_t>(((year - 1980) << 9) | (month << 5) | day);
  t.time = static_cast<std::uint16_t>((hour << 11) | (minute << 5) | (second / 2));
  t.tenths = static_cast<std::uint8_t>((second % 2) * 100);
  return t;
}

}  // namespace sw::writer::fat32
