#include "writer/windows/stick_regions.h"

#include <algorithm>
#include <span>

namespace sw::writer {
namespace {

constexpr std::uint64_t kSector = fat32::kSectorBytes;
constexpr std::uint64_t kHeadBytes = std::uint64_t{kPartitionLba} * kSector;
constexpr std::uint64_t kReservedBytes = std::uint64_t{fat32::kReservedSectors} * kSector;

void put_le32(std::span<std::byte> b, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i)
    b[at + static_cast<std::size_t>(i)] = std::byte((v >> (8 * i)) & 0xff);
}

/// CHS of an LBA for the MBR entry (255 heads, 63 sectors); beyond cylinder 1023 the maximum,
/// as every tool writes it: firmware that matters reads the LBA fields.
void put_chs(std::span<std::byte> b, std::size_t at, std::uint64_t lba) {
  std::uint64_t c = lba / (255 * 63), h = lba / 63 % 255, s = lba % 63 + 1;
  if (c > 1023) c = 1023, h = 254, s = 63;
  b[at] = std::byte(h);
  b[at + 1] = std::byte((s & 0x3f) | ((c >> 2) & 0xc0));
  b[at + 2] = std::byte(c & 0xff);
}

}  // namespace

std::vector<std::byte> head_bytes(const StickLayout& l, const GrubBiosCode& grub) {
  std::vector<std::byte> head(kHeadBytes);
  std::copy(grub.mbr_code.begin(), grub.mbr_code.end(), head.begin());
  put_le32(head, 440, l.volume.volume_id);  // the disk signature
  const std::size_t e = 446;
  head[e] = std::byte{0x80};  // active: BIOSes that look for one find it
  put_chs(head, e + 1, kPartitionLba);
  head[e + 4] = std::byte{0x0c};  // FAT32 with LBA addressing
  put_chs(head, e + 5, std::uint64_t{kPartitionLba} + l.partition_sectors() - 1);
  put_le32(head, e + 8, kPartitionLba);
  put_le32(head, e + 12, l.partition_sectors());
  head[510] = std::byte{0x55};
  head[511] = std::byte{0xaa};
  std::copy(grub.core.begin(), grub.core.end(), head.begin() + kCoreLba * kSector);
  return head;
}

std::vector<std::byte> reserved_bytes(const StickLayout& l) {
  std::vector<std::byte> r(kReservedBytes);
  const auto boot = fat32::boot_sector(l.geometry, l.volume);
  const std::uint32_t next_free = fat32::kRootCluster + l.used_clusters;
  const auto info = fat32::fsinfo_sector(l.geometry.cluster_count - l.used_clusters, next_free);
  for (std::size_t base : {std::size_t{0}, std::size_t{fat32::kBackupBootSector}}) {
    std::copy(boot.begin(), boot.end(), r.begin() + base * fat32::kSectorBytes);
    std::copy(info.begin(), info.end(), r.begin() + (base + 1) * fat32::kSectorBytes);
  }
  return r;
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
