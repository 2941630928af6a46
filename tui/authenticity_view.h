#pragma once
/// The authenticity verdict in words and in JSON, the same for the command line and the
/// full-screen UI: one line that says authentic, intact only, or why not.

#include <optional>
#include <string>
#include <vector>

#include "writer/authenticity.h"
#include "writer/catalog.h"

namespace sw::tui {

/// A fingerprint in groups of four hex digits, as publishers print them.
std::string grouped_fingerprint(std::string_view fingerprint);

/// The verdict in words: the first line is the one-line verdict ("Authentic: signed by ...",
/// "Intact only: ...", "Unknown key: ..."), then the fingerprint, a note, and the catalog entry.
/// `digest_matched`: the image's digest was compared and matched (without, nothing is "intact").
std::vector<std::string> authenticity_lines(const writer::Authenticity& a,
                                            const std::optional<writer::CatalogMatch>& catalog,
                                            bool digest_matched);

/// The JSON "authenticity" object: status, signature_file, signer_fingerprint, signer_uid,
/// signed_at (null when unknown), signed_file, reason, note.
std::string authenticity_json(const writer::Authenticity& a);

/// The JSON "catalog" object (name, file, algorithm, signed), or "null".
std::string catalog_json(const std::optional<writer::CatalogMatch>& catalog);

}  // namespace sw::tui
