#include "tui/screen/app_view.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <sstream>

#include "tui/screen/app_logic.h"

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

TEST_CASE("tui view: the hash screen shows the inspector's verdict and how to force raw") {
  AppState s;
  s.screen = Screen::kHash;
  s.image = "/isos/data.iso";
  s.hash.status = HashStatus::kMatch;
  s.check.done = true;
  s.check.summary = {"Kind: ISO that does not boot from USB (data only, or CD-only boot)",
                     "Boots from USB: BIOS no, UEFI x64 no, UEFI ia32 no; CPU needed: unknown"};
  s.check.refusal =
      "/isos/data.iso is an ISO that cannot boot from a USB stick: " + std::string(200, 'x') +
      "\nWritten raw, the stick would not boot.";
  s.check.remedy = Remedy::kWriteRawAnyway;
  const auto frame = render(s, 80, 24);
  CHECK(fits(frame));
  const auto text = frame_text(frame);
  CHECK(text.find("Kind: ISO that does not boot from USB") != std::string::npos);
  CHECK(text.find("BIOS no") != std::string::npos);
  CHECK(text.find("cannot boot from a USB stick") != std::string::npos);
  CHECK(text.find("Press R (capital) to write it raw anyway") != std::string::npos);
  CHECK(text.find("R write raw anyway") != std::string::npos);
  s.check.forced = true;
  const auto forced = frame_text(render(s, 80, 24));
  CHECK(forced.find("Press R") == std::string::npos);
  CHECK(forced.find("You chose to write it raw anyway") != std::string::npos);
}

TEST_CASE("tui view: a data-only ISO: before R, it cannot boot and R writes it; why only after") {
  writer::Inspection r;
  r.image = "/isos/data.iso";
  r.kind = writer::ImageKind::kNonBootableIso;
  r.reasons = {"BIOS: there is no MBR boot code, so a BIOS cannot boot it"};
  AppState s;
  s.screen = Screen::kHash;
  s.image = r.image;
  s.hash.status = HashStatus::kMatch;
  on_image_inspected(s, r);
  const auto before = frame_text(render(s, 80, 24));
  CHECK(before.find("cannot boot from a USB stick") != std::string::npos);
  CHECK(before.find("Press R (capital) to write it raw anyway") != std::string::npos);
  CHECK(before.find("because") == std::string::npos);
  CHECK(before.find("--mode") == std::string::npos);  // the command line's flag, not the TUI's key
  handle_key(s, 'R');
  const auto after = frame_text(render(s, 80, 24));
  CHECK(after.find("You chose to write it raw anyway") != std::string::npos);
  CHECK(after.find("cannot boot from USB raw because you pressed R") != std::string::npos);
  CHECK(after.find("--mode") == std::string::npos);
}

TEST_CASE("tui view: the confirm screen shows the chosen drive's identity and partitions") {
  AppState s;
  s.screen = Screen::kConfirm;
  s.image = "/isos/debian.iso";
  ListedDrive ld;
  auto& d = ld.drive;
  d.name = "sdb";
  d.path = "/dev/sdb";
  d.major = 8;
  d.minor = 16;
  d.diskseq = 101;
  d.size_bytes = 16'000'000'000ull;
  d.vendor = "SanDisk";
  d.model = "Cruzer Blade";
  d.serial = "4C530001";
  for (int i = 1; i <= 12; ++i) {
    platform::Partition p;
    p.name = fmt::format("sdb{}", i);
    p.size_bytes = 1'000'000'000ull;
    p.label = fmt::format("PART{}", i);
    p.fstype = "vfat";
    d.partitions.push_back(p);
  }
  s.drives.chosen = ld;
  // The list may have moved on: the screen shows what was chosen.
  s.drives.drives = {};
  const auto frame = render(s, 80, 24);
  CHECK(fits(frame));
  const auto text = frame_text(frame);
  CHECK(text.find("Everything on /dev/sdb will be ERASED") != std::string::npos);
  CHECK(text.find("SanDisk Cruzer Blade") != std::string::npos);
  CHECK(text.find("serial 4C530001") != std::string::npos);
  CHECK(text.find("16000000000 bytes") != std::string::npos);
  CHECK(text.find("Device  8:16   diskseq 101") != std::string::npos);
  CHECK(text.find("\"PART1\"") != std::string::npos);
  CHECK(text.find("and 5 more partitions") != std::string::npos);
  CHECK(text.find("Type the drive's name, sdb") != std::string::npos);
}

TEST_CASE("tui view: the drive-changed notice shows both its lines above the keys") {
  AppState s;
  s.screen = Screen::kDrive;
  s.drives.notice =
      "The drive changed since you chose it; nothing was written. Choose again.\nsdb: its size "
      "changed from 16000000000 to 8000000000 bytes";
  const auto frame = render(s, 80, 24);
  CHECK(fits(frame));
  const auto text = frame_text(frame);
  CHECK(text.find("The drive changed since you chose it; nothing was written.") !=
        std::string::npos);
  CHECK(text.find("sdb: its size changed from 16000000000 to 8000000000 bytes\n") !=
        std::string::npos);
}

TEST_CASE("tui view: the prepare row shows only when a Windows stick is being prepared") {
  AppState s;
  s.screen = Screen::kWrite;
  s.write.phases[0] = PhaseState::kDone;
  s.write.phases[2] = PhaseState::kRunning;
  auto text = frame_text(render(s, 80, 24));
  CHECK(text.find("Prepare the stick") == std::string::npos);
  CHECK(text.find("[ >> ] Write") != std::string::npos);
  s.write.phases[1] = PhaseState::kRunning;
  s.write.phases[2] = PhaseState::kPending;
  s.write.progress.phase = writer::Phase::kPrepare;
  text = frame_text(render(s, 80, 24));
  CHECK(text.find("[ >> ] Prepare the stick's files") != std::string::npos);
  CHECK(text.find("prepare: [") != std::string::npos);
  CHECK(fits(render(s, 80, 24)));
}

TEST_CASE("tui view: stopping before anything is written says the drive is untouched") {
  AppState s;
  s.screen = Screen::kWrite;
  s.write.asking_stop = true;
  s.write.progress.phase = writer::Phase::kPrepare;
  auto text = frame_text(render(s, 80, 24));
  CHECK(text.find("Nothing has been written") != std::string::npos);
  s.write.progress.phase = writer::Phase::kWrite;
  text = frame_text(render(s, 80, 24));
  CHECK(text.find("will be incomplete") != std::string::npos);
}

TEST_CASE("tui view: the hash screen says an md5 or sha1 match is weak, and only then") {
  AppState s;
  s.screen = Screen::kHash;
  s.hash.status = HashStatus::kMatch;
  s.hash.sha256 = std::string(64, 'c');
  s.hash.expected = writer::ExpectedHash{writer::Algorithm::kMd5, std::string(32, 'a'), "--hash"};
  auto text = frame_text(render(s, 80, 24));
  CHECK(text.find("md5 shows the download is intact, not that nobody changed it; prefer") !=
        std::string::npos);
  CHECK(text.find("SHA256SUMS") != std::string::npos);
  CHECK(text.find("MATCH") != std::string::npos);
  CHECK(fits(render(s, 80, 24)));
  s.hash.expected = writer::ExpectedHash{writer::Algorithm::kSha256, std::string(64, 'a'), "SUMS"};
  text = frame_text(render(s, 80, 24));
  CHECK(text.find("shows the download is intact") == std::string::npos);
}

TEST_CASE("tui view: a match on a compressed image says what it matched, a plain one does not") {
  constexpr auto kSha256 = writer::Algorithm::kSha256;
  const std::string expected(64, 'a'), other(64, 'b');
  writer::ImageDigests d;
  std::string note;
  SUBCASE("the image") { d.hex = {{kSha256, expected}}; }
  SUBCASE("the compressed file as downloaded") {
    d.hex = {{kSha256, other}};
    d.file_hex = {{kSha256, expected}};
    note = "The checksum matched the compressed file as downloaded; it is";
  }
  SUBCASE("the decompressed image") {
    d.hex = {{kSha256, expected}};
    d.file_hex = {{kSha256, other}};
    note = "The checksum matched the decompressed image; it is decompressed as written.";
  }
  AppState s;
  s.screen = Screen::kHash;
  s.hash.expected = writer::ExpectedHash{kSha256, expected, "SHA256SUMS"};
  on_hash_done(s, d);
  REQUIRE(s.hash.status == HashStatus::kMatch);
  const auto frame = render(s, 80, 24);
  CHECK(fits(frame));
  const auto text = frame_text(frame);
  if (note.empty()) {
    CHECK(text.find("The checksum matched") == std::string::npos);
  } else {
    CHECK(text.find(note) != std::string::npos);
  }
}

TEST_CASE("tui view: a doctored-looking Windows ISO shows its verdict and first tells") {
  writer::Inspection r;
  r.image = "/isos/win.iso";
  r.kind = writer::ImageKind::kWindowsInstaller;
  r.windows =
      writer::WindowsInfo{true, "/sources/install.wim", 2u << 30, writer::Arch::kX86_64, true};
  for (int i = 0; i < 5; ++i) {
    r.windows->tamper_tells.push_back({writer::TellKind::kUnexpectedFile,
                                       fmt::format("/tool{}.exe", i),
                                       "an executable (.exe) that a release does not have here"});
  }
  AppState s;
  s.screen = Screen::kHash;
  s.image = r.image;
  s.hash.status = HashStatus::kMatch;
  s.hash.sha256 = std::string(64, 'a');
  on_image_inspected(s, r);
  const auto frame = render(s, 80, 24);
  CHECK(fits(frame));
  const auto text = frame_text(frame);
  CHECK(text.find("Tamper check: doctored-looking: 5 tells") != std::string::npos);
  CHECK(text.find("not in a release: /tool0.exe") != std::string::npos);
  CHECK(text.find("/tool3.exe") == std::string::npos);
  CHECK(text.find("... and 2 more") != std::string::npos);
  CHECK(text.find("Mode: Windows") != std::string::npos);
  // A clean one says that no tells is no proof.
  r.windows->tamper_tells.clear();
  on_image_inspected(s, r);
  const auto clean = frame_text(render(s, 80, 24));
  CHECK(clean.find("no tells found (this does not prove") != std::string::npos);
  CHECK(clean.find("publisher does)") != std::string::npos);
}
