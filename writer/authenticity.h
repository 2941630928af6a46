#pragma once
/// Whether the bytes a digest was checked against come from their publisher: the verdict of an
/// OpenPGP signature over a checksum list, a catalog or the image itself.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sw::writer {

/// What a signature says about the bytes it covers.
enum class AuthStatus {
  kUnsigned,       ///< no signature was found: the digest proves the image intact only
  kAuthentic,      ///< signed by a key from a trusted keyring, and the signature verifies
  kUnknownKey,     ///< signed, by a key in no keyring: nothing proven either way
  kBadSignature,   ///< the signature does not verify: the signed bytes were altered
  kExpiredKey,     ///< the signing key (or subkey) has expired
  kRevokedKey,     ///< the signing key (or subkey) was revoked
  kWeakAlgorithm,  ///< a SHA-1 or MD5 digest, or a key weaker than RSA 2048
};

/// The JSON id: "unsigned", "authentic", "unknown_key", "bad_signature", "expired_key",
/// "revoked_key", "weak_algorithm".
std::string_view auth_status_id(AuthStatus s);

/// A status that refuses the write whatever the user asked: the signature was checked and
/// failed, which is a sign of tampering, not of a missing key.
bool auth_refuses(AuthStatus s);

/// The verdict of one signature, with what a person needs to judge it.
struct Authenticity {
  AuthStatus status = AuthStatus::kUnsigned;
  std::string signed_file;     ///< the list, catalog or image the signature covers
  std::string signature_file;  ///< empty when unsigned; the list itself when clear-signed
  /// The signing key's full fingerprint (upper-case hex), or for an unknown key the issuer's
  /// fingerprint, or its 16-digit key ID when the signature names no fingerprint.
  std::string signer_fingerprint;
  std::string signer_uid;                 ///< the primary user ID; empty for an unknown key
  std::optional<std::int64_t> signed_at;  ///< seconds since 1970 (UTC)
  std::string reason;  ///< why it failed, in words: "the key was revoked as compromised"
  /// Worth knowing about a signature that stands: "the key expired on 2021-01-01, after it
  /// made this signature".
  std::string note;
};

}  // namespace sw::writer
