#include "writer/fat32/mbr.h"

#include <algorithm>
#include <array>

#include "writer/fat32/le_bytes.h"

namespace sw::writer::fat32 {
namespace {

constexpr std::size_t kFirstEntry = 446;

/// The CHS address of `lba` with 255 heads and 63 sectors a track, as the MBR stores it;
/// 1023/254/63 (FE FF FF) for addresses past what CHS reaches.
std::array<std::byte, 3> chs(std::uint64_t lba) {
  const std::uint64_t cylinder = lba / (255 * 63);
  if (cylinder > 1023) return {std::byte{0xFE}, std::byte{0xFF}, std::byte{0xFF}};
  const auto head = static_cast<std::uint8_t>((lba / 63) % 255);
  const auto sector = static_cast<std::uint8_t>(lba % 63 + 1);
  return {std::byte{head}, static_cast<std::byte>(sector | ((cylinder >> 2) & 0xC0)),
          static_cast<std::byte>(cylinder & 0xFF)};
}

}  // namespace

Sector mbr_sector(const MbrPartition& p, std::uint32_t disk_id, std::span<const std::byte> code) {
  Sector s{};
  std::copy_n(code.begin(), std::min(code.size(), kMbrCodeBytes), s.begin());
  detail::put_le32(s, kMbrCodeBytes, disk_id);
  if (p.active) s[kFirstEntry] = std::byte{0x80};
  const auto first = chs(p.first_lba);
  const auto last = chs(std::uint64_t{p.first_lba} + p.sectors - 1);
  std::copy(first.begin(), first.end(), s.begin() + kFirstEntry + 1);
  s[kFirstEntry + 4] = static_cast<std::byte>(p.type);
  std::copy(last.begin(), last.end(), s.begin() + kFirstEntry + 5);
  detail::put_le32(s, kFirstEntry + 8, p.first_lba);
  detail::put_le32(s, kFirstEntry + 12, p.sectors);
  s[510] = std::byte{0x55};
  s[511] = std::byte{0xAA};
  return s;
}

}  // namespace sw::writer::fat32
