#pragma once
/// The layout of a Windows installer stick: an MBR whose one active FAT32 (LBA, 0x0C) partition
/// starts at 1 MiB, GRUB's core.img in the gap, and the ISO's UDF tree as a FAT32 volume whose
/// clusters are allocated in one deterministic pass (directories and files in name order, each
/// file contiguous). Built from the ISO's metadata only; the file data is read while writing.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "platform/result.h"
#include "writer/fat32/fat32.h"
#include "writer/inspect/udf.h"

namespace sw::writer {

/// The partition starts at 1 MiB: aligned for flash, with room for GRUB's core.img before it.
inline constexpr std::uint32_t kPartitionLba = 2048;
/// GRUB's core.img starts right after the MBR.
inline constexpr std::uint32_t kCoreLba = 1;

/// A file or directory of the stick, as allocated.
struct StickNode {
  std::string name;  ///< UTF-8, from the UDF tree
  std::string path;  ///< the UDF path, "/sources/install.wim"; empty for a file not in the ISO
  /// The data comes from this file on this machine (a split part, an extracted boot manager),
  /// not from the ISO. Empty with an empty `path`: a size estimate, never read.
  std::string host_path;
  bool is_dir = false;
  std::uint64_t size = 0;  ///< file bytes
  /// The modification time the ISO records for it; none: the layout's time.
  std::optional<fat32::DosTime> time;
  std::uint32_t first_cluster = 0, clusters = 0;
  std::vector<StickNode> children;   ///< directories: sorted by name
  std::vector<std::byte> dir_bytes;  ///< directories: their entries, padded to whole clusters
};

/// One allocated run of clusters, in cluster order.
struct Extent {
  std::uint32_t first_cluster = 0, clusters = 0;
  const StickNode* node = nullptr;
};

/// Everything the stream generator needs.
struct StickLayout {
  fat32::Geometry geometry;
  fat32::VolumeInfo volume;
  fat32::DosTime time;
  std::unique_ptr<StickNode> root;  ///< on the heap: the extents point into it
  std::vector<Extent> extents;      ///< sorted by first_cluster; the root's is first
  std::uint32_t used_clusters = 0;
  std::uint64_t file_bytes = 0, file_count = 0, dir_count = 0;

  /// Bytes of the stream: from the MBR to the end of the last used cluster.
  std::uint64_t stream_bytes() const;
  /// Sectors of the partition.
  std::uint32_t partition_sectors() const { return geometry.total_sectors; }
};

/// Sets each node's time from `times` (by UDF path; see read_udf_times); nodes not in it keep
/// none.
void apply_times(StickNode& root, const std::map<std::string, fat32::DosTime>& times);

/// Reads the UDF tree of `udf` (bounded: 100000 entries, 32 levels) into nodes.
Result<StickNode> read_udf_tree(const UdfVolume& udf);

/// Lays the tree out on a stick of `capacity_bytes` (the partition spans it, up to FAT32's 2 TiB
/// limit), or, for a growable file target (capacity 0), on a volume sized to the content plus
/// 64 MiB. kTargetRefused when it does not fit, with the size needed; kInput for a file FAT32
/// cannot hold (4 GiB or more).
Result<StickLayout> plan_stick(StickNode root, const std::string& udf_volume_id,
                               fat32::DosTime time, std::uint64_t capacity_bytes);

/// Smallest capacity (bytes) a stick needs for this tree, for messages.
std::uint64_t minimum_capacity(const StickNode& root);

}  // namespace sw::writer
