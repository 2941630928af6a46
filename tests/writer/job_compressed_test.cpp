// The write job over a compressed image: which bytes the expected hash may match, the size
// measured by the hash pass checked against the target before it is opened, and the read-back
// against the decompressed stream.

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstring>

#include "support/file_job.h"
#include "writer/compressed_source.h"
#include "writer/job.h"
#include "writer/pipeline.h"

using namespace sw;
using namespace sw::writer;
using sw::test::Bytes;

using CompressedFixture = test::FileJobFixture;

TEST_CASE("job: a compressed image's checksum may list the file as downloaded") {
  for (const auto c : test::kCompressedFormats) {
    CAPTURE(compression_name(c));
    CompressedFixture f(c, 8 * test::kMiB);
    f.expect(f.file, "SHA256SUMS");
    const auto r = run_write_job(f.job);
    REQUIRE_MESSAGE(!r.error, (r.error ? r.error->message : ""));
    CHECK(r.matched_on == HashMatch::kCompressedFile);
    CHECK(r.compression == c);
    CHECK(r.file_sha256 == digest_hex(Algorithm::kSha256, f.file));
    CHECK(r.sha256 == digest_hex(Algorithm::kSha256, f.content));
    CHECK(r.image_bytes == f.content.size());
    CHECK(r.bytes_written == f.content.size());
    CHECK(r.verified);
    CHECK(f.target_holds_content());
    CHECK(r.notes.front().find("the compressed file as downloaded") != std::string::npos);
  }
}

TEST_CASE("job: a compressed image's checksum may describe the decompressed content") {
  CompressedFixture f(Compression::kXz, 8 * test::kMiB);
  f.expect(f.content, "publisher");
  const auto r = run_write_job(f.job);
  REQUIRE_MESSAGE(!r.error, (r.error ? r.error->message : ""));
  CHECK(r.matched_on == HashMatch::kContent);
  CHECK(r.verified);
  CHECK(f.target_holds_content());
}

TEST_CASE("job: a compressed image matching neither digest is refused, naming both") {
  CompressedFixture f(Compression::kZstd, 8 * test::kMiB);
  f.expect(std::span(f.content).first(1000), "SHA256SUMS");
  const auto r = run_write_job(f.job);
  REQUIRE(r.error);
  CHECK(r.error->kind == ErrorKind::kHashMismatch);
  CHECK(r.error->message.find("compressed file has sha256 " +
                              digest_hex(Algorithm::kSha256, f.file)) != std::string::npos);
  CHECK(r.error->message.find("decompressed image has sha256 " +
                              digest_hex(Algorithm::kSha256, f.content)) != std::string::npos);
  CHECK(f.opens == 0);
}

TEST_CASE("job: a size found only by the hash pass is checked before the target is opened") {
  // bzip2 records no size: preflight cannot know it; the hash pass measures it.
  CompressedFixture f(Compression::kBzip2, 1 * test::kMiB);
  f.job.hash_policy = HashPolicy::kAllowUnverified;
  CHECK(preflight(f.job).ok());
  const auto r = run_write_job(f.job);
  REQUIRE(r.error);
  CHECK(r.error->kind == ErrorKind::kTargetRefused);
  CHECK(r.error->message.find("the image needs more than") != std::string::npos);
  CHECK(r.error->message.find(fmt::format("memdev holds only {}", 1 * test::kMiB)) !=
        std::string::npos);
  CHECK(f.opens == 0);
  for (auto b : f.medium->bytes) REQUIRE(b == std::byte{0xEE});
}

TEST_CASE("job: a corrupt compressed image fails in the hash pass; nothing is written") {
  CompressedFixture f(Compression::kGzip, 8 * test::kMiB);
  f.job.hash_policy = HashPolicy::kAllowUnverified;
  // Damage the deflate data in the middle of the file on disk.
  auto damaged = f.file;
  for (std::size_t i = damaged.size() / 2; i < damaged.size() / 2 + 64; ++i)
    damaged[i] ^= std::byte{0x5a};
  f.dir.write_bytes("image.img.z", damaged);
  const auto r = run_write_job(f.job);
  REQUIRE(r.error);
  CHECK(r.error->kind == ErrorKind::kInput);
  CHECK(r.error->message.find(f.path) != std::string::npos);
  CHECK(f.opens == 0);
}

TEST_CASE("job: a bzip2 image far larger than the target is refused after a bounded read") {
  // 128 concatenated bzip2 streams of 2 MiB each (noise in one 4 KiB block of 16): 256 MiB of
  // content in a file of about 16 MiB, with no size recorded anywhere. The target holds 4 MiB.
  CompressedFixture f(Compression::kBzip2, 4 * test::kMiB);
  Bytes piece = test::image_bytes(2 * test::kMiB);
  for (std::size_t i = 0; i < piece.size(); ++i) {
    if ((i / 4096) % 16 != 0) piece[i] = static_cast<std::byte>(i / 4096);
  }
  const Bytes stream = test::bzip2_bytes(piece);
  constexpr std::size_t kStreams = 128;
  Bytes big;
  for (std::size_t i = 0; i < kStreams; ++i) big.insert(big.end(), stream.begin(), stream.end());
  const auto path = f.dir.write_bytes("big.img.bz2", big);
  auto opened = DecompressingSource::open(path, Compression::kBzip2);
  REQUIRE(opened.ok());
  auto& source = **opened;
  REQUIRE_FALSE(source.size_known());
  f.job.source = &source;
  f.job.hash_policy = HashPolicy::kAllowUnverified;
  f.job.expected.reset();
  const auto r = run_write_job(f.job);
  REQUIRE(r.error);
  CHECK(r.error->kind == ErrorKind::kTargetRefused);
  CHECK(r.error->message.starts_with(
      fmt::format("the image needs more than {} bytes (decompressing {} was stopped at ",
                  4 * test::kMiB, path)));
  CHECK(r.error->message.find("memdev holds only " + std::to_string(4 * test::kMiB)) !=
        std::string::npos);
  CHECK(r.error->message.ends_with("Nothing was written."));
  // Stopped near the capacity: at most the pipeline's buffers past it, not 192 MiB.
  const std::uint64_t produced = source.bytes_produced();
  CAPTURE(produced);
  CHECK(produced > 4 * test::kMiB);
  CHECK(produced <= 4 * test::kMiB + 8 * kBlockBytes);
  CHECK(source.file_bytes_read() < big.size() / 4);
  CHECK(f.opens == 0);
  for (auto b : f.medium->bytes) REQUIRE(b == std::byte{0xEE});
}
