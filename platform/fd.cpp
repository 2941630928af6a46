#include "platform/fd.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace sw::platform {
namespace {

std::string at_offset(std::string_view verb, std::uint64_t offset) {
  return fmt::format("cannot {} at byte {} of", verb, offset);
}

}  // namespace

Fd::Fd(Fd&& other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)), m_path(std::move(other.m_path)) {}

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = std::exchange(other.m_fd, -1);
    m_path = std::move(other.m_path);
  }
  return *this;
}

Fd::~Fd() {
  // close(2) must not be retried on EINTR on Linux: the descriptor is released either way.
  if (m_fd >= 0) ::close(m_fd);
}

Result<Fd> open_fd(const std::string& path, int flags, ErrorKind kind, mode_t mode) {
  int fd = -1;
  do {
    fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return fail(Error::from_errno(kind, "cannot open", path, errno));
  return Fd(fd, path);
}

Result<struct stat> stat_fd(const Fd& fd, ErrorKind kind) {
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0)
    return fail(Error::from_errno(kind, "cannot stat", fd.path(), errno));
  return st;
}

Result<struct stat> stat_path(const std::string& path, ErrorKind kind) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    return fail(Error::from_errno(kind, "cannot stat", path, errno));
  return st;
}

Result<struct stat> lstat_path(const std::string& path, ErrorKind kind) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0)
    return fail(Error::from_errno(kind, "cannot stat", path, errno));
  return st;
}

Result<std::size_t> pread_some(const Fd& fd, std::span<std::byte> buf, std::uint64_t offset,
                               ErrorKind kind) {
  for (;;) {
    const ssize_t n = ::pread(fd.get(), buf.data(), buf.size(), static_cast<off_t>(offset));
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EINTR) continue;
    return fail(Error::from_errno(kind, at_offset("read", offset), fd.path(), errno));
  }
}

Result<std::size_t> pwrite_some(const Fd& fd, std::span<const std::byte> buf, std::uint64_t offset,
                                ErrorKind kind) {
  for (;;) {
    const ssize_t n = ::pwrite(fd.get(), buf.data(), buf.size(), static_cast<off_t>(offset));
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno == EINTR) continue;
    return fail(Error::from_errno(kind, at_offset("write", offset), fd.path(), errno));
  }
}

Result<std::size_t> pread_full(const Fd& fd, std::span<std::byte> buf, std::uint64_t offset,
                               ErrorKind kind) {
  std::size_t done = 0;
  while (done < buf.size()) {
    auto n = pread_some(fd, buf.subspan(done), offset + done, kind);
    if (!n) return n.failure();
    if (*n == 0) break;
    done += *n;
  }
  return done;
}

Result<void> datasync(const Fd& fd, ErrorKind kind) {
  for (;;) {
    if (::fdatasync(fd.get()) == 0) return ok();
    if (errno == EINTR) continue;
    return fail(Error::from_errno(kind, "cannot flush data to", fd.path(), errno));
  }
}

Result<void> drop_cached_pages(const Fd& fd, ErrorKind kind) {
  const int err = ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_DONTNEED);
  if (err != 0) return fail(Error::from_errno(kind, "cannot drop cached pages of", fd.path(), err));
  return ok();
}

void advise_sequential(const Fd& fd) {
  (void)::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
}

Result<void> try_lock_exclusive(const Fd& fd) {
  for (;;) {
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) == 0) return ok();
    if (errno != EINTR)
      return fail(Error::from_errno(ErrorKind::kTargetRefused, "cannot lock", fd.path(), errno));
  }
}

namespace {

FileStamp stamp_of(const struct stat& st) {
  const auto ns = [](const timespec& t) { return std::int64_t{t.tv_sec} * 1000000000 + t.tv_nsec; };
  return FileStamp{static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino),
                   static_cast<std::uint64_t>(st.st_size), ns(st.st_mtim), ns(st.st_ctim)};
}

}  // namespace

Result<FileStamp> file_stamp(const Fd& fd) {
  auto st = stat_fd(fd, ErrorKind::kInput);
  if (!st) return st.failure();
  return stamp_of(*st);
}

Result<FileStamp> file_stamp(const std::string& path) {
  auto st = stat_path(path, ErrorKind::kInput);
  if (!st) return st.failure();
  return stamp_of(*st);
}

Result<Fd> create_memory_file(const std::string& name) {
  const int fd = ::memfd_create(name.c_str(), MFD_CLOEXEC);
  if (fd < 0) {
    return fail(
        Error::from_errno(ErrorKind::kInput, "cannot create a memory file for", name, errno));
  }
  return Fd(fd, name);
}

Result<void> pwrite_all(const Fd& fd, std::span<const std::byte> bytes, std::uint64_t offset,
                        ErrorKind kind) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    auto n = pwrite_some(fd, bytes.subspan(done), offset + done, kind);
    if (!n) return n.failure();
    done += *n;
  }
  return ok();
}
}  // namespace sw::platform
