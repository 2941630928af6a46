#include "writer/recorded_size.h"

#include <lzma.h>

#include <algorithm>
#include <array>
#include <limits>
#include <memory>
#include <vector>

#include "platform/fd.h"
#include "writer/stream_decoder.h"

namespace sw::writer::detail {
namespace {

/// Input buffer for reading xz headers, footers and indexes.
constexpr std::size_t kXzInfoBufferBytes = 64 * 1024;
/// Bound on the reads and seeks liblzma may ask for; a valid file needs a few per stream.
constexpr int kXzInfoMaxRounds = 1 << 20;
/// Zero padding after the last zstd frame longer than this gives no size (it would be read).
constexpr std::uint64_t kMaxZeroTailBytes = 1024 * 1024;

struct LzmaEnd {
  void operator()(lzma_stream* s) const { lzma_end(s); }
};
struct LzmaIndexEnd {
  void operator()(lzma_index* i) const { lzma_index_end(i, nullptr); }
};

/// True when bytes [pos, end) of the file are zeros (dd padding), read in small pieces.
bool zeros_until(const platform::Fd& fd, std::uint64_t pos, std::uint64_t end) {
  if (end - pos > kMaxZeroTailBytes) return false;
  std::array<std::byte, 4096> buf{};
  while (pos < end) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), end - pos));
    auto n = platform::pread_full(fd, std::span(buf).first(want), pos, ErrorKind::kInput);
    if (!n || *n != want) return false;
    if (std::any_of(buf.begin(), buf.begin() + want, [](std::byte b) { return b != std::byte{0}; }))
      return false;
    pos += want;
  }
  return true;
}

/// What a zstd frame header says (RFC 8878 section 3.1.1.1).
struct ZstdFrameHeader {
  std::size_t header_bytes = 0;  ///< magic included (at most 18)
  std::optional<std::uint64_t> content_size;
  bool checksum = false;
};

std::optional<ZstdFrameHeader> parse_zstd_frame_header(std::span<const std::byte> h) {
  if (h.size() < 5) return std::nullopt;
  const auto descriptor = std::to_integer<unsigned>(h[4]);
  const unsigned fcs_flag = descriptor >> 6;
  const bool single_segment = (descriptor >> 5) & 1;
  if ((descriptor >> 3) & 1) return std::nullopt;  // reserved bit must be zero
  constexpr std::array<std::size_t, 4> kDictIdBytes = {0, 1, 2, 4};
  const std::array<std::size_t, 4> fcs_sizes = {single_segment ? 1u : 0u, 2, 4, 8};
  const std::size_t fcs_bytes = fcs_sizes[fcs_flag];
  ZstdFrameHeader f;
  f.checksum = (descriptor >> 2) & 1;
  f.header_bytes = 5 + (single_segment ? 0 : 1) + kDictIdBytes[descriptor & 3] + fcs_bytes;
  if (h.size() < f.header_bytes) return std::nullopt;
  if (fcs_bytes == 0) return f;
  std::uint64_t size = load_le(h.subspan(f.header_bytes - fcs_bytes), fcs_bytes);
  if (fcs_bytes == 2) size += 256;  // the 2-byte field is stored minus 256
  f.content_size = size;
  return f;
}

/// Where the frame whose blocks start at `pos` ends: block headers are followed to the last
/// block (RFC 8878 section 3.1.1.2), then the optional checksum.
std::optional<std::uint64_t> zstd_frame_end(const platform::Fd& fd, std::uint64_t pos,
                                            std::uint64_t file_size, bool checksum) {
  for (;;) {
    std::array<std::byte, 3> b{};
    auto n = platform::pread_full(fd, b, pos, ErrorKind::kInput);
    if (!n || *n != b.size()) return std::nullopt;
    const auto header = static_cast<std::uint32_t>(load_le(b, 3));
    const std::uint32_t type = (header >> 1) & 3;
    if (type == 3) return std::nullopt;        // reserved block type
    pos += 3 + (type == 1 ? 1 : header >> 3);  // an RLE block stores one byte
    if (pos > file_size) return std::nullopt;
    if (header & 1) break;
  }
  pos += checksum ? 4 : 0;
  if (pos > file_size) return std::nullopt;
  return pos;
}

}  // namespace

std::optional<RecordedSize> xz_recorded_size(const platform::Fd& fd, std::uint64_t file_size) {
  // liblzma's file info decoder reads the Stream Footer, walks back through each Index, Stream
  // and Stream Padding, and asks for the positions it needs (LZMA_SEEK_NEEDED).
  lzma_stream strm{};
  std::unique_ptr<lzma_stream, LzmaEnd> owner(&strm);
  lzma_index* index = nullptr;
  if (lzma_file_info_decoder(&strm, &index, kXzMemlimitBytes, file_size) != LZMA_OK)
    return std::nullopt;
  std::vector<std::byte> buf(kXzInfoBufferBytes);
  std::uint64_t pos = 0;
  for (int round = 0; round < kXzInfoMaxRounds; ++round) {
    if (strm.avail_in == 0) {
      auto n = platform::pread_full(fd, buf, pos, ErrorKind::kInput);
      if (!n) return std::nullopt;
      strm.next_in = reinterpret_cast<const std::uint8_t*>(buf.data());
      strm.avail_in = *n;
      pos += *n;
    }
    const lzma_ret rc = lzma_code(&strm, strm.avail_in == 0 ? LZMA_FINISH : LZMA_RUN);
    if (rc == LZMA_SEEK_NEEDED) {
      pos = strm.seek_pos;
      strm.avail_in = 0;
      continue;
    }
    if (rc == LZMA_STREAM_END) {
      const std::unique_ptr<lzma_index, LzmaIndexEnd> owned(index);
      const std::uint64_t bytes = lzma_index_uncompressed_size(index);
      if (bytes == 0) return std::nullopt;
      return RecordedSize{bytes, SizeOrigin::kXzIndex};
    }
    if (rc != LZMA_OK) return std::nullopt;
  }
  return std::nullopt;
}

std::optional<RecordedSize> zstd_recorded_size(const platform::Fd& fd, std::uint64_t file_size) {
  std::uint64_t pos = 0;
  std::uint64_t total = 0;
  while (pos < file_size) {
    std::array<std::byte, 18> head{};  // ZSTD_FRAMEHEADERSIZE_MAX
    auto n = platform::pread_full(fd, head, pos, ErrorKind::kInput);
    if (!n) return std::nullopt;
    const std::uint64_t magic = *n >= 8 ? load_le(head, 4) : 0;
    if (is_zstd_skippable_magic(magic)) {
      pos += 8 + load_le(std::span(head).subspan(4), 4);
      continue;
    }
    if (magic != kZstdFrameMagic) {
      if (!zeros_until(fd, pos, file_size)) return std::nullopt;
      break;
    }
    const auto frame = parse_zstd_frame_header(std::span(head).first(*n));
    if (!frame || !frame->content_size) return std::nullopt;
    const auto end = zstd_frame_end(fd, pos + frame->header_bytes, file_size, frame->checksum);
    if (!end || *frame->content_size > std::numeric_limits<std::uint64_t>::max() - total)
      return std::nullopt;
    total += *frame->content_size;
    pos = *end;
  }
  if (pos > file_size || total == 0) return std::nullopt;
  return RecordedSize{total, SizeOrigin::kZstdFrameHeader};
}

std::optional<RecordedSize> gzip_recorded_size(const platform::Fd& fd, std::uint64_t file_size) {
  // Deflate's densest code is a length-258 match in 2 bits (a 1-bit length code and a 1-bit
  // distance code, RFC 1951 section 3.2.5): at most 1032 bytes of content per compressed byte.
  // Below this file size the content is under 4 GiB, so ISIZE (RFC 1952 section 2.3.1, the
  // size modulo 2^32) is the size itself.
  constexpr std::uint64_t kDeflateMaxRatio = 1032;
  constexpr std::uint64_t kIsizeModulus = std::uint64_t{1} << 32;
  constexpr std::uint64_t kGzipMinBytes = 18;  // 10-byte header, 8-byte trailer
  if (file_size < kGzipMinBytes || file_size * kDeflateMaxRatio >= kIsizeModulus)
    return std::nullopt;
  std::array<std::byte, 4> isize{};
  auto n = platform::pread_full(fd, isize, file_size - isize.size(), ErrorKind::kInput);
  if (!n || *n != isize.size()) return std::nullopt;
  const std::uint64_t bytes = load_le(isize, 4);
  if (bytes == 0) return std::nullopt;
  return RecordedSize{bytes, SizeOrigin::kGzipTrailer};
}

std::optional<RecordedSize> recorded_size(const platform::Fd& fd, std::uint64_t file_size,
                                          Compression c) {
  switch (c) {
    case Compression::kXz:
      return xz_recorded_size(fd, file_size);
    case Compression::kZstd:
      return zstd_recorded_size(fd, file_size);
    case Compression::kGzip:
      return gzip_recorded_size(fd, file_size);
    case Compression::kBzip2:  // bzip2 records no size anywhere
    case Compression::kNone:
      break;
  }
  return std::nullopt;
}

}  // namespace sw::writer::detail
