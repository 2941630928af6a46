#include "platform/drive_rules.h"

#include <fmt/format.h>

#include <algorithm>

#include "platform/files.h"
#include "platform/temp_space.h"

namespace sw::platform {
namespace {

void add_reason(ProtectedDisks& out, const std::vector<std::string>& disks,
                const std::string& why) {
  for (const auto& d : disks) {
    auto& reasons = out[d];
    if (std::find(reasons.begin(), reasons.end(), why) == reasons.end()) reasons.push_back(why);
  }
}

std::vector<std::string> disks_of_mountpoint(const Sysroot& root, const SystemState& state,
                                             const std::string& mountpoint) {
  std::vector<std::string> out;
  // On the real root, stat(2) of the mount point also counts (it sees through mountinfo entries
  // that name no device, such as btrfs subvolumes reported as "/dev/root").
  if (root.is_real()) out = disks_holding_path(root, mountpoint, state);
  for (const auto& m : state.mounts) {
    if (m.mountpoint != mountpoint) continue;
    const auto dev = device_of_mount(root, m);
    if (!dev) continue;
    for (auto& d : disks_under(root, *dev, state)) out.push_back(std::move(d));
  }
  return out;
}

bool at_or_under(std::string_view path, std::string_view prefix) {
  return path == prefix ||
         (path.size() > prefix.size() && path.starts_with(prefix) && path[prefix.size()] == '/');
}

/// The live medium: every mount at or under the places live systems use (only mounts: a
/// directory of that name on the system disk is not a medium).
void add_live_media(const Sysroot& root, const SystemState& state, ProtectedDisks& out) {
  for (const char* prefix : kLiveMediumMountpoints) {
    for (const auto& m : state.mounts) {
      if (!at_or_under(m.mountpoint, prefix)) continue;
      const auto dev = device_of_mount(root, m);
      if (!dev) continue;
      add_reason(out, disks_under(root, *dev, state),
                 fmt::format("is the live medium this system booted from ({})", m.mountpoint));
    }
  }
}

/// A system mount that is an overlay (a live system's root over a squashfs image on the boot
/// stick, mounted anywhere) lives on the disks under its layers.
void add_overlay_layers(const Sysroot& root, const SystemState& state, ProtectedDisks& out) {
  for (const char* mp : kSystemMountpoints) {
    for (const auto& m : state.mounts) {
      if (m.mountpoint != mp) continue;
      for (const auto& layer : overlay_layers(m)) {
        add_reason(out, disks_holding_path(root, layer, state),
                   fmt::format("holds {} of the running system (its overlay layer {})", mp, layer));
      }
    }
  }
}

/// Imported ZFS pools: /proc/spl/kstat/zfs has a directory for each (beside files of the
/// module's own statistics).
std::vector<std::string> imported_zfs_pools(const Sysroot& root) {
  std::vector<std::string> out;
  for (const auto& e : root.list("/proc/spl/kstat/zfs")) {
    if (!root.list("/proc/spl/kstat/zfs/" + e).empty()) out.push_back(e);
  }
  return out;
}

/// ZFS claims its vdevs without holders or mounts of the devices themselves. A disk with a
/// zfs_member file system (on it or a partition) while pools are imported is taken as in use:
/// the pool name in the label is shown, but not trusted to clear a disk (a pool may have been
/// imported under another name).
void add_zfs_members(const Sysroot& root, const SystemState& state, ProtectedDisks& out) {
  const auto pools = imported_zfs_pools(root);
  if (pools.empty()) return;
  for (const auto& name : root.list("/sys/block")) {
    const auto d = describe_drive(root, name, state);
    if (!d) continue;
    std::vector<std::string> labels;
    if (d->fstype == "zfs_member") labels.push_back(d->label);
    for (const auto& p : d->partitions)
      if (p.fstype == "zfs_member") labels.push_back(p.label);
    for (const auto& label : labels) {
      const bool imported = std::find(pools.begin(), pools.end(), label) != pools.end();
      add_reason(out, {name},
                 imported ? fmt::format("is a device of the imported ZFS pool '{}'", label)
                          : fmt::format("holds a ZFS pool device (pool '{}') while ZFS pools are "
                                        "imported ({}); export the pool if it is not in use",
                                        label, fmt::join(pools, ", ")));
    }
  }
}

std::string virtual_words(VirtualKind k) {
  switch (k) {
    case VirtualKind::kDeviceMapper:
      return "a device-mapper device (LVM, dm-crypt)";
    case VirtualKind::kMdRaid:
      return "a software RAID (md) device";
    case VirtualKind::kZram:
      return "a compressed RAM disk (zram)";
    case VirtualKind::kRamDisk:
      return "a RAM disk";
    default:
      return "a virtual block device";
  }
}

/// Reasons that forbid writing whatever the flags.
void never_reasons(const Drive& d, const ProtectedDisks& prot, std::vector<std::string>& out) {
  if (auto it = prot.find(d.name); it != prot.end()) {
    out.insert(out.end(), it->second.begin(), it->second.end());
  }
  std::vector<std::string> holders = d.holders;
  for (const auto& p : d.partitions)
    holders.insert(holders.end(), p.holders.begin(), p.holders.end());
  if (!holders.empty()) {
    out.push_back(
        fmt::format("is in use by LVM, RAID or encryption (held by {})", fmt::join(holders, ", ")));
  }
  if (d.claimed && out.empty() && holders.empty()) out.push_back(kClaimedReason);
  if (d.read_only)
    out.push_back("is read-only (write-protect switch, or the kernel made it read-only)");
  if (d.size_bytes == 0 && d.virtual_kind == VirtualKind::kNone) {
    out.push_back("has no medium (an empty card reader?)");
  }
  if (d.virtual_kind != VirtualKind::kNone && d.virtual_kind != VirtualKind::kLoop) {
    out.push_back(fmt::format("is {}, not a drive", virtual_words(d.virtual_kind)));
  }
}

/// Why a drive is writable only when the user allows non-removable drives, if it is.
std::optional<NotRemovable> not_removable(const Drive& d) {
  if (d.virtual_kind == VirtualKind::kLoop) return NotRemovable::kLoop;
  if (d.transport == Transport::kUsb) return std::nullopt;
  if (d.transport == Transport::kMmc) {
    if (d.mmc_type == MmcType::kSd) return std::nullopt;
    return NotRemovable::kInternalEmmc;
  }
  return NotRemovable::kOtherTransport;
}

std::string not_removable_words(NotRemovable n, const Drive& d) {
  switch (n) {
    case NotRemovable::kLoop:
      return "is a loop device";
    case NotRemovable::kInternalEmmc:
      return "is internal eMMC storage, not an SD card";
    case NotRemovable::kOtherTransport:
      break;
  }
  return fmt::format("is not a USB drive or SD card (transport {})", transport_name(d.transport));
}

/// A device whose writes land on a protected disk is protected too (a loop device over the
/// system disk's partition), and a disk under a loop device is in use by it (loop devices
/// register no holders). File-backed loop devices write a file, not the disk under it.
void add_stacked(const Sysroot& root, const SystemState& state, ProtectedDisks& out) {
  const ProtectedDisks base = out;
  for (const auto& name : root.list("/sys/block")) {
    const auto under = block_disks_under(root, name, state);
    for (const auto& disk : under) {
      if (disk == name) continue;
      if (auto it = base.find(disk); it != base.end()) {
        add_reason(out, {name},
                   fmt::format("is stacked on {}, which {}", disk, it->second.front()));
      }
      if (root.exists("/sys/block/" + name + "/loop")) {
        add_reason(out, {disk}, fmt::format("is in use by loop device {}", name));
      }
    }
  }
}

}  // namespace

std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::kOffered:
      return "offered";
    case Verdict::kNeedsFlag:
      return "needs_flag";
    case Verdict::kNever:
      return "never";
  }
  return "never";
}

ProtectedDisks find_protected_disks(const Sysroot& root, const SystemState& state,
                                    const std::optional<std::string>& image_path) {
  ProtectedDisks out;
  for (const char* mp : kSystemMountpoints) {
    add_reason(out, disks_of_mountpoint(root, state, mp),
               fmt::format("holds {} of the running system", mp));
  }
  add_overlay_layers(root, state, out);
  add_live_media(root, state, out);
  add_zfs_members(root, state, out);
  for (const auto& swap : state.swaps) {
    std::vector<std::string> disks;
    if (auto dev = name_of_dev_path(root, swap)) {
      disks = disks_under(root, *dev, state);
    } else {
      disks = disks_holding_path(root, swap, state);
    }
    add_reason(out, disks, fmt::format("has active swap ({})", swap));
  }
  if (image_path) {
    // By its canonical path, so a disk holding it through a symbolic link is protected too (as
    // given when it cannot be resolved). The image may itself be a block device (a partition of
    // the target, or a loop device).
    const std::string image = real_path(*image_path).value_or(*image_path);
    const auto dev = name_of_dev_path(root, image);
    add_reason(out, dev ? disks_under(root, *dev, state) : disks_holding_path(root, image, state),
               fmt::format("holds the image file {}", image));
  }
  // Windows mode writes gigabytes of prepared files there while the target is being written:
  // erasing the disk under them would destroy the stick being made (and whatever else is there).
  const std::string temp = large_temp_base();
  add_reason(
      out, disks_holding_path(root, root.is_real() ? real_path(temp).value_or(temp) : temp, state),
      fmt::format("holds the temporary directory {} ($TMPDIR, else /var/tmp) that Windows "
                  "mode prepares in",
                  temp));
  add_stacked(root, state, out);
  return out;
}

Eligibility evaluate_drive(const Drive& d, const ProtectedDisks& prot) {
  Eligibility e;
  never_reasons(d, prot, e.reasons);
  if (!e.reasons.empty()) {
    e.verdict = Verdict::kNever;
  } else if ((e.not_removable = not_removable(d))) {
    e.verdict = Verdict::kNeedsFlag;
    e.reasons.push_back(not_removable_words(*e.not_removable, d));
  }
  if (d.virtual_kind == VirtualKind::kNone &&
      (d.rotational || d.size_bytes > kHardDiskThresholdBytes)) {
    e.looks_like_hard_disk = true;
    e.warnings.push_back(
        fmt::format("looks like a hard disk ({}{:.0f} GB): needs an extra confirmation",
                    d.rotational ? "rotational, " : "", static_cast<double>(d.size_bytes) / 1e9));
  }
  return e;
}

}  // namespace sw::platform
