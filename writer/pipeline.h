#pragma once
/// One pipeline for every pass over the data: a reader thread fills a ring of page-aligned
/// buffers while the calling thread consumes them (hashes, writes), so I/O and CPU overlap.

#include <cstddef>
#include <functional>
#include <span>

#include "platform/result.h"
#include "writer/progress.h"

namespace sw::writer {

/// Bytes per buffer: large sequential transfers, a multiple of every sector size.
inline constexpr std::size_t kBlockBytes = 4 * 1024 * 1024;
/// Buffers in the ring: enough to keep both sides busy, small enough to bound memory.
inline constexpr std::size_t kRingBuffers = 4;

/// Fills `buf` (runs on the reader thread); returns the bytes produced, 0 at the end.
using Produce = std::function<Result<std::size_t>(std::span<std::byte> buf)>;
/// Consumes `n` bytes at the start of `buf` (runs on the calling thread). The whole buffer is
/// passed so the consumer may pad a final partial block in place.
using Consume = std::function<Result<void>(std::span<std::byte> buf, std::size_t n)>;

/// Runs produce and consume until produce returns 0, either fails, or `cancel` is set (then
/// the result is an ErrorKind::kInterrupted error). The reader thread is always joined.
Result<void> run_pipeline(const Produce& produce, const Consume& consume, CancelToken cancel,
                          std::size_t block_bytes = kBlockBytes);

}  // namespace sw::writer
