#pragma once
/// ASCII text helpers for names that compare without case: hex digests, algorithm names, FAT
/// and UDF file names, image extensions. Not locale-aware, by design: these are ASCII formats.

#include <string>
#include <string_view>

namespace sw::platform {

/// Lower-cases ASCII letters; every other byte is kept (UTF-8 passes through unchanged).
std::string to_lower(std::string_view text);

/// True when `text` ends with `suffix`, ignoring ASCII case.
bool ends_with_ignoring_case(std::string_view text, std::string_view suffix);

}  // namespace sw::platform
