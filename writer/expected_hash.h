#pragma once
/// Where the expected digest of an image comes from, in order of precedence: --hash, then
/// --checksums FILE, then lists found next to the image.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/result.h"
#include "writer/authenticity.h"
#include "writer/checksum_file.h"
#include "writer/signature.h"

namespace sw::writer {

/// Parses `HEX` (algorithm from its length: 32 md5, 40 sha1, 64 sha256, 128 sha512) or
/// `ALG:HEX`; case-insensitive.
Result<ExpectedHash> parse_hash_spec(std::string_view spec);

/// What the user asked for.
struct HashRequest {
  std::optional<std::string> hash_spec;       ///< --hash
  std::optional<std::string> checksums_file;  ///< --checksums
  /// A detached signature named by the user (--signature): of the checksum list in use, or of
  /// the image when no list is used.
  std::optional<std::string> signature_file;
};

/// The expected digest, if any, and what was looked at on the way (for messages).
struct HashResolution {
  std::optional<ExpectedHash> expected;
  std::vector<std::string> notes;  ///< e.g. "SHA256SUMS next to the image has no entry for it"
  /// The verdict of the checksum list's signature; unsigned when no list is used.
  Authenticity authenticity;
  /// When no list is used: a detached signature of the image itself (given, or IMAGE.sig,
  /// IMAGE.asc, ... beside it), to be checked over the image's bytes.
  std::optional<std::string> image_signature;
};

/// The list files looked for next to an image, in the order they are tried.
std::vector<std::string> checksum_candidates(const std::string& image_path);

/// Applies the precedence above, checking each list's signature with `keys` (only signed bytes
/// are parsed when a signature verifies). Among the lists found next to the image that have an
/// entry for it, one whose signature fails wins (the write is then refused: see
/// check_provenance), then the first whose signature is authentic, else the first. Errors: a
/// malformed --hash, an unreadable --checksums file or one without the image, a found list that
/// contradicts itself.
Result<HashResolution> resolve_expected_hash(const HashRequest& request,
                                             const std::string& image_path,
                                             const TrustedKeys& keys);

/// The refusal for a signature that failed (auth_refuses), naming what it covered (`what`:
/// "the checksum list", "the image") and why.
Error signature_refusal(const Authenticity& a, std::string_view what);

}  // namespace sw::writer
