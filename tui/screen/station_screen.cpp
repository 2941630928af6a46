#include "tui/screen/station_screen.h"

#include <fmt/format.h>

#include <algorithm>

#include "tui/drive_view.h"
#include "tui/exit_codes.h"
#include "tui/screen/app_logic.h"
#include "tui/screen/app_view.h"
#include "tui/screen/frame_lines.h"
#include "tui/words.h"
#include "writer/station/station.h"

namespace sw::tui {
namespace {

/// The row of the stick called `name` (one row per name: a new insertion replaces the old row).
StationRow* row_of(StationState& st, const std::string& name) {
  for (auto& r : st.rows) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

/// Back to the drive screen, station mode closed.
ActionKind leave(AppState& s) {
  s.station = StationState{};
  s.screen = Screen::kDrive;
  return ActionKind::kRefreshDrives;
}

ActionKind key_confirm(AppState& s, int key) {
  auto& st = s.station;
  if (key == kKeyEsc) return leave(s);
  if (key == kKeyBackspace || key == 127) {
    if (!st.typed.empty()) st.typed.pop_back();
    return ActionKind::kNone;
  }
  if (key == kKeyEnter) {
    if (st.typed != kStationWord) {
      st.error = fmt::format("Type {} to start the station (Esc goes back).", kStationWord);
      st.typed.clear();
      return ActionKind::kNone;
    }
    st.error.clear();
    st.phase = StationPhase::kHashing;
    return ActionKind::kStartStation;
  }
  if (key >= 32 && key < 127 && st.typed.size() < 16) st.typed.push_back(static_cast<char>(key));
  return ActionKind::kNone;
}

/// q: stop watching; with sticks being written, ask first whether to let them finish.
ActionKind key_running(AppState& s, int key) {
  auto& st = s.station;
  if (st.asking_stop) {
    st.asking_stop = false;
    if (key == 'f') {
      st.phase = StationPhase::kStopping;
      return ActionKind::kStopStation;
    }
    if (key == 's') {
      st.phase = StationPhase::kStopping;
      return ActionKind::kStopStationSticks;
    }
    return ActionKind::kNone;  // any other key: keep watching
  }
  const bool stop = key == 'q' || key == kKeyEsc || key == kKeyCtrlC;
  if (st.phase == StationPhase::kStopping) {
    return key == 's' && st.writing() != 0 ? ActionKind::kStopStationSticks : ActionKind::kNone;
  }
  if (!stop) return ActionKind::kNone;
  if (st.phase == StationPhase::kWatching && st.writing() != 0) {
    st.asking_stop = true;
    return ActionKind::kNone;
  }
  st.phase = StationPhase::kStopping;
  return ActionKind::kStopStation;
}

}  // namespace

void open_station(AppState& s) {
  s.station = StationState{};
  s.screen = Screen::kStation;
}

ActionKind key_station(AppState& s, int key) {
  switch (s.station.phase) {
    case StationPhase::kConfirm:
      return key_confirm(s, key);
    case StationPhase::kHashing:
    case StationPhase::kWatching:
    case StationPhase::kStopping:
      return key_running(s, key);
    case StationPhase::kStopped:
    case StationPhase::kFailed:
      if (key == 'q' || key == kKeyCtrlC) return ActionKind::kQuit;
      if (key == kKeyEsc || key == kKeyEnter) return leave(s);
      return ActionKind::kNone;
  }
  return ActionKind::kNone;
}

void on_station_hash_progress(AppState& s, const writer::ProgressEvent& ev) {
  s.station.hash_progress = ev;
}

void on_station_hashed(AppState& s, const std::optional<std::string>& refusal) {
  auto& st = s.station;
  if (refusal) {
    st.phase = StationPhase::kFailed;
    st.error = *refusal;
    return;
  }
  if (st.phase == StationPhase::kHashing) st.phase = StationPhase::kWatching;
}

void on_station_news(AppState& s, StationNews n) {
  auto& st = s.station;
  using K = StationNews::Kind;
  switch (n.kind) {
    case K::kPresent:
      st.present.push_back(n.name);
      return;
    case K::kRefused:
    case K::kStarted: {
      // A new insertion under a name seen before replaces its old row.
      st.rows.erase(std::remove_if(st.rows.begin(), st.rows.end(),
                                   [&](const StationRow& r) { return r.name == n.name; }),
                    st.rows.end());
      StationRow r;
      r.kind = n.kind == K::kRefused ? StationRow::Kind::kRefused : StationRow::Kind::kWriting;
      r.name = n.name;
      r.title = n.title;
      r.text = n.reason;
      st.rows.push_back(std::move(r));
      return;
    }
    case K::kProgress:
      if (auto* r = row_of(st, n.name)) r->progress = n.progress;
      return;
    case K::kFinished:
      if (auto* r = row_of(st, n.name)) {
        r->kind = n.error ? StationRow::Kind::kFailed : StationRow::Kind::kVerified;
        r->text = n.error ? n.error->message : std::string();
        r->first_difference = n.first_difference;
      }
      // A stick pulled out mid-write is gone: its failure is counted, its row goes.
      st.rows.erase(
          std::remove_if(st.rows.begin(), st.rows.end(),
                         [&](const StationRow& r) { return r.name == n.name && !r.plugged; }),
          st.rows.end());
      ++(n.error ? st.failed : st.verified);
      if (n.error) st.worst_exit = std::max(st.worst_exit, exit_code_for(n.error->kind));
      if (!n.log_note.empty()) st.log_note = n.log_note;
      return;
    case K::kRemoved: {
      st.present.erase(std::remove(st.present.begin(), st.present.end(), n.name), st.present.end());
      // A stick pulled out mid-write stays until its failure is in.
      st.rows.erase(std::remove_if(st.rows.begin(), st.rows.end(),
                                   [&](const StationRow& r) {
                                     return r.name == n.name &&
                                            r.kind != StationRow::Kind::kWriting;
                                   }),
                    st.rows.end());
      if (auto* r = row_of(st, n.name)) r->plugged = false;
      return;
    }
  }
}

void on_station_stopped(AppState& s, bool sticks_stopped) {
  auto& st = s.station;
  st.asking_stop = false;
  st.sticks_stopped = sticks_stopped;
  if (st.phase != StationPhase::kFailed) st.phase = StationPhase::kStopped;
}

namespace view {
namespace {

/// The name column's width, as on the drive list (name_column).
std::size_t name_width(const std::vector<StationRow>& rows) {
  std::size_t longest = 0;
  for (const auto& r : rows) longest = std::max(longest, r.name.size());
  return name_column(longest);
}

/// A stick's row (at most 16 + 1 + 30 + 24 columns: it fits 78).
std::string row_text(const StationRow& r, std::size_t name_w) {
  const std::string who = fmt::format("{} {}", cell(r.name, name_w), cell(r.title, 30));
  switch (r.kind) {
    case StationRow::Kind::kWriting:
      return fmt::format("{} {:<6} {:>5.1f}%  {:.1f} MB/s", who,
                         writer::phase_name(r.progress.phase), 100.0 * fraction(r.progress),
                         r.progress.bytes_per_second / 1e6);
    case StationRow::Kind::kVerified:
      return who + " VERIFIED - remove it";
    case StationRow::Kind::kFailed:
      return who + " FAILED:";
    case StationRow::Kind::kRefused:
      return who + " not written:";
  }
  return who;
}

Style row_style(const StationRow& r) {
  switch (r.kind) {
    case StationRow::Kind::kWriting:
      return Style::kBold;
    case StationRow::Kind::kVerified:
      return Style::kGood;
    case StationRow::Kind::kFailed:
      return Style::kBad;
    case StationRow::Kind::kRefused:
      return Style::kDim;
  }
  return Style::kNormal;
}

void body_confirm_rules(const AppState& s, Frame& f) {
  const auto& st = s.station;
  text(f, "Station mode: a stick for every stick plugged in", Style::kBold);
  blank(f);
  wrapped(f,
          fmt::format("Every USB drive or SD card plugged in from now on (up to {}) will be ERASED "
                      "and get {}, written and read back; several at once if you plug in several.",
                      format_bytes(writer::StationRules{}.max_bytes), s.image),
          Style::kNormal, 78, 3);
  text(f, "Drives plugged in now are never written. Neither is any other kind of disk.");
  text(f, "Each stick gets a record in the audit log. q stops the station.");
  blank(f);
  text(f, fmt::format("Type {} and Enter to start (Esc goes back):", kStationWord), Style::kBold);
  text(f, "> " + st.typed, Style::kBold);
  f.cursor_row = static_cast<int>(f.lines.size()) - 1;
  f.cursor_col = 2 + static_cast<int>(st.typed.size());
  if (!st.error.empty()) text(f, st.error, Style::kBad);
}

}  // namespace

void body_station(const AppState& s, Frame& f) {
  const auto& st = s.station;
  if (st.phase == StationPhase::kConfirm) return body_confirm_rules(s, f);
  text(f, "Station: " + clip(s.image, 68), Style::kBold);
  switch (st.phase) {
    case StationPhase::kHashing:
      text(f, fmt::format("Checking the image once for every stick: {}",
                          progress_bar(fraction(st.hash_progress), 30)));
      break;
    case StationPhase::kWatching:
      text(f, "Watching: plug in sticks. Each is written and verified.", Style::kGood);
      break;
    case StationPhase::kStopping:
      text(f, fmt::format("Stopping: no new sticks; {} being written.", st.writing()),
           Style::kWarn);
      break;
    case StationPhase::kStopped:
      text(f,
           st.sticks_stopped ? "Stopped. The sticks stopped mid-write are not usable." : "Stopped.",
           Style::kBold);
      break;
    case StationPhase::kFailed:
      text(f, "Nothing was written:", Style::kBad);
      wrapped(f, st.error, Style::kNormal, 78, 6);
      return;
    case StationPhase::kConfirm:
      break;
  }
  text(f, fmt::format("Sticks: {} verified, {} failed, {} being written", st.verified, st.failed,
                      st.writing()));
  if (!st.log_note.empty()) text(f, clip(st.log_note, 78), Style::kDim);
  if (!st.present.empty()) {
    std::string names;
    for (const auto& n : st.present) names += (names.empty() ? "" : ", ") + n;
    text(f, clip("Present before the station started (not written): " + names, 78), Style::kDim);
  }
  blank(f);
  const std::size_t name_w = name_width(st.rows);
  for (const auto& r : st.rows) {
    text(f, clip(row_text(r, name_w), 78), row_style(r));
    // Why it failed or was refused, under its row.
    if (!r.text.empty()) text(f, "    " + clip(r.text, 74), row_style(r));
  }
  if (st.asking_stop) {
    blank(f);
    text(f,
         fmt::format("{} sticks are being written. f = let them finish, then stop;", st.writing()),
         Style::kWarn);
    text(f, "s = stop them now (they will not be usable); any other key = keep watching.",
         Style::kWarn);
  }
}

std::string station_keys(const AppState& s) {
  switch (s.station.phase) {
    case StationPhase::kConfirm:
      return "type station  Enter start  Esc back";
    case StationPhase::kHashing:
    case StationPhase::kWatching:
      return "q stop the station";
    case StationPhase::kStopping:
      return s.station.writing() != 0 ? "s stop the sticks being written" : "";
    case StationPhase::kStopped:
    case StationPhase::kFailed:
      return "Esc back to the drives  q quit";
  }
  return {};
}

}  // namespace view
}  // namespace sw::tui
