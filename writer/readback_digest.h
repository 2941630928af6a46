#pragma once
/// The digest that compares a drive's read-back with the image: XXH3-128 (libxxhash).
///
/// Why not SHA-256 again: the image's authenticity is settled by the hash-first pass, which
/// computes SHA-256 (checked against the publisher's digest) and XXH3-128 over the same bytes in
/// the same pass. The read-back only has to show that the drive returns those bytes. A 128-bit
/// XXH3 misses a random corruption with probability 2^-128, and a drive firmware that lies on
/// purpose can lie to any digest; SHA-256 would cost ~0.75 core-seconds per GiB on this pass,
/// XXH3 about a twentieth of that.

#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace sw::writer {

/// Name of the read-back digest as shown in results ("xxh3-128").
inline constexpr std::string_view kReadbackDigestName = "xxh3-128";

/// A streaming XXH3-128. Move-only; owns its XXH3 state.
class ReadbackDigest {
 public:
  ReadbackDigest();
  ReadbackDigest(ReadbackDigest&&) noexcept = default;
  ReadbackDigest& operator=(ReadbackDigest&&) noexcept = default;
  ~ReadbackDigest();
  void update(std::span<const std::byte> data);
  /// The 32-hex-digit digest (canonical big-endian form); the state is then reset.
  std::string finish_hex();

 private:
  struct StateFree {
    void operator()(void* state) const;
  };
  std::unique_ptr<void, StateFree> m_state;
};

}  // namespace sw::writer
