#include "platform/blkid_probe.h"

#include <blkid/blkid.h>

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
