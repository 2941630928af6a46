#include "platform/mountinfo.h"

#include <doctest/doctest.h>

using namespace sw::platform;

TEST_CASE("mountinfo: fields, optional fields and octal escapes") {
  const auto m = parse_mountinfo(
      "36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue\n"
      "40 22 8:129 / /media/user/MY\\040STICK rw,relatime shared:5 - vfat /dev/sdi1 rw\n"
      "41 22 0:45 /@ /home rw - btrfs /dev/nvme0n1p3 rw\n"
      "garbage line\n");
  REQUIRE(m.size() == 3);
  CHECK(m[0].major == 98);
  CHECK(m[0].minor == 0);
  CHECK(m[0].mountpoint == "/mnt/parent");
  CHECK(m[0].fstype == "ext3");
  CHECK(m[0].source == "/dev/root");
  CHECK(m[1].mountpoint == "/media/user/MY STICK");
  CHECK(m[2].major == 0);
  CHECK(m[2].source == "/dev/nvme0n1p3");
}

TEST_CASE("mountinfo: octal escapes for tab, newline and backslash") {
  CHECK(decode_octal_escapes("a\\011b\\012c\\134d") == "a\tb\nc\\d");
  CHECK(decode_octal_escapes("trailing\\04") == "trailing\\04");  // incomplete escape kept
  CHECK(decode_octal_escapes("no\\9escape") == "no\\9escape");
}

TEST_CASE("mountinfo: the mount holding a path is the longest mount point prefix") {
  const auto m = parse_mountinfo(
      "1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
      "2 1 8:17 / /media/usb rw - vfat /dev/sdb1 rw\n"
      "3 1 8:33 / /media/usb2 rw - vfat /dev/sdc1 rw\n");
  CHECK(mount_containing(m, "/media/usb/debian.iso")->minor == 17);
  CHECK(mount_containing(m, "/media/usb2/x.iso")->minor == 33);
  CHECK(mount_containing(m, "/media/usbx/x.iso")->minor == 1);  // not a prefix by name
  CHECK(mount_containing(m, "/home/me/x.iso")->minor == 1);
}

TEST_CASE("swaps: partitions and files, header skipped, escapes decoded") {
  const auto s = parse_swaps(
      "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
      "/dev/sdh2                               partition\t4194300\t\t0\t\t-2\n"
      "/swap\\040file                          file\t\t1048572\t\t0\t\t-3\n");
  REQUIRE(s.size() == 2);
  CHECK(s[0] == "/dev/sdh2");
  CHECK(s[1] == "/swap file");
}

TEST_CASE("mountinfo: an overlay's layers are read from its super options") {
  const auto mounts = parse_mountinfo(
      "30 1 0:31 / / rw,relatime - overlay overlay "
      "rw,lowerdir=/run/a\\:b:/run/c\\054d,upperdir=/run/up,workdir=/run/work\n"
      "31 30 8:1 / /boot rw - vfat /dev/sda1 rw,fmask=0022\n");
  REQUIRE(mounts.size() == 2);
  const auto layers = overlay_layers(mounts[0]);
  REQUIRE(layers.size() == 3);
  CHECK(layers[0] == "/run/a:b");
  CHECK(layers[1] == "/run/c,d");
  CHECK(layers[2] == "/run/up");
  CHECK(overlay_layers(mounts[1]).empty());
  CHECK(mounts[1].options == "rw,fmask=0022");
}
