#pragma once
/// What restoring a stick writes: every signature wiped, an MBR with one partition from 1 MiB to
/// the end, and a fresh file system in it. Pure values (byte blocks and zeroed regions); the
/// writing and the read-back are in restore_io.h.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "platform/result.h"
#include "writer/fat32/fat32.h"

namespace sw::writer::restore {

/// The file system a restored stick gets.
enum class FsKind {
  kFat32,  ///< written by stickwright itself (writer/fat32), volumes up to 2 TiB
  kExfat,  ///< made by mkfs.exfat (exfatprogs)
};

/// The stable id of a file system kind ("fat32", "exfat").
std::string_view fs_id(FsKind fs);

/// The one partition starts here: 1 MiB, the alignment every partitioning tool uses.
inline constexpr std::uint64_t kPartitionOffsetBytes = 1ull << 20;
/// The first and the last this many bytes of the drive are zeroed (MBR, GPT and its backup
/// header, ISO 9660 descriptors at 32 KiB, superblocks near either end).
inline constexpr std::uint64_t kEdgeWipeBytes = 1ull << 20;
/// Restore writes 512-byte sectors (the MBR's LBAs and the FAT32 writer count in them).
inline constexpr std::uint32_t kRestoreSectorBytes = 512;
/// MBR partition types (the partition's "system ID").
inline constexpr std::uint8_t kMbrTypeFat32Lba = 0x0C, kMbrTypeExfat = 0x07;

/// Bytes zeroed on the drive.
struct Region {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

/// Bytes written at an offset (a multiple of 512 long, at a multiple of 512).
struct Block {
  std::uint64_t offset = 0;
  std::vector<std::byte> bytes;
};

/// A file in the FAT32 volume's root directory. A restored stick holds none; the demo image
/// (writer/demo) holds its README.TXT.
struct RootFile {
  std::string name;  ///< UTF-8; an 8.3 name in upper case needs no long-name entries
  std::vector<std::byte> bytes;
};

/// What to restore a drive to.
struct RestoreRequest {
  std::uint64_t disk_bytes = 0;
  std::uint32_t sector_bytes = kRestoreSectorBytes;  ///< the drive's logical sector size
  FsKind fs = FsKind::kFat32;
  std::array<char, 11> label{};    ///< from fat_label
  std::uint32_t volume_id = 0;     ///< the FAT32 serial number (random) and the MBR's disk id
  fat32::DosTime time;             ///< the label entry's date
  std::vector<Region> signatures;  ///< where probing found signatures, wiped too
  /// FAT32: files for the root directory, after the label entry, each in contiguous clusters
  /// from cluster 3 on; their entries must fit the root directory's one cluster.
  std::vector<RootFile> root_files;
  /// The MBR's boot code (at most fat32::kMbrCodeBytes; none by default) and whether its
  /// partition is marked active: the demo image boots, a restored stick does not.
  std::vector<std::byte> mbr_code;
  bool active = false;
  /// exFAT: the volume as mkfs.exfat made it, offsets from the partition's start (its data
  /// extents); ignored for FAT32.
  std::vector<Block> exfat_volume;
};

/// What will be written: first `wipes` zeroed, then `blocks` written; `blocks` and the last
/// MiB are what the read-back compares.
struct RestoreLayout {
  std::uint64_t disk_bytes = 0;
  std::uint64_t partition_offset = kPartitionOffsetBytes;
  std::uint64_t partition_bytes = 0;
  FsKind fs = FsKind::kFat32;
  std::vector<Region> wipes;  ///< sorted, merged, each a multiple of 4 KiB where it can be
  std::vector<Block> blocks;  ///< sorted by offset
  fat32::Geometry geometry;   ///< FAT32 only
};

/// An 11-character FAT volume label: upper case (FAT labels are stored in upper case), space
/// padded. kUsage error when `name` is longer than 11 characters or holds a character a label
/// may not hold (control characters and " * + , . / : ; < = > ? [ \ ] |, or non-ASCII).
Result<std::array<char, 11>> fat_label(std::string_view name);

/// The refusals that need only the drive's size and sector size: kTargetRefused when its sectors
/// are not 512 bytes, when it is over 2 TiB (where an MBR ends) or smaller than 2 MiB.
Result<void> check_drive(std::uint64_t disk_bytes, std::uint32_t sector_bytes);

/// The layout for `r`. kTargetRefused error when the drive's sectors are not 512 bytes, when it
/// is too small for the file system, or over 2 TiB (an MBR partition, and FAT32, end there);
/// kInput when a root file's name is not a valid FAT name, or the files do not fit.
Result<RestoreLayout> plan_restore(const RestoreRequest& r);

}  // namespace sw::writer::restore
