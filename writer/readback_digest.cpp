#include "writer/readback_digest.h"

#include <xxhash.h>

#include <new>

namespace sw::writer {
namespace {

XXH3_state_t* as_state(void* p) { return static_cast<XXH3_state_t*>(p); }

}  // namespace

void ReadbackDigest::StateFree::operator()(void* state) const { XXH3_freeState(as_state(state)); }

ReadbackDigest::ReadbackDigest() : m_state(XXH3_createState()) {
  if (!m_state) throw std::bad_alloc();
  XXH3_128bits_reset(as_state(m_state.get()));
}

ReadbackDigest::~ReadbackDigest() = default;

void ReadbackDigest::update(std::span<const std::byte> data) {
  XXH3_128bits_update(as_state(m_state.get()), data.data(), data.size());
}

std::string ReadbackDigest::finish_hex() {
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, XXH3_128bits_digest(as_state(m_state.get())));
  XXH3_128bits_reset(as_state(m_state.get()));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : canonical.digest) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0xf]);
  }
  return out;
}

}  // namespace sw::writer
