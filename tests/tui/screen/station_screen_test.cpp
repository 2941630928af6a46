#include "tui/screen/station_screen.h"

#include <doctest/doctest.h>

#include "tui/screen/app_logic.h"
#include "tui/screen/app_view.h"

using namespace sw;
using namespace sw::tui;

namespace {

/// The drive screen, an image chosen and hashed.
AppState on_drive_screen() {
  AppState s;
  s.screen = Screen::kDrive;
  s.image = "/srv/win7.iso";
  return s;
}

void type(AppState& s, const std::string& text) {
  for (char c : text) handle_key(s, c);
}

StationNews news(StationNews::Kind kind, const std::string& name) {
  StationNews n;
  n.kind = kind;
  n.name = name;
  n.title = "SanDisk Cruzer Blade, 16.00 GB";
  return n;
}

/// A station watching, with sdm being written.
AppState watching_with_stick() {
  AppState s = on_drive_screen();
  handle_key(s, 't');
  type(s, kStationWord);
  handle_key(s, kKeyEnter);
  on_station_hashed(s, std::nullopt);
  on_station_news(s, news(StationNews::Kind::kStarted, "sdm"));
  return s;
}

std::string screen_text(const AppState& s) { return frame_text(render(s, 80, 24)); }

}  // namespace

TEST_CASE("station screen: t opens the rules; only the word starts it; Esc goes back") {
  AppState s = on_drive_screen();
  CHECK(handle_key(s, 't') == ActionKind::kNone);
  REQUIRE(s.screen == Screen::kStation);
  CHECK(screen_text(s).find("Drives plugged in now are never written") != std::string::npos);
  type(s, "yes");
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kNone);
  CHECK(s.station.phase == StationPhase::kConfirm);
  CHECK(s.station.error.find("Type station") != std::string::npos);
  type(s, kStationWord);
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kStartStation);
  CHECK(s.station.phase == StationPhase::kHashing);

  AppState back = on_drive_screen();
  handle_key(back, 't');
  CHECK(handle_key(back, kKeyEsc) == ActionKind::kRefreshDrives);
  CHECK(back.screen == Screen::kDrive);
}

TEST_CASE("station screen: a refused image starts no station and says why") {
  AppState s = on_drive_screen();
  handle_key(s, 't');
  type(s, kStationWord);
  handle_key(s, kKeyEnter);
  on_station_hashed(s, std::string("the image's sha256 differs from the expected one"));
  CHECK(s.station.phase == StationPhase::kFailed);
  CHECK(screen_text(s).find("Nothing was written:") != std::string::npos);
  CHECK(screen_text(s).find("differs from the expected") != std::string::npos);
  CHECK(handle_key(s, 'q') == ActionKind::kQuit);
}

TEST_CASE("station screen: q with a stick being written asks: finish it, or stop it") {
  AppState s = watching_with_stick();
  CHECK(handle_key(s, 'q') == ActionKind::kNone);
  CHECK(s.station.asking_stop);
  CHECK(screen_text(s).find("f = let them finish") != std::string::npos);
  CHECK(handle_key(s, 'x') == ActionKind::kNone);  // keep watching
  CHECK_FALSE(s.station.asking_stop);
  CHECK(s.station.phase == StationPhase::kWatching);
  handle_key(s, 'q');
  CHECK(handle_key(s, 'f') == ActionKind::kStopStation);
  CHECK(s.station.phase == StationPhase::kStopping);
  // While stopping, s still stops the stick being written.
  CHECK(handle_key(s, 's') == ActionKind::kStopStationSticks);

  AppState now = watching_with_stick();
  handle_key(now, kKeyCtrlC);  // Ctrl-C asks too: it never quits with a stick half written
  CHECK(now.station.asking_stop);
  CHECK(handle_key(now, 's') == ActionKind::kStopStationSticks);
}

TEST_CASE("station screen: q with nothing being written stops at once") {
  AppState s = watching_with_stick();
  auto done = news(StationNews::Kind::kFinished, "sdm");
  on_station_news(s, done);
  CHECK(handle_key(s, 'q') == ActionKind::kStopStation);
  on_station_stopped(s, false);
  CHECK(s.station.phase == StationPhase::kStopped);
  CHECK(handle_key(s, kKeyEsc) == ActionKind::kRefreshDrives);
  CHECK(s.screen == Screen::kDrive);
}

TEST_CASE("station screen: rows follow the sticks: progress, verified, failed, pulled out") {
  AppState s = watching_with_stick();
  on_station_news(s, news(StationNews::Kind::kPresent, "sdb"));
  auto p = news(StationNews::Kind::kProgress, "sdm");
  p.progress.phase = writer::Phase::kWrite;
  p.progress.bytes = 50;
  p.progress.total = 100;
  on_station_news(s, p);
  auto text = screen_text(s);
  CHECK(text.find("Present before the station started (not written): sdb") != std::string::npos);
  CHECK(text.find("sdm      SanDisk Cruzer Blade, 16.00 GB write   50.0%") != std::string::npos);

  on_station_news(s, news(StationNews::Kind::kFinished, "sdm"));
  auto failed = news(StationNews::Kind::kStarted, "sdo");
  on_station_news(s, failed);
  auto end = news(StationNews::Kind::kFinished, "sdo");
  end.error = Error{ErrorKind::kVerifyFailed, "verification failed at byte 4096"};
  on_station_news(s, end);
  auto refused = news(StationNews::Kind::kRefused, "sdn");
  refused.reason = "is not a USB drive or SD card (sata)";
  on_station_news(s, refused);
  text = screen_text(s);
  CHECK(s.station.verified == 1);
  CHECK(s.station.failed == 1);
  CHECK(s.station.worst_exit == 5);
  CHECK(text.find("Sticks: 1 verified, 1 failed, 0 being written") != std::string::npos);
  CHECK(text.find("VERIFIED - remove it") != std::string::npos);
  CHECK(text.find("FAILED:") != std::string::npos);
  CHECK(text.find("    verification failed at byte 4096") != std::string::npos);
  CHECK(text.find("    is not a USB drive or SD card (sata)") != std::string::npos);
  for (std::size_t at = 0, nl; (nl = text.find('\n', at)) != std::string::npos; at = nl + 1) {
    CHECK(nl - at <= 80);
  }

  on_station_news(s, news(StationNews::Kind::kRemoved, "sdm"));
  on_station_news(s, news(StationNews::Kind::kRemoved, "sdb"));
  text = screen_text(s);
  CHECK(text.find("sdm ") == std::string::npos);
  CHECK(text.find("Present before") == std::string::npos);
  // Plugged in again: a new row, written again.
  on_station_news(s, news(StationNews::Kind::kStarted, "sdm"));
  CHECK(s.station.writing() == 1);
}

TEST_CASE("station screen: a name longer than eight widens the name column for every row") {
  AppState s = watching_with_stick();
  on_station_news(s, news(StationNews::Kind::kStarted, "mmcblk10"));
  on_station_news(s, news(StationNews::Kind::kStarted, "usb-stick-12"));
  for (const char* name : {"sdm", "mmcblk10", "usb-stick-12"}) {
    auto p = news(StationNews::Kind::kProgress, name);
    p.progress.phase = writer::Phase::kWrite;
    p.progress.bytes = 50;
    p.progress.total = 100;
    on_station_news(s, p);
  }
  const auto text = screen_text(s);
  // Each row: the name in a 12-wide column, then the title and the phase as before.
  CHECK(text.find("sdm          SanDisk Cruzer Blade, 16.00 GB write   50.0%") !=
        std::string::npos);
  CHECK(text.find("mmcblk10     SanDisk Cruzer Blade, 16.00 GB write   50.0%") !=
        std::string::npos);
  CHECK(text.find("usb-stick-12 SanDisk Cruzer Blade, 16.00 GB write   50.0%") !=
        std::string::npos);
}

TEST_CASE("station screen: a stick pulled out mid-write keeps its row until its failure is in") {
  AppState s = watching_with_stick();
  on_station_news(s, news(StationNews::Kind::kRemoved, "sdm"));
  REQUIRE(s.station.rows.size() == 1);
  auto end = news(StationNews::Kind::kFinished, "sdm");
  end.error = Error{ErrorKind::kTargetIo, "cannot write at byte 1048576: No such device"};
  on_station_news(s, end);
  CHECK(s.station.failed == 1);
  CHECK(s.station.worst_exit == 4);
  CHECK(s.station.writing() == 0);
  CHECK(s.station.rows.empty());  // it is gone: no row waits for it to be pulled out
}
