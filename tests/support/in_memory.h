#pragma once
/// Offsets and sizes of the tests' in-memory images, as indexes. A byte offset on a drive or in
/// a file is 64 bits, a position in memory a size_t: 32 bits on 32-bit builds (i386). The tests'
/// images are small, so the offsets they take from them fit; one that does not is a broken test
/// and fails here, instead of being cut silently.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

namespace sw::test {

/// `v` as a size_t; throws std::length_error when it does not fit.
inline std::size_t in_memory(std::uint64_t v) {
  if (v > std::numeric_limits<std::size_t>::max()) {
    throw std::length_error("a test's in-memory image cannot hold byte " + std::to_string(v));
  }
  return static_cast<std::size_t>(v);
}

}  // namespace sw::test
