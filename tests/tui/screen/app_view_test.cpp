#include "tui/screen/app_view.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <sstream>
#include <string>
#include <tuple>
#include <vector>

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

namespace {

ListedDrive stick(const std::string& name, const std::string& model, const std::string& serial) {
  ListedDrive ld;
  ld.drive.name = name;
  ld.drive.path = "/dev/" + name;
  ld.drive.size_bytes = 16'000'000'000ull;
  ld.drive.vendor = "SanDisk";
  ld.drive.model = model;
  ld.drive.serial = serial;
  platform::Partition p;
  p.name = name + "1";
  p.size_bytes = 15'000'000'000ull;
  p.fstype = "vfat";
  p.label = "STICK";
  ld.drive.partitions.push_back(p);
  return ld;
}

/// `n` sticks sdb, sdc, ... written at once.
AppState writing(std::size_t n, Screen screen) {
  AppState s;
  s.screen = screen;
  s.image = "/isos/debian.iso";
  s.image_bytes = 3'000'000'000ull;
  for (std::size_t i = 0; i < n; ++i) {
    s.drives.targets.push_back(stick(fmt::format("sd{}", static_cast<char>('b' + i)),
                                     "Cruzer Blade", fmt::format("SER{}", i)));
  }
  s.write.targets.assign(n, TargetProgress{});
  return s;
}

}  // namespace

TEST_CASE("tui view: the drive list marks drives with [x], and says space marks several") {
  AppState s;
  s.screen = Screen::kDrive;
  s.real_drives = false;
  auto refused = stick("sda", "System", "SYS");
  refused.eligibility.verdict = platform::Verdict::kNever;
  refused.eligibility.reasons = {"holds / of the running system"};
  on_drives(s, {stick("sdb", "Cruzer Blade", "S1"), stick("sdc", "Ultra Fit", "S2"), refused});
  s.drives.show_hidden = true;
  s.drives.marked = {"sdc"};
  const auto frame = render(s, 80, 24);
  CHECK(fits(frame));
  const auto text = frame_text(frame);
  CHECK(text.find("space marks several drives") != std::string::npos);
  CHECK(text.find("space mark  c check  f restore") != std::string::npos);
  CHECK(text.find("  sdb      [ ] 16.0 GB") != std::string::npos);
  CHECK(text.find("  sdc      [x] 16.0 GB") != std::string::npos);
  CHECK(text.find("  sda          16.0 GB") != std::string::npos);  // may not be marked
  CHECK(text.find("Marked 1: sdc. Enter writes it; space unmarks.") != std::string::npos);
}

namespace {

/// The lines of a frame's text.
std::vector<std::string> lines_of(const Frame& f) {
  std::vector<std::string> lines;
  std::istringstream in(frame_text(f));
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

/// The line whose cell after the two-character gutter (cursor or indent) is `name`.
std::string row_of(const std::vector<std::string>& lines, const std::string& name,
                   std::size_t indent = 2) {
  for (const auto& l : lines) {
    if (l.size() > indent + name.size() && l.compare(indent, name.size(), name) == 0 &&
        l[indent + name.size()] == ' ') {
      return l;
    }
  }
  FAIL("no row for " << name);
  return {};
}

/// The drives of the issue: the demo's file drive (10 characters), an NVMe disk (7) with its
/// partitions, an SD card (7), a USB stick.
std::vector<ListedDrive> long_named_drives() {
  ListedDrive demo;
  demo.drive.name = "demo-stick";
  demo.drive.path = "/tmp/stickwright-demo-x/demo-stick.drive";
  demo.drive.size_bytes = 64ull << 20;
  demo.drive.vendor = "stickwright";
  demo.drive.model = "virtual drive (a file)";
  demo.drive.transport = platform::Transport::kVirtual;
  ListedDrive nvme = stick("nvme0n1", "SSD 980 PRO 512GB", "S5GX");
  nvme.drive.vendor = "Samsung";
  nvme.drive.size_bytes = 512'000'000'000ull;
  nvme.drive.transport = platform::Transport::kNvme;
  nvme.drive.partitions[0].name = "nvme0n1p1";
  nvme.drive.partitions[0].size_bytes = 536'870'912ull;
  nvme.drive.partitions.push_back(nvme.drive.partitions[0]);
  nvme.drive.partitions[1].name = "nvme0n1p2";
  nvme.drive.partitions[1].size_bytes = 500'000'000'000ull;
  ListedDrive sd = stick("mmcblk0", "SC32G", "0x1234");
  sd.drive.vendor.clear();
  sd.drive.transport = platform::Transport::kMmc;
  ListedDrive usb = stick("sdb", "Cruzer Blade", "S1");
  usb.drive.transport = platform::Transport::kUsb;
  return {demo, nvme, sd, usb};
}

}  // namespace

TEST_CASE("tui view: the drive list's columns stay in line with names longer than eight") {
  AppState s;
  s.screen = Screen::kDrive;
  s.real_drives = false;
  on_drives(s, long_named_drives());
  const auto frame = render(s, 80, 24);
  CHECK(fits(frame));
  const auto lines = lines_of(frame);
  const auto header = row_of(lines, "NAME");
  const auto size_at = header.find("SIZE"), bus_at = header.find("BUS");
  const auto model_at = header.find("MODEL");
  CHECK(size_at == 2 + 10 + 1 + 3 + 1);  // the name column is as wide as "demo-stick"
  for (const auto& [name, size, bus, model] :
       {std::tuple{"demo-stick", "67.1 MB", "virtual", "stickwright virtual drive"},
        std::tuple{"nvme0n1", "512.0 GB", "nvme", "Samsung SSD 980 PRO 512GB"},
        std::tuple{"mmcblk0", "16.0 GB", "mmc", "SC32G"},
        std::tuple{"sdb", "16.0 GB", "usb", "SanDisk Cruzer Blade"}}) {
    CAPTURE(std::string(name));
    const auto row = row_of(lines, name);
    CHECK(row.find(size) == size_at);
    CHECK(row.find(bus, size_at) == bus_at);
    CHECK(row.find(model, bus_at) == model_at);
  }
  // The partition rows line up among themselves: a 9-character name fits their name column.
  const auto p1 = row_of(lines, "nvme0n1p1", 6), p2 = row_of(lines, "nvme0n1p2", 6);
  const auto sdb1 = row_of(lines, "sdb1", 6);
  CHECK(p1.find("536.9 MB") == sdb1.find("15.0 GB"));
  CHECK(p2.find("500.0 GB") == sdb1.find("15.0 GB"));
  CHECK(p1.find("vfat") == sdb1.find("vfat"));
}

TEST_CASE("tui view: a name too long for the list is clipped; the row still fits 80 columns") {
  AppState s;
  s.screen = Screen::kDrive;
  s.real_drives = false;
  auto drives = long_named_drives();
  drives[0].drive.name = "a-virtual-drive-named-at-length";
  drives[0].drive.size_bytes = 2'000'000'000'000ull;  // the widest size: "2000.0 GB (1862.6 GiB)"
  on_drives(s, drives);
  const auto frame = render(s, 80, 24);
  CHECK(fits(frame));
  const auto lines = lines_of(frame);
  const auto header = row_of(lines, "NAME");
  const auto row = row_of(lines, "a-virtual-dri...");  // 16 columns, the widest name column
  CHECK(row.find("2000.0 GB") == header.find("SIZE"));
  CHECK(row_of(lines, "sdb").find("16.0 GB") == header.find("SIZE"));
  CHECK(row.find("stickwright virtual") == header.find("MODEL"));  // the model keeps its room
}

TEST_CASE("tui view: the confirm screen for several drives lists them and asks their number") {
  AppState s = writing(3, Screen::kConfirm);
  auto frame = render(s, 80, 24);
  CHECK(fits(frame));
  auto text = frame_text(frame);
  CHECK(text.find("Everything on these 3 drives will be ERASED") != std::string::npos);
  CHECK(text.find("sdc      16.0 GB (14.9 GiB)     SanDisk Cruzer Blade  serial SER1") !=
        std::string::npos);
  CHECK(text.find("sdd1 vfat \"STICK\"") != std::string::npos);
  CHECK(text.find("Type the number of drives, 3, and Enter") != std::string::npos);
  CHECK(text.find("[4 Confirm]") != std::string::npos);
  // More than fit: as many as fit, then how many more; the question is never cut off.
  for (const auto& [height, shown] : {std::pair{24, 5}, std::pair{25, 6}}) {
    CAPTURE(height);
    s = writing(9, Screen::kConfirm);
    frame = render(s, 80, height);
    CHECK(fits(frame));
    text = frame_text(frame);
    CHECK(text.find(fmt::format("... and {} more drives", 9 - shown)) != std::string::npos);
    CHECK(text.find(fmt::format("serial SER{}", shown - 1)) != std::string::npos);
    CHECK(text.find(fmt::format("serial SER{}", shown)) == std::string::npos);
    CHECK(text.find("Type the number of drives, 9") != std::string::npos);
  }
  s.drives.targets[4].eligibility.looks_like_hard_disk = true;
  s.confirm.hard_disk_step = true;
  text = frame_text(render(s, 80, 24));
  CHECK(text.find("sdf look like hard disks, not USB sticks.") != std::string::npos);
  CHECK(text.find("Type erase and Enter") != std::string::npos);
}

TEST_CASE("tui view: the write screen has the shared hash pass and a row per drive") {
  AppState s = writing(3, Screen::kWrite);
  s.write.progress = writer::ProgressEvent{writer::Phase::kHash, 100, 100, 2e9, {}, 1.0, true};
  s.write.targets[0].started = true;
  s.write.targets[0].progress = writer::ProgressEvent{
      writer::Phase::kWrite, 750'000'000, 3'000'000'000, 31.5e6, {}, 2, false};
  s.write.targets[2].started = true;
  s.write.targets[2].finished = true;
  s.write.targets[2].progress = writer::ProgressEvent{
      writer::Phase::kVerify, 3'000'000'000, 3'000'000'000, 90e6, {}, 9, true};
  const auto frame = render(s, 80, 24);
  CHECK(fits(frame));
  const auto text = frame_text(frame);
  CHECK(text.find("Writing /isos/debian.iso to 3 drives") != std::string::npos);
  CHECK(text.find("Hash check (once for all): [##############################] done") !=
        std::string::npos);
  CHECK(
      text.find("  sdb      SanDisk Cruzer Blade write    25.0% 750.00 MB   31.5 MB/s  running") !=
      std::string::npos);
  CHECK(
      text.find("  sdc      SanDisk Cruzer Blade -         0.0%       0 B    0.0 MB/s  waiting") !=
      std::string::npos);
  CHECK(text.find("verify  100.0%") != std::string::npos);
  CHECK(text.find("read back") != std::string::npos);
  // Many drives: the rows that fit, then how many more; 80 columns always.
  AppState many = writing(20, Screen::kWrite);
  many.write.asking_stop = true;
  const auto crowded = render(many, 80, 24);
  CHECK(fits(crowded));
  const auto crowded_text = frame_text(crowded);
  CHECK(crowded_text.find("more drives") != std::string::npos);
  CHECK(crowded_text.find("Nothing has been written to the drives yet") != std::string::npos);
}

TEST_CASE("tui view: the several-drive screens keep their columns with names longer than eight") {
  AppState s = writing(3, Screen::kWrite);
  s.drives.targets[1].drive.name = "usb-stick-12";  // 12 characters: the name column widens
  s.drives.targets[2].drive.name = "a-drive-named-at-length";  // clipped at kMaxNameColumn
  for (auto& t : s.write.targets) {
    t.started = true;
    t.progress = writer::ProgressEvent{writer::Phase::kWrite, 1, 4, 1e6, {}, 1, false};
  }
  auto frame = render(s, 80, 24);
  CHECK(fits(frame));
  auto lines = lines_of(frame);
  auto header = row_of(lines, "NAME");
  CHECK(header.find("MODEL") == 2 + kMaxNameColumn + 1);
  for (const char* name : {"sdb", "usb-stick-12", "a-drive-named..."}) {
    CAPTURE(std::string(name));
    const auto row = row_of(lines, name);
    CHECK(row.find("SanDisk") == header.find("MODEL"));
    CHECK(row.find("write") == header.find("PHASE"));
    CHECK(row.find("running") == header.find("STATE"));
  }

  s.screen = Screen::kConfirm;
  frame = render(s, 80, 24);
  CHECK(fits(frame));
  lines = lines_of(frame);
  CHECK(row_of(lines, "sdb").find("16.0 GB") == row_of(lines, "usb-stick-12").find("16.0 GB"));
  CHECK(row_of(lines, "sdb").find("16.0 GB") == 2 + kMaxNameColumn + 1);

  s.screen = Screen::kResult;
  writer::MultiReport r;
  r.targets.resize(3);
  for (auto& t : r.targets) t.verified = true;
  s.multi_result = r;
  frame = render(s, 80, 24);
  CHECK(fits(frame));
  lines = lines_of(frame);
  CHECK(row_of(lines, "sdb").find("verified") == row_of(lines, "usb-stick-12").find("verified"));
  CHECK(row_of(lines, "sdb").find("verified") ==
        row_of(lines, "a-drive-named...").find("verified"));
}

TEST_CASE("tui view: the result of several drives: a row each, how many are good, the log") {
  AppState s = writing(3, Screen::kResult);
  writer::MultiReport r;
  r.targets.resize(3);
  for (auto& t : r.targets) {
    t.sha256 = std::string(64, 'e');
    t.verified = true;
  }
  r.targets[1].verified = false;
  r.targets[1].error = Error{ErrorKind::kTargetIo, "writing /dev/sdc: Input/output error", 5};
  s.multi_result = r;
  s.log_note = "Sticks verified today on this machine: 7 (log: /tmp/writes.jsonl)";
  auto frame = render(s, 80, 24);
  CHECK(fits(frame));
  auto text = frame_text(frame);
  CHECK(text.find("2 of 3 sticks good") != std::string::npos);
  CHECK(text.find("  sdb      SanDisk Cruzer Blade       verified") != std::string::npos);
  CHECK(text.find("  sdc      SanDisk Cruzer Blade       FAILED") != std::string::npos);
  CHECK(text.find("writing /dev/sdc: Input/output error") != std::string::npos);
  CHECK(text.find("Sticks verified today on this machine: 7") != std::string::npos);
  CHECK(text.find("the good drives are safe to remove") != std::string::npos);
  CHECK(text.find("try another stick") != std::string::npos);
  // Refused before any drive was opened: said once, with the engine's reason.
  writer::MultiReport refused;
  refused.refusal =
      Error{ErrorKind::kUsage, "a Windows installer's stick is built for one target at a time", 0};
  refused.targets.resize(3);
  s.multi_result = refused;
  text = frame_text(render(s, 80, 24));
  CHECK(text.find("REFUSED - nothing was written to any of the drives.") != std::string::npos);
  CHECK(text.find("built for one target at a time") != std::string::npos);
  CHECK(text.find("sticks good") == std::string::npos);
  // Many drives fit too.
  AppState many = writing(15, Screen::kResult);
  r.targets.assign(15, r.targets[1]);
  many.multi_result = r;
  CHECK(fits(render(many, 80, 24)));
  CHECK(frame_text(render(many, 80, 24)).find("more drives") != std::string::npos);
}
