#include "writer/windows/stick_regions.h"

#include <algorithm>
#include <span>

#include "writer/fat32/mbr.h"

namespace sw::writer {
namespace {

constexpr std::uint64_t kSector = fat32::kSectorBytes;
constexpr std::uint64_t kHeadBytes = std::uint64_t{kPartitionLba} * kSector;

}  // namespace

std::vector<std::byte> head_bytes(const StickLayout& l, const GrubBiosCode& grub) {
  std::vector<std::byte> head(kHeadBytes);
  // FAT32 with LBA addressing, active: BIOSes that look for one find it.
  const auto mbr = fat32::mbr_sector({kPartitionLba, l.partition_sectors(), 0x0c, true},
                                     l.volume.volume_id, grub.mbr_code);
  std::copy(mbr.begin(), mbr.end(), head.begin());
  std::copy(grub.core.begin(), grub.core.end(), head.begin() + kCoreLba * kSector);
  return head;
}

std::vector<std::byte> reserved_bytes(const StickLayout& l) {
  return fat32::reserved_region(l.geometry, l.volume, l.used_clusters);
}

fat32::DosTime iso_time(const ImageBytes& iso) {
  auto d = iso.read_vec(16 * 2048 + 813, 14);
  if (!d) return fat32::dos_time(1980, 1, 1, 0, 0, 0);
  int v[6] = {};
  const int widths[6] = {4, 2, 2, 2, 2, 2};
  std::size_t at = 0;
  for (int i = 0; i < 6; ++i) {
    for (int k = 0; k < widths[i]; ++k, ++at) {
      const auto ch = static_cast<char>((*d)[at]);
      if (ch < '0' || ch > '9') return fat32::dos_time(1980, 1, 1, 0, 0, 0);
      v[i] = v[i] * 10 + (ch - '0');
    }
  }
  return fat32::dos_time(v[0], v[1], v[2], v[3], v[4], v[5]);
}

}  // namespace sw::writer
