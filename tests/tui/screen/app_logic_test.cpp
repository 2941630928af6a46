#include "tui/screen/app_logic.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace sw;
using namespace sw::tui;

namespace {

ListedDrive drive(const std::string& name, platform::Verdict v, bool hdd = false) {
  ListedDrive d;
  d.drive.name = name;
  d.drive.path = "/dev/" + name;
  d.drive.size_bytes = 16'000'000'000ull;
  d.eligibility.verdict = v;
  d.eligibility.looks_like_hard_disk = hdd;
  if (v != platform::Verdict::kOffered) d.eligibility.reasons = {"holds / of the running system"};
  return d;
}

/// A state on the drive screen with a hashed, matching image and three drives.
/// The hash screen after a hash pass whose SHA-256 is 64 `digit`s.
AppState hashed(char digit, std::optional<writer::ExpectedHash> expected = std::nullopt) {
  AppState s;
  s.screen = Screen::kHash;
  s.hash.expected = std::move(expected);
  writer::ImageDigests d;
  d.hex = {{writer::Algorithm::kSha256, std::string(64, digit)}};
  on_hash_done(s, d);
  return s;
}

AppState at_drives() {
  AppState s;
  s.screen = Screen::kDrive;
  s.image = "/isos/debian.iso";
  s.hash.status = HashStatus::kMatch;
  on_drives(s, {drive("sdb", platform::Verdict::kOffered), drive("sda", platform::Verdict::kNever),
                drive("sdc", platform::Verdict::kOffered, true),
                drive("loop0", platform::Verdict::kNeedsFlag)});
  return s;
}

/// at_drives(), with sdb chosen: on the confirm screen.
AppState at_confirm_sdb() {
  AppState s = at_drives();
  handle_key(s, kKeyDown);
  handle_key(s, kKeyEnter);
  REQUIRE(s.screen == Screen::kConfirm);
  return s;
}

void type(AppState& s, const std::string& text) {
  for (char c : text) handle_key(s, c);
}

}  // namespace

TEST_CASE("tui logic: the browser opens folders and picks an image") {
  AppState s;
  s.browser.dir = "/home/me";
  on_dir_listed(s,
                {{"b.iso", false, 100},
                 {"notes.txt", false, 5},
                 {"isos", true, 0},
                 {".hidden.iso", false, 1}},
                "");
  REQUIRE(s.browser.entries.size() == 3);  // "..", isos/, b.iso
  CHECK(s.browser.entries[0].name == "..");
  CHECK(s.browser.entries[1].name == "isos");
  CHECK(s.browser.entries[2].name == "b.iso");
  CHECK(s.browser.cursor == 2);  // starts on the first image
  handle_key(s, kKeyUp);
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kListDir);
  CHECK(s.browser.dir == "/home/me/isos");
  on_dir_listed(s, {{"win7.ISO", false, 3'000'000'000ull}}, "");
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kPickImage);
  CHECK(s.screen == Screen::kHash);
  CHECK(s.image == "/home/me/isos/win7.ISO");
  CHECK(s.image_bytes == 3'000'000'000ull);
  s.screen = Screen::kImage;
  CHECK(handle_key(s, kKeyBackspace) == ActionKind::kListDir);
  CHECK(s.browser.dir == "/home/me");
}

TEST_CASE("tui logic: a mismatch blocks the way to the drives; a match opens it") {
  AppState s;
  s.screen = Screen::kHash;
  s.hash.expected =
      writer::ExpectedHash{writer::Algorithm::kSha256, std::string(64, 'a'), "SHA256SUMS"};
  s.hash.status = HashStatus::kHashing;
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kNone);
  writer::ImageDigests d;
  d.hex = {{writer::Algorithm::kSha256, std::string(64, 'b')}};
  on_hash_done(s, d);
  CHECK(s.hash.status == HashStatus::kMismatch);
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kNone);
  CHECK(s.screen == Screen::kHash);
  d.hex = {{writer::Algorithm::kSha256, std::string(64, 'a')}};
  on_hash_done(s, d);
  CHECK(s.hash.status == HashStatus::kMatch);
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kRefreshDrives);
  CHECK(s.screen == Screen::kDrive);
  CHECK_FALSE(s.drives.cursor.has_value());
}

TEST_CASE("tui logic: no expected hash must be accepted explicitly, or typed") {
  AppState s = hashed('c');
  CHECK(s.hash.status == HashStatus::kNoExpected);
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kNone);
  handle_key(s, 't');
  CHECK(s.hash.typing);
  type(s, "nothex");
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kNone);
  CHECK_FALSE(s.hash.error.empty());
  for (int i = 0; i < 6; ++i) handle_key(s, kKeyBackspace);
  type(s, "md5:" + std::string(32, 'd'));
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kStartHash);
  REQUIRE(s.hash.expected.has_value());
  CHECK(s.hash.expected->algorithm == writer::Algorithm::kMd5);
  s.hash.status = HashStatus::kNoExpected;
  s.hash.expected.reset();
  handle_key(s, 'u');
  CHECK(s.hash.status == HashStatus::kAcceptedUnverified);
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kRefreshDrives);
}

TEST_CASE("tui logic: S requires a trusted signature; only an authentic image goes on") {
  AppState s = hashed(
      'a', writer::ExpectedHash{writer::Algorithm::kSha256, std::string(64, 'a'), "SHA256SUMS"});
  writer::AuthVerdict v;
  v.authenticity.status = writer::AuthStatus::kUnknownKey;
  on_hash_judged(s, v);
  CHECK(s.hash.judged);
  CHECK(handle_key(s, 'S') == ActionKind::kNone);
  CHECK(s.require_signature);
  CHECK_FALSE(signature_satisfied(s));
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kNone);
  CHECK(s.screen == Screen::kHash);
  v.authenticity.status = writer::AuthStatus::kAuthentic;
  on_hash_judged(s, v);
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kRefreshDrives);
}

TEST_CASE("tui logic: a catalog entry is the expected digest; a failed signature refuses") {
  AppState s = hashed('c');
  CHECK(s.hash.status == HashStatus::kNoExpected);
  writer::AuthVerdict v;
  v.catalog = writer::CatalogMatch{"known.iso",
                                   "known.txt",
                                   writer::Algorithm::kSha256,
                                   std::string(64, 'c'),
                                   writer::HashMatch::kImage,
                                   {}};
  on_hash_judged(s, v);
  CHECK(s.hash.status == HashStatus::kMatch);
  REQUIRE(s.hash.expected);
  CHECK(s.hash.expected->source == "known.txt");
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kRefreshDrives);

  AppState r;
  r.screen = Screen::kHash;
  writer::HashResolution res;
  res.expected =
      writer::ExpectedHash{writer::Algorithm::kSha256, std::string(64, 'a'), "SHA256SUMS"};
  res.authenticity.status = writer::AuthStatus::kBadSignature;
  res.authenticity.reason = "the signature does not match the signed bytes";
  CHECK(on_hash_resolved(r, res) == ActionKind::kNone);
  CHECK(r.hash.status == HashStatus::kRefused);
  CHECK(r.hash.error.find("may have been tampered with") != std::string::npos);
  CHECK(handle_key(r, kKeyEnter) == ActionKind::kNone);
}

TEST_CASE("tui logic: nothing is selected by default and Enter alone chooses nothing") {
  AppState s = at_drives();
  CHECK(selected_drive(s) == nullptr);
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kNone);
  CHECK(s.screen == Screen::kDrive);
  CHECK_FALSE(s.drives.notice.empty());
  handle_key(s, kKeyDown);
  REQUIRE(selected_drive(s) != nullptr);
  CHECK(selected_drive(s)->drive.name == "sdb");
}

TEST_CASE(
    "tui logic: hidden and non-USB drives need a key to appear and never-class stays refused") {
  AppState s = at_drives();
  CHECK(visible_drives(s).size() == 2);  // sdb, sdc
  handle_key(s, 'n');
  CHECK(visible_drives(s).size() == 3);  // + loop0
  handle_key(s, 'h');
  CHECK(visible_drives(s).size() == 4);  // + sda, with its reason
  for (int i = 0; i < 2; ++i) handle_key(s, kKeyDown);
  REQUIRE(selected_drive(s)->drive.name == "sda");
  handle_key(s, kKeyEnter);
  CHECK(s.screen == Screen::kDrive);
  CHECK(s.drives.notice.find("cannot be written") != std::string::npos);
}

TEST_CASE(
    "tui logic: a drive that is not removable, chosen without n, is refused in the UI's words") {
  AppState s = at_drives();
  handle_key(s, 'h');
  const auto visible = visible_drives(s);
  const auto loop = std::find_if(visible.begin(), visible.end(),
                                 [](const ListedDrive* d) { return d->drive.name == "loop0"; });
  REQUIRE(loop != visible.end());
  for (auto i = visible.begin(); i <= loop; ++i) handle_key(s, kKeyDown);
  REQUIRE(selected_drive(s)->drive.name == "loop0");
  handle_key(s, kKeyEnter);
  CHECK(s.screen == Screen::kDrive);
  // The UI's own key, never the command line's flag.
  CHECK(s.drives.notice.find("Press n") != std::string::npos);
  CHECK(s.drives.notice.find("--") == std::string::npos);
}

TEST_CASE("tui logic: writing a real drive needs root; fixtures and files do not") {
  AppState s = at_drives();
  s.is_root = false;
  handle_key(s, kKeyDown);
  handle_key(s, kKeyEnter);
  CHECK(s.screen == Screen::kDrive);
  CHECK(s.drives.notice.find("sudo") != std::string::npos);
  s.real_drives = false;
  handle_key(s, kKeyEnter);
  CHECK(s.screen == Screen::kConfirm);
}

TEST_CASE("tui logic: a refresh keeps the selection by name and drops a pulled drive") {
  AppState s = at_drives();
  handle_key(s, kKeyDown);
  handle_key(s, kKeyDown);
  REQUIRE(selected_drive(s)->drive.name == "sdc");
  on_drives(s,
            {drive("sdz", platform::Verdict::kOffered), drive("sdb", platform::Verdict::kOffered),
             drive("sdc", platform::Verdict::kOffered)});
  REQUIRE(selected_drive(s) != nullptr);
  CHECK(selected_drive(s)->drive.name == "sdc");
  on_drives(s, {drive("sdz", platform::Verdict::kOffered)});
  CHECK(selected_drive(s) == nullptr);  // never moved onto another drive
}

TEST_CASE("tui logic: confirm needs the exact name; a pulled drive sends you back") {
  AppState s = at_confirm_sdb();
  type(s, "sdc");
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kNone);
  CHECK(s.screen == Screen::kConfirm);
  CHECK_FALSE(s.confirm.error.empty());
  type(s, "sdb");
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kStartWrite);
  CHECK(s.screen == Screen::kWrite);
  AppState gone = at_drives();
  handle_key(gone, kKeyDown);
  handle_key(gone, kKeyEnter);
  on_drives(gone, {});
  CHECK(gone.screen == Screen::kDrive);
  CHECK(gone.drives.notice.find("gone") != std::string::npos);
  AppState back = at_drives();
  handle_key(back, kKeyDown);
  handle_key(back, kKeyEnter);
  CHECK(handle_key(back, kKeyEsc) == ActionKind::kRefreshDrives);
  CHECK(back.screen == Screen::kDrive);
}

TEST_CASE("tui logic: the confirm screen holds the drive as chosen, not its name") {
  AppState s = at_confirm_sdb();
  REQUIRE(s.drives.chosen);
  CHECK(s.drives.chosen->drive.name == "sdb");
  CHECK(s.drives.chosen->drive.size_bytes == 16'000'000'000ull);
  // Refreshes that show the same drive (a mount appearing is not another drive) change nothing.
  auto mounted = drive("sdb", platform::Verdict::kOffered);
  mounted.drive.mountpoints = {"/media/me/STICK"};
  on_drives(s, {mounted, drive("sdc", platform::Verdict::kOffered, true)});
  CHECK(s.screen == Screen::kConfirm);
}

TEST_CASE("tui logic: a refresh showing the chosen drive changed sends you back; nothing written") {
  auto swapped = drive("sdb", platform::Verdict::kOffered);
  SUBCASE("another size (a smaller card in the same reader)") {
    swapped.drive.size_bytes = 8'000'000'000ull;
  }
  SUBCASE("another diskseq (its medium changed)") { swapped.drive.diskseq = 7; }
  SUBCASE("other partitions") {
    swapped.drive.partitions.resize(1);
    swapped.drive.partitions[0].name = "sdb1";
  }
  AppState s = at_confirm_sdb();
  type(s, "sd");
  on_drives(s, {swapped, drive("sdc", platform::Verdict::kOffered, true)});
  CHECK(s.screen == Screen::kDrive);
  CHECK(s.drives.notice.find("drive changed since you chose it; nothing was written") !=
        std::string::npos);
  CHECK(s.drives.notice.find("sdb: ") != std::string::npos);  // and how
  CHECK_FALSE(s.drives.chosen);
  CHECK(selected_drive(s) == nullptr);  // it must be chosen again, as it is now
  type(s, "b");
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kNone);  // the rest of the name writes nothing
  CHECK(s.screen == Screen::kDrive);
}

TEST_CASE("tui logic: Enter on the confirm screen checks the listed drive against the snapshot") {
  AppState s = at_confirm_sdb();
  s.drives.drives[0].drive.size_bytes = 32'000'000'000ull;  // listed, not yet seen by on_drives
  type(s, "sdb");
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kRefreshDrives);
  CHECK(s.screen == Screen::kDrive);
  CHECK(s.drives.notice.find("drive changed since you chose it; nothing was written") !=
        std::string::npos);
  CHECK(s.drives.notice.find("its size changed from 16000000000 to 32000000000 bytes") !=
        std::string::npos);
}

TEST_CASE("tui logic: a drive that looks like a hard disk needs a second answer") {
  AppState s = at_drives();
  handle_key(s, kKeyDown);
  handle_key(s, kKeyDown);
  handle_key(s, kKeyEnter);
  type(s, "sdc");
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kNone);
  CHECK(s.confirm.hard_disk_step);
  type(s, "erase");
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kStartWrite);
}

TEST_CASE("tui logic: q or Ctrl-C during the write asks first; n goes on, y stops") {
  AppState s;
  s.screen = Screen::kWrite;
  CHECK(handle_key(s, 'q') == ActionKind::kNone);
  CHECK(s.write.asking_stop);
  handle_key(s, 'n');
  CHECK_FALSE(s.write.asking_stop);
  handle_key(s, kKeyCtrlC);
  CHECK(s.write.asking_stop);
  CHECK(handle_key(s, 'y') == ActionKind::kCancelJob);
  CHECK(s.write.stopping);
  writer::JobReport r;
  r.error = Error{ErrorKind::kInterrupted, "stopped", 0};
  on_write_done(s, r);
  CHECK(s.screen == Screen::kResult);
  CHECK(handle_key(s, 'w') == ActionKind::kRefreshDrives);
  CHECK(s.screen == Screen::kDrive);
}

TEST_CASE("tui logic: write progress marks earlier phases done") {
  AppState s;
  writer::ProgressEvent ev;
  ev.phase = writer::Phase::kVerify;
  on_write_progress(s, ev);
  CHECK(s.write.phases[0] == PhaseState::kDone);
  CHECK(s.write.phases[3] == PhaseState::kDone);
  CHECK(s.write.phases[4] == PhaseState::kRunning);
  CHECK(s.write.phases[1] == PhaseState::kPending);  // no prepare phase ran: it stays hidden
}

TEST_CASE("tui logic: a prepare phase that ran is marked done when writing starts") {
  AppState s;
  writer::ProgressEvent ev;
  ev.phase = writer::Phase::kPrepare;
  on_write_progress(s, ev);
  CHECK(s.write.phases[1] == PhaseState::kRunning);
  ev.phase = writer::Phase::kWrite;
  on_write_progress(s, ev);
  CHECK(s.write.phases[1] == PhaseState::kDone);
  CHECK(s.write.phases[2] == PhaseState::kRunning);
}

TEST_CASE("tui logic: Ctrl-C quits outside the write screen") {
  AppState s;
  s.screen = Screen::kDrive;
  CHECK(handle_key(s, kKeyCtrlC) == ActionKind::kQuit);
}

namespace {

/// A state on the hash screen whose image matched its checksum and was inspected as `r`.
AppState hashed_and_inspected(const writer::Inspection& r) {
  AppState s;
  s.screen = Screen::kHash;
  s.image = r.image;
  s.hash.status = HashStatus::kMatch;
  on_image_inspected(s, r);
  return s;
}

writer::Inspection data_only_iso() {
  writer::Inspection r;
  r.image = "/isos/data.iso";
  r.kind = writer::ImageKind::kNonBootableIso;
  r.reasons = {"BIOS: there is no MBR boot code, so a BIOS cannot boot it"};
  return r;
}

}  // namespace

TEST_CASE("tui logic: an ISO that cannot boot from USB blocks the way until R forces raw") {
  AppState s = hashed_and_inspected(data_only_iso());
  CHECK(s.check.refusal.find("cannot boot from a USB stick") != std::string::npos);
  CHECK(s.check.can_force());
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kNone);
  CHECK(s.screen == Screen::kHash);
  handle_key(s, 'R');
  CHECK(s.check.forced);
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kRefreshDrives);
  CHECK(s.screen == Screen::kDrive);
}

TEST_CASE("tui logic: a truncated image cannot be forced; a bootable one goes straight on") {
  auto truncated = data_only_iso();
  truncated.truncated = "the ISO 9660 volume is 3 MB but the image has only 1 MB";
  AppState s = hashed_and_inspected(truncated);
  CHECK(s.check.refusal.find("truncated") != std::string::npos);
  CHECK_FALSE(s.check.can_force());
  handle_key(s, 'R');
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kNone);
  CHECK(s.screen == Screen::kHash);

  writer::Inspection hybrid;
  hybrid.image = "/isos/debian.iso";
  hybrid.kind = writer::ImageKind::kHybridIso;
  hybrid.boot.bios = true;
  hybrid.boot.cpu = writer::Cpu::kX86_64;
  AppState ok = hashed_and_inspected(hybrid);
  CHECK(ok.check.refusal.empty());
  REQUIRE(ok.check.warnings.size() == 1);
  CHECK(ok.check.warnings[0].find("64-bit") != std::string::npos);
  CHECK(handle_key(ok, kKeyEnter) == ActionKind::kRefreshDrives);
}

TEST_CASE("tui logic: an image that cannot be inspected is a warning, not a block") {
  AppState s;
  s.screen = Screen::kHash;
  s.hash.status = HashStatus::kMatch;
  on_image_inspected(s, fail(ErrorKind::kInput, "x.iso is empty"));
  REQUIRE(s.check.warnings.size() == 1);
  CHECK(s.check.warnings[0].find("x.iso is empty") != std::string::npos);
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kRefreshDrives);
}

TEST_CASE("tui logic: a Windows installer goes on in Windows mode, and says so") {
  writer::Inspection r;
  r.image = "/isos/win7.iso";
  r.kind = writer::ImageKind::kWindowsInstaller;
  r.windows =
      writer::WindowsInfo{true, "/sources/install.wim", 2u << 30, writer::Arch::kI386, false};
  r.boot.cpu = writer::Cpu::kI386;
  AppState s = hashed_and_inspected(r);
  CHECK(s.check.windows_mode);
  CHECK(s.check.refusal.empty());
  REQUIRE(s.check.summary.size() >= 2);
  CHECK(s.check.summary[1].find("Mode: Windows") != std::string::npos);
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kRefreshDrives);

  // Windows mode reads the ISO's files: it needs the ISO uncompressed.
  r.compression = writer::Compression::kXz;
  AppState z = hashed_and_inspected(r);
  CHECK_FALSE(z.check.windows_mode);
  CHECK_FALSE(z.check.refusal.empty());
}

TEST_CASE("tui logic: the hash screen's summary names a compressed image's format") {
  auto r = data_only_iso();
  const auto plain = hashed_and_inspected(r).check.summary;
  CHECK(std::none_of(plain.begin(), plain.end(),
                     [](const std::string& l) { return l.starts_with("Compressed:"); }));
  r.compression = writer::Compression::kZstd;
  const auto summary = hashed_and_inspected(r).check.summary;
  CHECK(std::find(summary.begin(), summary.end(), "Compressed: zstd") != summary.end());
}

TEST_CASE("tui logic: the hash screen's summary words the CPU an image needs") {
  auto r = data_only_iso();
  std::string words;
  SUBCASE("unknown") { words = "CPU needed: unknown"; }
  SUBCASE("i386") {
    r.boot.cpu = writer::Cpu::kI386;
    words = "CPU needed: any x86 PC (32-bit is fine)";
  }
  SUBCASE("x86_64") {
    r.boot.cpu = writer::Cpu::kX86_64;
    words = "CPU needed: a 64-bit (x86_64) PC";
  }
  const auto summary = hashed_and_inspected(r).check.summary;
  REQUIRE(summary.size() >= 2);
  CHECK(summary[1].ends_with(words));
}

namespace {

/// at_drives() with a fourth, offered drive (sdd) and sdb, sdd marked with the space bar.
AppState marked_sdb_sdd() {
  AppState s = at_drives();
  auto drives = s.drives.drives;
  drives.push_back(drive("sdd", platform::Verdict::kOffered));
  on_drives(s, drives);
  handle_key(s, kKeyDown);  // sdb
  CHECK(handle_key(s, ' ') == ActionKind::kNone);
  handle_key(s, kKeyDown);  // sdc
  handle_key(s, kKeyDown);  // sdd
  handle_key(s, ' ');
  REQUIRE(s.drives.marked == std::vector<std::string>{"sdb", "sdd"});
  return s;
}

}  // namespace

TEST_CASE("tui logic: space marks drives that may be written, and only those") {
  AppState s = marked_sdb_sdd();
  CHECK(s.screen == Screen::kDrive);
  // Space again unmarks the drive under the cursor.
  handle_key(s, ' ');
  CHECK(s.drives.marked == std::vector<std::string>{"sdb"});
  handle_key(s, ' ');
  // A refused drive is not marked, and the notice says why, as Enter would.
  handle_key(s, 'h');
  const auto visible = visible_drives(s);
  const auto sda = std::find_if(visible.begin(), visible.end(),
                                [](const ListedDrive* d) { return d->drive.name == "sda"; });
  REQUIRE(sda != visible.end());
  for (auto i = visible.begin(); i <= sda; ++i) handle_key(s, kKeyDown);
  REQUIRE(selected_drive(s)->drive.name == "sda");
  handle_key(s, ' ');
  CHECK(s.drives.marked == std::vector<std::string>{"sdb", "sdd"});
  CHECK(s.drives.notice.find("sda cannot be written: it holds / of the running system") !=
        std::string::npos);
  // Without root, a real drive is not marked either.
  AppState user = at_drives();
  user.is_root = false;
  handle_key(user, kKeyDown);
  handle_key(user, ' ');
  CHECK(user.drives.marked.empty());
  CHECK(user.drives.notice.find("sudo") != std::string::npos);
}

TEST_CASE("tui logic: Enter with marks snapshots them and asks for their number") {
  AppState s = marked_sdb_sdd();
  handle_key(s, kKeyUp);  // the cursor is not what is written: the marks are
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kCheckTargets);
  CHECK(s.screen == Screen::kConfirm);
  CHECK(writing_many(s));
  CHECK_FALSE(s.drives.chosen);
  REQUIRE(s.drives.targets.size() == 2);
  CHECK(s.drives.targets[0].drive.name == "sdb");
  CHECK(s.drives.targets[1].drive.name == "sdd");
  type(s, "2");
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kStartMultiWrite);
  CHECK(s.screen == Screen::kWrite);
  CHECK(s.write.targets.size() == 2);
}

TEST_CASE("tui logic: a wrong number of drives writes nothing and goes back to the list") {
  AppState s = marked_sdb_sdd();
  handle_key(s, kKeyEnter);
  type(s, "3");
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kRefreshDrives);
  CHECK(s.screen == Screen::kDrive);
  CHECK(s.drives.targets.empty());
  CHECK(s.drives.notice.find("'3' is not the number of drives (2); nothing was written") !=
        std::string::npos);
  CHECK(s.drives.marked.size() == 2);  // kept: Enter goes on from them
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kCheckTargets);
  CHECK(handle_key(s, kKeyEsc) == ActionKind::kRefreshDrives);
  CHECK(s.screen == Screen::kDrive);
}

TEST_CASE("tui logic: one mark is the single write of that drive; none keeps Enter as it was") {
  AppState s = marked_sdb_sdd();
  handle_key(s, ' ');  // unmark sdd: sdb is left
  handle_key(s, kKeyUp);
  REQUIRE(selected_drive(s)->drive.name == "sdc");
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kNone);
  CHECK(s.screen == Screen::kConfirm);
  CHECK_FALSE(writing_many(s));
  REQUIRE(s.drives.chosen);
  CHECK(s.drives.chosen->drive.name == "sdb");
  type(s, "sdb");
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kStartWrite);
}

TEST_CASE("tui logic: a marked drive that looks like a hard disk needs 'erase' too") {
  AppState s = at_drives();
  handle_key(s, kKeyDown);
  handle_key(s, ' ');
  handle_key(s, kKeyDown);  // sdc, a hard disk
  handle_key(s, ' ');
  handle_key(s, kKeyEnter);
  type(s, "2");
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kNone);
  CHECK(s.confirm.hard_disk_step);
  type(s, "yes");
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kNone);
  CHECK(s.confirm.error.find("'erase'") != std::string::npos);
  type(s, "erase");
  CHECK(handle_key(s, kKeyEnter) == ActionKind::kStartMultiWrite);
}

TEST_CASE("tui logic: a marked drive that changes or goes is dropped; nothing is written") {
  AppState s = marked_sdb_sdd();
  handle_key(s, kKeyEnter);
  auto drives = s.drives.drives;
  drives.back().drive.size_bytes = 8'000'000'000ull;  // sdd: a smaller card in the reader
  on_drives(s, drives);
  CHECK(s.screen == Screen::kDrive);
  CHECK(s.drives.targets.empty());
  CHECK(s.drives.notice.find("nothing was written") != std::string::npos);
  CHECK(s.drives.notice.find("sdd: its size changed") != std::string::npos);
  CHECK(s.drives.marked == std::vector<std::string>{"sdb"});
  drives.erase(drives.begin());  // sdb pulled
  on_drives(s, drives);
  CHECK(s.drives.marked.empty());
}

TEST_CASE("tui logic: targets the engine refuses together go back to the list with why") {
  AppState s = marked_sdb_sdd();
  handle_key(s, kKeyEnter);
  // writer::preflight_all's refusal of a Windows installer for several drives.
  on_targets_refused(s,
                     Error{ErrorKind::kUsage,
                           "several targets at once are written from one image as it is (raw "
                           "mode); a Windows installer's stick is built for one target at a time",
                           0});
  CHECK(s.screen == Screen::kDrive);
  CHECK(s.drives.targets.empty());
  CHECK(s.drives.notice.find("a Windows installer's stick is built for one target at a time.") !=
        std::string::npos);
  CHECK(s.drives.notice.find("Press space to unmark a drive") != std::string::npos);
  CHECK(s.drives.notice.find("--") == std::string::npos);
}

TEST_CASE("tui logic: each target's progress goes to its row; the result clears the marks") {
  AppState s = marked_sdb_sdd();
  handle_key(s, kKeyEnter);
  type(s, "2");
  handle_key(s, kKeyEnter);
  writer::ProgressEvent ev;
  ev.phase = writer::Phase::kVerify;
  ev.bytes = 5;
  ev.total = 10;
  on_target_progress(s, 1, ev);
  on_target_progress(s, 7, ev);  // no such row: ignored
  CHECK_FALSE(s.write.targets[0].started);
  CHECK(s.write.targets[1].started);
  CHECK_FALSE(s.write.targets[1].finished);
  ev.done = true;
  on_target_progress(s, 1, ev);
  CHECK(s.write.targets[1].finished);
  writer::MultiReport r;
  r.targets.resize(2);
  r.targets[0].error = Error{ErrorKind::kTargetIo, "write /dev/sdb: Input/output error", 5};
  on_multi_write_done(s, r, "Sticks verified today on this machine: 1");
  CHECK(s.screen == Screen::kResult);
  CHECK(s.drives.marked.empty());
  REQUIRE(s.multi_result);
  CHECK(s.multi_result->targets.size() == 2);
  CHECK(handle_key(s, 'w') == ActionKind::kRefreshDrives);
  CHECK(s.drives.targets.empty());
  CHECK_FALSE(writing_many(s));
}
