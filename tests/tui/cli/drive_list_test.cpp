// `stickwright list`'s table: every column as wide as its widest cell, so long names (the demo's
// "demo-stick", "nvme0n1", eMMC's "mmcblk0boot0"), large sizes and long models stay in line.

#include "tui/cli/drive_list.h"

#include <doctest/doctest.h>

#include <string>
#include <tuple>
#include <vector>

using namespace sw;
using namespace sw::tui;

namespace {

ListedDrive drive(const std::string& name, std::uint64_t bytes, platform::Transport transport,
                  const std::string& model, const std::string& serial) {
  ListedDrive ld;
  ld.drive.name = name;
  ld.drive.size_bytes = bytes;
  ld.drive.transport = transport;
  ld.drive.model = model;
  ld.drive.serial = serial;
  return ld;
}

void add_partition(ListedDrive& ld, const std::string& name, std::uint64_t bytes) {
  platform::Partition p;
  p.name = name;
  p.size_bytes = bytes;
  p.fstype = "vfat";
  ld.drive.partitions.push_back(p);
}

/// The line that starts with `start`.
std::string line_starting(const std::vector<std::string>& lines, const std::string& start) {
  for (const auto& l : lines) {
    if (l.starts_with(start)) return l;
  }
  FAIL("no line starts with '" << start << "'");
  return {};
}

}  // namespace

TEST_CASE("list table: the columns line up with long names, sizes and models") {
  std::vector<ListedDrive> drives = {
      drive("demo-stick", 64ull << 20, platform::Transport::kVirtual, "virtual drive", "DEMO"),
      drive("nvme0n1", 512'000'000'000ull, platform::Transport::kNvme, "SSD 980 PRO", "S5GX"),
      drive("mmcblk0boot0", 4ull << 20, platform::Transport::kMmc, "DA4064", "0x1234abd5"),
      drive("sda", 2'000'000'000'000ull, platform::Transport::kUsb, "Elements", "5758"),
      drive("loop0", 64ull << 20, platform::Transport::kLoop, "", "")};
  drives[4].drive.loop_backing = "/var/lib/images/a-disk-image-with-a-long-name.img";
  add_partition(drives[1], "nvme0n1p1", 536'870'912ull);
  add_partition(drives[3], "sda1", 2'000'000'000'000ull - (1 << 20));
  const auto lines = drive_table(drives, false);
  const auto& header = lines.at(0);
  const auto size_at = header.find("SIZE"), transport_at = header.find("TRANSPORT");
  const auto model_at = header.find("MODEL"), serial_at = header.find("SERIAL");
  CHECK(size_at == 12 + 1);  // as wide as "mmcblk0boot0"
  for (const auto& [name, size, transport, model, serial] :
       {std::tuple{"demo-stick", "67.1 MB", "virtual", "virtual drive", "DEMO"},
        std::tuple{"nvme0n1", "512.0 GB", "nvme", "SSD 980 PRO", "S5GX"},
        std::tuple{"mmcblk0boot0", "4.2 MB", "mmc", "DA4064", "0x1234abd5"},
        std::tuple{"sda", "2000.0 GB", "usb", "Elements", "5758"},
        std::tuple{"loop0", "67.1 MB", "loop", "loop over /var/lib/images/", ""}}) {
    CAPTURE(std::string(name));
    const auto row = line_starting(lines, std::string(name) + " ");
    CHECK(row.find(size) == size_at);
    CHECK(row.find(transport, size_at) == transport_at);
    CHECK(row.find(model, transport_at) == model_at);
    if (*serial != '\0') CHECK(row.find(serial, model_at) == serial_at);
  }
  // The partition rows line up among themselves, whatever the width of their sizes.
  const auto p1 = line_starting(lines, "  nvme0n1p1 "), sda1 = line_starting(lines, "  sda1 ");
  CHECK(p1.find("536.9 MB") == sda1.find("2000.0 GB"));
  CHECK(p1.find("vfat") == sda1.find("vfat"));
}

TEST_CASE("list table: short names keep the widths the table always had") {
  const auto lines = drive_table(
      {drive("sdb", 16'000'000'000ull, platform::Transport::kUsb, "Cruzer", "S1")}, false);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].find("SIZE") == 11);
  CHECK(lines[0].find("TRANSPORT") == 32);
  CHECK(lines[0].find("MODEL") == 42);
  CHECK(lines[0].find("SERIAL") == 73);
  CHECK(lines[1].starts_with("sdb        16.0 GB (14.9 GiB)   usb       Cruzer"));
}
