#pragma once
/// How an image is written, decided once from its inspection for every front end: a Windows
/// installer ISO is built into a stick (Windows mode), anything else is copied byte for byte
/// under the raw-write rules (raw_plan.h).

#include <string>
#include <string_view>
#include <vector>

#include "platform/result.h"
#include "writer/inspect/inspect.h"
#include "writer/job.h"
#include "writer/raw_plan.h"

namespace sw::writer {

/// How the user asked the image to be written.
enum class ModeRequest {
  kAuto,     ///< Windows mode for a Windows installer ISO, raw for anything else
  kRaw,      ///< byte for byte, whatever the inspection says (the user overrides its verdict)
  kWindows,  ///< Windows mode; refused for anything but a Windows installer ISO
};

/// The mode chosen for an image, with what to know about it.
struct ModeDecision {
  WriteMode mode = WriteMode::kRaw;
  bool automatic = false;  ///< Windows mode chosen by kAuto, not asked for
  /// The raw-write risk the user overrode with kRaw (kNone when nothing was overridden); each
  /// front end says in its own words why the image is written anyway.
  RawRisk overridden = RawRisk::kNone;
  std::vector<std::string> warnings;  ///< shown before writing; the write may go on
};

/// Decides the mode. Refusals: kInput for kWindows on an image that is not a Windows installer,
/// for a compressed Windows installer (Windows mode needs the ISO as a file; kRaw writes it raw)
/// and for a truncated image written raw (whatever the request); kTargetRefused for an image that
/// cannot boot from USB, unless kRaw (Remedy::kWriteRawAnyway).
Result<ModeDecision> decide_mode(const Inspection& r, ModeRequest request);

}  // namespace sw::writer
