#include "writer/expected_hash.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>

#include "platform/ascii.h"
#include "platform/fd.h"
#include "platform/files.h"
#include "writer/signed_list.h"

namespace sw::writer {
namespace {

std::string directory_of(const std::string& path) {
  const auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

}  // namespace

Result<ExpectedHash> parse_hash_spec(std::string_view spec) {
  std::optional<Algorithm> named;
  std::string_view hex = spec;
  if (const auto colon = spec.find(':'); colon != std::string_view::npos) {
    named = algorithm_from_name(spec.substr(0, colon));
    if (!named) {
      return fail(
          ErrorKind::kUsage,
          fmt::format("unknown hash algorithm '{}' in the expected hash; use md5, sha1, sha256 or "
                      "sha512",
                      spec.substr(0, colon)));
    }
    hex = spec.substr(colon + 1);
  }
  if (!is_hex(hex)) {
    return fail(ErrorKind::kUsage,
                fmt::format("the expected hash '{}' is not a hexadecimal digest", spec));
  }
  const auto by_length = algorithm_from_hex_length(hex.size());
  if (named && hex.size() != hex_length(*named)) {
    return fail(ErrorKind::kUsage,
                fmt::format("expected hash: a {} digest has {} hex digits, this one has {}",
                            algorithm_name(*named), hex_length(*named), hex.size()));
  }
  if (!named && !by_length) {
    return fail(
        ErrorKind::kUsage,
        fmt::format("expected hash: {} hex digits matches no algorithm (md5 32, sha1 40, sha256 "
                    "64, sha512 128)",
                    hex.size()));
  }
  return ExpectedHash{named ? *named : *by_length, platform::to_lower(hex), ""};
}

std::vector<std::string> checksum_candidates(const std::string& image_path) {
  std::vector<std::string> out;
  for (const char* ext : {".sha256", ".sha256sum", ".sha1", ".sha512", ".md5"}) {
    out.push_back(image_path + ext);
  }
  const std::string dir = directory_of(image_path);
  const std::string prefix = dir == "/" ? "/" : dir + "/";
  for (const char* name : {"SHA256SUMS", "SHA512SUMS", "SHA1SUMS", "MD5SUMS", "sha256sum.txt"}) {
    out.push_back(prefix + name);
  }
  // Fedora publishes NAME-CHECKSUM files; sorted so the choice does not depend on readdir order.
  if (auto names = platform::list_directory(dir, ErrorKind::kInput)) {
    std::vector<std::string> fedora;
    for (const auto& n : *names) {
      if (n.ends_with("CHECKSUM")) fedora.push_back(prefix + n);
    }
    std::sort(fedora.begin(), fedora.end());
    out.insert(out.end(), fedora.begin(), fedora.end());
  }
  return out;
}

Error signature_refusal(const Authenticity& a, std::string_view what) {
  if (a.status == AuthStatus::kBadSignature) {
    return Error{ErrorKind::kNotAuthentic,
                 fmt::format("{}'s signature does not verify: it may have been tampered with ({}; "
                             "{} signed by {})",
                             what, a.reason, a.signed_file, a.signature_file)};
  }
  return Error{ErrorKind::kNotAuthentic,
               fmt::format("{}'s signature cannot be trusted: {} (key {}, signature {}); the "
                           "signature is refused like one that does not verify",
                           what, a.reason, a.signer_fingerprint, a.signature_file)};
}

namespace {

/// A list that names the image, with its signature's verdict.
struct Candidate {
  std::string path;
  ListRole role = ListRole::kShared;
  ExpectedHash expected;
  Authenticity authenticity;
};

/// Reads one list found next to the image; none when it is not usable (noted in `res`).
Result<std::optional<Candidate>> try_candidate(const std::string& path, ListRole role,
                                               const std::string& image_path,
                                               const TrustedKeys& keys, HashResolution& res) {
  auto list = read_signed_list(path, keys);
  if (!list) {
    res.notes.push_back(list.error().message);
    return std::optional<Candidate>{};
  }
  auto found = select_entry(parse_checksum_text(list->text), image_path, path, role);
  if (!found) {
    // A list that names the image twice with different digests is a warning sign, not a miss.
    if (found.error().kind != ErrorKind::kNoExpectedHash) return found.failure();
    res.notes.push_back(found.error().message);
    return std::optional<Candidate>{};
  }
  return std::optional<Candidate>{
      Candidate{path, role, std::move(*found), std::move(list->authenticity)}};
}

}  // namespace

Result<HashResolution> resolve_expected_hash(const HashRequest& request,
                                             const std::string& image_path,
                                             const TrustedKeys& keys) {
  HashResolution res;
  if (request.hash_spec) {
    auto parsed = parse_hash_spec(*request.hash_spec);
    if (!parsed) return parsed.failure();
    res.expected = std::move(*parsed);
    res.image_signature =
        request.signature_file ? request.signature_file : find_signature(image_path);
    return res;
  }
  if (request.checksums_file) {
    auto list = read_signed_list(*request.checksums_file, keys, request.signature_file);
    if (!list) return list.failure();
    auto found = select_entry(parse_checksum_text(list->text), image_path, *request.checksums_file,
                              ListRole::kShared);
    if (!found) return found.failure();
    res.expected = std::move(*found);
    res.authenticity = std::move(list->authenticity);
    return res;
  }
  const std::size_t sidecars = 5;
  const auto candidates = checksum_candidates(image_path);
  std::optional<Candidate> chosen;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const auto& path = candidates[i];
    const auto st = platform::stat_path(path, ErrorKind::kInput);
    if (!st || !S_ISREG(st->st_mode)) continue;
    const ListRole role = i < sidecars ? ListRole::kSidecar : ListRole::kShared;
    auto found = try_candidate(path, role, image_path, keys, res);
    if (!found) return found.failure();
    if (!*found) continue;
    // A failed signature on a list that names the image is a sign of tampering: that list is
    // the one used, so that the write is refused.
    const AuthStatus status = (*found)->authenticity.status;
    if (!chosen || auth_refuses(status) ||
        (chosen->authenticity.status != AuthStatus::kAuthentic &&
         status == AuthStatus::kAuthentic)) {
      chosen = std::move(**found);
    }
    if (auth_refuses(status)) break;
  }
  if (!chosen) {
    res.image_signature =
        request.signature_file ? request.signature_file : find_signature(image_path);
    return res;
  }
  if (request.signature_file) {
    // The user named the list's signature: it replaces whatever was found beside the list.
    auto list = read_signed_list(chosen->path, keys, request.signature_file);
    if (!list) return list.failure();
    auto found =
        select_entry(parse_checksum_text(list->text), image_path, chosen->path, chosen->role);
    if (!found) return found.failure();
    chosen->expected = std::move(*found);
    chosen->authenticity = std::move(list->authenticity);
  }
  res.expected = std::move(chosen->expected);
  res.authenticity = std::move(chosen->authenticity);
  return res;
}

}  // namespace sw::writer
