#pragma once
/// A checksum list (or catalog) read together with its OpenPGP signature: only bytes a signature
/// covers are parsed when one verifies. Publishers' names for the signature: Debian's
/// SHA256SUMS.sign, Ubuntu's SHA256SUMS.gpg, Linux Mint's sha256sum.txt.gpg, .asc and .sig
/// beside the list, or the list itself clear-signed (Fedora's *CHECKSUM).

#include <optional>
#include <string>
#include <vector>

#include "platform/result.h"
#include "writer/authenticity.h"
#include "writer/signature.h"

namespace sw::writer {

/// The detached signature files looked for beside `path`, in the order they are tried:
/// PATH.sign, PATH.gpg, PATH.asc, PATH.sig.
std::vector<std::string> signature_candidates(const std::string& path);

/// The first of signature_candidates(path) that is a regular file, if any.
std::optional<std::string> find_signature(const std::string& path);

/// A list's text as far as it can be trusted, and its signature's verdict.
struct CheckedList {
  /// With a detached signature: the exact bytes it verified (or failed to). Clear-signed and
  /// verified: the signed body only. Otherwise the file as read (the list parser then reads a
  /// clear-signed file's body only, signed or not).
  std::string text;
  Authenticity authenticity;
};

/// Reads the list at `path` (at most kMaxListBytes) and checks its signature: `signature` when
/// given, else the first one found beside it, else the list's own clear signature. Fails only
/// when the list or a named signature cannot be read.
Result<CheckedList> read_signed_list(const std::string& path, const TrustedKeys& keys,
                                     const std::optional<std::string>& signature = {});

}  // namespace sw::writer
