#pragma once
/// Owned file descriptors and the system calls stickwright makes on them, each wrapped once:
/// EINTR is retried, short transfers are looped where the caller asks for "full", and errno
/// becomes an Error naming the path.

#include <sys/stat.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "platform/result.h"

namespace sw::platform {

/// A move-only file descriptor that closes itself.
class Fd {
 public:
  Fd() = default;
  Fd(int fd, std::string path) : m_fd(fd), m_path(std::move(path)) {}
  Fd(Fd&& other) noexcept;
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd();

  int get() const { return m_fd; }
  bool valid() const { return m_fd >= 0; }
  const std::string& path() const { return m_path; }

 private:
  int m_fd = -1;
  std::string m_path;
};

/// open(2) with O_CLOEXEC added; `kind` is the ErrorKind reported on failure.
Result<Fd> open_fd(const std::string& path, int flags, ErrorKind kind, mode_t mode = 0);

/// fstat(2).
Result<struct stat> stat_fd(const Fd& fd, ErrorKind kind);

/// stat(2) on a path.
Result<struct stat> stat_path(const std::string& path, ErrorKind kind);

/// lstat(2) on a path: a symbolic link is described, not followed.
Result<struct stat> lstat_path(const std::string& path, ErrorKind kind);

/// One pread(2), EINTR retried; may return fewer bytes than asked (0 at end of file).
Result<std::size_t> pread_some(const Fd& fd, std::span<std::byte> buf, std::uint64_t offset,
                               ErrorKind kind);

/// One pwrite(2), EINTR retried; may write fewer bytes than asked.
Result<std::size_t> pwrite_some(const Fd& fd, std::span<const std::byte> buf, std::uint64_t offset,
                                ErrorKind kind);

/// Reads until `buf` is full or end of file; returns the bytes read.
Result<std::size_t> pread_full(const Fd& fd, std::span<std::byte> buf, std::uint64_t offset,
                               ErrorKind kind);

/// fdatasync(2).
Result<void> datasync(const Fd& fd, ErrorKind kind);

/// posix_fadvise(2) DONTNEED over the whole file: drops clean cached pages.
Result<void> drop_cached_pages(const Fd& fd, ErrorKind kind);

/// posix_fadvise(2) SEQUENTIAL: a hint, failures are ignored.
void advise_sequential(const Fd& fd);

/// Size of a block device in bytes (BLKGETSIZE64).
Result<std::uint64_t> block_device_size(const Fd& fd);

/// Logical sector size of a block device (BLKSSZGET).
Result<std::uint32_t> block_logical_sector_size(const Fd& fd);

/// Flushes a block device's buffer cache (BLKFLSBUF); needs CAP_SYS_ADMIN.
Result<void> block_flush_buffers(const Fd& fd);

/// The kernel's sequence number of the disk behind `fd` (BLKGETDISKSEQ, Linux 5.15+); none when
/// the kernel or device does not have one.
std::optional<std::uint64_t> block_diskseq(const Fd& fd);

/// Asks the kernel to re-read a disk's partition table (BLKRRPART).
Result<void> block_reread_partitions(const Fd& fd);

/// flock(2) LOCK_EX without waiting; fails with EWOULDBLOCK when another descriptor holds a
/// lock. Held until the descriptor is closed.
Result<void> try_lock_exclusive(const Fd& fd);

/// True when the process runs as root (effective user id 0).
bool running_as_root();

/// True when the file descriptor is a terminal.
bool is_terminal(int fd);

}  // namespace sw::platform

namespace sw::platform {

/// Reads a whole small file (checksum lists); refuses files larger than `max_bytes`.
Result<std::string> read_small_file(const std::string& path, std::size_t max_bytes, ErrorKind kind);

/// Names in a directory (without "." and ".."), unsorted.
Result<std::vector<std::string>> list_directory(const std::string& path, ErrorKind kind);

}  // namespace sw::platform

namespace sw::platform {

/// realpath(3): the canonical absolute path of an existing file; none when it cannot be resolved.
std::optional<std::string> real_path(const std::string& path);

}  // namespace sw::platform

namespace sw::platform {

/// A directory entry with what a file browser shows.
struct DirEntryInfo {
  std::string name;
  bool is_dir = false;
  std::uint64_t size_bytes = 0;
};

/// The entries of a directory (following symlinks for their type and size); entries that
/// cannot be stat'ed are left out.
Result<std::vector<DirEntryInfo>> list_directory_entries(const std::string& path);

}  // namespace sw::platform

namespace sw::platform {

/// mkdtemp(3) under $TMPDIR (or /tmp): a new private directory named PREFIX-XXXXXX.
Result<std::string> make_temp_dir(const std::string& prefix);

/// Which file a path or descriptor reaches (device, inode) and which version of its content
/// (size, modification and change times, in ns): a file renamed over, rewritten or truncated
/// gets another stamp.
struct FileStamp {
  std::uint64_t device = 0, inode = 0, size = 0;
  std::int64_t mtime_ns = 0, ctime_ns = 0;
  /// The same file, whatever happened to its content.
  bool same_file(const FileStamp& o) const { return device == o.device && inode == o.inode; }
  bool operator==(const FileStamp&) const = default;
};

/// fstat(2) of `fd` as a FileStamp.
Result<FileStamp> file_stamp(const Fd& fd);
/// stat(2) of `path` as a FileStamp.
Result<FileStamp> file_stamp(const std::string& path);

/// statvfs(3): the bytes an unprivileged user may still write in the file system of `path`.
Result<std::uint64_t> free_bytes(const std::string& path);

/// mkdir(2) with mode 0700.
Result<void> make_directory(const std::string& path);

/// Removes a directory and everything in it (without following symbolic links); failures are
/// ignored (cleanup of temporary files).
void remove_tree(const std::string& path);

/// Where large temporary files go (gigabytes): $TMPDIR if set, else /var/tmp (on disk; /tmp is
/// often a RAM-backed tmpfs), else /tmp when /var/tmp is not writable.
std::string large_temp_base();

/// mkdtemp(3) for large temporary files, under large_temp_base().
Result<std::string> make_large_temp_dir(const std::string& prefix);

/// Removes a file or an empty directory; failures are ignored (cleanup of temporary files).
void remove_path(const std::string& path);

/// memfd_create(2): an anonymous file in memory, named `name` in messages.
Result<Fd> create_memory_file(const std::string& name);

/// Writes all of `bytes` at `offset` (pwrite until done).
Result<void> pwrite_all(const Fd& fd, std::span<const std::byte> bytes, std::uint64_t offset,
                        ErrorKind kind);

/// Creates (or truncates) a file and writes `bytes` to it, then sets its size to `size_bytes`
/// (larger sizes leave a sparse tail).
Result<void> write_file(const std::string& path, std::span<const std::byte> bytes,
                        std::uint64_t size_bytes);

}  // namespace sw::platform
