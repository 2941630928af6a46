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

/// The warnings to show when the raw write may go ahead, or the refusal: kTargetRefused for an
/// ISO that cannot boot from USB or a Windows installer (unless kRaw), kInput for a truncated
/// image (always).
Result<std::vector<std::string>> check_raw_write(const Inspection& r, WriteMode mode);

}  // namespace sw::writer
