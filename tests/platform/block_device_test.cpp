#include "platform/block_device.h"

#include <doctest/doctest.h>

#include "support/memory_device.h"

using namespace sw;
using namespace sw::platform;

TEST_CASE("write_full: loops over short writes and EINTR") {
  auto medium = std::make_shared<test::MemoryMedium>();
  medium->bytes.assign(8192, std::byte{0});
  medium->faults.max_bytes_per_write = 100;
  medium->faults.eintr_writes = 2;
  test::MemoryDevice dev(medium, 1);
  const auto data = test::pattern_bytes(5000);
  REQUIRE(write_full(dev, data, 1000).ok());
  CHECK(std::equal(data.begin(), data.end(), medium->bytes.begin() + 1000));
  CHECK(medium->writes == 52);  // 50 short writes + 2 interrupted
}

TEST_CASE("write_full: EINTR forever gives up instead of spinning") {
  auto medium = std::make_shared<test::MemoryMedium>();
  medium->bytes.assign(512, std::byte{0});
  medium->faults.eintr_writes = 1000000;
  test::MemoryDevice dev(medium, 1);
  const auto data = test::pattern_bytes(512);
  auto r = write_full(dev, data, 0);
  REQUIRE_FALSE(r.ok());
  CHECK(medium->writes == kMaxEintrRetries + 1);
}

TEST_CASE("write_full: zero progress becomes ENOSPC with the offset") {
  auto medium = std::make_shared<test::MemoryMedium>();
  medium->bytes.assign(4096, std::byte{0});
  medium->faults.zero_write_at = 2048;
  medium->faults.max_bytes_per_write = 1024;
  test::MemoryDevice dev(medium, 1);
  const auto data = test::pattern_bytes(4096);
  auto r = write_full(dev, data, 0);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().sys_errno == ENOSPC);
  CHECK(r.error().message.find("byte 2048") != std::string::npos);
}

TEST_CASE("read_full: loops until full or end, EINTR retried") {
  auto medium = std::make_shared<test::MemoryMedium>();
  medium->bytes = test::pattern_bytes(3000);
  medium->faults.eintr_reads = 3;
  test::MemoryDevice dev(medium, 1);
  std::vector<std::byte> buf(4096);
  auto n = read_full(dev, buf, 1000);
  REQUIRE(n.ok());
  CHECK(*n == 2000);
  CHECK(std::equal(buf.begin(), buf.begin() + 2000, medium->bytes.begin() + 1000));
}
