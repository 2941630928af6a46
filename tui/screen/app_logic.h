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

/// Sorts browser entries: directories first, then files, each by name; hides dot files and
/// files that are not images.
std::vector<FileEntry> image_entries(std::vector<FileEntry> all);

/// True for names the browser offers as images (.iso, .img, .raw, .bin; case-insensitive).
bool looks_like_image(const std::string& name);

}  // namespace sw::tui
