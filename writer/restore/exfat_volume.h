#pragma once
/// An exFAT volume made by mkfs.exfat (exfatprogs) in a sparse temporary file of the partition's
/// size, returned as the byte blocks it wrote, to be copied to the partition's offset. This
/// way mkfs.exfat never opens the drive, which stickwright holds open exclusively.

#include <array>
#include <cstdint>
#include <vector>

#include "platform/result.h"
#include "writer/restore/restore_plan.h"

namespace sw::writer::restore {

/// The program that makes exFAT volumes.
inline constexpr const char* kMkfsExfat = "mkfs.exfat";
/// A volume whose written blocks add up to more than this is refused (mkfs.exfat writes a few
/// MiB of metadata; more means it wrote what a copy should not carry).
inline constexpr std::uint64_t kMaxExfatMetadataBytes = 256ull << 20;

/// True when mkfs.exfat is installed (in the system directories, never through $PATH).
bool have_mkfs_exfat();

/// Runs mkfs.exfat with `label` (trailing spaces dropped) on a sparse file of `partition_bytes`
/// and returns its data extents, offsets from the volume's start, in 1 MiB blocks at most.
/// kInput error when mkfs.exfat is missing or fails, or the temporary file cannot be made.
Result<std::vector<Block>> make_exfat_volume(std::uint64_t partition_bytes,
                                             const std::array<char, 11>& label);

}  // namespace sw::writer::restore
