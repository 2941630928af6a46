#include "tui/app_view.h"

#include <doctest/doctest.h>

#include <sstream>

using namespace sw;
using namespace sw::tui;

namespace {

bool fits(const Frame& f) {
  if (static_cast<int>(f.lines.size()) != f.height) return false;
  std::istringstream in(frame_text(f));
  for (std::string line; std::getline(in, line);) {
    if (static_cast<int>(line.size()) > f.width) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("tui view: below 80x24 it says so instead of drawing") {
  AppState s;
  const auto text = frame_text(render(s, 60, 20));
  CHECK(text.find("Terminal too small: 60x20") != std::string::npos);
  CHECK(text.find("80x24") != std::string::npos);
}

TEST_CASE("tui view: every screen fits 80x24 exactly") {
  AppState s;
  s.image = "/a/very/long/path/to/some/image/directory/that/goes/on/debian-12.5.0-i386-netinst.iso";
  s.hash.sha256 = std::string(64, 'a');
  for (auto screen : {Screen::kImage, Screen::kHash, Screen::kDrive, Screen::kConfirm,
                      Screen::kWrite, Screen::kResult}) {
    s.screen = screen;
    CAPTURE(static_cast<int>(screen));
    CHECK(fits(render(s, 80, 24)));
    CHECK(fits(render(s, 132, 43)));
  }
}

TEST_CASE("tui view: a mismatch shows MISMATCH and both digests, in words not only colour") {
  AppState s;
  s.screen = Screen::kHash;
  s.hash.expected =
      writer::ExpectedHash{writer::Algorithm::kSha256, std::string(64, 'a'), "SHA256SUMS"};
  s.hash.status = HashStatus::kMismatch;
  s.hash.actual_expected_alg = std::string(64, 'b');
  const auto text = frame_text(render(s, 80, 24));
  CHECK(text.find("MISMATCH") != std::string::npos);
  CHECK(text.find(std::string(64, 'a')) != std::string::npos);
  CHECK(text.find(std::string(64, 'b')) != std::string::npos);
  CHECK(text.find("blocked") != std::string::npos);
}

TEST_CASE("tui view: no drive means 'Insert a USB drive'") {
  AppState s;
  s.screen = Screen::kDrive;
  CHECK(frame_text(render(s, 80, 24)).find("Insert a USB drive") != std::string::npos);
}

TEST_CASE("tui view: the current step is bracketed in the header") {
  AppState s;
  s.screen = Screen::kConfirm;
  const auto text = frame_text(render(s, 80, 24));
  CHECK(text.find("[4 Confirm]") != std::string::npos);
}

TEST_CASE("tui view: progress bars") {
  CHECK(progress_bar(0.0, 12) == "[..........]");
  CHECK(progress_bar(0.5, 12) == "[#####.....]");
  CHECK(progress_bar(1.0, 12) == "[##########]");
  CHECK(progress_bar(7.0, 12) == "[##########]");
}
