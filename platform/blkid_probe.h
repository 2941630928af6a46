#pragma once
/// File system label, type and UUID of a device node (or a file standing in for one), read by
/// libblkid's superblock probe.

#include <cstdint>
#include <optional>
#include <string>

#include "platform/fd.h"

namespace sw::platform {

/// What libblkid found.
struct FsInfo {
  std::string label, fstype, uuid;
};

/// Probes `node_path`; none when it cannot be opened or holds no known file system.
std::optional<FsInfo> probe_filesystem(const std::string& node_path);

/// Probes the `length` bytes at `offset` of an open file (a partition inside an image file);
/// none when they hold no known file system.
std::optional<FsInfo> probe_filesystem_at(const Fd& fd, std::uint64_t offset, std::uint64_t length);

}  // namespace sw::platform
