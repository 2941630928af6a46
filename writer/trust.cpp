#include "writer/trust.h"

#include <sys/stat.h>

#include "platform/config_dirs.h"
#include "platform/fd.h"

namespace sw::writer {

const std::vector<DistributionKeyring>& distribution_keyrings() {
  static const std::vector<DistributionKeyring> keyrings = {
      {"/usr/share/keyrings/debian-role-keys.gpg",
       "Debian's role keys (debian-keyring), among them the Debian CD signing keys"},
  };
  return keyrings;
}

std::vector<std::string> keyring_files(const TrustRequest& request) {
  std::vector<std::string> files = request.keyrings;
  for (auto& f : platform::files_in(request.keyring_dirs)) files.push_back(std::move(f));
  if (request.distribution) {
    for (const auto& k : distribution_keyrings()) {
      const std::string path(k.path);
      const auto st = platform::stat_path(path, ErrorKind::kInput);
      if (st && S_ISREG(st->st_mode)) files.push_back(path);
    }
  }
  return files;
}

Result<Trust> load_trust(const TrustRequest& request) {
  auto keys = TrustedKeys::load(keyring_files(request));
  if (!keys) return keys.failure();
  Trust trust{std::move(*keys), {}};
  std::vector<std::string> catalogs = request.catalogs;
  for (auto& f : platform::files_in(request.catalog_dirs)) {
    // A catalog's own signature sits beside it: it is not a catalog.
    if (f.ends_with(".sig") || f.ends_with(".asc") || f.ends_with(".sign") || f.ends_with(".gpg")) {
      continue;
    }
    catalogs.push_back(std::move(f));
  }
  for (const auto& file : catalogs) {
    auto catalog = load_catalog(file, trust.keys);
    if (!catalog) return catalog.failure();
    trust.catalogs.push_back(std::move(*catalog));
  }
  return trust;
}

}  // namespace sw::writer
