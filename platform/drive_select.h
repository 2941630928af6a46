#pragma once
/// From a target path to a drive that may be written: find it, refuse partitions and
/// never-class disks, unmount with consent, and check that it is still the drive the user chose
/// when the first byte is about to be written.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "platform/block_device.h"
#include "platform/drive_rules.h"
#include "platform/drives.h"
#include "platform/linux_device.h"
#include "platform/result.h"
#include "platform/sysroot.h"

namespace sw::platform {

/// A drive chosen as a write target.
struct DriveTarget {
  Drive drive;
  Eligibility eligibility;
  std::string node_path;  ///< where to open it: /dev/sdb, or DIR/dev/sdb under a sysroot
};

/// True when `target_path` is a drive target: any path under /dev (of the sysroot), whatever is
/// there now (a regular file at /dev/sdb is a missing drive, refused by find_drive_target, never
/// a file target), or, on the real root, a path that leads to /dev or to a block device.
bool is_drive_path(const Sysroot& root, const std::string& target_path);

/// is_drive_path, as a refusal (kTargetRefused) that asks for a whole disk.
Result<void> require_drive_path(const Sysroot& root, const std::string& target_path);

/// Finds the whole disk `target_path` names and evaluates it. A partition is refused with the
/// whole disk's name; a path the kernel does not know as a disk is refused.
Result<DriveTarget> find_drive_target(const Sysroot& root, const std::string& target_path,
                                      const std::optional<std::string>& image_path);

/// Probes the node of a chosen drive and checks that it is that drive: on the real root a block
/// device whose device number is the drive's; under a fixture sysroot a regular file (a block
/// device node inside a fixture would be a real disk the rules never looked at, so it is refused).
Result<TargetInfo> probe_drive_node(const Sysroot& root, const DriveTarget& target);

/// The loop device whose backing file is `path`, if any (real root only): such a file is a disk
/// in use and is not written as a target.
std::optional<std::string> loop_device_using_file(const Sysroot& root, const std::string& path);

/// A drive ready to be written: found, judged and its node checked.
struct PreparedDrive {
  DriveTarget target;
  TargetInfo info;
};

/// What a chosen drive is for. A drive only read (captured as an image) is judged by the rules
/// of a write's target, except that a read-only (write-protected) one is not refused for that.
enum class DriveUse { kWrite, kRead };

/// Finds the drive `target_path` names, applies every rule and checks its node. Refuses, with
/// every reason, a never-class drive and, unless `worst_allowed` is kNeedsFlag, a drive that is
/// not removable (that refusal carries Remedy::kAllowNonRemovable), and
/// (real root) an unmounted drive the kernel has claimed (a brief O_EXCL probe). The one path
/// from a drive name to a write target for all front ends.
/// With DriveUse::kRead, a write-protected drive is judged as if it were writable and a refusal
/// says the drive is not read.
Result<PreparedDrive> prepare_drive(const Sysroot& root, const std::string& target_path,
                                    const std::optional<std::string>& image, Verdict worst_allowed,
                                    DriveUse use = DriveUse::kWrite);

/// Checks that the prepared drive is still the one chosen (before anything is unmounted), then
/// unmounts its file systems (the user agreed) and opens it for writing with
/// open_drive_for_write. Call only once the image's hash was accepted.
Result<std::unique_ptr<BlockDevice>> unmount_and_open(const Sysroot& root,
                                                      const PreparedDrive& prepared,
                                                      const std::optional<std::string>& image,
                                                      Verdict worst_allowed);

/// An existing regular file as a target: not a symbolic link, not a block device, not the image
/// itself, not the backing file of a loop device.
Result<TargetInfo> prepare_file_target(const Sysroot& root, const std::string& path,
                                       const std::string& image);

/// How the drive `now` (none: gone) differs from the snapshot `chosen` the user agreed to erase:
/// major:minor, diskseq, serial, model, a loop device's backing file, the size, and the partitions
/// (names, sizes, file systems, labels, UUIDs; not their mounts). Empty when it is the same drive.
std::string drive_change(const Drive& chosen, const std::optional<Drive>& now);

/// Re-reads the drive and refuses, with drive_change's words, one that differs from `chosen`.
Result<void> check_same_drive(const Sysroot& root, const Drive& chosen);

/// Every mount point on the drive (whole disk and partitions), deepest first.
std::vector<std::string> drive_mountpoints(const Drive& drive);

/// Unmounts every mount point on the drive by its exact path (umount2, never by name prefix).
/// Refuses, naming the mount point, when one stays busy. Under a fixture sysroot nothing can be
/// unmounted, so a mounted drive is refused.
Result<void> unmount_drive(const Sysroot& root, const Drive& drive);

/// Opens the drive for writing: checks identity, opens (O_EXCL for block devices), then checks
/// identity again and re-applies every rule now that nobody else can claim it. `worst_allowed`
/// is kNeedsFlag when the user allows drives that are not removable, else kOffered.
Result<std::unique_ptr<BlockDevice>> open_drive_for_write(const Sysroot& root, const Drive& chosen,
                                                          const TargetInfo& info,
                                                          const std::optional<std::string>& image,
                                                          Verdict worst_allowed);

}  // namespace sw::platform
