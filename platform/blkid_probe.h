#pragma once
/// File system label, type and UUID of a device node (or a file standing in for one), read by
/// libblkid's superblock probe.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/fd.h"
#include "platform/result.h"

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

/// A signature libblkid recognises: where its magic bytes lie, and what it belongs to.
struct SignatureSpot {
  std::uint64_t offset = 0;  ///< of the magic bytes, from the device's start
  std::uint64_t length = 0;  ///< of the magic bytes
  std::string type;          ///< "vfat", "iso9660", "gpt", "dos" ...
};

/// Every signature libblkid's probing finds on `node_path`, in the manner of wipefs: the
/// superblocks and partition tables of the whole device, then the superblocks at the start of
/// each partition its partition table lists. kTargetIo error when it cannot be probed.
Result<std::vector<SignatureSpot>> find_signatures(const std::string& node_path);

}  // namespace sw::platform
