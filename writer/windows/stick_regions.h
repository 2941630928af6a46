#pragma once
/// The fixed regions of a Windows installer stick: the first MiB (MBR with GRUB's boot code and
/// the partition entry, GRUB's core.img in the gap) and the FAT32 reserved sectors, and the
/// date every entry falls back to.

#include <cstddef>
#include <vector>

#include "writer/fat32/fat32.h"
#include "writer/inspect/image_bytes.h"
#include "writer/windows/grub_boot.h"
#include "writer/windows/stick_layout.h"

namespace sw::writer {

/// Sector 0 (GRUB's boot code, the disk signature, one active FAT32 LBA partition at
/// kPartitionLba) and GRUB's core.img, then zeros up to the partition.
std::vector<std::byte> head_bytes(const StickLayout& l, const GrubBiosCode& grub);

/// The 32 reserved sectors: boot sector, FSInfo, and their backups at 6 and 7.
std::vector<std::byte> reserved_bytes(const StickLayout& l);

/// The DOS time of the ISO's primary volume descriptor's creation date (ECMA-119 §8.4.26.1);
/// 1980-01-01 when there is none.
fat32::DosTime iso_time(const ImageBytes& iso);

}  // namespace sw::writer
