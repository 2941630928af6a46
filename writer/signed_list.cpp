#include "writer/signed_list.h"

#include <sys/stat.h>

#include "platform/fd.h"
#include "platform/files.h"
#include "writer/checksum_file.h"

namespace sw::writer {

std::vector<std::string> signature_candidates(const std::string& path) {
  std::vector<std::string> out;
  for (const char* ext : {".sign", ".gpg", ".asc", ".sig"}) out.push_back(path + ext);
  return out;
}

std::optional<std::string> find_signature(const std::string& path) {
  for (auto& candidate : signature_candidates(path)) {
    const auto st = platform::stat_path(candidate, ErrorKind::kInput);
    if (st && S_ISREG(st->st_mode)) return candidate;
  }
  return std::nullopt;
}

Result<CheckedList> read_signed_list(const std::string& path, const TrustedKeys& keys,
                                     const std::optional<std::string>& signature) {
  auto bytes = platform::read_small_file(path, kMaxListBytes, ErrorKind::kInput);
  if (!bytes) return bytes.failure();
  CheckedList out;
  out.authenticity.signed_file = path;
  const auto detached = signature ? signature : find_signature(path);
  if (detached) {
    // The signature is checked over the very bytes that are parsed next: nothing is read twice.
    auto verdict = verify_detached(keys, *bytes, path, *detached);
    if (!verdict) return verdict.failure();
    out.authenticity = std::move(*verdict);
    out.text = std::move(*bytes);
    return out;
  }
  if (is_clear_signed(*bytes)) {
    auto signed_text = verify_clear_signed(keys, *bytes, path);
    out.authenticity = std::move(signed_text.authenticity);
    out.text = out.authenticity.status == AuthStatus::kAuthentic ? std::move(signed_text.body)
                                                                 : std::move(*bytes);
    return out;
  }
  out.text = std::move(*bytes);
  return out;
}

}  // namespace sw::writer
