#pragma once
/// Building a screen's frame line by line: the pieces every screen's view uses.

#include <cstddef>
#include <string>

#include "tui/screen/frame.h"
#include "writer/progress.h"

namespace sw::tui::view {

/// Appends a line.
void add(Frame& f, Line line);
/// Appends a line of one style.
void text(Frame& f, const std::string& t, Style st = Style::kNormal);
/// Appends an empty line.
void blank(Frame& f);
/// `s` cut to `width` columns, "..." marking the cut.
std::string clip(const std::string& s, int width);
/// `s` in a column `width` wide: clipped when longer, padded with spaces when shorter.
std::string cell(const std::string& s, std::size_t width);
/// Appends `m` wrapped at spaces to `width` columns, at most `max_lines` lines.
void wrapped(Frame& f, const std::string& m, Style st, int width, int max_lines);
/// "42.0%  1.2 GB / 2.9 GB  31.5 MB/s  ETA 1m 02s  elapsed 40s".
std::string bytes_line(const writer::ProgressEvent& ev);
/// The part of a phase done, 0..1.
double fraction(const writer::ProgressEvent& ev);

}  // namespace sw::tui::view
