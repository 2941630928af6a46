#pragma once
/// Where the expected digest of an image comes from, in order of precedence: --hash, then
/// --checksums FILE, then lists found next to the image.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/result.h"
#include "writer/checksum_file.h"

namespace sw::writer {

/// Parses `HEX` (algorithm from its length: 32 md5, 40 sha1, 64 sha256, 128 sha512) or
/// `ALG:HEX`; case-insensitive.
Result<ExpectedHash> parse_hash_spec(std::string_view spec);

/// What the user asked for.
struct HashRequest {
  std::optional<std::string> hash_spec;       ///< --hash
  std::optional<std::string> checksums_file;  ///< --checksums
};

/// The expected digest, if any, and what was looked at on the way (for messages).
struct HashResolution {
  std::optional<ExpectedHash> expected;
  std::vector<std::string> notes;  ///< e.g. "SHA256SUMS next to the image has no entry for it"
};

/// The list files looked for next to an image, in the order they are tried.
std::vector<std::string> checksum_candidates(const std::string& image_path);

/// Applies the precedence above. Errors: a malformed --hash, an unreadable --checksums file or
/// one without the image, a found list that contradicts itself.
Result<HashResolution> resolve_expected_hash(const HashRequest& request,
                                             const std::string& image_path);

}  // namespace sw::writer
