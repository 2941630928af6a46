#include "tui/screen/app_view.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "tui/screen/auth_rows.h"
#include "tui/screen/drive_tools.h"
#include "tui/screen/frame_lines.h"
#include "tui/screen/multi_view.h"
#include "tui/screen/station_screen.h"
#include "tui/screen/words.h"
#include "tui/screen/write_view.h"
#include "tui/words.h"

namespace sw::tui {
namespace {

using namespace view;

constexpr int kHeaderRows = 2;
constexpr int kFooterRows = 2;  // the notice row and the keys
constexpr int kNoticeRows = 3;

Line header(const AppState& s) {
  static const char* kSteps[] = {"Image", "Hash", "Drive", "Confirm", "Write", "Done"};
  Line l{Span{" stickwright ", Style::kTitle}, Span{" ", Style::kNormal}};
  if (s.screen == Screen::kStation) {
    l.push_back(Span{"[Station mode]", Style::kReverse});
    return l;
  }
  if (s.sticks_only && s.screen != Screen::kImage) {
    l.push_back(Span{"[Sticks: check, restore]", Style::kReverse});
    l.push_back(Span{"  no image chosen", Style::kDim});
    return l;
  }
  const int current = static_cast<int>(s.screen);
  for (int i = 0; i < 6; ++i) {
    const std::string label = fmt::format("{} {}", i + 1, kSteps[i]);
    if (i == current) {
      l.push_back(Span{"[" + label + "]", Style::kReverse});
    } else {
      l.push_back(Span{" " + label + " ", i < current ? Style::kNormal : Style::kDim});
    }
    if (i < 5) l.push_back(Span{">", Style::kDim});
  }
  return l;
}

void body_image(const AppState& s, Frame& f, int rows) {
  const auto& b = s.browser;
  text(f, "Choose the image to write (.iso, .img). Enter opens a folder or picks the image.");
  text(f, "Folder: " + clip(b.dir, f.width - 8), Style::kBold);
  if (!b.error.empty()) text(f, b.error, Style::kBad);
  if (b.entries.empty()) text(f, "  (no images or folders here)", Style::kDim);
  const int list_rows = rows - static_cast<int>(f.lines.size()) + kHeaderRows;
  const int first = std::max(0, static_cast<int>(b.cursor) - list_rows + 1);
  for (int i = first; i < static_cast<int>(b.entries.size()) && i < first + list_rows; ++i) {
    const auto& e = b.entries[static_cast<std::size_t>(i)];
    const bool sel = static_cast<std::size_t>(i) == b.cursor;
    const std::string name = e.is_dir ? e.name + "/" : e.name;
    const std::string size = e.is_dir ? "" : format_bytes(e.size_bytes);
    const std::string row = fmt::format("{} {:<60} {:>12}", sel ? ">" : " ", clip(name, 60), size);
    text(f, row, sel ? Style::kReverse : (e.is_dir ? Style::kBold : Style::kNormal));
  }
}

/// Adds `m` wrapped at `width` columns (at spaces where it can), at most `max_lines` lines.
/// The inspector's verdict under the hash status.
void image_check(const AppState& s, Frame& f) {
  const auto& c = s.check;
  if (!c.done) return;
  blank(f);
  for (std::size_t i = 0; i < c.summary.size() && i < 4; ++i) {
    text(f, clip(c.summary[i], 78), i == 0 ? Style::kBold : Style::kNormal);
  }
  // The tamper verdict, and the first tells: evidence to weigh, not a refusal.
  const bool doctored =
      c.inspection && c.inspection->windows && !c.inspection->windows->tamper_tells.empty();
  for (std::size_t i = 0; i < c.tells.size(); ++i) {
    if (i == 0) {
      wrapped(f, c.tells[i], doctored ? Style::kWarn : Style::kDim, 78, 2);
    } else {
      text(f, clip(c.tells[i], 78));
    }
  }
  for (const auto& w : c.warnings) wrapped(f, "Warning: " + w, Style::kWarn, 78, 2);
  if (c.refusal.empty()) return;
  if (c.forced) {
    text(f, "You chose to write it raw anyway.", Style::kWarn);
    if (!c.forced_warning.empty()) wrapped(f, "Warning: " + c.forced_warning, Style::kWarn, 78, 2);
    return;
  }
  wrapped(f, c.refusal, Style::kBad, 78, 5);
  const auto remedy = screen::remedy_words(c.remedy);
  if (!remedy.empty()) wrapped(f, std::string(remedy), Style::kNormal, 78, 2);
}

void body_hash(const AppState& s, Frame& f) {
  const auto& h = s.hash;
  text(f, fmt::format("Image:    {} ({})", clip(s.image, 56), format_bytes(s.image_bytes)),
       Style::kBold);
  if (h.expected) {
    text(f, fmt::format("Expected: {} from {}", writer::algorithm_name(h.expected->algorithm),
                        clip(screen::hash_source_words(*h.expected), 60)));
    text(f, "  " + clip(h.expected->hex, 76), Style::kDim);
    const std::string weak = weak_hash_note(h.expected->algorithm);
    if (!weak.empty()) wrapped(f, "Note: " + weak, Style::kWarn, 78, 2);
  } else {
    text(f, "Expected: none found next to the image (SHA256SUMS, IMAGE.sha256, ...)", Style::kWarn);
    for (const auto& n : h.notes) text(f, "  " + clip(n, 76), Style::kDim);
  }
  blank(f);
  if (h.typing) {
    text(f, "Type or paste the expected hash ([alg:]hex), Enter to check, Esc to cancel:");
    text(f, "> " + clip(h.input, 76), Style::kBold);
    f.cursor_row = static_cast<int>(f.lines.size()) - 1;
    f.cursor_col = 2 + static_cast<int>(std::min<std::size_t>(h.input.size(), 76));
  }
  if (!h.error.empty()) text(f, clip(h.error, 78), Style::kBad);
  switch (h.status) {
    case HashStatus::kIdle:
    case HashStatus::kHashing:
      text(f, "Computing the image's digest...");
      text(f, progress_bar(fraction(h.progress), 60));
      text(f, bytes_line(h.progress), Style::kDim);
      break;
    case HashStatus::kMatch:
      text(f, "MATCH - the image is exactly the one the checksum describes.", Style::kGood);
      if (h.matched_on != writer::HashMatch::kImage && h.matched_on != writer::HashMatch::kNone) {
        text(f, clip(fmt::format("The checksum matched {}; it is decompressed as written.",
                                 writer::match_text(h.matched_on)),
                     78));
      }
      text(f, "sha256 " + h.sha256, Style::kDim);
      break;
    case HashStatus::kMismatch:
      text(f, "MISMATCH - the image is damaged or not the published one. Writing is blocked.",
           Style::kBad);
      text(f, fmt::format("expected {}", h.expected->hex.substr(0, 72)));
      text(f, fmt::format("image    {}", h.actual_expected_alg.substr(0, 72)));
      text(f, "Download the image again from a trusted source.");
      break;
    case HashStatus::kNoExpected:
      text(f, "UNVERIFIED - nothing to compare with. Compare this SHA-256 with the publisher's:",
           Style::kWarn);
      text(f, h.sha256, Style::kBold);
      text(f, "Press u to accept the image unverified, or t to type the expected hash.");
      break;
    case HashStatus::kAcceptedUnverified:
      text(f, "UNVERIFIED - accepted by you. SHA-256:", Style::kWarn);
      text(f, h.sha256, Style::kBold);
      break;
    case HashStatus::kFailed:
      text(f, "The image could not be read.", Style::kBad);
      break;
    case HashStatus::kRefused:
      text(f, "REFUSED - a signature failed: the image may have been tampered with.", Style::kBad);
      break;
  }
  for (const auto& row : screen::hash_auth_rows(s)) wrapped(f, row.text, row.style, 78, 2);
  image_check(s, f);
}

/// The drive list's columns, each as wide as its widest cell: names at least 8 ("nvme0n1" and
/// "mmcblk0" fit; the demo's "demo-stick" widens the column) and at most kMaxNameColumn; sizes
/// at least "SIZE" ("16.0 GB (14.9 GiB)" is 18, "2000.0 GB (1862.6 GiB)" 22). The model takes
/// what is left. Partition rows have columns of their own, under the drive's.
DriveColumns list_columns(const std::vector<const ListedDrive*>& visible) {
  std::vector<const platform::Drive*> drives;
  for (const auto* ld : visible) drives.push_back(&ld->drive);
  auto c = drive_columns(drives, {.size = 4, .part_name = 10, .part_size = 22});
  c.name = name_column(c.name);
  c.part_name = std::min(c.part_name, kMaxNameColumn);
  return c;
}

void drive_rows(const AppState& s, const std::vector<const ListedDrive*>& visible,
                const DriveColumns& c, Frame& f) {
  for (std::size_t i = 0; i < visible.size(); ++i) {
    const auto& ld = *visible[i];
    const auto& d = ld.drive;
    const bool sel = s.drives.cursor && *s.drives.cursor == i;
    const bool offered = ld.eligibility.verdict == platform::Verdict::kOffered;
    // The model takes what the other columns leave, and is clipped first.
    std::string row = fmt::format("{} {} {} {} {:<7} ", sel ? ">" : " ", cell(d.name, c.name),
                                  mark_box(s, ld), cell(format_size_both(d.size_bytes), c.size),
                                  platform::transport_name(d.transport));
    row += clip(drive_title(d), std::max(10, f.width - static_cast<int>(row.size())));
    text(f, row, sel ? Style::kReverse : (offered ? Style::kBold : Style::kDim));
    verdict_line(s, d, f, "      ");
    for (const auto& p : d.partitions) {
      std::string prow = fmt::format("      {} {} {:<6} {}", cell(p.name, c.part_name),
                                     cell(format_size_both(p.size_bytes), c.part_size),
                                     p.fstype.empty() ? "-" : p.fstype,
                                     p.label.empty() ? "" : "\"" + p.label + "\"");
      if (!p.mountpoints.empty()) prow += " mounted";
      text(f, clip(prow, f.width), Style::kDim);
    }
    if (!offered) {
      for (const auto& r : ld.eligibility.reasons)
        text(f, "      not offered: it " + clip(r, 55), Style::kWarn);
    }
    for (const auto& w : ld.eligibility.warnings)
      text(f, "      note: it " + clip(w, 63), Style::kWarn);
  }
}

void body_drive(const AppState& s, Frame& f) {
  const auto visible = visible_drives(s);
  if (visible.empty()) {
    blank(f);
    text(f, "Insert a USB drive.", Style::kBold);
    text(f, "It appears here within two seconds. Waiting...", Style::kDim);
    if (!s.drives.drives.empty())
      text(f, "(h shows the disks that are not offered, and why)", Style::kDim);
    return;
  }
  text(f, !s.sticks_only
              ? "Choose the drive to ERASE: arrow keys, then Enter (space marks several drives)."
              : "Choose a stick (arrow keys): c checks it, f makes it a normal stick again.");
  marked_line(s, f);
  const auto c = list_columns(visible);
  text(f,
       fmt::format("  {} {:<3} {} {:<7} {}", cell("NAME", c.name), "", cell("SIZE", c.size), "BUS",
                   "MODEL"),
       Style::kDim);
  drive_rows(s, visible, c, f);
}

/// The drive as the user chose it (the snapshot the write is checked against), in at most
/// 5 + kConfirmPartitionRows lines.
void chosen_drive_lines(const AppState& s, const platform::Drive& d, Frame& f) {
  constexpr std::size_t kConfirmPartitionRows = 8;
  text(f, fmt::format("Everything on {} will be ERASED:", d.path), Style::kBad);
  text(f, clip(fmt::format("  Model   {} ({})   serial {}", drive_title(d),
                           platform::transport_name(d.transport),
                           d.serial.empty() ? "(none)" : d.serial),
               78));
  text(f, fmt::format("  Size    {}, {} bytes", format_size_both(d.size_bytes), d.size_bytes));
  text(f, fmt::format("  Device  {}:{}   diskseq {}", d.major, d.minor,
                      d.diskseq ? std::to_string(*d.diskseq) : "(none)"));
  verdict_line(s, d, f, "  ");
  if (!d.fstype.empty())
    text(f, clip(fmt::format("  (whole disk) {} \"{}\"", d.fstype, d.label), 78));
  if (d.partitions.empty() && d.fstype.empty()) text(f, "  (no partitions)", Style::kDim);
  const auto& parts = d.partitions;
  const std::size_t shown =
      parts.size() > kConfirmPartitionRows ? kConfirmPartitionRows - 1 : parts.size();
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& p = parts[i];
    text(f, clip(fmt::format("  {:<10} {:<22} {:<6} {:<16} {}", p.name,
                             format_size_both(p.size_bytes), p.fstype.empty() ? "-" : p.fstype,
                             p.label.empty() ? "" : "\"" + p.label + "\"",
                             p.mountpoints.empty() ? "not mounted" : "mounted: will be unmounted"),
                 78));
  }
  if (shown < parts.size()) {
    text(f, fmt::format("  ... and {} more partitions", parts.size() - shown), Style::kDim);
  }
}

void body_confirm(const AppState& s, Frame& f) {
  if (!s.drives.chosen) {
    text(f, "No drive is chosen.", Style::kBad);
    return;
  }
  const auto& d = s.drives.chosen->drive;
  const bool restore = s.confirm.restore;
  chosen_drive_lines(s, d, f);
  blank(f);
  if (restore) {
    text(f,
         fmt::format("It becomes a normal stick: one FAT32 partition labelled {}.", kRestoreLabel));
  } else {
    text(f, fmt::format("Image: {} ({})", clip(s.image, 60), format_bytes(s.image_bytes)));
  }
  blank(f);
  if (s.confirm.hard_disk_step) {
    text(f, fmt::format("{} looks like a hard disk, not a USB stick.", d.name), Style::kWarn);
    text(f, "Type erase and Enter to erase it anyway (Esc goes back):", Style::kBold);
  } else {
    text(f,
         fmt::format("Type the drive's name, {}, and Enter to {} (Esc goes back):", d.name,
                     restore ? "restore it" : "write"),
         Style::kBold);
  }
  text(f, "> " + s.confirm.typed, Style::kBold);
  f.cursor_row = static_cast<int>(f.lines.size()) - 1;
  f.cursor_col = 2 + static_cast<int>(s.confirm.typed.size());
  if (!s.confirm.error.empty()) text(f, s.confirm.error, Style::kBad);
}

Line footer(const AppState& s) {
  std::string keys;
  switch (s.screen) {
    case Screen::kImage:
      keys = "Up/Down move  Enter open/pick  Backspace up  d check/restore a stick  q quit";
      break;
    case Screen::kHash:
      keys = s.check.refusal.empty() || s.check.forced
                 ? "Enter next  t type a hash  u unverified  S signature  Esc back  q quit"
                 : "R write raw anyway  t type a hash  u unverified  S signature  Esc  q quit";
      break;
    case Screen::kDrive:
      // r (rescan), Enter, the arrows and Esc are left out for room: the first line names
      // Enter, and the list is scanned every second.
      keys = !s.sticks_only
                 ? "space mark  c check  f restore  t station  h hidden  n non-USB  q quit"
                 : "c check  f restore  h hidden  n non-USB  Esc choose an image  q quit";
      break;
    case Screen::kConfirm:
      keys = writing_many(s)     ? "type the number of drives  Enter write  c check first  Esc back"
             : s.confirm.restore ? "type the name  Enter restore  c check first  Esc back"
                                 : "type the name  Enter write  c check first  Esc back";
      break;
    case Screen::kWrite:
      keys = "q or Ctrl-C stop";
      break;
    case Screen::kResult:
      keys = !s.sticks_only ? "w write another stick with this image  q quit"
                            : "Enter back to the sticks  q quit";
      break;
    case Screen::kStation:
      keys = station_keys(s);
      break;
  }
  if (checking(s)) {
    keys = s.drives.checking->asking ? "y check it  any other key: do not" : "Esc stop the check";
  }
  return Line{Span{clip(keys, 80), Style::kDim}};
}

}  // namespace

std::string progress_bar(double fraction, int width) {
  fraction = std::clamp(std::isfinite(fraction) ? fraction : 0.0, 0.0, 1.0);
  const int inner = std::max(1, width - 2);
  const int filled = static_cast<int>(std::lround(fraction * inner));
  std::string bar(static_cast<std::size_t>(inner) + 2, '.');
  bar.front() = '[';
  bar.back() = ']';
  std::fill_n(bar.begin() + 1, filled, '#');
  return bar;
}

Frame render(const AppState& s, int width, int height) {
  Frame f;
  f.width = width;
  f.height = height;
  if (width < kMinWidth || height < kMinHeight) {
    text(f, fmt::format("Terminal too small: {}x{}.", width, height), Style::kBad);
    text(f, fmt::format("stickwright needs {}x{}.", kMinWidth, kMinHeight));
    text(f, "Enlarge the window.");
    return f;
  }
  add(f, header(s));
  blank(f);
  const int body_rows = height - kHeaderRows - kFooterRows;
  switch (s.screen) {
    case Screen::kImage:
      body_image(s, f, body_rows);
      break;
    case Screen::kHash:
      body_hash(s, f);
      break;
    case Screen::kDrive:
      body_drive(s, f);
      break;
    case Screen::kConfirm:
      writing_many(s) ? body_confirm_many(s, f) : body_confirm(s, f);
      break;
    case Screen::kWrite:
      body_write(s, f);
      break;
    case Screen::kResult:
      body_result(s, f);
      break;
    case Screen::kStation:
      body_station(s, f);
      break;
  }
  // The notice takes the row above the footer, and the body's last row when it needs two.
  Frame notice;
  notice.width = width;
  if (checking(s)) {
    check_panel(s, notice);
  } else if (!s.drives.notice.empty() && s.screen == Screen::kDrive) {
    wrapped(notice, s.drives.notice, Style::kWarn, width, kNoticeRows);
  }
  const auto notice_rows = std::max<std::size_t>(notice.lines.size(), 1);
  const auto body_end = static_cast<std::size_t>(height - kFooterRows + 1) - notice_rows;
  if (f.lines.size() > body_end) f.lines.resize(body_end);
  while (f.lines.size() < body_end) blank(f);
  if (notice.lines.empty()) blank(f);
  for (auto& l : notice.lines) add(f, std::move(l));
  f.lines.push_back(footer(s));
  return f;
}

std::string frame_text(const Frame& f) {
  std::string out;
  for (const auto& line : f.lines) {
    for (const auto& span : line) out += span.text;
    out += '\n';
  }
  return out;
}

}  // namespace sw::tui
