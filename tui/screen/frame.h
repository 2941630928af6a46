#pragma once
/// A rendered screen: lines of styled text. The view produces frames; only the curses layer
/// turns them into terminal output, so rendering is testable as plain text.

#include <string>
#include <vector>

namespace sw::tui {

/// Text styles; each has a monochrome form, and state is always spelled out in words too.
enum class Style { kNormal, kBold, kReverse, kGood, kBad, kWarn, kDim, kTitle };

/// A run of text in one style.
struct Span {
  std::string text;
  Style style = Style::kNormal;
};

/// One line of spans.
using Line = std::vector<Span>;

/// A whole screen.
struct Frame {
  int width = 80;
  int height = 24;
  std::vector<Line> lines;
  int cursor_row = -1;  ///< where the text cursor goes (an input field), -1 for hidden
  int cursor_col = -1;
};

/// The frame as plain text, one line per row (for tests and logs).
std::string frame_text(const Frame& f);

}  // namespace sw::tui
