#include "platform/drives.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "support/fixture_sysroot.h"
#include "support/temp_dir.h"

using namespace sw;
using namespace sw::platform;

namespace {

struct Machine {
  Machine() : root(dir.path().string()) {
    test::build_standard_fixture(dir.path().string());
    state = read_system_state(root);
    drives = scan_drives(root, state);
  }
  const Drive& get(const std::string& name) const {
    auto it =
        std::find_if(drives.begin(), drives.end(), [&](const Drive& d) { return d.name == name; });
    REQUIRE_MESSAGE(it != drives.end(), "no drive " << name);
    return *it;
  }
  test::TempDir dir;
  Sysroot root;
  SystemState state;
  std::vector<Drive> drives;
};

}  // namespace

TEST_CASE("drives: every whole disk in /sys/block, unattached loops left out") {
  Machine m;
  std::vector<std::string> names;
  for (const auto& d : m.drives) names.push_back(d.name);
  CHECK(names == std::vector<std::string>{"dm-0", "loop0", "mmcblk0", "mmcblk1", "nvme0n1", "sda",
                                          "sdb", "sdc", "sdd", "sde", "sdf", "sdg", "sdh", "sdi",
                                          "sdj", "sdk", "sdl", "zram0"});
}

TEST_CASE("drives: a USB stick's identity, sizes and flags come from sysfs") {
  Machine m;
  const auto& d = m.get("sdb");
  CHECK(d.path == "/dev/sdb");
  CHECK(d.major == 8);
  CHECK(d.minor == 16);
  CHECK(d.size_bytes == 16'000'000'000ull / 512 * 512);
  CHECK(d.logical_sector == 512);
  CHECK(d.transport == Transport::kUsb);
  CHECK(d.vendor == "SanDisk");
  CHECK(d.model == "Cruzer Blade");
  CHECK(d.serial == "4C530001");  // from the USB device, two levels above the SCSI device
  CHECK(d.removable);
  CHECK(d.hotplug);
  CHECK_FALSE(d.rotational);
  CHECK(d.diskseq == std::optional<std::uint64_t>(101));
}

TEST_CASE("drives: transport from the sysfs ancestry, whatever the name or removable flag") {
  Machine m;
  CHECK(m.get("sdc").transport == Transport::kUsb);  // UAS SSD, removable=0
  CHECK_FALSE(m.get("sdc").removable);
  CHECK(m.get("sda").transport == Transport::kSata);
  CHECK(m.get("nvme0n1").transport == Transport::kNvme);
  CHECK(m.get("mmcblk0").transport == Transport::kMmc);
  CHECK(m.get("mmcblk0").mmc_type == MmcType::kSd);
  CHECK(m.get("mmcblk1").mmc_type == MmcType::kMmc);
  CHECK(m.get("loop0").transport == Transport::kLoop);
  CHECK(m.get("loop0").loop_backing == "/var/lib/images/disk.img");
  CHECK(m.get("dm-0").virtual_kind == VirtualKind::kDeviceMapper);
  CHECK(m.get("zram0").virtual_kind == VirtualKind::kZram);
  CHECK(m.get("sde").size_bytes == 0);
  CHECK(m.get("sdj").read_only);
  CHECK(m.get("sdf").rotational);
}

TEST_CASE("drives: partitions with libblkid labels, holders and decoded mount points") {
  Machine m;
  const auto& sdb = m.get("sdb");
  REQUIRE(sdb.partitions.size() == 1);
  CHECK(sdb.partitions[0].path == "/dev/sdb1");
  CHECK(sdb.partitions[0].fstype == "vfat");
  CHECK(sdb.partitions[0].label == "STICK");
  CHECK_FALSE(sdb.partitions[0].uuid.empty());
  const auto& sdi = m.get("sdi");
  REQUIRE(sdi.partitions.size() == 1);
  CHECK(sdi.partitions[0].label == "MY STICK");
  CHECK(sdi.partitions[0].mountpoints == std::vector<std::string>{"/media/user/MY STICK"});
  CHECK(m.get("sdg").partitions[0].holders == std::vector<std::string>{"dm-0"});
  CHECK(m.get("sdh").partitions[1].fstype == "swap");
  CHECK(m.get("sda").partitions[0].label == "data");
}

TEST_CASE("drives: device numbers and /dev paths map to kernel names and whole disks") {
  Machine m;
  CHECK(name_of_devno(m.root, 8, 17) == std::optional<std::string>("sdb1"));
  CHECK(name_of_devno(m.root, 8, 250) == std::nullopt);
  CHECK(name_of_dev_path(m.root, "/dev/sdb1") == std::optional<std::string>("sdb1"));
  CHECK(whole_disk_of(m.root, "sdb1") == std::optional<std::string>("sdb"));
  CHECK(whole_disk_of(m.root, "nvme0n1p2") == std::optional<std::string>("nvme0n1"));
  CHECK(whole_disk_of(m.root, "sdb") == std::optional<std::string>("sdb"));
  CHECK(disks_under(m.root, "dm-0", m.state) == std::vector<std::string>{"sdg"});
  CHECK(disks_holding_path(m.root, "/srv/images/debian.iso", m.state) ==
        std::vector<std::string>{"sdk"});
  CHECK(disks_holding_path(m.root, "/home/me/x.iso", m.state) ==
        std::vector<std::string>{"nvme0n1"});
}

TEST_CASE("drives: a loop device leads to the disk holding its backing file") {
  Machine m;
  const auto disks = disks_under(m.root, "loop0", m.state);
  CHECK(disks == std::vector<std::string>{"loop0", "nvme0n1"});
}

TEST_CASE("drives: /proc/devices block majors") {
  const auto majors = parse_block_drivers(
      "Character devices:\n  1 mem\n  7 vcs\n\nBlock devices:\n  7 loop\n  8 sd\n253 zram\n");
  CHECK(majors.at(7) == "loop");
  CHECK(majors.at(253) == "zram");
  CHECK(majors.count(1) == 0);  // character devices are not block drivers
}
