#pragma once
/// The write screen (phases and progress) and the result screen (verified, or what failed).

#include "tui/screen/app_state.h"
#include "tui/screen/frame.h"

namespace sw::tui::view {

/// The write screen's body: the phases, the progress bar, the stop question.
void body_write(const AppState& s, Frame& f);
/// The result screen's body: what the drive holds, who vouches for it, the audit log; or what
/// failed and what to try.
void body_result(const AppState& s, Frame& f);

}  // namespace sw::tui::view
