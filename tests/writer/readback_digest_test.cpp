#include "writer/readback_digest.h"

#include <doctest/doctest.h>

#include "support/memory_device.h"

using namespace sw::writer;

TEST_CASE("readback digest: XXH3-128 of nothing is the published value") {
  ReadbackDigest d;
  CHECK(d.finish_hex() == "99aa06d3014798d86001c324468d497f");
}

TEST_CASE(
    "readback digest: streaming in uneven pieces equals one pass, and a flipped bit differs") {
  const auto data = sw::test::pattern_bytes(3 * 1024 * 1024 + 7);
  ReadbackDigest whole;
  whole.update(data);
  const std::string one = whole.finish_hex();
  ReadbackDigest pieces;
  std::size_t pos = 0;
  for (std::size_t step = 1; pos < data.size(); step = step * 5 + 3) {
    const std::size_t n = std::min(step, data.size() - pos);
    pieces.update(std::span(data).subspan(pos, n));
    pos += n;
  }
  CHECK(pieces.finish_hex() == one);
  auto flipped = data;
  flipped[1234567] ^= std::byte{1};
  ReadbackDigest other;
  other.update(flipped);
  CHECK(other.finish_hex() != one);
  CHECK(one.size() == 32);
}
