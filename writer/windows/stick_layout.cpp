#include "writer/windows/stick_layout.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <set>

#include "platform/ascii.h"
#include "writer/digest.h"

namespace sw::writer {
namespace {

constexpr std::size_t kMaxEntries = 100000;
constexpr int kMaxDepth = 32;
constexpr std::uint64_t kGrowRoomBytes = 64ull * 1024 * 1024;
constexpr std::uint64_t kMiB = 1024 * 1024;

std::uint32_t clusters_for(std::uint64_t bytes, std::uint64_t cluster_bytes) {
  return static_cast<std::uint32_t>((bytes + cluster_bytes - 1) / cluster_bytes);
}

Result<void> read_dir(const UdfVolume& udf, StickNode& dir, int depth, std::size_t& count) {
  if (depth > kMaxDepth) {
    return fail(ErrorKind::kInput,
                fmt::format("{} is nested more than {} levels deep", dir.path, kMaxDepth));
  }
  auto entries = udf.list(dir.path.empty() ? "/" : dir.path, kMaxEntries);
  if (!entries) return entries.failure();
  for (auto& e : *entries) {
    if (++count > kMaxEntries) {
      return fail(ErrorKind::kInput, fmt::format("the ISO holds more than {} files", kMaxEntries));
    }
    StickNode n;
    n.name = e.name;
    n.path = dir.path + "/" + e.name;
    n.is_dir = e.is_dir;
    n.size = e.size;
    if (n.is_dir) {
      if (auto r = read_dir(udf, n, depth + 1, count); !r) return r;
    }
    dir.children.push_back(std::move(n));
  }
  // Name order makes the layout independent of the order the ISO lists its files in.
  std::sort(dir.children.begin(), dir.children.end(),
            [](const StickNode& a, const StickNode& b) { return a.name < b.name; });
  return ok();
}

/// The entries of one directory; `with_clusters` false while sizing (cluster numbers unknown).
Result<std::vector<std::byte>> directory_bytes(const StickNode& dir, const StickLayout& l,
                                               std::uint32_t parent_cluster, bool is_root) {
  std::vector<std::byte> out;
  if (is_root) {
    out = fat32::volume_label_entry(l.volume.label, l.time);
  } else {
    out = fat32::dot_entries(dir.first_cluster, parent_cluster, dir.time.value_or(l.time));
  }
  fat32::ShortNameTable names;
  for (const auto& c : dir.children) {
    fat32::EntrySpec e;
    e.long_name = c.name;
    e.short_name = names.add(c.name);
    e.attributes = c.is_dir ? fat32::kAttrDirectory : fat32::kAttrArchive;
    e.first_cluster = c.first_cluster;
    e.size = c.is_dir ? 0 : static_cast<std::uint32_t>(c.size);
    e.time = c.time.value_or(l.time);
    auto bytes = fat32::directory_entries(e);
    if (!bytes) {
      return fail(ErrorKind::kInput, fmt::format("{}: {}", c.path, bytes.error().message));
    }
    out.insert(out.end(), bytes->begin(), bytes->end());
  }
  return out;
}

/// Sizes every directory, then gives each directory and file its clusters in pre-order.
Result<void> allocate(StickNode& dir, StickLayout& l, std::uint32_t& next, bool is_root) {
  auto sized = directory_bytes(dir, l, 0, is_root);
  if (!sized) return sized.failure();
  const auto cb = l.geometry.cluster_bytes();
  dir.first_cluster = next;
  dir.clusters = std::max<std::uint32_t>(1, clusters_for(sized->size(), cb));
  next += dir.clusters;
  ++l.dir_count;
  for (auto& c : dir.children) {
    if (c.is_dir) {
      if (auto r = allocate(c, l, next, false); !r) return r;
      continue;
    }
    c.clusters = clusters_for(c.size, cb);
    c.first_cluster = c.clusters > 0 ? next : 0;
    next += c.clusters;
    l.file_bytes += c.size;
    ++l.file_count;
  }
  return ok();
}

/// Builds every directory's bytes with the real cluster numbers and lists the extents.
Result<void> fill(StickNode& dir, StickLayout& l, std::uint32_t parent, bool is_root) {
  auto bytes = directory_bytes(dir, l, is_root ? 0 : parent, is_root);
  if (!bytes) return bytes.failure();
  dir.dir_bytes = std::move(*bytes);
  dir.dir_bytes.resize(std::size_t{dir.clusters} * l.geometry.cluster_bytes());
  l.extents.push_back({dir.first_cluster, dir.clusters, &dir});
  for (auto& c : dir.children) {
    if (c.is_dir) {
      if (auto r = fill(c, l, is_root ? 0 : dir.first_cluster, false); !r) return r;
    } else if (c.clusters > 0) {
      l.extents.push_back({c.first_cluster, c.clusters, &c});
    }
  }
  return ok();
}

Result<void> check_file_sizes(const StickNode& dir) {
  for (const auto& c : dir.children) {
    if (c.is_dir) {
      if (auto r = check_file_sizes(c); !r) return r;
    } else if (c.size > fat32::kMaxFileBytes) {
      return fail(ErrorKind::kInput,
                  fmt::format("{} is {} bytes, over FAT32's limit of 4 GiB - 1 per file; only "
                              "the install image (sources/install.wim or install.esd) can be "
                              "split into .swm parts. Nothing was written.",
                              c.path, c.size));
    }
  }
  return ok();
}

/// FAT compares long names without case (fatgen103 §7: the long name is case-preserving, not
/// case-sensitive), so two names UDF keeps apart, "Setup.exe" and "setup.exe", would be one
/// name twice in a FAT directory. ASCII letters are folded, as a FAT driver folds them at least.
Result<void> check_names(const StickNode& dir) {
  std::set<std::string> seen;
  for (const auto& c : dir.children) {
    if (!seen.insert(platform::to_lower(c.name)).second) {
      return fail(ErrorKind::kInput,
                  fmt::format("{} holds two entries named '{}' apart only by case; FAT32 cannot "
                              "keep both. Nothing was written.",
                              dir.path.empty() ? "/" : dir.path, c.name));
    }
    if (c.is_dir) {
      if (auto r = check_names(c); !r) return r;
    }
  }
  return ok();
}

std::uint64_t content_estimate(const StickNode& dir) {
  std::uint64_t bytes = 4096;
  for (const auto& c : dir.children) {
    bytes += c.is_dir ? content_estimate(c) : (c.size + 4095) / 4096 * 4096;
  }
  return bytes;
}

/// Plans the volume over `sectors` sectors; kTargetRefused when the tree does not fit.
Result<StickLayout> plan_on(const StickNode& root, const std::string& volume_id,
                            fat32::DosTime time, std::uint64_t sectors) {
  auto g = fat32::plan_geometry(sectors);
  if (!g) return fail(ErrorKind::kTargetRefused, g.error().message);
  StickLayout l;
  l.geometry = *g;
  l.time = time;
  l.volume.hidden_sectors = kPartitionLba;
  l.volume.label = fat32::volume_label(volume_id);
  l.root = std::make_unique<StickNode>(root);
  std::uint32_t next = fat32::kRootCluster;
  if (auto a = allocate(*l.root, l, next, true); !a) return a.failure();
  l.used_clusters = next - fat32::kRootCluster;
  if (l.used_clusters > g->cluster_count) {
    return fail(ErrorKind::kTargetRefused, "the files do not fit");
  }
  if (auto f = fill(*l.root, l, 0, true); !f) return f.failure();
  // A volume ID from the content, so the same ISO gives the same stick.
  std::uint32_t id = 2166136261u;
  for (char ch : volume_id + std::to_string(l.file_bytes) + std::to_string(sectors)) {
    id = (id ^ static_cast<unsigned char>(ch)) * 16777619u;
  }
  l.volume.volume_id = id;
  return l;
}

}  // namespace

std::uint64_t StickLayout::stream_bytes() const {
  return (std::uint64_t{kPartitionLba} + geometry.data_sector()) * fat32::kSectorBytes +
         std::uint64_t{used_clusters} * geometry.cluster_bytes();
}

void apply_times(StickNode& root, const std::map<std::string, fat32::DosTime>& times) {
  if (auto it = times.find(root.path); it != times.end()) root.time = it->second;
  for (auto& c : root.children) apply_times(c, times);
}

Result<StickNode> read_udf_tree(const UdfVolume& udf) {
  StickNode root;
  root.is_dir = true;
  std::size_t count = 0;
  if (auto r = read_dir(udf, root, 0, count); !r) return r.failure();
  return root;
}

std::uint64_t minimum_capacity(const StickNode& root) {
  const std::uint64_t bytes =
      (content_estimate(root) * 51 / 50 + kGrowRoomBytes + kMiB - 1) / kMiB * kMiB;
  return bytes + std::uint64_t{kPartitionLba} * fat32::kSectorBytes;
}

Result<StickLayout> plan_stick(StickNode root, const std::string& udf_volume_id,
                               fat32::DosTime time, std::uint64_t capacity_bytes) {
  if (auto r = check_file_sizes(root); !r) return r.failure();
  if (auto r = check_names(root); !r) return r.failure();
  if (capacity_bytes == 0) {
    // A growable file target: the content plus some free room, grown until it fits (bigger
    // volumes have bigger clusters, so the first guess may fall short).
    std::uint64_t bytes = minimum_capacity(root) - std::uint64_t{kPartitionLba} * 512;
    for (int i = 0; i < 24; ++i, bytes += bytes / 8) {
      auto l = plan_on(root, udf_volume_id, time, bytes / fat32::kSectorBytes);
      if (l || l.error().kind != ErrorKind::kTargetRefused) return l;
    }
    return fail(ErrorKind::kTargetRefused, "no FAT32 volume size fits the files");
  }
  const std::uint64_t total = capacity_bytes / fat32::kSectorBytes;
  const std::uint64_t sectors =
      total > kPartitionLba ? std::min<std::uint64_t>(total - kPartitionLba, 0xFFFFFFFFu) : 0;
  auto l = plan_on(root, udf_volume_id, time, sectors);
  if (!l && l.error().kind == ErrorKind::kTargetRefused) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("the Windows stick needs about {} bytes ({} MiB) but the drive holds "
                            "{}; use a larger drive. Nothing was written.",
                            minimum_capacity(root), minimum_capacity(root) / kMiB, capacity_bytes));
  }
  return l;
}

}  // namespace sw::writer
