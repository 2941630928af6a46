#pragma once
/// Streaming message digests through OpenSSL EVP: md5, sha1, sha256, sha512.

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sw::writer {

/// The digest algorithms stickwright understands.
enum class Algorithm { kMd5, kSha1, kSha256, kSha512 };

/// Lower-case name ("sha256").
std::string_view algorithm_name(Algorithm alg);
/// Parses a name case-insensitively: md5, sha1, sha256, sha512 (also "sha-256" spellings).
std::optional<Algorithm> algorithm_from_name(std::string_view name);
/// The algorithm whose hex digest has this many characters (32, 40, 64, 128).
std::optional<Algorithm> algorithm_from_hex_length(std::size_t length);
/// Hex characters in a digest of this algorithm.
std::size_t hex_length(Algorithm alg);
/// Rank for choosing among several listed digests: stronger is higher.
int algorithm_strength(Algorithm alg);

/// What a matching digest proves. md5 and sha1 have practical collisions: whoever can choose
/// both files (a mirror, a man in the middle who also serves the checksum's twin) can make a
/// changed image with the published digest. A match then shows the download is intact, not
/// that nobody changed it. sha256 and sha512 have no known collisions.
enum class HashStrength { kWeak, kStrong };
/// The strength of a digest of this algorithm.
HashStrength hash_strength(Algorithm alg);
/// "weak" or "strong", as machine-readable output names it.
std::string_view hash_strength_name(HashStrength strength);

/// One streaming digest. Move-only; owns its EVP_MD_CTX.
class Digest {
 public:
  explicit Digest(Algorithm alg);
  Digest(Digest&&) noexcept = default;
  Digest& operator=(Digest&&) noexcept = default;
  ~Digest();

  Algorithm algorithm() const { return m_alg; }
  void update(std::span<const std::byte> data);
  /// Finishes and returns the lower-case hex digest; the object is then reset for reuse.
  std::string finish_hex();

 private:
  struct CtxFree {
    void operator()(void* ctx) const;
  };
  Algorithm m_alg;
  std::unique_ptr<void, CtxFree> m_ctx;
};

/// Several digests fed the same bytes in one pass.
class MultiDigest {
 public:
  explicit MultiDigest(const std::vector<Algorithm>& algs);
  void update(std::span<const std::byte> data);
  /// Finishes every digest: pairs of (algorithm, hex).
  std::vector<std::pair<Algorithm, std::string>> finish_hex();

 private:
  std::vector<Digest> m_digests;
};

/// One-shot digest of a byte span, hex.
std::string digest_hex(Algorithm alg, std::span<const std::byte> data);

/// True when `text` is only hex digits.
bool is_hex(std::string_view text);

}  // namespace sw::writer
