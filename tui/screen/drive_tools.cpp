#include "tui/screen/drive_tools.h"

#include <fmt/format.h>

#include <algorithm>

#include "tui/screen/app_logic.h"
#include "tui/screen/app_view.h"
#include "tui/screen/frame_lines.h"
#include "tui/screen/words.h"
#include "tui/words.h"
#include "writer/restore/restore_job.h"

namespace sw::tui {
namespace {

/// The same stick as when it was checked: the same device, medium, identity and size. Its
/// partitions may differ (a restore makes new ones; the verdict is about the stick).
bool same_stick(const platform::Drive& a, const platform::Drive& b) {
  return a.name == b.name && a.major == b.major && a.minor == b.minor && a.diskseq == b.diskseq &&
         a.serial == b.serial && a.model == b.model && a.size_bytes == b.size_bytes;
}

/// "sdb (SanDisk Cruzer Blade, 16.00 GB)".
std::string named(const platform::Drive& d) {
  return fmt::format("{} ({})", d.name, drive_title_and_size(d));
}

/// The verdict of a check that finished, in one line.
CheckVerdict verdict_of(const platform::Drive& d, const writer::StickCheck& c) {
  CheckVerdict v{d, {}, !c.bad, c.bad};
  const auto& p = c.probe;
  if (c.bad) {
    v.words = p.verdict == writer::StickVerdict::kCounterfeit
                  ? fmt::format("COUNTERFEIT - holds {} of the {} it announces",
                                format_bytes(p.real_bytes), format_bytes(p.announced_bytes))
                  : fmt::format("FAILING - {} of the places tested lost what was written",
                                p.bad_offsets.size());
    return v;
  }
  v.words = fmt::format("genuine, keeps all of its {}", format_bytes(p.announced_bytes));
  if (c.speed_bytes != 0) {
    v.words += fmt::format("; write {:.1f} MB/s, read {:.1f} MB/s", c.write_mb_s, c.read_mb_s);
  }
  return v;
}

/// The drives of the confirm screen: the chosen one, or the targets.
std::vector<platform::Drive> confirmed_drives(const AppState& s) {
  std::vector<platform::Drive> out;
  if (writing_many(s)) {
    for (const auto& t : s.drives.targets) out.push_back(t.drive);
  } else if (s.drives.chosen) {
    out.push_back(s.drives.chosen->drive);
  }
  return out;
}

}  // namespace

ActionKind ask_check(AppState& s) {
  // The check writes (and puts back): it needs what a write needs, whatever an earlier check
  // found.
  if (const ListedDrive* drive = drive_for(s, ", then press c to check it", why_not_eligible)) {
    s.drives.checking = CheckRun{{drive->drive}, 0, true, false, {}};
  }
  return ActionKind::kNone;
}

ActionKind check_chosen(AppState& s) {
  auto drives = confirmed_drives(s);
  if (drives.empty()) return ActionKind::kNone;
  s.confirm.error.clear();
  s.drives.checking = CheckRun{std::move(drives), 0, false, false, {}};
  return ActionKind::kStartCheck;
}

bool checking(const AppState& s) {
  return s.drives.checking && (s.screen == Screen::kDrive || s.screen == Screen::kConfirm);
}

ActionKind key_checking(AppState& s, int key) {
  auto& c = *s.drives.checking;
  if (c.asking) {
    if (key == 'y' || key == 'Y') {
      c.asking = false;
      return ActionKind::kStartCheck;
    }
    s.drives.checking.reset();  // any other key: not checked
    return ActionKind::kNone;
  }
  const bool stop_key = key == kKeyEsc || key == 'q' || key == 'c' || key == kKeyCtrlC;
  if (!stop_key) return ActionKind::kNone;
  if (c.stopping) return key == kKeyCtrlC ? ActionKind::kQuit : ActionKind::kNone;
  c.stopping = true;
  return ActionKind::kStopCheck;
}

void on_check_progress(AppState& s, std::size_t i, const writer::ProgressEvent& ev) {
  if (!s.drives.checking) return;
  s.drives.checking->current = i;
  s.drives.checking->progress = ev;
}

void on_check_done(AppState& s, std::size_t i, const Result<writer::StickCheck>& r) {
  if (!s.drives.checking || i >= s.drives.checking->queue.size()) return;
  const auto& drive = s.drives.checking->queue[i];
  auto& verdicts = s.drives.verdicts;
  std::erase_if(verdicts, [&](const CheckVerdict& v) { return v.drive.name == drive.name; });
  if (r) {
    verdicts.push_back(verdict_of(drive, *r));
    if (r->bad) s.drives.notice = screen::error_text(*r->bad);
    return;
  }
  if (r.error().kind == ErrorKind::kInterrupted) {
    s.drives.notice = fmt::format(
        "The check of {} was stopped; what it wrote was put back. It found nothing yet.",
        drive.name);
    return;
  }
  verdicts.push_back(CheckVerdict{drive, "the check failed: " + r.error().message, false, {}});
  s.drives.notice =
      fmt::format("The check of {} failed: {}", drive.name, screen::error_text(r.error()));
}

void on_checks_finished(AppState& s) {
  s.drives.checking.reset();
  if (s.screen != Screen::kConfirm) return;
  for (const auto& d : confirmed_drives(s)) {
    const auto* v = verdict_for(s, d);
    if (v == nullptr || !v->bad) continue;
    s.drives.notice = fmt::format("{}. Nothing was written; use another stick.", v->bad->message);
    s.drives.chosen.reset();
    s.drives.targets.clear();
    s.confirm = ConfirmState{};
    s.screen = Screen::kDrive;
    return;
  }
}

const CheckVerdict* verdict_for(const AppState& s, const platform::Drive& d) {
  for (const auto& v : s.drives.verdicts) {
    if (same_stick(v.drive, d)) return &v;
  }
  return nullptr;
}

ActionKind choose_restore(AppState& s) {
  const ListedDrive* drive = drive_for(s, ", then press f to restore it", why_not_writable);
  if (drive == nullptr) return ActionKind::kNone;
  namespace rs = writer::restore;
  rs::RestoreRequest rq;
  rq.label = *rs::fat_label(kRestoreLabel);
  if (auto ok = rs::check_restorable(rq, drive->drive.size_bytes, drive->drive.logical_sector);
      !ok) {
    s.drives.notice =
        fmt::format("{} cannot be restored: {}", drive->drive.name, screen::error_text(ok.error()));
    return ActionKind::kNone;
  }
  choose_one(s, *drive);
  s.confirm.restore = true;
  return ActionKind::kNone;
}

void on_restore_done(AppState& s, writer::JobReport report, std::string summary,
                     std::string log_note) {
  s.result = std::move(report);
  s.restored = std::move(summary);
  s.log_note = std::move(log_note);
  s.write.asking_stop = false;
  s.screen = Screen::kResult;
}

namespace view {

void verdict_line(const AppState& s, const platform::Drive& d, Frame& f, const char* indent) {
  const auto* v = verdict_for(s, d);
  if (v == nullptr) return;
  text(f, clip(fmt::format("{}check: {}", indent, v->words), f.width),
       v->bad ? Style::kBad : (v->good ? Style::kGood : Style::kWarn));
}

void check_panel(const AppState& s, Frame& f) {
  if (!s.drives.checking) return;
  const auto& c = *s.drives.checking;
  const auto& d = c.queue[c.current];
  if (c.asking) {
    wrapped(f,
            fmt::format("Check {}? It writes test blocks at about 50 places and over its first "
                        "64 MiB, then puts back what was there. y checks, any other key does not.",
                        named(d)),
            Style::kWarn, f.width, 3);
    return;
  }
  const std::string which =
      c.queue.size() > 1 ? fmt::format(" ({} of {})", c.current + 1, c.queue.size()) : "";
  text(f,
       clip(fmt::format("Checking {}{}: does it keep what is written everywhere?", named(d), which),
            f.width),
       Style::kBold);
  text(f, fmt::format("{} {:5.1f}%", progress_bar(fraction(c.progress), 60),
                      100.0 * fraction(c.progress)));
  text(f,
       c.stopping ? "Stopping: putting back what the check wrote..."
                  : "Esc stops the check (what it wrote is put back).",
       c.stopping ? Style::kWarn : Style::kDim);
}

void body_restored(const AppState& s, Frame& f) {
  const auto& r = *s.result;
  const std::string path = s.drives.chosen ? s.drives.chosen->drive.path : "the drive";
  if (!r.error) {
    text(f, fmt::format("DONE - {} is a normal stick again.", path), Style::kGood);
    blank(f);
    wrapped(f, s.restored, Style::kNormal, 78, 4);
    blank(f);
    text(f, "All data is flushed. It is safe to remove the drive.", Style::kBold);
    if (!s.log_note.empty()) wrapped(f, s.log_note, Style::kDim, 78, 2);
    return;
  }
  const bool stopped = r.error->kind == ErrorKind::kInterrupted;
  text(f,
       stopped ? "STOPPED - the stick was not restored." : "FAILED - the stick was not restored.",
       Style::kBad);
  blank(f);
  wrapped(f, screen::error_text(*r.error), Style::kNormal, 78, 12);
  if (r.target_opened) {
    blank(f);
    text(f, "Restore it again (f on the drive screen), or try another USB port.");
  }
}

}  // namespace view

}  // namespace sw::tui
