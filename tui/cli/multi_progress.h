#pragma once
/// Progress of several targets written at once: a row per target (name, model, phase, percent,
/// bytes, rate, ETA, state) redrawn in place on a terminal, a line per target every few seconds
/// otherwise, or JSON lines with "target". The targets' threads call the sinks at the same time:
/// one mutex serializes them. Rows may come and go (the station's sticks), with lines printed
/// above them.

#include <chrono>
#include <cstdio>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tui/cli/progress_printer.h"
#include "writer/progress.h"

namespace sw::tui {

class MultiProgress {
 public:
  /// `names` and `models` per target (the model may be empty).
  MultiProgress(ProgressStyle style, std::vector<std::string> names,
                std::vector<std::string> models, const writer::Clock& clock);

  /// The sink of target `i`.
  writer::ProgressSink sink_for(std::size_t i);
  /// The sink of a phase every target shares (the hash pass): every row shows it; its JSON
  /// events have no "target".
  writer::ProgressSink shared_sink();
  /// Draws the rows once more as they are and leaves them.
  void finish();

  /// Adds a row (a stick plugged into the station); returns its index for sink_for.
  std::size_t add_row(std::string name, std::string model);
  /// Ends row `i`'s progress with a state that stays until the row is removed.
  void set_state(std::size_t i, std::string state);
  /// Takes row `i` off the display (its stick was pulled out).
  void remove_row(std::size_t i);
  /// Prints a line above the rows: words on a terminal or in a log, a JSON line for scripts.
  void print(std::string_view line);

  /// The row of target `i` as a person reads it.
  std::string row(std::size_t i) const;

 private:
  /// An event of target `i`, or of all of them when `i` is none.
  void on_event(std::optional<std::size_t> i, const writer::ProgressEvent& ev);
  void draw_rows();

  std::FILE* m_out;
  ProgressStyle m_style;
  std::vector<std::string> m_names, m_models;
  std::vector<std::optional<writer::ProgressEvent>> m_last_event;
  std::vector<std::optional<std::string>> m_state;  ///< a final state instead of progress
  std::vector<bool> m_shown;                        ///< false once removed
  std::vector<std::string> m_pending_lines;         ///< printed above the rows at the next draw
  std::size_t m_drawn_rows = 0;                     ///< rows drawn in place last time
  const writer::Clock& m_clock;
  std::optional<std::chrono::nanoseconds> m_last_draw;
  std::mutex m_mutex;
};

}  // namespace sw::tui
