#pragma once
/// Whether an image may be written raw, from its inspection: what cannot boot from USB is
/// refused unless the user forces a raw write (write_mode.h decides); what may be meant for
/// other hardware is written with a warning.

#include <string>
#include <vector>

#include "platform/result.h"
#include "writer/inspect/inspect.h"

namespace sw::writer {

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

}  // namespace sw::writer
