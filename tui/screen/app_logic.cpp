#include "tui/screen/app_logic.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "platform/ascii.h"
#include "platform/drive_select.h"
#include "tui/inspect_report.h"
#include "tui/screen/drive_tools.h"
#include "tui/screen/station_screen.h"
#include "tui/screen/words.h"
#include "writer/plan/write_mode.h"

namespace sw::tui {
namespace {

bool printable(int key) { return key >= 32 && key < 127; }

std::string parent_dir(const std::string& dir) {
  if (dir == "/" || dir.empty()) return "/";
  const auto slash = dir.rfind('/');
  return slash == 0 || slash == std::string::npos ? "/" : dir.substr(0, slash);
}

/// The drive screen afresh: no cursor, notice, marks or targets, and the list read again.
ActionKind to_fresh_drive_list(AppState& s) {
  s.screen = Screen::kDrive;
  s.drives.cursor.reset();
  s.drives.notice.clear();
  s.drives.marked.clear();
  s.drives.targets.clear();
  return ActionKind::kRefreshDrives;
}

/// To the drive screen with no image: checking and restoring sticks need none.
ActionKind enter_sticks_only(AppState& s) {
  pick_image(s, "", 0);  // none: an earlier image's hash and checks are forgotten
  s.sticks_only = true;
  return to_fresh_drive_list(s);
}

/// What the drive screen says to a key that writes an image when none was picked.
constexpr const char* kNoImageNotice =
    "No image was chosen: c checks a stick, f makes it a normal stick again; Esc goes back to "
    "choose an image.";

ActionKind key_image(AppState& s, int key) {
  auto& b = s.browser;
  if (key == kKeyUp && b.cursor > 0) --b.cursor;
  if (key == kKeyDown && b.cursor + 1 < b.entries.size()) ++b.cursor;
  if (key == kKeyBackspace || key == kKeyLeft) {
    b.dir = parent_dir(b.dir);
    return ActionKind::kListDir;
  }
  if (key == 'q') return ActionKind::kQuit;
  if (key == 'd') return enter_sticks_only(s);
  if (key != kKeyEnter || b.entries.empty()) return ActionKind::kNone;
  const auto& e = b.entries[b.cursor];
  if (e.is_dir) {
    b.dir = e.name == ".." ? parent_dir(b.dir) : (b.dir == "/" ? "" : b.dir) + "/" + e.name;
    return ActionKind::kListDir;
  }
  pick_image(s, (b.dir == "/" ? "" : b.dir) + "/" + e.name, e.size_bytes);
  return ActionKind::kPickImage;
}

ActionKind key_hash_typing(AppState& s, int key) {
  auto& h = s.hash;
  if (key == kKeyEsc) {
    h.typing = false;
    h.input.clear();
    return ActionKind::kNone;
  }
  if (edit_field(h.input, key, 200)) return ActionKind::kNone;
  if (key == kKeyEnter) {
    auto parsed = writer::parse_hash_spec(h.input);
    if (!parsed) {
      h.error = screen::error_text(parsed.error());
      return ActionKind::kNone;
    }
    h.expected = *parsed;
    // A typed digest replaces the list, and the list's signature with it (as --hash does).
    h.list_auth = {};
    h.typing = false;
    h.input.clear();
    h.error.clear();
    h.status = HashStatus::kHashing;
    return ActionKind::kStartHash;
  }
  return ActionKind::kNone;
}

ActionKind key_hash(AppState& s, int key) {
  auto& h = s.hash;
  if (h.typing) return key_hash_typing(s, key);
  if (key == 'q') return ActionKind::kQuit;
  if (key == 't' && h.status != HashStatus::kHashing) {
    h.typing = true;
    h.error.clear();
    return ActionKind::kNone;
  }
  if (key == 'R' && !s.check.refusal.empty() && s.check.can_force()) {
    s.check.forced = true;
    return ActionKind::kNone;
  }
  if (key == 'S' && h.status != HashStatus::kHashing) {
    s.require_signature = !s.require_signature;
    return ActionKind::kNone;
  }
  if (key == 'u' && h.status == HashStatus::kNoExpected) {
    h.status = HashStatus::kAcceptedUnverified;
    return ActionKind::kNone;
  }
  if (key == kKeyEsc && h.status != HashStatus::kHashing) {
    s.screen = Screen::kImage;
    return ActionKind::kListDir;
  }
  const bool may_go_on =
      (h.status == HashStatus::kMatch || h.status == HashStatus::kAcceptedUnverified) &&
      (s.check.refusal.empty() || s.check.forced) && signature_satisfied(s);
  if (key == kKeyEnter && may_go_on) {
    s.screen = Screen::kDrive;
    s.drives.cursor.reset();
    s.drives.notice.clear();
    return ActionKind::kRefreshDrives;
  }
  return ActionKind::kNone;
}

ActionKind key_drive(AppState& s, int key) {
  auto& d = s.drives;
  const auto visible = visible_drives(s);
  if (key == kKeyDown && !visible.empty()) {
    d.cursor = d.cursor ? std::min(*d.cursor + 1, visible.size() - 1) : 0;
  }
  if (key == kKeyUp && !visible.empty()) d.cursor = d.cursor && *d.cursor > 0 ? *d.cursor - 1 : 0;
  if (key == 'h') {
    d.show_hidden = !d.show_hidden;
    d.cursor.reset();
  }
  if (key == 'n') {
    d.allow_non_removable = !d.allow_non_removable;
    d.cursor.reset();
  }
  if (key == 'h' || key == 'n') prune_marks(s);
  if (key == 'r') return ActionKind::kRefreshDrives;
  if (key == 'q') return ActionKind::kQuit;
  if (key == 'c') return ask_check(s);
  if (key == 'f') return choose_restore(s);
  if (key == kKeyEsc && s.sticks_only) {
    s.screen = Screen::kImage;
    s.drives.notice.clear();
    return ActionKind::kListDir;
  }
  if (key == kKeyEsc) {
    s.screen = Screen::kHash;
    return ActionKind::kNone;
  }
  if (key == 't') {
    // The station writes an image to every stick plugged in.
    if (s.sticks_only) {
      s.drives.notice = kNoImageNotice;
    } else {
      open_station(s);
    }
    return ActionKind::kNone;
  }
  if (key == ' ') return toggle_mark(s);
  if (key != kKeyEnter) return ActionKind::kNone;
  if (!d.marked.empty()) return choose_marked(s);
  if (const ListedDrive* chosen = drive_for(s, "", why_not_imaged)) choose_one(s, *chosen);
  return ActionKind::kNone;
}

/// Sends the user back to the drive list when the drive listed under the chosen name is gone or
/// differs from the snapshot taken when they chose it; returns true if it did.
bool back_if_chosen_changed(AppState& s) {
  const ListedDrive* now = find_drive(s, s.drives.chosen->drive.name);
  const auto what = platform::drive_change(s.drives.chosen->drive,
                                           now ? std::optional(now->drive) : std::nullopt);
  if (what.empty()) return false;
  on_chosen_drive_changed(s, what);
  return true;
}

/// The word the confirm screen asks for now.
std::string confirm_word(const AppState& s) {
  if (s.confirm.hard_disk_step) return "erase";
  if (writing_many(s)) return std::to_string(s.drives.targets.size());
  return s.drives.chosen ? s.drives.chosen->drive.name : std::string();
}

ActionKind key_confirm(AppState& s, int key) {
  // c checks the stick first, unless it is the start of the word to type (no kernel name of a
  // disk begins with c, but a file offered as a drive may).
  if (key == 'c' && s.confirm.typed.empty() && !confirm_word(s).starts_with('c')) {
    return check_chosen(s);
  }
  if (writing_many(s)) return key_confirm_many(s, key);
  auto& c = s.confirm;
  if (key == kKeyEsc) {
    s.screen = Screen::kDrive;
    s.drives.chosen.reset();
    return ActionKind::kRefreshDrives;
  }
  if (edit_field(c.typed, key, 64) || key != kKeyEnter) return ActionKind::kNone;
  if (!s.drives.chosen) {
    s.screen = Screen::kDrive;
    return ActionKind::kRefreshDrives;
  }
  if (back_if_chosen_changed(s)) return ActionKind::kRefreshDrives;
  const ListedDrive* d = &*s.drives.chosen;
  const std::string want = c.hard_disk_step ? "erase" : d->drive.name;
  if (c.typed != want) {
    c.error = "That is not '" + want + "'. Type it exactly, or Esc to go back.";
    c.typed.clear();
    return ActionKind::kNone;
  }
  if (d->eligibility.looks_like_hard_disk && !c.hard_disk_step) {
    c.hard_disk_step = true;
    c.typed.clear();
    c.error.clear();
    return ActionKind::kNone;
  }
  s.write = WriteState{};
  s.result.reset();
  s.multi_result.reset();
  s.restored.clear();
  if (c.restore) s.write.progress.phase = writer::Phase::kWrite;  // a restore hashes nothing
  s.screen = Screen::kWrite;
  return c.restore ? ActionKind::kStartRestore : ActionKind::kStartWrite;
}

ActionKind key_write(AppState& s, int key) {
  auto& w = s.write;
  if (w.asking_stop) {
    if (key == 'y' || key == 'Y') {
      w.asking_stop = false;
      w.stopping = true;
      return ActionKind::kCancelJob;
    }
    if (key == 'n' || key == 'N' || key == kKeyEsc) w.asking_stop = false;
    return ActionKind::kNone;
  }
  if (key == 'q' || key == kKeyCtrlC) w.asking_stop = !w.stopping;
  return ActionKind::kNone;
}

ActionKind key_result(AppState& s, int key) {
  if (key == 'q' || key == kKeyEsc || key == kKeyCtrlC) return ActionKind::kQuit;
  if (key == 'w' || key == kKeyEnter) return to_fresh_drive_list(s);
  return ActionKind::kNone;
}

}  // namespace

void pick_image(AppState& s, std::string path, std::uint64_t bytes) {
  s.image = std::move(path);
  s.image_bytes = bytes;
  s.sticks_only = false;
  s.hash = HashState{};
  s.check = ImageCheck{};
  s.screen = Screen::kHash;
}

bool edit_field(std::string& field, int key, std::size_t max_chars) {
  if (key == kKeyBackspace) {
    if (!field.empty()) field.pop_back();
    return true;
  }
  if (!printable(key)) return false;
  if (field.size() < max_chars) field.push_back(static_cast<char>(key));
  return true;
}

std::string why_not_writable(const AppState& s, const ListedDrive& drive) {
  if (auto why = why_not_eligible(s, drive); !why.empty()) return why;
  if (const auto* v = verdict_for(s, drive.drive); v && v->bad) {
    return fmt::format("{} cannot be written: {}. Use another stick.", drive.drive.name,
                       v->bad->message);
  }
  return {};
}

std::string why_not_imaged(const AppState& s, const ListedDrive& drive) {
  if (s.sticks_only) return kNoImageNotice;
  return why_not_writable(s, drive);
}

std::string why_not_eligible(const AppState& s, const ListedDrive& drive) {
  const auto v = drive.eligibility.verdict;
  const bool writable = v == platform::Verdict::kOffered ||
                        (v == platform::Verdict::kNeedsFlag && s.drives.allow_non_removable);
  if (!writable) {
    std::string why = drive.drive.name + " cannot be written: it " +
                      (drive.eligibility.reasons.empty() ? "" : drive.eligibility.reasons.front());
    if (v == platform::Verdict::kNeedsFlag)
      why += fmt::format(". {}", screen::remedy_words(Remedy::kAllowNonRemovable));
    return why;
  }
  if (s.real_drives && !s.is_root) {
    return "Writing to a drive needs root: quit and run stickwright with sudo.";
  }
  return {};
}

const ListedDrive* drive_for(AppState& s, std::string_view then,
                             std::string (*why_not)(const AppState&, const ListedDrive&)) {
  const ListedDrive* drive = selected_drive(s);
  if (drive == nullptr) {
    s.drives.notice = fmt::format("Choose a drive with the arrow keys first{}.", then);
    return nullptr;
  }
  if (auto why = why_not(s, *drive); !why.empty()) {
    s.drives.notice = std::move(why);
    return nullptr;
  }
  s.drives.notice.clear();
  return drive;
}

void choose_one(AppState& s, const ListedDrive& drive) {
  s.drives.chosen = drive;
  s.drives.targets.clear();
  s.confirm = ConfirmState{};
  s.screen = Screen::kConfirm;
}

std::vector<const ListedDrive*> visible_drives(const AppState& s) {
  std::vector<const ListedDrive*> out;
  for (const auto& d : s.drives.drives) {
    const auto v = d.eligibility.verdict;
    if (v == platform::Verdict::kOffered || s.drives.show_hidden ||
        (v == platform::Verdict::kNeedsFlag && s.drives.allow_non_removable)) {
      out.push_back(&d);
    }
  }
  return out;
}

const ListedDrive* selected_drive(const AppState& s) {
  const auto visible = visible_drives(s);
  if (!s.drives.cursor || *s.drives.cursor >= visible.size()) return nullptr;
  return visible[*s.drives.cursor];
}

const ListedDrive* find_drive(const AppState& s, const std::string& name) {
  for (const auto& d : s.drives.drives) {
    if (d.drive.name == name) return &d;
  }
  return nullptr;
}

ActionKind handle_key(AppState& s, int key) {
  // Ctrl-C quits from every screen but the write, where it asks first.
  // A stick's check being asked for or running takes the keys (Ctrl-C stops it first).
  if (checking(s)) return key_checking(s, key);
  if (key == kKeyCtrlC && s.screen != Screen::kWrite && s.screen != Screen::kStation)
    return ActionKind::kQuit;
  switch (s.screen) {
    case Screen::kImage:
      return key_image(s, key);
    case Screen::kHash:
      return key_hash(s, key);
    case Screen::kDrive:
      return key_drive(s, key);
    case Screen::kConfirm:
      return key_confirm(s, key);
    case Screen::kWrite:
      return key_write(s, key);
    case Screen::kResult:
      return key_result(s, key);
    case Screen::kStation:
      return key_station(s, key);
  }
  return ActionKind::kNone;
}

void on_dir_listed(AppState& s, std::vector<FileEntry> entries, std::string error) {
  s.browser.entries = image_entries(std::move(entries));
  if (s.browser.dir != "/")
    s.browser.entries.insert(s.browser.entries.begin(), FileEntry{"..", true, 0});
  // Start on the first image, so picking the only image in a folder is one key.
  const auto& e = s.browser.entries;
  const auto first_file =
      std::find_if(e.begin(), e.end(), [](const FileEntry& f) { return !f.is_dir; });
  s.browser.cursor = first_file == e.end() ? 0 : static_cast<std::size_t>(first_file - e.begin());
  s.browser.error = std::move(error);
}

void on_drives(AppState& s, std::vector<ListedDrive> drives) {
  std::string selected_name;
  if (const auto* sel = selected_drive(s)) selected_name = sel->drive.name;
  s.drives.drives = std::move(drives);
  // Keep the cursor on the same drive by name; never move it onto another one.
  if (!selected_name.empty()) {
    s.drives.cursor.reset();
    const auto visible = visible_drives(s);
    for (std::size_t i = 0; i < visible.size(); ++i) {
      if (visible[i]->drive.name == selected_name) s.drives.cursor = i;
    }
  }
  prune_marks(s);
  if (s.screen != Screen::kConfirm) return;
  if (writing_many(s)) {
    back_if_targets_changed(s);
  } else if (s.drives.chosen) {
    back_if_chosen_changed(s);
  }
}

void on_chosen_drive_changed(AppState& s, const std::string& what) {
  s.drives.notice = fmt::format(
      "The drive changed since you chose it; nothing was written. Choose again.\n{}: {}",
      s.drives.chosen ? s.drives.chosen->drive.name : "the drive", what);
  s.drives.chosen.reset();
  s.drives.cursor.reset();
  s.screen = Screen::kDrive;
}

void on_write_progress(AppState& s, const writer::ProgressEvent& ev) {
  auto& w = s.write;
  w.progress = ev;
  const auto i = static_cast<std::size_t>(ev.phase);
  if (i >= std::size(w.phases)) return;  // a stick's check has no row of the write screen
  for (std::size_t p = 0; p < i; ++p) {
    // The prepare phase is skipped by most writes: it stays pending (and hidden) unless it ran.
    const bool skipped = p == static_cast<std::size_t>(writer::Phase::kPrepare) &&
                         w.phases[p] == PhaseState::kPending;
    if (!skipped) w.phases[p] = PhaseState::kDone;
  }
  w.phases[i] = ev.done ? PhaseState::kDone : PhaseState::kRunning;
}

void on_write_done(AppState& s, writer::JobReport report) {
  s.result = std::move(report);
  s.write.asking_stop = false;
  s.screen = Screen::kResult;
}

bool looks_like_image(const std::string& name) {
  for (const std::string_view ext : {".iso", ".img", ".raw", ".bin"}) {
    if (name.size() > ext.size() && platform::ends_with_ignoring_case(name, ext)) return true;
  }
  return false;
}

std::vector<FileEntry> image_entries(std::vector<FileEntry> all) {
  std::vector<FileEntry> out;
  for (auto& e : all) {
    if (e.name.empty() || e.name[0] == '.') continue;
    if (e.is_dir || looks_like_image(e.name)) out.push_back(std::move(e));
  }
  std::sort(out.begin(), out.end(), [](const FileEntry& a, const FileEntry& b) {
    return a.is_dir != b.is_dir ? a.is_dir : a.name < b.name;
  });
  return out;
}

}  // namespace sw::tui
