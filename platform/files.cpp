#include "platform/files.h"

#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "platform/fd.h"

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

std::optional<std::string> real_path(const std::string& path) {
  struct Free {
    void operator()(char* p) const { std::free(p); }  // NOLINT(cppcoreguidelines-no-malloc)
  };
  std::unique_ptr<char, Free> resolved(::realpath(path.c_str(), nullptr));
  if (!resolved) return std::nullopt;
  return std::string(resolved.get());
}

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

void remove_path(const std::string& path) {
  if (::unlink(path.c_str()) != 0) (void)::rmdir(path.c_str());
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

Result<std::vector<DataExtent>> data_extents(const std::string& path, ErrorKind kind) {
  auto fd = open_fd(path, O_RDONLY, kind);
  if (!fd) return fd.failure();
  auto st = stat_fd(*fd, kind);
  if (!st) return st.failure();
  const auto size = static_cast<off_t>(st->st_size);
  std::vector<DataExtent> out;
  for (off_t at = 0; at < size;) {
    const off_t data = ::lseek(fd->get(), at, SEEK_DATA);
    if (data < 0 && errno == ENXIO) break;  // only a hole is left
    if (data < 0) return fail(Error::from_errno(kind, "cannot find the data of", path, errno));
    const off_t hole = ::lseek(fd->get(), data, SEEK_HOLE);
    if (hole < 0) return fail(Error::from_errno(kind, "cannot find the holes of", path, errno));
    out.push_back(
        DataExtent{static_cast<std::uint64_t>(data), static_cast<std::uint64_t>(hole - data)});
    at = hole;
  }
  return out;
}

Result<void> rename_path(const std::string& from, const std::string& to, ErrorKind kind) {
  if (::rename(from.c_str(), to.c_str()) != 0) {
    return fail(Error::from_errno(kind, fmt::format("cannot rename {} to", from), to, errno));
  }
  return ok();
}

bool path_exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

Result<void> make_directories(const std::string& path) {
  std::string prefix;
  std::size_t pos = 0;
  while (pos != std::string::npos) {
    pos = path.find('/', pos + 1);
    prefix = path.substr(0, pos);
    if (prefix.empty()) continue;
    if (::mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST) {
      return fail(
          Error::from_errno(ErrorKind::kInput, "cannot create the directory", prefix, errno));
    }
  }
  return ok();
}

Result<void> append_line_synced(const std::string& path, std::string_view line) {
  auto fd = open_fd(path, O_WRONLY | O_CREAT | O_APPEND, ErrorKind::kInput, 0644);
  if (!fd) return fd.failure();
  ssize_t n = -1;
  do {
    n = ::write(fd->get(), line.data(), line.size());
  } while (n < 0 && errno == EINTR);
  if (n < 0) return fail(Error::from_errno(ErrorKind::kInput, "cannot append to", path, errno));
  if (static_cast<std::size_t>(n) != line.size()) {
    return fail(ErrorKind::kInput,
                fmt::format("only {} of {} bytes could be appended to {}", n, line.size(), path));
  }
  if (::fdatasync(fd->get()) != 0) {
    return fail(Error::from_errno(ErrorKind::kInput, "cannot flush", path, errno));
  }
  return ok();
}

}  // namespace sw::platform
