#include "writer/pipeline.h"

#include <exception>
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

}  // namespace sw::writer
