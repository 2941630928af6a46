#pragma once
/// The Linux implementation of BlockDevice: a whole block device (opened O_EXCL and O_DIRECT)
/// or an existing regular file standing in for a drive.

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "platform/block_device.h"

namespace sw::platform {

/// What kind of object a target path names.
enum class TargetKind { kBlockDevice, kRegularFile };

/// A target looked at without opening it for writing.
struct TargetInfo {
  std::string path;
  TargetKind kind = TargetKind::kRegularFile;
  std::uint64_t capacity = 0;        ///< bytes; kGrowableCapacity for an empty regular file
  std::uint32_t logical_sector = 1;  ///< write granularity
  dev_t rdev = 0;                    ///< major:minor of a block device
  dev_t file_dev = 0;                ///< st_dev / st_ino of a regular file, for identity
  ino_t file_ino = 0;
  std::optional<std::uint64_t> diskseq;  ///< BLKGETDISKSEQ of a block device, where supported
};

/// Stats and (for block devices) opens read-only to learn size and sector size. Refuses paths
/// that are neither block devices nor regular files.
Result<TargetInfo> probe_target(const std::string& path);

/// Opens the target for writing. A block device is opened O_EXCL (so a mounted device is
/// refused and none can be mounted meanwhile) and O_DIRECT (falling back to buffered writes when
/// the driver refuses it), and locked with flock(LOCK_EX) (the udev convention) for as long as
/// the device object lives. The target must still be the one `info` describes.
Result<std::unique_ptr<BlockDevice>> open_for_write(const TargetInfo& info);

/// True when a block device cannot be opened exclusively now (EBUSY): the kernel or a program
/// has claimed it (mounted, in a RAID or device-mapper table, or in another mount namespace),
/// even where sysfs and mountinfo show nothing. The brief read-only open is closed at once.
bool claimed_exclusively(const std::string& node);

/// Opens the target read-only for verification, bypassing the page cache where possible.
Result<std::unique_ptr<BlockDevice>> open_for_read(const TargetInfo& info);

}  // namespace sw::platform
