#pragma once
/// The terminal UI's controller: runs the curses loop, performs the actions the logic asks for,
/// and runs hashing and writing on a worker thread whose events come back through a mailbox.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "writer/trust.h"

namespace sw::tui {

/// How the terminal UI was started.
struct TuiOptions {
  std::string image;                     ///< skip the browser when set
  std::string start_dir;                 ///< where the browser starts (default: current dir)
  std::string sysroot;                   ///< --sysroot
  std::vector<std::string> file_drives;  ///< files offered as virtual drives (the demo)
  bool allow_non_removable = false;
  /// Keyrings and catalogs (loaded by the caller); null: none.
  std::shared_ptr<const writer::Trust> trust;
  bool require_signature = false;  ///< --require-signature: the S toggle starts on
  std::optional<std::string> log;  ///< --log FILE: the audit log (else tui::audit_log_path's)
  std::string version;             ///< stickwright's, for the audit log
};

/// Runs the UI until the user quits; returns the exit code.
int run_tui(const TuiOptions& options);

}  // namespace sw::tui
