// The write job over image files on disk: the read-back digest is keyed afresh for each run, and
// an image file that changes after its hash pass began (rewritten in place, touched) is refused
// before anything is written, or not reported verified when it changes while being written.

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <functional>

#include "support/file_job.h"

using namespace sw;
using namespace sw::writer;
using sw::test::Bytes;

namespace {

/// An image file (raw, or compressed with `c`) with its expected sha256 and a write job over it
/// to an 8 MiB memory device.
struct FileFixture : test::FileJobFixture {
  explicit FileFixture(Compression c = Compression::kNone)
      : FileJobFixture(c, 8 * test::kMiB, 3 * test::kMiB + 777) {
    expect(file, "test");
  }
  /// Runs `change` once, at the end of `phase` (the sink runs on the job's thread).
  void change_after(Phase phase, std::function<void()> change) {
    job.sink = [phase, change](const ProgressEvent& ev) {
      if (ev.phase == phase && ev.done) change();
    };
  }
  /// Sets the file's modification time to 2001, as `touch -d` would; the bytes stay.
  void touch() const {
    const struct timespec times[2] = {{1'000'000'000, 0}, {1'000'000'000, 0}};
    REQUIRE(::utimensat(AT_FDCWD, path.c_str(), times, 0) == 0);
  }
};

}  // namespace

TEST_CASE("job: two runs over the same image read back with different digests, both verified") {
  FileFixture f;
  const auto first = run_write_job(f.job);
  const auto second = run_write_job(f.job);
  REQUIRE_MESSAGE(!first.error, first.error->message);
  REQUIRE_MESSAGE(!second.error, second.error->message);
  CHECK(first.verified);
  CHECK(second.verified);
  CHECK(first.sha256 == second.sha256);
  CHECK(first.readback_digest.size() == 32);
  CHECK(first.readback_digest != second.readback_digest);
}

TEST_CASE("job: a keyed read-back still finds a bit flipped by the drive") {
  FileFixture f;
  f.medium->faults.flip_bit_at = 2 * test::kMiB + 5;
  const auto r = run_write_job(f.job);
  REQUIRE(r.error);
  CHECK(r.error->kind == ErrorKind::kVerifyFailed);
  CHECK_FALSE(r.verified);
  REQUIRE(r.first_difference);
  CHECK(*r.first_difference == 2 * test::kMiB + 5);
}

TEST_CASE("job: a raw image rewritten (same size, new time) after its hash is refused unwritten") {
  FileFixture f;
  f.change_after(Phase::kHash, [&f] {
    f.dir.write_bytes(FileFixture::kName, f.file);  // the same bytes, written again in place
    f.touch();
  });
  const auto r = run_write_job(f.job);
  REQUIRE(r.error);
  CHECK(r.error->kind == ErrorKind::kInput);
  CHECK(r.error->message ==
        f.path +
            " changed (rewritten, truncated or touched) after its hash was checked; nothing "
            "was written. Make sure nothing modifies the image and write again.");
  CHECK(f.opens == 0);
  CHECK(f.target_untouched());
  CHECK_FALSE(r.verified);
}

TEST_CASE("job: a compressed image touched after its hash is refused unwritten") {
  FileFixture f(Compression::kXz);
  f.change_after(Phase::kHash, [&f] { f.touch(); });
  const auto r = run_write_job(f.job);
  REQUIRE(r.error);
  CHECK(r.error->kind == ErrorKind::kInput);
  CHECK(r.error->message.find("changed (rewritten, truncated or touched) after its hash was "
                              "checked; nothing was written") != std::string::npos);
  CHECK(f.opens == 0);
  CHECK(f.target_untouched());
}

TEST_CASE("job: an image touched while it is written is not reported verified") {
  for (const auto c : {Compression::kNone, Compression::kGzip}) {
    CAPTURE(compression_name(c));
    FileFixture f(c);
    f.change_after(Phase::kWrite, [&f] { f.touch(); });
    const auto r = run_write_job(f.job);
    REQUIRE(r.error);
    CHECK(r.error->kind == ErrorKind::kVerifyFailed);
    CHECK(r.error->message.find("changed (rewritten, truncated or touched) while it was written; "
                                "memdev may not hold the verified image") != std::string::npos);
    CHECK_FALSE(r.verified);
  }
}
