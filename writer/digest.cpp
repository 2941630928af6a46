#include "writer/digest.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>

#include "platform/ascii.h"

namespace sw::writer {
namespace {

const EVP_MD* evp_of(Algorithm alg) {
  switch (alg) {
    case Algorithm::kMd5:
      return EVP_md5();
    case Algorithm::kSha1:
      return EVP_sha1();
    case Algorithm::kSha256:
      return EVP_sha256();
    case Algorithm::kSha512:
      return EVP_sha512();
  }
  return EVP_sha256();
}

EVP_MD_CTX* as_ctx(void* p) { return static_cast<EVP_MD_CTX*>(p); }

}  // namespace

std::string_view algorithm_name(Algorithm alg) {
  switch (alg) {
    case Algorithm::kMd5:
      return "md5";
    case Algorithm::kSha1:
      return "sha1";
    case Algorithm::kSha256:
      return "sha256";
    case Algorithm::kSha512:
      return "sha512";
  }
  return "sha256";
}

bool is_hex(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(),
                                      [](unsigned char c) { return std::isxdigit(c) != 0; });
}

std::optional<Algorithm> algorithm_from_name(std::string_view name) {
  std::string n = platform::to_lower(name);
  n.erase(std::remove(n.begin(), n.end(), '-'), n.end());
  if (n == "sha2256" || n == "sha2512") n.erase(3, 1);  // OpenSSL's "SHA2-256"
  if (n == "md5") return Algorithm::kMd5;
  if (n == "sha1") return Algorithm::kSha1;
  if (n == "sha256") return Algorithm::kSha256;
  if (n == "sha512") return Algorithm::kSha512;
  return std::nullopt;
}

std::size_t hex_length(Algorithm alg) {
  switch (alg) {
    case Algorithm::kMd5:
      return 32;
    case Algorithm::kSha1:
      return 40;
    case Algorithm::kSha256:
      return 64;
    case Algorithm::kSha512:
      return 128;
  }
  return 0;
}

std::optional<Algorithm> algorithm_from_hex_length(std::size_t length) {
  for (Algorithm a : {Algorithm::kMd5, Algorithm::kSha1, Algorithm::kSha256, Algorithm::kSha512}) {
    if (hex_length(a) == length) return a;
  }
  return std::nullopt;
}

HashStrength hash_strength(Algorithm alg) {
  return alg == Algorithm::kMd5 || alg == Algorithm::kSha1 ? HashStrength::kWeak
                                                           : HashStrength::kStrong;
}

std::string_view hash_strength_name(HashStrength strength) {
  return strength == HashStrength::kWeak ? "weak" : "strong";
}

int algorithm_strength(Algorithm alg) {
  switch (alg) {
    case Algorithm::kMd5:
      return 1;
    case Algorithm::kSha1:
      return 2;
    case Algorithm::kSha256:
      return 3;
    case Algorithm::kSha512:
      return 4;
  }
  return 0;
}

void Digest::CtxFree::operator()(void* ctx) const { EVP_MD_CTX_free(as_ctx(ctx)); }

Digest::Digest(Algorithm alg) : m_alg(alg), m_ctx(EVP_MD_CTX_new()) {
  if (!m_ctx || EVP_DigestInit_ex(as_ctx(m_ctx.get()), evp_of(alg), nullptr) != 1) {
    throw std::runtime_error("OpenSSL could not start a digest");
  }
}

Digest::~Digest() = default;

void Digest::update(std::span<const std::byte> data) {
  EVP_DigestUpdate(as_ctx(m_ctx.get()), data.data(), data.size());
}

std::string Digest::finish_hex() {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  EVP_DigestFinal_ex(as_ctx(m_ctx.get()), md.data(), &len);
  EVP_DigestInit_ex(as_ctx(m_ctx.get()), evp_of(m_alg), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 0xf]);
  }
  return out;
}

MultiDigest::MultiDigest(const std::vector<Algorithm>& algs) {
  for (Algorithm a : algs) {
    const bool dup = std::any_of(m_digests.begin(), m_digests.end(),
                                 [a](const Digest& d) { return d.algorithm() == a; });
    if (!dup) m_digests.emplace_back(a);
  }
}

void MultiDigest::update(std::span<const std::byte> data) {
  for (auto& d : m_digests) d.update(data);
}

std::vector<std::pair<Algorithm, std::string>> MultiDigest::finish_hex() {
  std::vector<std::pair<Algorithm, std::string>> out;
  for (auto& d : m_digests) out.emplace_back(d.algorithm(), d.finish_hex());
  return out;
}

std::string digest_hex(Algorithm alg, std::span<const std::byte> data) {
  Digest d(alg);
  d.update(data);
  return d.finish_hex();
}

}  // namespace sw::writer
