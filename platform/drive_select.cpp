#include "platform/drive_select.h"

#include <fmt/format.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>

#include "platform/fd.h"
#include "platform/files.h"

namespace sw::platform {

namespace {

bool lexically_under_dev(const std::string& path) {
  std::error_code ec;
  const auto abs = std::filesystem::absolute(path, ec).lexically_normal().string();
  return !ec && abs.starts_with("/dev/");
}

/// On the real root, a path under /dev that is not a block device is no drive: most often a
/// regular file that `dd of=/dev/sdb` created when no stick was plugged in. It is refused, never
/// written as a file (writing it would "succeed" and the user would boot an empty stick).
Result<void> check_real_node(const std::string& target_path) {
  struct stat st {};
  if (::stat(target_path.c_str(), &st) != 0 || S_ISBLK(st.st_mode)) return ok();
  if (S_ISREG(st.st_mode)) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("{} is a regular file, not a drive: no disk is plugged in under this "
                            "name (a file left by an earlier 'dd of={}' with no drive present?). "
                            "Remove the file and plug in the drive. Nothing was written.",
                            target_path, target_path),
                Remedy::kSeeDrives);
  }
  return fail(ErrorKind::kTargetRefused,
              fmt::format("{} is not a block device; refusing to write it", target_path));
}

}  // namespace

bool is_drive_path(const Sysroot& root, const std::string& target_path) {
  // Decided by the name, not by what is there now (see check_real_node).
  if (lexically_under_dev(target_path)) return true;
  if (!root.is_real()) return false;
  if (const auto real = real_path(target_path); real && real->starts_with("/dev/")) return true;
  struct stat st {};
  return ::stat(target_path.c_str(), &st) == 0 && S_ISBLK(st.st_mode);
}

Result<void> require_drive_path(const Sysroot& root, const std::string& target_path) {
  if (is_drive_path(root, target_path)) return ok();
  return fail(ErrorKind::kTargetRefused,
              fmt::format("{} is not a drive: give a whole disk such as /dev/sdb", target_path));
}

Result<DriveTarget> find_drive_target(const Sysroot& root, const std::string& target_path,
                                      const std::optional<std::string>& image_path) {
  if (root.is_real()) {
    if (auto node = check_real_node(target_path); !node) return node.failure();
  }
  const auto name = name_of_dev_path(root, target_path);
  if (!name) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("{} is not a disk the kernel knows.", target_path), Remedy::kSeeDrives);
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

Result<TargetInfo> probe_drive_node(const Sysroot& root, const DriveTarget& target) {
  auto info = probe_target(target.node_path);
  if (!info) return info;
  const auto& d = target.drive;
  if (info->kind == TargetKind::kBlockDevice) {
    if (!root.is_real()) {
      return fail(ErrorKind::kTargetRefused,
                  fmt::format("{} is a real block device inside the sysroot {}; refusing to write "
                              "a disk the rules never looked at",
                              target.node_path, root.prefix()));
    }
    if (info->rdev != ::makedev(d.major, d.minor)) {
      return fail(ErrorKind::kTargetRefused,
                  fmt::format("{} is device {}:{}, but sysfs describes {} as {}:{}; refusing",
                              target.node_path, ::major(info->rdev), ::minor(info->rdev), d.name,
                              d.major, d.minor));
    }
  } else if (root.is_real()) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("{} is not a block device; refusing", target.node_path));
  }
  return info;
}

std::optional<std::string> loop_device_using_file(const Sysroot& root, const std::string& path) {
  if (!root.is_real()) return std::nullopt;
  struct stat target {};
  if (::stat(path.c_str(), &target) != 0) return std::nullopt;
  for (const auto& name : root.list("/sys/block")) {
    auto backing = root.read("/sys/block/" + name + "/loop/backing_file");
    if (!backing || backing->empty()) continue;
    struct stat st {};
    if (::stat(backing->c_str(), &st) == 0 && st.st_dev == target.st_dev &&
        st.st_ino == target.st_ino) {
      return name;
    }
  }
  return std::nullopt;
}

namespace {

/// The first partition whose layout or file system differs, in words; empty when all agree.
std::string partitions_change(const std::vector<Partition>& was, const std::vector<Partition>& is) {
  if (was.size() != is.size()) {
    return fmt::format("it had {} partitions and now has {}", was.size(), is.size());
  }
  for (std::size_t i = 0; i < was.size(); ++i) {
    const auto& a = was[i];
    const auto& b = is[i];
    if (a.name != b.name || a.size_bytes != b.size_bytes) {
      return fmt::format("partition {} ({} bytes) is now {} ({} bytes)", a.name, a.size_bytes,
                         b.name, b.size_bytes);
    }
    if (a.fstype != b.fstype || a.label != b.label || a.uuid != b.uuid) {
      return fmt::format("partition {} held {} '{}' and now holds {} '{}'", a.name, a.fstype,
                         a.label, b.fstype, b.label);
    }
  }
  return {};
}

}  // namespace

std::string drive_change(const Drive& chosen, const std::optional<Drive>& now) {
  if (!now) return "it is gone";
  if (now->major != chosen.major || now->minor != chosen.minor) {
    return fmt::format("device number {}:{} is now {}:{}", chosen.major, chosen.minor, now->major,
                       now->minor);
  }
  if (now->diskseq != chosen.diskseq) {
    return "the kernel's disk sequence number changed (its medium was changed, or it was "
           "unplugged and a disk took its name)";
  }
  if (now->serial != chosen.serial || now->model != chosen.model) {
    return fmt::format("it is now '{} {}' (serial '{}')", now->vendor, now->model, now->serial);
  }
  if (now->loop_backing != chosen.loop_backing) {
    return fmt::format("the loop device now reads '{}' instead of '{}'", now->loop_backing,
                       chosen.loop_backing);
  }
  if (now->size_bytes != chosen.size_bytes) {
    return fmt::format("its size changed from {} to {} bytes", chosen.size_bytes, now->size_bytes);
  }
  return partitions_change(chosen.partitions, now->partitions);
}

Result<void> check_same_drive(const Sysroot& root, const Drive& chosen) {
  const auto what =
      drive_change(chosen, describe_drive(root, chosen.name, read_system_state(root)));
  if (what.empty()) return ok();
  return fail(ErrorKind::kTargetRefused,
              fmt::format("the drive changed since you chose it: {} ({}). Nothing was written; "
                          "choose the drive again.",
                          chosen.path, what));
}

std::vector<std::string> drive_mountpoints(const Drive& drive) {
  std::vector<std::string> out = drive.mountpoints;
  for (const auto& p : drive.partitions)
    out.insert(out.end(), p.mountpoints.begin(), p.mountpoints.end());
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
    return fail(
        ErrorKind::kTargetRefused,
        fmt::format(
            "{} is mounted at {}; under a fixture system root nothing is unmounted, so it is "
            "refused",
            drive.path, mountpoints.front()));
  }
  for (const auto& mp : mountpoints) {
    // Only the top mount at a path is removed by umount2; if another disk's file system was
    // mounted over this one, unmounting would take away the wrong one.
    const auto mounts = read_system_state(root).mounts;
    const MountEntry* top = nullptr;
    for (const auto& m : mounts) {
      if (m.mountpoint == mp) top = &m;
    }
    if (top == nullptr) continue;  // already gone
    const auto top_disk = device_of_mount(root, *top);
    if (!top_disk || whole_disk_of(root, *top_disk) != drive.name) {
      return fail(ErrorKind::kTargetRefused,
                  fmt::format("another file system ({}) is mounted over {} at {}; unmount it "
                              "yourself first. Nothing was written.",
                              top->source, drive.path, mp));
    }
    if (::umount2(mp.c_str(), UMOUNT_NOFOLLOW) == 0 || errno == EINVAL)
      continue;  // EINVAL: already gone
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
                                                          const TargetInfo& info,
                                                          const std::optional<std::string>& image,
                                                          Verdict worst_allowed) {
  if (auto same = check_same_drive(root, chosen); !same) return same.failure();
  auto dev = open_for_write(info);
  if (!dev) return dev;
  // Held exclusively now: if it is still the same drive, it stays the same until we close it.
  if (auto same = check_same_drive(root, chosen); !same) return same.failure();
  // And the rules are applied once more: something may have been stacked on it (a loop device,
  // a swap) while the image was being hashed.
  auto again = find_drive_target(root, chosen.path, image);
  if (!again) return again.failure();
  const Verdict v = again->eligibility.verdict;
  if (v == Verdict::kNever || (v == Verdict::kNeedsFlag && worst_allowed == Verdict::kOffered)) {
    return fail(
        ErrorKind::kTargetRefused,
        fmt::format(
            "{} may no longer be written: it {}. Nothing was written.", chosen.path,
            again->eligibility.reasons.empty() ? "changed" : again->eligibility.reasons.front()));
  }
  return dev;
}

}  // namespace sw::platform

namespace sw::platform {

Result<PreparedDrive> prepare_drive(const Sysroot& root, const std::string& target_path,
                                    const std::optional<std::string>& image, Verdict worst_allowed,
                                    DriveUse use) {
  auto dt = find_drive_target(root, target_path, image);
  if (!dt) return dt.failure();
  if (use == DriveUse::kRead && dt->drive.read_only) {
    // Reading cannot harm a write-protected stick (and copying one is a reason to protect it):
    // every other rule still applies.
    Drive writable = dt->drive;
    writable.read_only = false;
    dt->eligibility =
        evaluate_drive(writable, find_protected_disks(root, read_system_state(root), image));
  }
  auto& e = dt->eligibility;
  // Probed here, not in find_drive_target: that runs again once this process holds the drive.
  if (root.is_real() && e.verdict != Verdict::kNever && drive_mountpoints(dt->drive).empty() &&
      claimed_exclusively(dt->node_path)) {
    e.verdict = Verdict::kNever;
    e.reasons.assign(1, kClaimedReason);
  }
  const bool refused = e.verdict == Verdict::kNever ||
                       (e.verdict == Verdict::kNeedsFlag && worst_allowed == Verdict::kOffered);
  if (refused) {
    const bool read = use == DriveUse::kRead;
    std::string msg = fmt::format("refusing to {} {}:", read ? "read" : "write", target_path);
    for (const auto& r : e.reasons) msg += fmt::format("\n  - it {}", r);
    msg += read ? "\nNothing was read." : "\nNothing was written.";
    return fail(ErrorKind::kTargetRefused, msg,
                e.verdict == Verdict::kNever ? Remedy::kNone : Remedy::kAllowNonRemovable);
  }
  auto info = probe_drive_node(root, *dt);
  if (!info) return info.failure();
  return PreparedDrive{std::move(*dt), std::move(*info)};
}

Result<std::unique_ptr<BlockDevice>> unmount_and_open(const Sysroot& root,
                                                      const PreparedDrive& prepared,
                                                      const std::optional<std::string>& image,
                                                      Verdict worst_allowed) {
  // The identity first: unmounting a disk that is no longer the chosen one would already touch
  // the wrong disk (its file systems, and the programs using them).
  if (auto same = check_same_drive(root, prepared.target.drive); !same) return same.failure();
  if (auto u = unmount_drive(root, prepared.target.drive); !u) return u.failure();
  return open_drive_for_write(root, prepared.target.drive, prepared.info, image, worst_allowed);
}

Result<TargetInfo> prepare_file_target(const Sysroot& root, const std::string& path,
                                       const std::string& image) {
  // A link could be pointed elsewhere between this check and the write (even at a disk);
  // writing only the file that is named, never what a link leads to, closes that door.
  if (auto lst = lstat_path(path, ErrorKind::kUsage); lst && S_ISLNK(lst->st_mode)) {
    const auto to = real_path(path);
    return fail(ErrorKind::kTargetRefused,
                fmt::format("{} is a symbolic link{}; give the file itself as the target. "
                            "Nothing was written.",
                            path, to ? fmt::format(" (to {})", *to) : std::string()));
  }
  auto info = probe_target(path);
  if (!info) return info;
  if (info->kind == TargetKind::kBlockDevice) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("{} is a block device outside the fixture system root", info->path));
  }
  struct stat img {};
  if (::stat(image.c_str(), &img) == 0 && img.st_dev == info->file_dev &&
      img.st_ino == info->file_ino) {
    return fail(
        ErrorKind::kTargetRefused,
        fmt::format("{} is the image itself; refusing to write an image onto itself", path));
  }
  if (auto loop = loop_device_using_file(root, info->path)) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("{} is the backing file of loop device /dev/{}, a disk in use; "
                            "refusing to write it",
                            path, *loop));
  }
  return info;
}

}  // namespace sw::platform
