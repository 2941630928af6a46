#include "writer/stale_gpt.h"

#include <algorithm>
#include <cstring>

#include "platform/aligned_buffer.h"

namespace sw::writer {
namespace {

constexpr char kGptSignature[8] = {'E', 'F', 'I', ' ', 'P', 'A', 'R', 'T'};
constexpr std::uint32_t kMinSectorBytes = 512;

}  // namespace

Result<bool> clear_stale_backup_gpt(platform::BlockDevice& dev, std::uint64_t image_end,
                                    std::uint64_t& cleared_at) {
  const std::uint64_t capacity = dev.capacity();
  if (capacity == platform::kGrowableCapacity) return false;
  const std::uint32_t sector = std::max(kMinSectorBytes, dev.write_granularity());
  if (capacity < sector) return false;
  const std::uint64_t last = (capacity / sector - 1) * sector;
  if (image_end > last) return false;  // the image itself reaches the last sector
  platform::AlignedBuffer buf(sector);
  auto n = platform::read_full(dev, buf.span(), last);
  if (!n) return n.failure();
  if (*n < sizeof kGptSignature ||
      std::memcmp(buf.data(), kGptSignature, sizeof kGptSignature) != 0) {
    return false;
  }
  std::memset(buf.data(), 0, sector);
  if (auto w = platform::write_full(dev, buf.span(), last); !w) return w.failure();
  cleared_at = last;
  return true;
}

}  // namespace sw::writer
