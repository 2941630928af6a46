#include "platform/aligned_buffer.h"

#include <cstring>

namespace sw::platform {

AlignedBuffer::AlignedBuffer(std::size_t bytes) {
  const std::size_t rounded =
      (bytes + kBufferAlignBytes - 1) / kBufferAlignBytes * kBufferAlignBytes;
  void* p = std::aligned_alloc(kBufferAlignBytes, rounded == 0 ? kBufferAlignBytes : rounded);
  if (p == nullptr) throw std::bad_alloc();
  std::memset(p, 0, rounded);
  m_data.reset(static_cast<std::byte*>(p));
  m_size = bytes;
}

}  // namespace sw::platform
