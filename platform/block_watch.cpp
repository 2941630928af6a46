#include "platform/block_watch.h"

namespace sw::platform {
namespace {
constexpr std::uint64_t kSysfsSectorBytes = 512;  // /sys/block/X/size is in 512-byte units
}  // namespace

std::vector<BlockEntry> list_block_entries(const Sysroot& root) {
  std::vector<BlockEntry> out;
  for (const auto& name : root.list("/sys/block")) {
    const std::string base = "/sys/block/" + name;
    BlockEntry e;
    e.name = name;
    e.dev = root.read(base + "/dev").value_or("");
    while (!e.dev.empty() && (e.dev.back() == '\n' || e.dev.back() == ' ')) e.dev.pop_back();
    e.size_bytes = root.read_u64(base + "/size").value_or(0) * kSysfsSectorBytes;
    e.diskseq = root.read_u64(base + "/diskseq");
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace sw::platform
