#include "writer/digest.h"

#include <doctest/doctest.h>

#include <string>

using namespace sw::writer;

namespace {
std::span<const std::byte> bytes_of(std::string_view s) { return std::as_bytes(std::span(s)); }
}  // namespace

TEST_CASE("digest: known test vectors for md5, sha1, sha256, sha512") {
  CHECK(digest_hex(Algorithm::kMd5, bytes_of("")) == "d41d8cd98f00b204e9800998ecf8427e");
  CHECK(digest_hex(Algorithm::kMd5, bytes_of("abc")) == "900150983cd24fb0d6963f7d28e17f72");
  CHECK(digest_hex(Algorithm::kSha1, bytes_of("abc")) ==
        "a9993e364706816aba3e25717850c26c9cd0d89d");
  CHECK(digest_hex(Algorithm::kSha256, bytes_of("")) ==
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(digest_hex(Algorithm::kSha256, bytes_of("abc")) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(digest_hex(Algorithm::kSha512, bytes_of("abc")) ==
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
        "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
}

TEST_CASE("digest: streaming in uneven chunks equals one shot (million a)") {
  const std::string million(1000000, 'a');
  Digest d(Algorithm::kSha256);
  std::size_t pos = 0;
  std::size_t step = 1;
  while (pos < million.size()) {
    const std::size_t n = std::min(step, million.size() - pos);
    d.update(bytes_of(std::string_view(million).substr(pos, n)));
    pos += n;
    step = step * 3 + 1;
  }
  CHECK(d.finish_hex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // finish resets the digest for reuse
  d.update(bytes_of("abc"));
  CHECK(d.finish_hex() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("digest: several algorithms in one pass") {
  MultiDigest m({Algorithm::kSha256, Algorithm::kMd5, Algorithm::kSha256});
  m.update(bytes_of("ab"));
  m.update(bytes_of("c"));
  const auto out = m.finish_hex();
  REQUIRE(out.size() == 2);  // duplicates collapse
  CHECK(out[0].second == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(out[1].second == "900150983cd24fb0d6963f7d28e17f72");
}

TEST_CASE("digest: algorithm from hex length and from name") {
  CHECK(algorithm_from_hex_length(32) == Algorithm::kMd5);
  CHECK(algorithm_from_hex_length(40) == Algorithm::kSha1);
  CHECK(algorithm_from_hex_length(64) == Algorithm::kSha256);
  CHECK(algorithm_from_hex_length(128) == Algorithm::kSha512);
  CHECK_FALSE(algorithm_from_hex_length(63).has_value());
  CHECK(algorithm_from_name("SHA256") == Algorithm::kSha256);
  CHECK(algorithm_from_name("sha-512") == Algorithm::kSha512);
  CHECK(algorithm_from_name("SHA2-256") == Algorithm::kSha256);
  CHECK(algorithm_from_name("Md5") == Algorithm::kMd5);
  CHECK_FALSE(algorithm_from_name("crc32").has_value());
  CHECK(algorithm_strength(Algorithm::kSha512) > algorithm_strength(Algorithm::kSha256));
  CHECK(algorithm_strength(Algorithm::kSha256) > algorithm_strength(Algorithm::kSha1));
  CHECK(algorithm_strength(Algorithm::kSha1) > algorithm_strength(Algorithm::kMd5));
}

TEST_CASE("digest: md5 and sha1 are weak, sha256 and sha512 strong") {
  CHECK(hash_strength(Algorithm::kMd5) == HashStrength::kWeak);
  CHECK(hash_strength(Algorithm::kSha1) == HashStrength::kWeak);
  CHECK(hash_strength(Algorithm::kSha256) == HashStrength::kStrong);
  CHECK(hash_strength(Algorithm::kSha512) == HashStrength::kStrong);
  CHECK(hash_strength_name(HashStrength::kWeak) == "weak");
  CHECK(hash_strength_name(HashStrength::kStrong) == "strong");
}
