#include "platform/fd.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <linux/fs.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <memory>
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

Result<std::uint64_t> block_device_size(const Fd& fd) {
  std::uint64_t bytes = 0;
  if (::ioctl(fd.get(), BLKGETSIZE64, &bytes) != 0)
    return fail(
        Error::from_errno(ErrorKind::kTargetIo, "cannot read the size of", fd.path(), errno));
  return bytes;
}

Result<std::uint32_t> block_logical_sector_size(const Fd& fd) {
  int bytes = 0;
  if (::ioctl(fd.get(), BLKSSZGET, &bytes) != 0)
    return fail(Error::from_errno(ErrorKind::kTargetIo, "cannot read the sector size of", fd.path(),
                                  errno));
  return static_cast<std::uint32_t>(bytes);
}

Result<void> block_flush_buffers(const Fd& fd) {
  if (::ioctl(fd.get(), BLKFLSBUF, 0) != 0)
    return fail(Error::from_errno(ErrorKind::kTargetIo, "cannot flush the buffer cache of",
                                  fd.path(), errno));
  return ok();
}

std::optional<std::uint64_t> block_diskseq(const Fd& fd) {
#ifdef BLKGETDISKSEQ
  std::uint64_t seq = 0;
  if (::ioctl(fd.get(), BLKGETDISKSEQ, &seq) == 0) return seq;
#endif
  (void)fd;
  return std::nullopt;
}

Result<void> block_reread_partitions(const Fd& fd) {
  if (::ioctl(fd.get(), BLKRRPART, 0) != 0)
    return fail(Error::from_errno(ErrorKind::kTargetIo, "cannot re-read the partition table of",
                                  fd.path(), errno));
  return ok();
}

Result<void> try_lock_exclusive(const Fd& fd) {
  for (;;) {
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) == 0) return ok();
    if (errno != EINTR)
      return fail(Error::from_errno(ErrorKind::kTargetRefused, "cannot lock", fd.path(), errno));
  }
}

bool running_as_root() { return ::geteuid() == 0; }

bool is_terminal(int fd) { return ::isatty(fd) == 1; }

}  // namespace sw::platform

namespace sw::platform {

Result<std::string> read_small_file(const std::string& path, std::size_t max_bytes,
                                    ErrorKind kind) {
  auto fd = open_fd(path, O_RDONLY, kind);
  if (!fd) return fd.failure();
  auto st = stat_fd(*fd, kind);
  if (!st) return st.failure();
  if (S_ISDIR(st->st_mode)) return fail(kind, fmt::format("{} is a directory, not a file", path));
  std::string text;
  std::size_t used = 0;
  for (;;) {
    text.resize(used + 65536);
    auto n = pread_some(*fd, std::as_writable_bytes(std::span(text)).subspan(used), used, kind);
    if (!n) return n.failure();
    if (*n == 0) break;
    used += *n;
    if (used > max_bytes) {
      return fail(kind, fmt::format("{} is larger than {} bytes; it does not look like a checksum "
                                    "list",
                                    path, max_bytes));
    }
  }
  text.resize(used);
  return text;
}

Result<std::vector<std::string>> list_directory(const std::string& path, ErrorKind kind) {
  struct Closer {
    void operator()(DIR* d) const { ::closedir(d); }
  };
  std::unique_ptr<DIR, Closer> dir(::opendir(path.c_str()));
  if (!dir) return fail(Error::from_errno(kind, "cannot list directory", path, errno));
  std::vector<std::string> names;
  while (const dirent* entry = ::readdir(dir.get())) {
    const std::string_view name = entry->d_name;
    if (name != "." && name != "..") names.emplace_back(name);
  }
  return names;
}

}  // namespace sw::platform

namespace sw::platform {

std::optional<std::string> real_path(const std::string& path) {
  struct Free {
    void operator()(char* p) const { std::free(p); }  // NOLINT(cppcoreguidelines-no-malloc)
  };
  std::unique_ptr<char, Free> resolved(::realpath(path.c_str(), nullptr));
  if (!resolved) return std::nullopt;
  return std::string(resolved.get());
}

}  // namespace sw::platform

namespace sw::platform {

Result<std::vector<DirEntryInfo>> list_directory_entries(const std::string& path) {
  auto names = list_directory(path, ErrorKind::kInput);
  if (!names) return names.failure();
  std::vector<DirEntryInfo> out;
  for (const auto& n : *names) {
    struct stat st {};
    const std::string full = (path == "/" ? "" : path) + "/" + n;
    if (::stat(full.c_str(), &st) != 0) continue;
    out.push_back(DirEntryInfo{n, S_ISDIR(st.st_mode), static_cast<std::uint64_t>(st.st_size)});
  }
  return out;
}

}  // namespace sw::platform

namespace sw::platform {

namespace {

/// $TMPDIR when it is set, else `fallback`.
std::string temp_base(const char* fallback) {
  const char* tmp = std::getenv("TMPDIR");
  return tmp != nullptr && *tmp != '\0' ? tmp : fallback;
}

/// mkdtemp(3) of BASE/PREFIX-XXXXXX.
Result<std::string> make_dir_under(const std::string& base, const std::string& prefix) {
  std::string tmpl = base + "/" + prefix + "-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) {
    return fail(
        Error::from_errno(ErrorKind::kInput, "cannot create a directory like", tmpl, errno));
  }
  return tmpl;
}

}  // namespace

Result<std::string> make_temp_dir(const std::string& prefix) {
  return make_dir_under(temp_base("/tmp"), prefix);
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

Result<std::uint64_t> free_bytes(const std::string& path) {
  struct statvfs st {};
  if (::statvfs(path.c_str(), &st) != 0) {
    return fail(
        Error::from_errno(ErrorKind::kInput, "cannot measure the free space of", path, errno));
  }
  return std::uint64_t{st.f_bavail} * st.f_frsize;
}

Result<void> make_directory(const std::string& path) {
  if (::mkdir(path.c_str(), 0700) != 0) {
    return fail(Error::from_errno(ErrorKind::kInput, "cannot create the directory", path, errno));
  }
  return ok();
}

void remove_tree(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

std::string large_temp_base() {
  std::string base = temp_base("/var/tmp");
  if (::access(base.c_str(), W_OK) != 0) base = "/tmp";
  return base;
}

Result<std::string> make_large_temp_dir(const std::string& prefix) {
  return make_dir_under(large_temp_base(), prefix);
}

void remove_path(const std::string& path) {
  if (::unlink(path.c_str()) != 0) (void)::rmdir(path.c_str());
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

Result<void> write_file(const std::string& path, std::span<const std::byte> bytes,
                        std::uint64_t size_bytes) {
  auto fd = open_fd(path, O_WRONLY | O_CREAT | O_TRUNC, ErrorKind::kInput, 0644);
  if (!fd) return fd.failure();
  if (auto w = pwrite_all(*fd, bytes, 0, ErrorKind::kInput); !w) return w;
  if (::ftruncate(fd->get(), static_cast<off_t>(size_bytes)) != 0) {
    return fail(Error::from_errno(ErrorKind::kInput, "cannot set the size of", path, errno));
  }
  return ok();
}

}  // namespace sw::platform
