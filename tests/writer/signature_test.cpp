#include "writer/signature.h"

#include <doctest/doctest.h>

#include <span>
#include <string_view>

#include "support/pgp_fixture.h"
#include "support/skip.h"
#include "writer/streamed_signature.h"

using namespace sw;
using writer::AuthStatus;

namespace {

/// The verdict of data.SIG's signature of `data` with the trusted keyring.
writer::Authenticity detached(const test::PgpFixture& f, const std::string& sig,
                              std::string_view data) {
  auto keys = writer::TrustedKeys::load({f.path("trusted.gpg")});
  REQUIRE(keys);
  auto a = writer::verify_detached(*keys, data, "data", f.path(sig));
  REQUIRE(a);
  return *a;
}

}  // namespace

TEST_CASE("signature: a detached signature by a trusted key is authentic, with its signer") {
  SW_WITH_PGP_FIXTURE(f)
  for (const char* sig : {"data.good.sig", "data.good.asc", "data.rsa.sig"}) {
    CAPTURE(sig);
    const auto a = detached(*f, sig, f->read("data") + "\n");
    CHECK(a.status == AuthStatus::kAuthentic);
    CHECK(a.reason == "");
    CHECK(a.signature_file == f->path(sig));
    CHECK(a.signed_at.has_value());
  }
  const auto a = detached(*f, "data.good.sig", f->read("data") + "\n");
  CHECK(a.signer_fingerprint == f->read("fpr-good"));
  CHECK(a.signer_uid == "Test good <good@example.org>");
}

TEST_CASE("signature: altered bytes, another key, and refused keys") {
  SW_WITH_PGP_FIXTURE(f)
  const std::string data = f->read("data") + "\n";
  std::string altered = data;
  altered[3] = 'c';
  CHECK(detached(*f, "data.good.sig", altered).status == AuthStatus::kBadSignature);
  CHECK(detached(*f, "data.good.sig", data + "\n").status == AuthStatus::kBadSignature);

  const auto unknown = detached(*f, "data.other.sig", data);
  CHECK(unknown.status == AuthStatus::kUnknownKey);
  CHECK(unknown.signer_fingerprint == f->read("fpr-other"));
  CHECK(unknown.signer_uid == "");

  // Expiry is judged at the time of signing: made while the key was valid, the signature
  // stands, with a note; made after the key expired, it is refused.
  const auto expired = detached(*f, "data.expired.sig", data);
  CHECK(expired.status == AuthStatus::kAuthentic);
  CHECK(expired.note == "the key expired on 2020-01-02, after it made this signature");
  const auto late = detached(*f, "data.late.sig", data);
  CHECK(late.status == AuthStatus::kExpiredKey);
  CHECK(late.reason == "the signature was made on 2020-01-05, after the key expired on 2020-01-02");
  const auto revoked = detached(*f, "data.revoked.sig", data);
  CHECK(revoked.status == AuthStatus::kRevokedKey);
  CHECK(revoked.reason == "the key was revoked");
  const auto sha1 = detached(*f, "data.sha1.sig", data);
  CHECK(sha1.status == AuthStatus::kWeakAlgorithm);
  CHECK(sha1.reason == "the signature's digest is SHA1, which can be forged");
  const auto weak = detached(*f, "data.weak.sig", data);
  CHECK(weak.status == AuthStatus::kWeakAlgorithm);
  CHECK(weak.reason == "the key is RSA 1024 bits, weaker than RSA 2048");
}

TEST_CASE("signature: a signing subkey vouches for its primary key") {
  SW_WITH_PGP_FIXTURE(f)
  const auto a = detached(*f, "data.sub.sig", f->read("data") + "\n");
  CHECK(a.status == AuthStatus::kAuthentic);
  CHECK(a.signer_fingerprint == f->read("fpr-sub"));
  CHECK(a.signer_uid == "Test sub <sub@example.org>");
}

TEST_CASE("signature: keyrings, binary or armored; without keys every signer is unknown") {
  SW_WITH_PGP_FIXTURE(f)
  const std::string data = f->read("data") + "\n";
  auto armored = writer::TrustedKeys::load({f->path("good.asc")});
  REQUIRE(armored);
  CHECK(armored->key_count() >= 1);
  auto a = writer::verify_detached(*armored, data, "data", f->path("data.good.sig"));
  REQUIRE(a);
  CHECK(a->status == AuthStatus::kAuthentic);
  writer::TrustedKeys none;
  a = writer::verify_detached(none, data, "data", f->path("data.good.sig"));
  REQUIRE(a);
  CHECK(a->status == AuthStatus::kUnknownKey);

  auto bad = writer::TrustedKeys::load({f->path("data")});
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find(f->path("data")) != std::string::npos);
  CHECK_FALSE(writer::TrustedKeys::load({f->path("no-such-file")}));
  CHECK_FALSE(writer::verify_detached(*armored, data, "data", f->path("no-such.sig")));
  // A file that is no signature at all.
  a = writer::verify_detached(*armored, data, "data", f->path("data"));
  REQUIRE(a);
  CHECK(a->status == AuthStatus::kBadSignature);
}

TEST_CASE("signature: a clear-signed list gives only its signed body") {
  SW_WITH_PGP_FIXTURE(f)
  auto keys = writer::TrustedKeys::load({f->path("trusted.gpg")});
  REQUIRE(keys);
  const std::string clear = f->read("clear.good.asc") + "\n";
  CHECK(writer::is_clear_signed(clear));
  CHECK_FALSE(writer::is_clear_signed(f->read("data")));
  auto s = writer::verify_clear_signed(*keys, clear, "SHA256SUMS");
  CHECK(s.authenticity.status == AuthStatus::kAuthentic);
  CHECK(s.authenticity.signer_fingerprint == f->read("fpr-good"));
  CHECK(s.body == f->read("data") + "\n");
  // An entry added after the signature is not in the body.
  s = writer::verify_clear_signed(*keys, clear + "cccc  evil.iso\n", "SHA256SUMS");
  CHECK(s.authenticity.status == AuthStatus::kAuthentic);
  CHECK(s.body.find("evil.iso") == std::string::npos);
  // A line of the body altered.
  std::string altered = clear;
  altered.replace(altered.find("other.iso"), 9, "evil1.iso");
  s = writer::verify_clear_signed(*keys, altered, "SHA256SUMS");
  CHECK(s.authenticity.status == AuthStatus::kBadSignature);
  CHECK(s.body == "");
  s = writer::verify_clear_signed(*keys, f->read("clear.other.asc"), "SHA256SUMS");
  CHECK(s.authenticity.status == AuthStatus::kUnknownKey);
}

TEST_CASE("signature: streamed over bytes fed in pieces, as the hash pass feeds the image") {
  SW_WITH_PGP_FIXTURE(f)
  auto keys = writer::TrustedKeys::load({f->path("trusted.gpg")});
  REQUIRE(keys);
  const std::string data = f->read("data") + "\n";
  const auto feed_all = [&](writer::StreamedSignature& s, const std::string& bytes) {
    for (std::size_t i = 0; i < bytes.size(); i += 7) {
      const auto piece = std::string_view(bytes).substr(i, 7);
      s.feed(std::as_bytes(std::span(piece.data(), piece.size())));
    }
  };
  {
    writer::StreamedSignature s(*keys, "data", f->path("data.good.sig"));
    feed_all(s, data);
    auto a = s.finish();
    REQUIRE(a);
    CHECK(a->status == AuthStatus::kAuthentic);
    CHECK(a->signer_fingerprint == f->read("fpr-good"));
  }
  {
    writer::StreamedSignature s(*keys, "data", f->path("data.good.sig"));
    feed_all(s, data.substr(0, data.size() - 1));  // one byte short
    auto a = s.finish();
    REQUIRE(a);
    CHECK(a->status == AuthStatus::kBadSignature);
  }
  {
    // Abandoned halfway (a failed or stopped hash pass): the destructor ends RNP's thread.
    writer::StreamedSignature s(*keys, "data", f->path("data.good.sig"));
    feed_all(s, data.substr(0, 10));
  }
  {
    // A signature file that cannot be read is an error; feeding does not block on it.
    writer::StreamedSignature s(*keys, "data", f->path("no-such.sig"));
    feed_all(s, data);
    CHECK_FALSE(s.finish());
  }
}
