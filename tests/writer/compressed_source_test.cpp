#include "writer/compressed_source.h"

#include <doctest/doctest.h>

#include <string>

#include "support/compress.h"
#include "support/temp_dir.h"

using namespace sw;
using namespace sw::writer;
using sw::test::Bytes;
using sw::test::bytes_of;
using sw::test::kMiB;

namespace {

const Bytes& image() { return test::test_image(); }

/// Opens `path` with open_image() and requires a DecompressingSource.
std::unique_ptr<Source> open_compressed(const std::string& path, DecompressingSource** out) {
  auto source = open_image(path);
  REQUIRE_MESSAGE(source.ok(), (source.ok() ? "" : source.error().message));
  *out = dynamic_cast<DecompressingSource*>(source->get());
  REQUIRE(*out != nullptr);
  return std::move(*source);
}

void check_round_trip(Compression c) {
  test::TempDir dir;
  const Bytes file = test::compress(c, image());
  const auto path = dir.write_bytes("image.img", file);
  DecompressingSource* d = nullptr;
  auto source = open_compressed(path, &d);
  CHECK(d->compression() == c);
  CHECK(d->file_size() == file.size());
  CHECK(d->path() == path);

  const auto small = test::read_all(*source, 4099);
  REQUIRE_MESSAGE(!small.error, (small.error ? small.error->message : ""));
  CHECK(small.bytes == image());
  CHECK(small.short_reads_before_end == 0);
  CHECK(d->file_bytes_read() == file.size());

  REQUIRE(source->rewind().ok());
  CHECK(d->file_bytes_read() == 0);
  const auto large = test::read_all(*source, 5 * kMiB);
  REQUIRE_MESSAGE(!large.error, (large.error ? large.error->message : ""));
  CHECK(large.bytes == image());
  Bytes after(16);
  CHECK(source->read(after).value() == 0);
}

}  // namespace

TEST_CASE("compressed source: detect_compression goes by magic bytes only") {
  CHECK(detect_compression(bytes_of({0x1f, 0x8b, 0x08, 0x00})) == Compression::kGzip);
  CHECK(detect_compression(bytes_of({0x1f, 0x8b, 0x07})) == Compression::kNone);
  CHECK(detect_compression(bytes_of({0xfd, '7', 'z', 'X', 'Z', 0x00, 0x00})) == Compression::kXz);
  CHECK(detect_compression(bytes_of({0xfd, '7', 'z', 'X', 'Z'})) == Compression::kNone);
  CHECK(detect_compression(bytes_of({0x28, 0xb5, 0x2f, 0xfd})) == Compression::kZstd);
  CHECK(detect_compression(bytes_of({0x50, 0x2a, 0x4d, 0x18, 8, 0, 0, 0})) == Compression::kZstd);
  CHECK(detect_compression(bytes_of({0x5f, 0x2a, 0x4d, 0x18})) == Compression::kZstd);
  CHECK(detect_compression(bytes_of({0x60, 0x2a, 0x4d, 0x18})) == Compression::kNone);
  CHECK(detect_compression(bytes_of({'B', 'Z', 'h', '9', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59})) ==
        Compression::kBzip2);
  CHECK(detect_compression(bytes_of({'B', 'Z', 'h', '1', 0x17, 0x72, 0x45, 0x38, 0x50, 0x90})) ==
        Compression::kBzip2);
  CHECK(detect_compression(bytes_of({'B', 'Z', 'h', '0', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59})) ==
        Compression::kNone);
  CHECK(detect_compression(bytes_of({'B', 'Z', 'h', '9', 'h', 'e', 'l', 'l', 'o', '!'})) ==
        Compression::kNone);
  CHECK(detect_compression({}) == Compression::kNone);
  // A disk image starts with boot code or zeros, never with one of these.
  CHECK(detect_compression(bytes_of({0xeb, 0x63, 0x90, 0x10, 0x8e, 0xd0})) == Compression::kNone);
  CHECK(detect_compression(Bytes(512)) == Compression::kNone);
  // The real thing, from each library.
  for (auto c : test::kCompressedFormats) {
    CAPTURE(compression_name(c));
    CHECK(detect_compression(test::compress(c, test::image_bytes(1000))) == c);
  }
}

TEST_CASE("compressed source: compression_name names each format") {
  CHECK(compression_name(Compression::kNone) == "none");
  CHECK(compression_name(Compression::kGzip) == "gzip");
  CHECK(compression_name(Compression::kXz) == "xz");
  CHECK(compression_name(Compression::kZstd) == "zstd");
  CHECK(compression_name(Compression::kBzip2) == "bzip2");
}

TEST_CASE("compressed source: size_origin_text words where a size comes from") {
  CHECK(size_origin_text(SizeOrigin::kXzIndex) == "xz index");
  CHECK(size_origin_text(SizeOrigin::kZstdFrameHeader) == "zstd frame header");
  CHECK(size_origin_text(SizeOrigin::kGzipTrailer) == "gzip trailer");
  CHECK(size_origin_text(SizeOrigin::kMeasured) == "measured");
  CHECK(size_origin_text(SizeOrigin::kUnknown) == "");
}

TEST_CASE("compressed source: open_image reads a .gz name holding xz as xz, a raw file as raw") {
  test::TempDir dir;
  DecompressingSource* d = nullptr;
  auto source = open_compressed(dir.write_bytes("image.img.gz", test::xz_bytes(image())), &d);
  CHECK(d->compression() == Compression::kXz);
  const auto all = test::read_all(*source, 1 * kMiB);
  REQUIRE_FALSE(all.error);
  CHECK(all.bytes == image());

  const auto raw = open_image(dir.write_bytes("image.img.xz", image()));
  REQUIRE(raw.ok());
  CHECK(dynamic_cast<DecompressingSource*>(raw->get()) == nullptr);
  CHECK((*raw)->size() == image().size());
}

TEST_CASE("compressed source: gzip decodes to the exact bytes, and again after rewind") {
  check_round_trip(Compression::kGzip);
}

TEST_CASE("compressed source: xz decodes to the exact bytes, and again after rewind") {
  check_round_trip(Compression::kXz);
}

TEST_CASE("compressed source: zstd decodes to the exact bytes, and again after rewind") {
  check_round_trip(Compression::kZstd);
}

TEST_CASE("compressed source: bzip2 decodes to the exact bytes, and again after rewind") {
  check_round_trip(Compression::kBzip2);
}

TEST_CASE("compressed source: gzip gives its trailer size only for a small single member") {
  test::TempDir dir;
  DecompressingSource* d = nullptr;
  auto small = open_compressed(dir.write_bytes("small.gz", test::gzip_bytes(image())), &d);
  CHECK(d->size_known());
  CHECK(d->size() == image().size());
  CHECK(d->size_origin() == SizeOrigin::kGzipTrailer);
  REQUIRE_FALSE(test::read_all(*small, 1 * kMiB).error);
  CHECK(d->size() == image().size());  // confirmed: one member, nothing after it

  // Noise does not compress: over 4 MiB of gzip could hold more than 4 GiB, so ISIZE (modulo
  // 2^32) is not trusted.
  const Bytes noise = test::pattern_bytes(4300 * 1024);
  auto large = open_compressed(dir.write_bytes("large.gz", test::gzip_bytes(noise)), &d);
  CHECK(d->file_size() > 4161790);
  CHECK_FALSE(d->size_known());
  CHECK(d->size() == 0);
  CHECK(d->size_origin() == SizeOrigin::kUnknown);
  const auto all = test::read_all(*large, 1 * kMiB);
  REQUIRE_FALSE(all.error);
  CHECK(all.bytes == noise);
}

TEST_CASE("compressed source: xz gives the size from its index, also for concatenated streams") {
  test::TempDir dir;
  DecompressingSource* d = nullptr;
  auto one = open_compressed(dir.write_bytes("one.xz", test::xz_bytes(image())), &d);
  CHECK(d->size_known());
  CHECK(d->size() == image().size());
  CHECK(d->size_origin() == SizeOrigin::kXzIndex);

  const Bytes second = test::image_bytes(1 * kMiB + 7, 2);
  // Stream Padding (four zero bytes) between the streams, as the xz spec allows.
  const Bytes file =
      test::concat(test::concat(test::xz_bytes(image()), Bytes(4)), test::xz_bytes(second));
  auto two = open_compressed(dir.write_bytes("two.xz", file), &d);
  CHECK(d->size() == image().size() + second.size());
  CHECK(d->size_origin() == SizeOrigin::kXzIndex);
  const auto all = test::read_all(*two, 1 * kMiB);
  REQUIRE_MESSAGE(!all.error, (all.error ? all.error->message : ""));
  CHECK(all.bytes == test::concat(image(), second));
}

TEST_CASE("compressed source: zstd gives the size only when every frame records it") {
  test::TempDir dir;
  DecompressingSource* d = nullptr;
  auto recorded = open_compressed(dir.write_bytes("a.zst", test::zstd_bytes(image())), &d);
  CHECK(d->size_known());
  CHECK(d->size() == image().size());
  CHECK(d->size_origin() == SizeOrigin::kZstdFrameHeader);

  const Bytes streamed = test::zstd_bytes(image(), test::ContentSize::kOmitted);
  auto omitted = open_compressed(dir.write_bytes("b.zst", streamed), &d);
  CHECK_FALSE(d->size_known());
  CHECK(d->size() == 0);
  const auto all = test::read_all(*omitted, 1 * kMiB);
  REQUIRE_FALSE(all.error);
  CHECK(all.bytes == image());

  // One frame with its size and one without: no size.
  const Bytes mixed = test::concat(test::zstd_bytes(image()), streamed);
  auto half = open_compressed(dir.write_bytes("c.zst", mixed), &d);
  CHECK_FALSE(d->size_known());
}

TEST_CASE("compressed source: bzip2 records no size") {
  test::TempDir dir;
  DecompressingSource* d = nullptr;
  auto source = open_compressed(dir.write_bytes("a.bz2", test::bzip2_bytes(image())), &d);
  CHECK_FALSE(d->size_known());
  CHECK(d->size() == 0);
  CHECK(d->size_origin() == SizeOrigin::kUnknown);
}

TEST_CASE("compressed source: concatenated streams of each format decode as one image") {
  const Bytes second = test::image_bytes(700 * 1024 + 3, 7);
  const Bytes expected = test::concat(image(), second);
  for (auto c : test::kCompressedFormats) {
    CAPTURE(compression_name(c));
    test::TempDir dir;
    const Bytes file = test::concat(test::compress(c, image()), test::compress(c, second));
    DecompressingSource* d = nullptr;
    auto source = open_compressed(dir.write_bytes("two", file), &d);
    if (c == Compression::kXz || c == Compression::kZstd) {
      CHECK(d->size() == expected.size());
    }
    const auto all = test::read_all(*source, 64 * 1024);
    REQUIRE_MESSAGE(!all.error, (all.error ? all.error->message : ""));
    CHECK(all.bytes == expected);
    CHECK(d->file_bytes_read() == file.size());
    if (c == Compression::kGzip) {
      // The trailer held only the second member's size: dropped once that member began.
      CHECK_FALSE(d->size_known());
    }
  }
}

TEST_CASE("compressed source: the file tap sees exactly the file's bytes, in order, each pass") {
  test::TempDir dir;
  const Bytes file = test::concat(test::zstd_bytes(image()), Bytes(100));
  DecompressingSource* d = nullptr;
  auto source = open_compressed(dir.write_bytes("a.zst", file), &d);
  Bytes seen;
  int chunks = 0;
  d->set_file_tap([&](std::span<const std::byte> chunk) {
    seen.insert(seen.end(), chunk.begin(), chunk.end());
    ++chunks;
  });
  REQUIRE_FALSE(test::read_all(*source, 100 * 1024).error);
  CHECK(seen == file);
  CHECK(chunks >= 2);  // more than one input buffer's worth, in order

  seen.clear();
  REQUIRE(source->rewind().ok());
  REQUIRE_FALSE(test::read_all(*source, 3 * kMiB).error);
  CHECK(seen == file);
}

TEST_CASE("compressed source: zstd frames with a 256 MiB window (--long) decode") {
  // A frame written by hand (RFC 8878): no content size, Window_Descriptor 2^28 (beyond
  // libzstd's default limit of 2^27), then raw blocks.
  const Bytes data = test::image_bytes(300 * 1024, 3);
  Bytes file = bytes_of({0x28, 0xb5, 0x2f, 0xfd, 0x00, (28 - 10) << 3});
  constexpr std::size_t kBlock = 100 * 1024;
  for (std::size_t at = 0; at < data.size(); at += kBlock) {
    const std::size_t n = std::min(kBlock, data.size() - at);
    const auto header = static_cast<std::uint32_t>((n << 3) | (at + n == data.size() ? 1 : 0));
    file = test::concat(file, bytes_of({header & 0xff, (header >> 8) & 0xff, header >> 16}));
    file = test::concat(file, std::span(data).subspan(at, n));
  }
  test::TempDir dir;
  DecompressingSource* d = nullptr;
  auto source = open_compressed(dir.write_bytes("long.zst", file), &d);
  CHECK_FALSE(d->size_known());
  const auto all = test::read_all(*source, 1 * kMiB);
  REQUIRE_MESSAGE(!all.error, (all.error ? all.error->message : ""));
  CHECK(all.bytes == data);
}

TEST_CASE("compressed source: a zstd file starting with a skippable frame") {
  const Bytes file = test::concat(bytes_of({0x50, 0x2a, 0x4d, 0x18, 5, 0, 0, 0, 1, 2, 3, 4, 5}),
                                  test::zstd_bytes(image()));
  test::TempDir dir;
  DecompressingSource* d = nullptr;
  auto source = open_compressed(dir.write_bytes("skip.zst", file), &d);
  CHECK(d->compression() == Compression::kZstd);
  CHECK(d->size() == image().size());
  const auto all = test::read_all(*source, 1 * kMiB);
  REQUIRE_MESSAGE(!all.error, (all.error ? all.error->message : ""));
  CHECK(all.bytes == image());
}
