#pragma once
// FAT12/16/32 volumes synthesized in memory (Microsoft fatgen103): a boot sector with its BPB,
// two FATs, a fixed root directory (FAT12/16) or a root cluster (FAT32), directories and files
// with long-name entries where a name is not an upper-case 8.3 name.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "support/image_builder.h"

namespace sw::test {

/// A FAT volume of 512-byte sectors. Only the bytes up to the last one written are held, so a
/// volume of many clusters stays small; open_fat reads only the boot sector to size it.
class FatBuilder {
 public:
  /// `bits` picks the BPB layout (32: FAT32's) and the FAT entry width; the volume has
  /// exactly `clusters` clusters of `sectors_per_cluster` sectors.
  FatBuilder(int bits, std::uint32_t clusters, std::uint8_t sectors_per_cluster = 1);

  /// Fills the boot sector's code area (after the BPB, up to 0x55AA) with code bytes.
  FatBuilder& boot_code();
  /// Adds a directory (parents made as needed); returns its first cluster.
  std::uint32_t add_dir(std::string_view path);
  /// Adds a file (parents made as needed) in `clusters`, or in the next free ones; returns the
  /// clusters its chain holds.
  std::vector<std::uint32_t> add_file(std::string_view path, const Bytes& data,
                                      std::vector<std::uint32_t> clusters = {});
  /// Sets one FAT entry in both FATs.
  void set_fat(std::uint32_t cluster, std::uint32_t value);
  /// The end-of-chain mark for this FAT width.
  std::uint32_t end_of_chain() const;

  /// The volume's bytes so far (at least its boot sector, FATs and root directory).
  const Bytes& bytes() const { return m_img; }
  std::uint64_t cluster_bytes() const { return std::uint64_t{512} * m_sectors_per_cluster; }
  std::uint64_t cluster_offset(std::uint32_t cluster) const;
  std::uint64_t total_sectors() const { return m_total_sectors; }

 private:
  struct Dir {
    std::string path;                     ///< lower case, "" for the root
    std::vector<std::uint32_t> clusters;  ///< empty for the fixed FAT12/16 root
    std::size_t used = 0;                 ///< 32-byte entries written
    std::vector<std::string> short_names;
  };
  std::size_t dir_index(std::string_view path);
  std::size_t entry_offset(std::size_t dir, std::size_t slot);
  void add_entry(std::size_t dir, std::string_view name, std::uint8_t attr, std::uint32_t cluster,
                 std::uint32_t size);
  std::uint32_t allocate();
  std::uint32_t make_dir(std::size_t parent, std::string_view name);

  int m_bits;
  std::uint32_t m_clusters;
  std::uint8_t m_sectors_per_cluster;
  std::uint32_t m_reserved, m_fat_sectors, m_root_entries;
  std::uint64_t m_total_sectors;
  std::uint32_t m_next_free = 2;
  std::vector<Dir> m_dirs;
  Bytes m_img;
};

}  // namespace sw::test
