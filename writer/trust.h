#pragma once
/// What an image's authenticity is judged with: the keys a user trusts (keyring files only) and
/// the catalogs of images they know to be genuine. Loaded once, before any image is hashed.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/result.h"
#include "writer/catalog.h"
#include "writer/signature.h"

namespace sw::writer {

/// A keyring a distribution installs, trusted when present.
struct DistributionKeyring {
  std::string_view path;
  std::string_view holds;  ///< whose keys, in words
};

/// The distribution keyrings looked for. Debian's CD signing keys (which sign the SHA256SUMS of
/// its installer images) are in debian-role-keys.gpg of the debian-keyring package.
const std::vector<DistributionKeyring>& distribution_keyrings();

/// Where keys and catalogs come from.
struct TrustRequest {
  std::vector<std::string> keyrings;  ///< given by the user (the command line's --keyring)
  std::vector<std::string> catalogs;  ///< given by the user (--catalog)
  /// Directories whose files are keyrings, and catalogs (platform::config_dirs).
  std::vector<std::string> keyring_dirs, catalog_dirs;
  bool distribution = true;  ///< also the distribution keyrings that are installed
};

/// The keys and catalogs, ready to judge signatures.
struct Trust {
  TrustedKeys keys;
  std::vector<Catalog> catalogs;
};

/// The keyring files of a request, in order: the given ones, those in keyring_dirs, then the
/// installed distribution keyrings.
std::vector<std::string> keyring_files(const TrustRequest& request);

/// Loads every keyring and catalog. An unreadable keyring or catalog is an error naming it; a
/// catalog whose signature fails is refused (kNotAuthentic).
Result<Trust> load_trust(const TrustRequest& request);

}  // namespace sw::writer
