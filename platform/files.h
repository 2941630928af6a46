#pragma once
/// Files and directories by path: small reads, listings, canonical paths, creation and cleanup.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "platform/result.h"

namespace sw::platform {

/// Reads a whole small file (checksum lists); refuses files larger than `max_bytes`.
Result<std::string> read_small_file(const std::string& path, std::size_t max_bytes, ErrorKind kind);

/// Names in a directory (without "." and ".."), unsorted.
Result<std::vector<std::string>> list_directory(const std::string& path, ErrorKind kind);

/// realpath(3): the canonical absolute path of an existing file; none when it cannot be resolved.
std::optional<std::string> real_path(const std::string& path);

/// A directory entry with what a file browser shows.
struct DirEntryInfo {
  std::string name;
  bool is_dir = false;
  std::uint64_t size_bytes = 0;
};

/// The entries of a directory (following symlinks for their type and size); entries that
/// cannot be stat'ed are left out.
Result<std::vector<DirEntryInfo>> list_directory_entries(const std::string& path);

/// mkdir(2) with mode 0700.
Result<void> make_directory(const std::string& path);

/// Removes a directory and everything in it (without following symbolic links); failures are
/// ignored (cleanup of temporary files).
void remove_tree(const std::string& path);

/// Removes a file or an empty directory; failures are ignored (cleanup of temporary files).
void remove_path(const std::string& path);

/// Creates (or truncates) a file and writes `bytes` to it, then sets its size to `size_bytes`
/// (larger sizes leave a sparse tail).
Result<void> write_file(const std::string& path, std::span<const std::byte> bytes,
                        std::uint64_t size_bytes);

/// A stretch of a sparse file that holds data (what lies between them are holes, read as zeros).
struct DataExtent {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

/// The data extents of the file at `path`, found with lseek(2) SEEK_DATA and SEEK_HOLE (a file
/// system without holes reports the whole file as one extent). Errors are `kind`.
Result<std::vector<DataExtent>> data_extents(const std::string& path, ErrorKind kind);

/// rename(2): replaces `to` with `from` in one step (both on one file system).
Result<void> rename_path(const std::string& from, const std::string& to, ErrorKind kind);

/// True when something (a file, a link, a directory) is at `path`.
bool path_exists(const std::string& path);

/// Creates `path` and its missing parents (mode 0755: a log's directory, readable by others).
Result<void> make_directories(const std::string& path);

/// Appends `line` (which must end with '\n') to the file at `path`, creating it (0644): one
/// write(2) of the whole line on an O_APPEND descriptor, then fdatasync. Concurrent appenders
/// never interleave within a line, and a crash leaves the earlier lines intact. A short write is
/// an error (the file then ends in a partial line, which readers skip).
Result<void> append_line_synced(const std::string& path, std::string_view line);

}  // namespace sw::platform
