#include "platform/block_device.h"

#include <fmt/format.h>

#include <cerrno>

namespace sw::platform {

Result<void> write_full(BlockDevice& dev, std::span<const std::byte> buf, std::uint64_t offset) {
  std::size_t done = 0;
  int eintr_left = kMaxEintrRetries;
  while (done < buf.size()) {
    auto n = dev.write_at(buf.subspan(done), offset + done);
    if (!n) {
      if (n.error().sys_errno == EINTR && eintr_left-- > 0) continue;
      return n.failure();
    }
    if (*n == 0) {
      return fail(Error::from_errno(ErrorKind::kTargetIo,
                                    fmt::format("cannot write at byte {} of", offset + done),
                                    dev.path(), ENOSPC));
    }
    done += *n;
  }
  return ok();
}

Result<std::size_t> read_full(BlockDevice& dev, std::span<std::byte> buf, std::uint64_t offset) {
  std::size_t done = 0;
  int eintr_left = kMaxEintrRetries;
  while (done < buf.size()) {
    auto n = dev.read_at(buf.subspan(done), offset + done);
    if (!n) {
      if (n.error().sys_errno == EINTR && eintr_left-- > 0) continue;
      return n.failure();
    }
    if (*n == 0) break;
    done += *n;
  }
  return done;
}

}  // namespace sw::platform
