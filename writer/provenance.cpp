#include "writer/provenance.h"

#include <fmt/format.h>

#include <algorithm>

#include "writer/expected_hash.h"
#include "writer/streamed_signature.h"

namespace sw::writer {

std::vector<Algorithm> provenance_algorithms(const Provenance& p) {
  if (!p.trust) return {};
  return catalog_algorithms(p.trust->catalogs);
}

bool has_catalogs(const Provenance& p) { return p.trust && !p.trust->catalogs.empty(); }

Result<void> check_provenance(const Provenance& p) {
  if (auth_refuses(p.list.status)) return fail(signature_refusal(p.list, "the checksum list"));
  if (!p.require_signature) return ok();
  if (p.list.status == AuthStatus::kAuthentic || p.image_signature) return ok();
  const bool signed_catalog =
      p.trust &&
      std::any_of(p.trust->catalogs.begin(), p.trust->catalogs.end(),
                  [](const Catalog& c) { return c.authenticity.status == AuthStatus::kAuthentic; });
  if (signed_catalog) return ok();
  const std::string why =
      p.list.status == AuthStatus::kUnknownKey
          ? fmt::format("the checksum list {} is signed by key {}, which is in no keyring",
                        p.list.signed_file, p.list.signer_fingerprint)
          : "no signature was found for the checksum list or the image, and no signed catalog "
            "was given";
  return fail(
      ErrorKind::kNotAuthentic,
      fmt::format("a trusted signature is required, and {}; nothing was hashed or written", why),
      Remedy::kAddPublisherKey);
}

bool checks_image_signature(const Provenance& p, bool digest_from_list) {
  const bool list_ok = digest_from_list && p.list.status == AuthStatus::kAuthentic;
  return !list_ok && p.image_signature && p.trust;
}

Result<HashedImage> hash_image(Source& source, const std::vector<Algorithm>& algs,
                               const PassContext& ctx, const ContentLimit* limit,
                               const Provenance& p, bool digest_from_list) {
  HashedImage out;
  if (!checks_image_signature(p, digest_from_list)) {
    auto digests = hash_source(source, algs, ctx, limit);
    if (!digests) return digests.failure();
    out.digests = std::move(*digests);
    return out;
  }
  StreamedSignature signature(p.trust->keys, source.path(), *p.image_signature);
  const FileObserver feed = [&signature](std::span<const std::byte> b) { signature.feed(b); };
  auto digests = hash_source(source, algs, ctx, limit, &feed);
  if (!digests) return digests.failure();
  auto verdict = signature.finish();
  if (!verdict) return verdict.failure();
  out.digests = std::move(*digests);
  out.image_signature = std::move(*verdict);
  return out;
}

AuthVerdict judge_authenticity(const Provenance& p, bool digest_from_list,
                               const HashedImage& hashed) {
  AuthVerdict v;
  if (digest_from_list) v.authenticity = p.list;
  if (p.trust) v.catalog = find_in_catalogs(p.trust->catalogs, hashed.digests);
  if (const auto& image = hashed.image_signature) {
    if (auth_refuses(image->status)) {
      v.authenticity = *image;
      v.refusal = signature_refusal(*image, "the image");
      return v;
    }
    if (image->status == AuthStatus::kAuthentic || v.authenticity.status == AuthStatus::kUnsigned) {
      v.authenticity = *image;
    }
  }
  if (v.authenticity.status != AuthStatus::kAuthentic && v.catalog &&
      v.catalog->authenticity.status == AuthStatus::kAuthentic) {
    v.authenticity = v.catalog->authenticity;
  }
  if (p.require_signature && v.authenticity.status != AuthStatus::kAuthentic) {
    v.refusal =
        Error{ErrorKind::kNotAuthentic,
              fmt::format("a trusted signature is required, and the image is not authentic ({}); "
                          "nothing was written",
                          v.authenticity.status == AuthStatus::kUnknownKey
                              ? fmt::format("signed by key {}, which is in no keyring",
                                            v.authenticity.signer_fingerprint)
                              : std::string("no trusted signature vouches for it")),
              0, Remedy::kAddPublisherKey};
  }
  return v;
}

}  // namespace sw::writer
