#pragma once
/// /proc/self/mountinfo and /proc/swaps, parsed.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sw::platform {

/// One mount (proc(5), /proc/pid/mountinfo).
struct MountEntry {
  unsigned major = 0;
  unsigned minor = 0;
  std::string root;
  std::string mountpoint;  ///< octal escapes (\040 ...) decoded
  std::string fstype;
  std::string source;   ///< decoded
  std::string options;  ///< the super options as shown (octal escapes kept: split on ',' first)
};

/// Decodes the kernel's octal escapes (\040 space, \011 tab, \012 newline, \134 backslash).
std::string decode_octal_escapes(std::string_view text);

/// Parses mountinfo text; malformed lines are skipped.
std::vector<MountEntry> parse_mountinfo(std::string_view text);

/// The file names in /proc/swaps (devices or swap files), decoded.
std::vector<std::string> parse_swaps(std::string_view text);

/// The directories an overlay mount is made of (lowerdir layers, upperdir), decoded; empty for
/// other file systems. A live system's root is often an overlay over a squashfs image that
/// sits on the boot stick.
std::vector<std::string> overlay_layers(const MountEntry& mount);

/// The mount whose mount point is the longest prefix of `path` (an absolute, canonical path).
const MountEntry* mount_containing(const std::vector<MountEntry>& mounts, std::string_view path);

}  // namespace sw::platform
