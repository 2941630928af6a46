#include "platform/blkid_probe.h"

#include <blkid/blkid.h>

#include <memory>

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

}  // namespace

std::optional<FsInfo> probe_filesystem(const std::string& node_path) {
  ProbePtr probe(blkid_new_probe_from_filename(node_path.c_str()));
  if (!probe) return std::nullopt;
  blkid_probe_enable_superblocks(probe.get(), 1);
  blkid_probe_set_superblocks_flags(probe.get(),
                                    BLKID_SUBLKS_LABEL | BLKID_SUBLKS_TYPE | BLKID_SUBLKS_UUID);
  // safeprobe: an ambivalent result (two file systems claim the device) counts as none.
  if (blkid_do_safeprobe(probe.get()) != 0) return std::nullopt;
  FsInfo info{tag(probe.get(), "LABEL"), tag(probe.get(), "TYPE"), tag(probe.get(), "UUID")};
  if (info.fstype.empty()) return std::nullopt;
  return info;
}

}  // namespace sw::platform
