// Capturing a drive as an image (writer/capture.h) over a memory device: raw, .zst and .xz files
// whose decompressed bytes are the drive's, a sidecar the checksum lookup finds, a prefix of the
// drive, a read-back that differs, an interruption, and the used part from a partition table.

#include "writer/capture.h"

#include <doctest/doctest.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <memory>

#include "platform/files.h"
#include "support/memory_device.h"
#include "support/temp_dir.h"
#include "writer/compress_sink.h"
#include "writer/compressed_source.h"
#include "writer/digest.h"
#include "writer/expected_hash.h"
#include "writer/inspect/partition_table.h"
#include "writer/signature.h"

using namespace sw;
using namespace sw::writer;

namespace {

constexpr std::size_t kMiB = std::size_t{1} << 20;

struct Drive {
  std::shared_ptr<test::MemoryMedium> medium = std::make_shared<test::MemoryMedium>();
  std::unique_ptr<test::MemoryDevice> device;
  explicit Drive(std::vector<std::byte> bytes, std::uint32_t sector = 512) {
    medium->bytes = std::move(bytes);
    device = std::make_unique<test::MemoryDevice>(medium, sector);
  }
};

CaptureRequest request_for(Drive& d, const std::string& image, std::uint64_t bytes) {
  CaptureRequest r;
  r.drive = d.device.get();
  r.bytes = bytes;
  r.image_path = image;
  r.compression = compression_for_name(image);
  return r;
}

/// The image file's content, decompressed when it is compressed.
std::vector<std::byte> content_of(const std::string& path) {
  auto source = open_image(path);
  REQUIRE(source);
  std::vector<std::byte> out;
  std::vector<std::byte> buf(kMiB);
  for (;;) {
    auto n = (*source)->read(buf);
    REQUIRE(n);
    if (*n == 0) break;
    out.insert(out.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*n));
  }
  return out;
}

std::vector<std::byte> file_bytes(const std::string& path) {
  const auto text = test::read_file(path);
  const auto* p = reinterpret_cast<const std::byte*>(text.data());
  return {p, p + text.size()};
}

template <class T>
void put(std::vector<std::byte>& b, std::size_t at, T value) {
  std::memcpy(&b[at], &value, sizeof value);
}

/// A 4 MiB drive with a protective MBR and a GPT of one partition, sectors 2048..6143.
std::vector<std::byte> gpt_drive() {
  std::vector<std::byte> b(4 * kMiB);
  b[446 + 4] = std::byte{0xEE};
  put<std::uint32_t>(b, 446 + 8, 1);
  put<std::uint32_t>(b, 446 + 12, 8191);
  b[510] = std::byte{0x55};
  b[511] = std::byte{0xAA};
  std::memcpy(&b[1024], "\x0f\xc6\x3d\xaf\x84\x83\x47\x72\x8e\x79\x3d\x69\xd8\x47\x7d\xe4", 16);
  put<std::uint64_t>(b, 1024 + 32, 2048);
  put<std::uint64_t>(b, 1024 + 40, 6143);
  const auto entries = std::span<const std::byte>(b).subspan(1024, 128 * 128);
  std::memcpy(&b[512], "EFI PART", 8);
  put<std::uint32_t>(b, 512 + 8, 0x00010000);
  put<std::uint32_t>(b, 512 + 12, 92);
  put<std::uint64_t>(b, 512 + 24, 1);
  put<std::uint64_t>(b, 512 + 32, 8191);
  put<std::uint64_t>(b, 512 + 40, 34);
  put<std::uint64_t>(b, 512 + 48, 8158);
  put<std::uint64_t>(b, 512 + 72, 2);
  put<std::uint32_t>(b, 512 + 80, 128);
  put<std::uint32_t>(b, 512 + 84, 128);
  put<std::uint32_t>(b, 512 + 88, crc32_of(entries));
  put<std::uint32_t>(b, 512 + 16, crc32_of(std::span<const std::byte>(b).subspan(512, 92)));
  return b;
}

}  // namespace

TEST_CASE("capture: raw, zstd and xz images hold the drive's bytes, with a sidecar that matches") {
  const auto bytes = test::pattern_bytes(6 * kMiB + 512, 7);
  for (const std::string name : {"stick.img", "stick.img.zst", "stick.img.xz"}) {
    CAPTURE(name);
    test::TempDir dir;
    Drive d(bytes);
    const auto image = (dir.path() / name).string();
    auto r = run_capture(request_for(d, image, bytes.size()));
    REQUIRE_MESSAGE(r, (r ? "" : r.error().message));
    CHECK(r->verified);
    CHECK(r->bytes == bytes.size());
    CHECK(r->sha256 == digest_hex(Algorithm::kSha256, bytes));
    CHECK(r->file_sha256 == digest_hex(Algorithm::kSha256, file_bytes(image)));
    CHECK(content_of(image) == bytes);
    CHECK(test::read_file(image + ".sha256") == r->file_sha256 + "  " + name + "\n");
    CHECK_FALSE(platform::path_exists(image + ".part"));
    CHECK(d.medium->writes == 0);
    CHECK(d.medium->readers_opened == 1);
    CHECK(d.medium->cache_drops >= 1);
    // stickwright's own lookup finds the sidecar for the file as written.
    auto found = resolve_expected_hash({}, image, TrustedKeys{});
    REQUIRE(found);
    REQUIRE(found->expected);
    CHECK(found->expected->hex == r->file_sha256);
  }
}

TEST_CASE("capture: the first bytes of a drive, a size not a whole number of sectors") {
  const auto bytes = test::pattern_bytes(4 * kMiB, 3);
  test::TempDir dir;
  Drive d(bytes);
  const auto image = (dir.path() / "head.img.zst").string();
  const std::uint64_t size = kMiB + 100;
  auto r = run_capture(request_for(d, image, size));
  REQUIRE_MESSAGE(r, (r ? "" : r.error().message));
  const std::vector<std::byte> head(bytes.begin(),
                                    bytes.begin() + static_cast<std::ptrdiff_t>(size));
  CHECK(content_of(image) == head);
  CHECK(r->sha256 == digest_hex(Algorithm::kSha256, head));
}

TEST_CASE("capture: more bytes than the drive holds are refused before a file is made") {
  test::TempDir dir;
  Drive d(test::pattern_bytes(kMiB));
  const auto image = (dir.path() / "big.img").string();
  auto r = run_capture(request_for(d, image, 2 * kMiB));
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::kUsage);
  CHECK_FALSE(platform::path_exists(image + ".part"));
}

TEST_CASE("capture: a drive that reads back other bytes fails verification and keeps no image") {
  for (const std::string name : {"flip.img", "flip.img.zst", "flip.img.xz"}) {
    CAPTURE(name);
    test::TempDir dir;
    Drive d(test::pattern_bytes(3 * kMiB));
    d.medium->faults.flip_bit_at = 2 * kMiB + 17;
    const auto image = (dir.path() / name).string();
    auto r = run_capture(request_for(d, image, 3 * kMiB));
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::kVerifyFailed);
    CHECK(r.error().message.find("read a second time") != std::string::npos);
    CHECK_FALSE(platform::path_exists(image));
    CHECK_FALSE(platform::path_exists(image + ".part"));
    CHECK_FALSE(platform::path_exists(image + ".sha256"));
  }
}

TEST_CASE("capture: a read error on the second read is the drive's, and keeps no image") {
  test::TempDir dir;
  Drive d(test::pattern_bytes(2 * kMiB));
  d.medium->faults.eio_read_at = kMiB;
  const auto image = (dir.path() / "eio.img").string();
  auto r = run_capture(request_for(d, image, 2 * kMiB));
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::kTargetIo);
  CHECK_FALSE(platform::path_exists(image));
  CHECK_FALSE(platform::path_exists(image + ".part"));
}

TEST_CASE("capture: an interrupted capture leaves nothing under the image's name") {
  test::TempDir dir;
  Drive d(test::pattern_bytes(12 * kMiB));
  const auto image = (dir.path() / "stop.img.zst").string();
  std::atomic<bool> stop{false};
  auto req = request_for(d, image, 12 * kMiB);
  req.cancel = CancelToken(&stop);
  req.sink = [&](const ProgressEvent& ev) {
    if (ev.bytes > 0) stop = true;
  };
  auto r = run_capture(req);
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::kInterrupted);
  CHECK_FALSE(platform::path_exists(image));
  CHECK_FALSE(platform::path_exists(image + ".part"));
}

TEST_CASE("capture: an existing image is replaced only when the new one is verified") {
  test::TempDir dir;
  const auto image = dir.write("old.img", "old image");
  Drive d(test::pattern_bytes(kMiB));
  d.medium->faults.flip_bit_at = 5;
  REQUIRE_FALSE(run_capture(request_for(d, image, kMiB)));
  CHECK(test::read_file(image) == "old image");
  d.medium->faults.flip_bit_at.reset();
  REQUIRE(run_capture(request_for(d, image, kMiB)));
  CHECK(file_bytes(image) == test::pattern_bytes(kMiB));
}

TEST_CASE("capture: the used part ends with the last partition of an MBR or GPT") {
  SUBCASE("MBR") {
    auto bytes = std::vector<std::byte>(4 * kMiB);
    bytes[510] = std::byte{0x55};
    bytes[511] = std::byte{0xAA};
    // Partition 1: type 0x83, from sector 2048, 4096 sectors (ends at 3 MiB).
    const std::size_t e = 446;
    bytes[e + 4] = std::byte{0x83};
    const std::uint32_t start = 2048, count = 4096;
    std::memcpy(&bytes[e + 8], &start, 4);
    std::memcpy(&bytes[e + 12], &count, 4);
    Drive d(bytes);
    auto end = used_extent(*d.device);
    REQUIRE_MESSAGE(end, (end ? "" : end.error().message));
    CHECK(*end == 3 * kMiB);
  }
  SUBCASE("GPT, and a GPT whose CRC is wrong") {
    auto bytes = gpt_drive();
    Drive d(bytes);
    auto end = used_extent(*d.device);
    REQUIRE_MESSAGE(end, (end ? "" : end.error().message));
    CHECK(*end == 3 * kMiB);
    d.medium->bytes[1024 + 40] = std::byte{0x20};  // the entry changes, its CRC does not
    auto damaged = used_extent(*d.device);
    REQUIRE_FALSE(damaged);
    CHECK(damaged.error().message.find("CRC32") != std::string::npos);
  }
  SUBCASE("no table") {
    Drive d{std::vector<std::byte>(kMiB)};
    auto end = used_extent(*d.device);
    REQUIRE_FALSE(end);
    CHECK(end.error().kind == ErrorKind::kInput);
  }
}

TEST_CASE("capture: an image name asks for its compression") {
  CHECK(compression_for_name("a.img") == Compression::kNone);
  CHECK(compression_for_name("a.img.zst") == Compression::kZstd);
  CHECK(compression_for_name("a.img.xz") == Compression::kXz);
  CHECK(compression_for_name("a.img.gz") == Compression::kGzip);
  CHECK(compression_for_name("a.iso") == Compression::kNone);
}

TEST_CASE("capture: a link at the temporary name is not followed") {
  test::TempDir dir;
  const auto victim = dir.write("victim", "keep me");
  const auto image = (dir.path() / "linked.img").string();
  std::filesystem::create_symlink(victim, image + ".part");
  Drive d(test::pattern_bytes(kMiB));
  auto r = run_capture(request_for(d, image, kMiB));
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::kInput);
  CHECK(test::read_file(victim) == "keep me");
  CHECK_FALSE(platform::path_exists(image));
}
