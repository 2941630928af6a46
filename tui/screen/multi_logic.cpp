// Several drives at once on the terminal UI: marking drives with the space bar, confirming them
// by their number, their progress rows and their result (split from app_logic.cpp; declared in
// app_logic.h).
#include <fmt/format.h>

#include <algorithm>

#include "platform/drive_select.h"
#include "tui/screen/app_logic.h"
#include "tui/screen/words.h"

namespace sw::tui {
namespace {

bool is_marked(const AppState& s, const std::string& name) {
  const auto& m = s.drives.marked;
  return std::find(m.begin(), m.end(), name) != m.end();
}

void unmark(AppState& s, const std::string& name) { std::erase(s.drives.marked, name); }

/// Back to the drive list with `notice`; the marks stay, so the user can go on from them.
ActionKind back_to_drives(AppState& s, std::string notice) {
  s.drives.targets.clear();
  s.drives.notice = std::move(notice);
  s.confirm = ConfirmState{};
  s.screen = Screen::kDrive;
  return ActionKind::kRefreshDrives;
}

/// The targets that look like hard disks, by name: "sdc, sdf".
std::string hard_disk_names(const AppState& s) {
  std::string names;
  for (const auto& t : s.drives.targets) {
    if (t.eligibility.looks_like_hard_disk) names += (names.empty() ? "" : ", ") + t.drive.name;
  }
  return names;
}

ActionKind start_many(AppState& s) {
  s.write = WriteState{};
  s.write.targets.assign(s.drives.targets.size(), TargetProgress{});
  s.result.reset();
  s.multi_result.reset();
  s.screen = Screen::kWrite;
  return ActionKind::kStartMultiWrite;
}

}  // namespace

ActionKind toggle_mark(AppState& s) {
  auto& d = s.drives;
  const ListedDrive* drive = selected_drive(s);
  if (drive == nullptr) {
    d.notice = "Choose a drive with the arrow keys first, then press space to mark it.";
    return ActionKind::kNone;
  }
  if (is_marked(s, drive->drive.name)) {
    unmark(s, drive->drive.name);
    d.notice.clear();
    return ActionKind::kNone;
  }
  if (auto why = why_not_imaged(s, *drive); !why.empty()) {
    d.notice = std::move(why);
    return ActionKind::kNone;
  }
  d.marked.push_back(drive->drive.name);
  d.notice.clear();
  return ActionKind::kNone;
}

void prune_marks(AppState& s) {
  std::erase_if(s.drives.marked, [&s](const std::string& name) {
    const ListedDrive* now = find_drive(s, name);
    if (now == nullptr || !why_not_imaged(s, *now).empty()) return true;
    const auto visible = visible_drives(s);
    return std::find(visible.begin(), visible.end(), now) == visible.end();
  });
}

ActionKind choose_marked(AppState& s) {
  prune_marks(s);
  std::vector<ListedDrive> chosen;
  for (const auto& d : s.drives.drives) {
    if (is_marked(s, d.drive.name)) chosen.push_back(d);
  }
  if (chosen.empty()) {
    s.drives.notice = "The marked drives are gone. Mark drives with space, or choose one.";
    return ActionKind::kNone;
  }
  if (chosen.size() == 1) {
    choose_one(s, chosen.front());
    return ActionKind::kNone;
  }
  s.drives.chosen.reset();
  s.drives.targets = std::move(chosen);
  s.drives.notice.clear();
  s.confirm = ConfirmState{};
  s.screen = Screen::kConfirm;
  return ActionKind::kCheckTargets;
}

ActionKind key_confirm_many(AppState& s, int key) {
  auto& c = s.confirm;
  if (key == kKeyEsc) return back_to_drives(s, "");
  if (edit_field(c.typed, key, 64) || key != kKeyEnter) return ActionKind::kNone;
  if (back_if_targets_changed(s)) return ActionKind::kRefreshDrives;
  const auto count = std::to_string(s.drives.targets.size());
  if (!c.hard_disk_step && c.typed != count) {
    return back_to_drives(
        s, fmt::format("Not confirmed: '{}' is not the number of drives ({}); nothing was written.",
                       c.typed, count));
  }
  if (c.hard_disk_step && c.typed != "erase") {
    c.error = "That is not 'erase'. Type it exactly, or Esc to go back.";
    c.typed.clear();
    return ActionKind::kNone;
  }
  if (!c.hard_disk_step && !hard_disk_names(s).empty()) {
    c.hard_disk_step = true;
    c.typed.clear();
    c.error.clear();
    return ActionKind::kNone;
  }
  return start_many(s);
}

bool back_if_targets_changed(AppState& s) {
  for (const auto& t : s.drives.targets) {
    const ListedDrive* now = find_drive(s, t.drive.name);
    const auto what =
        platform::drive_change(t.drive, now ? std::optional(now->drive) : std::nullopt);
    if (what.empty()) continue;
    on_target_changed(s, t.drive.name, what);
    return true;
  }
  return false;
}

void on_target_changed(AppState& s, const std::string& name, const std::string& what) {
  unmark(s, name);
  s.drives.cursor.reset();
  back_to_drives(
      s, fmt::format(
             "A drive changed since you marked it; nothing was written. Mark it again.\n{}: {}",
             name, what));
}

void on_targets_refused(AppState& s, const Error& e) {
  std::string why = screen::error_text(e);
  if (!why.empty() && why.back() != '.') why += '.';
  back_to_drives(s, fmt::format("Refused: {} Press space to unmark a drive.", why));
}

void on_target_progress(AppState& s, std::size_t i, const writer::ProgressEvent& ev) {
  if (i >= s.write.targets.size()) return;
  auto& t = s.write.targets[i];
  t.progress = ev;
  t.started = true;
  t.finished = ev.done && ev.phase == writer::Phase::kVerify;
}

void on_multi_write_done(AppState& s, writer::MultiReport report, std::string log_note) {
  s.multi_result = std::move(report);
  s.log_note = std::move(log_note);
  s.drives.marked.clear();
  s.write.asking_stop = false;
  s.screen = Screen::kResult;
}

}  // namespace sw::tui
