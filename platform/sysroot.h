#pragma once
/// Every read of /sys, /proc and /dev goes through a Sysroot, so fixture trees can stand in for
/// a real machine (the util-linux lsblk --sysroot convention).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sw::platform {

/// A root directory that absolute system paths are resolved under.
class Sysroot {
 public:
  /// `prefix` "" or "/" means the real root.
  explicit Sysroot(std::string prefix = "");

  /// True for the real root: device numbers from stat(2) and real unmounts are meaningful.
  bool is_real() const { return m_prefix.empty(); }
  const std::string& prefix() const { return m_prefix; }

  /// The on-disk location of an absolute system path ("/sys/block" -> "DIR/sys/block").
  std::string path(std::string_view abs) const;
  /// The system path of an on-disk location under the prefix (inverse of path()).
  std::string strip(std::string_view real) const;

  /// A sysfs/procfs attribute, trimmed of surrounding white space; none when unreadable.
  std::optional<std::string> read(std::string_view abs) const;
  /// An attribute parsed as an unsigned decimal number.
  std::optional<std::uint64_t> read_u64(std::string_view abs) const;
  /// Entries of a directory, sorted; empty when it cannot be read.
  std::vector<std::string> list(std::string_view abs) const;
  /// True when the path exists (files, directories, links).
  bool exists(std::string_view abs) const;
  /// The canonical system path of `abs` with every symlink resolved inside the root.
  std::optional<std::string> canonical(std::string_view abs) const;
  /// The target of a symlink, as stored (relative or absolute); none when not a link.
  std::optional<std::string> read_link(std::string_view abs) const;

 private:
  std::string m_prefix;
};

}  // namespace sw::platform
