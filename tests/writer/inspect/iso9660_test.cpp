#include "writer/inspect/iso9660.h"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "support/iso_builder.h"
#include "writer/inspect/inspect.h"

using namespace sw::writer;
using namespace sw::test;

namespace {

std::vector<std::string> paths_of(const std::vector<IsoFile>& files) {
  std::vector<std::string> out;
  for (const auto& f : files) out.push_back(f.path);
  std::sort(out.begin(), out.end());
  return out;
}

bool any_problem_with(const IsoInfo& iso, std::string_view words) {
  return std::any_of(iso.problems.begin(), iso.problems.end(),
                     [&](const std::string& p) { return p.find(words) != std::string::npos; });
}

/// An x86 default entry loading isolinux.bin and a final EFI section loading efi.img.
IsoBuilder bootable_iso() {
  IsoBuilder b("BOOTABLE");
  b.file("isolinux/isolinux.bin", Bytes(2048, std::byte{0x90}))
      .file("boot/efi.img", Bytes(8192, std::byte{0xf6}))
      .boot(0x00, BootEntry{true, 0, 0, 4, false, "isolinux/isolinux.bin"},
            {BootSection{0xef, {BootEntry{true, 0, 0, 0, false, "boot/efi.img"}}}});
  return b;
}

}  // namespace

TEST_CASE("iso9660: volume id and volume size from the primary descriptor") {
  IsoBuilder b("MY_VOLUME_2024");
  const Bytes img = b.file("readme.txt", ascii("hello")).build();
  const MemoryImageBytes image(img);
  const auto iso = read_iso9660(image);
  REQUIRE(iso.has_value());
  CHECK(iso->volume_id == "MY_VOLUME_2024");
  CHECK(iso->volume_bytes == img.size());
  CHECK(iso->volume_bytes % kIsoSector == 0);
  CHECK_FALSE(iso->joliet);
  CHECK_FALSE(iso->rock_ridge);
  CHECK_FALSE(iso->udf);
  CHECK_FALSE(iso->boot_catalog_lba.has_value());
  CHECK(iso->el_torito.empty());
  CHECK(iso->problems.empty());
  CHECK(iso->root_lba == b.lba_of("/"));
  CHECK(iso->root_bytes == kIsoSector);
  CHECK_FALSE(iso->root_is_joliet);
}

TEST_CASE("iso9660: no ISO 9660 and no UDF volume") {
  SUBCASE("zeros") { CHECK_FALSE(read_iso9660(MemoryImageBytes(Bytes(64 * 1024))).has_value()); }
  SUBCASE("100 bytes") { CHECK_FALSE(read_iso9660(MemoryImageBytes(Bytes(100))).has_value()); }
  SUBCASE("random bytes") {
    CHECK_FALSE(read_iso9660(MemoryImageBytes(random_bytes(256 * 1024, 7))).has_value());
  }
}

TEST_CASE("iso9660: El Torito default x86 entry and an EFI section") {
  IsoBuilder b = bootable_iso();
  const Bytes img = b.build();
  const auto iso = read_iso9660(MemoryImageBytes(img));
  REQUIRE(iso.has_value());
  REQUIRE(iso->boot_catalog_lba.has_value());
  CHECK(iso->problems.empty());
  REQUIRE(iso->el_torito.size() == 2);
  const auto& x86 = iso->el_torito[0];
  CHECK(x86.platform_id == 0x00);
  CHECK(el_torito_platform_name(x86.platform_id) == "x86");
  CHECK(x86.bootable);
  CHECK(x86.media == 0);
  CHECK(el_torito_media_name(x86.media) == "none");
  CHECK(x86.load_rba == b.lba_of("/isolinux/isolinux.bin"));
  CHECK(x86.sectors == 4);
  const auto& efi = iso->el_torito[1];
  CHECK(efi.platform_id == 0xef);
  CHECK(el_torito_platform_name(efi.platform_id) == "efi");
  CHECK(efi.bootable);
  CHECK(efi.load_rba == b.lba_of("/boot/efi.img"));
  CHECK(efi.sectors == 16);
}

TEST_CASE("iso9660: El Torito sections with several entries and an extension entry") {
  BootEntry hd{true, 4, 40, 1, true, ""};  // hard-disk emulation, followed by a 0x44 entry
  BootEntry plain{false, 0, 41, 4, false, ""};
  BootEntry floppy{true, 2, 42, 1, false, ""};
  IsoBuilder b;
  const Bytes img = b.file("a.bin", Bytes(100 * 1024))
                        .boot(0x00, BootEntry{true, 0, 30, 4, false, ""},
                              {BootSection{0x00, {hd, plain}}, BootSection{0xef, {floppy}}})
                        .build();
  const auto iso = read_iso9660(MemoryImageBytes(img));
  REQUIRE(iso.has_value());
  INFO(fmt::format("{}", fmt::join(iso->problems, "; ")));
  REQUIRE(iso->el_torito.size() == 4);
  CHECK(iso->el_torito[0].load_rba == 30);
  CHECK(iso->el_torito[1].platform_id == 0x00);
  CHECK(iso->el_torito[1].media == 4);  // the continuation flag (0x20) is not the media
  CHECK(el_torito_media_name(iso->el_torito[1].media) == "hard-disk");
  CHECK(iso->el_torito[1].load_rba == 40);
  CHECK(iso->el_torito[2].load_rba == 41);  // the extension entry was not taken for an entry
  CHECK_FALSE(iso->el_torito[2].bootable);
  CHECK(iso->el_torito[3].platform_id == 0xef);
  CHECK(iso->el_torito[3].media == 2);
  CHECK(el_torito_media_name(iso->el_torito[3].media) == "floppy-1.44M");
  CHECK(el_torito_platform_name(0x01) == "ppc");
  CHECK(el_torito_platform_name(0x02) == "mac");
  CHECK(el_torito_platform_name(0x42) == "0x42");
}

TEST_CASE("iso9660: a damaged El Torito validation entry is a problem, with no entries") {
  Bytes img = bootable_iso().build();
  const auto before = read_iso9660(MemoryImageBytes(img));
  REQUIRE(before.has_value());
  REQUIRE(before->boot_catalog_lba.has_value());
  const std::size_t catalog = std::size_t{*before->boot_catalog_lba} * kIsoBlock;
  SUBCASE("checksum") { put8(img, catalog + 4, 'X'); }
  SUBCASE("header id") { put8(img, catalog, 0x02); }
  SUBCASE("key bytes") { put8(img, catalog + 31, 0xab); }
  const auto iso = read_iso9660(MemoryImageBytes(img));
  REQUIRE(iso.has_value());
  CHECK(iso->el_torito.empty());
  CHECK(any_problem_with(*iso, "validation entry is damaged"));
}

TEST_CASE("iso9660: a boot catalog in the image's last sector is read") {
  // The catalog is one 2048-byte sector here; nothing says three more sectors must follow it.
  IsoBuilder b = bootable_iso();
  const Bytes img = b.catalog_last().build();
  const auto iso = read_iso9660(MemoryImageBytes(img));
  REQUIRE(iso.has_value());
  REQUIRE(iso->boot_catalog_lba.has_value());
  CHECK(std::uint64_t{*iso->boot_catalog_lba} * kIsoSector + kIsoSector == img.size());
  INFO(fmt::format("{}", fmt::join(iso->problems, "; ")));
  CHECK(iso->problems.empty());
  CHECK(iso->el_torito.size() == 2);
}

TEST_CASE("iso9660: Joliet names in find_iso_file and list_iso_tree") {
  IsoBuilder b("JOLIET");
  const Bytes img = b.joliet()
                        .file("Long Name Directory/readme.txt", ascii("hello"))
                        .file("install.amd/vmlinuz-6.1.0", Bytes(3000, std::byte{1}))
                        .build();
  const MemoryImageBytes image(img);
  const auto iso = read_iso9660(image);
  REQUIRE(iso.has_value());
  CHECK(iso->joliet);
  CHECK(iso->root_is_joliet);
  CHECK(iso->volume_id == "JOLIET");  // from the primary descriptor
  CHECK(paths_of(list_iso_tree(image, *iso, 100, 8)) ==
        std::vector<std::string>{"/Long Name Directory", "/Long Name Directory/readme.txt",
                                 "/install.amd", "/install.amd/vmlinuz-6.1.0"});
  const auto f = find_iso_file(image, *iso, "/long name directory/README.TXT");
  REQUIRE(f.has_value());
  CHECK(f->path == "/Long Name Directory/readme.txt");
  CHECK(f->size == 5);
  CHECK_FALSE(f->is_dir);
  CHECK(f->offset == std::uint64_t{b.lba_of("/Long Name Directory/readme.txt")} * kIsoSector);
  const auto d = find_iso_file(image, *iso, "install.amd");
  REQUIRE(d.has_value());
  CHECK(d->is_dir);
}

TEST_CASE("iso9660: Rock Ridge detection and NM names") {
  IsoBuilder b("RR");
  const Bytes img = b.rock_ridge().file("docs/Read-Me.first.txt", ascii("hi")).build();
  const MemoryImageBytes image(img);
  const auto iso = read_iso9660(image);
  REQUIRE(iso.has_value());
  CHECK(iso->rock_ridge);
  CHECK_FALSE(iso->joliet);
  CHECK(paths_of(list_iso_tree(image, *iso, 100, 8)) ==
        std::vector<std::string>{"/docs", "/docs/Read-Me.first.txt"});
  const auto f = find_iso_file(image, *iso, "/DOCS/read-me.FIRST.txt");
  REQUIRE(f.has_value());
  CHECK(f->path == "/docs/Read-Me.first.txt");
  CHECK(f->size == 2);
}

TEST_CASE("iso9660: Rock Ridge is detected on an image that also has Joliet") {
  // What xorriso -R -J (and every Debian or Ubuntu ISO) makes: the Rock Ridge entries are on
  // the primary tree, the Joliet tree is used for lookups.
  const Bytes img = IsoBuilder("BOTH").rock_ridge().joliet().file("a/b.txt", ascii("x")).build();
  const auto iso = read_iso9660(MemoryImageBytes(img));
  REQUIRE(iso.has_value());
  CHECK(iso->joliet);
  CHECK(iso->rock_ridge);
}

TEST_CASE("iso9660: plain names lose their version suffix and are found without case") {
  IsoBuilder b("PLAIN");
  const Bytes img = b.file("dir/file.txt", ascii("12345678")).file("BOOTMGR", Bytes(10)).build();
  const MemoryImageBytes image(img);
  const auto iso = read_iso9660(image);
  REQUIRE(iso.has_value());
  CHECK_FALSE(iso->rock_ridge);
  CHECK_FALSE(iso->joliet);
  CHECK(paths_of(list_iso_tree(image, *iso, 100, 8)) ==
        std::vector<std::string>{"/BOOTMGR", "/DIR", "/DIR/FILE.TXT"});
  const auto f = find_iso_file(image, *iso, "/dir/file.txt");
  REQUIRE(f.has_value());
  CHECK(f->path == "/DIR/FILE.TXT");
  CHECK(f->size == 8);
  CHECK(find_iso_file(image, *iso, "bootmgr").has_value());
  CHECK(find_iso_file(image, *iso, "//Dir//File.Txt").has_value());
  CHECK_FALSE(find_iso_file(image, *iso, "/dir/missing.txt").has_value());
  CHECK_FALSE(find_iso_file(image, *iso, "/dir/file.txt/more").has_value());
  CHECK_FALSE(find_iso_file(image, *iso, "/file.txt").has_value());
}

TEST_CASE("iso9660: a UDF volume recognition sequence") {
  SUBCASE("UDF only: BEA01, NSR02, TEA01 without CD001") {
    Bytes img(32 * kIsoBlock);
    put_vrs(img, 16, "BEA01");
    put_vrs(img, 17, "NSR02");
    put_vrs(img, 18, "TEA01");
    const MemoryImageBytes image(img);
    const auto iso = read_iso9660(image);
    REQUIRE(iso.has_value());
    CHECK(iso->udf);
    CHECK(iso->volume_id.empty());
    CHECK(iso->root_bytes == 0);
    CHECK(list_iso_tree(image, *iso, 100, 8).empty());
    CHECK_FALSE(find_iso_file(image, *iso, "/bootmgr").has_value());
  }
  SUBCASE("UDF bridge: the sequence after the ISO 9660 terminator") {
    Bytes img(32 * kIsoBlock);
    put_pvd(img, 16, "BRIDGE", 32, 22, kIsoBlock);
    put_terminator(img, 17);
    put_vrs(img, 18, "BEA01");
    put_vrs(img, 19, "NSR03");
    put_vrs(img, 20, "TEA01");
    const std::byte dot{0};
    put_dir_record(img, 22 * kIsoBlock, 22, kIsoBlock, true, std::span(&dot, 1));
    const auto iso = read_iso9660(MemoryImageBytes(img));
    REQUIRE(iso.has_value());
    CHECK(iso->udf);
    CHECK(iso->volume_id == "BRIDGE");
  }
  SUBCASE("BEA01 then TEA01 without NSR: not UDF") {
    Bytes img(32 * kIsoBlock);
    put_vrs(img, 16, "BEA01");
    put_vrs(img, 17, "TEA01");
    CHECK_FALSE(read_iso9660(MemoryImageBytes(img)).has_value());
  }
}

TEST_CASE("iso9660: a volume larger than the image is truncated") {
  const Bytes full = IsoBuilder("BIG").file("big.bin", Bytes(100 * 1024, std::byte{7})).build();
  SUBCASE("complete") {
    const auto iso = read_iso9660(MemoryImageBytes(full));
    REQUIRE(iso.has_value());
    CHECK_FALSE(any_problem_with(*iso, "truncated"));
  }
  SUBCASE("cut short") {
    Bytes cut = full;
    cut.resize(full.size() - 10 * kIsoBlock);
    const auto iso = read_iso9660(MemoryImageBytes(cut));
    REQUIRE(iso.has_value());
    CHECK(iso->volume_bytes == full.size());
    CHECK(any_problem_with(*iso, "truncated"));
  }
}

TEST_CASE("iso9660: directories that point to themselves or back up do not hang the walk") {
  // Root (sector 20): LOOP -> 20 (itself), SUB -> 21, FILE.TXT. SUB: BACK -> 20, SELF -> 21.
  Bytes img(24 * kIsoBlock);
  put_pvd(img, 16, "LOOPS", 24, 20, kIsoBlock);
  put_terminator(img, 17);
  const std::byte dot{0}, dotdot{1};
  auto dir = [&](std::uint32_t lba, std::uint32_t parent,
                 std::vector<std::tuple<std::string, std::uint32_t, bool>> entries) {
    std::size_t at = std::size_t{lba} * kIsoBlock;
    at += put_dir_record(img, at, lba, kIsoBlock, true, std::span(&dot, 1));
    at += put_dir_record(img, at, parent, kIsoBlock, true, std::span(&dotdot, 1));
    for (const auto& [name, target, is_dir] : entries) {
      at += put_dir_record(img, at, target, is_dir ? kIsoBlock : 5, is_dir, ascii(name));
    }
  };
  dir(20, 20, {{"LOOP", 20, true}, {"SUB", 21, true}, {"FILE.TXT;1", 22, false}});
  dir(21, 20, {{"BACK", 20, true}, {"SELF", 21, true}});
  const MemoryImageBytes image(img);
  const auto iso = read_iso9660(image);
  REQUIRE(iso.has_value());
  const auto all = list_iso_tree(image, *iso, 100000, 64);
  CHECK(all.size() < 1000);
  const auto top = paths_of(list_iso_tree(image, *iso, 100, 1));
  CHECK(top == std::vector<std::string>{"/FILE.TXT", "/LOOP", "/SUB"});
  CHECK(find_iso_file(image, *iso, "/SUB/BACK/FILE.TXT").has_value());
  CHECK_FALSE(find_iso_file(image, *iso, "/LOOP/LOOP/LOOP/LOOP/MISSING").has_value());
}

TEST_CASE("iso9660: list_iso_tree keeps to max_entries and max_depth") {
  const Bytes img =
      IsoBuilder().file("a/b/c/d/e.txt", ascii("e")).file("z.txt", ascii("z")).build();
  const MemoryImageBytes image(img);
  const auto iso = read_iso9660(image);
  REQUIRE(iso.has_value());
  CHECK(list_iso_tree(image, *iso, 100, 8).size() == 6);
  CHECK(paths_of(list_iso_tree(image, *iso, 100, 2)) ==
        std::vector<std::string>{"/A", "/A/B", "/Z.TXT"});
  CHECK(list_iso_tree(image, *iso, 1, 8).size() == 1);
  const auto files = list_iso_tree(image, *iso, 100, 8);
  const auto e = std::find_if(files.begin(), files.end(),
                              [](const IsoFile& f) { return f.path == "/A/B/C/D/E.TXT"; });
  REQUIRE(e != files.end());
  CHECK_FALSE(e->is_dir);
  CHECK(e->size == 1);
}

namespace {

/// An image whose reads are counted: the work a hostile image can cause, measured in bytes.
class CountingImageBytes final : public ImageBytes {
 public:
  explicit CountingImageBytes(const ImageBytes& inner) : m_inner(inner) {}
  std::uint64_t size() const override { return m_inner.size(); }
  std::uint64_t available() const override { return m_inner.available(); }
  sw::Result<void> read_at(std::uint64_t offset, std::span<std::byte> buf) const override {
    bytes_read += buf.size();
    return m_inner.read_at(offset, buf);
  }
  std::optional<sw::platform::FsInfo> probe_fs(std::uint64_t, std::uint64_t) const override {
    return std::nullopt;
  }
  mutable std::uint64_t bytes_read = 0;

 private:
  const ImageBytes& m_inner;
};

/// A root directory of `count` subdirectories that all declare the same 4 MiB extent (zeros),
/// so each one costs a 4 MiB read: 1500 of them would be 6 GiB of reading.
Bytes shared_huge_directories(std::uint32_t count) {
  constexpr std::uint32_t kRoot = 20, kShared = 200, kSharedBytes = 4u << 20;
  constexpr std::uint32_t kRecord = 38;  // 33 + a 4-character name + a padding byte
  const std::uint32_t per_sector = kIsoBlock / kRecord;
  const std::uint32_t root_sectors = (count + 2) / per_sector + 1;
  REQUIRE(kRoot + root_sectors < kShared);
  const std::uint32_t sectors = kShared + kSharedBytes / kIsoBlock;
  Bytes img(std::size_t{sectors} * kIsoBlock);
  put_pvd(img, 16, "HOSTILE", sectors, kRoot, root_sectors * kIsoBlock);
  put_terminator(img, 17);
  const std::byte dot{0}, dotdot{1};
  std::size_t at = std::size_t{kRoot} * kIsoBlock;
  at += put_dir_record(img, at, kRoot, root_sectors * kIsoBlock, true, std::span(&dot, 1));
  at += put_dir_record(img, at, kRoot, root_sectors * kIsoBlock, true, std::span(&dotdot, 1));
  for (std::uint32_t i = 0; i < count; ++i) {
    if (at % kIsoBlock + kRecord > kIsoBlock) at = (at / kIsoBlock + 1) * kIsoBlock;
    at += put_dir_record(img, at, kShared, kSharedBytes, true, ascii(fmt::format("{:04}", i)));
  }
  return img;
}

}  // namespace

TEST_CASE("iso9660: thousands of directories sharing a 4 MiB extent are read within the budget") {
  const MemoryImageBytes memory(shared_huge_directories(1500));
  const CountingImageBytes image(memory);
  const auto iso = read_iso9660(image);
  REQUIRE(iso.has_value());
  const auto before = image.bytes_read;
  const auto files = list_iso_tree(image, *iso, 20000, 6);
  CHECK(files.size() == 1500);  // the root is read whole; only the subdirectories are cut
  CHECK(image.bytes_read - before <= kMaxIsoDirBytes);
  CHECK(iso->dir_budget_spent());
  // Lookups after the budget is spent read nothing more.
  const auto spent = image.bytes_read;
  CHECK_FALSE(find_iso_file(image, *iso, "/0001/X").has_value());
  CHECK(image.bytes_read == spent);
}

TEST_CASE("iso9660: a whole inspection of huge shared directories stays under the byte budget") {
  const MemoryImageBytes memory(shared_huge_directories(1500));
  const CountingImageBytes image(memory);
  const auto r = inspect_bytes(image);
  // The directories' budget, plus what the other parsers read (descriptors, partition tables).
  CHECK(image.bytes_read <= kMaxIsoDirBytes + (4u << 20));
  REQUIRE(r.iso.has_value());
  CHECK(any_problem_with(*r.iso, "only the first 64 MiB were read"));
  CHECK(std::any_of(r.reasons.begin(), r.reasons.end(), [](const std::string& s) {
    return s.find("only the first 64 MiB") != std::string::npos;
  }));
}
