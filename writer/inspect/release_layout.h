#pragma once
/// The layout of Microsoft's Windows installer ISOs (Windows 7, 8, 8.1, 10, 11): which
/// executables, scripts and drivers a release holds at the root and in sources/, so that one
/// a release does not have stands out. One list, kept in release_layout.cpp with its sources.

#include <optional>
#include <string>
#include <string_view>

namespace sw::writer {

/// Where on the ISO a file lies.
enum class LayoutDir { kRoot, kSources };

/// Why the file `name` (its name alone, as the ISO spells it) in `dir` is not what a release
/// holds: "a script (.cmd)", "an executable (.exe)", "a driver (.sys)"; none when it is a
/// release's file or not an executable, script or driver at all (text, images, folders).
std::optional<std::string> unexpected_file(LayoutDir dir, std::string_view name);

/// True for the answer files Windows Setup reads from its media: autounattend.xml or
/// unattend.xml, at the root or in sources/, compared without case.
bool is_answer_file(LayoutDir dir, std::string_view name);

}  // namespace sw::writer
