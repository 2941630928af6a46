#include "writer/catalog.h"

#include <fmt/format.h>

#include <algorithm>

#include "writer/signed_list.h"

namespace sw::writer {

Result<Catalog> load_catalog(const std::string& file, const TrustedKeys& keys) {
  auto checked = read_signed_list(file, keys);
  if (!checked) return checked.failure();
  const Authenticity& a = checked->authenticity;
  if (auth_refuses(a.status)) {
    return fail(ErrorKind::kNotAuthentic,
                fmt::format("the catalog {} has a signature that does not verify ({}): it may "
                            "have been tampered with, so it vouches for nothing; fix or remove it",
                            file, a.reason));
  }
  return Catalog{file, parse_checksum_text(checked->text), std::move(checked->authenticity)};
}

std::vector<Algorithm> catalog_algorithms(const std::vector<Catalog>& catalogs) {
  std::vector<Algorithm> algs;
  for (const auto& c : catalogs) {
    for (const auto& e : c.list.entries) {
      if (std::find(algs.begin(), algs.end(), e.algorithm) == algs.end()) {
        algs.push_back(e.algorithm);
      }
    }
  }
  return algs;
}

std::optional<CatalogMatch> find_in_catalogs(const std::vector<Catalog>& catalogs,
                                             const ImageDigests& digests) {
  std::optional<CatalogMatch> best;
  for (const auto& c : catalogs) {
    for (const auto& e : c.list.entries) {
      const HashMatch on = match_expected(digests, e.algorithm, e.hex);
      if (on == HashMatch::kNone) continue;
      const bool signed_entry = c.authenticity.status == AuthStatus::kAuthentic;
      if (best && (!signed_entry || best->authenticity.status == AuthStatus::kAuthentic)) continue;
      best = CatalogMatch{
          std::string(base_name(e.name)), c.file, e.algorithm, e.hex, on, c.authenticity};
    }
  }
  return best;
}

}  // namespace sw::writer
