#include "platform/drives.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <set>

#include "platform/blkid_probe.h"
#include "platform/linux_device.h"

namespace sw::platform {
namespace {

constexpr std::uint64_t kSysfsSectorBytes = 512;  // /sys/block/X/size is always in 512-byte units
constexpr int kMaxStackDepth = 8;                 // dm on md on loop on ... is never deeper

std::string base_of(std::string_view path) {
  const auto slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string parent_of(std::string_view path) {
  const auto slash = path.rfind('/');
  if (slash == std::string_view::npos || slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

bool parse_devno(const std::optional<std::string>& text, unsigned& major, unsigned& minor) {
  if (!text) return false;
  const auto colon = text->find(':');
  if (colon == std::string::npos) return false;
  const char* s = text->data();
  return std::from_chars(s, s + colon, major).ec == std::errc() &&
         std::from_chars(s + colon + 1, s + text->size(), minor).ec == std::errc();
}

bool is_ata_port(std::string_view dir_name) {
  return dir_name.size() > 3 && dir_name.substr(0, 3) == "ata" &&
         dir_name.find_first_not_of("0123456789", 3) == std::string_view::npos;
}

/// Mount points of a block device, matched by major:minor, or by source for file systems
/// (btrfs) that report an anonymous device number.
std::vector<std::string> mountpoints_of(const Sysroot& root, const std::string& name,
                                        unsigned major, unsigned minor, const SystemState& state) {
  std::vector<std::string> out;
  for (const auto& m : state.mounts) {
    const bool match =
        m.major != 0 ? (m.major == major && m.minor == minor)
                     : (m.source.starts_with("/dev/") && name_of_dev_path(root, m.source) == name);
    if (match && std::find(out.begin(), out.end(), m.mountpoint) == out.end()) {
      out.push_back(m.mountpoint);
    }
  }
  return out;
}

/// Walks the sysfs ancestry of a disk: transport, hotplug, and the USB device's strings.
void read_ancestry(const Sysroot& root, const std::string& canonical_dir, Drive& d) {
  bool seen_scsi = false;
  bool transport_known = false;
  for (std::string dir = parent_of(canonical_dir); dir.size() > 1 && dir != "/sys/devices";
       dir = parent_of(dir)) {
    if (root.read(dir + "/removable") == "removable") d.hotplug = true;
    const auto link = root.read_link(dir + "/subsystem");
    const std::string subsystem = link ? base_of(*link) : std::string();
    if (subsystem == "usb") {
      // The USB device (not its interface) carries the serial and manufacturer strings.
      if (d.serial.empty()) d.serial = root.read(dir + "/serial").value_or("");
      if (d.vendor.empty()) d.vendor = root.read(dir + "/manufacturer").value_or("");
    }
    if (transport_known) continue;
    if (subsystem == "usb") {
      d.transport = Transport::kUsb;
      transport_known = true;
    } else if (subsystem == "mmc") {
      d.transport = Transport::kMmc;
      transport_known = true;
    } else if (subsystem == "nvme" || subsystem == "nvme-subsystem") {
      d.transport = Transport::kNvme;
      transport_known = true;
    } else if (subsystem == "virtio") {
      d.transport = Transport::kVirtio;
      transport_known = true;
    } else if (is_ata_port(base_of(dir))) {
      d.transport = Transport::kSata;
      transport_known = true;
    } else if (subsystem == "scsi") {
      seen_scsi = true;
    }
  }
  if (!transport_known && seen_scsi) d.transport = Transport::kScsi;
}

/// The kind of a virtual device, from the driver that owns its major number (/proc/devices),
/// confirmed by the driver's own sysfs directory where it has one.
VirtualKind virtual_kind_of(const Sysroot& root, const std::string& base, unsigned major,
                            const SystemState& state) {
  const auto it = state.block_drivers.find(major);
  const std::string driver = it == state.block_drivers.end() ? std::string() : it->second;
  if (driver == "loop" || root.exists(base + "/loop")) return VirtualKind::kLoop;
  if (driver == "device-mapper" || root.exists(base + "/dm")) return VirtualKind::kDeviceMapper;
  if (driver == "md" || driver == "mdp" || root.exists(base + "/md")) return VirtualKind::kMdRaid;
  if (driver == "zram") return VirtualKind::kZram;
  if (driver == "ramdisk") return VirtualKind::kRamDisk;
  return VirtualKind::kOther;
}

void apply_fs(const std::optional<FsInfo>& fs, std::string& label, std::string& fstype,
              std::string& uuid) {
  if (!fs) return;
  label = fs->label;
  fstype = fs->fstype;
  uuid = fs->uuid;
}

std::vector<Partition> read_partitions(const Sysroot& root, const std::string& base,
                                       const SystemState& state) {
  std::vector<Partition> out;
  for (const auto& entry : root.list(base)) {
    const std::string dir = base + "/" + entry;
    if (!root.exists(dir + "/partition")) continue;
    Partition p;
    p.name = entry;
    p.path = "/dev/" + entry;
    parse_devno(root.read(dir + "/dev"), p.major, p.minor);
    p.size_bytes = root.read_u64(dir + "/size").value_or(0) * kSysfsSectorBytes;
    p.holders = root.list(dir + "/holders");
    p.mountpoints = mountpoints_of(root, entry, p.major, p.minor, state);
    apply_fs(probe_filesystem(root.path(p.path)), p.label, p.fstype, p.uuid);
    out.push_back(std::move(p));
  }
  return out;
}

/// Anything of the disk in mountinfo (such a disk is claimed, and unmounted with consent).
bool mounted(const Drive& d) {
  return !d.mountpoints.empty() ||
         std::any_of(d.partitions.begin(), d.partitions.end(),
                     [](const Partition& p) { return !p.mountpoints.empty(); });
}

void read_identity(const Sysroot& root, const std::string& base, Drive& d) {
  d.vendor = root.read(base + "/device/vendor").value_or("");
  d.model = root.read(base + "/device/model").value_or("");
  if (d.model.empty()) d.model = root.read(base + "/device/name").value_or("");  // mmc
  d.serial = root.read(base + "/device/serial").value_or("");
}

}  // namespace

std::string_view transport_name(Transport t) {
  switch (t) {
    case Transport::kUsb:
      return "usb";
    case Transport::kMmc:
      return "mmc";
    case Transport::kNvme:
      return "nvme";
    case Transport::kSata:
      return "sata";
    case Transport::kScsi:
      return "scsi";
    case Transport::kVirtio:
      return "virtio";
    case Transport::kLoop:
      return "loop";
    case Transport::kVirtual:
      return "virtual";
    case Transport::kUnknown:
      return "unknown";
  }
  return "unknown";
}

SystemState read_system_state(const Sysroot& root) {
  SystemState state;
  if (auto text = root.read("/proc/self/mountinfo")) state.mounts = parse_mountinfo(*text);
  if (auto text = root.read("/proc/swaps")) state.swaps = parse_swaps(*text);
  if (auto text = root.read("/proc/devices")) state.block_drivers = parse_block_drivers(*text);
  return state;
}

std::map<unsigned, std::string> parse_block_drivers(std::string_view text) {
  std::map<unsigned, std::string> out;
  bool in_block = false;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto nl = text.find('\n', pos);
    const std::string_view line =
        text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    if (line.rfind("Block devices:", 0) == 0) {
      in_block = true;
      continue;
    }
    if (line.find("devices:") != std::string_view::npos) in_block = false;
    if (!in_block) continue;
    unsigned major = 0;
    const auto start = line.find_first_not_of(' ');
    if (start == std::string_view::npos) continue;
    const auto [end, ec] = std::from_chars(line.data() + start, line.data() + line.size(), major);
    if (ec != std::errc()) continue;
    std::string_view name(end, static_cast<std::size_t>(line.data() + line.size() - end));
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    if (!name.empty()) out[major] = std::string(name);
  }
  return out;
}

std::optional<Drive> describe_drive(const Sysroot& root, const std::string& name,
                                    const SystemState& state) {
  const std::string base = "/sys/block/" + name;
  if (name.empty() || name.find('/') != std::string::npos || !root.exists(base))
    return std::nullopt;
  Drive d;
  d.name = name;
  d.path = "/dev/" + name;
  parse_devno(root.read(base + "/dev"), d.major, d.minor);
  d.size_bytes = root.read_u64(base + "/size").value_or(0) * kSysfsSectorBytes;
  d.logical_sector =
      static_cast<std::uint32_t>(root.read_u64(base + "/queue/logical_block_size").value_or(512));
  d.physical_sector = static_cast<std::uint32_t>(
      root.read_u64(base + "/queue/physical_block_size").value_or(d.logical_sector));
  d.read_only = root.read(base + "/ro") == "1";
  d.removable = root.read(base + "/removable") == "1";
  d.rotational = root.read(base + "/queue/rotational") == "1";
  d.diskseq = root.read_u64(base + "/diskseq");
  d.holders = root.list(base + "/holders");
  d.slaves = root.list(base + "/slaves");
  const std::string canonical = root.canonical(base).value_or(base);
  if (canonical.rfind("/sys/devices/virtual/", 0) == 0) {
    d.virtual_kind = virtual_kind_of(root, base, d.major, state);
    d.transport = d.virtual_kind == VirtualKind::kLoop ? Transport::kLoop : Transport::kVirtual;
    d.loop_backing = root.read(base + "/loop/backing_file").value_or("");
  } else {
    read_identity(root, base, d);
    read_ancestry(root, canonical, d);
    if (d.transport == Transport::kVirtio) d.vendor.clear();  // a PCI vendor id, not a name
    if (d.transport == Transport::kMmc) {
      const auto type = root.read(base + "/device/type").value_or("");
      d.mmc_type = type == "SD" ? MmcType::kSd : type == "MMC" ? MmcType::kMmc : MmcType::kNone;
    }
  }
  d.mountpoints = mountpoints_of(root, name, d.major, d.minor, state);
  d.partitions = read_partitions(root, base, state);
  if (d.size_bytes > 0) apply_fs(probe_filesystem(root.path(d.path)), d.label, d.fstype, d.uuid);
  return d;
}

std::vector<Drive> scan_drives(const Sysroot& root, const SystemState& state) {
  std::vector<Drive> out;
  for (const auto& name : root.list("/sys/block")) {
    auto d = describe_drive(root, name, state);
    if (!d) continue;
    // An unattached loop device is no disk at all; listing eight of them would only be noise.
    if (d->virtual_kind == VirtualKind::kLoop && d->loop_backing.empty() && d->size_bytes == 0)
      continue;
    d->claimed =
        root.is_real() && d->size_bytes > 0 && !mounted(*d) && claimed_exclusively(d->path);
    out.push_back(std::move(*d));
  }
  return out;
}

std::optional<std::string> name_of_devno(const Sysroot& root, unsigned major, unsigned minor) {
  const auto c =
      root.canonical("/sys/dev/block/" + std::to_string(major) + ":" + std::to_string(minor));
  if (!c) return std::nullopt;
  return base_of(*c);
}

std::optional<std::string> name_of_dev_path(const Sysroot& root, const std::string& dev_path) {
  if (root.is_real()) {
    struct stat st {};
    if (::stat(dev_path.c_str(), &st) == 0 && S_ISBLK(st.st_mode)) {
      return name_of_devno(root, ::major(st.st_rdev), ::minor(st.st_rdev));
    }
  }
  const auto c = root.canonical(dev_path);
  if (!c || !c->starts_with("/dev/")) return std::nullopt;
  const std::string name = base_of(*c);
  if (!root.exists("/sys/class/block/" + name)) return std::nullopt;
  return name;
}

std::optional<std::string> device_of_mount(const Sysroot& root, const MountEntry& m) {
  std::optional<std::string> dev;
  if (m.major != 0) dev = name_of_devno(root, m.major, m.minor);
  if (!dev && m.source.starts_with("/dev/")) dev = name_of_dev_path(root, m.source);
  // A multi-device bcachefs shows its devices joined by ':'; the others are found from the first
  // through sysfs (filesystem_members).
  if (!dev && m.source.starts_with("/dev/") && m.source.find(':') != std::string::npos) {
    dev = name_of_dev_path(root, m.source.substr(0, m.source.find(':')));
  }
  return dev;
}

std::optional<std::string> whole_disk_of(const Sysroot& root, const std::string& name) {
  const std::string cls = "/sys/class/block/" + name;
  if (!root.exists(cls)) return std::nullopt;
  if (!root.exists(cls + "/partition")) return name;
  const auto c = root.canonical(cls);
  if (!c) return std::nullopt;
  return base_of(parent_of(*c));
}

namespace {

/// Whether a walk down the stack goes through a loop device's backing file to the disk that
/// holds it, and to the other devices of a multi-device file system (for "what does this
/// use"), or stops at the loop device (for "what does a write to this overwrite").
enum class FollowFiles { kYes, kNo };

/// One walk down the stack: where it reads, what it found, and the devices already seen (a
/// multi-device file system names each of its devices from every other).
struct Walk {
  const Sysroot& root;
  const SystemState& state;
  FollowFiles follow;
  std::set<std::string> out;
  std::set<std::string> seen;
};

/// The devices of the multi-device file system (btrfs, bcachefs) that `name` belongs to, as
/// sysfs lists them; empty when it belongs to none. Mountinfo names only one of them.
std::vector<std::string> filesystem_members(const Sysroot& root, const std::string& name) {
  for (const auto& uuid : root.list("/sys/fs/btrfs")) {
    auto devices = root.list("/sys/fs/btrfs/" + uuid + "/devices");
    if (std::find(devices.begin(), devices.end(), name) != devices.end()) return devices;
  }
  for (const auto& uuid : root.list("/sys/fs/bcachefs")) {
    std::vector<std::string> devices;
    for (const auto& entry : root.list("/sys/fs/bcachefs/" + uuid)) {
      if (!entry.starts_with("dev-")) continue;
      if (auto link = root.read_link("/sys/fs/bcachefs/" + uuid + "/" + entry + "/block")) {
        devices.push_back(base_of(*link));
      }
    }
    if (std::find(devices.begin(), devices.end(), name) != devices.end()) return devices;
  }
  return {};
}

void collect_disks(Walk& w, const std::string& name, int depth);

void collect_path_disks(Walk& w, const std::string& path, int depth) {
  if (const auto* m = mount_containing(w.state.mounts, path)) {
    if (auto dev = device_of_mount(w.root, *m)) collect_disks(w, *dev, depth + 1);
  }
  if (w.root.is_real()) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
      if (auto dev = name_of_devno(w.root, ::major(st.st_dev), ::minor(st.st_dev))) {
        collect_disks(w, *dev, depth + 1);
      }
    }
  }
}

void collect_disks(Walk& w, const std::string& name, int depth) {
  if (depth > kMaxStackDepth || !w.seen.insert(name).second) return;
  const auto whole = whole_disk_of(w.root, name);
  if (!whole) return;
  if (w.follow == FollowFiles::kYes) {
    for (const auto& member : filesystem_members(w.root, name)) collect_disks(w, member, depth + 1);
  }
  const std::string base = "/sys/class/block/" + *whole;
  // Partitions of device-mapper or md devices have slaves on the whole device.
  const auto slaves = w.root.list(base + "/slaves");
  for (const auto& s : slaves) collect_disks(w, s, depth + 1);
  if (!slaves.empty()) return;
  if (const auto backing = w.root.read(base + "/loop/backing_file"); backing && !backing->empty()) {
    w.out.insert(*whole);  // the loop device itself, and the disk under its file or device
    if (auto dev = name_of_dev_path(w.root, *backing)) {
      collect_disks(w, *dev, depth + 1);  // a loop over a block device
    } else if (w.follow == FollowFiles::kYes) {
      collect_path_disks(w, *backing, depth + 1);
    }
    return;
  }
  w.out.insert(*whole);
}

std::vector<std::string> walk_result(const Walk& w) { return {w.out.begin(), w.out.end()}; }

}  // namespace

std::vector<std::string> disks_under(const Sysroot& root, const std::string& name,
                                     const SystemState& state) {
  Walk w{root, state, FollowFiles::kYes, {}, {}};
  collect_disks(w, name, 0);
  return walk_result(w);
}

std::vector<std::string> block_disks_under(const Sysroot& root, const std::string& name,
                                           const SystemState& state) {
  Walk w{root, state, FollowFiles::kNo, {}, {}};
  collect_disks(w, name, 0);
  return walk_result(w);
}

std::vector<std::string> disks_holding_path(const Sysroot& root, const std::string& path,
                                            const SystemState& state) {
  Walk w{root, state, FollowFiles::kYes, {}, {}};
  collect_path_disks(w, path, 0);
  return walk_result(w);
}

}  // namespace sw::platform
