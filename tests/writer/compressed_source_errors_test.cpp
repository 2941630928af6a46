// Damaged, truncated, padded and changing compressed images: every failure is ErrorKind::kInput
// with a message that names the file, and none of them hangs or crashes.

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "support/compress.h"
#include "support/temp_dir.h"
#include "writer/compressed_source.h"

using namespace sw;
using namespace sw::writer;
using sw::test::Bytes;
using sw::test::bytes_of;
using sw::test::kMiB;

namespace {

const Bytes& image() { return test::test_image(); }

Bytes text_bytes(std::string_view s) {
  const auto b = std::as_bytes(std::span(s));
  return Bytes(b.begin(), b.end());
}

/// Opens a compressed file with open_image() (it must be detected) and reads it to the end.
test::ReadOutcome open_and_read(const std::string& path, std::size_t chunk = 256 * 1024) {
  auto source = open_image(path);
  REQUIRE_MESSAGE(source.ok(), (source.ok() ? "" : source.error().message));
  REQUIRE(dynamic_cast<DecompressingSource*>(source->get()) != nullptr);
  return test::read_all(**source, chunk);
}

/// The read failed with kInput, naming the file and `words`.
void check_input_error(const test::ReadOutcome& r, const std::string& path,
                       std::string_view words) {
  REQUIRE(r.error.has_value());
  CAPTURE(r.error->message);
  CHECK(r.error->kind == ErrorKind::kInput);
  CHECK(r.error->message.find(path) != std::string::npos);
  CHECK(r.error->message.find(words) != std::string::npos);
}

}  // namespace

TEST_CASE("compressed source: set_measured_size caps reads, a longer or shorter stream fails") {
  test::TempDir dir;
  const auto path = dir.write_bytes("image.bz2", test::bzip2_bytes(image()));
  auto opened = DecompressingSource::open(path, Compression::kBzip2);
  REQUIRE(opened.ok());
  auto& source = **opened;
  const std::size_t n = image().size();

  source.set_measured_size(n - 1000);  // the file now holds more than the first pass saw
  CHECK(source.size() == n - 1000);
  REQUIRE(source.rewind().ok());
  auto longer = test::read_all(source, 64 * 1024);
  check_input_error(longer, path, "but now holds more than that; the file changed");
  CHECK(longer.bytes.size() <= n - 1000);
  // One read with room for everything: nothing past the measured size reaches the buffer.
  REQUIRE(source.rewind().ok());
  Bytes whole(n + 4096, std::byte{0xAA});
  REQUIRE_FALSE(source.read(whole).ok());
  CHECK(std::all_of(whole.begin() + static_cast<std::ptrdiff_t>(n - 1000), whole.end(),
                    [](std::byte b) { return b == std::byte{0xAA}; }));

  source.set_measured_size(n + 1000);  // the file now holds less
  REQUIRE(source.rewind().ok());
  auto shorter = test::read_all(source, 64 * 1024);
  check_input_error(shorter, path, fmt::format("now ends after {} bytes", n));

  source.set_measured_size(n);
  CHECK(source.size_known());
  CHECK(source.size_origin() == SizeOrigin::kMeasured);
  REQUIRE(source.rewind().ok());
  auto exact = test::read_all(source, n);  // one read of exactly the size
  REQUIRE_MESSAGE(!exact.error, (exact.error ? exact.error->message : ""));
  CHECK(exact.bytes == image());
  CHECK(source.file_bytes_read() == source.file_size());
}

TEST_CASE("compressed source: a measured size equal to the recorded one keeps its origin") {
  test::TempDir dir;
  auto opened =
      DecompressingSource::open(dir.write_bytes("a.xz", test::xz_bytes(image())), Compression::kXz);
  REQUIRE(opened.ok());
  (*opened)->set_measured_size(image().size());
  CHECK((*opened)->size_origin() == SizeOrigin::kXzIndex);
  (*opened)->set_measured_size(image().size() - 1);
  CHECK((*opened)->size_origin() == SizeOrigin::kMeasured);
}

TEST_CASE("compressed source: a wrong size in the gzip trailer is an error, not a truncation") {
  test::TempDir dir;
  Bytes file = test::gzip_bytes(image());
  file[file.size() - 4] ^= std::byte{0x01};  // ISIZE one off
  const auto path = dir.write_bytes("image.gz", file);
  auto r = open_and_read(path);
  check_input_error(r, path, "corrupt gzip data");
}

TEST_CASE("compressed source: a corrupted byte in the middle fails with kInput naming the file") {
  for (auto c : test::kCompressedFormats) {
    CAPTURE(compression_name(c));
    test::TempDir dir;
    Bytes file = test::compress(c, image());
    file[file.size() / 2] ^= std::byte{0x55};
    const auto path = dir.write_bytes("image", file);
    const auto r = open_and_read(path);
    check_input_error(r, path, "download it again");
    CHECK(r.error->message.find("compressed byte") != std::string::npos);
  }
}

TEST_CASE("compressed source: a truncated file fails with kInput naming the file") {
  for (auto c : test::kCompressedFormats) {
    CAPTURE(compression_name(c));
    test::TempDir dir;
    Bytes file = test::compress(c, image());
    file.resize(file.size() * 2 / 3);
    const auto path = dir.write_bytes("image", file);
    const auto r = open_and_read(path);
    check_input_error(r, path, "the file is truncated; download it again");
    CHECK(r.error->message.find(fmt::format("ends at compressed byte {}", file.size())) !=
          std::string::npos);
  }
}

TEST_CASE("compressed source: zero bytes after the last stream are accepted (dd padding)") {
  for (auto c : test::kCompressedFormats) {
    for (std::size_t zeros : {1, 1001, 4096}) {
      CAPTURE(compression_name(c));
      CAPTURE(zeros);
      test::TempDir dir;
      const auto path =
          dir.write_bytes("image", test::concat(test::compress(c, image()), Bytes(zeros)));
      const auto r = open_and_read(path);
      REQUIRE_MESSAGE(!r.error, (r.error ? r.error->message : ""));
      CHECK(r.bytes == image());
    }
  }
}

TEST_CASE("compressed source: zeros after a gzip member drop the trailer size, not fail on it") {
  // With two bytes of padding the last four bytes are not ISIZE: the size read at open is
  // wrong, and once the padding shows it becomes unknown instead of failing the pass.
  test::TempDir dir;
  const auto path = dir.write_bytes("image.gz", test::concat(test::gzip_bytes(image()), Bytes(2)));
  auto opened = DecompressingSource::open(path, Compression::kGzip);
  REQUIRE(opened.ok());
  auto& source = **opened;
  CHECK(source.size_origin() == SizeOrigin::kGzipTrailer);
  CHECK(source.size() != image().size());
  const auto r = test::read_all(source, 1 * kMiB);
  REQUIRE_MESSAGE(!r.error, (r.error ? r.error->message : ""));
  CHECK(r.bytes == image());
  CHECK_FALSE(source.size_known());
}

TEST_CASE("compressed source: other data after the last stream is refused") {
  for (auto c : test::kCompressedFormats) {
    for (const Bytes& tail : {text_bytes("garbage\n"), test::concat(Bytes(512), text_bytes("x")),
                              test::concat(Bytes(4), text_bytes("another file"))}) {
      CAPTURE(compression_name(c));
      CAPTURE(tail.size());
      test::TempDir dir;
      const Bytes stream = test::compress(c, image());
      const auto path = dir.write_bytes("image", test::concat(stream, tail));
      const auto r = open_and_read(path);
      check_input_error(r, path, "has data after the end of its");
      const auto zeros =
          std::find_if(tail.begin(), tail.end(), [](std::byte b) { return b != std::byte{0}; }) -
          tail.begin();
      const std::size_t at = stream.size() + static_cast<std::size_t>(zeros);
      CHECK(r.error->message.find(fmt::format("at compressed byte {}", at)) != std::string::npos);
    }
  }
}

TEST_CASE("compressed source: an empty file and a file of only the magic fail cleanly") {
  test::TempDir dir;
  const auto empty = dir.write_bytes("empty.img.xz", {});
  const auto opened = open_image(empty);
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.error().kind == ErrorKind::kInput);
  CHECK(opened.error().message.find("empty") != std::string::npos);
  CHECK_FALSE(DecompressingSource::open(empty, Compression::kXz).ok());

  const Bytes magic_only[] = {
      bytes_of({0x1f, 0x8b, 0x08, 0x00, 0x00}),
      bytes_of({0x28, 0xb5, 0x2f, 0xfd, 0x00}),
      bytes_of({0xfd, '7', 'z', 'X', 'Z', 0x00}),
      bytes_of({'B', 'Z', 'h', '9', 0x31, 0x41, 0x59, 0x26, 0x53, 0x59}),
  };
  for (const auto& head : magic_only) {
    CAPTURE(head.size());
    const auto path = dir.write_bytes("magic", head);
    const auto r = open_and_read(path);
    check_input_error(r, path, "truncated");
  }
}

TEST_CASE("compressed source: after a failure, read keeps failing until rewind") {
  test::TempDir dir;
  Bytes file = test::compress(Compression::kGzip, image());
  file.resize(file.size() / 2);
  auto opened = open_image(dir.write_bytes("image.gz", file));
  REQUIRE(opened.ok());
  auto first = test::read_all(**opened, 64 * 1024);
  REQUIRE(first.error);
  Bytes buf(4096);
  auto again = (*opened)->read(buf);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().message == first.error->message);
  REQUIRE((*opened)->rewind().ok());
  auto n = (*opened)->read(buf);
  REQUIRE(n.ok());
  CHECK(*n == buf.size());
}

TEST_CASE("compressed source: images needing too much memory are refused with a clear error") {
  test::TempDir dir;
  // xz: raise the LZMA2 dictionary in the first Block Header to 4 GiB (xz spec 3.1, 5.3.1) and
  // fix the header's CRC32; the data itself is unchanged.
  Bytes xz = test::xz_bytes(image());
  const std::size_t block = 12;  // after the Stream Header
  const std::size_t header_bytes = (std::to_integer<std::size_t>(xz[block]) + 1) * 4;
  const auto flags = std::to_integer<unsigned>(xz[block + 1]);
  std::size_t at = block + 2;
  for (int vli = ((flags >> 6) & 1) + ((flags >> 7) & 1); vli > 0; --vli) {
    while ((std::to_integer<unsigned>(xz[at++]) & 0x80) != 0) {
    }
  }
  REQUIRE(xz[at] == std::byte{0x21});      // LZMA2 filter
  REQUIRE(xz[at + 1] == std::byte{0x01});  // one property byte: the dictionary size
  xz[at + 2] = std::byte{40};
  const std::uint32_t crc =
      lzma_crc32(reinterpret_cast<const std::uint8_t*>(&xz[block]), header_bytes - 4, 0);
  for (int i = 0; i < 4; ++i)
    xz[block + header_bytes - 4 + i] = static_cast<std::byte>(crc >> (8 * i));
  const auto xz_path = dir.write_bytes("big-dict.xz", xz);
  check_input_error(open_and_read(xz_path), xz_path, "needs more memory than stickwright allows");

  // zstd: a frame declaring a 4 GiB window, beyond the 2 GiB of --long=31.
  const Bytes zstd =
      bytes_of({0x28, 0xb5, 0x2f, 0xfd, 0x00, (32 - 10) << 3, 0x09, 0x00, 0x00, 'a'});
  const auto zstd_path = dir.write_bytes("big-window.zst", zstd);
  check_input_error(open_and_read(zstd_path), zstd_path,
                    "needs more memory than stickwright allows");
}
