#include "writer/inspect/tamper_tells.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "support/image_builder.h"
#include "support/iso_builder.h"
#include "writer/inspect/inspect.h"

using namespace sw::writer;
using namespace sw::test;

namespace {

Bytes text(std::string_view s) {
  const auto* p = reinterpret_cast<const std::byte*>(s.data());
  return {p, p + s.size()};
}

/// A WIM of header and XML only (no images' data: the inspector reads no more).
Bytes wim_with_xml(std::string_view xml) {
  Bytes w(208);
  const std::string_view magic("MSWIM\0\0\0", 8);
  for (std::size_t i = 0; i < 8; ++i) w[i] = static_cast<std::byte>(magic[i]);
  w[13] = std::byte{0x0d};
  w[14] = std::byte{0x01};
  const std::uint64_t size = 2 + 2 * xml.size();
  for (int i = 0; i < 7; ++i) w[72 + i] = static_cast<std::byte>(size >> (8 * i));
  w[80] = std::byte{208};
  w.push_back(std::byte{0xff});
  w.push_back(std::byte{0xfe});
  for (char c : xml) {
    w.push_back(static_cast<std::byte>(c));
    w.push_back(std::byte{0});
  }
  return w;
}

/// A Windows installer look-alike in ISO 9660 + Joliet (no UDF): bootmgr, sources/setup.exe and
/// sources/install.wim, plus `extra` files.
Bytes windows_iso(const std::vector<std::pair<std::string, Bytes>>& extra,
                  std::string_view wim_xml =
                      "<WIM><IMAGE INDEX=\"1\"><NAME>Windows 10 Pro</NAME>"
                      "</IMAGE></WIM>") {
  IsoBuilder b("CCCOMA_X64FRE_EN-US_DV9");
  b.joliet()
      .file("bootmgr", Bytes(4096, std::byte{0x90}))
      .file("setup.exe", make_pe(0x8664, 2048))
      .file("sources/setup.exe", make_pe(0x8664, 2048))
      .file("sources/install.wim", wim_with_xml(wim_xml));
  for (const auto& [path, data] : extra) b.file(path, data);
  Bytes img = b.build();
  // The primary volume descriptor's creation date (ECMA-119 §8.4.26): 2020-01-01 00:00 UTC.
  const std::string_view date = "2020010100000000";
  for (std::size_t i = 0; i < date.size(); ++i) {
    img[16 * 2048 + 813 + i] = static_cast<std::byte>(date[i]);
  }
  img[16 * 2048 + 813 + 16] = std::byte{0};
  return img;
}

const WindowsInfo& windows_of(const Inspection& r) {
  REQUIRE(r.windows);
  return *r.windows;
}

std::size_t count(const std::vector<TamperTell>& v, TellKind k) {
  return static_cast<std::size_t>(
      std::count_if(v.begin(), v.end(), [k](const TamperTell& t) { return t.kind == k; }));
}

}  // namespace

TEST_CASE("tamper tells: a clean look-alike has none, and its images are read") {
  const auto r = inspect_bytes(MemoryImageBytes(windows_iso({})));
  REQUIRE(r.iso);
  CHECK(r.iso->created == 1577836800);
  const auto& w = windows_of(r);
  CHECK(w.tamper_tells.empty());
  CHECK(w.tamper_notes.empty());
  REQUIRE(w.wim_images.size() == 1);
  CHECK(w.wim_images[0].name == "Windows 10 Pro");
}

TEST_CASE("tamper tells: each tell of a doctored ISO 9660 tree") {
  const auto r = inspect_bytes(MemoryImageBytes(windows_iso(
      {{"autounattend.xml",
        text("<unattend><settings pass=\"oobeSystem\"><FirstLogonCommands><SynchronousCommand>"
             "<CommandLine>cmd /c evil</CommandLine></SynchronousCommand></FirstLogonCommands>"
             "<EnableLUA>false</EnableLUA></settings></unattend>")},
       {"sources/$OEM$/$$/Setup/Scripts/SetupComplete.cmd", text("@echo off")},
       {"kms.cmd", text("@echo off")},
       {"sources/ei.cfg", text("[EditionID]\r\nCore\r\n")},
       {"sources/pid.txt", text("[PID]\r\nValue=XXXXX\r\n")}},
      "<WIM><IMAGE INDEX=\"1\"><NAME>Windows 10 Pro Lite</NAME><WINDOWS><EDITIONID>Professional"
      "</EDITIONID></WINDOWS><LASTMODIFICATIONTIME><HIGHPART>0x01DB0000</HIGHPART><LOWPART>0"
      "</LOWPART></LASTMODIFICATIONTIME></IMAGE></WIM>")));
  const auto& w = windows_of(r);
  const auto& t = w.tamper_tells;
  CHECK(count(t, TellKind::kUnattend) == 1);
  CHECK(count(t, TellKind::kUnattendCommand) == 1);
  CHECK(count(t, TellKind::kUnattendDisables) == 1);
  CHECK(count(t, TellKind::kOemFolder) == 1);
  CHECK(count(t, TellKind::kUnexpectedFile) == 1);
  CHECK(count(t, TellKind::kWimImageName) == 1);
  CHECK(count(t, TellKind::kWimModifiedAfterIso) == 1);
  CHECK(count(t, TellKind::kWimEditionMismatch) == 1);
  const auto oem = std::find_if(t.begin(), t.end(),
                                [](const TamperTell& x) { return x.kind == TellKind::kOemFolder; });
  REQUIRE(oem != t.end());
  CHECK(oem->detail.find("runs as SYSTEM") != std::string::npos);
  // ei.cfg and pid.txt are notes, never tells.
  CHECK(count(w.tamper_notes, TellKind::kEditionSelector) == 2);
}

TEST_CASE("tamper tells: an unreadable answer file and WIM metadata") {
  const auto r = inspect_bytes(MemoryImageBytes(
      windows_iso({{"sources/unattend.xml", text("<unattend><oops>")}}, "<WIM><IMAGE>")));
  const auto& w = windows_of(r);
  REQUIRE(w.tamper_tells.size() == 1);
  CHECK(w.tamper_tells[0].kind == TellKind::kUnattend);
  CHECK(w.tamper_tells[0].detail.find("could not be read") != std::string::npos);
  REQUIRE(w.tamper_notes.size() == 1);
  CHECK(w.tamper_notes[0].kind == TellKind::kWimUnread);
  CHECK(w.wim_images.empty());
}

TEST_CASE("tamper tells: many $OEM$ files are listed up to a limit, then counted") {
  std::vector<std::pair<std::string, Bytes>> files;
  for (std::size_t i = 0; i < kMaxOemTells + 5; ++i) {
    files.push_back({"sources/$OEM$/$1/f" + std::to_string(i) + ".txt", text("x")});
  }
  const auto r = inspect_bytes(MemoryImageBytes(windows_iso(files)));
  const auto& w = windows_of(r);
  REQUIRE(w.tamper_tells.size() == kMaxOemTells + 1);
  CHECK(w.tamper_tells.back().detail.find("and 5 more file(s)") != std::string::npos);
}

TEST_CASE("tamper tells: every kind has its JSON id and words") {
  CHECK(tell_kind_id(TellKind::kUnattend) == "unattend");
  CHECK(tell_kind_id(TellKind::kWimModifiedAfterIso) == "wim_modified_after_iso");
  CHECK(tell_kind_id(TellKind::kWimUnread) == "wim_unread");
  for (int k = 0; k <= static_cast<int>(TellKind::kWimUnread); ++k) {
    CHECK_FALSE(tell_kind_text(static_cast<TellKind>(k)).empty());
    CHECK_FALSE(tell_kind_id(static_cast<TellKind>(k)).empty());
  }
}
