#pragma once
/// Catalogs of known images: checksum lists a user or a shop keeps of images they know to be
/// genuine (for Windows, the digests Microsoft published for its ISOs), matched by digest, not
/// by file name, so a renamed download is still recognised.

#include <optional>
#include <string>
#include <vector>

#include "platform/result.h"
#include "writer/authenticity.h"
#include "writer/checksum_file.h"
#include "writer/digest.h"
#include "writer/passes.h"
#include "writer/signature.h"

namespace sw::writer {

/// One catalog file: its entries (only the signed ones when a signature verifies) and the
/// verdict of its signature.
struct Catalog {
  std::string file;
  ChecksumList list;
  Authenticity authenticity;
};

/// Reads a catalog and checks its detached signature (FILE.sig, .asc, ...) or clear signature.
/// A signature that fails (bad, expired or revoked key, weak algorithm) is an error of kind
/// kNotAuthentic: a tampered catalog must not vouch for anything.
Result<Catalog> load_catalog(const std::string& file, const TrustedKeys& keys);

/// An image found in a catalog.
struct CatalogMatch {
  std::string name;  ///< the entry's name in the catalog (the image as its publisher named it)
  std::string file;  ///< the catalog
  Algorithm algorithm = Algorithm::kSha256;
  std::string hex;
  HashMatch matched_on = HashMatch::kNone;
  Authenticity authenticity;  ///< the catalog's signature

  /// The entry as the expected digest (its source is the catalog), when none other was given.
  ExpectedHash as_expected() const { return ExpectedHash{algorithm, hex, file}; }
};

/// The algorithms the catalogs' entries use, each once.
std::vector<Algorithm> catalog_algorithms(const std::vector<Catalog>& catalogs);

/// The first entry, over all catalogs in order, whose digest equals the image's (or a compressed
/// image's file as downloaded); a signed catalog's entry wins over an unsigned one's.
std::optional<CatalogMatch> find_in_catalogs(const std::vector<Catalog>& catalogs,
                                             const ImageDigests& digests);

}  // namespace sw::writer
