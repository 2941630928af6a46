#pragma once
/// The terminal UI's logic as functions of (state, key or event) -> (state, action): testable
/// without a terminal. The runner performs the actions and feeds results back as events.

#include <string>
#include <vector>

#include "tui/screen/app_state.h"
#include "writer/expected_hash.h"
#include "writer/inspect/inspect.h"
#include "writer/passes.h"
#include "writer/provenance.h"

namespace sw::tui {

/// Keys, independent of curses (printable characters are their own code).
enum Key : int {
  kKeyCtrlC = 3,
  kKeyBackspace = 8,
  kKeyEnter = 10,
  kKeyEsc = 27,
  kKeyUp = 0x1001,
  kKeyDown,
  kKeyLeft,
  kKeyRight,
  kKeyPageUp,
  kKeyPageDown,
};

/// Applies one key.
ActionKind handle_key(AppState& s, int key);

/// The image browser read its directory.
void on_dir_listed(AppState& s, std::vector<FileEntry> entries, std::string error);
/// The expected hash was resolved for the chosen image; starts the hash.
ActionKind on_hash_resolved(AppState& s, const Result<writer::HashResolution>& r);
/// The image was inspected (when it was picked).
void on_image_inspected(AppState& s, const Result<writer::Inspection>& r);
/// Hash progress.
void on_hash_progress(AppState& s, const writer::ProgressEvent& ev);
/// The hash pass ended.
void on_hash_done(AppState& s, const Result<writer::ImageDigests>& r);
/// A hash pass starts: the verdict of the last one no longer holds.
void on_hash_started(AppState& s);
/// After the hash pass: who vouches for the image (a catalog may give the expected digest).
/// Nothing is judged for an image whose digest did not match.
void on_hash_judged(AppState& s, const writer::AuthVerdict& v);
/// The image may go on as far as signatures go: none is required, or it is authentic.
bool signature_satisfied(const AppState& s);
/// A drive scan finished. On the confirm screen, a chosen drive that disappeared or differs from
/// the snapshot taken when it was chosen sends the user back to the list.
void on_drives(AppState& s, std::vector<ListedDrive> drives);
/// The chosen drive is not the one the user chose any more (`what`, in platform::drive_change's
/// words): back to the drive list, nothing chosen, with a notice saying nothing was written.
void on_chosen_drive_changed(AppState& s, const std::string& what);
/// Write job progress.
void on_write_progress(AppState& s, const writer::ProgressEvent& ev);
/// The write job ended.
void on_write_done(AppState& s, writer::JobReport report);

/// Applies an editing key (Backspace, or a printable character up to `max_chars`) to a text
/// field; returns false for keys that are not editing keys.
bool edit_field(std::string& field, int key, std::size_t max_chars);

/// Why the user may not choose `drive` for writing (its verdict under the current toggles, or
/// root, or what a check of it found), as the drive screen says it; empty when it may be
/// written. f (restore) asks this; Enter and the space bar ask why_not_imaged.
std::string why_not_writable(const AppState& s, const ListedDrive& drive);
/// `path` (`bytes` long) is the image: its hash and checks start afresh on the hash screen, and
/// the sticks-only mode ends.
void pick_image(AppState& s, std::string path, std::uint64_t bytes);
/// why_not_writable, and before it that there is no image to write (`d`, sticks only): what
/// writing the image to the drive needs (Enter, the space bar, the drive's mark box).
std::string why_not_imaged(const AppState& s, const ListedDrive& drive);
/// why_not_writable without a check's verdict: what checking the drive (c) needs.
std::string why_not_eligible(const AppState& s, const ListedDrive& drive);
/// The drive under the cursor when `why_not` has nothing against it. Otherwise none, and the
/// notice says why, or asks to choose a drive with the arrow keys first (`then`: ", then press
/// c to check it").
const ListedDrive* drive_for(AppState& s, std::string_view then,
                             std::string (*why_not)(const AppState&, const ListedDrive&));
/// Chooses one drive (a snapshot of it) and opens the confirm screen for it.
void choose_one(AppState& s, const ListedDrive& drive);

// Several drives at once (multi_logic.cpp).

/// The space bar on the drive screen: marks the drive under the cursor, or unmarks it. Only a
/// drive that may be written is marked; for another, the notice says why.
ActionKind toggle_mark(AppState& s);
/// Drops the marks of drives that are gone or may no longer be written (a refresh, a toggle).
void prune_marks(AppState& s);
/// Enter on the drive screen with marks: one mark chooses that drive as Enter on it would; two
/// or more are snapshotted into drives.targets and the confirm screen asks for their number
/// (and the runner checks them together: ActionKind::kCheckTargets).
ActionKind choose_marked(AppState& s);
/// A key on the confirm screen for several drives: the number of drives, then "erase" when one
/// looks like a hard disk. A wrong number goes back to the drive list; nothing is written.
ActionKind key_confirm_many(AppState& s, int key);
/// Sends the user back to the drive list when a target is gone or differs from its snapshot;
/// returns true if it did.
bool back_if_targets_changed(AppState& s);
/// The target `name` is not the drive the user chose any more (`what`): back to the list, its
/// mark dropped, nothing chosen, with a notice saying nothing was written.
void on_target_changed(AppState& s, const std::string& name, const std::string& what);
/// The targets cannot be written together (a plan or preflight refusal, e.g. a Windows
/// installer, which is built one stick at a time): back to the list with the refusal.
void on_targets_refused(AppState& s, const Error& e);
/// Progress of target `i` (an index into drives.targets) from its own thread, serialized by the
/// runner; the shared hash pass goes to on_write_progress.
void on_target_progress(AppState& s, std::size_t i, const writer::ProgressEvent& ev);
/// The write of several drives ended; `log_note` is what the result screen says of the audit log.
void on_multi_write_done(AppState& s, writer::MultiReport report, std::string log_note);

/// Sorts browser entries: directories first, then files, each by name; hides dot files and
/// files that are not images.
std::vector<FileEntry> image_entries(std::vector<FileEntry> all);

/// True for names the browser offers as images (.iso, .img, .raw, .bin; case-insensitive).
bool looks_like_image(const std::string& name);

}  // namespace sw::tui
