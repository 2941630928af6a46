// The drive screen's tools: c checks a stick and keeps its verdict beside it; f restores it.
#include "tui/screen/drive_tools.h"

#include <doctest/doctest.h>

#include "tui/screen/app_logic.h"
#include "tui/screen/app_view.h"

using namespace sw;
using namespace sw::tui;

namespace {

ListedDrive stick(const std::string& name, const std::string& serial,
                  std::uint64_t size = 16'000'000'000ull) {
  ListedDrive d;
  d.drive.name = name;
  d.drive.path = "/dev/" + name;
  d.drive.vendor = "SanDisk";
  d.drive.model = "Cruzer Blade";
  d.drive.serial = serial;
  d.drive.size_bytes = size;
  d.drive.diskseq = 7;
  d.eligibility.verdict = platform::Verdict::kOffered;
  return d;
}

/// The drive screen after a matching hash, with sdb and sdc, the cursor on sdb.
AppState at_drives() {
  AppState s;
  s.screen = Screen::kDrive;
  s.image = "/isos/debian.iso";
  s.hash.status = HashStatus::kMatch;
  s.real_drives = false;
  on_drives(s, {stick("sdb", "S1"), stick("sdc", "S2")});
  handle_key(s, kKeyDown);
  return s;
}

/// What check_stick gives for a stick of 16 GB: genuine, or holding `real` bytes.
writer::StickCheck found(std::uint64_t real = 16'000'000'000ull) {
  writer::StickCheck c;
  c.probe.announced_bytes = 16'000'000'000ull;
  c.probe.real_bytes = real;
  c.write_mb_s = 12.5;
  c.read_mb_s = 31.0;
  c.speed_bytes = 64ull << 20;
  if (real < c.probe.announced_bytes) {
    c.probe.verdict = writer::StickVerdict::kCounterfeit;
    c.probe.fake = writer::FakeKind::kWraps;
    c.probe.first_bad_offset = real;
  }
  c.bad = writer::bad_stick_error("/dev/sdb", c.probe);
  return c;
}

/// c, y, and the check of drive 0 ends with `r`.
void check_sdb(AppState& s, const Result<writer::StickCheck>& r) {
  REQUIRE(handle_key(s, 'c') == ActionKind::kNone);
  REQUIRE(s.drives.checking);
  REQUIRE(handle_key(s, 'y') == ActionKind::kStartCheck);
  on_check_done(s, 0, r);
  on_checks_finished(s);
}

std::string screen_text(const AppState& s) { return frame_text(render(s, 80, 25)); }

void type(AppState& s, const std::string& text) {
  for (char c : text) handle_key(s, c);
}

}  // namespace

TEST_CASE("drive tools: c asks first; any other key than y checks nothing") {
  AppState s = at_drives();
  CHECK(handle_key(s, 'c') == ActionKind::kNone);
  REQUIRE(s.drives.checking);
  CHECK(s.drives.checking->asking);
  CHECK(s.drives.checking->queue.front().name == "sdb");
  const auto asking = screen_text(s);
  CHECK(asking.find("Check sdb (SanDisk Cruzer Blade") != std::string::npos);
  CHECK(asking.find("puts back what was there") != std::string::npos);
  CHECK(asking.find("y check it") != std::string::npos);  // the footer
  CHECK(handle_key(s, 'n') == ActionKind::kNone);
  CHECK_FALSE(s.drives.checking);
  CHECK(s.screen == Screen::kDrive);
  // Nothing under the cursor: nothing to check.
  s.drives.cursor.reset();
  CHECK(handle_key(s, 'c') == ActionKind::kNone);
  CHECK_FALSE(s.drives.checking);
  CHECK(s.drives.notice.find("arrow keys") != std::string::npos);
}

TEST_CASE("drive tools: a genuine stick's verdict shows beside it, with its speeds") {
  AppState s = at_drives();
  REQUIRE(handle_key(s, 'c') == ActionKind::kNone);
  REQUIRE(handle_key(s, 'y') == ActionKind::kStartCheck);
  writer::ProgressEvent ev;
  ev.phase = writer::Phase::kCheck;
  ev.bytes = 30;
  ev.total = 120;
  on_check_progress(s, 0, ev);
  const auto running = screen_text(s);
  CHECK(running.find("Checking sdb") != std::string::npos);
  CHECK(running.find(" 25.0%") != std::string::npos);
  CHECK(running.find("Esc stops the check") != std::string::npos);
  // Keys other than the stop keys do nothing while it runs: no write can start.
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kNone);
  CHECK(s.screen == Screen::kDrive);
  on_check_done(s, 0, found());
  on_checks_finished(s);
  CHECK_FALSE(s.drives.checking);
  const auto text = screen_text(s);
  INFO(text);
  CHECK(text.find("check: genuine, keeps all of its 16.00 GB; write 12.5 MB/s, read 31.0 MB/s") !=
        std::string::npos);
  CHECK(why_not_writable(s, s.drives.drives[0]).empty());
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kNone);
  CHECK(s.screen == Screen::kConfirm);  // a genuine stick may be written
}

TEST_CASE("drive tools: a counterfeit stick may not be written, marked or restored") {
  AppState s = at_drives();
  check_sdb(s, found(8'000'000'000ull));
  const auto text = screen_text(s);
  INFO(text);
  CHECK(text.find("check: COUNTERFEIT - holds 8.00 GB of the 16.00 GB it announces") !=
        std::string::npos);
  CHECK(s.drives.notice.find("is counterfeit") != std::string::npos);
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kNone);
  CHECK(s.screen == Screen::kDrive);
  CHECK(s.drives.notice.find("sdb cannot be written") != std::string::npos);
  CHECK(handle_key(s, ' ') == ActionKind::kNone);
  CHECK(s.drives.marked.empty());
  CHECK(handle_key(s, 'f') == ActionKind::kNone);
  CHECK(s.screen == Screen::kDrive);
  // It may be checked again.
  CHECK(handle_key(s, 'c') == ActionKind::kNone);
  CHECK(s.drives.checking);
}

TEST_CASE("drive tools: a verdict belongs to the stick, not to its name") {
  AppState s = at_drives();
  check_sdb(s, found(8'000'000'000ull));
  CHECK(verdict_for(s, s.drives.drives[0].drive) != nullptr);
  // Another stick plugged in under the same name: no verdict, and it may be written.
  on_drives(s, {stick("sdb", "OTHER"), stick("sdc", "S2")});
  CHECK(verdict_for(s, s.drives.drives[0].drive) == nullptr);
  CHECK(why_not_writable(s, s.drives.drives[0]).empty());
  CHECK(screen_text(s).find("COUNTERFEIT") == std::string::npos);
}

TEST_CASE("drive tools: Esc stops a check; it leaves no verdict, and a failed check says why") {
  AppState s = at_drives();
  REQUIRE(handle_key(s, 'c') == ActionKind::kNone);
  REQUIRE(handle_key(s, 'y') == ActionKind::kStartCheck);
  CHECK(handle_key(s, kKeyEsc) == ActionKind::kStopCheck);
  CHECK(s.drives.checking->stopping);
  CHECK(screen_text(s).find("putting back what the check wrote") != std::string::npos);
  CHECK(handle_key(s, kKeyEsc) == ActionKind::kNone);
  CHECK(handle_key(s, kKeyCtrlC) == ActionKind::kQuit);  // a second Ctrl-C quits
  on_check_done(s, 0, fail(ErrorKind::kInterrupted, "the check was stopped"));
  on_checks_finished(s);
  CHECK(s.drives.verdicts.empty());
  CHECK(s.drives.notice.find("was stopped") != std::string::npos);

  REQUIRE(handle_key(s, 'c') == ActionKind::kNone);
  REQUIRE(handle_key(s, 'y') == ActionKind::kStartCheck);
  on_check_done(s, 0, fail(ErrorKind::kTargetIo, "writing /dev/sdb at byte 4096: EIO"));
  on_checks_finished(s);
  CHECK(screen_text(s).find("check: the check failed: writing /dev/sdb") != std::string::npos);
}

TEST_CASE("drive tools: c on the confirm screen checks the chosen stick; a fake goes back") {
  AppState s = at_drives();
  REQUIRE(handle_key(s, kKeyEnter) == ActionKind::kNone);
  REQUIRE(s.screen == Screen::kConfirm);
  CHECK(screen_text(s).find("c check first") != std::string::npos);
  CHECK(handle_key(s, 'c') == ActionKind::kStartCheck);
  REQUIRE(s.drives.checking);
  CHECK_FALSE(s.drives.checking->asking);  // choosing the drive was the question
  on_check_done(s, 0, found());
  on_checks_finished(s);
  CHECK(s.screen == Screen::kConfirm);  // genuine: the confirmation goes on
  CHECK(screen_text(s).find("  check: genuine") != std::string::npos);

  CHECK(handle_key(s, 'c') == ActionKind::kStartCheck);
  on_check_done(s, 0, found(4'000'000'000ull));
  on_checks_finished(s);
  CHECK(s.screen == Screen::kDrive);
  CHECK_FALSE(s.drives.chosen);
  CHECK(s.drives.notice.find("Nothing was written; use another stick.") != std::string::npos);
}

TEST_CASE("drive tools: c is typed when the name to confirm begins with it") {
  AppState s = at_drives();
  on_drives(s, {stick("cardstick", "S9")});
  s.drives.cursor = 0;
  REQUIRE(handle_key(s, kKeyEnter) == ActionKind::kNone);
  REQUIRE(s.screen == Screen::kConfirm);
  CHECK(handle_key(s, 'c') == ActionKind::kNone);
  CHECK(s.confirm.typed == "c");
  CHECK_FALSE(s.drives.checking);
}

TEST_CASE("drive tools: f restores a stick after its name is typed; the result says what it is") {
  AppState s = at_drives();
  CHECK(handle_key(s, 'f') == ActionKind::kNone);
  REQUIRE(s.screen == Screen::kConfirm);
  CHECK(s.confirm.restore);
  const auto confirm = screen_text(s);
  CHECK(confirm.find("Everything on /dev/sdb will be ERASED") != std::string::npos);
  CHECK(confirm.find("one FAT32 partition labelled STICK") != std::string::npos);
  CHECK(confirm.find("Enter to restore it") != std::string::npos);
  CHECK(confirm.find("Image:") == std::string::npos);
  type(s, "sdb");
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kStartRestore);
  CHECK(s.screen == Screen::kWrite);
  const auto writing = screen_text(s);
  CHECK(writing.find("Restoring /dev/sdb to a normal stick") != std::string::npos);
  CHECK(writing.find("Check the image's hash") == std::string::npos);
  CHECK(handle_key(s, 'q') == ActionKind::kNone);
  CHECK(screen_text(s).find("left partly erased") != std::string::npos);
  CHECK(handle_key(s, 'n') == ActionKind::kNone);

  writer::JobReport ok_report;
  ok_report.mode = writer::WriteMode::kRestore;
  ok_report.verified = true;
  on_restore_done(s, ok_report, "One FAT32 partition labelled STICK of 16.0 GB from 1 MiB", "");
  CHECK(s.screen == Screen::kResult);
  const auto done = screen_text(s);
  CHECK(done.find("DONE - /dev/sdb is a normal stick again.") != std::string::npos);
  CHECK(done.find("One FAT32 partition labelled STICK") != std::string::npos);

  writer::JobReport failed = ok_report;
  failed.error = Error{ErrorKind::kTargetIo, "writing /dev/sdb at byte 0: EIO"};
  failed.target_opened = true;
  on_restore_done(s, failed, "", "");
  const auto failed_text = screen_text(s);
  CHECK(failed_text.find("FAILED - the stick was not restored.") != std::string::npos);
  CHECK(failed_text.find("EIO") != std::string::npos);
}

TEST_CASE("drive tools: f refuses a drive a FAT32 stick cannot be made of, before asking") {
  AppState s = at_drives();
  on_drives(s, {stick("sdb", "S1", 3'000'000'000'000ull)});  // over 2 TiB: past an MBR's end
  s.drives.cursor = 0;
  CHECK(handle_key(s, 'f') == ActionKind::kNone);
  CHECK(s.screen == Screen::kDrive);
  CHECK(s.drives.notice.find("sdb cannot be restored") != std::string::npos);
}

TEST_CASE("drive tools: d on the image screen checks and restores sticks with no image") {
  AppState s;
  s.screen = Screen::kImage;
  s.real_drives = false;
  s.browser.dir = "/isos";
  s.browser.entries = {FileEntry{"debian.iso", false, 1000}};
  CHECK(frame_text(render(s, 80, 24)).find("d check/restore a stick") != std::string::npos);
  REQUIRE(handle_key(s, 'd') == ActionKind::kRefreshDrives);
  CHECK(s.screen == Screen::kDrive);
  CHECK(s.sticks_only);
  on_drives(s, {stick("sdb", "S1"), stick("sdc", "S2")});
  handle_key(s, kKeyDown);
  auto text = screen_text(s);
  CHECK(text.find("[Sticks: check, restore]") != std::string::npos);
  CHECK(text.find("c checks it, f makes it a normal stick again") != std::string::npos);
  CHECK(text.find("Esc choose an image") != std::string::npos);
  CHECK(text.find("t station") == std::string::npos);
  CHECK(text.find("[ ]") == std::string::npos);  // nothing to mark: several drives take an image
  const auto at_80x24 = frame_text(render(s, 80, 24));
  for (std::size_t at = 0, nl; (nl = at_80x24.find('\n', at)) != std::string::npos; at = nl + 1) {
    CHECK(nl - at <= 80);
  }

  // Enter, space and t write an image: refused with the way on, and nothing chosen or marked.
  for (const int key : {int{kKeyEnter}, int{' '}, int{'t'}}) {
    CAPTURE(key);
    s.drives.notice.clear();
    CHECK(handle_key(s, key) == ActionKind::kNone);
    CHECK(s.screen == Screen::kDrive);
    CHECK(s.drives.notice.find("No image was chosen") != std::string::npos);
    CHECK_FALSE(s.drives.chosen);
    CHECK(s.drives.marked.empty());
  }
  CHECK(s.drives.notice.find("Esc goes back to choose an image") != std::string::npos);
  CHECK(screen_text(s).find("No image was chosen") != std::string::npos);

  // c checks the stick under the cursor as with an image.
  check_sdb(s, found());
  CHECK(screen_text(s).find("check: genuine") != std::string::npos);

  // f restores it: the confirm screen, the write screen, the result, and back to the sticks.
  REQUIRE(handle_key(s, 'f') == ActionKind::kNone);
  REQUIRE(s.screen == Screen::kConfirm);
  CHECK(screen_text(s).find("It becomes a normal stick") != std::string::npos);
  type(s, "sdb");
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kStartRestore);
  CHECK(s.screen == Screen::kWrite);
  CHECK(screen_text(s).find("Restoring /dev/sdb to a normal stick") != std::string::npos);
  writer::JobReport restored;
  restored.mode = writer::WriteMode::kRestore;
  on_restore_done(s, restored, "One FAT32 partition labelled STICK.", "");
  text = screen_text(s);
  CHECK(text.find("DONE - /dev/sdb is a normal stick again.") != std::string::npos);
  CHECK(text.find("Enter back to the sticks") != std::string::npos);
  CHECK(text.find("with this image") == std::string::npos);
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kRefreshDrives);
  CHECK(s.screen == Screen::kDrive);

  // Esc goes back to the image screen; an image picked there brings the write back.
  CHECK(handle_key(s, kKeyEsc) == ActionKind::kListDir);
  CHECK(s.screen == Screen::kImage);
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kPickImage);
  CHECK(s.image == "/isos/debian.iso");
  CHECK_FALSE(s.sticks_only);
  CHECK(frame_text(render(s, 80, 24)).find("[2 Hash]") != std::string::npos);
}

TEST_CASE("drive tools: d after an image was picked forgets it") {
  AppState s = at_drives();
  handle_key(s, kKeyEsc);  // back to the hash screen
  handle_key(s, kKeyEsc);  // and to the image screen
  REQUIRE(s.screen == Screen::kImage);
  REQUIRE(handle_key(s, 'd') == ActionKind::kRefreshDrives);
  CHECK(s.image.empty());
  CHECK(s.hash.status != HashStatus::kMatch);
  CHECK(frame_text(render(s, 80, 24)).find("[Sticks: check, restore]") != std::string::npos);
}
