#pragma once
// Compressed test images made in the test with the compression libraries themselves, and a
// helper that reads a Source to its end.

#include <bzlib.h>
#include <doctest/doctest.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <span>
#include <vector>

#include "support/memory_device.h"
#include "writer/compressed_source.h"

namespace sw::test {

using Bytes = std::vector<std::byte>;

inline constexpr std::size_t kMiB = 1024 * 1024;

/// `n` bytes that compress about 2:1: 4 KiB blocks of noise alternate with runs of one value,
/// so decoders meet both literals and long matches.
inline Bytes image_bytes(std::size_t n, std::uint32_t seed = 1) {
  Bytes v = pattern_bytes(n, seed);
  for (std::size_t i = 0; i < n; ++i) {
    if ((i / 4096) % 2 == 1) v[i] = static_cast<std::byte>((i / 4096 + seed) & 0xff);
  }
  return v;
}

/// The test image shared by the compressed-source tests: a few MiB, made once per run.
inline const Bytes& test_image() {
  static const Bytes bytes = image_bytes(3 * kMiB + 4321);
  return bytes;
}

/// Bytes from a list of values (magic numbers, headers written by hand).
inline Bytes bytes_of(std::initializer_list<unsigned> values) {
  Bytes b;
  for (unsigned v : values) b.push_back(static_cast<std::byte>(v));
  return b;
}

/// One gzip member (zlib, windowBits 15 + 16).
inline Bytes gzip_bytes(std::span<const std::byte> data) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  Bytes out(deflateBound(&z, data.size()) + 64);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<std::byte*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  REQUIRE(rc == Z_STREAM_END);
  return out;
}

/// One xz stream, preset 1 with a CRC64 check.
inline Bytes xz_bytes(std::span<const std::byte> data) {
  Bytes out(lzma_stream_buffer_bound(data.size()));
  std::size_t pos = 0;
  REQUIRE(lzma_easy_buffer_encode(1, LZMA_CHECK_CRC64, nullptr,
                                  reinterpret_cast<const std::uint8_t*>(data.data()), data.size(),
                                  reinterpret_cast<std::uint8_t*>(out.data()), &pos,
                                  out.size()) == LZMA_OK);
  out.resize(pos);
  return out;
}

/// Whether a zstd frame records its content size.
enum class ContentSize { kRecorded, kOmitted };

/// One zstd frame with a content checksum (as the zstd tool writes).
inline Bytes zstd_bytes(std::span<const std::byte> data,
                        ContentSize content_size = ContentSize::kRecorded) {
  ZSTD_CCtx* c = ZSTD_createCCtx();
  REQUIRE(c != nullptr);
  ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
  ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, content_size == ContentSize::kRecorded);
  Bytes out(ZSTD_compressBound(data.size()));
  const std::size_t n = ZSTD_compress2(c, out.data(), out.size(), data.data(), data.size());
  ZSTD_freeCCtx(c);
  REQUIRE_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

/// One bzip2 stream with 100 KiB blocks.
inline Bytes bzip2_bytes(std::span<const std::byte> data) {
  Bytes out(data.size() + data.size() / 100 + 600);
  auto out_size = static_cast<unsigned>(out.size());
  REQUIRE(BZ2_bzBuffToBuffCompress(reinterpret_cast<char*>(out.data()), &out_size,
                                   const_cast<char*>(reinterpret_cast<const char*>(data.data())),
                                   static_cast<unsigned>(data.size()), 1, 0, 0) == BZ_OK);
  out.resize(out_size);
  return out;
}

/// `data` as one stream of format `c`.
inline Bytes compress(writer::Compression c, std::span<const std::byte> data) {
  switch (c) {
    case writer::Compression::kGzip:
      return gzip_bytes(data);
    case writer::Compression::kXz:
      return xz_bytes(data);
    case writer::Compression::kZstd:
      return zstd_bytes(data);
    case writer::Compression::kBzip2:
      return bzip2_bytes(data);
    case writer::Compression::kNone:
      break;
  }
  return Bytes(data.begin(), data.end());
}

/// `a` followed by `b`.
inline Bytes concat(Bytes a, std::span<const std::byte> b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

/// The four compressed formats.
inline constexpr writer::Compression kCompressedFormats[] = {
    writer::Compression::kGzip, writer::Compression::kXz, writer::Compression::kZstd,
    writer::Compression::kBzip2};

/// What reading a Source to its end gave.
struct ReadOutcome {
  Bytes bytes;
  std::optional<Error> error;
  int short_reads_before_end = 0;  ///< reads that did not fill the buffer yet were not the last
};

/// Reads `source` to its end (or its first error) in reads of `chunk` bytes.
inline ReadOutcome read_all(writer::Source& source, std::size_t chunk) {
  ReadOutcome out;
  Bytes buf(chunk);
  bool short_seen = false;
  for (;;) {
    auto n = source.read(buf);
    if (!n) {
      out.error = n.error();
      return out;
    }
    if (*n == 0) return out;
    if (short_seen) ++out.short_reads_before_end;
    short_seen = *n < chunk;
    out.bytes.insert(out.bytes.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*n));
  }
}

}  // namespace sw::test
