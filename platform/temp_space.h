#pragma once
/// Temporary directories, small and large, and the free space a file system has left.

#include <cstdint>
#include <string>

#include "platform/result.h"

namespace sw::platform {

/// mkdtemp(3) under $TMPDIR (or /tmp): a new private directory named PREFIX-XXXXXX.
Result<std::string> make_temp_dir(const std::string& prefix);

/// Where large temporary files go (gigabytes): $TMPDIR if set, else /var/tmp (on disk; /tmp is
/// often a RAM-backed tmpfs), else /tmp when /var/tmp is not writable.
std::string large_temp_base();

/// mkdtemp(3) for large temporary files, under large_temp_base().
Result<std::string> make_large_temp_dir(const std::string& prefix);

/// statvfs(3): the bytes an unprivileged user may still write in the file system of `path`.
Result<std::uint64_t> free_bytes(const std::string& path);

}  // namespace sw::platform
