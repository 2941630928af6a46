#include "platform/blkid_probe.h"

#include <blkid/blkid.h>

#include <cerrno>
#include <cstdlib>
#include <memory>

#include "platform/fd.h"

namespace sw::platform {
namespace {

struct ProbeFree {
  void operator()(blkid_probe p) const { blkid_free_probe(p); }
};
using ProbePtr = std::unique_ptr<std::remove_pointer_t<blkid_probe>, ProbeFree>;

std::string tag(blkid_probe p, const char* name) {
  const char* value = nullptr;
  if (blkid_probe_lookup_value(p, name, &value, nullptr) != 0 || value == nullptr) return {};
  return value;
}

std::optional<FsInfo> superblock_probe(blkid_probe probe) {
  blkid_probe_enable_superblocks(probe, 1);
  blkid_probe_set_superblocks_flags(probe,
                                    BLKID_SUBLKS_LABEL | BLKID_SUBLKS_TYPE | BLKID_SUBLKS_UUID);
  // safeprobe: an ambivalent result (two file systems claim the device) counts as none.
  if (blkid_do_safeprobe(probe) != 0) return std::nullopt;
  FsInfo info{tag(probe, "LABEL"), tag(probe, "TYPE"), tag(probe, "UUID")};
  if (info.fstype.empty()) return std::nullopt;
  return info;
}

}  // namespace

std::optional<FsInfo> probe_filesystem(const std::string& node_path) {
  ProbePtr probe(blkid_new_probe_from_filename(node_path.c_str()));
  if (!probe) return std::nullopt;
  return superblock_probe(probe.get());
}

std::optional<FsInfo> probe_filesystem_at(const Fd& fd, std::uint64_t offset,
                                          std::uint64_t length) {
  ProbePtr probe(blkid_new_probe());
  if (!probe || length == 0) return std::nullopt;
  if (blkid_probe_set_device(probe.get(), fd.get(), static_cast<blkid_loff_t>(offset),
                             static_cast<blkid_loff_t>(length)) != 0) {
    return std::nullopt;
  }
  return superblock_probe(probe.get());
}

}  // namespace sw::platform

namespace sw::platform {
namespace {

/// The magic of the value libblkid found last: `prefix` "SB" for a superblock, "PT" for a
/// partition table. None when it reports no magic (a prober that checks no bytes).
std::optional<SignatureSpot> spot_of(blkid_probe p, const char* prefix, std::uint64_t base) {
  const std::string name(prefix);
  const char* offset_text = nullptr;
  std::size_t magic_len = 0;
  const char* magic = nullptr;
  if (blkid_probe_lookup_value(p, (name + "MAGIC_OFFSET").c_str(), &offset_text, nullptr) != 0 ||
      blkid_probe_lookup_value(p, (name + "MAGIC").c_str(), &magic, &magic_len) != 0 ||
      offset_text == nullptr) {
    return std::nullopt;
  }
  SignatureSpot s;
  s.offset = base + std::strtoull(offset_text, nullptr, 10);
  s.length = magic_len;
  s.type = tag(p, name == "SB" ? "TYPE" : "PTTYPE");
  return s;
}

/// Every superblock and partition table one probe finds (blkid_do_probe steps through them all).
void collect(blkid_probe p, std::uint64_t base, std::vector<SignatureSpot>& out) {
  while (blkid_do_probe(p) == 0) {
    if (auto s = spot_of(p, "SB", base)) out.push_back(*s);
    if (auto s = spot_of(p, "PT", base)) out.push_back(*s);
  }
}

/// Sets a probe to report magic offsets of superblocks (and of partition tables when
/// `tables`), even those with a bad checksum: a half-valid signature still confuses a reader.
void enable_magic(blkid_probe p, bool tables) {
  blkid_probe_enable_superblocks(p, 1);
  blkid_probe_set_superblocks_flags(p,
                                    BLKID_SUBLKS_MAGIC | BLKID_SUBLKS_TYPE | BLKID_SUBLKS_BADCSUM);
  blkid_probe_enable_partitions(p, tables ? 1 : 0);
  if (tables) blkid_probe_set_partitions_flags(p, BLKID_PARTS_MAGIC | BLKID_PARTS_FORCE_GPT);
}

/// The superblocks inside each partition the whole device's table lists.
void collect_partitions(blkid_probe whole, std::vector<SignatureSpot>& out) {
  blkid_partlist list = blkid_probe_get_partitions(whole);
  if (list == nullptr) return;
  const int n = blkid_partlist_numof_partitions(list);
  for (int i = 0; i < n; ++i) {
    blkid_partition part = blkid_partlist_get_partition(list, i);
    if (part == nullptr) continue;
    const auto start = static_cast<std::uint64_t>(blkid_partition_get_start(part)) * 512;
    const auto size = static_cast<std::uint64_t>(blkid_partition_get_size(part)) * 512;
    ProbePtr probe(blkid_new_probe());
    if (!probe || size == 0 ||
        blkid_probe_set_device(probe.get(), blkid_probe_get_fd(whole),
                               static_cast<blkid_loff_t>(start),
                               static_cast<blkid_loff_t>(size)) != 0) {
      continue;
    }
    enable_magic(probe.get(), false);
    collect(probe.get(), start, out);
  }
}

}  // namespace

Result<std::vector<SignatureSpot>> find_signatures(const std::string& node_path) {
  ProbePtr probe(blkid_new_probe_from_filename(node_path.c_str()));
  if (!probe) {
    return fail(Error::from_errno(ErrorKind::kTargetIo, "cannot probe the signatures of", node_path,
                                  errno));
  }
  std::vector<SignatureSpot> out;
  enable_magic(probe.get(), true);
  collect(probe.get(), 0, out);
  // A second probe lists the partitions: the stepping probe above has moved past the table.
  ProbePtr tables(blkid_new_probe_from_filename(node_path.c_str()));
  if (tables) {
    blkid_probe_enable_superblocks(tables.get(), 0);
    blkid_probe_enable_partitions(tables.get(), 1);
    blkid_probe_set_partitions_flags(tables.get(), BLKID_PARTS_FORCE_GPT);
    collect_partitions(tables.get(), out);
  }
  return out;
}

}  // namespace sw::platform
