#include "writer/inspect/fat.h"

#include <fmt/format.h>

#include <algorithm>

#include "writer/inspect/iso9660.h"

namespace sw::writer {
namespace {

constexpr std::uint32_t kMaxChain = 1u << 20;  // clusters followed before a chain is a loop
constexpr std::size_t kDirEntry = 32;
constexpr std::uint64_t kMaxDirBytes = 4 * 1024 * 1024;

bool power_of_two(std::uint32_t v) { return v != 0 && (v & (v - 1)) == 0; }

std::uint64_t fat_offset(const FatVolume& v) {
  return v.offset + std::uint64_t{v.reserved_sectors} * v.bytes_per_sector;
}

std::uint64_t root_dir_offset(const FatVolume& v) {
  return fat_offset(v) + std::uint64_t{v.fat_count} * v.fat_sectors * v.bytes_per_sector;
}

std::uint64_t data_offset(const FatVolume& v) {
  const std::uint64_t root_bytes = std::uint64_t{v.root_entries} * kDirEntry;
  const std::uint64_t root_sectors = (root_bytes + v.bytes_per_sector - 1) / v.bytes_per_sector;
  return root_dir_offset(v) + root_sectors * v.bytes_per_sector;
}

std::uint64_t cluster_offset(const FatVolume& v, std::uint32_t cluster) {
  return data_offset(v) + std::uint64_t{cluster - 2} * v.cluster_bytes();
}

/// The next cluster of a chain; none at its end or on anything out of range.
std::optional<std::uint32_t> next_cluster(const ImageBytes& image, const FatVolume& v,
                                          std::uint32_t cluster) {
  std::uint64_t at = fat_offset(v);
  std::uint32_t next = 0;
  if (v.bits == 32) {
    auto b = image.read_vec(at + std::uint64_t{cluster} * 4, 4);
    if (!b) return std::nullopt;
    next = le32(*b, 0) & 0x0fffffff;
  } else if (v.bits == 16) {
    auto b = image.read_vec(at + std::uint64_t{cluster} * 2, 2);
    if (!b) return std::nullopt;
    next = le16(*b, 0);
  } else {
    auto b = image.read_vec(at + std::uint64_t{cluster} * 3 / 2, 2);
    if (!b) return std::nullopt;
    const std::uint16_t pair = le16(*b, 0);
    next = (cluster & 1) ? pair >> 4 : pair & 0x0fff;
  }
  if (next < 2 || next >= v.cluster_count + 2) return std::nullopt;
  return next;
}

/// Reads up to `max_bytes` of a cluster chain.
std::vector<std::byte> read_chain(const ImageBytes& image, const FatVolume& v, std::uint32_t first,
                                  std::uint64_t max_bytes) {
  std::vector<std::byte> out;
  std::optional<std::uint32_t> c = first;
  for (std::uint32_t n = 0; c && *c >= 2 && n < kMaxChain && out.size() < max_bytes; ++n) {
    const auto take = static_cast<std::size_t>(std::min(v.cluster_bytes(), max_bytes - out.size()));
    auto data = image.read_vec(cluster_offset(v, *c), take);
    if (!data) break;
    out.insert(out.end(), data->begin(), data->end());
    c = next_cluster(image, v, *c);
  }
  return out;
}

std::vector<std::byte> read_dir_bytes(const ImageBytes& image, const FatVolume& v,
                                      std::uint32_t cluster) {
  if (cluster == 0 && v.bits != 32) {  // FAT12/16: the fixed root directory region
    auto root = image.read_vec(root_dir_offset(v), std::size_t{v.root_entries} * kDirEntry);
    return root ? std::move(*root) : std::vector<std::byte>{};
  }
  return read_chain(image, v, cluster == 0 ? v.root_cluster : cluster, kMaxDirBytes);
}

std::string short_name(std::span<const std::byte> e) {
  std::string base = field_text(e, 0, 8), ext = field_text(e, 8, 3);
  return ext.empty() ? base : base + "." + ext;
}

/// Appends the 13 UCS-2 characters of one long-name entry (ASCII kept, others as '?').
void lfn_part(std::span<const std::byte> e, std::string& part) {
  static constexpr std::size_t kOffsets[] = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
  for (std::size_t at : kOffsets) {
    const auto ch = le16(e, at);
    if (ch == 0 || ch == 0xffff) return;
    part.push_back(ch < 0x80 ? static_cast<char>(ch) : '?');
  }
}

std::optional<FatFile> find_in_dir(const ImageBytes& image, const FatVolume& v,
                                   std::uint32_t cluster, std::string_view name) {
  const auto bytes = read_dir_bytes(image, v, cluster);
  const std::span<const std::byte> d(bytes);
  std::vector<std::string> lfn_parts;  // in on-disk order: the last part of the name first
  for (std::size_t at = 0; at + kDirEntry <= d.size(); at += kDirEntry) {
    const auto e = d.subspan(at, kDirEntry);
    const auto first = byte_at(e, 0);
    if (first == 0x00) break;
    if (first == 0xe5) {
      lfn_parts.clear();
      continue;
    }
    const auto attr = byte_at(e, 11);
    if (attr == 0x0f) {
      std::string part;
      lfn_part(e, part);
      lfn_parts.push_back(std::move(part));
      continue;
    }
    std::string long_name;
    for (auto it = lfn_parts.rbegin(); it != lfn_parts.rend(); ++it) long_name += *it;
    lfn_parts.clear();
    if (attr & 0x08) continue;  // the volume label
    const std::string lname = lower_ascii(name);
    if (lower_ascii(long_name) != lname && lower_ascii(short_name(e)) != lname) continue;
    FatFile f;
    f.path = long_name.empty() ? short_name(e) : long_name;
    f.first_cluster = static_cast<std::uint32_t>(le16(e, 26)) | std::uint32_t{le16(e, 20)} << 16;
    f.size = le32(e, 28);
    f.is_dir = (attr & 0x10) != 0;
    return f;
  }
  return std::nullopt;
}

}  // namespace

std::optional<FatVolume> open_fat(const ImageBytes& image, std::uint64_t offset) {
  auto s = image.read_vec(offset, 512);
  if (!s) return std::nullopt;
  const std::span<const std::byte> b(*s);
  const auto jump = byte_at(b, 0);
  if (jump != 0xeb && jump != 0xe9) return std::nullopt;
  FatVolume v;
  v.offset = offset;
  v.bytes_per_sector = le16(b, 11);
  v.sectors_per_cluster = byte_at(b, 13);
  v.reserved_sectors = le16(b, 14);
  v.fat_count = byte_at(b, 16);
  v.root_entries = le16(b, 17);
  v.total_sectors = le16(b, 19) != 0 ? le16(b, 19) : le32(b, 32);
  v.fat_sectors = le16(b, 22) != 0 ? le16(b, 22) : le32(b, 36);
  const bool sizes_ok = power_of_two(v.bytes_per_sector) && v.bytes_per_sector >= 512 &&
                        v.bytes_per_sector <= 4096 && power_of_two(v.sectors_per_cluster) &&
                        v.reserved_sectors >= 1 && v.fat_count >= 1 && v.fat_count <= 4 &&
                        v.fat_sectors >= 1 && v.total_sectors > 0;
  if (!sizes_ok) return std::nullopt;
  const std::uint64_t meta = (data_offset(v) - offset) / v.bytes_per_sector;
  if (meta >= v.total_sectors) return std::nullopt;
  const std::uint64_t clusters = (v.total_sectors - meta) / v.sectors_per_cluster;
  if (clusters == 0 || clusters > 0x0ffffff5) return std::nullopt;
  v.cluster_count = static_cast<std::uint32_t>(clusters);
  // fatgen103 §3.5: the type is decided by the count of clusters, and by nothing else.
  v.bits = clusters < 4085 ? 12 : clusters < 65525 ? 16 : 32;
  if (v.bits == 32) {
    v.root_cluster = le32(b, 44);
    if (v.root_cluster < 2) return std::nullopt;
  }
  const std::size_t code_at = v.bits == 32 ? 90 : 62;
  v.boot_code = le16(b, 510) == 0xaa55 &&
                std::any_of(b.begin() + static_cast<std::ptrdiff_t>(code_at), b.begin() + 510,
                            [](std::byte x) { return x != std::byte{0}; });
  return v;
}

std::optional<FatFile> find_fat_file(const ImageBytes& image, const FatVolume& vol,
                                     std::string_view path) {
  std::uint32_t cluster = 0;
  std::optional<FatFile> found;
  std::string so_far;
  for (const auto part : path_parts(path)) {
    if (found && !found->is_dir) return std::nullopt;
    found = find_in_dir(image, vol, cluster, part);
    if (!found) return std::nullopt;
    so_far += "/" + found->path;
    cluster = found->first_cluster;
    if (cluster == 0 && found->is_dir) return std::nullopt;  // ".." to the root; not followed
  }
  if (found) found->path = so_far;
  return found;
}

Result<std::vector<std::byte>> read_fat_file_head(const ImageBytes& image, const FatVolume& vol,
                                                  const FatFile& file, std::size_t max_bytes) {
  const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(file.size, max_bytes));
  if (want == 0) return std::vector<std::byte>{};
  auto data = read_chain(image, vol, file.first_cluster, want);
  if (data.size() < want) {
    return fail(ErrorKind::kInput,
                fmt::format("{} in the FAT file system at byte {} cannot be read whole", file.path,
                            vol.offset));
  }
  return data;
}

}  // namespace sw::writer
