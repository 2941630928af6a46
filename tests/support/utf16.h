#pragma once
// Text as Windows stores it: UTF-16LE with a byte order mark (answer files saved by Windows
// System Image Manager, the XML of WIM files).

#include <cstddef>
#include <string_view>
#include <vector>

namespace sw::test {

/// `s` (ASCII) as UTF-16LE with a byte order mark.
inline std::vector<std::byte> utf16le(std::string_view s) {
  std::vector<std::byte> out{std::byte{0xff}, std::byte{0xfe}};
  for (char c : s) {
    out.push_back(static_cast<std::byte>(c));
    out.push_back(std::byte{0});
  }
  return out;
}

}  // namespace sw::test
