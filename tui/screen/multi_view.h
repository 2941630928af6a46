#pragma once
/// The screens for several drives at once: the marks on the drive list, the confirmation by
/// their number, a progress row per drive and a result row per drive. All fit 80 columns.

#include <string>

#include "tui/screen/app_state.h"
#include "tui/screen/frame.h"

namespace sw::tui::view {

/// A drive row's mark: "[x]" marked, "[ ]" one that may be marked, blank for the others.
std::string mark_box(const AppState& s, const ListedDrive& d);
/// The drive screen's line naming the marked drives, when there are any.
void marked_line(const AppState& s, Frame& f);
/// The confirm screen for drives.targets: each drive (as many as fit, then "and N more"), the
/// image, and the question (their number; then "erase" when one looks like a hard disk).
void body_confirm_many(const AppState& s, Frame& f);
/// The write screen for drives.targets: the shared hash pass, then a row per drive.
void body_write_many(const AppState& s, Frame& f);
/// The result screen for several drives: "N of M sticks good", a row per drive with its
/// outcome, and the audit log's line.
void body_result_many(const AppState& s, Frame& f);

}  // namespace sw::tui::view
