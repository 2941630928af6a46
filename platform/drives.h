#pragma once
/// Whole disks as sysfs, libblkid and mountinfo describe them. Enumeration walks /sys/block;
/// names are never parsed to decide what a device is.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "platform/mountinfo.h"
#include "platform/result.h"
#include "platform/sysroot.h"

namespace sw::platform {

/// How a disk is attached, from its sysfs ancestry.
enum class Transport { kUsb, kMmc, kNvme, kSata, kScsi, kVirtio, kLoop, kVirtual, kUnknown };

/// Lower-case name for JSON and tables ("usb", "sata", ...).
std::string_view transport_name(Transport t);

/// Kinds of virtual block devices (not drives).
enum class VirtualKind { kNone, kLoop, kDeviceMapper, kMdRaid, kZram, kRamDisk, kOther };

/// What an mmc disk is, from sysfs device/type: an SD card is removable media, an MMC is an
/// eMMC soldered to the board (kNone for disks that are not mmc, or an unknown type).
enum class MmcType { kNone, kSd, kMmc };

/// A partition of a disk.
struct Partition {
  std::string name;  ///< kernel name, e.g. "sdb1"
  std::string path;  ///< "/dev/sdb1"
  unsigned major = 0, minor = 0;
  std::uint64_t size_bytes = 0;
  std::string label, fstype, uuid;  ///< from libblkid, empty when unknown
  std::vector<std::string> mountpoints;
  std::vector<std::string> holders;
};

/// A whole disk.
struct Drive {
  std::string name;  ///< kernel name, e.g. "sdb"
  std::string path;  ///< "/dev/sdb"
  unsigned major = 0, minor = 0;
  std::uint64_t size_bytes = 0;
  std::uint32_t logical_sector = 512, physical_sector = 512;
  bool read_only = false, removable = false, hotplug = false, rotational = false;
  std::optional<std::uint64_t> diskseq;
  std::string vendor, model, serial;
  Transport transport = Transport::kUnknown;
  VirtualKind virtual_kind = VirtualKind::kNone;
  MmcType mmc_type = MmcType::kNone;     ///< what an mmc disk is (sysfs device/type)
  std::string loop_backing;              ///< backing file of a loop device
  std::string label, fstype, uuid;       ///< a file system on the whole disk (an ISO written raw)
  std::vector<std::string> mountpoints;  ///< of the whole disk itself
  std::vector<std::string> holders;      ///< of the whole disk itself
  std::vector<std::string> slaves;
  std::vector<Partition> partitions;
  /// scan_drives found it claimed by the kernel (an exclusive open failed with EBUSY) although
  /// nothing of it is mounted: in use by something the tree does not show.
  bool claimed = false;
};

/// What a scan reads besides /sys/block.
struct SystemState {
  std::vector<MountEntry> mounts;
  std::vector<std::string> swaps;
  std::map<unsigned, std::string> block_drivers;  ///< /proc/devices: major -> driver ("loop")
};

/// Parses the "Block devices:" part of /proc/devices.
std::map<unsigned, std::string> parse_block_drivers(std::string_view proc_devices);

/// Reads mountinfo and swaps under the sysroot.
SystemState read_system_state(const Sysroot& root);

/// Describes one block device by kernel name (a whole disk); none when /sys/block/NAME is absent.
std::optional<Drive> describe_drive(const Sysroot& root, const std::string& name,
                                    const SystemState& state);

/// Every whole disk in /sys/block, sorted by name; unattached loop devices are left out. On the
/// real root, each disk with nothing mounted is probed with a brief exclusive open (`claimed`).

std::vector<Drive> scan_drives(const Sysroot& root, const SystemState& state);

/// The kernel name of the block device with this number (via /sys/dev/block), if any.
std::optional<std::string> name_of_devno(const Sysroot& root, unsigned major, unsigned minor);

/// The kernel name a /dev path refers to (following /dev symlinks like /dev/mapper/x, and
/// /dev/disk/by-*), if it is a block device known to sysfs.
std::optional<std::string> name_of_dev_path(const Sysroot& root, const std::string& dev_path);

/// The kernel name of the block device a mount is on: by its major:minor, or by its source for
/// file systems (btrfs) that report an anonymous device number.
std::optional<std::string> device_of_mount(const Sysroot& root, const MountEntry& mount);

/// The whole disk a block device belongs to: itself for a disk, the parent for a partition.
std::optional<std::string> whole_disk_of(const Sysroot& root, const std::string& name);

/// The physical whole disks under a block device: through partitions, device-mapper/md slaves,
/// loop backing files (found through the mount that holds them) and the other devices of a
/// multi-device btrfs or bcachefs (/sys/fs/btrfs/UUID/devices, /sys/fs/bcachefs/UUID/dev-N).
std::vector<std::string> disks_under(const Sysroot& root, const std::string& name,
                                     const SystemState& state);

/// The disks a write to a block device lands on: through partitions, device-mapper/md slaves
/// and loop devices over block devices, but not through a loop device's backing file.
std::vector<std::string> block_disks_under(const Sysroot& root, const std::string& name,
                                           const SystemState& state);

/// The whole disks that hold a path's file system (the mount containing it; for the real root
/// also stat(2)'s st_dev).
std::vector<std::string> disks_holding_path(const Sysroot& root, const std::string& path,
                                            const SystemState& state);

}  // namespace sw::platform
