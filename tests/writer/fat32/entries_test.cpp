#include <doctest/doctest.h>

#include <span>
#include <string>

#include "writer/fat32/fat32.h"
#include "writer/inspect/image_bytes.h"

using namespace sw;
using namespace sw::writer;
using namespace sw::writer::fat32;

namespace {

constexpr std::size_t kUnitOffsets[13] = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};

/// The 13 UTF-16 units of the long-name entry at `entry`.
std::u16string entry_units(std::span<const std::byte> b, std::size_t entry) {
  std::u16string units;
  for (const std::size_t at : kUnitOffsets)
    units += static_cast<char16_t>(le16(b, entry * 32 + at));
  return units;
}

/// An EntrySpec whose short name comes from a fresh directory.
EntrySpec spec(std::string long_name) {
  EntrySpec e;
  ShortNameTable t;
  e.short_name = t.add(long_name);
  e.long_name = std::move(long_name);
  e.first_cluster = 0x00012345;
  e.size = 4242;
  e.time = dos_time(2024, 5, 17, 13, 45, 31);
  return e;
}

/// Checks the long-name entries before the short entry: ordinals counting down from the one
/// marked 0x40, attribute 0x0F, type 0, the checksum, cluster 0; returns the name they spell
/// (the units before the first 0x0000, or all of them).
std::u16string check_long_entries(std::span<const std::byte> b, const ShortName& short_name) {
  const std::size_t count = b.size() / 32 - 1;
  std::u16string all;
  for (std::size_t i = 0; i < count; ++i) {
    CAPTURE(i);
    const std::size_t ordinal = count - i;
    CHECK(byte_at(b, i * 32) == (ordinal | (i == 0 ? 0x40u : 0u)));
    CHECK(byte_at(b, i * 32 + 11) == 0x0F);
    CHECK(byte_at(b, i * 32 + 12) == 0);
    CHECK(byte_at(b, i * 32 + 13) == lfn_checksum(short_name));
    CHECK(le16(b, i * 32 + 26) == 0);
    all = entry_units(b, i) + all;
  }
  const std::size_t end = all.find(u'\0');
  if (end == std::u16string::npos) return all;
  // After the terminator, only 0xFFFF padding.
  for (std::size_t i = end + 1; i < all.size(); ++i) CHECK(all[i] == 0xFFFF);
  return all.substr(0, end);
}

}  // namespace

TEST_CASE("fat32 entries: long names of 1, 13, 14, 26 and 255 units") {
  for (const std::size_t n : {1u, 12u, 13u, 14u, 25u, 26u, 27u, 255u}) {
    CAPTURE(n);
    const EntrySpec e = spec(std::string(n, 'a'));
    const auto r = directory_entries(e);
    REQUIRE(r.ok());
    const auto b = std::span<const std::byte>(*r);
    const std::size_t long_entries = (n + 12) / 13;
    REQUIRE(b.size() == (long_entries + 1) * 32);
    CHECK(check_long_entries(b, e.short_name) == std::u16string(n, u'a'));
    // A name filling its last entry has no terminator; any other has exactly one.
    const std::u16string first = entry_units(b, 0);
    const std::size_t used = n - (long_entries - 1) * 13;
    CHECK(first.substr(0, used) == std::u16string(used, u'a'));
    if (used < 13) CHECK(first[used] == 0x0000);
    if (used == 13) CHECK(first.find(u'\0') == std::u16string::npos);
    CHECK(bytes_equal(b, long_entries * 32, std::string(e.short_name.begin(), e.short_name.end())));
  }
}

TEST_CASE("fat32 entries: the short entry's fields") {
  const EntrySpec e = spec("install.wim");
  const auto r = directory_entries(e);
  REQUIRE(r.ok());
  const auto b = std::span<const std::byte>(*r);
  REQUIRE(b.size() == 64);
  const std::size_t s = 32;
  CHECK(bytes_equal(b, s, "INSTALL WIM"));
  CHECK(byte_at(b, s + 11) == kAttrArchive);
  CHECK(byte_at(b, s + 12) == 0);
  CHECK(byte_at(b, s + 13) == e.time.tenths);
  CHECK(le16(b, s + 14) == e.time.time);
  CHECK(le16(b, s + 16) == e.time.date);
  CHECK(le16(b, s + 18) == e.time.date);
  CHECK(le16(b, s + 20) == 0x0001);
  CHECK(le16(b, s + 22) == e.time.time);
  CHECK(le16(b, s + 24) == e.time.date);
  CHECK(le16(b, s + 26) == 0x2345);
  CHECK(le32(b, s + 28) == 4242);
  CHECK(check_long_entries(b, e.short_name) == u"install.wim");
}

TEST_CASE("fat32 entries: short-only names, directories and collisions") {
  EntrySpec e = spec("BOOTMGR");
  auto r = directory_entries(e);
  REQUIRE(r.ok());
  CHECK(r->size() == 32);  // no long-name entry
  CHECK(bytes_equal(*r, 0, "BOOTMGR    "));

  // The same name with a tail (another entry took BOOTMGR) needs its long name written.
  e.short_name = {'B', 'O', 'O', 'T', 'M', 'G', '~', '1', ' ', ' ', ' '};
  r = directory_entries(e);
  REQUIRE(r.ok());
  REQUIRE(r->size() == 64);
  CHECK(check_long_entries(*r, e.short_name) == u"BOOTMGR");

  EntrySpec dir = spec("EFI");
  dir.attributes = kAttrDirectory;
  r = directory_entries(dir);
  REQUIRE(r.ok());
  REQUIRE(r->size() == 32);
  CHECK(byte_at(*r, 11) == kAttrDirectory);
  CHECK(le32(*r, 28) == 0);  // directories have size 0, whatever the spec said
}

TEST_CASE("fat32 entries: non-ASCII names round-trip as UTF-16") {
  const std::string names[] = {
      "Pr\xC3\xBC"
      "fung \xC3\xB1 \xE4\xB8\xAD\xE6\x96\x87.txt",
      "smile \xF0\x9F\x98\x80 \xF0\x9D\x84\x9E music.txt",
  };
  for (const auto& name : names) {
    CAPTURE(name);
    const EntrySpec e = spec(name);
    const auto r = directory_entries(e);
    REQUIRE(r.ok());
    const auto units = utf8_to_utf16(name);
    REQUIRE(units.has_value());
    CHECK(check_long_entries(*r, e.short_name) == *units);
  }
  // U+1F600 is two units: a 12-character name with it needs 13 units, one entry, no NUL.
  const EntrySpec e = spec("abcdefghijk\xF0\x9F\x98\x80");
  const auto r = directory_entries(e);
  REQUIRE(r.ok());
  REQUIRE(r->size() == 64);
  CHECK(entry_units(*r, 0) == u"abcdefghijk\U0001F600");
}

TEST_CASE("fat32 entries: names FAT32 cannot hold are refused") {
  const std::string refused[] = {
      std::string(256, 'a'),                                               // one unit too long
      std::string(128, 'a') + "\xF0\x9F\x98\x80" + std::string(126, 'a'),  // 256 units
      "bad\xFF.txt",                                                       // invalid UTF-8
      "\xC0\xAF",                                                          // overlong
      "",
      ".",
      "..",
      "a:b",
      "what?",
      "tab\there",
      "back\\slash",
  };
  for (const auto& name : refused) {
    CAPTURE(name);
    EntrySpec e = spec(name);
    e.short_name = {'X', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '};
    const auto r = directory_entries(e);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == ErrorKind::kInput);
  }
  CHECK(directory_entries(spec(std::string(255, 'a'))).ok());

  EntrySpec no_short = spec("file.txt");
  no_short.short_name = {};
  CHECK_FALSE(directory_entries(no_short).ok());
}

TEST_CASE("fat32 entries: dot entries and the volume label") {
  const DosTime t = dos_time(2024, 1, 2, 3, 4, 6);
  const auto d = dot_entries(7, 0, t);
  REQUIRE(d.size() == 64);
  CHECK(bytes_equal(d, 0, ".          "));
  CHECK(byte_at(d, 11) == kAttrDirectory);
  CHECK(le16(d, 20) == 0);
  CHECK(le16(d, 26) == 7);
  CHECK(le16(d, 24) == t.date);
  CHECK(bytes_equal(d, 32, "..         "));
  CHECK(byte_at(d, 32 + 11) == kAttrDirectory);
  CHECK(le16(d, 32 + 26) == 0);  // the root as parent is cluster 0
  CHECK(le32(d, 32 + 28) == 0);

  const auto deep = dot_entries(0x00030001, 0x00020005, t);
  CHECK(le16(deep, 20) == 3);
  CHECK(le16(deep, 26) == 1);
  CHECK(le16(deep, 32 + 20) == 2);
  CHECK(le16(deep, 32 + 26) == 5);

  const auto label = volume_label_entry(volume_label("ESD-ISO"), t);
  REQUIRE(label.size() == 32);
  CHECK(bytes_equal(label, 0, "ESD-ISO    "));
  CHECK(byte_at(label, 11) == kAttrVolumeId);
  CHECK(le16(label, 26) == 0);
  CHECK(le32(label, 28) == 0);
  CHECK(le16(label, 24) == t.date);
}
