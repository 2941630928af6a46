#include "platform/drive_rules.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "support/fixture_sysroot.h"
#include "support/temp_dir.h"

using namespace sw;
using namespace sw::platform;

namespace {

struct Judged {
  explicit Judged(std::optional<std::string> image = std::nullopt) : root(dir.path().string()) {
    test::build_standard_fixture(dir.path().string());
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
