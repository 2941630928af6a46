// A small FAT32 volume assembled from the fat32 layer's pieces, checked by dosfstools' fsck.fat
// and read back through mtools: the cross-check with tools that were not written with it.

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <span>
#include <string>

#include "support/in_memory.h"
#include "support/shell.h"
#include "support/skip.h"
#include "support/temp_dir.h"
#include "writer/fat32/fat32.h"

using namespace sw::writer::fat32;

using sw::test::run_shell;
using sw::test::ShellRun;

namespace {

constexpr std::uint32_t kEndOfChain = 0x0FFFFFFF;

/// A volume image in memory with a bump allocator for clusters.
class VolumeImage {
 public:
  explicit VolumeImage(const Geometry& g)
      : m_g(g), m_img(sw::test::in_memory(std::uint64_t{g.total_sectors} * 512)) {
    set_fat(0, 0x0FFFFFF8);  // media byte F8 in the low 8 bits (fatgen103 §4)
    set_fat(1, 0x0FFFFFFF);  // clean, no errors
  }

  /// Sets entry `cluster` in both FATs.
  void set_fat(std::uint32_t cluster, std::uint32_t value) {
    for (std::uint32_t f = 0; f < kFatCount; ++f) {
      const std::size_t at = (kReservedSectors + std::size_t{f} * m_g.fat_sectors) * 512;
      for (std::size_t i = 0; i < 4; ++i) {
        m_img[at + std::size_t{cluster} * 4 + i] =
            static_cast<std::byte>((value >> (8 * i)) & 0xFF);
      }
    }
  }
  /// Stores `data` in a fresh chain of clusters; returns the first (0 for no data).
  std::uint32_t store(std::span<const std::byte> data) {
    if (data.empty()) return 0;
    const std::uint32_t first = m_next;
    const std::uint64_t clusters = (data.size() + m_g.cluster_bytes() - 1) / m_g.cluster_bytes();
    for (std::uint64_t i = 0; i < clusters; ++i, ++m_next) {
      set_fat(m_next, i + 1 == clusters ? kEndOfChain : m_next + 1);
    }
    std::copy(data.begin(), data.end(),
              m_img.begin() + sw::test::in_memory(m_g.cluster_offset(first)));
    return first;
  }
  /// Reserves a cluster for a directory whose entries come later.
  std::uint32_t reserve() {
    set_fat(m_next, kEndOfChain);
    return m_next++;
  }
  void put(std::uint64_t offset, std::span<const std::byte> data) {
    std::copy(data.begin(), data.end(), m_img.begin() + sw::test::in_memory(offset));
  }
  void put_dir(std::uint32_t cluster, const std::vector<std::byte>& entries) {
    REQUIRE(entries.size() <= m_g.cluster_bytes());
    put(m_g.cluster_offset(cluster), entries);
  }
  std::uint32_t next_free() const { return m_next; }
  const std::vector<std::byte>& bytes() const { return m_img; }

 private:
  Geometry m_g;
  std::vector<std::byte> m_img;
  std::uint32_t m_next = kRootCluster;
};

std::span<const std::byte> as_bytes(std::string_view s) {
  return std::as_bytes(std::span<const char>(s.data(), s.size()));
}

/// Appends the entries for one name (short name from `names`) to `dir`.
void add_entry(std::vector<std::byte>& dir, ShortNameTable& names, const std::string& name,
               std::uint8_t attributes, std::uint32_t cluster, std::uint32_t size) {
  EntrySpec e;
  e.long_name = name;
  e.short_name = names.add(name);
  e.attributes = attributes;
  e.first_cluster = cluster;
  e.size = size;
  e.time = dos_time(2024, 5, 17, 13, 45, 31);
  const auto r = directory_entries(e);
  REQUIRE(r.ok());
  dir.insert(dir.end(), r->begin(), r->end());
}

/// A long name of characters from several scripts, and one above U+FFFF (a surrogate pair in
/// UTF-16). mtools 4.0 and fsck.fat 4.2 show each surrogate on its own (as "_" or ":XXXX"), so
/// the second name is looked for by its other characters and read through its short name.
const std::string kLongName =
    "Pr\xC3\xBC"
    "fung \xC3\xB1 \xE4\xB8\xAD\xE6\x96\x87 a long name.txt";
const std::string kAstralName = "smile \xF0\x9F\x98\x80 music.txt";
const std::string kAstralContent = "not a song\n";

std::string long_file_content() {
  std::string text;
  for (int i = 0; i < 100; ++i) text += fmt::format("line {:03} of the long-named file\n", i);
  return text;  // 3200 bytes: 7 clusters of 512
}

/// The volume: label, EFI/BOOT/BOOTX64.EFI, a long non-ASCII name, a 0-byte file and an empty
/// directory.
std::vector<std::byte> build_volume(const Geometry& g) {
  VolumeImage v(g);
  const DosTime t = dos_time(2024, 5, 17, 13, 45, 31);
  const auto label = volume_label("sticktest");
  const std::uint32_t root = v.reserve();
  const std::uint32_t efi = v.reserve();
  const std::uint32_t boot = v.reserve();
  const std::uint32_t empty_dir = v.reserve();
  const std::string loader = "MZ not really an EFI program\n";
  const std::uint32_t loader_at = v.store(as_bytes(loader));
  const std::string content = long_file_content();
  const std::uint32_t content_at = v.store(as_bytes(content));
  const std::uint32_t astral_at = v.store(as_bytes(kAstralContent));

  std::vector<std::byte> root_dir = volume_label_entry(label, t);
  ShortNameTable root_names;
  add_entry(root_dir, root_names, "efi", kAttrDirectory, efi, 0);
  add_entry(root_dir, root_names, kLongName, kAttrArchive, content_at,
            static_cast<std::uint32_t>(content.size()));
  add_entry(root_dir, root_names, kAstralName, kAttrArchive, astral_at,
            static_cast<std::uint32_t>(kAstralContent.size()));
  add_entry(root_dir, root_names, "empty.txt", kAttrArchive, 0, 0);
  add_entry(root_dir, root_names, "Empty Folder", kAttrDirectory, empty_dir, 0);
  v.put_dir(root, root_dir);

  std::vector<std::byte> efi_dir = dot_entries(efi, 0, t);
  ShortNameTable efi_names;
  add_entry(efi_dir, efi_names, "boot", kAttrDirectory, boot, 0);
  v.put_dir(efi, efi_dir);

  std::vector<std::byte> boot_dir = dot_entries(boot, efi, t);
  ShortNameTable boot_names;
  add_entry(boot_dir, boot_names, "BOOTX64.EFI", kAttrArchive, loader_at,
            static_cast<std::uint32_t>(loader.size()));
  v.put_dir(boot, boot_dir);
  v.put_dir(empty_dir, dot_entries(empty_dir, 0, t));

  VolumeInfo info;
  info.volume_id = 0x5EED1234;
  info.label = label;
  const Sector bs = boot_sector(g, info);
  const std::uint32_t used = v.next_free() - kRootCluster;
  const Sector fsinfo = fsinfo_sector(g.cluster_count - used, v.next_free());
  v.put(0, bs);
  v.put(kFsInfoSector * 512ull, fsinfo);
  v.put(kBackupBootSector * 512ull, bs);
  v.put((kBackupBootSector + 1) * 512ull, fsinfo);
  return v.bytes();
}

std::string quoted(const std::string& s) { return "'" + s + "'"; }

}  // namespace

TEST_CASE("fat32 volume: a 64 MiB volume from these pieces passes fsck.fat and reads in mtools") {
  // Every tool is looked for before the first assertion: a skip after them would hide them.
  for (const char* tool : {"fsck.fat", "mdir", "mtype"}) {
    if (!sw::test::have_tool(tool)) {
      SW_SKIP(tool << " is not installed (dosfstools, mtools: scripts/test installs them)");
      return;
    }
  }
  const auto g = plan_geometry(64 * 2048);
  REQUIRE(g.ok());
  const sw::test::TempDir dir;
  const std::string file = dir.write_bytes("fat32.img", build_volume(*g));

  const ShellRun fsck = run_shell(fmt::format("fsck.fat -n -v {}", quoted(file)));
  INFO(fsck.output);
  CHECK(fsck.status == 0);
  CHECK(sw::test::fsck_fat_complaints(fsck.output).empty());
  // Everything was seen: 8 files (the label counts as one) in 13 clusters.
  CHECK(fsck.output.find("129008 data clusters") != std::string::npos);
  CHECK(fsck.output.find("8 files, 13/129008 clusters") != std::string::npos);

  const ShellRun root = run_shell(fmt::format("mdir -i {} ::/", quoted(file)));
  INFO(root.output);
  CHECK(root.status == 0);
  CHECK(root.output.find("Volume in drive : is STICKTEST") != std::string::npos);
  CHECK(root.output.find(kLongName) != std::string::npos);
  CHECK(root.output.find(" music.txt") != std::string::npos);
  CHECK(root.output.find("empty.txt") != std::string::npos);
  CHECK(root.output.find("Empty Folder") != std::string::npos);
  CHECK(root.output.find("efi") != std::string::npos);

  const ShellRun boot = run_shell(fmt::format("mdir -i {} ::/efi/boot", quoted(file)));
  INFO(boot.output);
  CHECK(boot.status == 0);
  CHECK(boot.output.find("BOOTX64  EFI") != std::string::npos);

  const ShellRun content =
      run_shell(fmt::format("mtype -i {} {}", quoted(file), quoted("::/" + kLongName)));
  CHECK(content.status == 0);
  CHECK(content.output == long_file_content());
  const ShellRun loader =
      run_shell(fmt::format("mtype -i {} ::/EFI/BOOT/BOOTX64.EFI", quoted(file)));
  CHECK(loader.status == 0);
  CHECK(loader.output == "MZ not really an EFI program\n");
  const ShellRun astral = run_shell(fmt::format("mtype -i {} ::/SMILE_~1.TXT", quoted(file)));
  CHECK(astral.status == 0);
  CHECK(astral.output == kAstralContent);
  const ShellRun empty = run_shell(fmt::format("mtype -i {} ::/empty.txt", quoted(file)));
  CHECK(empty.status == 0);
  CHECK(empty.output.empty());
}
