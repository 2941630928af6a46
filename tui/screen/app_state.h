#pragma once
/// The terminal UI's whole state, and the actions its pure logic asks the runner to carry out.
/// Nothing here touches curses, threads or the disk.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tui/drive_view.h"
#include "tui/screen/drive_tools_state.h"
#include "tui/screen/station_state.h"
#include "writer/authenticity.h"
#include "writer/catalog.h"
#include "writer/checksum_file.h"
#include "writer/inspect/inspect.h"
#include "writer/job.h"
#include "writer/multi_job.h"
#include "writer/progress.h"

namespace sw::tui {

/// The steps of the flow, in order.
enum class Screen {
  kImage,
  kHash,
  kDrive,
  kConfirm,
  kWrite,
  kResult,
  kStation,  ///< station mode (t on the drive screen): off the numbered steps
};

/// One entry of the image browser.
struct FileEntry {
  std::string name;
  bool is_dir = false;
  std::uint64_t size_bytes = 0;
};

/// Step 1: choosing the image.
struct BrowserState {
  std::string dir;
  std::vector<FileEntry> entries;
  std::size_t cursor = 0;
  std::string error;
};

/// Where the hash check stands.
enum class HashStatus {
  kIdle,
  kHashing,
  kMatch,
  kMismatch,
  kNoExpected,
  kAcceptedUnverified,
  kFailed,
  kRefused,  ///< a signature failed: nothing may be written
};

/// Step 2: the hash check.
struct HashState {
  std::optional<writer::ExpectedHash> expected;
  std::vector<std::string> notes;  ///< lists looked at that had no entry
  HashStatus status = HashStatus::kIdle;
  writer::ProgressEvent progress;
  std::string sha256;               ///< computed
  std::string actual_expected_alg;  ///< computed in the expected algorithm
  /// Which bytes the expected digest matched (the image, or a compressed image's file or content).
  writer::HashMatch matched_on = writer::HashMatch::kNone;
  bool typing = false;  ///< the user is typing an expected hash
  std::string input;
  std::string error;
  /// The checksum list's signature (from the resolution) and the image's own, if any.
  writer::Authenticity list_auth;
  std::optional<std::string> image_signature;
  /// Who vouches for the image, judged after the hash pass; and a catalog entry that lists it.
  writer::Authenticity authenticity;
  std::optional<writer::CatalogMatch> catalog;
  bool judged = false;  ///< authenticity is known
};

/// What the inspector says of the image (shown on the hash screen, before the drives).
struct ImageCheck {
  bool done = false;
  std::vector<std::string> summary;   ///< kind, boot verdict, CPU
  std::vector<std::string> warnings;  ///< shown, but the write may go on
  /// A Windows installer's tamper verdict and its first tells (inspect_report: tamper_lines).
  std::vector<std::string> tells;
  /// What the engine decided from, kept for the write plan; none when inspection failed.
  std::optional<writer::Inspection> inspection;
  std::optional<Error> failure;   ///< why the image could not be inspected
  std::string refusal;            ///< non-empty: a raw write is refused
  Remedy remedy = Remedy::kNone;  ///< how to get past the refusal, worded by the view
  bool forced = false;            ///< the user chose to write raw anyway
  bool windows_mode = false;      ///< a Windows installer: the stick is built, not copied
  std::string forced_warning;     ///< shown once the user pressed R

  /// The refusal may be overridden (R: write raw anyway).
  bool can_force() const { return remedy == Remedy::kWriteRawAnyway; }
};

/// Step 3: the drives.
struct DriveState {
  std::vector<ListedDrive> drives;    ///< every disk found, with its verdict
  std::optional<std::size_t> cursor;  ///< index into visible(); none until the user moves
  bool show_hidden = false;           ///< list the disks that are not offered, with reasons
  bool allow_non_removable = false;   ///< offer SATA/NVMe/loop disks too
  /// The drive as the user chose it on the drive screen: confirmation, refreshes and the open
  /// are checked against this snapshot, never against whatever holds its name later.
  std::optional<ListedDrive> chosen;
  /// Drives marked with the space bar (kernel names), to write several at once.
  std::vector<std::string> marked;
  /// The marked drives as the user chose them (Enter with two or more marks), in list order:
  /// like `chosen`, the confirmation and the open are checked against these snapshots.
  std::vector<ListedDrive> targets;
  std::string notice;  ///< e.g. "the drive you chose is gone"; a second line after '\n'
  std::optional<CheckRun> checking;    ///< a stick's check asked for or running (c)
  std::vector<CheckVerdict> verdicts;  ///< what the checks found, newest last
};

/// Step 4: the typed confirmation.
struct ConfirmState {
  std::string typed;
  bool hard_disk_step = false;  ///< the second question for drives that look like hard disks
  std::string error;
  /// The drive is to be restored to a normal stick (f on the drive screen), not written.
  bool restore = false;
};

/// One target's row on the write screen for several drives.
struct TargetProgress {
  writer::ProgressEvent progress;  ///< its last event (write, sync or verify)
  bool started = false;            ///< an event came: it was opened and is being written
  bool finished = false;           ///< its verify (or sync, when not verified) phase ended
};

/// State of one phase in the write screen.
enum class PhaseState { kPending, kRunning, kDone };

/// Step 5: writing.
struct WriteState {
  writer::ProgressEvent progress;
  /// By writer::Phase: hash, prepare (Windows mode only), write, sync, verify.
  PhaseState phases[5] = {PhaseState::kPending, PhaseState::kPending, PhaseState::kPending,
                          PhaseState::kPending, PhaseState::kPending};
  bool asking_stop = false;
  bool stopping = false;
  double elapsed_seconds = 0;
  /// Writing several drives: one row per drives.targets entry; `progress` is the shared hash pass.
  std::vector<TargetProgress> targets;
};

/// Everything the UI shows.
struct AppState {
  Screen screen = Screen::kImage;
  std::string image;  ///< chosen image path
  /// `d` on the image screen: the drive screen with no image, for the stick tools only (check,
  /// restore). Picking an image ends it.
  bool sticks_only = false;
  std::uint64_t image_bytes = 0;
  BrowserState browser;
  HashState hash;
  ImageCheck check;
  DriveState drives;
  ConfirmState confirm;
  WriteState write;
  StationState station;  ///< station mode
  std::optional<writer::JobReport> result;
  /// Several drives written at once: a report per drives.targets entry.
  std::optional<writer::MultiReport> multi_result;
  std::string log_note;  ///< the result screen's line about the audit log
  std::string restored;  ///< a restore's result: what the stick holds now
  /// Only an authentic image may be written (the S key on the hash screen; --require-signature).
  bool require_signature = false;
  bool is_root = true;
  bool real_drives = true;  ///< false under --sysroot or in the demo: writing needs no root
  bool quit = false;
};

/// What the logic asks the runner to do after a key or an event.
enum class ActionKind {
  kNone,
  kListDir,            ///< read browser.dir into browser.entries
  kPickImage,          ///< image chosen: resolve its expected hash
  kStartHash,          ///< hash the image (expected algorithm + sha256)
  kRefreshDrives,      ///< rescan now
  kStartWrite,         ///< run the write job on drives.chosen
  kCheckTargets,       ///< plan drives.targets and make the checks before asking (preflight_all)
  kStartMultiWrite,    ///< run one write job for all of drives.targets
  kCancelJob,          ///< stop the running job
  kStartStation,       ///< station mode: hash once, then write every stick plugged in
  kStopStation,        ///< stop watching; the sticks being written finish
  kStopStationSticks,  ///< stop watching and stop the sticks being written
  kStartCheck,         ///< check drives.checking's drives, one after another
  kStopCheck,          ///< stop the check (its blocks are put back)
  kStartRestore,       ///< restore drives.chosen to a normal stick
  kQuit,
};

/// Drives visible on the drive screen under the current toggles.
std::vector<const ListedDrive*> visible_drives(const AppState& s);
/// The drive the cursor is on, if any.
const ListedDrive* selected_drive(const AppState& s);
/// Writing several drives at once: two or more were chosen.
inline bool writing_many(const AppState& s) { return s.drives.targets.size() >= 2; }
/// A drive by kernel name.
const ListedDrive* find_drive(const AppState& s, const std::string& name);

}  // namespace sw::tui
