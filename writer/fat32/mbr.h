#pragma once
/// The classic MBR with one primary partition, the only partition table stickwright writes: a
/// restored stick, the demo image, and a Windows installer stick (whose boot code is GRUB's).

#include <cstddef>
#include <cstdint>
#include <span>

#include "writer/fat32/fat32.h"

namespace sw::writer::fat32 {

/// Bytes 0-439 of an MBR hold the boot code; the disk id and the table follow.
inline constexpr std::size_t kMbrCodeBytes = 440;

/// The one partition: its type (0x0C: FAT32 with LBA), where it starts and how long it is, and
/// whether it is marked active (0x80, the one a BIOS-era MBR boots; a few old BIOSes boot no disk
/// without one).
struct MbrPartition {
  std::uint32_t first_lba = 0;
  std::uint32_t sectors = 0;
  std::uint8_t type = 0;
  bool active = false;
};

/// The MBR sector: `code` (at most kMbrCodeBytes; none leaves zeros) from byte 0, the disk id
/// `disk_id` at 440, `p` as the first entry with its CHS fields worked out for 255 heads and 63
/// sectors a track (FE FF FF past what CHS reaches), the other entries empty, and 55 AA.
Sector mbr_sector(const MbrPartition& p, std::uint32_t disk_id,
                  std::span<const std::byte> code = {});

}  // namespace sw::writer::fat32
