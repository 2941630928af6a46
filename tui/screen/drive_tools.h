#pragma once
/// The drive screen's tools: checking a stick (c on the drive and confirm screens) and restoring
/// it to a normal stick (f on the drive screen). Their keys and events as pure functions of the
/// state, and their pieces of the screens. The runner (drive_tools_runner.h) does the work.

#include <string>

#include "tui/screen/app_state.h"
#include "tui/screen/frame.h"
#include "writer/stick_check.h"

namespace sw::tui {

/// The label a stick restored from the terminal UI gets (the command line's default too).
inline constexpr const char* kRestoreLabel = "STICK";

/// c on the drive screen: asks before checking the drive under the cursor.
ActionKind ask_check(AppState& s);
/// c on the confirm screen: checks the chosen drive, or every target, without asking again.
ActionKind check_chosen(AppState& s);
/// A check is asked for or running: the keys go to it (y starts it; Esc, q or c stop it).
bool checking(const AppState& s);
ActionKind key_checking(AppState& s, int key);
/// Progress of the check of drive `i` of the run.
void on_check_progress(AppState& s, std::size_t i, const writer::ProgressEvent& ev);
/// The check of drive `i` of the run ended: its verdict is kept beside the drive.
void on_check_done(AppState& s, std::size_t i, const Result<writer::StickCheck>& r);
/// Every drive of the run was checked (or the run stopped). On the confirm screen a bad verdict
/// sends the user back to the drive list: nothing was written.
void on_checks_finished(AppState& s);
/// The verdict of the last check of `d`, while it is the same stick; none when not checked.
const CheckVerdict* verdict_for(const AppState& s, const platform::Drive& d);

/// f on the drive screen: the drive under the cursor goes to the confirm screen, to be restored.
ActionKind choose_restore(AppState& s);
/// The restore ended: `summary` says what the stick holds now (empty when it failed).
void on_restore_done(AppState& s, writer::JobReport report, std::string summary,
                     std::string log_note);

namespace view {
/// The line under a drive's row (and on the confirm screen) with its check's verdict, if any.
void verdict_line(const AppState& s, const platform::Drive& d, Frame& f, const char* indent);
/// The check being asked for or running, in at most three lines.
void check_panel(const AppState& s, Frame& f);
/// The result screen of a restore.
void body_restored(const AppState& s, Frame& f);
}  // namespace view

}  // namespace sw::tui
