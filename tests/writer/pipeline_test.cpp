#include "writer/pipeline.h"

#include <doctest/doctest.h>

#include <atomic>
#include <cstring>
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
