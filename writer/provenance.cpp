#include "writer/provenance.h"

#include <fcntl.h>
#include <fmt/format.h>

#include <algorithm>

#include "platform/fd.h"
#include "writer/expected_hash.h"

namespace sw::writer {
namespace {

/// Checks a detached signature of the whole image file, streamed (images are gigabytes).
Result<Authenticity> check_image_signature(const Provenance& p, const std::string& image_path,
                                           const PassContext& ctx) {
  auto fd = platform::open_fd(image_path, O_RDONLY, ErrorKind::kInput);
  if (!fd) return fd.failure();
  const auto st = platform::stat_fd(*fd, ErrorKind::kInput);
  const std::uint64_t total = st ? static_cast<std::uint64_t>(st->st_size) : 0;
  ProgressMeter meter(Phase::kHash, total, ctx.clock, ctx.sink);
  std::uint64_t offset = 0;
  const ChunkReader read = [&](char* buf, std::size_t len) -> Result<std::size_t> {
    if (ctx.cancel.cancelled()) {
      return fail(ErrorKind::kInterrupted,
                  "stopped while checking the image's signature; nothing was written");
    }
    auto n = platform::pread_some(*fd, std::as_writable_bytes(std::span(buf, len)), offset,
                                  ErrorKind::kInput);
    if (!n) return n;
    offset += *n;
    meter.update(offset);
    return n;
  };
  auto verdict = verify_detached_stream(p.trust->keys, read, image_path, *p.image_signature);
  meter.finish();
  return verdict;
}

}  // namespace

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

Result<AuthVerdict> judge_authenticity(const Provenance& p, bool digest_from_list,
                                       const ImageDigests& digests, const std::string& image_path,
                                       const PassContext& ctx) {
  AuthVerdict v;
  if (digest_from_list) v.authenticity = p.list;
  if (p.trust) v.catalog = find_in_catalogs(p.trust->catalogs, digests);
  const bool list_ok = digest_from_list && p.list.status == AuthStatus::kAuthentic;
  if (!list_ok && p.image_signature && p.trust) {
    auto image = check_image_signature(p, image_path, ctx);
    if (!image) return image.failure();
    if (auth_refuses(image->status)) return fail(signature_refusal(*image, "the image"));
    if (image->status == AuthStatus::kAuthentic || v.authenticity.status == AuthStatus::kUnsigned) {
      v.authenticity = std::move(*image);
    }
  }
  if (v.authenticity.status != AuthStatus::kAuthentic && v.catalog &&
      v.catalog->authenticity.status == AuthStatus::kAuthentic) {
    v.authenticity = v.catalog->authenticity;
  }
  if (p.require_signature && v.authenticity.status != AuthStatus::kAuthentic) {
    return fail(ErrorKind::kNotAuthentic,
                fmt::format("a trusted signature is required, and the image is not authentic "
                            "({}); nothing was written",
                            v.authenticity.status == AuthStatus::kUnknownKey
                                ? fmt::format("signed by key {}, which is in no keyring",
                                              v.authenticity.signer_fingerprint)
                                : std::string("no trusted signature vouches for it")),
                Remedy::kAddPublisherKey);
  }
  return v;
}

}  // namespace sw::writer
