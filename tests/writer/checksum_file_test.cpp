#include "writer/checksum_file.h"

#include <doctest/doctest.h>

#include "support/temp_dir.h"

using namespace sw;
using namespace sw::writer;

namespace {
const std::string kSha256A = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
const std::string kSha256B = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const std::string kSha1 = "a9993e364706816aba3e25717850c26c9cd0d89d";
const std::string kMd5 = "900150983cd24fb0d6963f7d28e17f72";
const std::string kSha512 =
    "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
    "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}
}  // namespace

TEST_CASE("checksum file: GNU text and binary markers") {
  const auto list = parse_checksum_text(kSha256A + "  debian.iso\n" + kSha256B + " *win7.iso\n");
  REQUIRE(list.entries.size() == 2);
  CHECK(list.entries[0].name == "debian.iso");
  CHECK(list.entries[0].hex == kSha256A);
  CHECK(list.entries[0].algorithm == Algorithm::kSha256);
  CHECK(list.entries[1].name == "win7.iso");
  CHECK(list.entries[1].hex == kSha256B);
}

TEST_CASE("checksum file: BSD tag style, and OpenSSL's spelling") {
  const auto list = parse_checksum_text("SHA256 (Fedora-x86_64.iso) = " + kSha256A + "\n" +
                                        "SHA2-256(other (1).iso)= " + kSha256B + "\n" +
                                        "MD5 (a.iso) = " + kMd5 + "\n");
  REQUIRE(list.entries.size() == 3);
  CHECK(list.entries[0].name == "Fedora-x86_64.iso");
  CHECK(list.entries[0].algorithm == Algorithm::kSha256);
  CHECK(list.entries[1].name == "other (1).iso");
  CHECK(list.entries[2].algorithm == Algorithm::kMd5);
}

TEST_CASE("checksum file: a BSD line whose digest length contradicts its algorithm is skipped") {
  const auto list = parse_checksum_text("SHA256 (a.iso) = " + kMd5 + "\n");
  CHECK(list.entries.empty());
  CHECK(list.skipped_lines == 1);
}

TEST_CASE("checksum file: CRLF line ends, comments, blank lines and upper-case hex") {
  const auto list = parse_checksum_text("# made by the publisher\r\n\r\n; another comment\r\n" +
                                        upper(kSha256A) + "  a.iso\r\n");
  REQUIRE(list.entries.size() == 1);
  CHECK(list.entries[0].name == "a.iso");  // no trailing \r
  CHECK(list.entries[0].hex == kSha256A);  // lower-cased
  CHECK(list.skipped_lines == 0);
}

TEST_CASE("checksum file: PGP clear-signed armor is ignored, the list is read") {
  const std::string text =
      "-----BEGIN PGP SIGNED MESSAGE-----\n"
      "Hash: SHA256\n"
      "\n"
      "# Fedora-Workstation-Live-39-1.5-x86_64.iso: 2295853056 bytes\n"
      "SHA256 (Fedora.iso) = " +
      kSha256A +
      "\n"
      "- " +
      kSha256B +
      "  dash-escaped.iso\n"
      "-----BEGIN PGP SIGNATURE-----\n"
      "\n"
      "iQIzBAEBCAAdFiEE" +
      kSha256B +
      "  evil.iso\n"
      "-----END PGP SIGNATURE-----\n";
  const auto list = parse_checksum_text(text);
  REQUIRE(list.entries.size() == 2);
  CHECK(list.entries[0].name == "Fedora.iso");
  CHECK(list.entries[1].name == "dash-escaped.iso");
  CHECK(list.skipped_lines == 0);  // armor and signature lines are not "malformed"
}

TEST_CASE("checksum file: in a clear-signed list only the signed body counts") {
  // Entries before the armor header and after the signature are outside what was signed: an
  // attacker who cannot sign can still add them, so they are not found.
  const std::string text = kSha256A +
                           "  before.iso\n"
                           "-----BEGIN PGP SIGNED MESSAGE-----\n"
                           "Hash: SHA256\n"
                           "\n" +
                           kSha256B +
                           "  body.iso\n"
                           "- " +
                           kSha1 +
                           "  escaped.iso\n"
                           "-----BEGIN PGP SIGNATURE-----\n"
                           "\n"
                           "iQIzBAEBCAAdFiEE\n"
                           "-----END PGP SIGNATURE-----\n" +
                           kSha512 + "  after.iso\n";
  const auto list = parse_checksum_text(text);
  REQUIRE(list.entries.size() == 2);
  CHECK(list.entries[0].name == "body.iso");
  CHECK(list.entries[1].name == "escaped.iso");
  CHECK(list.entries[1].hex == kSha1);
  auto body = select_entry(list, "body.iso", "SHA256SUMS.asc", ListRole::kShared);
  REQUIRE(body.ok());
  CHECK(body->hex == kSha256B);
  for (const char* outside : {"before.iso", "after.iso"}) {
    CAPTURE(outside);
    auto e = select_entry(list, outside, "SHA256SUMS.asc", ListRole::kShared);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().kind == ErrorKind::kNoExpectedHash);
  }
}

TEST_CASE("checksum file: paths with directories match by base name") {
  const auto list = parse_checksum_text(kSha256A + "  ./images/x86/debian.iso\n" + kSha256B +
                                        "  dir\\sub\\win.iso\n");
  auto a = select_entry(list, "/home/me/Downloads/debian.iso", "SUMS", ListRole::kShared);
  REQUIRE(a.ok());
  CHECK(a->hex == kSha256A);
  auto b = select_entry(list, "win.iso", "SUMS", ListRole::kShared);
  REQUIRE(b.ok());
  CHECK(b->hex == kSha256B);
}

TEST_CASE("checksum file: several algorithms in one file, the strongest wins") {
  const auto list = parse_checksum_text(kMd5 + "  a.iso\n" + kSha1 + "  a.iso\n" + kSha512 +
                                        "  a.iso\n" + kSha256A + "  a.iso\n");
  REQUIRE(list.entries.size() == 4);
  auto e = select_entry(list, "a.iso", "SUMS", ListRole::kShared);
  REQUIRE(e.ok());
  CHECK(e->algorithm == Algorithm::kSha512);
  CHECK(e->hex == kSha512);
  CHECK(e->source == "SUMS");
}

TEST_CASE("checksum file: malformed lines are skipped and counted") {
  const auto list =
      parse_checksum_text("not a checksum line\n" + kSha256A.substr(0, 60) + "  short.iso\nzz" +
                          kSha256A.substr(2) + "  nonhex.iso\n" + kSha256A + "  good.iso\n");
  REQUIRE(list.entries.size() == 1);
  CHECK(list.entries[0].name == "good.iso");
  CHECK(list.skipped_lines == 3);
}

TEST_CASE("checksum file: no entry for the image is an error naming the file") {
  const auto list = parse_checksum_text(kSha256A + "  other.iso\n");
  auto e = select_entry(list, "mine.iso", "/dl/SHA256SUMS", ListRole::kShared);
  REQUIRE_FALSE(e.ok());
  CHECK(e.error().kind == ErrorKind::kNoExpectedHash);
  CHECK(e.error().message.find("/dl/SHA256SUMS") != std::string::npos);
  CHECK(e.error().message.find("mine.iso") != std::string::npos);
}

TEST_CASE("checksum file: two different digests of one algorithm for the image are refused") {
  const auto list = parse_checksum_text(kSha256A + "  a.iso\n" + kSha256B + "  sub/a.iso\n");
  auto e = select_entry(list, "a.iso", "SUMS", ListRole::kShared);
  REQUIRE_FALSE(e.ok());
  CHECK(e.error().kind == ErrorKind::kInput);
  CHECK(e.error().message.find("two different") != std::string::npos);
}

TEST_CASE("checksum file: a sidecar's lone entry or bare digest belongs to the image") {
  auto bare = select_entry(parse_checksum_text(kSha256A + "\n"), "renamed.iso", "x.sha256",
                           ListRole::kSidecar);
  REQUIRE(bare.ok());
  CHECK(bare->hex == kSha256A);
  auto named = select_entry(parse_checksum_text(kSha1 + "  original-name.iso\n"), "renamed.iso",
                            "x.sha1", ListRole::kSidecar);
  REQUIRE(named.ok());
  CHECK(named->algorithm == Algorithm::kSha1);
  // a shared list never guesses
  CHECK_FALSE(
      select_entry(parse_checksum_text(kSha256A + "\n"), "renamed.iso", "SUMS", ListRole::kShared)
          .ok());
}

TEST_CASE("checksum file: GNU escaped names") {
  const auto list = parse_checksum_text("\\" + kSha256A + "  back\\\\slash\\nnewline.iso\n");
  REQUIRE(list.entries.size() == 1);
  CHECK(list.entries[0].name == "back\\slash\nnewline.iso");
}

TEST_CASE("checksum file: read from disk, unreadable file is a clear error") {
  test::TempDir dir;
  const auto path = dir.write("SHA256SUMS", kSha256A + "  a.iso\n");
  auto e = read_checksum_file(path, "a.iso", ListRole::kShared);
  REQUIRE(e.ok());
  CHECK(e->hex == kSha256A);
  auto missing = read_checksum_file((dir.path() / "nope").string(), "a.iso", ListRole::kShared);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message.find("nope") != std::string::npos);
  CHECK(missing.error().message.find("No such file") != std::string::npos);
}
