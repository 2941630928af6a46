#include "writer/expected_hash.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "support/temp_dir.h"

using namespace sw;
using namespace sw::writer;

namespace {
const std::string kSha256A = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
const std::string kSha256B = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const std::string kMd5 = "900150983cd24fb0d6963f7d28e17f72";
}  // namespace

TEST_CASE("hash spec: algorithm from length, or named, case-insensitive") {
  auto a = parse_hash_spec(kMd5);
  REQUIRE(a.ok());
  CHECK(a->algorithm == Algorithm::kMd5);
  auto b = parse_hash_spec(
      "SHA256:" + std::string("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"));
  REQUIRE(b.ok());
  CHECK(b->algorithm == Algorithm::kSha256);
  CHECK(b->hex == kSha256A);
  CHECK(b->given());
}

TEST_CASE("hash spec: bad input is a usage error with a clear message") {
  auto wrong_len = parse_hash_spec("sha256:" + kMd5);
  REQUIRE_FALSE(wrong_len.ok());
  CHECK(wrong_len.error().kind == ErrorKind::kUsage);
  CHECK(wrong_len.error().message.find("64") != std::string::npos);
  auto no_alg = parse_hash_spec("abcdef");
  REQUIRE_FALSE(no_alg.ok());
  CHECK(no_alg.error().message.find("matches no algorithm") != std::string::npos);
  CHECK_FALSE(parse_hash_spec("crc32:" + kMd5).ok());
  CHECK_FALSE(parse_hash_spec("xyz" + kMd5.substr(3)).ok());
  CHECK_FALSE(parse_hash_spec("").ok());
}

TEST_CASE("expected hash: --hash beats --checksums beats files next to the image") {
  test::TempDir dir;
  const auto image = dir.write("a.iso", "abc");
  dir.write("SHA256SUMS", kSha256B + "  a.iso\n");
  const auto list = dir.write("other.txt", kMd5 + "  a.iso\n");
  auto by_flag = resolve_expected_hash({kSha256A, list}, image);
  REQUIRE(by_flag.ok());
  CHECK(by_flag->expected->hex == kSha256A);
  auto by_list = resolve_expected_hash({std::nullopt, list}, image);
  REQUIRE(by_list.ok());
  CHECK(by_list->expected->hex == kMd5);
  CHECK(by_list->expected->source == list);
  auto found = resolve_expected_hash({}, image);
  REQUIRE(found.ok());
  REQUIRE(found->expected.has_value());
  CHECK(found->expected->hex == kSha256B);
}

TEST_CASE("expected hash: --checksums without an entry for the image is an error naming it") {
  test::TempDir dir;
  const auto image = dir.write("a.iso", "abc");
  const auto list = dir.write("SUMS", kSha256A + "  b.iso\n");
  auto r = resolve_expected_hash({std::nullopt, list}, image);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find(list) != std::string::npos);
}

TEST_CASE("expected hash: discovery order, sidecars first") {
  test::TempDir dir;
  const auto image = dir.write("a.iso", "abc");
  dir.write("SHA256SUMS", kSha256B + "  a.iso\n");
  dir.write("a.iso.md5", kMd5 + "\n");
  auto r = resolve_expected_hash({}, image);
  REQUIRE(r.ok());
  CHECK(r->expected->hex == kMd5);
  CHECK(r->expected->source == image + ".md5");
}

TEST_CASE("expected hash: each sidecar and list name is found") {
  for (const std::string name :
       {"a.iso.sha256", "a.iso.sha256sum", "a.iso.sha1", "a.iso.sha512", "a.iso.md5", "SHA256SUMS",
        "SHA512SUMS", "SHA1SUMS", "MD5SUMS", "sha256sum.txt", "Fedora-39-x86_64-CHECKSUM"}) {
    CAPTURE(name);
    test::TempDir dir;
    const auto image = dir.write("a.iso", "abc");
    dir.write(name, "SHA256 (a.iso) = " + kSha256A + "\n");
    auto r = resolve_expected_hash({}, image);
    REQUIRE(r.ok());
    REQUIRE(r->expected.has_value());
    CHECK(r->expected->source == (dir.path() / name).string());
  }
}

TEST_CASE("expected hash: a list without the image is noted and the search goes on") {
  test::TempDir dir;
  const auto image = dir.write("a.iso", "abc");
  dir.write("SHA256SUMS", kSha256A + "  b.iso\n");
  auto none = resolve_expected_hash({}, image);
  REQUIRE(none.ok());
  CHECK_FALSE(none->expected.has_value());
  REQUIRE(none->notes.size() == 1);
  CHECK(none->notes[0].find("SHA256SUMS") != std::string::npos);
  dir.write("MD5SUMS", kMd5 + "  a.iso\n");
  auto later = resolve_expected_hash({}, image);
  REQUIRE(later.ok());
  CHECK(later->expected->hex == kMd5);
}

TEST_CASE("expected hash: a found list that contradicts itself stops the search") {
  test::TempDir dir;
  const auto image = dir.write("a.iso", "abc");
  dir.write("SHA256SUMS", kSha256A + "  a.iso\n" + kSha256B + "  a.iso\n");
  dir.write("MD5SUMS", kMd5 + "  a.iso\n");
  auto r = resolve_expected_hash({}, image);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("two different") != std::string::npos);
}

TEST_CASE("expected hash: image in the current directory (no slash in its path)") {
  const auto c = checksum_candidates("a.iso");
  CHECK(c.front() == "a.iso.sha256");
  CHECK(std::find(c.begin(), c.end(), "./SHA256SUMS") != c.end());
}
