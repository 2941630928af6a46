#include <doctest/doctest.h>
#include <fmt/format.h>

#include <set>
#include <string>

#include "writer/fat32/fat32.h"

using namespace sw::writer::fat32;

namespace {

std::string str(const std::array<char, 11>& n) { return std::string(n.begin(), n.end()); }

/// The short name a fresh directory gives `long_name`.
std::string first_short(std::string_view long_name) {
  ShortNameTable t;
  return str(t.add(long_name));
}

ShortName short_name(std::string_view text) {
  ShortName n{};
  std::copy(text.begin(), text.end(), n.begin());
  return n;
}

}  // namespace

TEST_CASE("fat32 names: fits_short only for upper-case 8.3 names of valid characters") {
  for (const char* yes : {"BOOTMGR", "EFI", "BOOT", "SETUP.EXE", "A.B", "12345678.123",
                          "$%'-_@~`.!()", "{}^#&", "EFI~1"}) {
    CAPTURE(yes);
    CHECK(ShortNameTable::fits_short(yes));
  }
  for (const char* no :
       {"bootmgr", "Setup.exe", "install.wim", "123456789", "A.1234", "A.B.C", ".HIDDEN", "A B",
        "A+B", "A,B", "A;B", "A=B", "A[B]", "A.", ".", "..", "", "\xC3\x9C"}) {
    CAPTURE(no);
    CHECK_FALSE(ShortNameTable::fits_short(no));
  }
}

TEST_CASE("fat32 names: basis names as fatgen103 and Windows form them") {
  struct Case {
    const char* long_name;
    const char* short_name;
  };
  const Case cases[] = {
      {"The quick brown.fox", "THEQUI~1FOX"},  // fatgen103 §7's own example
      {"bootmgr", "BOOTMGR    "},              // only the case differs: no tail
      {"BOOTMGR", "BOOTMGR    "},
      {"install.wim", "INSTALL WIM"},
      {"efi", "EFI        "},
      {"bootx64.efi", "BOOTX64 EFI"},
      {".hidden", "HIDDEN~1   "},  // the leading period goes, so a tail marks the change
      {"a.b.c", "AB~1    C  "},    // the last period starts the extension
      {"ver +1.2.text", "VER_12~1TEX"},
      {"file.html", "FILE~1  HTM"},  // extension cut to 3
      {"autorun.inf", "AUTORUN INF"},
      {"a b.txt", "AB~1    TXT"},  // a removed space is a change
      {"x.", "X~1        "},       // so is a removed trailing period
      {"Pr\xC3\xBC"
       "fung.txt",
       "PR_FUN~1TXT"},                          // one '_' per non-ASCII character
      {"\xF0\x9F\x98\x80.txt", "_~1     TXT"},  // U+1F600 too
      {"a\xFF"
       "b",
       "A_B~1      "},  // invalid UTF-8 bytes become '_'
      {"...", "_~1        "},
      {"123456789.txt", "123456~1TXT"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.long_name);
    CHECK(first_short(c.long_name) == c.short_name);
  }
}

TEST_CASE("fat32 names: a name that fits 8.3 is its upper-case form exactly") {
  const std::pair<const char*, const char*> cases[] = {
      {"BOOTMGR", "BOOTMGR    "}, {"SETUP.EXE", "SETUP   EXE"},    {"A.B", "A       B  "},
      {"{}^#&", "{}^#&      "},   {"12345678.123", "12345678123"},
  };
  for (const auto& [name, expected] : cases) {
    CAPTURE(name);
    REQUIRE(ShortNameTable::fits_short(name));
    CHECK(first_short(name) == expected);
  }
}

TEST_CASE("fat32 names: collisions take the next numeric tail") {
  ShortNameTable t;
  CHECK(str(t.add("The quick brown.fox")) == "THEQUI~1FOX");
  CHECK(str(t.add("The quick brown.fox2")) == "THEQUI~2FOX");
  CHECK(str(t.add("Thequick.foxes")) == "THEQUI~3FOX");
  CHECK(str(t.add("EFI")) == "EFI        ");
  CHECK(str(t.add("efi")) == "EFI~1      ");    // same basis as stored: taken
  CHECK(str(t.add("EFI~1")) == "EFI~1~1    ");  // a user's "EFI~1" now collides too
  CHECK(str(t.add("bootmgr")) == "BOOTMGR    ");
  CHECK(str(t.add("bootmgr.efi")) == "BOOTMGR EFI");  // other extension: no collision
}

TEST_CASE("fat32 names: twenty similar long names get twenty distinct short names") {
  ShortNameTable t;
  std::set<std::string> seen;
  for (int i = 1; i <= 20; ++i) {
    const std::string name = fmt::format("Microsoft-Windows-Setup-{}.mum", i);
    const std::string s = str(t.add(name));
    CAPTURE(name);
    CHECK(seen.insert(s).second);
    // The tail shortens the primary part so that both fit in 8 characters.
    const std::string tail = fmt::format("~{}", i);
    CHECK(s == fmt::format("{}{}MUM", std::string("MICROSOF").substr(0, 8 - tail.size()), tail));
  }
  CHECK(seen.size() == 20);
  CHECK(seen.count("MICROS~1MUM") == 1);
  CHECK(seen.count("MICRO~10MUM") == 1);
  CHECK(seen.count("MICRO~20MUM") == 1);
}

TEST_CASE("fat32 names: long tails cut the primary part further") {
  ShortNameTable t;
  std::string last;
  for (int i = 1; i <= 1000; ++i) last = str(t.add(fmt::format("abcdefghij{}.dat", i)));
  CHECK(last == "ABC~1000DAT");
  // Short bases are not padded before the tail.
  ShortNameTable u;
  CHECK(str(u.add("ab.html")) == "AB~1    HTM");
  CHECK(str(u.add("AB.htmx")) == "AB~2    HTM");
}

TEST_CASE("fat32 names: lfn_checksum matches fatgen103's ChkSum worked by hand") {
  // "EFI        ": 0x45; then rotate right and add: F -> E8, I -> BD, then eight spaces ->
  // FE, 9F, EF, 17, AB, F5, 1A, 2D.
  CHECK(lfn_checksum(short_name("EFI        ")) == 0x2D);
  CHECK(lfn_checksum(short_name("BOOTMGR    ")) == 0xEE);
  CHECK(lfn_checksum(short_name("THEQUI~1FOX")) == 0x07);
  CHECK(lfn_checksum(short_name("INSTALL WIM")) == 0xDC);
  // The rotation makes it order-sensitive, unlike a plain sum.
  CHECK(lfn_checksum(short_name("IFE        ")) != lfn_checksum(short_name("EFI        ")));
}

TEST_CASE("fat32 names: UTF-8 to UTF-16, with surrogate pairs above U+FFFF") {
  CHECK(utf8_to_utf16("efi") == u"efi");
  CHECK(utf8_to_utf16("Pr\xC3\xBC"
                      "fung \xC3\xB1 \xE4\xB8\xAD\xE6\x96\x87.txt") ==
        u"Pr\u00FCfung \u00F1 \u4E2D\u6587.txt");
  const auto emoji = utf8_to_utf16("\xF0\x9F\x98\x80");
  REQUIRE(emoji.has_value());
  REQUIRE(emoji->size() == 2);
  CHECK((*emoji)[0] == 0xD83D);
  CHECK((*emoji)[1] == 0xDE00);
  CHECK(utf8_to_utf16("\xF4\x8F\xBF\xBF") == u"\U0010FFFF");
  CHECK(utf8_to_utf16("") == u"");
  for (const char* bad : {"\xFF", "\xC3", "a\x80", "\xC0\xAF", "\xE0\x80\xAF", "\xED\xA0\x80",
                          "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80", "\xE4\xB8"}) {
    CAPTURE(bad);
    CHECK_FALSE(utf8_to_utf16(bad).has_value());
  }
}

TEST_CASE("fat32 names: volume labels") {
  CHECK(str(volume_label("GRMCPRXFRER_EN_DVD")) == "GRMCPRXFRER");
  CHECK(str(volume_label("CCCOMA_X64FRE_EN-US_DV9")) == "CCCOMA_X64F");
  CHECK(str(volume_label("")) == "NO NAME    ");
  CHECK(str(volume_label("   ")) == "NO NAME    ");
  CHECK(str(volume_label("Win 11")) == "WIN 11     ");
  CHECK(str(volume_label("  esd")) == "ESD        ");
  CHECK(str(volume_label("a.b*c+d")) == "A_B_C_D    ");
  CHECK(str(volume_label("J\xC3\xA9r\xC3\xB4me")) == "J_R_ME     ");
}
