#include "platform/block_ioctl.h"

#include <linux/fs.h>
#include <sys/ioctl.h>

#include <cerrno>

namespace sw::platform {

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
}  // namespace sw::platform
