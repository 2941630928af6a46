#include "writer/pipeline.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

using namespace sw;
using namespace sw::writer;

TEST_CASE("pipeline: every produced block is consumed once, in order") {
  constexpr std::size_t kBlock = 4096;
  std::uint32_t next = 0;
  std::vector<std::uint32_t> seen;
  auto produce = [&](std::span<std::byte> buf) -> Result<std::size_t> {
    if (next == 100) return std::size_t{0};
    std::memcpy(buf.data(), &next, sizeof next);
    ++next;
    return kBlock;
  };
  auto consume = [&](std::span<std::byte> buf, std::size_t n) -> Result<void> {
    CHECK(n == kBlock);
    std::uint32_t v = 0;
    std::memcpy(&v, buf.data(), sizeof v);
    seen.push_back(v);
    return ok();
  };
  REQUIRE(run_pipeline(produce, consume, CancelToken(), kBlock).ok());
  REQUIRE(seen.size() == 100);
  for (std::uint32_t i = 0; i < 100; ++i) CHECK(seen[i] == i);
}

TEST_CASE("pipeline: a producer error ends the run with that error") {
  int calls = 0;
  auto produce = [&](std::span<std::byte>) -> Result<std::size_t> {
    if (++calls == 5) return fail(ErrorKind::kInput, "read failed at block 5");
    return std::size_t{16};
  };
  int consumed = 0;
  auto consume = [&](std::span<std::byte>, std::size_t) -> Result<void> {
    ++consumed;
    return ok();
  };
  auto r = run_pipeline(produce, consume, CancelToken(), 4096);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "read failed at block 5");
  CHECK(consumed == 4);
}

TEST_CASE("pipeline: a consumer error stops the producer (no endless reading)") {
  std::atomic<int> produced{0};
  auto produce = [&](std::span<std::byte>) -> Result<std::size_t> {
    ++produced;
    return std::size_t{16};  // an endless source
  };
  auto consume = [&](std::span<std::byte>, std::size_t) -> Result<void> {
    return fail(ErrorKind::kTargetIo, "write failed");
  };
  auto r = run_pipeline(produce, consume, CancelToken(), 4096);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::kTargetIo);
  CHECK(produced.load() <= static_cast<int>(kRingBuffers) + 1);
}

TEST_CASE("pipeline: cancelling ends with an interrupted error") {
  std::atomic<bool> stop{false};
  int consumed = 0;
  auto produce = [&](std::span<std::byte>) -> Result<std::size_t> { return std::size_t{16}; };
  auto consume = [&](std::span<std::byte>, std::size_t) -> Result<void> {
    if (++consumed == 3) stop = true;
    return ok();
  };
  auto r = run_pipeline(produce, consume, CancelToken(&stop), 4096);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::kInterrupted);
  CHECK(consumed == 3);
}

TEST_CASE("parallel reads: blocks arrive in order whichever reader finishes first") {
  constexpr std::uint64_t kBlocks = 200;
  std::vector<std::uint64_t> seen;
  auto produce = [&](std::uint64_t index, std::span<std::byte> buf) -> Result<std::size_t> {
    if (index % 3 == 0) std::this_thread::yield();  // uneven timing between the readers
    std::memcpy(buf.data(), &index, sizeof index);
    return sizeof index;
  };
  auto consume = [&](std::span<std::byte> buf, std::size_t n) -> Result<void> {
    CHECK(n == sizeof(std::uint64_t));
    std::uint64_t v = 0;
    std::memcpy(&v, buf.data(), sizeof v);
    seen.push_back(v);
    return ok();
  };
  REQUIRE(run_parallel_reads(kBlocks, produce, consume, CancelToken(), 3, 4096).ok());
  REQUIRE(seen.size() == kBlocks);
  for (std::size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == i);
}

TEST_CASE("parallel reads: more than one read is in flight") {
  std::atomic<int> in_flight{0};
  std::atomic<int> most{0};
  auto produce = [&](std::uint64_t, std::span<std::byte>) -> Result<std::size_t> {
    const int now = ++in_flight;
    int seen = most.load();
    while (now > seen && !most.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    --in_flight;
    return std::size_t{1};
  };
  auto consume = [](std::span<std::byte>, std::size_t) -> Result<void> { return ok(); };
  REQUIRE(run_parallel_reads(40, produce, consume, CancelToken(), 2, 4096).ok());
  CHECK(most.load() == 2);
}

TEST_CASE("parallel reads: a read error stops everything and is returned") {
  auto produce = [](std::uint64_t index, std::span<std::byte>) -> Result<std::size_t> {
    if (index == 7) return fail(ErrorKind::kTargetIo, "EIO at block 7");
    return std::size_t{1};
  };
  int consumed = 0;
  auto consume = [&](std::span<std::byte>, std::size_t) -> Result<void> {
    ++consumed;
    return ok();
  };
  auto r = run_parallel_reads(100, produce, consume, CancelToken(), 2, 4096);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message == "EIO at block 7");
  CHECK(consumed <= 7);
}

TEST_CASE("parallel reads: cancel ends with interrupted") {
  std::atomic<bool> stop{false};
  int consumed = 0;
  auto produce = [](std::uint64_t, std::span<std::byte>) -> Result<std::size_t> {
    return std::size_t{1};
  };
  auto consume = [&](std::span<std::byte>, std::size_t) -> Result<void> {
    if (++consumed == 5) stop = true;
    return ok();
  };
  auto r = run_parallel_reads(1000, produce, consume, CancelToken(&stop), 2, 4096);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::kInterrupted);
  CHECK(consumed == 5);
}
