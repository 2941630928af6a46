// The standard fixture machine: one disk for each rule of the drive-safety issue.

#include <fmt/format.h>

#include "support/fixture_sysroot.h"

namespace sw::test {
namespace {

constexpr std::uint64_t kGB = 1000ull * 1000 * 1000;
const std::string kXhci = "/sys/devices/pci0000:00/0000:00:14.0";

/// A disk behind a USB mass-storage (or UAS) interface on root-hub port `port`.
FixtureDisk usb_disk(const std::string& name, unsigned minor, int port, std::uint64_t size,
                     const std::string& vendor, const std::string& model, const std::string& serial,
                     bool removable) {
  const std::string usb_dev = fmt::format("{}/usb1/1-{}", kXhci, port);
  const std::string intf = fmt::format("{}/1-{}:1.0", usb_dev, port);
  const std::string host = fmt::format("{}/host{}", intf, port);
  const std::string target = fmt::format("{}/target{}:0:0", host, port);
  FixtureDisk d;
  d.name = name;
  d.minor = minor;
  d.size_bytes = size;
  d.device_dir = fmt::format("{}/{}:0:0:0", target, port);
  d.subsystems = {{kXhci, "pci"}, {kXhci + "/usb1", "usb"}, {usb_dev, "usb"},      {intf, "usb"},
                  {host, "scsi"}, {target, "scsi"},         {d.device_dir, "scsi"}};
  d.device_attrs = {{usb_dev + "/serial", serial},
                    {usb_dev + "/manufacturer", vendor},
                    {usb_dev + "/removable", "removable"},
                    {d.device_dir + "/vendor", vendor},
                    {d.device_dir + "/model", model}};
  d.attrs = {{"removable", removable ? "1" : "0"}, {"diskseq", std::to_string(100 + minor / 16)}};
  return d;
}

/// A SATA disk on AHCI port `port`.
FixtureDisk ahci_disk(const std::string& name, unsigned minor, int port, std::uint64_t size) {
  const std::string ahci = "/sys/devices/pci0000:00/0000:00:17.0";
  const std::string host = fmt::format("{}/ata{}/host{}", ahci, port, port - 1);
  const std::string target = fmt::format("{}/target{}:0:0", host, port - 1);
  FixtureDisk d;
  d.name = name;
  d.minor = minor;
  d.size_bytes = size;
  d.device_dir = fmt::format("{}/{}:0:0:0", target, port - 1);
  d.subsystems = {{ahci, "pci"}, {host, "scsi"}, {target, "scsi"}, {d.device_dir, "scsi"}};
  d.device_attrs = {{d.device_dir + "/vendor", "ATA"},
                    {d.device_dir + "/model", "WDC WD10EZEX-08W"}};
  d.attrs = {{"queue/rotational", "1"}, {"diskseq", std::to_string(1 + minor / 16)}};
  return d;
}

FixtureDisk sata_disk() {
  auto d = ahci_disk("sda", 0, 1, 1000 * kGB);
  d.partitions = {{"sda1", 1, 1000 * kGB - 1048576, "ext4:data", {}}};
  return d;
}

FixtureDisk nvme_system_disk() {
  const std::string pci = "/sys/devices/pci0000:00/0000:00:1d.0/0000:03:00.0";
  FixtureDisk d;
  d.name = "nvme0n1";
  d.major = 259;
  d.minor = 0;
  d.size_bytes = 512 * kGB;
  d.device_dir = pci + "/nvme/nvme0";
  d.subsystems = {{pci, "pci"}, {d.device_dir, "nvme"}};
  d.device_attrs = {{d.device_dir + "/model", "Samsung SSD 980 PRO 512GB"},
                    {d.device_dir + "/serial", "S5GXNF0R123456"}};
  d.attrs = {{"diskseq", "2"}};
  d.partitions = {{"nvme0n1p1", 1, 512 * 1048576, "vfat:EFI", {}},
                  {"nvme0n1p2", 2, 500 * kGB, "ext4:root", {}}};
  return d;
}

FixtureDisk mmc_disk(const std::string& name, unsigned minor, int host, const std::string& type,
                     const std::string& model) {
  const std::string pci = "/sys/devices/pci0000:00/0000:00:1c.0/0000:02:00.0";
  const std::string mmc_host = fmt::format("{}/rtsx_pci_sdmmc.0/mmc_host/mmc{}", pci, host);
  FixtureDisk d;
  d.name = name;
  d.major = 179;
  d.minor = minor;
  d.size_bytes = 32 * kGB;
  d.device_dir = fmt::format("{}/mmc{}:aaaa", mmc_host, host);
  d.subsystems = {{pci, "pci"}, {d.device_dir, "mmc"}};
  d.device_attrs = {{d.device_dir + "/type", type},
                    {d.device_dir + "/name", model},
                    {d.device_dir + "/serial", fmt::format("0x{:08x}", 0x1234abcd + minor)}};
  d.attrs = {{"diskseq", std::to_string(200 + minor)}};
  return d;
}

FixtureDisk virtual_disk(const std::string& name, unsigned major, unsigned minor,
                         std::uint64_t size) {
  FixtureDisk d;
  d.name = name;
  d.major = major;
  d.minor = minor;
  d.size_bytes = size;
  d.is_virtual = true;
  d.attrs = {{"queue/rotational", "1"}};
  return d;
}

}  // namespace

FixtureDisk fixture_usb_disk(const std::string& name, unsigned minor, int port, std::uint64_t size,
                             const std::string& vendor, const std::string& model,
                             const std::string& serial, bool removable) {
  return usb_disk(name, minor, port, size, vendor, model, serial, removable);
}

FixtureDisk fixture_sata_disk(const std::string& name, unsigned minor, std::uint64_t size) {
  return ahci_disk(name, minor, 2 + static_cast<int>(minor / 16), size);
}

void build_standard_fixture(const std::string& root, const StandardFixtureOptions& options) {
  FixtureBuilder b(root);
  auto stick = usb_disk("sdb", 16, 1, 16 * kGB, "SanDisk", "Cruzer Blade", "4C530001", true);
  stick.node_bytes = options.stick_node_bytes;
  stick.partitions = {{"sdb1", 17, 16 * kGB - 1048576, "vfat:STICK", {}}};
  b.add_disk(stick);
  auto uas = usb_disk("sdc", 32, 2, 120 * kGB, "Samsung", "PSSD T7", "S6XNNS0T900001", false);
  b.add_disk(uas);
  auto sd_reader =
      usb_disk("sdd", 48, 3, 32 * kGB, "Generic", "STORAGE DEVICE", "000000001532", true);
  sd_reader.partitions = {{"sdd1", 49, 32 * kGB - 4194304, "vfat:CAMERA", {}}};
  b.add_disk(sd_reader);
  b.add_disk(usb_disk("sde", 64, 4, 0, "Generic", "SD/MMC CRW", "000000009999", true));
  b.add_disk(nvme_system_disk());
  b.add_disk(sata_disk());
  auto usb_hdd = usb_disk("sdf", 80, 5, 2000 * kGB, "WD", "Elements 25A2", "57584B3141", false);
  usb_hdd.attrs["queue/rotational"] = "1";
  b.add_disk(usb_hdd);
  auto lvm = usb_disk("sdg", 96, 6, 64 * kGB, "Kingston", "DataTraveler 3.0", "E0D55EA5", true);
  lvm.partitions = {{"sdg1", 97, 64 * kGB - 1048576, "", {"dm-0"}}};
  b.add_disk(lvm);
  auto dm = virtual_disk("dm-0", 252, 0, 64 * kGB - 1048576);
  dm.slaves = {"sdg1"};
  dm.attrs["dm/name"] = "vg-data";
  b.add_disk(dm);
  auto swap = usb_disk("sdh", 112, 7, 8 * kGB, "Verbatim", "STORE N GO", "0712345", true);
  swap.partitions = {{"sdh1", 113, 4 * kGB, "vfat:FILES", {}}, {"sdh2", 114, 4 * kGB, "swap", {}}};
  b.add_disk(swap);
  auto loop = virtual_disk("loop0", 7, 0, 64ull * 1024 * 1024);
  loop.attrs["loop/backing_file"] = "/var/lib/images/disk.img";
  b.add_disk(loop);
  b.add_disk(virtual_disk("loop1", 7, 1, 0));  // unattached: not listed
  auto mounted = usb_disk("sdi", 128, 8, 8 * kGB, "Intenso", "Rainbow Line", "11223344", true);
  mounted.partitions = {{"sdi1", 129, 8 * kGB - 1048576, "vfat:MY STICK", {}}};
  b.add_disk(mounted);
  auto ro = usb_disk("sdj", 144, 9, 4 * kGB, "Kanguru", "FlashTrust", "KG0001", true);
  ro.attrs["ro"] = "1";
  b.add_disk(ro);
  b.add_disk(mmc_disk("mmcblk0", 0, 0, "SD", "SC32G"));
  b.add_disk(mmc_disk("mmcblk1", 8, 1, "MMC", "DA4064"));
  b.add_disk(virtual_disk("zram0", 253, 0, 4 * kGB));
  auto images = usb_disk("sdk", 160, 10, 32 * kGB, "SanDisk", "Ultra Fit", "4C530099", true);
  images.partitions = {{"sdk1", 161, 32 * kGB - 1048576, "vfat:IMAGES", {}}};
  b.add_disk(images);
  auto live = usb_disk("sdl", 176, 11, 8 * kGB, "SanDisk", "Cruzer Fit", "4C530077", true);
  live.partitions = {{"sdl1", 177, 4 * kGB, "", {}}};
  b.add_disk(live);

  b.add_mount(259, 2, "/", "ext4", "/dev/nvme0n1p2");
  b.add_mount(259, 1, "/boot/efi", "vfat", "/dev/nvme0n1p1");
  b.add_mount(8, 1, "/data", "ext4", "/dev/sda1");
  b.add_mount(8, 129, "/media/user/MY STICK", "vfat", "/dev/sdi1");
  b.add_mount(8, 161, options.image_dir.value_or("/srv/images"), "vfat", "/dev/sdk1");
  b.add_mount(8, 177, "/run/live/medium", "iso9660", "/dev/sdl1");
  b.add_swap("/dev/sdh2");
  b.finish();
}

}  // namespace sw::test
