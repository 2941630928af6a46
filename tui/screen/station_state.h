#pragma once
/// The terminal UI's station mode: its state, as plain values (the runner turns the engine's
/// events into StationNews). Nothing here touches curses, threads or the disk.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/result.h"
#include "writer/progress.h"

namespace sw::tui {

/// One drive the station has seen since it started.
struct StationRow {
  enum class Kind { kWriting, kVerified, kFailed, kRefused };
  Kind kind = Kind::kWriting;
  std::string name;   ///< "sdb"
  std::string title;  ///< "SanDisk Cruzer Blade, 16.0 GB"
  std::string text;   ///< the failure or refusal in words
  std::optional<std::uint64_t> first_difference;
  writer::ProgressEvent progress;
  bool plugged = true;  ///< false once pulled out (the row then goes)
};

/// One event of the station, as values.
struct StationNews {
  enum class Kind { kPresent, kRefused, kStarted, kProgress, kFinished, kRemoved };
  Kind kind = Kind::kPresent;
  std::string name;
  std::string title;
  std::string reason;          ///< kRefused
  std::optional<Error> error;  ///< kFinished: none when verified
  std::optional<std::uint64_t> first_difference;
  writer::ProgressEvent progress;  ///< kProgress
  std::string log_note;            ///< kFinished: the audit log's words
};

/// Where the station stands.
enum class StationPhase {
  kConfirm,   ///< showing its rules, waiting for "station" to be typed
  kHashing,   ///< hashing the image once for every stick
  kWatching,  ///< writing every stick plugged in
  kStopping,  ///< no new sticks; the ones being written finish (or are stopped)
  kStopped,   ///< done: the summary
  kFailed,    ///< the image was refused (hash, signature): no stick was written
};

/// Station mode.
struct StationState {
  StationPhase phase = StationPhase::kConfirm;
  std::string typed;
  std::string error;  ///< a wrong confirmation, or why the station could not start
  writer::ProgressEvent hash_progress;
  std::vector<std::string> present;  ///< sticks there at the start: never written
  std::vector<StationRow> rows;
  std::size_t verified = 0, failed = 0;
  int worst_exit = 0;        ///< the most serious failed stick's exit code (0: none failed)
  bool asking_stop = false;  ///< q with sticks being written: finish them, or stop them?
  bool sticks_stopped = false;
  std::string log_note;  ///< the audit log: sticks verified today
  /// Sticks being written now.
  std::size_t writing() const {
    std::size_t n = 0;
    for (const auto& r : rows) n += r.kind == StationRow::Kind::kWriting ? 1 : 0;
    return n;
  }
};

}  // namespace sw::tui
