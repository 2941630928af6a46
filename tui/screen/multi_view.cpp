#include "tui/screen/multi_view.h"

#include <fmt/format.h>

#include <algorithm>

#include "tui/drive_view.h"
#include "tui/screen/app_logic.h"
#include "tui/screen/app_view.h"
#include "tui/screen/frame_lines.h"
#include "tui/screen/words.h"
#include "tui/words.h"

namespace sw::tui::view {
namespace {

/// Rows of the frame below the body: the notice row and the keys (the notice is a drive-screen
/// row, one line on these screens).
constexpr int kBelowBodyRows = 2;

/// The rows left for a list on this screen, keeping `after` rows for what follows it.
int rows_left(const Frame& f, int after) {
  return f.height - kBelowBodyRows - static_cast<int>(f.lines.size()) - after;
}

/// "sdb1 vfat "STICK", sdb2 swap (mounted)" or "(no partitions)".
std::string partitions_words(const platform::Drive& d) {
  std::string out;
  if (!d.fstype.empty()) out = fmt::format("whole disk {} \"{}\"", d.fstype, d.label);
  for (const auto& p : d.partitions) {
    out += fmt::format(
        "{}{} {}{}{}", out.empty() ? "" : ", ", p.name, p.fstype.empty() ? "-" : p.fstype,
        p.label.empty() ? "" : " \"" + p.label + "\"", p.mountpoints.empty() ? "" : " (mounted)");
  }
  return out.empty() ? "(no partitions)" : out;
}

/// The model column of a row: vendor and model, `width` wide.
std::string model_cell(const std::vector<ListedDrive>& targets, std::size_t i, std::size_t width) {
  return cell(i < targets.size() ? drive_title(targets[i].drive) : std::string(), width);
}

/// The name column's width on these screens, as on the drive list (name_column). The model
/// column gives up what a name takes past kMinNameColumn, so that a row keeps to 80 columns.
std::size_t name_width(const std::vector<ListedDrive>& targets) {
  std::size_t longest = 0;
  for (const auto& t : targets) longest = std::max(longest, t.drive.name.size());
  return name_column(longest);
}

/// The model column's width, `base` with names of kMinNameColumn characters.
std::size_t model_width(std::size_t base, std::size_t name_width) {
  return base - (name_width - kMinNameColumn);
}

/// The name column of a row, `width` wide.
std::string name_cell(const std::vector<ListedDrive>& targets, std::size_t i, std::size_t width) {
  return cell(i < targets.size() ? targets[i].drive.name : fmt::format("#{}", i + 1), width);
}

/// What a target's row says it is doing.
std::string target_state(const AppState& s, const TargetProgress& t) {
  if (t.finished) return "read back";
  if (s.write.stopping) return "stopping";
  return t.started ? "running" : "waiting";
}

/// "verified", "written, not read back", or the failure's first words.
std::pair<std::string, Style> outcome(const writer::JobReport& r) {
  if (!r.error) {
    return {r.verified ? "verified" : "written, not read back", Style::kGood};
  }
  return {r.error->kind == ErrorKind::kInterrupted ? "STOPPED - incomplete" : "FAILED",
          Style::kBad};
}

/// The result of a write refused (or stopped) before any drive was opened.
void refused_result(const Error& e, Frame& f) {
  text(f,
       e.kind == ErrorKind::kInterrupted ? "STOPPED - nothing was written to any of the drives."
                                         : "REFUSED - nothing was written to any of the drives.",
       Style::kBad);
  blank(f);
  wrapped(f, screen::error_text(e), Style::kNormal, 78, 8);
}

}  // namespace

std::string mark_box(const AppState& s, const ListedDrive& d) {
  const auto& m = s.drives.marked;
  if (std::find(m.begin(), m.end(), d.drive.name) != m.end()) return "[x]";
  return why_not_imaged(s, d).empty() ? "[ ]" : "   ";
}

void marked_line(const AppState& s, Frame& f) {
  const auto& m = s.drives.marked;
  if (m.empty()) return;
  std::string names;
  for (const auto& n : m) names += (names.empty() ? "" : ", ") + n;
  text(f,
       clip(fmt::format("Marked {}: {}. Enter writes {}; space unmarks.", m.size(), names,
                        m.size() == 1 ? "it" : "all of them"),
            78),
       Style::kBold);
}

void body_confirm_many(const AppState& s, Frame& f) {
  const auto& targets = s.drives.targets;
  text(f, fmt::format("Everything on these {} drives will be ERASED:", targets.size()),
       Style::kBad);
  // After the list: a blank, the image, a blank, two question lines, the input, the error.
  const int fit = std::max(1, (rows_left(f, 7) - 1) / 2);
  const std::size_t shown = std::min(targets.size(), static_cast<std::size_t>(fit));
  const std::size_t name_w = name_width(targets);
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& d = targets[i].drive;
    text(f, clip(fmt::format("  {} {:<22} {}  serial {}", name_cell(targets, i, name_w),
                             format_size_both(d.size_bytes), drive_title(d),
                             d.serial.empty() ? "(none)" : d.serial),
                 78));
    text(f, clip(std::string(3 + name_w, ' ') + partitions_words(d), 78), Style::kDim);
  }
  if (shown < targets.size()) {
    text(f, fmt::format("  ... and {} more drives", targets.size() - shown), Style::kBold);
  }
  blank(f);
  text(f, fmt::format("Image: {} ({})", clip(s.image, 60), format_bytes(s.image_bytes)));
  blank(f);
  if (s.confirm.hard_disk_step) {
    std::string names;
    for (const auto& t : targets) {
      if (t.eligibility.looks_like_hard_disk) names += (names.empty() ? "" : ", ") + t.drive.name;
    }
    text(f, clip(fmt::format("{} look like hard disks, not USB sticks.", names), 78), Style::kWarn);
    text(f, "Type erase and Enter to erase them anyway (Esc goes back):", Style::kBold);
  } else {
    text(f,
         fmt::format("Type the number of drives, {}, and Enter to write all of them",
                     targets.size()),
         Style::kBold);
    text(f, "(a wrong number writes nothing; Esc goes back):", Style::kBold);
  }
  text(f, "> " + s.confirm.typed, Style::kBold);
  f.cursor_row = static_cast<int>(f.lines.size()) - 1;
  f.cursor_col = 2 + static_cast<int>(s.confirm.typed.size());
  if (!s.confirm.error.empty()) text(f, s.confirm.error, Style::kBad);
}

void body_write_many(const AppState& s, Frame& f) {
  const auto& w = s.write;
  const auto& targets = s.drives.targets;
  text(f, fmt::format("Writing {} to {} drives", clip(s.image, 50), w.targets.size()),
       Style::kBold);
  blank(f);
  const bool hashing = w.progress.phase == writer::Phase::kHash && !w.progress.done;
  text(f,
       fmt::format("Hash check (once for all): {} {}", progress_bar(fraction(w.progress), 32),
                   hashing ? "running" : "done"),
       hashing ? Style::kBold : Style::kGood);
  text(f, "  " + clip(bytes_line(w.progress), 76), Style::kDim);
  blank(f);
  const std::size_t name_w = name_width(targets);
  const std::size_t model_w = model_width(20, name_w);
  text(f,
       fmt::format("  {} {} {:<7} {:>6} {:>9} {:>11}  {}", cell("NAME", name_w),
                   cell("MODEL", model_w), "PHASE", "DONE", "BYTES", "SPEED", "STATE"),
       Style::kDim);
  // After the rows: a blank and the stop question.
  const int fit = std::max(1, rows_left(f, 2));
  const std::size_t n = w.targets.size();
  const std::size_t shown = n > static_cast<std::size_t>(fit) ? fit - 1 : n;
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& t = w.targets[i];
    const auto& ev = t.progress;
    text(f,
         fmt::format("  {} {} {:<7} {:>5.1f}% {:>9} {:>6.1f} MB/s  {}",
                     name_cell(targets, i, name_w), model_cell(targets, i, model_w),
                     t.started ? writer::phase_name(ev.phase) : "-", 100.0 * fraction(ev),
                     format_bytes(ev.bytes), ev.bytes_per_second / 1e6, target_state(s, t)),
         t.finished ? Style::kGood : Style::kNormal);
  }
  if (shown < n) text(f, fmt::format("  ... and {} more drives", n - shown), Style::kDim);
  blank(f);
  if (w.asking_stop) {
    text(f,
         hashing ? "Stop? Nothing has been written to the drives yet.  y = stop, n = go on"
                 : "Stop writing? The drives will be incomplete.  y = stop, n = go on",
         Style::kWarn);
  } else if (w.stopping) {
    text(f, "Stopping at the next block...", Style::kWarn);
  }
}

void body_result_many(const AppState& s, Frame& f) {
  if (!s.multi_result) return;
  const auto& m = *s.multi_result;
  if (m.refusal) return refused_result(*m.refusal, f);
  const auto good = static_cast<std::size_t>(std::count_if(
      m.targets.begin(), m.targets.end(), [](const writer::JobReport& r) { return !r.error; }));
  text(f, fmt::format("{} of {} sticks good", good, m.targets.size()),
       good == m.targets.size() ? Style::kGood : Style::kBad);
  if (!m.targets.empty() && !m.targets.front().sha256.empty()) {
    text(f, clip("Image sha256 " + m.targets.front().sha256, 78), Style::kDim);
  }
  blank(f);
  const auto& targets = s.drives.targets;
  const std::size_t name_w = name_width(targets);
  const std::size_t model_w = model_width(26, name_w);
  for (std::size_t i = 0; i < m.targets.size(); ++i) {
    // Each row may need two: keep room for the lines after the list, and "and N more".
    if (rows_left(f, 5) < 2 && i + 1 < m.targets.size()) {
      text(f, fmt::format("  ... and {} more drives", m.targets.size() - i), Style::kDim);
      break;
    }
    const auto& r = m.targets[i];
    const auto [word, style] = outcome(r);
    text(f,
         fmt::format("  {} {} {}", name_cell(targets, i, name_w), model_cell(targets, i, model_w),
                     word),
         style);
    if (r.error) text(f, "      " + clip(screen::error_text(*r.error), 72), Style::kBad);
  }
  blank(f);
  if (good > 0) text(f, "All data is flushed; the good drives are safe to remove.", Style::kBold);
  const bool failed = std::any_of(m.targets.begin(), m.targets.end(), [](const auto& r) {
    return r.error && r.error->kind != ErrorKind::kInterrupted;
  });
  if (failed) text(f, "For a failed stick: try another stick or another USB port.");
  if (!s.log_note.empty()) wrapped(f, s.log_note, Style::kDim, 78, 2);
}

}  // namespace sw::tui::view
