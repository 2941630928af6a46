#pragma once
/// The block-device seam: the engine writes and verifies through this interface. The Linux
/// implementation lives in linux_device.h; tests supply memory and fault-injecting devices.

#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string>

#include "platform/result.h"

namespace sw::platform {

/// How writes reach the medium.
enum class WriteMode {
  kDirect,    ///< O_DIRECT: no page cache; no periodic flush needed
  kBuffered,  ///< through the page cache: the writer flushes periodically so progress is honest
};

/// Capacity reported by a target that grows as it is written (an empty regular file).
inline constexpr std::uint64_t kGrowableCapacity = std::numeric_limits<std::uint64_t>::max();

/// A writable target: a whole disk, a file standing in for one, or a test double.
class BlockDevice {
 public:
  virtual ~BlockDevice() = default;

  /// The path shown to the user.
  virtual const std::string& path() const = 0;
  /// Bytes that can be written, or kGrowableCapacity.
  virtual std::uint64_t capacity() const = 0;
  /// Writes are padded to a multiple of this (the logical sector size; 1 for files).
  virtual std::uint32_t write_granularity() const = 0;
  virtual WriteMode write_mode() const = 0;

  /// One read at `offset`; may return fewer bytes than asked, 0 at the end.
  virtual Result<std::size_t> read_at(std::span<std::byte> buf, std::uint64_t offset) = 0;
  /// One write at `offset`; may write fewer bytes than asked.
  virtual Result<std::size_t> write_at(std::span<const std::byte> buf, std::uint64_t offset) = 0;
  /// Makes written data durable on the medium (fdatasync).
  virtual Result<void> sync() = 0;
  /// Drops every cached page of the device so a later read must come from the medium.
  virtual Result<void> drop_cache() = 0;
  /// A fresh read handle that bypasses the page cache, for verification.
  virtual Result<std::unique_ptr<BlockDevice>> open_verify_reader() = 0;
  /// How the verify reader avoids the cache, in words for the result ("O_DIRECT", ...).
  virtual std::string cache_bypass() const = 0;
  /// Asks the kernel to re-read the partition table after a write, so the new partitions
  /// appear; nothing to do for targets without one.
  virtual Result<void> reread_partitions() { return ok(); }
};

/// Retries of a call that keeps failing with EINTR before giving up.
inline constexpr int kMaxEintrRetries = 100;

/// Writes all of `buf` at `offset`: loops over short writes, retries EINTR; a write that makes
/// no progress is reported as "no space left" (ENOSPC) rather than looping forever.
Result<void> write_full(BlockDevice& dev, std::span<const std::byte> buf, std::uint64_t offset);

/// Reads until `buf` is full or the device ends; returns the bytes read. EINTR is retried.
Result<std::size_t> read_full(BlockDevice& dev, std::span<std::byte> buf, std::uint64_t offset);

}  // namespace sw::platform
