#pragma once
/// Checksum lists: GNU (`HEX  name`, `HEX *name`), BSD tag (`SHA256 (name) = HEX`), bare
/// sidecar digests, with CRLF, comments, PGP clear-signed armor and several algorithms per file.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "platform/result.h"
#include "writer/digest.h"

namespace sw::writer {

/// One line of a checksum list. `name` is empty for a bare digest (a sidecar holding only HEX).
struct ChecksumEntry {
  Algorithm algorithm = Algorithm::kSha256;
  std::string hex;  ///< lower case
  std::string name;
};

/// The entries of a list and the number of lines that were not understood.
struct ChecksumList {
  std::vector<ChecksumEntry> entries;
  std::size_t skipped_lines = 0;
};

/// Parses the text of a checksum list. Never fails: malformed lines are counted and skipped.
ChecksumList parse_checksum_text(std::string_view text);

/// The last path component, splitting at '/' and '\' (lists made on Windows use the latter).
std::string_view base_name(std::string_view path);

/// An expected digest and where it came from.
struct ExpectedHash {
  Algorithm algorithm = Algorithm::kSha256;
  std::string hex;     ///< lower case
  std::string source;  ///< the checksum list it was read from; empty when the user gave it
  /// The user gave the digest (the command line's --hash, the terminal UI's typed hash).
  bool given() const { return source.empty(); }
};

/// How a list relates to the image.
enum class ListRole {
  kShared,   ///< SHA256SUMS and the like: only an entry naming the image counts
  kSidecar,  ///< IMAGE.sha256: a lone entry (or a bare digest) belongs to the image
};

/// Picks the image's digest from a list: entries whose base name equals the image's base name
/// (or, for a sidecar, its only entry); the strongest algorithm wins. Two different digests of
/// one algorithm for the image are an error (kInput); a list with no entry for it is an error of
/// kind kNoExpectedHash.
Result<ExpectedHash> select_entry(const ChecksumList& list, std::string_view image_path,
                                  std::string_view list_path, ListRole role);

/// Checksum lists are small; anything bigger is not one.
inline constexpr std::size_t kMaxListBytes = 16 * 1024 * 1024;

/// Reads a checksum list file and selects the image's digest from it.
Result<ExpectedHash> read_checksum_file(const std::string& list_path, std::string_view image_path,
                                        ListRole role);

}  // namespace sw::writer
