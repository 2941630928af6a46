#pragma once
// Fixture sysroots: directory trees that look like /sys, /proc and /dev of a machine, so drive
// discovery and the safety rules run without hardware. Node files are small regular files;
// where a label matters they hold a real file system made by mkfs.fat / mkswap / mkfs.ext4.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sw::test {

/// One partition of a fixture disk.
struct FixturePartition {
  std::string name;
  unsigned minor = 0;
  std::uint64_t size_bytes = 0;
  std::string mkfs;  ///< "vfat:LABEL", "swap", "ext4:LABEL", "zfs:POOL", or "" for none
  std::vector<std::string> holders;
};

/// One fixture disk. `device_dir` is its parent device directory under /sys/devices, and
/// `subsystems` maps ancestor directories (absolute, under /sys/devices) to their subsystem.
struct FixtureDisk {
  std::string name;
  unsigned major = 8, minor = 0;
  std::uint64_t size_bytes = 0;
  std::string device_dir;
  std::map<std::string, std::string> subsystems;
  std::map<std::string, std::string> attrs;         ///< relative to /sys/block/NAME: "ro" -> "1"
  std::map<std::string, std::string> device_attrs;  ///< absolute sysfs path -> content
  std::vector<FixturePartition> partitions;
  std::vector<std::string> holders, slaves;
  std::uint64_t node_bytes = 1024 * 1024;  ///< size of the /dev node file (sparse)
  std::string node_mkfs;                   ///< a file system on the whole disk's node
  /// The /dev node exists already and is left as it is (a fault drive's file bound over it).
  bool keep_node = false;
  bool is_virtual = false;
};

/// Builds a fixture tree under a root directory.
class FixtureBuilder {
 public:
  explicit FixtureBuilder(std::string root);
  void add_disk(const FixtureDisk& disk);
  /// A mountinfo line: major:minor, mount point (written with octal escapes), fstype, source.
  void add_mount(unsigned major, unsigned minor, const std::string& mountpoint,
                 const std::string& fstype, const std::string& source);
  void add_swap(const std::string& filename);
  /// Writes /proc/self/mountinfo, /proc/swaps and /proc/devices.
  void finish();
  const std::string& root() const { return m_root; }

 private:
  void write(const std::string& abs, const std::string& content);
  void link(const std::string& abs, const std::string& target);
  std::string m_root;
  std::vector<std::string> m_mounts;
  std::vector<std::string> m_swaps;
  int m_mount_id = 20;
};

/// Options of the standard fixture.
struct StandardFixtureOptions {
  /// A directory made to look like a mount of the "images" stick (sdk1), so that an image file
  /// put there is "on" that stick.
  std::optional<std::string> image_dir;
  /// Size of the USB stick sdb's /dev node (sparse), which is what a write fills.
  std::uint64_t stick_node_bytes = 64ull * 1024 * 1024;
};

/// A USB stick (or, not `removable`, a USB disk) on root-hub port `port`, as the standard
/// fixture's; node files are 1 MiB unless node_bytes is changed.
FixtureDisk fixture_usb_disk(const std::string& name, unsigned minor, int port, std::uint64_t size,
                             const std::string& vendor, const std::string& model,
                             const std::string& serial, bool removable);

/// An internal SATA disk (major 8) of `size` bytes.
FixtureDisk fixture_sata_disk(const std::string& name, unsigned minor, std::uint64_t size);

/// The machine the drive tests run against; README "Safety" lists what each disk stands for.
void build_standard_fixture(const std::string& root, const StandardFixtureOptions& options = {});

/// Makes a file look like a ZFS pool device (blkid: zfs_member, LABEL=pool) to libblkid; grows it
/// to 64 MiB (sparse) when smaller. There is no mkfs for ZFS without the ZFS tools.
void make_zfs_member(const std::string& path, const std::string& pool);

/// Runs a command line (test set-up only); throws with the command on failure.
void run_or_throw(const std::string& command);

}  // namespace sw::test
