#include "writer/expected_hash.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>

#include "platform/fd.h"
#include "platform/files.h"
#include "platform/ascii.h"

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

Result<HashResolution> resolve_expected_hash(const HashRequest& request,
                                             const std::string& image_path) {
  HashResolution res;
  if (request.hash_spec) {
    auto parsed = parse_hash_spec(*request.hash_spec);
    if (!parsed) return parsed.failure();
    res.expected = std::move(*parsed);
    return res;
  }
  if (request.checksums_file) {
    auto found = read_checksum_file(*request.checksums_file, image_path, ListRole::kShared);
    if (!found) return found.failure();
    res.expected = std::move(*found);
    return res;
  }
  const std::size_t sidecars = 5;
  const auto candidates = checksum_candidates(image_path);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const auto& path = candidates[i];
    const auto st = platform::stat_path(path, ErrorKind::kInput);
    if (!st || !S_ISREG(st->st_mode)) continue;
    const ListRole role = i < sidecars ? ListRole::kSidecar : ListRole::kShared;
    auto text = platform::read_small_file(path, kMaxListBytes, ErrorKind::kInput);
    if (!text) {
      res.notes.push_back(text.error().message);
      continue;
    }
    auto found = select_entry(parse_checksum_text(*text), image_path, path, role);
    if (found) {
      res.expected = std::move(*found);
      return res;
    }
    // A list that names the image twice with different digests is a warning sign, not a miss.
    if (found.error().kind != ErrorKind::kNoExpectedHash) return found.failure();
    res.notes.push_back(found.error().message);
  }
  return res;
}

}  // namespace sw::writer
