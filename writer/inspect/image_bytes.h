#pragma once
/// Random access to an image's bytes for the inspector: a file read with pread, or bytes in
/// memory (tests, the fuzzer). Only the first available() bytes can be read: for a compressed
/// image that is the decompressed window the inspector looked at.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "platform/blkid_probe.h"
#include "platform/fd.h"
#include "platform/result.h"

namespace sw::writer {

/// The bytes of an image, read at any offset.
class ImageBytes {
 public:
  virtual ~ImageBytes() = default;
  /// The image's full size in bytes.
  virtual std::uint64_t size() const = 0;
  /// How many bytes from the start can be read (== size() unless only a window is held).
  virtual std::uint64_t available() const = 0;
  /// False when size() is only a lower bound (a compressed image whose size is not recorded):
  /// checks against the end of the image are then skipped.
  virtual bool size_exact() const { return true; }
  /// Reads exactly buf.size() bytes at `offset`; fails (kInput) if any lies beyond available().
  virtual Result<void> read_at(std::uint64_t offset, std::span<std::byte> buf) const = 0;
  /// libblkid's view of the file system in [offset, offset + length); none when unknown or when
  /// this kind of image cannot be probed.
  virtual std::optional<platform::FsInfo> probe_fs(std::uint64_t offset,
                                                   std::uint64_t length) const = 0;

  /// Reads `length` bytes at `offset` into a new buffer.
  Result<std::vector<std::byte>> read_vec(std::uint64_t offset, std::size_t length) const;
  /// True when [offset, offset + length) can be read.
  bool has(std::uint64_t offset, std::uint64_t length) const;
};

/// An image file (or a memfd holding a decompressed window) read with pread.
class FileImageBytes final : public ImageBytes {
 public:
  /// `size` is the image's full size (a lower bound unless `size_exact`); `available` how much
  /// of it `fd` holds.
  FileImageBytes(platform::Fd fd, std::uint64_t size, std::uint64_t available,
                 bool size_exact = true);
  std::uint64_t size() const override { return m_size; }
  std::uint64_t available() const override { return m_available; }
  bool size_exact() const override { return m_size_exact; }
  Result<void> read_at(std::uint64_t offset, std::span<std::byte> buf) const override;
  std::optional<platform::FsInfo> probe_fs(std::uint64_t offset,
                                           std::uint64_t length) const override;

 private:
  platform::Fd m_fd;
  std::uint64_t m_size, m_available;
  bool m_size_exact;
};

/// Bytes in memory; no file system probing (libblkid needs a file descriptor).
class MemoryImageBytes final : public ImageBytes {
 public:
  explicit MemoryImageBytes(std::vector<std::byte> bytes) : m_bytes(std::move(bytes)) {}
  std::uint64_t size() const override { return m_bytes.size(); }
  std::uint64_t available() const override { return m_bytes.size(); }
  Result<void> read_at(std::uint64_t offset, std::span<std::byte> buf) const override;
  std::optional<platform::FsInfo> probe_fs(std::uint64_t, std::uint64_t) const override {
    return std::nullopt;
  }

 private:
  std::vector<std::byte> m_bytes;
};

/// Little- and big-endian integers from a byte buffer; 0 when the field lies outside it.
std::uint16_t le16(std::span<const std::byte> b, std::size_t at);
std::uint32_t le32(std::span<const std::byte> b, std::size_t at);
std::uint64_t le64(std::span<const std::byte> b, std::size_t at);
std::uint32_t be32(std::span<const std::byte> b, std::size_t at);
/// The byte at `at`, 0 outside the buffer.
std::uint8_t byte_at(std::span<const std::byte> b, std::size_t at);
/// True when `b` holds `text` at `at`.
bool bytes_equal(std::span<const std::byte> b, std::size_t at, std::string_view text);
/// The non-empty components of a slash-separated path ("/EFI//BOOT" -> "EFI", "BOOT").
std::vector<std::string_view> path_parts(std::string_view path);
/// ASCII lower case, for comparing names.
std::string lower_ascii(std::string_view s);

/// Printable text of a fixed-width field with trailing spaces and NULs cut.
std::string field_text(std::span<const std::byte> b, std::size_t at, std::size_t length);

}  // namespace sw::writer
