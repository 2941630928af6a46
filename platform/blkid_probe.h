#pragma once
/// File system label, type and UUID of a device node (or a file standing in for one), read by
/// libblkid's superblock probe.

#include <optional>
#include <string>

namespace sw::platform {

/// What libblkid found.
struct FsInfo {
  std::string label, fstype, uuid;
};

/// Probes `node_path`; none when it cannot be opened or holds no known file system.
std::optional<FsInfo> probe_filesystem(const std::string& node_path);

}  // namespace sw::platform
