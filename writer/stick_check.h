#pragma once
/// `check`: a stick's real capacity (CapacityProbe) and its sequential write and read speed,
/// measured on a region at its start. Why it writes at all: a counterfeit stick answers reads of
/// blocks it never stored with whatever it likes, so only data written and read back shows what
/// it keeps. Non-destructive unless asked: the region is read first and put back, as are the
/// probe's blocks, and both are read back to prove it.

#include <cstdint>
#include <optional>
#include <string>

#include "platform/block_device.h"
#include "platform/result.h"
#include "writer/capacity_probe.h"
#include "writer/progress.h"

namespace sw::writer {

/// What to check, and how.
struct CheckRequest {
  ProbeMode mode = ProbeMode::kKeepData;
  /// Bytes written and read for the speeds (at most a quarter of the real capacity). Held in
  /// memory twice when the data is kept, hence a memory size.
  std::size_t speed_bytes = std::size_t{64} * 1024 * 1024;
  const Clock* clock = &steady_clock();
  ProgressSink sink;
  CancelToken cancel;
};

/// The check's findings.
struct StickCheck {
  ProbeResult probe;
  double write_mb_s = 0, read_mb_s = 0;  ///< decimal MB per second
  std::uint64_t speed_bytes = 0;         ///< the region they were measured on
  double seconds = 0;
  /// The verdict as a refusal for a write (bad_stick_error); none for a genuine stick.
  std::optional<Error> bad;
};

/// Checks the stick. The verdict is in the result, not an error: errors are I/O failures, a
/// stop (the saved blocks are put back first) and a restore that does not read back.
Result<StickCheck> check_stick(platform::BlockDevice& dev, const CheckRequest& request);

/// The verdict as a refusal for a write (ErrorKind::kBadStick), or none for a genuine stick:
/// "announces 64.0 GB, holds 8.0 GB: writing past 8.0 GB is lost".
std::optional<Error> bad_stick_error(const std::string& target, const ProbeResult& r);

}  // namespace sw::writer
