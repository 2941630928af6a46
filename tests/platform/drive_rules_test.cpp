#include "platform/drive_rules.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "support/fixture_sysroot.h"
#include "support/temp_dir.h"

using namespace sw;
using namespace sw::platform;

namespace {

struct Judged {
  explicit Judged(std::optional<std::string> image = std::nullopt,
                  const test::StandardFixtureOptions& options = {})
      : root(dir.path().string()) {
    test::build_standard_fixture(dir.path().string(), options);
    const auto state = read_system_state(root);
    const auto prot = find_protected_disks(root, state, image);
    for (auto& d : scan_drives(root, state)) verdicts.emplace(d.name, evaluate_drive(d, prot));
  }
  const Eligibility& get(const std::string& name) const { return verdicts.at(name); }
  bool has_reason(const std::string& name, const std::string& words) const {
    const auto& r = get(name).reasons;
    return std::any_of(r.begin(), r.end(),
                       [&](const std::string& s) { return s.find(words) != std::string::npos; });
  }
  test::TempDir dir;
  Sysroot root;
  std::map<std::string, Eligibility> verdicts;
};

}  // namespace

TEST_CASE("rules: USB sticks, a UAS SSD with removable=0 and SD cards are offered") {
  Judged j;
  for (const char* name : {"sdb", "sdc", "sdd", "sdi", "sdk", "mmcblk0"}) {
    CAPTURE(name);
    CHECK(j.get(name).verdict == Verdict::kOffered);
    CHECK(j.get(name).reasons.empty());
  }
}

TEST_CASE("rules: the disk holding / and /boot/efi is never written") {
  Judged j;
  CHECK(j.get("nvme0n1").verdict == Verdict::kNever);
  CHECK(j.has_reason("nvme0n1", "holds / of the running system"));
  CHECK(j.has_reason("nvme0n1", "holds /boot/efi"));
}

TEST_CASE("rules: the live medium is never written") {
  Judged j;
  CHECK(j.get("sdl").verdict == Verdict::kNever);
  CHECK(j.has_reason("sdl", "live medium"));
}

TEST_CASE("rules: a disk with active swap is never written") {
  Judged j;
  CHECK(j.get("sdh").verdict == Verdict::kNever);
  CHECK(j.has_reason("sdh", "active swap (/dev/sdh2)"));
}

TEST_CASE("rules: a disk whose partition has holders (LVM) is never written") {
  Judged j;
  CHECK(j.get("sdg").verdict == Verdict::kNever);
  CHECK(j.has_reason("sdg", "held by dm-0"));
}

TEST_CASE("rules: the disk holding the image file is never written") {
  Judged without;
  CHECK(without.get("sdk").verdict == Verdict::kOffered);
  Judged with(std::string("/srv/images/debian-12-i386.iso"));
  CHECK(with.get("sdk").verdict == Verdict::kNever);
  CHECK(with.has_reason("sdk", "holds the image file /srv/images/debian-12-i386.iso"));
}

TEST_CASE("rules: read-only, no medium and virtual devices are never written") {
  Judged j;
  CHECK(j.get("sdj").verdict == Verdict::kNever);
  CHECK(j.has_reason("sdj", "read-only"));
  CHECK(j.get("sde").verdict == Verdict::kNever);
  CHECK(j.has_reason("sde", "no medium"));
  CHECK(j.get("dm-0").verdict == Verdict::kNever);
  CHECK(j.has_reason("dm-0", "device-mapper"));
  CHECK(j.get("zram0").verdict == Verdict::kNever);
  CHECK(j.has_reason("zram0", "zram"));
}

TEST_CASE("rules: SATA, eMMC and loop devices need --allow-non-removable") {
  Judged j;
  CHECK(j.get("sda").verdict == Verdict::kNeedsFlag);
  CHECK(j.has_reason("sda", "transport sata"));
  CHECK(j.get("mmcblk1").verdict == Verdict::kNeedsFlag);
  CHECK(j.has_reason("mmcblk1", "eMMC"));
  CHECK(j.get("loop0").verdict == Verdict::kNeedsFlag);
  CHECK(j.has_reason("loop0", "loop device"));
}

TEST_CASE("rules: why a drive is not removable is a value; the reason names no front end's flag") {
  Judged j;
  CHECK(j.get("sda").not_removable == NotRemovable::kOtherTransport);
  CHECK(j.get("mmcblk1").not_removable == NotRemovable::kInternalEmmc);
  CHECK(j.get("loop0").not_removable == NotRemovable::kLoop);
  CHECK_FALSE(j.get("sdb").not_removable.has_value());
  for (const char* name : {"sda", "mmcblk1", "loop0"}) {
    CAPTURE(name);
    CHECK_FALSE(j.has_reason(name, "--"));
  }
}

TEST_CASE("rules: rotational or over 128 GB looks like a hard disk") {
  Judged j;
  CHECK(j.get("sdf").verdict == Verdict::kOffered);  // a USB hard disk is still USB
  CHECK(j.get("sdf").looks_like_hard_disk);
  CHECK(j.get("sda").looks_like_hard_disk);
  CHECK_FALSE(j.get("sdc").looks_like_hard_disk);  // 120 GB SSD
  CHECK_FALSE(j.get("sdb").looks_like_hard_disk);
}

TEST_CASE("rules: one drive, every rule applied in isolation") {
  Drive d;
  d.name = "sdz";
  d.transport = Transport::kUsb;
  d.size_bytes = 8'000'000'000ull;
  ProtectedDisks none;
  CHECK(evaluate_drive(d, none).verdict == Verdict::kOffered);
  Drive holders = d;
  holders.holders = {"md0"};
  CHECK(evaluate_drive(holders, none).verdict == Verdict::kNever);
  Drive big = d;
  big.size_bytes = kHardDiskThresholdBytes + 1;
  CHECK(evaluate_drive(big, none).looks_like_hard_disk);
  Drive nvme = d;
  nvme.transport = Transport::kNvme;
  CHECK(evaluate_drive(nvme, none).verdict == Verdict::kNeedsFlag);
  ProtectedDisks prot{{"sdz", {"holds / of the running system"}}};
  CHECK(evaluate_drive(d, prot).verdict == Verdict::kNever);
}

namespace {

/// Sets $TMPDIR for one test and puts the old value back.
class TmpdirOverride {
 public:
  explicit TmpdirOverride(const std::string& value) {
    if (const char* old = std::getenv("TMPDIR")) m_old = old;
    ::setenv("TMPDIR", value.c_str(), 1);
  }
  TmpdirOverride(const TmpdirOverride&) = delete;
  TmpdirOverride& operator=(const TmpdirOverride&) = delete;
  ~TmpdirOverride() {
    if (m_old) {
      ::setenv("TMPDIR", m_old->c_str(), 1);
    } else {
      ::unsetenv("TMPDIR");
    }
  }

 private:
  std::optional<std::string> m_old;
};

}  // namespace

TEST_CASE("rules: the disk holding $TMPDIR (Windows mode's prepare space) is never written") {
  test::TempDir temp;
  test::StandardFixtureOptions options;
  options.image_dir = temp.path().string();  // a mount of sdk1 in the fixture
  const TmpdirOverride tmpdir(temp.path().string());
  Judged j(std::nullopt, options);
  CHECK(j.get("sdk").verdict == Verdict::kNever);
  CHECK(j.has_reason("sdk", "holds the temporary directory " + temp.path().string()));
  CHECK(j.get("sdb").verdict == Verdict::kOffered);
}

namespace {

/// The standard fixture with more of the machine added before the rules are applied: mounts
/// (mountinfo lines), sysfs and procfs files, symbolic links.
struct Extended {
  Extended() : root(dir.path().string()) { test::build_standard_fixture(dir.path().string()); }
  void mount(const std::string& devno, const std::string& mountpoint, const std::string& fstype,
             const std::string& source, const std::string& options = "rw") {
    std::ofstream(dir.path().string() + "/proc/self/mountinfo", std::ios::app)
        << ++id << " 1 " << devno << " / " << mountpoint << " rw - " << fstype << " " << source
        << " " << options << "\n";
  }
  void file(const std::string& abs, const std::string& content = "") {
    const auto p = dir.path().string() + abs;
    std::filesystem::create_directories(std::filesystem::path(p).parent_path());
    std::ofstream(p, std::ios::trunc) << content;
  }
  void link(const std::string& abs, const std::string& target) {
    const auto p = dir.path().string() + abs;
    std::filesystem::create_directories(std::filesystem::path(p).parent_path());
    std::filesystem::create_symlink(target, p);
  }
  Eligibility judge(const std::string& name) const {
    const auto state = read_system_state(root);
    const auto prot = find_protected_disks(root, state, std::nullopt);
    for (auto& d : scan_drives(root, state))
      if (d.name == name) return evaluate_drive(d, prot);
    FAIL("no drive " << name);
    return {};
  }
  static bool has(const Eligibility& e, const std::string& words) {
    return std::any_of(e.reasons.begin(), e.reasons.end(),
                       [&](const std::string& s) { return s.find(words) != std::string::npos; });
  }
  test::TempDir dir;
  Sysroot root;
  int id = 100;
};

}  // namespace

TEST_CASE("rules: /efi, /boot/firmware and live media under /run/miso and /iso are never written") {
  struct Case {
    const char *devno, *mountpoint, *fstype, *source, *disk, *reason;
  };
  const Case cases[] = {
      {"8:32", "/efi", "vfat", "/dev/sdc", "sdc", "holds /efi of the running system"},
      {"8:49", "/boot/firmware", "vfat", "/dev/sdd1", "sdd", "holds /boot/firmware"},
      {"8:17", "/run/miso/bootmnt", "iso9660", "/dev/sdb1", "sdb",
       "live medium this system booted from (/run/miso/bootmnt)"},
      {"8:129", "/iso", "iso9660", "/dev/sdi1", "sdi",
       "live medium this system booted from (/iso)"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.mountpoint);
    Extended x;
    CHECK(x.judge(c.disk).verdict == Verdict::kOffered);
    x.mount(c.devno, c.mountpoint, c.fstype, c.source);
    const auto e = x.judge(c.disk);
    CHECK(e.verdict == Verdict::kNever);
    CHECK(Extended::has(e, c.reason));
  }
}

TEST_CASE("rules: an overlay root over a squashfs image on a stick protects the stick") {
  Extended x;
  // The stick is mounted at a place no list names; the image on it is a loop device whose
  // squashfs is the root overlay's lower layer.
  x.file("/sys/devices/virtual/block/loop0/loop/backing_file", "/mnt/boot-stick/live/root.sfs\n");
  x.mount("8:17", "/mnt/boot-stick", "vfat", "/dev/sdb1");
  x.mount("7:0", "/run/rootfsbase", "squashfs", "/dev/loop0");
  x.mount("0:31", "/", "overlay", "overlay",
          "rw,lowerdir=/run/rootfsbase,upperdir=/run/overlayfs/rw,workdir=/run/overlayfs/work");
  const auto e = x.judge("sdb");
  CHECK(e.verdict == Verdict::kNever);
  CHECK(Extended::has(e, "holds / of the running system (its overlay layer /run/rootfsbase)"));
  CHECK(x.judge("sdc").verdict == Verdict::kOffered);
}

TEST_CASE("rules: every device of a multi-device btrfs or bcachefs is followed") {
  Extended x;
  // / (nvme0n1p2) is a btrfs spanning the UAS SSD too.
  x.file("/sys/fs/btrfs/0a1b2c3d-feed-4bad-8c0d-0123456789ab/devices/nvme0n1p2");
  x.file("/sys/fs/btrfs/0a1b2c3d-feed-4bad-8c0d-0123456789ab/devices/sdc");
  // /home is a bcachefs over sdd1 and sdf; mountinfo shows both joined by ':'.
  const std::string bch = "/sys/fs/bcachefs/7e57ab1e-0000-4000-8000-000000000001";
  x.link(bch + "/dev-0/block", "../../../../block/sdd/sdd1");
  x.link(bch + "/dev-1/block", "../../../../block/sdf");
  x.mount("0:44", "/home", "bcachefs", "/dev/sdd1:/dev/sdf");
  CHECK(x.judge("sdc").verdict == Verdict::kNever);
  CHECK(Extended::has(x.judge("sdc"), "holds / of the running system"));
  CHECK(x.judge("sdd").verdict == Verdict::kNever);
  CHECK(Extended::has(x.judge("sdd"), "holds /home"));
  CHECK(x.judge("sdf").verdict == Verdict::kNever);
  CHECK(Extended::has(x.judge("sdf"), "holds /home"));
  CHECK(x.judge("sdb").verdict == Verdict::kOffered);
}

TEST_CASE("rules: a ZFS pool device is never written while ZFS has pools imported") {
  Extended x;
  test::make_zfs_member(x.dir.path().string() + "/dev/sdc", "tank");
  CHECK(x.judge("sdc").verdict == Verdict::kOffered);  // no pool imported: just a file system
  x.file("/proc/spl/kstat/zfs/arcstats", "stats\n");   // the module's own file, not a pool
  CHECK(x.judge("sdc").verdict == Verdict::kOffered);
  x.file("/proc/spl/kstat/zfs/tank/state", "ONLINE\n");
  const auto e = x.judge("sdc");
  CHECK(e.verdict == Verdict::kNever);
  CHECK(Extended::has(e, "is a device of the imported ZFS pool 'tank'"));
  CHECK(x.judge("sdb").verdict == Verdict::kOffered);
}
