#pragma once
/// Restoring one drive: open it (unmounting it), find its signatures, plan, write, and read the
/// new metadata back. The front ends judge the drive and ask the user before calling this.

#include <cstdint>
#include <optional>

#include "platform/result.h"
#include "writer/job.h"
#include "writer/progress.h"
#include "writer/restore/restore_plan.h"

namespace sw::writer::restore {

/// What a restore did.
struct RestoreReport {
  std::optional<Error> error;  ///< empty on success
  bool target_opened = false;  ///< false: nothing on the drive was touched
  std::uint64_t bytes_written = 0;
  bool verified = false;
  std::size_t signatures_found = 0;  ///< by libblkid's probing, before the wipe
  RestoreLayout layout;              ///< what was (or was to be) written
  double seconds = 0;
};

/// Restores the drive of `target` as `request` says (its disk size, sector size and signatures
/// are filled in here from the opened drive). `request.exfat_volume` is made here for exFAT.
RestoreReport restore_drive(const TargetSpec& target, RestoreRequest request, CancelToken cancel,
                            const Clock& clock = steady_clock());

/// The report of a restore as a write job's report (mode kRestore, no image), for the audit log.
JobReport job_report(const RestoreReport& r);

}  // namespace sw::writer::restore
