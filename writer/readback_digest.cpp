#include "writer/readback_digest.h"

#include <xxhash.h>

#include <new>

#include "platform/random.h"

namespace sw::writer {
namespace {

static_assert(ReadbackKey::kSecretBytes >= XXH3_SECRET_SIZE_MIN);

XXH3_state_t* as_state(void* p) { return static_cast<XXH3_state_t*>(p); }

}  // namespace

Result<ReadbackKey> ReadbackKey::draw() {
  Secret secret;
  if (auto r = platform::fill_random(secret); !r) return r.failure();
  return ReadbackKey(secret);
}

ReadbackKey::ReadbackKey(const Secret& secret) : m_secret(std::make_shared<const Secret>(secret)) {}

void ReadbackDigest::StateFree::operator()(void* state) const { XXH3_freeState(as_state(state)); }

ReadbackDigest::ReadbackDigest(ReadbackKey key)
    : m_key(std::move(key)), m_state(XXH3_createState()) {
  if (!m_state) throw std::bad_alloc();
  reset();
}

ReadbackDigest::~ReadbackDigest() = default;

void ReadbackDigest::reset() {
  const auto secret = m_key.secret();
  // Fails only for a secret below XXH3_SECRET_SIZE_MIN, which ReadbackKey rules out.
  (void)XXH3_128bits_reset_withSecret(as_state(m_state.get()), secret.data(), secret.size());
}

void ReadbackDigest::update(std::span<const std::byte> data) {
  XXH3_128bits_update(as_state(m_state.get()), data.data(), data.size());
}

std::string ReadbackDigest::finish_hex() {
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, XXH3_128bits_digest(as_state(m_state.get())));
  reset();
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : canonical.digest) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xf]);
  }
  return out;
}

}  // namespace sw::writer
