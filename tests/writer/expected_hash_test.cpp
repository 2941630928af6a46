#include "writer/expected_hash.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "support/pgp_fixture.h"
#include "support/skip.h"
#include "support/temp_dir.h"
#include "writer/provenance.h"

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
  auto by_flag =
      resolve_expected_hash({kSha256A, list, std::nullopt}, image, writer::TrustedKeys{});
  REQUIRE(by_flag.ok());
  CHECK(by_flag->expected->hex == kSha256A);
  auto by_list =
      resolve_expected_hash({std::nullopt, list, std::nullopt}, image, writer::TrustedKeys{});
  REQUIRE(by_list.ok());
  CHECK(by_list->expected->hex == kMd5);
  CHECK(by_list->expected->source == list);
  auto found = resolve_expected_hash({}, image, writer::TrustedKeys{});
  REQUIRE(found.ok());
  REQUIRE(found->expected.has_value());
  CHECK(found->expected->hex == kSha256B);
}

TEST_CASE("expected hash: --checksums without an entry for the image is an error naming it") {
  test::TempDir dir;
  const auto image = dir.write("a.iso", "abc");
  const auto list = dir.write("SUMS", kSha256A + "  b.iso\n");
  auto r = resolve_expected_hash({std::nullopt, list, std::nullopt}, image, writer::TrustedKeys{});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find(list) != std::string::npos);
}

TEST_CASE("expected hash: discovery order, sidecars first") {
  test::TempDir dir;
  const auto image = dir.write("a.iso", "abc");
  dir.write("SHA256SUMS", kSha256B + "  a.iso\n");
  dir.write("a.iso.md5", kMd5 + "\n");
  auto r = resolve_expected_hash({}, image, writer::TrustedKeys{});
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
    auto r = resolve_expected_hash({}, image, writer::TrustedKeys{});
    REQUIRE(r.ok());
    REQUIRE(r->expected.has_value());
    CHECK(r->expected->source == (dir.path() / name).string());
  }
}

TEST_CASE("expected hash: a list without the image is noted and the search goes on") {
  test::TempDir dir;
  const auto image = dir.write("a.iso", "abc");
  dir.write("SHA256SUMS", kSha256A + "  b.iso\n");
  auto none = resolve_expected_hash({}, image, writer::TrustedKeys{});
  REQUIRE(none.ok());
  CHECK_FALSE(none->expected.has_value());
  REQUIRE(none->notes.size() == 1);
  CHECK(none->notes[0].find("SHA256SUMS") != std::string::npos);
  dir.write("MD5SUMS", kMd5 + "  a.iso\n");
  auto later = resolve_expected_hash({}, image, writer::TrustedKeys{});
  REQUIRE(later.ok());
  CHECK(later->expected->hex == kMd5);
}

TEST_CASE("expected hash: a found list that contradicts itself stops the search") {
  test::TempDir dir;
  const auto image = dir.write("a.iso", "abc");
  dir.write("SHA256SUMS", kSha256A + "  a.iso\n" + kSha256B + "  a.iso\n");
  dir.write("MD5SUMS", kMd5 + "  a.iso\n");
  auto r = resolve_expected_hash({}, image, writer::TrustedKeys{});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("two different") != std::string::npos);
}

TEST_CASE("expected hash: image in the current directory (no slash in its path)") {
  const auto c = checksum_candidates("a.iso");
  CHECK(c.front() == "a.iso.sha256");
  CHECK(std::find(c.begin(), c.end(), "./SHA256SUMS") != c.end());
}

// Signed lists: the keys and signatures of tests/support/make_pgp_fixture.sh. Its "data" is a
// SHA256SUMS naming debian-12.5.0-i386-netinst.iso with 64 a's.
namespace {

const std::string kSignedImage = "debian-12.5.0-i386-netinst.iso";

/// A directory with the image, the fixture's list as SHA256SUMS and `sig` as SHA256SUMS.sign.
struct SignedDir {
  test::TempDir dir;
  std::string image, list;
  SignedDir(const test::PgpFixture& f, const std::string& list_text, const std::string& sig) {
    image = dir.write(kSignedImage, "abc");
    list = dir.write("SHA256SUMS", list_text);
    if (!sig.empty()) {
      std::filesystem::copy_file(f.path(sig), dir.path() / "SHA256SUMS.sign");
    }
  }
};

}  // namespace

TEST_CASE("expected hash: a list found with a good signature is authentic; only signed bytes") {
  SW_WITH_PGP_FIXTURE(f)
  auto keys = writer::TrustedKeys::load({f->path("trusted.gpg")});
  REQUIRE(keys);
  {
    SignedDir d(*f, f->read("data") + "\n", "data.good.sig");
    auto r = resolve_expected_hash({}, d.image, *keys);
    REQUIRE(r);
    REQUIRE(r->expected);
    CHECK(r->expected->hex == std::string(64, 'a'));
    CHECK(r->authenticity.status == writer::AuthStatus::kAuthentic);
    CHECK(r->authenticity.signer_fingerprint == f->read("fpr-good"));
    CHECK(r->authenticity.signature_file == (d.dir.path() / "SHA256SUMS.sign").string());
  }
  {
    // One digit of the list changed: the signature fails, and that list is the one used.
    std::string tampered = f->read("data") + "\n";
    tampered[0] = 'c';
    SignedDir d(*f, tampered, "data.good.sig");
    auto r = resolve_expected_hash({}, d.image, *keys);
    REQUIRE(r);
    CHECK(r->authenticity.status == writer::AuthStatus::kBadSignature);
    writer::Provenance p{r->authenticity, r->image_signature, nullptr, false};
    auto refused = writer::check_provenance(p);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().kind == ErrorKind::kNotAuthentic);
    CHECK(refused.error().message.find("the checksum list's signature does not verify: it may "
                                       "have been tampered with") != std::string::npos);
  }
  {
    // Clear-signed, with an entry appended after the signature: that entry is not read.
    const std::string appended =
        f->read("clear.good.asc") + "\n" + std::string(64, 'c') + "  a.iso\n";
    SignedDir d(*f, appended, "");
    const auto other = d.dir.write("a.iso", "abc");
    auto r = resolve_expected_hash({}, other, *keys);
    REQUIRE(r);
    CHECK_FALSE(r->expected.has_value());
    r = resolve_expected_hash({}, d.image, *keys);
    REQUIRE(r);
    CHECK(r->authenticity.status == writer::AuthStatus::kAuthentic);
    CHECK(r->authenticity.signature_file == d.list);
  }
}

TEST_CASE("expected hash: unknown key, --signature, and the image's own signature") {
  SW_WITH_PGP_FIXTURE(f)
  auto keys = writer::TrustedKeys::load({f->path("good.asc")});
  REQUIRE(keys);
  SignedDir d(*f, f->read("data") + "\n", "data.other.sig");
  auto r = resolve_expected_hash({}, d.image, *keys);
  REQUIRE(r);
  CHECK(r->authenticity.status == writer::AuthStatus::kUnknownKey);
  CHECK(r->authenticity.signer_fingerprint == f->read("fpr-other"));
  writer::Provenance p{r->authenticity, r->image_signature, nullptr, true};
  auto required = writer::check_provenance(p);
  REQUIRE_FALSE(required);
  CHECK(required.error().kind == ErrorKind::kNotAuthentic);
  CHECK(required.error().remedy == Remedy::kAddPublisherKey);
  // --signature names the list's signature: it replaces the one found beside the list.
  r = resolve_expected_hash({std::nullopt, std::nullopt, f->path("data.good.asc")}, d.image, *keys);
  REQUIRE(r);
  CHECK(r->authenticity.status == writer::AuthStatus::kAuthentic);
  // With --hash, no list is used: the image's own signature is looked for beside it.
  d.dir.write(kSignedImage + ".sig", "x");
  r = resolve_expected_hash({std::string(64, 'a'), std::nullopt, std::nullopt}, d.image, *keys);
  REQUIRE(r);
  CHECK(r->authenticity.status == writer::AuthStatus::kUnsigned);
  REQUIRE(r->image_signature.has_value());
  CHECK(*r->image_signature == d.image + ".sig");
}
