#pragma once
/// Compressed images (.img.gz, .img.xz, .img.zst, .img.bz2) as a Source: the file as
/// downloaded is decompressed as a stream, with a fixed input buffer, straight into the
/// caller's buffer.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "platform/fd.h"
#include "platform/result.h"
#include "writer/inspect/compression.h"
#include "writer/source.h"

namespace sw::writer {

/// Recognises the format by its magic bytes (never by file name): gzip 1f 8b 08; xz
/// FD 37 7A 58 5A 00; zstd 28 B5 2F FD (also a file starting with zstd skippable frames
/// 0x184D2A50..5F); bzip2 "BZh" + '1'..'9' followed by the block magic 31 41 59 26 53 59 or
/// the end magic 17 72 45 38 50 90. Anything else, or a head too short to tell, is kNone.
Compression detect_compression(std::span<const std::byte> head);

/// Bytes of a file's head that detect_compression() needs to see.
inline constexpr std::size_t kCompressionHeadBytes = 16;

/// Where a decompressed size comes from.
enum class SizeOrigin {
  kUnknown,          ///< no size yet
  kXzIndex,          ///< the xz Index: exact
  kZstdFrameHeader,  ///< the zstd frame headers: exact
  kGzipTrailer,      ///< a gzip trailer: a hint (one member's size, modulo 2^32)
  kMeasured,         ///< counted by a full decoding pass
};

/// True for a size exact by its format (an xz index, zstd frame headers) or counted by a full
/// pass; a gzip trailer's size is only a hint (one member's, modulo 2^32).
bool size_origin_exact(SizeOrigin o);

/// "xz index", "zstd frame header", "gzip trailer", "measured", "" for kUnknown: the words of
/// the messages that name where a size came from.
std::string_view size_origin_text(SizeOrigin o);

namespace detail {
class StreamDecoder;
}  // namespace detail

/// A Source that decompresses the image file as downloaded, as a stream.
class DecompressingSource final : public Source {
 public:
  /// Opens `path` as a file compressed with `compression` (detected by the caller) and reads
  /// the decompressed size the format records, if any.
  static Result<std::unique_ptr<DecompressingSource>> open(const std::string& path,
                                                           Compression compression);
  /// The same over an image file open_image_file() opened.
  static Result<std::unique_ptr<DecompressingSource>> from_file(ImageFile file,
                                                                Compression compression);

  /// Takes an open file of `file_size` bytes; use open() instead.
  DecompressingSource(platform::Fd fd, Compression compression, std::uint64_t file_size);
  ~DecompressingSource() override;
  DecompressingSource(const DecompressingSource&) = delete;
  DecompressingSource& operator=(const DecompressingSource&) = delete;

  /// The compressed file's path.
  const std::string& path() const override { return m_fd.path(); }
  /// The decompressed size when known (recorded by the format, or measured), else 0.
  std::uint64_t size() const override { return m_size; }
  /// The compressed file now (fstat of the open file).
  std::optional<platform::FileStamp> stamp() const override;
  /// Restarts the file and the decoder.
  Result<void> rewind() override;
  /// Fills `buf` with decompressed bytes (short only at the end); 0 at the end.
  Result<std::size_t> read(std::span<std::byte> buf) override;

  /// True when size() is the decompressed size.
  bool size_known() const { return m_size_origin != SizeOrigin::kUnknown; }
  /// Where size() comes from; kUnknown while unknown. The gzip trailer is the image's size
  /// only if the file is one member and nothing more: when the pass finds another member (the
  /// trailer held that member's size, a lower bound) or padding after it, the size is dropped
  /// and becomes unknown.
  SizeOrigin size_origin() const { return m_size_origin; }
  /// Called after a full pass (the hash pass) with the bytes that pass produced; from then on
  /// read() never returns more than that, and a stream that ends earlier or goes on longer is
  /// an error (the file changed). The origin stays the format's when it recorded this size.
  void set_measured_size(std::uint64_t bytes);
  /// The format of the compressed file.
  Compression compression() const { return m_compression; }
  /// Size of the compressed file (when opened; later growth is never read).
  std::uint64_t file_size() const { return m_file_size; }
  /// Compressed bytes consumed since the last rewind (progress of a pass is shown in these);
  /// safe to call from another thread than read().
  std::uint64_t file_bytes_read() const { return m_file_bytes_read.load(); }
  /// Decompressed bytes read() returned since the last rewind; call it on the reading thread
  /// or after the pass.
  std::uint64_t bytes_produced() const { return m_produced; }
  /// Sees every chunk read from the compressed file, in order, on the thread that calls
  /// read(); so one pass can digest the file as downloaded and its content. Reset by nothing;
  /// set before the pass.
  void set_file_tap(std::function<void(std::span<const std::byte>)> tap);

 private:
  /// Records the decompressed size the format gives, from `origin`. An exact size (xz, zstd)
  /// also bounds read() like a measured one; a hint (gzip) does not.
  void set_recorded_size(std::uint64_t bytes, SizeOrigin origin);

  enum class State { kInStream, kBetweenStreams, kDone, kFailed };

  Result<std::size_t> fill(std::span<std::byte> out);
  Result<std::size_t> step(std::span<std::byte> out);
  Result<void> begin_next_stream();
  Result<void> fill_input(std::size_t min_bytes);
  Result<void> drain_after_limit();
  Result<void> check_end() const;
  Failure size_mismatch(std::optional<std::uint64_t> produced) const;
  void drop_size_hint();
  std::uint64_t input_offset() const { return m_buffer_offset + m_in_pos; }

  platform::Fd m_fd;
  Compression m_compression;
  std::uint64_t m_file_size;
  std::unique_ptr<detail::StreamDecoder> m_decoder;
  std::function<void(std::span<const std::byte>)> m_tap;

  std::uint64_t m_size = 0;
  SizeOrigin m_size_origin = SizeOrigin::kUnknown;
  bool m_measured = false;               ///< set_measured_size() was called
  std::optional<std::uint64_t> m_limit;  ///< read() stops here and checks the stream ends

  std::vector<std::byte> m_input;     ///< fixed-size input buffer
  std::size_t m_in_pos = 0;           ///< next unconsumed byte in m_input
  std::size_t m_in_end = 0;           ///< end of the valid bytes in m_input
  std::uint64_t m_buffer_offset = 0;  ///< file offset of m_input[0]
  std::uint64_t m_next_read = 0;      ///< file offset of the next read
  bool m_input_ended = false;         ///< every byte of the file is in m_input or consumed
  std::atomic<std::uint64_t> m_file_bytes_read{0};

  State m_state = State::kInStream;
  std::optional<Error> m_error;  ///< the failure read() keeps returning after one
  std::uint64_t m_produced = 0;  ///< decompressed bytes returned since the last rewind
};

/// Opens an image: a compressed one (detected by magic) as a DecompressingSource, any other as
/// open_raw_image() does.
Result<std::unique_ptr<Source>> open_image(const std::string& path);

}  // namespace sw::writer
