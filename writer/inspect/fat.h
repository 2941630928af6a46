#pragma once
/// A read-only FAT12/16/32 reader (Microsoft fatgen103), just enough to find a file by path in
/// an EFI system partition or an El Torito EFI image and read its first bytes.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "writer/inspect/image_bytes.h"

namespace sw::writer {

/// A FAT file system found at an offset of the image.
struct FatVolume {
  std::uint64_t offset = 0;  ///< of the boot sector in the image
  std::uint32_t bytes_per_sector = 0, sectors_per_cluster = 0;
  std::uint32_t reserved_sectors = 0, fat_count = 0, fat_sectors = 0;
  std::uint32_t root_entries = 0, root_cluster = 0;
  std::uint64_t total_sectors = 0;
  std::uint32_t cluster_count = 0;
  int bits = 0;            ///< 12, 16 or 32, from the cluster count as the spec defines it
  bool boot_code = false;  ///< the boot sector ends in 0x55AA and holds code after its BPB

  std::uint64_t cluster_bytes() const {
    return std::uint64_t{bytes_per_sector} * sectors_per_cluster;
  }
  std::uint64_t bytes() const { return total_sectors * bytes_per_sector; }
};

/// A file or directory entry.
struct FatFile {
  std::string path;
  std::uint32_t first_cluster = 0;
  std::uint64_t size = 0;
  bool is_dir = false;
};

/// Reads the boot sector at `offset`; none when it is not a plausible FAT BPB.
std::optional<FatVolume> open_fat(const ImageBytes& image, std::uint64_t offset);

/// Finds a file by path ("EFI/BOOT/BOOTX64.EFI"), comparing long and short names without case.
std::optional<FatFile> find_fat_file(const ImageBytes& image, const FatVolume& vol,
                                     std::string_view path);

/// The first `max_bytes` bytes of a file (fewer if it is shorter), following its cluster chain.
Result<std::vector<std::byte>> read_fat_file_head(const ImageBytes& image, const FatVolume& vol,
                                                  const FatFile& file, std::size_t max_bytes);

}  // namespace sw::writer
