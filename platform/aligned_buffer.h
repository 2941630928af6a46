#pragma once
/// Page-aligned heap buffers, as O_DIRECT requires.

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>
#include <span>

namespace sw::platform {

/// Alignment of every I/O buffer: a page, which satisfies any logical sector size we meet.
inline constexpr std::size_t kBufferAlignBytes = 4096;

/// A fixed-size, page-aligned, zero-initialised byte buffer that frees itself.
class AlignedBuffer {
 public:
  AlignedBuffer() = default;
  /// Allocates `bytes` rounded up to the alignment; throws std::bad_alloc when memory is out.
  explicit AlignedBuffer(std::size_t bytes);

  std::span<std::byte> span() { return {m_data.get(), m_size}; }
  std::span<const std::byte> span() const { return {m_data.get(), m_size}; }
  std::byte* data() { return m_data.get(); }
  std::size_t size() const { return m_size; }

 private:
  struct Free {
    void operator()(std::byte* p) const { std::free(p); }  // NOLINT(cppcoreguidelines-no-malloc)
  };
  std::unique_ptr<std::byte, Free> m_data;
  std::size_t m_size = 0;
};

}  // namespace sw::platform
