#include "writer/multi_job.h"

#include <doctest/doctest.h>

#include <cstring>
#include <memory>
#include <mutex>

#include "support/file_job.h"
#include "support/memory_device.h"

using namespace sw;

namespace {

/// Three more memory targets besides the fixture's, each of its own size; jobs for all four.
struct MultiFixture {
  test::FileJobFixture base{writer::Compression::kNone, 8 * test::kMiB};
  std::vector<std::shared_ptr<test::MemoryMedium>> media;
  std::vector<writer::WriteJob> jobs;
  std::mutex events_mutex;
  std::vector<std::string> event_targets;

  MultiFixture() {
    base.expect(base.file, "SHA256SUMS");
    media.push_back(base.medium);
    for (std::size_t size : {4 * test::kMiB, 16 * test::kMiB, 3 * test::kMiB}) {
      auto m = std::make_shared<test::MemoryMedium>();
      m->bytes.assign(size, std::byte{0xEE});
      media.push_back(m);
    }
    for (std::size_t i = 0; i < media.size(); ++i) {
      writer::WriteJob j = base.job;
      const std::string name = "mem" + std::to_string(i);
      auto medium = media[i];
      j.target = writer::TargetSpec{name, medium->bytes.size(), 512,
                                    [medium]() -> Result<std::unique_ptr<platform::BlockDevice>> {
                                      return std::unique_ptr<platform::BlockDevice>(
                                          std::make_unique<test::MemoryDevice>(medium, 512));
                                    }};
      j.sink = [this, name](const writer::ProgressEvent&) {
        std::lock_guard lock(events_mutex);
        event_targets.push_back(name);
      };
      jobs.push_back(std::move(j));
    }
  }
  bool holds_image(std::size_t i) const {
    return std::memcmp(media[i]->bytes.data(), base.content.data(), base.content.size()) == 0;
  }
};

}  // namespace

TEST_CASE("multi job: four targets of different sizes all hold the image, verified") {
  MultiFixture f;
  const auto r = writer::run_multi_write_job(f.jobs);
  REQUIRE_FALSE(r.refusal);
  REQUIRE(r.targets.size() == 4);
  for (std::size_t i = 0; i < 4; ++i) {
    CAPTURE(i);
    CHECK_FALSE(r.targets[i].error);
    CHECK(r.targets[i].verified);
    CHECK(r.targets[i].hash_matched);
    CHECK(r.targets[i].bytes_written == f.base.content.size());
    CHECK(f.holds_image(i));
    CHECK(f.media[i]->syncs >= 1);
  }
  // Every target's own sink heard of it.
  for (const char* name : {"mem0", "mem1", "mem2", "mem3"}) {
    CHECK(std::count(f.event_targets.begin(), f.event_targets.end(), name) > 0);
  }
}

TEST_CASE("multi job: a target failing mid-write is reported; the others are verified") {
  MultiFixture f;
  f.media[1]->faults.eio_write_at = 1 * test::kMiB + 7;
  f.media[2]->faults.flip_bit_at = 2 * test::kMiB + 3;
  const auto r = writer::run_multi_write_job(f.jobs);
  REQUIRE_FALSE(r.refusal);
  REQUIRE(r.targets[1].error);
  CHECK(r.targets[1].error->kind == ErrorKind::kTargetIo);
  CHECK_FALSE(r.targets[1].verified);
  REQUIRE(r.targets[2].error);
  CHECK(r.targets[2].error->kind == ErrorKind::kVerifyFailed);
  REQUIRE(r.targets[2].first_difference);
  CHECK(*r.targets[2].first_difference == 2 * test::kMiB + 3);
  for (std::size_t i : {0u, 3u}) {
    CAPTURE(i);
    CHECK_FALSE(r.targets[i].error);
    CHECK(r.targets[i].verified);
    CHECK(f.holds_image(i));
  }
}

TEST_CASE("multi job: one target too small refuses all before any is opened") {
  MultiFixture f;
  f.media[3]->bytes.assign(1 * test::kMiB, std::byte{0xEE});
  f.jobs[3].target.capacity = 1 * test::kMiB;
  const auto r = writer::run_multi_write_job(f.jobs);
  REQUIRE(r.refusal);
  CHECK(r.refusal->kind == ErrorKind::kTargetRefused);
  CHECK(r.refusal->message.find("mem3") != std::string::npos);
  for (std::size_t i = 0; i < 4; ++i) {
    CAPTURE(i);
    CHECK_FALSE(r.targets[i].target_opened);
    CHECK(std::all_of(f.media[i]->bytes.begin(), f.media[i]->bytes.end(),
                      [](std::byte b) { return b == std::byte{0xEE}; }));
  }
}

TEST_CASE("multi job: a hash mismatch refuses all; nothing is opened") {
  MultiFixture f;
  for (auto& j : f.jobs) j.expected->hex = std::string(64, '0');
  const auto r = writer::run_multi_write_job(f.jobs);
  REQUIRE(r.refusal);
  CHECK(r.refusal->kind == ErrorKind::kHashMismatch);
  for (const auto& t : r.targets) CHECK_FALSE(t.target_opened);
}
