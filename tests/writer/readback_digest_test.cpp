#include "writer/readback_digest.h"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <xxhash.h>

#include "support/memory_device.h"

using namespace sw::writer;

namespace {

ReadbackKey fresh_key() {
  auto key = ReadbackKey::draw();
  REQUIRE_MESSAGE(key.ok(), (key.ok() ? "" : key.error().message));
  return *key;
}

std::string digest_of(const ReadbackKey& key, std::span<const std::byte> data) {
  ReadbackDigest d(key);
  d.update(data);
  return d.finish_hex();
}

/// XXH3-128 in canonical hex, as a reference computed by libxxhash's one-shot functions.
std::string canonical_hex(XXH128_hash_t h) {
  XXH128_canonical_t c;
  XXH128_canonicalFromHash(&c, h);
  std::string out;
  for (unsigned char b : c.digest) out += fmt::format("{:02x}", b);
  return out;
}

}  // namespace

TEST_CASE("readback digest: it is XXH3-128 keyed with the key's secret, as libxxhash computes") {
  ReadbackKey::Secret secret;
  for (std::size_t i = 0; i < secret.size(); ++i) secret[i] = std::byte(i * 37 + 11);
  const auto data = sw::test::pattern_bytes(100000);
  const std::string expected = canonical_hex(
      XXH3_128bits_withSecret(data.data(), data.size(), secret.data(), secret.size()));
  CHECK(digest_of(ReadbackKey(secret), data) == expected);
  CHECK(digest_of(ReadbackKey(secret), {}) ==
        canonical_hex(XXH3_128bits_withSecret(nullptr, 0, secret.data(), secret.size())));
}

TEST_CASE("readback digest: a fresh key never gives the default-secret (public) digest") {
  const auto data = sw::test::pattern_bytes(64 * 1024 + 3);
  const std::string public_digest = canonical_hex(XXH3_128bits(data.data(), data.size()));
  CHECK(digest_of(fresh_key(), data) != public_digest);
  CHECK(digest_of(fresh_key(), {}) != "99aa06d3014798d86001c324468d497f");  // XXH3-128 of ""
}

TEST_CASE("readback digest: two keys drawn for two runs give different digests of one image") {
  const auto data = sw::test::pattern_bytes(1024 * 1024);
  const ReadbackKey a = fresh_key();
  const ReadbackKey b = fresh_key();
  CHECK(digest_of(a, data) != digest_of(b, data));
  CHECK(digest_of(a, data) == digest_of(a, data));  // one key: the same digest every time
}

TEST_CASE(
    "readback digest: streaming in uneven pieces equals one pass, and a flipped bit differs") {
  const auto data = sw::test::pattern_bytes(3 * 1024 * 1024 + 7);
  const ReadbackKey key = fresh_key();
  ReadbackDigest whole(key);
  whole.update(data);
  const std::string one = whole.finish_hex();
  ReadbackDigest pieces(key);
  std::size_t pos = 0;
  for (std::size_t step = 1; pos < data.size(); step = step * 5 + 3) {
    const std::size_t n = std::min(step, data.size() - pos);
    pieces.update(std::span(data).subspan(pos, n));
    pos += n;
  }
  CHECK(pieces.finish_hex() == one);
  CHECK(pieces.finish_hex() == digest_of(key, {}));  // finish_hex reset it to the same key
  auto flipped = data;
  flipped[1234567] ^= std::byte{1};
  CHECK(digest_of(key, flipped) != one);
  CHECK(one.size() == 32);
}
