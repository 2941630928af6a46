#pragma once
/// The one write plan for every front end: from what the user asked (an image, targets, a mode,
/// an expected digest, policies) and the image's inspection to what will be written where, and
/// from that plan to the write jobs. The command line, the terminal UI and every later front end
/// go through here, so a decision about a write is made in one place.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "platform/drive_select.h"
#include "platform/drives.h"
#include "platform/linux_device.h"
#include "platform/result.h"
#include "platform/sysroot.h"
#include "writer/checksum_file.h"
#include "writer/inspect/inspect.h"
#include "writer/job.h"
#include "writer/plan/write_mode.h"
#include "writer/source.h"
#include "writer/windows/stick_source.h"

namespace sw::writer {

/// One target as the user named it.
struct TargetRequest {
  /// A disk (/dev/sdb: any path under /dev, or one leading to a block device) or a regular file.
  std::string path;
  /// The drive as the user saw and chose it (the terminal UI's list): the open is checked
  /// against this snapshot, never against whatever holds its name later. None: the drive as it
  /// is found now (the command line, whose user named it just now).
  std::optional<platform::Drive> snapshot;
};

/// How the image's digest is checked and the target read back: what the user asked, carried by
/// the plan into every job unchanged.
struct Checks {
  std::optional<ExpectedHash> expected;  ///< resolved by resolve_expected_hash or typed
  std::vector<std::string> hash_notes;   ///< what the resolution looked at, for messages
  HashPolicy hash_policy = HashPolicy::kRequireExpected;
  VerifyPolicy verify_policy = VerifyPolicy::kVerify;
  Provenance provenance;  ///< the list's signature, the image's, the keys and catalogs
};

/// What the user asked.
struct WriteRequest {
  std::string image;
  std::vector<TargetRequest> targets;
  ModeRequest mode = ModeRequest::kAuto;
  Checks checks;
  bool allow_non_removable = false;  ///< drives that are not USB sticks or SD cards may be written
  platform::Sysroot root;
};

/// One target of the plan, judged by every rule and ready to be opened after the hash check.
struct PlannedTarget {
  TargetSpec spec;
  platform::TargetInfo info;
  std::optional<platform::PreparedDrive> drive;  ///< none for a regular file
  /// Windows mode: the stick generated for this target's size; null in raw mode.
  std::unique_ptr<WindowsStickSource> stream;
};

/// What will be written where, and why.
struct WritePlan {
  ModeDecision mode;
  std::unique_ptr<Source> source;  ///< the image: hashed first, and written in raw mode
  std::vector<PlannedTarget> targets;
  Checks checks;
};

/// Makes the plan: decides the mode from the inspection (decide_mode), opens the image, judges
/// and probes every target (platform::prepare_drive for disks, prepare_file_target for files)
/// and, in Windows mode, lays out a stick for each target's size. Nothing is unmounted, opened
/// for writing or written. Refuses with the first failure, naming its target.
Result<WritePlan> plan_write(const WriteRequest& request, const Inspection& inspection);

/// Judges and probes one more target for a plan in `mode`, as plan_write does for each of its
/// targets (the station adds sticks to its plan as they are plugged in).
Result<PlannedTarget> plan_target(const WriteRequest& request, const TargetRequest& t,
                                  WriteMode mode);

/// A drive to be written by something other than an image (a stick's check, restoring it to a
/// normal stick): found, judged by every rule and probed like a write's target, with no image
/// to protect; opened (unmounting it) only through its spec's open_for_write, which checks it
/// against `target`'s snapshot when there is one.
Result<PlannedTarget> plan_drive_target(const platform::Sysroot& root, const TargetRequest& target,
                                        bool allow_non_removable);

/// The file a planned target is opened at: a drive's node (the sysroot's file under a fixture),
/// or the target's path.
inline const std::string& node_path(const PlannedTarget& t) {
  return t.drive ? t.drive->target.node_path : t.spec.path;
}

/// The write job for one planned target. The plan and the target must outlive the job.
WriteJob make_job(const WritePlan& plan, PlannedTarget& target, ProgressSink sink,
                  CancelToken cancel);

}  // namespace sw::writer
