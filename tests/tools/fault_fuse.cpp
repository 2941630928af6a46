// A FUSE file system with one regular file, `disk`, backed by a real file and failing the way a
// dying or counterfeit stick does. A test attaches a loop device over MOUNTPOINT/disk, so the
// fault sits under a real block device (this kernel has no device-mapper, nbd or ublk).
// Usage: fault_fuse [--eio-after BYTES | --wrap BYTES | --drop-after BYTES] BACKING MOUNTPOINT
//   --eio-after BYTES   reads and writes touching offsets >= BYTES fail with EIO (a dying stick)
//   --wrap BYTES        offset X is stored at X mod BYTES; the file still claims BACKING's size
//                       (a counterfeit stick whose writes past its real size overwrite the start)
//   --drop-after BYTES  writes at offsets >= BYTES are accepted and dropped; reads there give
//                       zeros (a fake stick that loses what does not fit)
// It runs single-threaded in the foreground until killed or unmounted (fusermount3 -u).

#define FUSE_USE_VERSION 35

#include <fcntl.h>
#include <fmt/format.h>
#include <fuse.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

constexpr std::string_view kDiskPath = "/disk";

/// The way the file fails.
enum class FaultKind { kNone, kEioAfter, kWrap, kDropAfter };

/// The file system's state: the backing file and its fault.
struct FaultDisk {
  int fd = -1;
  FaultKind kind = FaultKind::kNone;
  std::uint64_t bytes = 0;  // the option's BYTES
};

/// The state fuse_main was handed.
FaultDisk& disk() { return *static_cast<FaultDisk*>(fuse_get_context()->private_data); }

/// The size the file claims: the backing file's, whatever the fault.
std::optional<std::uint64_t> claimed_size(const FaultDisk& d) {
  struct stat st {};
  if (::fstat(d.fd, &st) != 0) return std::nullopt;
  return static_cast<std::uint64_t>(st.st_size);
}

/// Which way bytes move.
enum class Direction { kRead, kWrite };

/// pread or pwrite of all `size` bytes at `off` of the backing file (EINTR and short transfers
/// retried; a read past the backing file's end gives zeros); 0 or -errno.
int transfer_all(int fd, char* buf, std::size_t size, std::uint64_t off, Direction dir) {
  std::size_t done = 0;
  while (done < size) {
    const auto at = static_cast<off_t>(off + done);
    const ssize_t n = dir == Direction::kWrite ? ::pwrite(fd, buf + done, size - done, at)
                                               : ::pread(fd, buf + done, size - done, at);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -errno;
    if (n == 0 && dir == Direction::kWrite) return -EIO;
    if (n == 0) {  // a backing file shorter than the claim reads as zeros
      std::memset(buf + done, 0, size - done);
      return 0;
    }
    done += static_cast<std::size_t>(n);
  }
  return 0;
}

/// Where offset `pos` is stored and how many bytes from it are stored contiguously.
std::pair<std::uint64_t, std::uint64_t> stored_at(const FaultDisk& d, std::uint64_t pos) {
  if (d.kind != FaultKind::kWrap) return {pos, UINT64_MAX};
  return {pos % d.bytes, d.bytes - pos % d.bytes};
}

/// How many of `size` bytes at `off` the file keeps: all, or those below the drop point.
std::size_t kept_bytes(const FaultDisk& d, std::size_t size, std::uint64_t off) {
  if (d.kind != FaultKind::kDropAfter) return size;
  if (off >= d.bytes) return 0;
  return static_cast<std::size_t>(std::min<std::uint64_t>(size, d.bytes - off));
}

/// Moves `size` bytes between `buf` and the file at `off` through the fault; bytes or -errno.
int fault_io(char* buf, std::size_t size, std::uint64_t off, Direction dir) {
  FaultDisk& d = disk();
  const bool write = dir == Direction::kWrite;
  const auto claim = claimed_size(d);
  if (!claim) return -errno;
  if (!write && off >= *claim) return 0;
  if (!write) size = static_cast<std::size_t>(std::min<std::uint64_t>(size, *claim - off));
  if (d.kind == FaultKind::kEioAfter && off + size > d.bytes) return -EIO;
  const std::size_t kept = kept_bytes(d, size, off);  // the rest is dropped, or reads as zeros
  if (!write) std::memset(buf + kept, 0, size - kept);
  // A write past the claim grows it (the backing file), so that the claim stays its size.
  if (write && off + size > *claim && ::ftruncate(d.fd, static_cast<off_t>(off + size)) != 0)
    return -errno;
  for (std::size_t done = 0; done < kept;) {
    const auto [at, run] = stored_at(d, off + done);
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(kept - done, run));
    if (int r = transfer_all(d.fd, buf + done, n, at, dir); r != 0) return r;
    done += n;
  }
  return static_cast<int>(size);
}

// The operations: one directory, "/", holding one file, "disk"; 0 or a byte count, or -errno.

/// The directory, and the file with its claimed size.
int op_getattr(const char* path, struct stat* st, fuse_file_info*) {
  *st = {};
  if (std::string_view(path) == "/") {
    st->st_mode = S_IFDIR | 0755;
    st->st_nlink = 2;
    return 0;
  }
  if (std::string_view(path) != kDiskPath) return -ENOENT;
  const auto claim = claimed_size(disk());
  if (!claim) return -errno;
  st->st_mode = S_IFREG | 0644;
  st->st_nlink = 1;
  st->st_size = static_cast<off_t>(*claim);
  st->st_blksize = 4096;
  st->st_blocks = static_cast<blkcnt_t>((*claim + 511) / 512);
  return 0;
}

/// Lists "disk".
int op_readdir(const char* path, void* buf, fuse_fill_dir_t fill, off_t, fuse_file_info*,
               fuse_readdir_flags) {
  if (std::string_view(path) != "/") return -ENOENT;
  for (const char* name : {".", "..", kDiskPath.data() + 1})
    fill(buf, name, nullptr, 0, static_cast<fuse_fill_dir_flags>(0));
  return 0;
}

/// Opens "disk" without the page cache.
int op_open(const char* path, fuse_file_info* fi) {
  if (std::string_view(path) != kDiskPath) return -ENOENT;
  // No page cache on the file: with it, a read-back would get the kernel's copy of what was
  // written, not what the fault kept, and a counterfeit would verify.
  fi->direct_io = 1;
  fi->keep_cache = 0;
  return 0;
}

/// Reads through the fault.
int op_read(const char* path, char* buf, std::size_t size, off_t off, fuse_file_info*) {
  if (std::string_view(path) != kDiskPath) return -ENOENT;
  return fault_io(buf, size, static_cast<std::uint64_t>(off), Direction::kRead);
}

/// Writes through the fault (the buffer is only read: pwrite takes it as const).
int op_write(const char* path, const char* buf, std::size_t size, off_t off, fuse_file_info*) {
  if (std::string_view(path) != kDiskPath) return -ENOENT;
  return fault_io(const_cast<char*>(buf), size, static_cast<std::uint64_t>(off), Direction::kWrite);
}

/// Sets the claimed size (the backing file's).
int op_truncate(const char* path, off_t size, fuse_file_info*) {
  if (std::string_view(path) != kDiskPath) return -ENOENT;
  return ::ftruncate(disk().fd, size) == 0 ? 0 : -errno;
}

/// Flushes the backing file, as the loop device's flush asks.
int op_fsync(const char* path, int datasync, fuse_file_info*) {
  if (std::string_view(path) != kDiskPath) return -ENOENT;
  const int r = datasync != 0 ? ::fdatasync(disk().fd) : ::fsync(disk().fd);
  return r == 0 ? 0 : -errno;
}

/// Turns the kernel's caches off: no page cache, no cached attributes.
void* op_init(fuse_conn_info*, fuse_config* cfg) {
  cfg->direct_io = 1;  // as in op_open, also for opens that bypass it
  cfg->attr_timeout = 0;
  return fuse_get_context()->private_data;
}

/// The operations, set by name (C++20's designated initializers must follow declaration order).
fuse_operations operations() {
  fuse_operations ops{};
  ops.getattr = op_getattr;
  ops.truncate = op_truncate;
  ops.open = op_open;
  ops.read = op_read;
  ops.write = op_write;
  ops.fsync = op_fsync;
  ops.readdir = op_readdir;
  ops.init = op_init;
  return ops;
}

/// BYTES of an option: a decimal number, at least 1.
std::optional<std::uint64_t> parse_bytes(const char* text) {
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || v == 0 || text[0] == '-') return std::nullopt;
  return v;
}

/// Prints the usage; the exit code for a usage error.
int usage() {
  fmt::print(stderr,
             "usage: fault_fuse [--eio-after BYTES | --wrap BYTES | --drop-after BYTES] BACKING "
             "MOUNTPOINT\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  FaultDisk d;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const FaultKind kind = arg == "--eio-after"    ? FaultKind::kEioAfter
                           : arg == "--wrap"       ? FaultKind::kWrap
                           : arg == "--drop-after" ? FaultKind::kDropAfter
                                                   : FaultKind::kNone;
    if (kind == FaultKind::kNone) {
      paths.emplace_back(arg);
      continue;
    }
    const auto bytes = i + 1 < argc ? parse_bytes(argv[i + 1]) : std::nullopt;
    if (d.kind != FaultKind::kNone || !bytes) return usage();
    d.kind = kind;
    d.bytes = *bytes;
    ++i;
  }
  if (paths.size() != 2) return usage();
  d.fd = ::open(paths[0].c_str(), O_RDWR | O_CLOEXEC);
  if (d.fd < 0) {
    fmt::print(stderr, "fault_fuse: cannot open {}: {}\n", paths[0], std::strerror(errno));
    return 1;
  }
  // Foreground and single-threaded, so that a script can start it in the background and stop
  // it by its process id.
  std::vector<std::string> fuse_args = {
      argv[0], "-f", "-s", "-o", "fsname=fault_fuse,subtype=fault", paths[1]};
  std::vector<char*> fuse_argv;
  for (auto& a : fuse_args) fuse_argv.push_back(a.data());
  const fuse_operations ops = operations();
  const int rc = fuse_main(static_cast<int>(fuse_argv.size()), fuse_argv.data(), &ops, &d);
  ::close(d.fd);
  return rc;
}
