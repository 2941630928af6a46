#pragma once
/// A cheap look at /sys/block for noticing drives being plugged in and pulled out: names, device
/// numbers, sizes and disk sequence numbers, read without opening any device, so it can run
/// twice a second for hours (the station) without waking disks or probing file systems.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/sysroot.h"

namespace sw::platform {

/// One block device as /sys/block shows it now.
struct BlockEntry {
  std::string name;                      ///< kernel name, "sdb"
  std::string dev;                       ///< "8:16"
  std::uint64_t size_bytes = 0;          ///< 0 for a card reader with no card
  std::optional<std::uint64_t> diskseq;  ///< new on every insertion (Linux 5.15+)
};

/// Every entry of /sys/block (of the sysroot), sorted by name.
std::vector<BlockEntry> list_block_entries(const Sysroot& root);

}  // namespace sw::platform
