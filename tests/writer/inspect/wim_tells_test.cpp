#include "writer/inspect/wim_tells.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace sw::writer;

namespace {

wim::WimImage image(std::uint32_t index, std::string name, std::string edition = "",
                    std::optional<std::int64_t> modified = std::nullopt) {
  wim::WimImage w;
  w.index = index;
  w.name = std::move(name);
  w.edition = std::move(edition);
  w.modified = modified;
  return w;
}

std::size_t count(const std::vector<TamperTell>& v, TellKind k) {
  return static_cast<std::size_t>(
      std::count_if(v.begin(), v.end(), [k](const TamperTell& t) { return t.kind == k; }));
}

constexpr std::int64_t kIsoMade = 1'600'000'000;

}  // namespace

TEST_CASE("wim tells: names of modified builds match whole words only") {
  CHECK(modified_build_word("Windows 10 Pro Lite") == "lite");
  CHECK(modified_build_word("Windows 11 X-Lite") == "lite");
  CHECK(modified_build_word("Win10 Pre-activated") == "pre-activated");
  CHECK(modified_build_word("Windows 10 PreActivated") == "preactivated");
  CHECK(modified_build_word("tiny11 core") == "tiny11");
  CHECK(modified_build_word("Ghost Spectre") == "ghost");
  CHECK(modified_build_word("Windows 7 MODDED by someone") == "modded");
  for (const char* release :
       {"Windows 7 ULTIMATE", "Windows 10 Enterprise LTSC", "Windows 11 Pro N for Workstations",
        "Windows 10 Home Single Language", "Windows Server 2022 Datacenter (Desktop Experience)",
        "Windows 8.1 Pro with Media Center", "Satellite", "Modern Standby"}) {
    CAPTURE(release);
    CHECK_FALSE(modified_build_word(release));
  }
}

TEST_CASE("wim tells: an image modified more than a day after the ISO was made") {
  const std::vector<wim::WimImage> images = {
      image(1, "Windows 10 Pro", "", kIsoMade - 86400),
      image(2, "Windows 10 Home", "", kIsoMade + kWimTimeSlackSeconds),  // within the slack
      image(3, "Windows 10 Education", "", kIsoMade + kWimTimeSlackSeconds + 1)};
  const auto tells = wim_tells(images, "/sources/install.wim", kIsoMade, std::nullopt);
  REQUIRE(tells.size() == 1);
  CHECK(tells[0].kind == TellKind::kWimModifiedAfterIso);
  CHECK(tells[0].detail.find("image 3 'Windows 10 Education'") != std::string::npos);
  CHECK(tells[0].detail.find("2020-09-13") != std::string::npos);  // the ISO's date
  // Without the ISO's date there is nothing to compare with.
  CHECK(wim_tells(images, "/sources/install.wim", std::nullopt, std::nullopt).empty());
}

TEST_CASE("wim tells: duplicate names and an ei.cfg edition no image has") {
  const std::vector<wim::WimImage> images = {image(1, "Windows 10 Pro", "Professional"),
                                             image(2, "Windows 10 Home", "Core"),
                                             image(3, "windows 10 pro", "Professional")};
  auto tells = wim_tells(images, "/sources/install.wim", std::nullopt,
                         EditionList{"/sources/ei.cfg", "Education"});
  CHECK(count(tells, TellKind::kWimDuplicateName) == 1);
  REQUIRE(count(tells, TellKind::kWimEditionMismatch) == 1);
  const auto& m = tells.back();
  CHECK(m.path == "/sources/ei.cfg");
  CHECK(m.detail.find("'Education'") != std::string::npos);
  CHECK(m.detail.find("Professional, Core, Professional") != std::string::npos);
  // An edition the images have, in another case, is no tell; nor is an ei.cfg naming none.
  tells = wim_tells(images, "/w", std::nullopt, EditionList{"/sources/ei.cfg", "core"});
  CHECK(count(tells, TellKind::kWimEditionMismatch) == 0);
  tells = wim_tells(images, "/w", std::nullopt, EditionList{"/sources/ei.cfg", ""});
  CHECK(count(tells, TellKind::kWimEditionMismatch) == 0);
}

TEST_CASE("wim tells: names and descriptions are checked, and shown escaped") {
  auto w = image(1, "Windows 10\x1b[2J Lite");
  auto tells = wim_tells({w}, "/sources/install.esd", std::nullopt, std::nullopt);
  REQUIRE(tells.size() == 1);
  CHECK(tells[0].kind == TellKind::kWimImageName);
  CHECK(tells[0].detail.find('\x1b') == std::string::npos);
  w = image(1, "Windows 10 Pro");
  w.description = "Updated and tweaked";
  tells = wim_tells({w}, "/sources/install.esd", std::nullopt, std::nullopt);
  REQUIRE(tells.size() == 1);
  CHECK(tells[0].detail.find("description") != std::string::npos);
}

TEST_CASE("wim tells: ei.cfg's EditionID") {
  CHECK(ei_cfg_edition("[EditionID]\r\nProfessional\r\n[Channel]\r\nRetail\r\n") == "Professional");
  CHECK(ei_cfg_edition("[Channel]\nRetail\n[EDITIONID]\n  Core \n") == "Core");
  CHECK(ei_cfg_edition("[EditionID]\r\n[Channel]\r\nRetail\r\n").empty());
  CHECK(ei_cfg_edition("").empty());
}
