#pragma once
/// An inspection as the front ends show it: the documented JSON (docs/inspect-schema.md) and
/// text lines for the terminal and the command line.

#include <string>
#include <vector>

#include "writer/inspect/inspect.h"

namespace sw::tui {

/// The inspection as one JSON object.
std::string inspection_json(const writer::Inspection& r);

/// A few lines: the kind, the boot verdict, the CPU, the partition table or ISO.
std::vector<std::string> inspection_summary(const writer::Inspection& r);

/// The summary followed by every partition, El Torito entry and reason.
std::vector<std::string> inspection_details(const writer::Inspection& r);

/// "yes" or "no".
inline const char* yes_no(bool b) { return b ? "yes" : "no"; }

}  // namespace sw::tui
