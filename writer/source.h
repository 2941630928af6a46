#pragma once
/// Where the bytes to write come from. A raw image file today; decompressing and synthesized
/// sources are further implementations of the same interface.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "platform/fd.h"
#include "platform/result.h"

namespace sw::writer {

/// A stream of exactly size() bytes that can be read again from the start.
class Source {
 public:
  virtual ~Source() = default;
  /// The image path, for messages.
  virtual const std::string& path() const = 0;
  /// Bytes the stream holds.
  virtual std::uint64_t size() const = 0;
  /// Starts the stream again from byte 0.
  virtual Result<void> rewind() = 0;
  /// Fills `buf` as far as the stream goes; returns the bytes read (0 at the end). Never
  /// returns more than size() in total, even if the file grew.
  virtual Result<std::size_t> read(std::span<std::byte> buf) = 0;
  /// The file the bytes come from, when it is one file read as it is: two opens of one path
  /// may reach two files when it was renamed over in between.
  virtual std::optional<platform::FileStamp> stamp() const { return std::nullopt; }
  /// The logical sector size the stream's bytes were laid out for (a file system it builds),
  /// or none when it fits a target of any sector size (an image written as it is).
  virtual std::optional<std::uint32_t> sector_bytes() const { return std::nullopt; }
};

/// The stamp of an open file now, or none when fstat fails (the file then counts as changed).
std::optional<platform::FileStamp> current_stamp(const platform::Fd& fd);

/// An image file open for reading, with its size.
struct ImageFile {
  platform::Fd fd;
  std::uint64_t size = 0;  ///< bytes of the regular file or block device
  bool regular = false;    ///< a regular file (not a block device)
};

/// Opens an image file (a regular file or a block device) for reading; refuses anything else
/// and an empty one, with messages that say what to do.
Result<ImageFile> open_image_file(const std::string& path);

/// A Source over the bytes of an opened image file as they are.
std::unique_ptr<Source> make_raw_source(ImageFile file);

/// Opens a raw image file (a regular file or a block device); refuses an empty one.
Result<std::unique_ptr<Source>> open_raw_image(const std::string& path);

}  // namespace sw::writer
