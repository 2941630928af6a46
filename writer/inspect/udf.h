#pragma once
/// The UDF file system of an image, read with libudfread over the inspector's bytes. A Windows
/// installer ISO keeps its real files only here; its ISO 9660 side holds a README.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "writer/inspect/image_bytes.h"

namespace sw::writer {

/// A file found in the UDF tree.
struct UdfFile {
  std::string path;  ///< with the names as the volume spells them
  std::uint64_t size = 0;
  bool is_dir = false;
};

/// An entry of a UDF directory.
struct UdfEntry {
  std::string name;  ///< UTF-8, as the volume spells it
  std::uint64_t size = 0;
  bool is_dir = false;
};

/// A file of a UDF volume opened for reading; reads go through the volume's ImageBytes.
class UdfReader {
 public:
  virtual ~UdfReader() = default;
  /// The file's size in bytes.
  virtual std::uint64_t size() const = 0;
  /// Reads exactly buf.size() bytes at `offset` of the file.
  virtual Result<void> read_at(std::uint64_t offset, std::span<std::byte> buf) = 0;
};

/// An opened UDF volume; reads go through the ImageBytes it was opened on, which must outlive it.
class UdfVolume {
 public:
  /// Opens the UDF volume of `image`; none when there is none or it cannot be read.
  static std::unique_ptr<UdfVolume> open(const ImageBytes& image);
  ~UdfVolume();
  UdfVolume(const UdfVolume&) = delete;
  UdfVolume& operator=(const UdfVolume&) = delete;

  /// The logical volume identifier.
  std::string volume_id() const;
  /// Finds a file or directory by path, comparing names without case.
  std::optional<UdfFile> find(std::string_view path) const;
  /// The entries of a directory ("" or "/" for the root), without "." and "..", in the volume's
  /// order; at most `max_entries`.
  Result<std::vector<UdfEntry>> list(const std::string& dir_path, std::size_t max_entries) const;
  /// Opens a file by its exact path (as list() spells the names).
  Result<std::unique_ptr<UdfReader>> open_file(const std::string& path) const;
  /// The first `max_bytes` bytes of a file.
  Result<std::vector<std::byte>> read_head(const UdfFile& file, std::size_t max_bytes) const;

 private:
  struct Impl;
  explicit UdfVolume(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace sw::writer
