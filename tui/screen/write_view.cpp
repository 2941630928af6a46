#include "tui/screen/write_view.h"

#include <fmt/format.h>

#include "tui/screen/app_view.h"
#include "tui/screen/auth_rows.h"
#include "tui/screen/drive_tools.h"
#include "tui/screen/frame_lines.h"
#include "tui/screen/multi_view.h"
#include "tui/screen/words.h"
#include "tui/words.h"

namespace sw::tui::view {

void body_write(const AppState& s, Frame& f) {
  static const char* kNames[] = {"Check the image's hash",
                                 "Prepare the stick's files (split install.wim, UEFI loader)",
                                 "Write", "Flush to the drive", "Read back and verify"};
  if (writing_many(s)) return body_write_many(s, f);
  const auto& w = s.write;
  const bool restore = s.confirm.restore;
  const std::string path =
      s.drives.chosen ? s.drives.chosen->drive.path : std::string("(no drive)");
  if (restore) {
    text(f,
         fmt::format("Restoring {} to a normal stick: one FAT32 partition labelled {}", path,
                     kRestoreLabel),
         Style::kBold);
  } else {
    text(f, fmt::format("Writing {} to {}", clip(s.image, 50), path), Style::kBold);
  }
  blank(f);
  for (int i = 0; i < 5; ++i) {
    // Only a Windows stick whose ISO needs it is prepared; the row shows once it starts. A
    // restore has no image to hash.
    const bool hidden =
        (i == static_cast<int>(writer::Phase::kPrepare) && w.phases[i] == PhaseState::kPending) ||
        (restore && i < static_cast<int>(writer::Phase::kWrite));
    if (hidden) continue;
    const auto st = w.phases[i];
    const char* mark = st == PhaseState::kDone      ? "[done]"
                       : st == PhaseState::kRunning ? "[ >> ]"
                                                    : "[    ]";
    const bool restore_write = restore && i == static_cast<int>(writer::Phase::kWrite);
    text(f,
         fmt::format(
             "  {} {}", mark,
             restore_write ? "Wipe every signature, write the MBR and the file system" : kNames[i]),
         st == PhaseState::kDone      ? Style::kGood
         : st == PhaseState::kRunning ? Style::kBold
                                      : Style::kDim);
  }
  blank(f);
  text(f, fmt::format("{}: {}", writer::phase_name(w.progress.phase),
                      progress_bar(fraction(w.progress), 60)));
  text(f, bytes_line(w.progress));
  blank(f);
  const bool nothing_written =
      w.progress.phase == writer::Phase::kHash || w.progress.phase == writer::Phase::kPrepare;
  if (w.asking_stop && restore) {
    text(f, "Stop? The stick will be left partly erased; restore it again.  y = stop, n = go on",
         Style::kWarn);
  } else if (w.asking_stop && nothing_written) {
    text(f, "Stop? Nothing has been written to the drive yet.  y = stop, n = go on", Style::kWarn);
  } else if (w.asking_stop) {
    text(f, "Stop writing? The drive will be incomplete and will not boot.  y = stop, n = go on",
         Style::kWarn);
  } else if (w.stopping) {
    text(f, "Stopping at the next block...", Style::kWarn);
  }
}

void body_result(const AppState& s, Frame& f) {
  if (s.multi_result) return body_result_many(s, f);
  if (!s.result) return;
  if (s.result->mode == writer::WriteMode::kRestore) return body_restored(s, f);
  const auto& r = *s.result;
  if (!r.error) {
    text(f, r.verified ? "SUCCESS - written and verified." : "WRITTEN - not verified.",
         Style::kGood);
    blank(f);
    text(f, fmt::format("The drive holds exactly the image: sha256 {}",
                        r.sha256.substr(0, 16) + "..."));
    text(f, "  " + r.sha256, Style::kDim);
    for (const auto& row : screen::result_auth_rows(r)) wrapped(f, row.text, row.style, 78, 2);
    const double secs =
        r.hash_seconds + r.prepare_seconds + r.write_seconds + r.sync_seconds + r.verify_seconds;
    text(f,
         fmt::format(
             "Time {}   average write speed {:.1f} MB/s   verified with {}", format_duration(secs),
             r.write_seconds + r.sync_seconds > 0
                 ? static_cast<double>(r.bytes_written) / (r.write_seconds + r.sync_seconds) / 1e6
                 : 0.0,
             r.verify_method.empty() ? "-" : r.verify_method));
    blank(f);
    text(f, "All data is flushed. It is safe to remove the drive.", Style::kBold);
    if (!s.log_note.empty()) wrapped(f, s.log_note, Style::kDim, 78, 2);
    for (const auto& n : r.notes) text(f, "note: " + clip(n, 72), Style::kDim);
    return;
  }
  const bool stopped = r.error->kind == ErrorKind::kInterrupted;
  text(f, stopped ? "STOPPED - the drive is incomplete." : "FAILED", Style::kBad);
  blank(f);
  // The message may be long: wrap it at the frame width.
  wrapped(f, screen::error_text(*r.error), Style::kNormal, 78, 12);
  if (r.first_difference)
    text(f, fmt::format("First difference at byte {}.", *r.first_difference), Style::kBad);
  blank(f);
  if (!stopped)
    text(f, "What to try: another stick, another USB port, or download the image again.");
}

}  // namespace sw::tui::view
