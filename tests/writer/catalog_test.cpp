#include "writer/catalog.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "support/pgp_fixture.h"
#include "support/skip.h"
#include "support/temp_dir.h"
#include "writer/trust.h"

using namespace sw;
using writer::Algorithm;
using writer::AuthStatus;

namespace {

writer::Catalog catalog_of(std::string file, std::string text, AuthStatus status) {
  writer::Catalog c{std::move(file), writer::parse_checksum_text(text), {}};
  c.authenticity.status = status;
  return c;
}

writer::ImageDigests digests(std::string sha1, std::string sha256, std::string file_sha1 = "") {
  writer::ImageDigests d;
  d.hex = {{Algorithm::kSha1, std::move(sha1)}, {Algorithm::kSha256, std::move(sha256)}};
  if (!file_sha1.empty()) d.file_hex = {{Algorithm::kSha1, std::move(file_sha1)}};
  return d;
}

const std::string kA1(40, 'a'), kB1(40, 'b'), kA256(64, 'a'), kC256(64, 'c');

}  // namespace

TEST_CASE("catalog: matched by digest, not by name; the entry's name is reported") {
  const std::vector<writer::Catalog> catalogs = {catalog_of(
      "mine.txt", kB1 + "  other.iso\n" + kA1 + "  en_windows_7_x86.iso\n", AuthStatus::kUnsigned)};
  CHECK(writer::catalog_algorithms(catalogs) == std::vector<Algorithm>{Algorithm::kSha1});
  const auto m = writer::find_in_catalogs(catalogs, digests(kA1, kA256));
  REQUIRE(m);
  CHECK(m->name == "en_windows_7_x86.iso");
  CHECK(m->file == "mine.txt");
  CHECK(m->algorithm == Algorithm::kSha1);
  CHECK(m->matched_on == writer::HashMatch::kImage);
  CHECK_FALSE(writer::find_in_catalogs(catalogs, digests(std::string(40, 'e'), kA256)));
  // A digest that was not computed (empty) matches nothing.
  writer::ImageDigests none;
  CHECK_FALSE(writer::find_in_catalogs(catalogs, none));
}

TEST_CASE("catalog: a signed catalog's entry wins; a compressed file as downloaded matches") {
  const std::vector<writer::Catalog> catalogs = {
      catalog_of("unsigned.txt", kC256 + "  from-unsigned.iso\n", AuthStatus::kUnsigned),
      catalog_of("signed.txt", kC256 + "  from-signed.iso\n", AuthStatus::kAuthentic),
      catalog_of("later.txt", kC256 + "  later.iso\n", AuthStatus::kAuthentic)};
  const auto m = writer::find_in_catalogs(catalogs, digests(kA1, kC256));
  REQUIRE(m);
  CHECK(m->name == "from-signed.iso");
  const std::vector<writer::Catalog> compressed = {
      catalog_of("c.txt", kB1 + "  image.iso.xz\n", AuthStatus::kUnsigned)};
  const auto z = writer::find_in_catalogs(compressed, digests(kA1, kA256, kB1));
  REQUIRE(z);
  CHECK(z->matched_on == writer::HashMatch::kCompressedFile);
}

TEST_CASE("catalog: loaded with its signature; a tampered signed catalog is refused") {
  SW_WITH_PGP_FIXTURE(f)
  auto keys = writer::TrustedKeys::load({f->path("trusted.gpg")});
  REQUIRE(keys);
  test::TempDir dir;
  const auto file = dir.write("catalog.txt", f->read("data") + "\n");
  std::filesystem::copy_file(f->path("data.good.sig"), dir.path() / "catalog.txt.sig");
  auto c = writer::load_catalog(file, *keys);
  REQUIRE(c);
  CHECK(c->authenticity.status == AuthStatus::kAuthentic);
  CHECK(c->list.entries.size() == 2);
  dir.write("catalog.txt", f->read("data") + "\nextra\n");
  auto bad = writer::load_catalog(file, *keys);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().kind == ErrorKind::kNotAuthentic);
  CHECK(bad.error().message.find("vouches for nothing") != std::string::npos);
}

TEST_CASE("trust: keyrings in order; a catalog directory's signatures are not catalogs") {
  test::TempDir dir;
  std::filesystem::create_directories(dir.path() / "k");
  std::filesystem::create_directories(dir.path() / "c");
  dir.write("k/b.gpg", "x");
  dir.write("k/a.asc", "x");
  dir.write("k/.hidden", "x");
  writer::TrustRequest r;
  r.keyrings = {"/given.gpg"};
  r.keyring_dirs = {(dir.path() / "k").string(), (dir.path() / "missing").string()};
  r.distribution = false;
  const auto files = writer::keyring_files(r);
  REQUIRE(files.size() == 3);
  CHECK(files[0] == "/given.gpg");
  CHECK(files[1] == (dir.path() / "k/a.asc").string());
  CHECK(files[2] == (dir.path() / "k/b.gpg").string());

  dir.write("c/known.txt", kA256 + "  known.iso\n");
  dir.write("c/known.txt.sig", "not a signature of it");
  writer::TrustRequest cat;
  cat.catalog_dirs = {(dir.path() / "c").string()};
  cat.distribution = false;
  auto trust = writer::load_trust(cat);
  // known.txt.sig is known.txt's signature, and it does not verify: the catalog is refused.
  REQUIRE_FALSE(trust);
  CHECK(trust.error().kind == ErrorKind::kNotAuthentic);
  std::filesystem::remove(dir.path() / "c/known.txt.sig");
  trust = writer::load_trust(cat);
  REQUIRE(trust);
  REQUIRE(trust->catalogs.size() == 1);
  CHECK(trust->catalogs[0].file == (dir.path() / "c/known.txt").string());
  CHECK(trust->keys.key_count() == 0);
}
