#pragma once
/// An image file being written: raw, or compressed as a stream (zstd with libzstd, xz with
/// liblzma) with a fixed output buffer, so memory stays bounded whatever the image's size. The
/// bytes that reach the file are digested as they are written.

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "platform/fd.h"
#include "platform/result.h"
#include "writer/digest.h"
#include "writer/inspect/compression.h"

namespace sw::writer {

namespace detail {
class StreamEncoder;
}  // namespace detail

/// The compression an image file's name asks for: .zst is zstd, .xz is xz, anything else raw.
/// Names of formats stickwright reads but does not write (.gz, .bz2) are kGzip / kBzip2, so the
/// caller can refuse them rather than write a raw file under a compressed name.
Compression compression_for_name(const std::string& path);

/// A file written from the start, compressed on the way. Errors are ErrorKind::kInput (the file
/// is the output, not the drive).
class CompressSink {
 public:
  /// Creates (or truncates) `path` for an image compressed with `compression` (kNone, kZstd or
  /// kXz). `content_bytes` is how many bytes will be written, recorded in a zstd frame header
  /// so that readers know the image's size before decoding it.
  static Result<std::unique_ptr<CompressSink>> create(const std::string& path,
                                                      Compression compression,
                                                      std::uint64_t content_bytes);

  CompressSink(platform::Fd fd, Compression compression,
               std::unique_ptr<detail::StreamEncoder> encoder);
  ~CompressSink();
  CompressSink(const CompressSink&) = delete;
  CompressSink& operator=(const CompressSink&) = delete;

  /// Adds image bytes (compressed first, when the file is).
  Result<void> write(std::span<const std::byte> data);
  /// Ends the compressed stream and makes the file durable (fdatasync).
  Result<void> finish();
  /// The sha256 of the file as written (call after finish()).
  const std::string& file_sha256() const { return m_file_sha256; }
  /// Bytes in the file so far.
  std::uint64_t file_bytes() const { return m_offset; }
  /// The file's path.
  const std::string& path() const { return m_fd.path(); }
  /// How the file is compressed.
  Compression compression() const { return m_compression; }

 private:
  Result<void> emit(std::span<const std::byte> out);

  platform::Fd m_fd;
  Compression m_compression;
  std::unique_ptr<detail::StreamEncoder> m_encoder;
  Digest m_digest{Algorithm::kSha256};
  std::uint64_t m_offset = 0;
  std::string m_file_sha256;
};

}  // namespace sw::writer
