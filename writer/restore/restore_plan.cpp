// The layout of a restored stick: wipes, MBR, and the FAT32 metadata (fatgen103).

#include "writer/restore/restore_plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <span>

#include "writer/fat32/mbr.h"

namespace sw::writer::restore {
namespace {

constexpr std::uint64_t kWipeAlignBytes = 4096;
constexpr std::uint64_t kSector = kRestoreSectorBytes;
/// An MBR counts sectors in 32 bits: no partition reaches past 2^32 - 1 sectors (2 TiB).
constexpr std::uint64_t kMbrMaxSectors = std::numeric_limits<std::uint32_t>::max();
/// fatgen103 §4: FAT[0] holds the media byte in its low 8 bits, FAT[1] the end-of-chain mark
/// (with the "clean shutdown" and "no I/O error" bits set), and the root directory's cluster 2
/// is a chain of one cluster.
constexpr std::uint32_t kFat0 = 0x0FFFFFF8, kFatEndOfChain = 0x0FFFFFFF;

void put_le32(std::span<std::byte> b, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<std::byte>((v >> (8 * i)) & 0xFF);
}

/// Sorts regions, rounds them out to 4 KiB inside the disk, and merges those that touch.
std::vector<Region> merged(std::vector<Region> in, std::uint64_t disk_bytes) {
  for (auto& r : in) {
    const std::uint64_t start = r.offset / kWipeAlignBytes * kWipeAlignBytes;
    const std::uint64_t end =
        std::min((r.offset + std::max<std::uint64_t>(r.length, 1) + kWipeAlignBytes - 1) /
                     kWipeAlignBytes * kWipeAlignBytes,
                 disk_bytes / kSector * kSector);
    r = Region{start, end > start ? end - start : 0};
  }
  std::sort(in.begin(), in.end(),
            [](const Region& a, const Region& b) { return a.offset < b.offset; });
  std::vector<Region> out;
  for (const auto& r : in) {
    if (r.length == 0 || r.offset >= disk_bytes) continue;
    if (!out.empty() && r.offset <= out.back().offset + out.back().length) {
      const std::uint64_t end =
          std::max(out.back().offset + out.back().length, r.offset + r.length);
      out.back().length = end - out.back().offset;
      continue;
    }
    out.push_back(r);
  }
  return out;
}

Block sector_block(std::uint64_t offset, const fat32::Sector& s) {
  return Block{offset, std::vector<std::byte>(s.begin(), s.end())};
}

/// Where a root file's data lies: `clusters` contiguous clusters from `first` (0 and 0 for an
/// empty file, which has no cluster: fatgen103 §6, DIR_FstClusLO).
struct Placed {
  std::uint32_t first = 0;
  std::uint32_t clusters = 0;
};

/// Gives each root file its clusters, one file after another from `next` on; `next` ends as the
/// first cluster left free. kInput when a file is too large for FAT32 or they do not all fit.
Result<std::vector<Placed>> place_files(const std::vector<RootFile>& files,
                                        const fat32::Geometry& g, std::uint32_t& next) {
  std::vector<Placed> placed;
  std::uint64_t end = next;
  for (const auto& f : files) {
    if (f.bytes.size() > fat32::kMaxFileBytes) {
      return fail(ErrorKind::kInput, fmt::format("{} holds {} bytes; a FAT32 file holds at most {}",
                                                 f.name, f.bytes.size(), fat32::kMaxFileBytes));
    }
    const std::uint64_t clusters = (f.bytes.size() + g.cluster_bytes() - 1) / g.cluster_bytes();
    placed.push_back(Placed{clusters == 0 ? 0 : static_cast<std::uint32_t>(end),
                            static_cast<std::uint32_t>(clusters)});
    end += clusters;
  }
  // Data clusters are numbered 2 .. cluster_count + 1.
  if (end > std::uint64_t{g.cluster_count} + 2) {
    return fail(ErrorKind::kInput, fmt::format("the root files need {} clusters; the volume has {}",
                                               end - 2, g.cluster_count));
  }
  next = static_cast<std::uint32_t>(end);
  return placed;
}

/// The root directory's one cluster: the volume label entry, then each file's entries.
Result<std::vector<std::byte>> root_directory(const RestoreRequest& r,
                                              const std::vector<Placed>& placed,
                                              const fat32::Geometry& g) {
  auto root = fat32::volume_label_entry(r.label, r.time);
  fat32::ShortNameTable names;
  for (std::size_t i = 0; i < r.root_files.size(); ++i) {
    const auto& f = r.root_files[i];
    fat32::EntrySpec e;
    e.long_name = f.name;
    e.short_name = names.add(f.name);
    e.first_cluster = placed[i].first;
    e.size = static_cast<std::uint32_t>(f.bytes.size());
    e.time = r.time;
    auto entries = fat32::directory_entries(e);
    if (!entries) return entries.failure();
    root.insert(root.end(), entries->begin(), entries->end());
  }
  if (root.size() > g.cluster_bytes()) {
    return fail(ErrorKind::kInput,
                fmt::format("the root directory's entries take {} bytes; its one cluster holds {}",
                            root.size(), g.cluster_bytes()));
  }
  root.resize(g.cluster_bytes());
  return root;
}

/// The first sectors of a FAT, up to the entry of cluster `next` - 1 (fatgen103 §4): FAT[0] and
/// FAT[1], the root directory's chain of one cluster, and each file's contiguous chain.
std::vector<std::byte> fat_head(const std::vector<Placed>& placed, std::uint32_t next) {
  std::vector<std::byte> fat((std::size_t{next} * 4 + kRestoreSectorBytes - 1) /
                             kRestoreSectorBytes * kRestoreSectorBytes);
  put_le32(fat, 0, kFat0);
  put_le32(fat, 4, kFatEndOfChain);
  put_le32(fat, 4 * fat32::kRootCluster, kFatEndOfChain);
  for (const auto& p : placed) {
    for (std::uint32_t c = p.first; c < p.first + p.clusters; ++c) {
      put_le32(fat, std::size_t{c} * 4, c + 1 == p.first + p.clusters ? kFatEndOfChain : c + 1);
    }
  }
  return fat;
}

/// The FAT32 volume's metadata (fatgen103): the reserved sectors (boot sector, FSInfo and their
/// backups at 6 and 7), the first sectors of each FAT, the root directory's cluster holding the
/// volume label entry and the root files' entries, and the files' clusters. Everything between
/// them is zeroed by the wipe of the whole region.
Result<void> add_fat32(const RestoreRequest& r, RestoreLayout& l) {
  auto g = fat32::plan_geometry(l.partition_bytes / kSector);
  if (!g) return fail(ErrorKind::kTargetRefused, g.error().message);
  l.geometry = *g;
  std::uint32_t next = fat32::kRootCluster + 1;  // the root directory has cluster 2
  auto placed = place_files(r.root_files, *g, next);
  if (!placed) return placed.failure();
  auto root = root_directory(r, *placed, *g);
  if (!root) return root.failure();
  const std::uint64_t p = l.partition_offset;
  const fat32::VolumeInfo info{static_cast<std::uint32_t>(p / kSector), r.volume_id, r.label};
  l.blocks.push_back(Block{p, fat32::reserved_region(*g, info, next - fat32::kRootCluster)});
  const auto fat = fat_head(*placed, next);
  for (std::uint32_t i = 0; i < fat32::kFatCount; ++i) {
    l.blocks.push_back(
        Block{p + (fat32::kReservedSectors + std::uint64_t{i} * g->fat_sectors) * kSector, fat});
  }
  l.blocks.push_back(Block{p + g->cluster_offset(fat32::kRootCluster), std::move(*root)});
  for (std::size_t i = 0; i < placed->size(); ++i) {
    const auto [first, clusters] = (*placed)[i];
    if (clusters == 0) continue;
    auto data = r.root_files[i].bytes;
    data.resize(clusters * g->cluster_bytes());
    l.blocks.push_back(Block{p + g->cluster_offset(first), std::move(data)});
  }
  l.wipes.push_back(Region{p, g->cluster_offset(next)});
  return ok();
}

}  // namespace

std::string_view fs_id(FsKind fs) { return fs == FsKind::kExfat ? "exfat" : "fat32"; }

Result<std::array<char, 11>> fat_label(std::string_view name) {
  if (name.size() > 11) {
    return fail(
        ErrorKind::kUsage,
        fmt::format("a volume label holds at most 11 characters; '{}' has {}", name, name.size()));
  }
  std::array<char, 11> label;
  label.fill(' ');
  constexpr std::string_view kForbidden = "\"*+,./:;<=>?[\\]|";
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c < 0x20 || c >= 0x7F || kForbidden.find(static_cast<char>(c)) != std::string_view::npos) {
      return fail(ErrorKind::kUsage,
                  fmt::format("a volume label may hold letters, digits, spaces and ! # $ % & ' ( "
                              ") - @ ^ _ ` {{ }} ~; '{}' holds '{}'",
                              name, name[i]));
    }
    label[i] = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  }
  return label;
}

Result<void> check_drive(std::uint64_t disk_bytes, std::uint32_t sector_bytes) {
  if (sector_bytes != kRestoreSectorBytes) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("the drive has {}-byte sectors; a stick is restored with 512-byte "
                            "sectors only",
                            sector_bytes));
  }
  const std::uint64_t disk_sectors = disk_bytes / kSector;
  if (disk_sectors > kMbrMaxSectors) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("the drive holds {} bytes; an MBR partition, and FAT32, end at 2 TiB",
                            disk_bytes));
  }
  if (disk_bytes < kPartitionOffsetBytes + kEdgeWipeBytes) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("the drive holds only {} bytes: too small to restore", disk_bytes));
  }
  return ok();
}

Result<RestoreLayout> plan_restore(const RestoreRequest& r) {
  if (auto c = check_drive(r.disk_bytes, r.sector_bytes); !c) return c.failure();
  const std::uint64_t disk_sectors = r.disk_bytes / kSector;
  RestoreLayout l;
  l.fs = r.fs;
  l.disk_bytes = disk_sectors * kSector;
  l.partition_bytes = l.disk_bytes - kPartitionOffsetBytes;
  l.wipes = r.signatures;
  l.wipes.push_back(Region{0, kEdgeWipeBytes});
  l.wipes.push_back(Region{l.disk_bytes - kEdgeWipeBytes, kEdgeWipeBytes});
  const auto first_lba = static_cast<std::uint32_t>(kPartitionOffsetBytes / kSector);
  const auto sectors = static_cast<std::uint32_t>(l.partition_bytes / kSector);
  const std::uint8_t type = r.fs == FsKind::kExfat ? kMbrTypeExfat : kMbrTypeFat32Lba;
  l.blocks.push_back(sector_block(
      0, fat32::mbr_sector({first_lba, sectors, type, r.active}, r.volume_id, r.mbr_code)));
  if (r.fs == FsKind::kFat32) {
    if (auto added = add_fat32(r, l); !added) return added.failure();
  } else {
    if (r.exfat_volume.empty()) {
      return fail(ErrorKind::kInput, "no exFAT volume was made for the partition");
    }
    for (const auto& b : r.exfat_volume) {
      l.blocks.push_back(Block{l.partition_offset + b.offset, b.bytes});
    }
  }
  l.wipes = merged(std::move(l.wipes), l.disk_bytes);
  std::sort(l.blocks.begin(), l.blocks.end(),
            [](const Block& a, const Block& b) { return a.offset < b.offset; });
  return l;
}

}  // namespace sw::writer::restore
