#include "tui/authenticity_view.h"

#include <doctest/doctest.h>

using namespace sw;
using writer::AuthStatus;

TEST_CASE("authenticity view: one verdict line, the fingerprint grouped, the catalog entry") {
  CHECK(tui::grouped_fingerprint("DF9B9C49EAA9298432589D76DA87E80D6294BE9B") ==
        "DF9B 9C49 EAA9 2984 3258 9D76 DA87 E80D 6294 BE9B");
  writer::Authenticity a;
  a.status = AuthStatus::kAuthentic;
  a.signed_file = "SHA256SUMS";
  a.signer_uid = "Debian CD signing key <debian-cd@lists.debian.org>";
  a.signer_fingerprint = "DF9B9C49EAA9298432589D76DA87E80D6294BE9B";
  a.signed_at = 1707566400;  // 2024-02-10T12:00:00Z
  auto lines = tui::authenticity_lines(a, std::nullopt, true);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0] ==
        "Authentic: SHA256SUMS is signed by Debian CD signing key "
        "<debian-cd@lists.debian.org> on 2024-02-10");
  CHECK(lines[1] == "  key DF9B 9C49 EAA9 2984 3258 9D76 DA87 E80D 6294 BE9B");

  writer::Authenticity none;
  lines = tui::authenticity_lines(none, std::nullopt, true);
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].starts_with("Intact only: no signature was found"));
  // Nothing compared (written unverified): nothing is called intact.
  CHECK(tui::authenticity_lines(none, std::nullopt, false)[0] ==
        "Unsigned: no signature was found");
  writer::CatalogMatch m{"en_windows_7.iso", "known.txt", writer::Algorithm::kSha1, "", {}, {}};
  lines = tui::authenticity_lines(none, m, true);
  REQUIRE(lines.size() == 2);
  CHECK(lines[1] == "Known image: en_windows_7.iso (sha1 in known.txt, an unsigned catalog)");

  writer::Authenticity bad;
  bad.status = AuthStatus::kRevokedKey;
  bad.reason = "the key was revoked";
  CHECK(tui::authenticity_lines(bad, std::nullopt, true)[0] ==
        "Not authentic (revoked_key): the key was revoked");
}

TEST_CASE("authenticity view: JSON with nulls where nothing is known") {
  writer::Authenticity none;
  CHECK(
      tui::authenticity_json(none) ==
      R"({"status":"unsigned","signature_file":null,"signed_file":null,)"
      R"("signer_fingerprint":null,"signer_uid":null,"signed_at":null,"reason":null,"note":null})");
  writer::Authenticity a;
  a.status = AuthStatus::kUnknownKey;
  a.signature_file = "SHA256SUMS.sign";
  a.signer_fingerprint = "ABCD";
  a.signed_at = 0;
  const auto j = tui::authenticity_json(a);
  CHECK(j.find(R"("status":"unknown_key")") != std::string::npos);
  CHECK(j.find(R"("signed_at":"1970-01-01T00:00:00Z")") != std::string::npos);
  CHECK(tui::catalog_json(std::nullopt) == "null");
}
