#include "platform/linux_device.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <thread>
#include <utility>

#include "platform/block_ioctl.h"
#include "platform/fd.h"

namespace sw::platform {
namespace {

class LinuxDevice final : public BlockDevice {
 public:
  LinuxDevice(Fd fd, TargetInfo info, WriteMode mode, bool direct_reads)
      : m_fd(std::move(fd)), m_info(std::move(info)), m_mode(mode), m_direct_reads(direct_reads) {
    m_readable_bytes = m_info.capacity;
    if (m_info.kind == TargetKind::kBlockDevice) {
      // Measured on this descriptor, so the job's size check compares the disk actually opened.
      if (auto size = block_device_size(m_fd)) m_info.capacity = *size;
      m_readable_bytes = m_info.capacity;
    }
    if (m_info.kind == TargetKind::kRegularFile) {
      auto st = stat_fd(m_fd, ErrorKind::kTargetIo);
      m_readable_bytes = st ? static_cast<std::uint64_t>(st->st_size) : 0;
    }
  }

  const std::string& path() const override { return m_info.path; }
  std::uint64_t capacity() const override { return m_info.capacity; }
  std::uint32_t write_granularity() const override { return m_info.logical_sector; }
  WriteMode write_mode() const override { return m_mode; }

  Result<std::size_t> read_at(std::span<std::byte> buf, std::uint64_t offset) override {
    // An O_DIRECT read that starts at an unaligned end-of-file offset fails with EINVAL
    // instead of returning 0, so the end is answered here.
    if (offset >= m_readable_bytes) return std::size_t{0};
    return pread_some(m_fd, buf, offset, ErrorKind::kTargetIo);
  }

  Result<std::size_t> write_at(std::span<const std::byte> buf, std::uint64_t offset) override {
    auto n = pwrite_some(m_fd, buf, offset, ErrorKind::kTargetIo);
    if (n && offset + *n > m_readable_bytes) m_readable_bytes = offset + *n;
    return n;
  }

  Result<void> sync() override { return datasync(m_fd, ErrorKind::kTargetIo); }

  Result<void> drop_cache() override {
    // BLKFLSBUF writes back and invalidates the block device's buffer cache; fadvise covers
    // regular files. Either way the verify reader also uses O_DIRECT where it can.
    if (m_info.kind == TargetKind::kBlockDevice) {
      if (auto r = block_flush_buffers(m_fd); !r && r.error().sys_errno != EPERM) return r;
    }
    return drop_cached_pages(m_fd, ErrorKind::kTargetIo);
  }

  Result<std::unique_ptr<BlockDevice>> open_verify_reader() override {
    return open_for_read(m_info);
  }

  Result<void> reread_partitions() override {
    if (m_info.kind != TargetKind::kBlockDevice) return ok();
    auto r = block_reread_partitions(m_fd);
    // EINVAL: the device has no partition support (a loop device without partscan).
    if (!r && r.error().sys_errno == EINVAL) return ok();
    return r;
  }

  std::string cache_bypass() const override {
    return m_direct_reads ? "O_DIRECT reads" : "buffered reads after dropping the page cache";
  }

 private:
  Fd m_fd;
  TargetInfo m_info;
  WriteMode m_mode;
  bool m_direct_reads;
  std::uint64_t m_readable_bytes = 0;
};

/// Opens with O_DIRECT, or without it when the file system or driver refuses (EINVAL).
Result<std::pair<Fd, bool>> open_maybe_direct(const std::string& path, int flags) {
  auto fd = open_fd(path, flags | O_DIRECT, ErrorKind::kTargetIo);
  if (fd) return std::pair{std::move(*fd), true};
  if (fd.error().sys_errno != EINVAL) return fd.failure();
  auto plain = open_fd(path, flags, ErrorKind::kTargetIo);
  if (!plain) return plain.failure();
  return std::pair{std::move(*plain), false};
}

Result<void> check_same_target(const TargetInfo& info, const Fd& fd) {
  auto st = stat_fd(fd, ErrorKind::kTargetIo);
  if (!st) return st.failure();
  const bool same =
      info.kind == TargetKind::kBlockDevice
          ? S_ISBLK(st->st_mode) && st->st_rdev == info.rdev
          : S_ISREG(st->st_mode) && st->st_dev == info.file_dev && st->st_ino == info.file_ino;
  if (!same) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("{} changed since it was chosen (another device or file now has this "
                            "name); nothing was written. Choose the target again.",
                            info.path));
  }
  if (info.kind == TargetKind::kBlockDevice) {
    // The sequence number binds this descriptor to the disk that was probed: a stick pulled and
    // replaced under the same device number gets a new one.
    if (info.diskseq && block_diskseq(fd) != info.diskseq) {
      return fail(ErrorKind::kTargetRefused,
                  fmt::format("{} changed since it was chosen (a different disk now has this "
                              "name); nothing was written. Choose the target again.",
                              info.path));
    }
    auto size = block_device_size(fd);
    if (!size) return size.failure();
    if (*size != info.capacity) {
      return fail(ErrorKind::kTargetRefused,
                  fmt::format("{} changed size since it was chosen ({} bytes, now {}); nothing was "
                              "written. Choose the target again.",
                              info.path, info.capacity, *size));
    }
  }
  return ok();
}

/// Takes the whole-disk lock of the systemd/udev block-device locking convention: while it is
/// held, udev does not probe the disk and automounters do not mount what the half-written
/// image looks like. It lives as long as `fd`, so through the write, the verify and the
/// partition-table re-read. udev itself holds it briefly while probing, so a short wait is
/// normal; a lock held longer belongs to another program (a partitioning tool).
Result<void> lock_whole_disk(const Fd& fd) {
  constexpr int kLockTries = 50;
  constexpr auto kLockRetry = std::chrono::milliseconds(100);
  for (int i = 0;; ++i) {
    auto locked = try_lock_exclusive(fd);
    if (locked || locked.error().sys_errno != EWOULDBLOCK) return locked;
    if (i + 1 == kLockTries) {
      return fail(ErrorKind::kTargetRefused,
                  fmt::format("{} is locked by another program (flock; a partitioning tool?) "
                              "for over {} s; close it and try again. Nothing was written.",
                              fd.path(), kLockTries * kLockRetry.count() / 1000));
    }
    std::this_thread::sleep_for(kLockRetry);
  }
}

}  // namespace

Result<TargetInfo> probe_target(const std::string& path) {
  auto st = stat_path(path, ErrorKind::kUsage);
  if (!st) {
    return fail(ErrorKind::kUsage,
                fmt::format("{}; the target must be an existing block device or regular file",
                            st.error().message));
  }
  TargetInfo info;
  info.path = path;
  if (S_ISREG(st->st_mode)) {
    info.kind = TargetKind::kRegularFile;
    info.capacity = st->st_size > 0 ? static_cast<std::uint64_t>(st->st_size) : kGrowableCapacity;
    info.logical_sector = 1;
    info.file_dev = st->st_dev;
    info.file_ino = st->st_ino;
    return info;
  }
  if (!S_ISBLK(st->st_mode)) {
    return fail(
        ErrorKind::kTargetRefused,
        fmt::format("{} is neither a block device nor a regular file; refusing to write it", path));
  }
  info.kind = TargetKind::kBlockDevice;
  info.rdev = st->st_rdev;
  auto fd = open_fd(path, O_RDONLY, ErrorKind::kTargetIo);
  if (!fd) return fd.failure();
  auto size = block_device_size(*fd);
  if (!size) return size.failure();
  auto sector = block_logical_sector_size(*fd);
  if (!sector) return sector.failure();
  info.capacity = *size;
  info.logical_sector = *sector;
  info.diskseq = block_diskseq(*fd);
  return info;
}

Result<std::unique_ptr<BlockDevice>> open_for_write(const TargetInfo& info) {
  if (info.kind == TargetKind::kRegularFile) {
    // A file stands in for a drive: written in place, never truncated, buffered (the writer
    // flushes periodically so progress follows the disk rather than RAM).
    // O_NONBLOCK: should a device node have been put in the file's place, opening it does not
    // wait on it; check_same_target then refuses it before anything is written.
    // O_NOFOLLOW: a symbolic link put in the file's place is refused, not followed.
    auto fd = open_fd(info.path, O_RDWR | O_NONBLOCK | O_NOFOLLOW, ErrorKind::kTargetIo);
    if (!fd && fd.error().sys_errno == ELOOP) {
      return fail(ErrorKind::kTargetRefused,
                  fmt::format("{} is now a symbolic link; a target file is written only by its "
                              "own name. Nothing was written.",
                              info.path));
    }
    if (!fd) return fd.failure();
    if (auto same = check_same_target(info, *fd); !same) return same.failure();
    const bool direct = open_fd(info.path, O_RDONLY | O_DIRECT, ErrorKind::kTargetIo).ok();
    return std::unique_ptr<BlockDevice>(
        std::make_unique<LinuxDevice>(std::move(*fd), info, WriteMode::kBuffered, direct));
  }
  auto opened = open_maybe_direct(info.path, O_RDWR | O_EXCL);
  if (!opened) {
    if (opened.error().sys_errno == EBUSY) {
      return fail(ErrorKind::kTargetRefused,
                  fmt::format("{} is in use (a partition is mounted, or another program holds it "
                              "open exclusively); unmount it and try again. Nothing was written.",
                              info.path));
    }
    return opened.failure();
  }
  auto& [fd, direct] = *opened;
  if (auto same = check_same_target(info, fd); !same) return same.failure();
  if (auto locked = lock_whole_disk(fd); !locked) return locked.failure();
  const WriteMode mode = direct ? WriteMode::kDirect : WriteMode::kBuffered;
  return std::unique_ptr<BlockDevice>(
      std::make_unique<LinuxDevice>(std::move(fd), info, mode, direct));
}

bool claimed_exclusively(const std::string& node) {
  // O_NONBLOCK: a drive with removable media (an optical drive, a card reader) does not wait.
  auto fd = open_fd(node, O_RDONLY | O_EXCL | O_NONBLOCK, ErrorKind::kTargetIo);
  return !fd && fd.error().sys_errno == EBUSY;
}

Result<std::unique_ptr<BlockDevice>> open_for_read(const TargetInfo& info) {
  auto opened = open_maybe_direct(info.path, O_RDONLY);
  if (!opened) return opened.failure();
  auto& [fd, direct] = *opened;
  if (auto same = check_same_target(info, fd); !same) return same.failure();
  if (!direct) {
    if (auto dropped = drop_cached_pages(fd, ErrorKind::kTargetIo); !dropped)
      return dropped.failure();
  }
  return std::unique_ptr<BlockDevice>(
      std::make_unique<LinuxDevice>(std::move(fd), info, WriteMode::kBuffered, direct));
}

}  // namespace sw::platform
