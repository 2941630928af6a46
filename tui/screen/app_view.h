#pragma once
/// Renders the UI state into a frame.

#include "tui/screen/app_state.h"
#include "tui/screen/frame.h"

namespace sw::tui {

/// The smallest terminal the UI lays out in.
inline constexpr int kMinWidth = 80;
inline constexpr int kMinHeight = 24;

/// Renders `s` for a terminal of `width` x `height`. Below the minimum it says so.
Frame render(const AppState& s, int width, int height);

/// "[#########.........]" of `width` cells for a fraction 0..1.
std::string progress_bar(double fraction, int width);

}  // namespace sw::tui
