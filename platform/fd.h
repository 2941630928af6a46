#pragma once
/// Owned file descriptors and the system calls stickwright makes on them, each wrapped once:
/// EINTR is retried, short transfers are looped where the caller asks for "full", and errno
/// becomes an Error naming the path.

#include <sys/stat.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

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

/// Writes all of `bytes` at `offset` (pwrite until done).
Result<void> pwrite_all(const Fd& fd, std::span<const std::byte> bytes, std::uint64_t offset,
                        ErrorKind kind);

/// flock(2) LOCK_EX without waiting; fails with EWOULDBLOCK when another descriptor holds a
/// lock. Held until the descriptor is closed.
Result<void> try_lock_exclusive(const Fd& fd);

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

/// memfd_create(2): an anonymous file in memory, named `name` in messages.
Result<Fd> create_memory_file(const std::string& name);

}  // namespace sw::platform
