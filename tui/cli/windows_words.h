#pragma once
/// What the command line says of a Windows installer's stick: before writing (announce_stick)
/// and in the JSON report (windows_json).

#include <string>

#include "writer/inspect/inspect.h"
#include "writer/windows/stick_source.h"

namespace sw::tui {

/// The "windows" object of the JSON report: the stick built (Windows mode), and the ISO's
/// tells (also when a Windows installer is written raw); empty when there is nothing to say.
std::string windows_json(const writer::WindowsStickInfo* stick, const writer::Inspection& r);

/// Says what the Windows stick generated for the target will hold, on stderr.
void announce_stick(const writer::WindowsStickSource& stream);

}  // namespace sw::tui
