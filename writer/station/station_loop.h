#pragma once
/// The station's watch: looks at /sys/block every half second, writes every eligible stick
/// plugged in after it started (each on its own thread, with write_stick), never one that was
/// there at the start, and once per insertion. Front ends render its events and decide when to
/// stop; the loop never draws.

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "platform/block_watch.h"
#include "platform/drives.h"
#include "writer/station/station.h"

namespace sw::writer {

/// One thing that happened at the station.
struct StationEvent {
  enum class Kind {
    kPresent,   ///< there when the station started: never written
    kRefused,   ///< plugged in, and not written (reason)
    kStarted,   ///< plugged in and being written (stick, target)
    kFinished,  ///< written and read back, or failed (stick, target, report)
    kRemoved,   ///< pulled out
  };
  Kind kind = Kind::kPresent;
  std::string name;                       ///< kernel name, "sdb"
  std::string path;                       ///< "/dev/sdb"
  std::optional<platform::Drive> drive;   ///< as described when it was seen (none once removed)
  std::string reason;                     ///< kRefused: why
  std::size_t stick = 0;                  ///< kStarted, kFinished: 0 for the session's first stick
  const PlannedTarget* target = nullptr;  ///< kStarted, kFinished
  const JobReport* report = nullptr;      ///< kFinished
};

/// What the front end gives the loop. on_event and the sinks are called from the loop's thread
/// and the sticks' threads at the same time: the front end serializes them.
struct StationHooks {
  std::function<void(const StationEvent&)> on_event;
  /// The progress sink of a stick, asked for before its kStarted event.
  std::function<ProgressSink(std::size_t stick, const std::string& path)> sink_for;
  /// Polled: stop watching for new sticks (the sticks being written go on).
  std::function<bool()> stop_watching;
  /// Polled: stop the sticks being written too (they are left unusable, and say so).
  std::function<bool()> stop_sticks;
};

/// How the station runs.
struct StationSetup {
  const WritePlan* plan = nullptr;  ///< the image, its mode and checks (no targets)
  WriteRequest request;             ///< what judges each stick, as a write judges its target
  StationRules rules;
  std::optional<std::size_t> count;  ///< stop watching after this many sticks
  std::chrono::milliseconds poll{500};
  /// A look at /sys/block (default: list_block_entries of the request's sysroot).
  std::function<std::vector<platform::BlockEntry>()> look;
  /// Waits between looks (default: sleeps).
  std::function<void(std::chrono::milliseconds)> wait;
  const Clock* clock = &steady_clock();
};

/// What the session did.
struct StationSummary {
  std::size_t sticks = 0;    ///< written (started)
  std::size_t verified = 0;  ///< finished without error
  std::size_t failed = 0;
  bool sticks_stopped = false;  ///< stop_sticks ended sticks in progress
};

/// Watches and writes until `count` sticks were started or stop_watching, then waits for the
/// sticks in progress. `image` must hold an accepted hash (hash_station_image without error).
StationSummary run_station(const StationImage& image, const StationSetup& setup,
                           const StationHooks& hooks);

}  // namespace sw::writer
