#include "support/fixture_sysroot.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace sw::test {
namespace fs = std::filesystem;

namespace {

std::string escape_mount(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == ' ')
      out += "\\040";
    else if (c == '\t')
      out += "\\011";
    else if (c == '\\')
      out += "\\134";
    else
      out.push_back(c);
  }
  return out;
}

std::string relative_link(const std::string& from_abs, const std::string& to_abs) {
  return fs::path(to_abs).lexically_relative(fs::path(from_abs).parent_path()).string();
}

void make_node(const std::string& path, std::uint64_t bytes, const std::string& mkfs) {
  fs::create_directories(fs::path(path).parent_path());
  { std::ofstream(path, std::ios::binary | std::ios::trunc); }
  fs::resize_file(path, bytes);
  if (mkfs.empty()) return;
  const auto colon = mkfs.find(':');
  const std::string kind = mkfs.substr(0, colon);
  const std::string label = colon == std::string::npos ? "" : mkfs.substr(colon + 1);
  if (kind == "vfat") {
    run_or_throw(fmt::format("mkfs.fat -n '{}' '{}' >/dev/null 2>&1", label, path));
  } else if (kind == "swap") {
    run_or_throw(fmt::format("mkswap '{}' >/dev/null 2>&1", path));
  } else if (kind == "zfs") {
    make_zfs_member(path, label);
  } else if (kind == "ext4") {
    run_or_throw(fmt::format("mkfs.ext4 -q -F -L '{}' '{}' >/dev/null 2>&1", label, path));
  }
}

}  // namespace

void make_zfs_member(const std::string& path, const std::string& pool) {
  // What libblkid looks for (a ZFS vdev label, 256 KiB at the start of the device): at least
  // four uberblocks (1 KiB slots from 128 KiB on, magic 0x00bab10c in host order) on a device
  // of 64 MiB or more, and the pool name in the XDR nvlist at 16 KiB.
  constexpr std::uint64_t kMinBytes = 64ull * 1024 * 1024;
  if (fs::file_size(path) < kMinBytes) fs::resize_file(path, kMinBytes);
  std::fstream f(path, std::ios::binary | std::ios::in | std::ios::out);
  const auto put_u32_be = [&](std::uint32_t v) {
    const char b[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
    f.write(b, 4);
  };
  for (int i = 4; i < 8; ++i) {
    const std::uint64_t magic = 0x00bab10c;
    f.seekp(128 * 1024 + i * 1024);
    f.write(reinterpret_cast<const char*>(&magic), sizeof magic);
  }
  const std::uint32_t padded = (pool.size() + 7) / 8 * 8;
  f.seekp(16 * 1024 + 12);           // past the nvlist header
  put_u32_be(12 + 4 + 12 + padded);  // nvpair size
  put_u32_be(0);                     // decoded size (unused)
  put_u32_be(4);                     // name length
  f.write("name", 4);
  put_u32_be(9);  // DATA_TYPE_STRING
  put_u32_be(1);  // one element
  put_u32_be(static_cast<std::uint32_t>(pool.size()));
  f.write(pool.data(), static_cast<std::streamsize>(pool.size()));
  if (!f) throw std::runtime_error("cannot write a ZFS label to " + path);
}

void run_or_throw(const std::string& command) {
  if (std::system(command.c_str()) != 0)
    throw std::runtime_error("fixture command failed: " + command);
}

FixtureBuilder::FixtureBuilder(std::string root) : m_root(std::move(root)) {
  fs::create_directories(m_root + "/sys/block");
  fs::create_directories(m_root + "/sys/class/block");
  fs::create_directories(m_root + "/sys/dev/block");
  fs::create_directories(m_root + "/dev");
}

void FixtureBuilder::write(const std::string& abs, const std::string& content) {
  const std::string p = m_root + abs;
  fs::create_directories(fs::path(p).parent_path());
  std::ofstream(p, std::ios::binary | std::ios::trunc) << content;
}

void FixtureBuilder::link(const std::string& abs, const std::string& target) {
  const std::string p = m_root + abs;
  fs::create_directories(fs::path(p).parent_path());
  std::error_code ec;
  fs::remove(p, ec);
  fs::create_directory_symlink(target, p);
}

void FixtureBuilder::add_disk(const FixtureDisk& d) {
  const std::string dev_dir = d.is_virtual ? "/sys/devices/virtual/block" : d.device_dir + "/block";
  const std::string blk = dev_dir + "/" + d.name;
  fs::create_directories(m_root + blk);
  link("/sys/class/block/" + d.name, relative_link("/sys/class/block/" + d.name, blk));
  const std::string devno = fmt::format("{}:{}", d.major, d.minor);
  link("/sys/dev/block/" + devno, relative_link("/sys/dev/block/" + devno, blk));
  if (!d.is_virtual) link(blk + "/device", relative_link(blk + "/device", d.device_dir));
  write(blk + "/dev", devno + "\n");
  write(blk + "/size", fmt::format("{}\n", d.size_bytes / 512));
  write(blk + "/ro", "0\n");
  write(blk + "/removable", "0\n");
  write(blk + "/queue/rotational", "0\n");
  write(blk + "/queue/logical_block_size", "512\n");
  write(blk + "/queue/physical_block_size", "512\n");
  for (const auto& [rel, value] : d.attrs) write(blk + "/" + rel, value + "\n");
  for (const auto& [rel, value] : d.device_attrs) write(rel, value + "\n");
  for (const auto& [dir, subsystem] : d.subsystems) {
    link(dir + "/subsystem", relative_link(dir + "/subsystem", "/sys/bus/" + subsystem));
    fs::create_directories(m_root + "/sys/bus/" + subsystem);
  }
  fs::create_directories(m_root + blk + "/holders");
  fs::create_directories(m_root + blk + "/slaves");
  for (const auto& h : d.holders) write(blk + "/holders/" + h, "");
  for (const auto& s : d.slaves) write(blk + "/slaves/" + s, "");
  if (!d.keep_node) make_node(m_root + "/dev/" + d.name, d.node_bytes, d.node_mkfs);
  for (const auto& p : d.partitions) {
    const std::string pdir = blk + "/" + p.name;
    const std::string pdevno = fmt::format("{}:{}", d.major, p.minor);
    write(pdir + "/dev", pdevno + "\n");
    write(pdir + "/partition", "1\n");
    write(pdir + "/size", fmt::format("{}\n", p.size_bytes / 512));
    fs::create_directories(m_root + pdir + "/holders");
    for (const auto& h : p.holders) write(pdir + "/holders/" + h, "");
    link("/sys/class/block/" + p.name, relative_link("/sys/class/block/" + p.name, pdir));
    link("/sys/dev/block/" + pdevno, relative_link("/sys/dev/block/" + pdevno, pdir));
    make_node(m_root + "/dev/" + p.name, p.mkfs.empty() ? 65536 : 2 * 1024 * 1024, p.mkfs);
  }
  // Last, so a disk added while a watcher looks at /sys/block appears whole (the station tests).
  link("/sys/block/" + d.name, relative_link("/sys/block/" + d.name, blk));
}

void FixtureBuilder::add_mount(unsigned major, unsigned minor, const std::string& mountpoint,
                               const std::string& fstype, const std::string& source) {
  ++m_mount_id;
  m_mounts.push_back(fmt::format("{} 1 {}:{} / {} rw,relatime shared:1 - {} {} rw", m_mount_id,
                                 major, minor, escape_mount(mountpoint), fstype,
                                 escape_mount(source)));
}

void FixtureBuilder::add_swap(const std::string& filename) { m_swaps.push_back(filename); }

void FixtureBuilder::finish() {
  std::string mi = "1 0 0:21 / /proc rw - proc proc rw\n";
  for (const auto& m : m_mounts) mi += m + "\n";
  write("/proc/self/mountinfo", mi);
  std::string swaps = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n";
  for (const auto& s : m_swaps) swaps += escape_mount(s) + "\tpartition\t1048572\t\t0\t\t-2\n";
  write("/proc/swaps", swaps);
  write("/proc/devices",
        "Character devices:\n  1 mem\n  4 tty\n\nBlock devices:\n  7 loop\n  8 sd\n  9 md\n"
        "179 mmc\n252 device-mapper\n253 zram\n259 blkext\n");
}

}  // namespace sw::test
