#pragma once
/// Renders engine progress events for the command line: an updating line on a terminal,
/// periodic lines otherwise, or JSON lines.

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>

#include "writer/progress.h"

namespace sw::tui {

/// One human progress line: phase, percent, bytes, rate, ETA, elapsed.
std::string progress_line(const writer::ProgressEvent& ev);
/// One JSON progress object (without newline).
std::string progress_json(const writer::ProgressEvent& ev);

/// How progress is shown.
enum class ProgressStyle {
  kTerminalLine,   ///< one line rewritten in place (stderr is a terminal)
  kPeriodicLines,  ///< a line every few seconds and at the end of each phase
  kJsonLines,      ///< one JSON object per line
};

/// Turns events into text on `out`, rate-limited by the injected clock.
class ProgressPrinter {
 public:
  ProgressPrinter(std::FILE* out, ProgressStyle style, const writer::Clock& clock);
  void on_event(const writer::ProgressEvent& ev);
  /// Ends an updating line so later output starts on a fresh line.
  void finish_line();

 private:
  std::FILE* m_out;
  ProgressStyle m_style;
  const writer::Clock& m_clock;
  std::optional<std::chrono::nanoseconds> m_last;
  bool m_line_open = false;
};

}  // namespace sw::tui
