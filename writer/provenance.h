#pragma once
/// Who vouches for an image: the signature of the checksum list its digest came from, a
/// signature of the image itself, or a catalog of known images; and whether the user requires
/// one that verifies. Judged by the job after the hash pass, before the target is opened.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "platform/result.h"
#include "writer/authenticity.h"
#include "writer/catalog.h"
#include "writer/checksum_file.h"
#include "writer/passes.h"
#include "writer/progress.h"
#include "writer/source.h"
#include "writer/trust.h"

namespace sw::writer {

/// What the job needs to judge authenticity.
struct Provenance {
  Authenticity list;  ///< the checksum list's signature (resolve_expected_hash); unsigned if none
  /// A detached signature of the image itself, checked over the image file's bytes.
  std::optional<std::string> image_signature;
  /// Keys and catalogs; null: none of them.
  std::shared_ptr<const Trust> trust;
  /// Only an authentic image may be written.
  bool require_signature = false;
};

/// The algorithms the catalogs need besides the expected digest's.
std::vector<Algorithm> provenance_algorithms(const Provenance& p);

/// Whether a digest may still come from a catalog after the hash pass.
bool has_catalogs(const Provenance& p);

/// Refuses before anything is hashed when the checksum list's signature failed (kNotAuthentic,
/// worded by signature_refusal), or when a signature is required and none can verify: the
/// list's is not authentic, there is no image signature, and no catalog is signed by a trusted
/// key.
Result<void> check_provenance(const Provenance& p);

/// The hash pass's digests and, when the image's own signature was checked in it, its verdict.
struct HashedImage {
  ImageDigests digests;
  std::optional<Authenticity> image_signature;
};

/// Whether the hash pass must also check the image's own signature: there is one, and the
/// digest does not already come from a list whose signature is authentic.
bool checks_image_signature(const Provenance& p, bool digest_from_list);

/// The hash pass (hash_source), checking the image's own signature over the very bytes it
/// hashes when checks_image_signature says so: one read of the image, and no other bytes can
/// stand in for the ones signed.
Result<HashedImage> hash_image(Source& source, const std::vector<Algorithm>& algs,
                               const PassContext& ctx, const ContentLimit* limit,
                               const Provenance& p, bool digest_from_list);

/// What the hash pass learnt about authenticity.
struct AuthVerdict {
  Authenticity authenticity;
  std::optional<CatalogMatch> catalog;
  /// Set when the image may not be written: a signature that failed, or a required one that
  /// is not authentic (kind kNotAuthentic).
  std::optional<Error> refusal;
};

/// After the hash pass: finds the image in the catalogs and gives the verdict: authentic when
/// the digest came from a list signed by a trusted key, or the image's own signature is
/// authentic, or a catalog signed by a trusted key lists it; else what the list's (or the
/// image's) signature says.
AuthVerdict judge_authenticity(const Provenance& p, bool digest_from_list,
                               const HashedImage& hashed);

}  // namespace sw::writer
