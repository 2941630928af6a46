#pragma once
/// One pipeline for every pass over the data: a reader thread fills a ring of page-aligned
/// buffers while the calling thread consumes them (hashes, writes), so I/O and CPU overlap.

#include <cstddef>
#include <cstdint>
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

/// Fills `buf` with block `index` (runs on one of several reader threads); returns its bytes.
using ProduceAt = std::function<Result<std::size_t>(std::uint64_t index, std::span<std::byte> buf)>;

/// Reads to keep in flight when reading a drive back: O_DIRECT gets no read-ahead, so one
/// outstanding read leaves the drive idle while the next is issued.
inline constexpr std::size_t kReadsInFlight = 2;

/// Reads `blocks` blocks with `readers` threads at once (block i on thread i % readers) and
/// hands them to `consume` in order, on the calling thread. Stops on the first error or on
/// `cancel` (ErrorKind::kInterrupted); every reader thread is joined.
Result<void> run_parallel_reads(std::uint64_t blocks, const ProduceAt& produce,
                                const Consume& consume, CancelToken cancel,
                                std::size_t readers = kReadsInFlight,
                                std::size_t block_bytes = kBlockBytes);

/// Runs produce and consume until produce returns 0, either fails, or `cancel` is set (then
/// the result is an ErrorKind::kInterrupted error). The reader thread is always joined.
Result<void> run_pipeline(const Produce& produce, const Consume& consume, CancelToken cancel,
                          std::size_t block_bytes = kBlockBytes);

}  // namespace sw::writer
