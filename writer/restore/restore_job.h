#pragma once
/// Restoring one drive: open it (unmounting it), find its signatures, plan, write, and read the
/// new metadata back. The front ends judge the drive and ask the user before calling this.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "platform/result.h"
#include "writer/job.h"
#include "writer/passes.h"
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

/// A request for a fresh stick of file system `fs` labelled `label` (fat_label's rules), dated
/// now (local time), with a random volume id; the drive's size is filled in when it is opened.
Result<RestoreRequest> new_restore_request(FsKind fs, std::string_view label);

/// The refusals that need only the drive's size and sector size, made before the user is asked:
/// the drive's (check_drive, plan_restore's), and exFAT without mkfs.exfat.
Result<void> check_restorable(const RestoreRequest& request, std::uint64_t disk_bytes,
                              std::uint32_t sector_bytes);

/// The label as the user gave it: without the padding.
std::string label_text(const std::array<char, 11>& label);

/// Restores the drive of `target` as `request` says (its disk size, sector size and signatures
/// are filled in here from the opened drive; libblkid probes the signatures at `node_path`, the
/// file the drive is opened at: a sysroot's node under a fixture). `request.exfat_volume` is
/// made here for exFAT. Progress: Phase::kWrite (the wipes and the new metadata), kSync and
/// kVerify, in bytes.
RestoreReport restore_drive(const TargetSpec& target, const std::string& node_path,
                            RestoreRequest request, const PassContext& ctx);

/// The report of a restore as a write job's report (mode kRestore, no image), for the audit log.
JobReport job_report(const RestoreReport& r);

}  // namespace sw::writer::restore
