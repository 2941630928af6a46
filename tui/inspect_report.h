#pragma once
/// An inspection as the front ends show it: the documented JSON (docs/inspect-schema.md) and
/// text lines for the terminal and the command line.

#include <cstddef>
#include <string>
#include <vector>

#include "tui/json.h"
#include "writer/inspect/inspect.h"

namespace sw::tui {

/// The inspection as one JSON object.
std::string inspection_json(const writer::Inspection& r);

/// A few lines: the kind, the boot verdict, the CPU, the partition table or ISO.
std::vector<std::string> inspection_summary(const writer::Inspection& r);

/// The summary followed by every partition, El Torito entry and reason.
std::vector<std::string> inspection_details(const writer::Inspection& r);

/// The tamper verdict of a Windows installer, worded honestly: "no tells found (this does not
/// prove the ISO is genuine; only a digest from the publisher does)" or "doctored-looking: N
/// tells"; empty for an image that is not a Windows installer.
std::string tamper_verdict(const writer::Inspection& r);

/// "Tamper check: " and the verdict, then a line per tell ("  - answer file runs:
/// /autounattend.xml: ..."), at most `max_tells` of them and then "  ... and N more", then a
/// line per note; empty for an image that is not a Windows installer.
std::vector<std::string> tamper_lines(const writer::Inspection& r, std::size_t max_tells);

/// A Windows installer's tells as JSON members of a "windows" object (`"tamper_verdict":...,
/// "tamper_tells":[...]`) added to `o`; nothing for an image that is no Windows installer.
void add_tamper_json(JsonObject& o, const writer::Inspection& r);

/// "yes" or "no".
inline const char* yes_no(bool b) { return b ? "yes" : "no"; }

}  // namespace sw::tui
