#include "writer/fan_out.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "support/compress.h"
#include "support/temp_dir.h"

using namespace sw;

namespace {

/// Reads a whole source in `piece`-byte reads.
test::Bytes drain(writer::Source& s, std::size_t piece) {
  test::Bytes out;
  std::vector<std::byte> buf(piece);
  while (true) {
    auto n = s.read(buf);
    REQUIRE(n);
    if (*n == 0) return out;
    out.insert(out.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*n));
  }
}

}  // namespace

TEST_CASE("fan out: every target reads the same bytes, the image read once") {
  test::TempDir dir;
  const auto data = test::pattern_bytes(5 * 1024 * 1024 + 123);
  auto source = writer::open_raw_image(dir.write_bytes("image.iso", data));
  REQUIRE(source);
  writer::FanOut fan(**source, 3, 1024 * 1024, 256 * 1024);
  fan.start();
  test::Bytes got[3];
  std::thread t0([&] { got[0] = drain(fan.view(0), 4096); });
  std::thread t1([&] { got[1] = drain(fan.view(1), 1000 * 1000); });
  std::thread t2([&] {
    // A slow target: the others may run ahead only by the depth, then wait for it.
    std::vector<std::byte> buf(64 * 1024);
    while (true) {
      auto n = fan.view(2).read(buf);
      REQUIRE(n);
      if (*n == 0) break;
      got[2].insert(got[2].end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*n));
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  });
  t0.join();
  t1.join();
  t2.join();
  for (const auto& g : got) CHECK(g == data);
  CHECK(fan.bytes_read() == data.size());
  CHECK_FALSE(fan.view(0).rewind());  // one read per target
}

TEST_CASE("fan out: a detached target is no longer waited for") {
  test::TempDir dir;
  const auto data = test::pattern_bytes(4 * 1024 * 1024);
  auto source = writer::open_raw_image(dir.write_bytes("image.iso", data));
  REQUIRE(source);
  writer::FanOut fan(**source, 2, 512 * 1024, 128 * 1024);
  fan.start();
  std::vector<std::byte> one(1000);
  REQUIRE(fan.view(1).read(one));  // target 1 reads a little, then its drive fails
  fan.detach(1);
  CHECK(drain(fan.view(0), 65536) == data);
  auto after = fan.view(1).read(one);
  REQUIRE(after);
  CHECK(*after == 0);
}

TEST_CASE("fan out: destroyed while targets wait, nothing hangs") {
  test::TempDir dir;
  auto source =
      writer::open_raw_image(dir.write_bytes("image.iso", test::pattern_bytes(2 * 1024 * 1024)));
  REQUIRE(source);
  {
    writer::FanOut fan(**source, 2, 128 * 1024, 64 * 1024);
    fan.start();
    std::vector<std::byte> buf(1024);
    CHECK(fan.view(0).read(buf));
    // Target 1 never reads: the reader waits for it until the fan-out is destroyed.
  }
  CHECK(true);
}
