#pragma once
/// Whether an image may be written raw, from its inspection: what cannot boot from USB is
/// refused unless the user forces a raw write; what may be meant for other hardware is written
/// with a warning.

#include <string>
#include <vector>

#include "platform/result.h"
#include "writer/inspect/inspect.h"

namespace sw::writer {

/// How the user asked the image to be written.
enum class WriteMode {
  kAuto,  ///< by the inspection's verdict
  kRaw,   ///< byte for byte, whatever the inspection says
};

/// What a raw write of the image goes against: a value each front end words with its own flag
/// or key.
enum class RawRisk {
  kNone,               ///< nothing: the inspection allows a raw write
  kWindowsInstaller,   ///< a Windows installer ISO: written raw, it does not boot from a stick
  kCannotBootFromUsb,  ///< an ISO with no way to boot from USB
};

/// The inspection's verdict on a raw write, before any front end's words for forcing it.
struct RawVerdict {
  RawRisk risk = RawRisk::kNone;      ///< not kNone: refused unless the user forces a raw write
  std::string risk_text;              ///< why it is refused, without saying how to force it
  std::vector<std::string> warnings;  ///< shown either way; the write may go on
};

/// The verdict; fails (kInput) only for a truncated image, which no mode writes.
Result<RawVerdict> judge_raw_write(const Inspection& r);

/// The command line's wording of judge_raw_write: the warnings to show when the raw write may go
/// ahead, or the refusal: kTargetRefused for an ISO that cannot boot from USB or a Windows
/// installer (unless kRaw, --mode raw), kInput for a truncated image (always).
Result<std::vector<std::string>> check_raw_write(const Inspection& r, WriteMode mode);

}  // namespace sw::writer
