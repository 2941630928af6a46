#pragma once
/// One decoder per compression library behind one interface, so DecompressingSource handles
/// buffers, concatenated streams, trailing data and errors once for all formats.

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "writer/compressed_source.h"

namespace sw::writer::detail {

/// Why a decoder stopped.
enum class DecodeFault {
  kNone,
  kCorrupt,      ///< the data is not valid in this format
  kMemoryLimit,  ///< decoding would need more memory than we allow (unusual settings)
  kNoMemory,     ///< an allocation failed
};

/// What one decode() call did.
struct DecodeStep {
  std::size_t consumed = 0;  ///< input bytes used
  std::size_t produced = 0;  ///< output bytes written
  bool stream_end = false;   ///< the stream (gzip member, xz stream, zstd frame) ended cleanly
  DecodeFault fault = DecodeFault::kNone;
  std::string detail;  ///< the library's words on a fault, e.g. "lzma: compressed data is corrupt"
};

/// Memory xz may use (its dictionary); files made with larger settings are refused.
inline constexpr std::uint64_t kXzMemlimitBytes = std::uint64_t{1} << 30;
/// Largest zstd window (log2) accepted: 2 GiB, so images made with --long=31 decode (on 32-bit
/// builds zstd's own ceiling, 1 GiB, applies: such an image is refused there as too large).
inline constexpr int kZstdWindowLogMax = 31;

/// A decoder of one stream at a time of one format.
class StreamDecoder {
 public:
  virtual ~StreamDecoder() = default;
  /// Prepares to decode a new stream from its first byte (the first or a concatenated one).
  virtual DecodeStep start() = 0;
  /// Decodes from `in` into `out` (never empty). `input_ended` says no input follows `in`.
  virtual DecodeStep decode(std::span<const std::byte> in, std::span<std::byte> out,
                            bool input_ended) = 0;
};

/// The decoder for `c` (not kNone).
std::unique_ptr<StreamDecoder> make_stream_decoder(Compression c);

}  // namespace sw::writer::detail
