#pragma once
/// FAT32 as stickwright generates it for Windows installer sticks, per Microsoft's FAT
/// specification (fatgen103, "Microsoft Extensible Firmware Initiative FAT32 File System
/// Specification", 2000): geometry, boot sector, FSInfo, names (8.3 and VFAT long names) and
/// directory entries. Pure functions over bytes: nothing here does I/O.

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/result.h"

namespace sw::writer::fat32 {

inline constexpr std::uint32_t kSectorBytes = 512;
inline constexpr std::uint32_t kReservedSectors = 32;
inline constexpr std::uint32_t kFatCount = 2;
inline constexpr std::uint32_t kFsInfoSector = 1;
inline constexpr std::uint32_t kBackupBootSector = 6;
inline constexpr std::uint32_t kRootCluster = 2;
/// fatgen103 §3.5: a FAT32 volume has at least this many clusters.
inline constexpr std::uint32_t kMinClusters = 65525;
/// The largest file FAT32 can hold.
inline constexpr std::uint64_t kMaxFileBytes = 0xFFFFFFFFull;
inline constexpr std::size_t kDirEntryBytes = 32;

/// fatgen103 §3.5, DskTableFAT32: sectors per cluster for a volume of `total_sectors` 512-byte
/// sectors; none when the volume is too small for FAT32 (66600 sectors or fewer).
std::optional<std::uint32_t> sectors_per_cluster(std::uint64_t total_sectors);

/// Where everything lies in a FAT32 volume.
struct Geometry {
  std::uint32_t total_sectors = 0;
  std::uint32_t sectors_per_cluster = 0;
  std::uint32_t fat_sectors = 0;    ///< of one FAT (BPB_FATSz32)
  std::uint32_t cluster_count = 0;  ///< data clusters, numbered 2 .. cluster_count + 1

  /// A cluster is read and written as one buffer: a memory size (at most 64 KiB, fatgen103 §3.1),
  /// widened where it meets byte offsets on the volume.
  std::size_t cluster_bytes() const { return std::size_t{sectors_per_cluster} * kSectorBytes; }
  /// First sector of the data region (cluster 2), from the volume's start.
  std::uint64_t data_sector() const {
    return kReservedSectors + std::uint64_t{kFatCount} * fat_sectors;
  }
  /// Byte offset of a cluster (>= 2) from the volume's start.
  std::uint64_t cluster_offset(std::uint32_t cluster) const {
    return data_sector() * kSectorBytes + std::uint64_t{cluster - 2} * cluster_bytes();
  }
};

/// The geometry of a volume of `total_sectors` sectors: cluster size from the table, FAT size
/// from fatgen103's formula (§3.5, the FATSz computation), cluster count from what remains.
/// kInput errors: too small (fewer than kMinClusters clusters), or over 2^32 - 1 sectors.
Result<Geometry> plan_geometry(std::uint64_t total_sectors);

/// What the boot sector names.
struct VolumeInfo {
  std::uint32_t hidden_sectors = 0;  ///< BPB_HiddSec: the partition's first LBA
  std::uint32_t volume_id = 0;       ///< BS_VolID
  std::array<char, 11> label{};      ///< BS_VolLab, space padded
};

using Sector = std::array<std::byte, kSectorBytes>;

/// The boot sector (fatgen103 §3.1, §3.3): jump EB 58 90, OEM name, the BPB for `g`, media F8,
/// 63 sectors/track, 255 heads, root cluster 2, FSInfo at 1, backup at 6, drive 0x80, boot
/// signature 0x29, "FAT32   ", and 0x55AA. The boot code area holds a few bytes that print
/// "not a bootable partition" and halt (the stick boots through its MBR, never through this).
Sector boot_sector(const Geometry& g, const VolumeInfo& v);

/// The FSInfo sector (fatgen103 §5): signatures, free cluster count and next free cluster.
Sector fsinfo_sector(std::uint32_t free_clusters, std::uint32_t next_free);

/// The reserved region, kReservedSectors sectors: the boot sector and FSInfo at sectors 0 and 1,
/// their copies at kBackupBootSector and the one after, the rest zero. `used_clusters` data
/// clusters from cluster 2 on are taken; FSInfo counts the rest free.
std::vector<std::byte> reserved_region(const Geometry& g, const VolumeInfo& v,
                                       std::uint32_t used_clusters);

/// A FAT "date and time" (fatgen103 §6, "Date and Time Formats").
struct DosTime {
  std::uint16_t date = 0;   ///< bits 15-9 year-1980, 8-5 month, 4-0 day
  std::uint16_t time = 0;   ///< bits 15-11 hours, 10-5 minutes, 4-0 seconds/2
  std::uint8_t tenths = 0;  ///< DIR_CrtTimeTenth: 0-199 hundredths of a second
};

/// A DosTime from calendar fields; years before 1980 become 1980-01-01 00:00, after 2107 become
/// 2107-12-31 23:59:58.
DosTime dos_time(int year, int month, int day, int hour, int minute, int second);

/// An 8.3 name as stored: 8 + 3 characters, space padded, upper case OEM characters.
using ShortName = std::array<char, 11>;

/// The short names of one directory. add() returns the short name for the next long name, in the
/// manner of Windows (fatgen103 §7, "The Basis-Name Generation Algorithm" and "The Numeric-Tail
/// Generation Algorithm"): upper case, invalid characters to '_', spaces and extra periods
/// removed, a "~N" tail when the conversion lost something or the name is taken. Names are
/// unique within the table (compared as stored). "." and ".." are not passed here.
class ShortNameTable {
 public:
  ShortName add(std::string_view long_name_utf8);
  /// True when `long_name_utf8` is exactly representable by the short name add() gave for it,
  /// so no long-name entries are needed (all upper case, 8.3, valid characters).
  static bool fits_short(std::string_view long_name_utf8);

 private:
  std::vector<ShortName> m_taken;                  ///< sorted, for binary search
  std::map<ShortName, std::uint32_t> m_next_tail;  ///< per basis name: the first tail to try
};

/// fatgen103 §7: the checksum of a short name that each long-name entry carries.
std::uint8_t lfn_checksum(const ShortName& name);

/// UTF-8 to UTF-16 (surrogate pairs for characters above U+FFFF); none for invalid UTF-8.
std::optional<std::u16string> utf8_to_utf16(std::string_view utf8);

/// File attributes (fatgen103 §6).
inline constexpr std::uint8_t kAttrReadOnly = 0x01, kAttrHidden = 0x02, kAttrSystem = 0x04,
                              kAttrVolumeId = 0x08, kAttrDirectory = 0x10, kAttrArchive = 0x20,
                              kAttrLongName = 0x0F;

/// One file or directory as its directory lists it.
struct EntrySpec {
  std::string long_name;  ///< UTF-8; the name the user sees
  ShortName short_name{};
  std::uint8_t attributes = kAttrArchive;
  std::uint32_t first_cluster = 0;  ///< 0 for an empty file
  std::uint32_t size = 0;           ///< 0 for a directory
  DosTime time;                     ///< creation, write and access date
};

/// The 32-byte entries for one name: the long-name entries (last part first, 0x40 on the first
/// one written, 13 UTF-16 characters each, 0x0000 then 0xFFFF padding, the checksum of the
/// short name) followed by the short entry. No long-name entries when fits_short() and
/// `short_name` is that very name (when another entry took it and `short_name` has a tail, the
/// long name is written). A directory's size is written as 0 whatever `size` says.
/// kInput error when the long name is not valid UTF-8 or longer than 255 UTF-16 units, or is
/// empty, "." or "..", or holds a control character or one of " * / : < > ? \ |, or when
/// `short_name` is unset or invalid (starts with NUL, space or 0xE5).
Result<std::vector<std::byte>> directory_entries(const EntrySpec& e);

/// The "." and ".." entries that start a subdirectory (`parent_cluster` 0 when the parent is the
/// root, as fatgen103 §6.1 says).
std::vector<std::byte> dot_entries(std::uint32_t self_cluster, std::uint32_t parent_cluster,
                                   DosTime time);

/// The volume label entry of the root directory (attribute kAttrVolumeId).
std::vector<std::byte> volume_label_entry(const std::array<char, 11>& label, DosTime time);

/// An 11-character volume label from a name (e.g. a UDF volume identifier): upper case, the
/// characters a label may not hold replaced by '_', cut to 11, space padded; "NO NAME    " when
/// nothing is left.
std::array<char, 11> volume_label(std::string_view name);

}  // namespace sw::writer::fat32
