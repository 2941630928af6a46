#pragma once
/// A Windows installer ISO's file tree as the tamper checks read it: directories listed and
/// files read at an offset, from the UDF volume (where Windows ISOs keep their files) or from
/// the ISO 9660 tree (an ISO remastered without UDF).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "platform/result.h"
#include "writer/inspect/image_bytes.h"
#include "writer/inspect/iso9660.h"
#include "writer/inspect/udf.h"

namespace sw::writer {

/// An entry of a directory.
struct TreeEntry {
  std::string name;  ///< as the volume spells it
  std::uint64_t size = 0;
  bool is_dir = false;
};

/// Read access to a file tree; paths are "/sources/install.wim", spelled as list() names them.
class FileTree {
 public:
  virtual ~FileTree() = default;
  /// The entries of `dir` ("/" for the root), at most `max_entries`.
  virtual Result<std::vector<TreeEntry>> list(const std::string& dir,
                                              std::size_t max_entries) const = 0;
  /// Reads exactly buf.size() bytes at `offset` of the file `path`.
  virtual Result<void> read_at(const std::string& path, std::uint64_t offset,
                               std::span<std::byte> buf) const = 0;

  /// Reads `length` bytes at `offset` of `path` into a new buffer.
  Result<std::vector<std::byte>> read(const std::string& path, std::uint64_t offset,
                                      std::size_t length) const;
};

/// The tree of a UDF volume, which must outlive it.
std::unique_ptr<FileTree> udf_file_tree(const UdfVolume& udf);

/// The ISO 9660 tree of `iso` in `image`, which must outlive it.
std::unique_ptr<FileTree> iso_file_tree(const ImageBytes& image, const IsoInfo& iso);

}  // namespace sw::writer
