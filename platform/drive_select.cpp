#include "platform/drive_select.h"

#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>

namespace sw::platform {

bool is_drive_path(const Sysroot& root, const std::string& target_path) {
  if (!root.is_real()) return target_path.rfind("/dev/", 0) == 0;
  struct stat st {};
  return ::stat(target_path.c_str(), &st) == 0 && S_ISBLK(st.st_mode);
}

Result<DriveTarget> find_drive_target(const Sysroot& root, const std::string& target_path,
                                      const std::optional<std::string>& image_path) {
  const auto name = name_of_dev_path(root, target_path);
  if (!name) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("{} is not a disk the kernel knows; run 'stickwright list' to see the "
                            "drives",
                            target_path));
  }
  const auto whole = whole_disk_of(root, *name);
  if (whole && *whole != *name) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("{} is a partition of /dev/{}; an image is written to the whole disk: "
                            "give /dev/{} instead",
                            target_path, *whole, *whole));
  }
  const SystemState state = read_system_state(root);
  auto drive = describe_drive(root, *name, state);
  if (!drive) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("{} is not a whole disk in /sys/block", target_path));
  }
  DriveTarget t;
  t.eligibility = evaluate_drive(*drive, find_protected_disks(root, state, image_path));
  t.node_path = root.path(drive->path);
  t.drive = std::move(*drive);
  return t;
}

Result<void> check_same_drive(const Sysroot& root, const Drive& chosen) {
  const SystemState state = read_system_state(root);
  const auto now = describe_drive(root, chosen.name, state);
  std::string what;
  if (!now) {
    what = "it is gone";
  } else if (now->major != chosen.major || now->minor != chosen.minor) {
    what = fmt::format("device number {}:{} is now {}:{}", chosen.major, chosen.minor, now->major,
                       now->minor);
  } else if (now->diskseq != chosen.diskseq) {
    what = "the kernel's disk sequence number changed (it was unplugged and a disk took its name)";
  } else if (now->serial != chosen.serial || now->model != chosen.model) {
    what = fmt::format("it is now '{} {}' (serial '{}')", now->vendor, now->model, now->serial);
  } else if (now->loop_backing != chosen.loop_backing) {
    what = fmt::format("the loop device now reads '{}' instead of '{}'", now->loop_backing,
                       chosen.loop_backing);
  } else if (now->size_bytes != chosen.size_bytes) {
    what = fmt::format("its size changed from {} to {} bytes", chosen.size_bytes, now->size_bytes);
  }
  if (what.empty()) return ok();
  return fail(ErrorKind::kTargetRefused,
              fmt::format("the drive changed since you chose it: {} ({}). Nothing was written; "
                          "choose the drive again.",
                          chosen.path, what));
}

std::vector<std::string> drive_mountpoints(const Drive& drive) {
  std::vector<std::string> out = drive.mountpoints;
  for (const auto& p : drive.partitions) out.insert(out.end(), p.mountpoints.begin(), p.mountpoints.end());
  // Deepest first, so a mount inside another is unmounted before its parent.
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<void> unmount_drive(const Sysroot& root, const Drive& drive) {
  const auto mountpoints = drive_mountpoints(drive);
  if (mountpoints.empty()) return ok();
  if (!root.is_real()) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("{} is mounted at {}; under --sysroot nothing is unmounted, so it is "
                            "refused",
                            drive.path, mountpoints.front()));
  }
  for (const auto& mp : mountpoints) {
    if (::umount2(mp.c_str(), UMOUNT_NOFOLLOW) == 0 || errno == EINVAL) continue;  // EINVAL: already gone
    if (errno == EBUSY) {
      return fail(ErrorKind::kTargetRefused,
                  fmt::format("{} (on {}) is busy: a program has files open there. Close it and "
                              "try again; nothing was written.",
                              mp, drive.path));
    }
    return fail(Error::from_errno(ErrorKind::kTargetRefused, "cannot unmount", mp, errno));
  }
  // Mount points can stack; check that nothing of this drive is still mounted.
  const auto again = describe_drive(root, drive.name, read_system_state(root));
  if (again && !drive_mountpoints(*again).empty()) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("{} is still mounted at {} after unmounting; nothing was written",
                            drive.path, drive_mountpoints(*again).front()));
  }
  return ok();
}

Result<std::unique_ptr<BlockDevice>> open_drive_for_write(const Sysroot& root, const Drive& chosen,
                                                         const TargetInfo& info) {
  if (auto same = check_same_drive(root, chosen); !same) return same.failure();
  auto dev = open_for_write(info);
  if (!dev) return dev;
  // Held exclusively now: if it is still the same drive, it stays the same until we close it.
  if (auto same = check_same_drive(root, chosen); !same) return same.failure();
  return dev;
}

}  // namespace sw::platform
