#pragma once
/// The block-device ioctls: size, sector size, buffer flush, disk sequence, partition re-read.

#include <cstdint>
#include <optional>

#include "platform/fd.h"
#include "platform/result.h"

namespace sw::platform {

/// Size of a block device in bytes (BLKGETSIZE64).
Result<std::uint64_t> block_device_size(const Fd& fd);

/// Logical sector size of a block device (BLKSSZGET).
Result<std::uint32_t> block_logical_sector_size(const Fd& fd);

/// Flushes a block device's buffer cache (BLKFLSBUF); needs CAP_SYS_ADMIN.
Result<void> block_flush_buffers(const Fd& fd);

/// The kernel's sequence number of the disk behind `fd` (BLKGETDISKSEQ, Linux 5.15+); none when
/// the kernel or device does not have one.
std::optional<std::uint64_t> block_diskseq(const Fd& fd);

/// Asks the kernel to re-read a disk's partition table (BLKRRPART).
Result<void> block_reread_partitions(const Fd& fd);

}  // namespace sw::platform
