#pragma once
/// Progress of several targets written at once: a row per target (name, model, phase, percent,
/// bytes, rate, ETA, state) redrawn in place on a terminal, a line per target every few seconds
/// otherwise, or JSON lines with "target". The targets' threads call the sinks at the same time:
/// one mutex serializes them.

#include <chrono>
#include <cstdio>
#include <mutex>
#include <optional>
#include <string>
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
  const writer::Clock& m_clock;
  std::optional<std::chrono::nanoseconds> m_last_draw;
  bool m_drawn = false;
  std::mutex m_mutex;
};

}  // namespace sw::tui
