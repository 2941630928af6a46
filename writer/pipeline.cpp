#include "writer/pipeline.h"

#include <algorithm>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "platform/aligned_buffer.h"
#include "writer/channel.h"

namespace sw::writer {
namespace {

struct Filled {
  std::size_t index;
  std::size_t bytes;
};

Failure interrupted() { return fail(ErrorKind::kInterrupted, "interrupted by the user"); }

}  // namespace

Result<void> run_pipeline(const Produce& produce, const Consume& consume, CancelToken cancel,
                          std::size_t block_bytes) {
  std::vector<platform::AlignedBuffer> ring;
  for (std::size_t i = 0; i < kRingBuffers; ++i) ring.emplace_back(block_bytes);
  Channel<std::size_t> free_slots;
  Channel<Filled> filled;
  for (std::size_t i = 0; i < ring.size(); ++i) (void)free_slots.push(i);

  Result<void> reader_result;
  std::thread reader([&] {
    // No exception may cross the thread boundary: each becomes an error.
    try {
      while (auto slot = free_slots.pop()) {
        if (cancel.cancelled()) break;
        auto n = produce(ring[*slot].span());
        if (!n) {
          reader_result = n.failure();
          break;
        }
        if (*n == 0 || !filled.push(Filled{*slot, *n})) break;
      }
    } catch (const std::exception& e) {
      reader_result = fail(ErrorKind::kInput, e.what());
    }
    filled.close();
  });

  Result<void> result;
  while (auto item = filled.pop()) {
    if (cancel.cancelled()) {
      result = interrupted();
      break;
    }
    result = consume(ring[item->index].span(), item->bytes);
    if (!result) break;
    (void)free_slots.push(item->index);
  }
  free_slots.close();
  filled.close();
  reader.join();
  if (!result) return result;
  if (!reader_result) return reader_result;
  if (cancel.cancelled()) return interrupted();
  return ok();
}

namespace {

/// Shared state of run_parallel_reads.
struct ReadRing {
  struct Slot {
    bool filled = false;
    std::size_t bytes = 0;
  };
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<Slot> slots;
  std::uint64_t consumed = 0;
  bool stop = false;
  Result<void> error;

  void fail_with(Result<void> e) {
    std::lock_guard lock(mutex);
    if (error.ok()) error = std::move(e);
    stop = true;
    cv.notify_all();
  }
};

/// The ring slot of block `block`: a block number may pass 2^32 (on 32-bit builds, size_t does
/// not), the remainder is below `slots`.
std::size_t slot_of(std::uint64_t block, std::size_t slots) {
  return static_cast<std::size_t>(block % slots);
}

void read_blocks(ReadRing& ring, std::vector<platform::AlignedBuffer>& buffers, std::size_t first,
                 std::size_t step, std::uint64_t blocks, const ProduceAt& produce,
                 CancelToken cancel) {
  const std::size_t slots = buffers.size();
  for (std::uint64_t i = first; i < blocks; i += step) {
    {
      std::unique_lock lock(ring.mutex);
      // Block i reuses the buffer of block i - slots: wait until that one was consumed.
      ring.cv.wait(lock, [&] { return ring.stop || i < ring.consumed + slots; });
      if (ring.stop) return;
    }
    if (cancel.cancelled()) return ring.fail_with(interrupted());
    const std::size_t slot = slot_of(i, slots);
    auto n = produce(i, buffers[slot].span());
    if (!n) return ring.fail_with(n.failure());
    std::lock_guard lock(ring.mutex);
    ring.slots[slot] = ReadRing::Slot{true, *n};
    ring.cv.notify_all();
  }
}

}  // namespace

Result<void> run_parallel_reads(std::uint64_t blocks, const ProduceAt& produce,
                                const Consume& consume, CancelToken cancel, std::size_t readers,
                                std::size_t block_bytes) {
  readers = std::max<std::size_t>(1, readers);
  std::vector<platform::AlignedBuffer> buffers;
  for (std::size_t i = 0; i < readers * 2; ++i) buffers.emplace_back(block_bytes);
  ReadRing ring;
  ring.slots.resize(buffers.size());
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < readers; ++t) {
    threads.emplace_back([&, t] {
      try {
        read_blocks(ring, buffers, t, readers, blocks, produce, cancel);
      } catch (const std::exception& e) {
        ring.fail_with(fail(ErrorKind::kTargetIo, e.what()));
      }
    });
  }
  for (std::uint64_t i = 0; i < blocks; ++i) {
    const std::size_t slot = slot_of(i, buffers.size());
    std::size_t bytes = 0;
    {
      std::unique_lock lock(ring.mutex);
      ring.cv.wait(lock, [&] { return ring.stop || ring.slots[slot].filled; });
      if (!ring.slots[slot].filled) break;
      bytes = ring.slots[slot].bytes;
    }
    if (cancel.cancelled()) {
      ring.fail_with(interrupted());
      break;
    }
    if (auto r = consume(buffers[slot].span(), bytes); !r) {
      ring.fail_with(std::move(r));
      break;
    }
    std::lock_guard lock(ring.mutex);
    ring.slots[slot].filled = false;
    ring.consumed = i + 1;
    ring.cv.notify_all();
  }
  {
    std::lock_guard lock(ring.mutex);
    ring.stop = true;
    ring.cv.notify_all();
  }
  for (auto& t : threads) t.join();
  return std::move(ring.error);
}

}  // namespace sw::writer
