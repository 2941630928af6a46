#pragma once
/// The digest that compares a drive's read-back with the image: XXH3-128 (libxxhash), keyed
/// with a secret drawn from the kernel for each job.
///
/// Why not SHA-256 again: the image's authenticity is settled by the hash-first pass, which
/// computes SHA-256 (checked against the publisher's digest) and XXH3-128 over the same bytes in
/// the same pass. The read-back only has to show that the drive returns those bytes. A 128-bit
/// XXH3 misses a random corruption with probability 2^-128, and a drive firmware that lies on
/// purpose can lie to any digest; SHA-256 would cost ~0.75 core-seconds per GiB on this pass,
/// XXH3 about a twentieth of that.
///
/// Why keyed: XXH3 is not a cryptographic hash. With its public default secret, whoever can
/// swap the image between the hash pass and the write pass could craft other bytes with the
/// same XXH3-128 and have them reported as verified. With a secret nobody else sees (drawn from
/// getrandom for each job, never stored), such a collision cannot be computed in advance.

#include <array>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "platform/result.h"

namespace sw::writer {

/// Name of the read-back digest as shown in results ("xxh3-128").
inline constexpr std::string_view kReadbackDigestName = "xxh3-128";

/// The secret one job's read-back digests are keyed with; copies share it. Every digest that is
/// compared with another must use the same key.
class ReadbackKey {
 public:
  /// XXH3's default secret size, XXH3_SECRET_DEFAULT_SIZE (its minimum is 136).
  static constexpr std::size_t kSecretBytes = 192;
  using Secret = std::array<std::byte, kSecretBytes>;

  /// A fresh secret from getrandom(2).
  static Result<ReadbackKey> draw();
  /// A key with these secret bytes (tests; random bytes from elsewhere).
  explicit ReadbackKey(const Secret& secret);

  std::span<const std::byte> secret() const { return *m_secret; }

 private:
  // Shared and never moved: an XXH3 state keeps a pointer to its secret.
  std::shared_ptr<const Secret> m_secret;
};

/// A streaming, keyed XXH3-128. Move-only; owns its XXH3 state and shares its key.
class ReadbackDigest {
 public:
  explicit ReadbackDigest(ReadbackKey key);
  ReadbackDigest(ReadbackDigest&&) noexcept = default;
  ReadbackDigest& operator=(ReadbackDigest&&) noexcept = default;
  ~ReadbackDigest();
  void update(std::span<const std::byte> data);
  /// The 32-hex-digit digest (canonical big-endian form); the state is then reset.
  std::string finish_hex();

 private:
  void reset();
  struct StateFree {
    void operator()(void* state) const;
  };
  ReadbackKey m_key;
  std::unique_ptr<void, StateFree> m_state;
};

}  // namespace sw::writer
