#pragma once
// Test doubles for the block-device seam: a memory-backed device with injectable faults, and
// a memory-backed image source that can change between passes.

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "platform/block_device.h"
#include "writer/source.h"

namespace sw::test {

/// Faults a MemoryDevice injects.
struct FaultPlan {
  std::optional<std::uint64_t> eio_write_at;  ///< a write covering this byte fails with EIO
  std::size_t max_bytes_per_write = 0;        ///< >0: writes are short, at most this long
  int eintr_writes = 0;                       ///< the first N writes fail with EINTR
  std::atomic<int> eintr_reads{0};  ///< the first N reads fail with EINTR (readers run in parallel)
  std::optional<std::uint64_t> enospc_at;      ///< writes reaching this byte fail with ENOSPC
  std::optional<std::uint64_t> zero_write_at;  ///< writes starting here write 0 bytes
  std::optional<std::uint64_t> flip_bit_at;    ///< verify readers see this byte's low bit flipped
  std::optional<std::uint64_t> eio_read_at;    ///< verify readers fail with EIO reading this byte
};

/// Shared state of a memory device and its verify readers.
struct MemoryMedium {
  std::vector<std::byte> bytes;
  FaultPlan faults;
  int writes = 0;
  int syncs = 0;
  int cache_drops = 0;
  int readers_opened = 0;
  bool unaligned_write_seen = false;
};

/// A BlockDevice over memory. Readers made by open_verify_reader share the medium.
class MemoryDevice final : public platform::BlockDevice {
 public:
  MemoryDevice(std::shared_ptr<MemoryMedium> medium, std::uint32_t granularity,
               bool is_reader = false)
      : m_medium(std::move(medium)), m_granularity(granularity), m_is_reader(is_reader) {}

  const std::string& path() const override { return m_path; }
  std::uint64_t capacity() const override { return m_medium->bytes.size(); }
  std::uint32_t write_granularity() const override { return m_granularity; }
  platform::WriteMode write_mode() const override { return platform::WriteMode::kDirect; }

  Result<std::size_t> read_at(std::span<std::byte> buf, std::uint64_t offset) override {
    auto& f = m_medium->faults;
    if (f.eintr_reads.fetch_sub(1) > 0) {
      return fail(Error{ErrorKind::kTargetIo, "interrupted read", EINTR});
    }
    const auto& b = m_medium->bytes;
    if (offset >= b.size()) return std::size_t{0};
    if (m_is_reader && f.eio_read_at && *f.eio_read_at >= offset &&
        *f.eio_read_at < offset + buf.size()) {
      return fail(Error::from_errno(ErrorKind::kTargetIo,
                                    "cannot read at byte " + std::to_string(offset) + " of", m_path,
                                    EIO));
    }
    const auto at = static_cast<std::size_t>(offset);  // below b.size(), checked above
    const std::size_t n = std::min(buf.size(), b.size() - at);
    std::memcpy(buf.data(), b.data() + at, n);
    if (m_is_reader && f.flip_bit_at && *f.flip_bit_at >= offset && *f.flip_bit_at < offset + n) {
      buf[static_cast<std::size_t>(*f.flip_bit_at - offset)] ^= std::byte{1};  // below n
    }
    return n;
  }

  Result<std::size_t> write_at(std::span<const std::byte> buf, std::uint64_t offset) override {
    auto& m = *m_medium;
    auto& f = m.faults;
    ++m.writes;
    if (offset % m_granularity != 0 || buf.size() % m_granularity != 0)
      m.unaligned_write_seen = true;
    if (f.eintr_writes > 0) {
      --f.eintr_writes;
      return fail(Error{ErrorKind::kTargetIo, "interrupted write", EINTR});
    }
    if (f.eio_write_at && *f.eio_write_at >= offset && *f.eio_write_at < offset + buf.size()) {
      return fail(Error::from_errno(ErrorKind::kTargetIo,
                                    "cannot write at byte " + std::to_string(offset) + " of",
                                    m_path, EIO));
    }
    if (f.zero_write_at && offset >= *f.zero_write_at) return std::size_t{0};
    if (f.enospc_at && offset + buf.size() > *f.enospc_at) {
      return fail(Error::from_errno(ErrorKind::kTargetIo,
                                    "cannot write at byte " + std::to_string(offset) + " of",
                                    m_path, ENOSPC));
    }
    std::size_t n = buf.size();
    if (f.max_bytes_per_write > 0) n = std::min(n, f.max_bytes_per_write);
    if (offset + n > m.bytes.size()) {
      return fail(Error::from_errno(ErrorKind::kTargetIo, "write past the end of", m_path, ENOSPC));
    }
    std::memcpy(m.bytes.data() + offset, buf.data(), n);
    return n;
  }

  Result<void> sync() override {
    ++m_medium->syncs;
    return ok();
  }
  Result<void> drop_cache() override {
    ++m_medium->cache_drops;
    return ok();
  }
  Result<std::unique_ptr<platform::BlockDevice>> open_verify_reader() override {
    ++m_medium->readers_opened;
    return std::unique_ptr<platform::BlockDevice>(
        std::make_unique<MemoryDevice>(m_medium, m_granularity, true));
  }
  std::string cache_bypass() const override { return "memory"; }

 private:
  std::shared_ptr<MemoryMedium> m_medium;
  std::uint32_t m_granularity;
  bool m_is_reader;
  std::string m_path = "memdev";
};

/// An image in memory. `on_rewind(n)` runs before the n-th rewind (1 = the hash pass), so a
/// test can change the bytes between passes.
class MemorySource final : public writer::Source {
 public:
  explicit MemorySource(std::vector<std::byte> bytes) : m_bytes(std::move(bytes)) {}
  const std::string& path() const override { return m_path; }
  std::uint64_t size() const override { return m_bytes.size(); }
  Result<void> rewind() override {
    ++m_rewinds;
    if (on_rewind) on_rewind(m_rewinds, m_bytes);
    m_offset = 0;
    return ok();
  }
  Result<std::size_t> read(std::span<std::byte> buf) override {
    if (fail_read_at && *fail_read_at >= m_offset && *fail_read_at < m_offset + buf.size()) {
      return fail(Error::from_errno(ErrorKind::kInput, "cannot read", m_path, EIO));
    }
    const std::size_t n = std::min<std::size_t>(buf.size(), m_bytes.size() - m_offset);
    std::memcpy(buf.data(), m_bytes.data() + m_offset, n);
    m_offset += n;
    return n;
  }
  std::function<void(int, std::vector<std::byte>&)> on_rewind;
  std::optional<std::uint64_t> fail_read_at;  ///< reads covering this byte fail with EIO

 private:
  std::vector<std::byte> m_bytes;
  std::size_t m_offset = 0;
  int m_rewinds = 0;
  std::string m_path = "image.img";
};

/// Deterministic pseudo-random bytes.
inline std::vector<std::byte> pattern_bytes(std::size_t n, std::uint32_t seed = 1) {
  std::vector<std::byte> v(n);
  std::uint32_t x = seed * 2654435761u + 1;
  for (auto& b : v) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b = static_cast<std::byte>(x & 0xff);
  }
  return v;
}

}  // namespace sw::test
