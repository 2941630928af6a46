#include "platform/drive_select.h"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/fixture_sysroot.h"
#include "support/skip.h"
#include "support/temp_dir.h"

using namespace sw;
using namespace sw::platform;

namespace {

struct Fixture {
  Fixture() : root(dir.path().string()) { test::build_standard_fixture(dir.path().string()); }
  void set(const std::string& abs, const std::string& value) const {
    std::ofstream(dir.path().string() + abs, std::ios::trunc) << value << "\n";
  }
  test::TempDir dir;
  Sysroot root;
};

}  // namespace

TEST_CASE("select: a USB stick is found by its /dev path and opened inside the sysroot") {
  Fixture f;
  auto t = find_drive_target(f.root, "/dev/sdb", std::nullopt);
  REQUIRE(t.ok());
  CHECK(t->drive.name == "sdb");
  CHECK(t->eligibility.verdict == Verdict::kOffered);
  CHECK(t->node_path == f.dir.path().string() + "/dev/sdb");
  CHECK(is_drive_path(f.root, "/dev/sdb"));
  CHECK_FALSE(is_drive_path(f.root, "/tmp/image-file.img"));
}

TEST_CASE("select: a partition is refused and the message names the whole disk") {
  Fixture f;
  auto t = find_drive_target(f.root, "/dev/sdb1", std::nullopt);
  REQUIRE_FALSE(t.ok());
  CHECK(t.error().kind == ErrorKind::kTargetRefused);
  CHECK(t.error().message.find("partition of /dev/sdb") != std::string::npos);
}

TEST_CASE("select: an unknown device is refused") {
  Fixture f;
  auto t = find_drive_target(f.root, "/dev/sdzz", std::nullopt);
  REQUIRE_FALSE(t.ok());
  CHECK(t.error().kind == ErrorKind::kTargetRefused);
}

TEST_CASE("select: the identity check passes for the same drive") {
  Fixture f;
  auto t = find_drive_target(f.root, "/dev/sdb", std::nullopt);
  REQUIRE(t.ok());
  CHECK(check_same_drive(f.root, t->drive).ok());
}

TEST_CASE("select: a stick replaced under the same name is refused (diskseq, serial, size, gone)") {
  SUBCASE("diskseq") {
    Fixture f;
    auto t = find_drive_target(f.root, "/dev/sdb", std::nullopt);
    REQUIRE(t.ok());
    f.set("/sys/block/sdb/diskseq", "999");
    auto same = check_same_drive(f.root, t->drive);
    REQUIRE_FALSE(same.ok());
    CHECK(same.error().message.find("changed since you chose it") != std::string::npos);
  }
  SUBCASE("serial") {
    Fixture f;
    auto t = find_drive_target(f.root, "/dev/sdb", std::nullopt);
    REQUIRE(t.ok());
    f.set("/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1/serial", "OTHER");
    CHECK_FALSE(check_same_drive(f.root, t->drive).ok());
  }
  SUBCASE("size") {
    Fixture f;
    auto t = find_drive_target(f.root, "/dev/sdb", std::nullopt);
    REQUIRE(t.ok());
    f.set("/sys/block/sdb/size", "1024");
    CHECK_FALSE(check_same_drive(f.root, t->drive).ok());
  }
  SUBCASE("partitions (another card in the same reader, same size)") {
    Fixture f;
    auto t = find_drive_target(f.root, "/dev/sdb", std::nullopt);
    REQUIRE(t.ok());
    f.set("/sys/block/sdb/sdb1/size", "1024");
    auto same = check_same_drive(f.root, t->drive);
    REQUIRE_FALSE(same.ok());
    CHECK(same.error().message.find("partition sdb1") != std::string::npos);
  }
  SUBCASE("device number") {
    Fixture f;
    auto t = find_drive_target(f.root, "/dev/sdb", std::nullopt);
    REQUIRE(t.ok());
    f.set("/sys/block/sdb/dev", "8:240");
    CHECK_FALSE(check_same_drive(f.root, t->drive).ok());
  }
  SUBCASE("gone") {
    Fixture f;
    auto t = find_drive_target(f.root, "/dev/sdb", std::nullopt);
    REQUIRE(t.ok());
    std::filesystem::remove(f.dir.path() / "sys/block/sdb");
    auto same = check_same_drive(f.root, t->drive);
    REQUIRE_FALSE(same.ok());
    CHECK(same.error().message.find("gone") != std::string::npos);
  }
}

TEST_CASE("select: opening for write re-checks identity and leaves a changed drive untouched") {
  Fixture f;
  auto t = find_drive_target(f.root, "/dev/sdb", std::nullopt);
  REQUIRE(t.ok());
  auto info = probe_drive_node(f.root, *t);
  REQUIRE(info.ok());
  auto good = open_drive_for_write(f.root, t->drive, *info, std::nullopt, Verdict::kOffered);
  CHECK(good.ok());
  f.set("/sys/block/sdb/diskseq", "4242");
  auto bad = open_drive_for_write(f.root, t->drive, *info, std::nullopt, Verdict::kOffered);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().kind == ErrorKind::kTargetRefused);
}

TEST_CASE("select: mount points deepest first; under a sysroot a mounted drive is refused") {
  Fixture f;
  auto t = find_drive_target(f.root, "/dev/sdi", std::nullopt);
  REQUIRE(t.ok());
  Drive d = t->drive;
  d.partitions[0].mountpoints.push_back("/media/user/MY STICK/inner");
  const auto mps = drive_mountpoints(d);
  REQUIRE(mps.size() == 2);
  CHECK(mps[0] == "/media/user/MY STICK/inner");
  auto u = unmount_drive(f.root, t->drive);
  REQUIRE_FALSE(u.ok());
  CHECK(u.error().kind == ErrorKind::kTargetRefused);
  CHECK(u.error().message.find("/media/user/MY STICK") != std::string::npos);
  auto clean = find_drive_target(f.root, "/dev/sdb", std::nullopt);
  REQUIRE(clean.ok());
  CHECK(unmount_drive(f.root, clean->drive).ok());  // nothing mounted, nothing to do
}

TEST_CASE(
    "select: the rules are applied again when the drive is opened (swap turned on meanwhile)") {
  Fixture f;
  auto t = find_drive_target(f.root, "/dev/sdb", std::nullopt);
  REQUIRE(t.ok());
  auto info = probe_drive_node(f.root, *t);
  REQUIRE(info.ok());
  f.set("/proc/swaps", "Filename\tType\tSize\tUsed\tPriority\n/dev/sdb1\tpartition\t100\t0\t-2");
  auto dev = open_drive_for_write(f.root, t->drive, *info, std::nullopt, Verdict::kOffered);
  REQUIRE_FALSE(dev.ok());
  CHECK(dev.error().message.find("may no longer be written") != std::string::npos);
  CHECK(dev.error().message.find("swap") != std::string::npos);
}

TEST_CASE("select: an image that is a block device protects its own disk") {
  Fixture f;
  auto t = find_drive_target(f.root, "/dev/sdb", std::string("/dev/sdb1"));
  REQUIRE(t.ok());
  CHECK(t->eligibility.verdict == Verdict::kNever);
  CHECK(t->eligibility.reasons.front().find("holds the image file /dev/sdb1") != std::string::npos);
}

TEST_CASE("select: a sysroot that names the real root is the real root") {
  CHECK(Sysroot("/.").is_real());
  CHECK(Sysroot("/tmp/..").is_real());
  CHECK(Sysroot("").is_real());
  test::TempDir dir;
  CHECK_FALSE(Sysroot(dir.path().string()).is_real());
}

TEST_CASE("select: a real block device node inside a fixture sysroot is refused") {
  if (::geteuid() != 0) {
    SW_SKIP("mknod of a block device node needs root");
    return;
  }
  Fixture f;
  const std::string node = f.dir.path().string() + "/dev/sdb";
  std::filesystem::remove(node);
  REQUIRE(::mknod(node.c_str(), S_IFBLK | 0600, ::makedev(7, 250)) == 0);
  auto t = find_drive_target(f.root, "/dev/sdb", std::nullopt);
  REQUIRE(t.ok());
  auto info = probe_drive_node(f.root, *t);
  REQUIRE_FALSE(info.ok());
  CHECK(info.error().message.find("real block device inside the sysroot") != std::string::npos);
}

TEST_CASE("select: a drive that changed since it was chosen is refused before any unmount") {
  Fixture f;
  // sdi has a mounted partition: under a sysroot its unmount would be refused with the mount
  // point; the identity check must come first and say the drive changed.
  auto prepared = prepare_drive(f.root, "/dev/sdi", std::nullopt, Verdict::kOffered);
  REQUIRE(prepared.ok());
  f.set("/sys/block/sdi/diskseq", "4343");
  auto dev = unmount_and_open(f.root, *prepared, std::nullopt, Verdict::kOffered);
  REQUIRE_FALSE(dev.ok());
  CHECK(dev.error().kind == ErrorKind::kTargetRefused);
  CHECK(dev.error().message.find("changed since you chose it") != std::string::npos);
  CHECK(dev.error().message.find("MY STICK") == std::string::npos);
}
