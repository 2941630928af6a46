#pragma once
/// The decompressed size a compressed file records about itself, read with a few small preads
/// (never by reading the whole file). A hint for progress and the early "fits the drive"
/// check; the decoding pass confirms it.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "platform/fd.h"
#include "writer/compressed_source.h"

namespace sw::writer::detail {

/// Reads a little-endian integer from the first `n` (at most 8) bytes of `b`.
inline std::uint64_t load_le(std::span<const std::byte> b, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = n; i-- > 0;) v = (v << 8) | std::to_integer<std::uint64_t>(b[i]);
  return v;
}

/// Magic number of a zstd frame (RFC 8878 section 3.1.1), read little-endian.
inline constexpr std::uint32_t kZstdFrameMagic = 0xFD2FB528;

/// True for the magic numbers of zstd skippable frames, 0x184D2A50..5F (RFC 8878 3.1.2).
inline bool is_zstd_skippable_magic(std::uint64_t magic) {
  return (magic & 0xFFFFFFF0u) == 0x184D2A50u;
}

/// A size the file records, and where it comes from.
struct RecordedSize {
  std::uint64_t bytes = 0;
  SizeOrigin origin = SizeOrigin::kUnknown;  ///< the structure of the file it was read from
};

/// xz: the Index of every Stream, found from the Stream Footer at the end of the file,
/// walking back over concatenated Streams and Stream Padding; none if that walk fails (e.g.
/// zero padding that is not a multiple of four bytes, or trailing data).
std::optional<RecordedSize> xz_recorded_size(const platform::Fd& fd, std::uint64_t file_size);

/// zstd: the sum of the Frame_Content_Size of every frame, found by walking frame and block
/// headers; none if any frame lacks it or the walk does not end cleanly.
std::optional<RecordedSize> zstd_recorded_size(const platform::Fd& fd, std::uint64_t file_size);

/// gzip: ISIZE of the trailer, only when the file is so small that the content cannot reach
/// 4 GiB (ISIZE is the size modulo 2^32). It is the last member's size: the whole image's only
/// when the file has one member, which the pass finds out.
std::optional<RecordedSize> gzip_recorded_size(const platform::Fd& fd, std::uint64_t file_size);

/// The size `c` records in the file, if any (bzip2 records none).
std::optional<RecordedSize> recorded_size(const platform::Fd& fd, std::uint64_t file_size,
                                          Compression c);

}  // namespace sw::writer::detail
