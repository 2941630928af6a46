#pragma once
/// The drive screen's tools (issue 17): a stick's check (c) and what it found, kept beside the
/// drive; restoring a stick to a normal one (f) goes through the confirm and write screens.
/// Plain values: nothing here touches curses, threads or the disk.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "platform/drives.h"
#include "platform/result.h"
#include "writer/progress.h"

namespace sw::tui {

/// A check of one drive or of several (the confirm screen's targets), one after another.
struct CheckRun {
  std::vector<platform::Drive> queue;  ///< the drives as the user chose them, in order
  std::size_t current = 0;             ///< the one being checked
  bool asking = false;                 ///< the drive screen asks before it writes test blocks
  bool stopping = false;               ///< the user stopped it: its blocks are being put back
  writer::ProgressEvent progress;      ///< the current drive's (Phase::kCheck, in steps)
};

/// What a check found, shown beside the drive while it is the same drive (same_stick).
struct CheckVerdict {
  platform::Drive drive;     ///< as it was checked
  std::string words;         ///< one line: "genuine: ...", "COUNTERFEIT: ..."
  bool good = false;         ///< genuine, and the check finished
  std::optional<Error> bad;  ///< counterfeit or failing: writing it is refused, with this
};

}  // namespace sw::tui
