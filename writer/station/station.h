#pragma once
/// The refurbisher's station: one image, hashed once, written to every eligible stick plugged in
/// after the station started, each with the same guarantees as a single write (written block by
/// block, flushed, read back bypassing the cache). This file holds the station's rules and the
/// write of one stick; station_loop.h watches for sticks and runs them.

#include <cstdint>
#include <optional>
#include <string>

#include "platform/drive_rules.h"
#include "platform/drives.h"
#include "platform/fd.h"
#include "writer/job.h"
#include "writer/plan/write_plan.h"
#include "writer/readback_digest.h"

namespace sw::writer {

/// What the station writes, on top of every rule a write applies.
struct StationRules {
  std::uint64_t min_bytes = 0;  ///< smaller sticks are left alone
  /// Larger disks are left alone as "looks like a hard disk" (decimal, as drives are sold).
  std::uint64_t max_bytes = platform::kHardDiskThresholdBytes;
};

/// A USB drive or an SD card: the only drives a station ever writes.
bool is_station_drive(const platform::Drive& drive);

/// Why the station does not write a drive that every write rule allows (none: it writes it).
/// Only USB drives and SD cards, whatever the flags; no hard disk; sizes within the rules.
std::optional<std::string> station_refusal(const platform::Drive& drive,
                                           const platform::Eligibility& eligibility,
                                           const StationRules& rules);

/// The image, hashed once for every stick.
struct StationImage {
  JobReport report;  ///< the hash pass's fields; every stick's report starts as a copy
  std::optional<platform::FileStamp> stamp;  ///< the file as it was hashed
  std::optional<ReadbackKey> key;            ///< the key of the read-back digests
};

/// Checks and hashes the plan's image once, as a write job does before opening its target: an
/// expected digest (or the policy allowing none), the signatures, the hash and its comparison.
/// Raw mode only (a Windows installer's stick is laid out for one size). The report's error
/// says why nothing may be written.
StationImage hash_station_image(const WritePlan& plan, const Clock& clock, const ProgressSink& sink,
                                CancelToken cancel);

/// Writes one stick from a fresh read of the image, which must be the file that was hashed (its
/// stamp) holding the bytes that were hashed (the digest taken while writing); then flushes and
/// reads back. `job` is make_job's for the stick's planned target.
JobReport write_stick(const WriteJob& job, const StationImage& image);

}  // namespace sw::writer
