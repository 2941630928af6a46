// mkfs.exfat into a temporary file; its data extents become the restore's blocks.

#include "writer/restore/exfat_volume.h"

#include <fcntl.h>
#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "platform/fd.h"
#include "platform/files.h"
#include "platform/process.h"
#include "platform/temp_space.h"

namespace sw::writer::restore {
namespace {

constexpr std::size_t kBlockBytes = std::size_t{1} << 20;

/// The extents of `path` read into blocks of at most kBlockBytes, each rounded out to 512 bytes.
Result<std::vector<Block>> read_extents(const std::string& path, std::uint64_t size) {
  auto extents = platform::data_extents(path, ErrorKind::kInput);
  if (!extents) return extents.failure();
  auto fd = platform::open_fd(path, O_RDONLY, ErrorKind::kInput);
  if (!fd) return fd.failure();
  std::vector<Block> blocks;
  std::uint64_t total = 0;
  for (const auto& e : *extents) {
    std::uint64_t at = e.offset / kRestoreSectorBytes * kRestoreSectorBytes;
    const std::uint64_t end = std::min(size, (e.offset + e.length + kRestoreSectorBytes - 1) /
                                                 kRestoreSectorBytes * kRestoreSectorBytes);
    for (; at < end; at += kBlockBytes) {
      Block b{at, std::vector<std::byte>(
                      static_cast<std::size_t>(std::min<std::uint64_t>(kBlockBytes, end - at)))};
      if (auto r = platform::pread_full(*fd, b.bytes, at, ErrorKind::kInput); !r) {
        return r.failure();
      }
      total += b.bytes.size();
      blocks.push_back(std::move(b));
    }
    if (total > kMaxExfatMetadataBytes) {
      return fail(ErrorKind::kInput,
                  fmt::format("mkfs.exfat wrote more than {} MiB; not copying that to the drive",
                              kMaxExfatMetadataBytes >> 20));
    }
  }
  return blocks;
}

}  // namespace

bool have_mkfs_exfat() { return platform::find_system_program(kMkfsExfat).has_value(); }

Result<std::vector<Block>> make_exfat_volume(std::uint64_t partition_bytes,
                                             const std::array<char, 11>& label) {
  if (!have_mkfs_exfat()) {
    return fail(ErrorKind::kInput,
                "mkfs.exfat was not found in /usr/sbin, /usr/bin, /sbin or /bin: install "
                "exfatprogs to make exFAT sticks");
  }
  auto dir = platform::make_large_temp_dir("stickwright-exfat");
  if (!dir) return dir.failure();
  const std::string file = *dir + "/volume.img";
  auto made = [&]() -> Result<std::vector<Block>> {
    if (auto w = platform::write_file(file, {}, partition_bytes); !w) return w.failure();
    std::string name(label.data(), label.size());
    name.erase(name.find_last_not_of(' ') + 1);
    std::vector<std::string> argv{kMkfsExfat};
    if (!name.empty()) argv.insert(argv.end(), {"-L", name});
    argv.push_back(file);
    if (auto r = platform::run_program(argv, ErrorKind::kInput); !r) return r.failure();
    return read_extents(file, partition_bytes);
  }();
  platform::remove_tree(*dir);
  return made;
}

}  // namespace sw::writer::restore
