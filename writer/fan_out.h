#pragma once
/// One read of an image for several targets: a reader thread reads the source once, in chunks,
/// and hands each chunk to every target's writer through a queue of its own. A slow target
/// slows only itself until its queue holds `depth_bytes`; then the reader, and so the faster
/// targets, wait for it. A target that fails is detached and no longer waited for. Memory stays
/// bounded: chunks are shared, and each is freed once every target has taken it.

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "platform/result.h"
#include "writer/source.h"

namespace sw::writer {

class FanOut {
 public:
  /// Bytes a target may fall behind the fastest before the reader waits for it.
  /// 32 MiB: with each target's own write buffers (4 x 4 MiB), four sticks stay within
  /// 64 MiB + 24 MiB per extra target of memory (docs/benchmarks.md).
  static constexpr std::size_t kDefaultDepthBytes = 32 * 1024 * 1024;
  static constexpr std::size_t kDefaultChunkBytes = 4 * 1024 * 1024;

  /// Prepares `targets` views of `source` (which must outlive this object); nothing is read
  /// before start().
  FanOut(Source& source, std::size_t targets, std::size_t depth_bytes = kDefaultDepthBytes,
         std::size_t chunk_bytes = kDefaultChunkBytes);
  /// Stops the reader and waits for it.
  ~FanOut();
  FanOut(const FanOut&) = delete;
  FanOut& operator=(const FanOut&) = delete;

  /// The source as target `i` reads it: the same bytes, once, from the start (rewind() is
  /// allowed only before its first read).
  Source& view(std::size_t i);
  /// Starts the reader thread (rewinds the source first).
  void start();
  /// Target `i` stops reading (its target failed): its queue is dropped and it is no longer
  /// waited for.
  void detach(std::size_t i);
  /// The bytes the reader has read from the source so far.
  std::uint64_t bytes_read() const;

 private:
  class View;
  using Chunk = std::shared_ptr<const std::vector<std::byte>>;
  struct Queue {
    std::deque<Chunk> chunks;
    std::size_t queued = 0;     ///< bytes in `chunks`
    std::size_t front_pos = 0;  ///< bytes of the front chunk already taken
    bool attached = true;
  };

  void run();
  Result<std::size_t> read_for(std::size_t i, std::span<std::byte> buf);

  Source& m_source;
  const std::size_t m_depth, m_chunk;
  mutable std::mutex m_mutex;
  std::condition_variable m_cv;
  std::vector<Queue> m_queues;
  std::vector<std::unique_ptr<View>> m_views;
  bool m_done = false;           ///< the reader reached the end, failed or was stopped
  bool m_stop = false;           ///< the reader is asked to stop
  std::optional<Error> m_error;  ///< why the reader stopped early
  std::uint64_t m_read = 0;
  std::thread m_thread;
};

}  // namespace sw::writer
