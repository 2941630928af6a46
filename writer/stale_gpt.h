#pragma once
/// Stale partition tables beyond the image: a drive that held a GPT disk keeps its backup GPT
/// header in the last sector (UEFI spec 2.10, section 5.3.1: the backup header is at the last
/// LBA). An image that does not reach the end leaves it there, and firmware that finds the
/// primary header overwritten may fall back to that backup and see partitions that no longer
/// exist. So after writing, a backup GPT header at the last sector is cleared.

#include <cstdint>

#include "platform/block_device.h"
#include "platform/result.h"

namespace sw::writer {

/// If the image (ending at `image_end`) does not reach the last sector of `dev` and that sector
/// holds a GPT header, zeroes the sector, sets `cleared_at` to its offset and returns true.
/// Targets that grow (empty files) have no last sector and are left alone.
Result<bool> clear_stale_backup_gpt(platform::BlockDevice& dev, std::uint64_t image_end,
                                    std::uint64_t& cleared_at);

}  // namespace sw::writer
