#include "writer/inspect/udf_times.h"

#include <fmt/format.h>

#include <optional>
#include <set>
#include <utility>
#include <vector>

namespace sw::writer {
namespace {

constexpr std::uint64_t kSector = 2048;
constexpr int kMaxDepth = 32;
/// Directory data read in all, whatever the volume claims: a crafted ISO cannot make the reader
/// allocate or read more (this runs before the ISO's hash is checked).
constexpr std::uint64_t kMaxDirBytesTotal = 64u << 20;

// Descriptor tag identifiers (ECMA-167 3/7.2.1, 4/7.2.1).
constexpr std::uint16_t kTagAvdp = 2, kTagPartition = 5, kTagLogicalVolume = 6, kTagTerminator = 8,
                        kTagFsd = 256, kTagFid = 257, kTagFileEntry = 261,
                        kTagExtendedFileEntry = 266;

std::uint16_t le16(const std::vector<std::byte>& b, std::size_t at) {
  return static_cast<std::uint16_t>(std::to_integer<unsigned>(b[at]) |
                                    std::to_integer<unsigned>(b[at + 1]) << 8);
}
std::uint32_t le32(const std::vector<std::byte>& b, std::size_t at) {
  return le16(b, at) | static_cast<std::uint32_t>(le16(b, at + 2)) << 16;
}
std::uint64_t le64(const std::vector<std::byte>& b, std::size_t at) {
  return le32(b, at) | static_cast<std::uint64_t>(le32(b, at + 4)) << 32;
}

Failure bad(const std::string& what) {
  return fail(ErrorKind::kInput, fmt::format("UDF: {}", what));
}

/// A long_ad (4/14.14.2) or short_ad: bytes and a block of the partition.
struct Extent {
  std::uint32_t bytes = 0, block = 0;
};

class Reader {
 public:
  Reader(const ImageBytes& image, std::size_t max_entries)
      : m_image(image), m_max_entries(max_entries) {}

  Result<std::map<std::string, UdfTime>> run() {
    if (auto v = read_volume(); !v) return v.failure();
    auto fsd = read_block(m_fsd_block, kTagFsd);
    if (!fsd) return fsd.failure();
    // The root directory's ICB (4/14.1: long_ad at byte 400).
    const Extent root{le32(*fsd, 400), le32(*fsd, 404)};
    if (auto r = walk(root, "", 0); !r) return r.failure();
    return std::move(m_times);
  }

 private:
  /// Reads one logical block of the partition, checking its tag id and location.
  Result<std::vector<std::byte>> read_block(std::uint32_t block, std::uint16_t tag) {
    auto b = m_image.read_vec((m_partition_start + std::uint64_t{block}) * kSector, kSector);
    if (!b) return b.failure();
    if (le16(*b, 0) != tag || le32(*b, 12) != block) {
      return bad(
          fmt::format("block {} of the partition is not the expected descriptor {}", block, tag));
    }
    return b;
  }

  /// Anchor (sector 256), then the main volume descriptor sequence: the partition's start and
  /// the file set descriptor's block.
  Result<void> read_volume() {
    auto avdp = m_image.read_vec(256 * kSector, kSector);
    if (!avdp) return avdp.failure();
    if (le16(*avdp, 0) != kTagAvdp) return bad("no anchor volume descriptor at sector 256");
    const std::uint32_t length = le32(*avdp, 16), start = le32(*avdp, 20);
    bool partition = false, volume = false;
    for (std::uint32_t i = 0; i < std::min<std::uint32_t>(length / kSector, 64); ++i) {
      auto d = m_image.read_vec((std::uint64_t{start} + i) * kSector, kSector);
      if (!d) return d.failure();
      const auto tag = le16(*d, 0);
      if (tag == kTagTerminator) break;
      if (tag == kTagPartition && !partition) {
        // 3/10.5: Partition Starting Location; the first descriptor, as libudfread takes it.
        m_partition_start = le32(*d, 188);
        partition = true;
      } else if (tag == kTagLogicalVolume) {
        if (le32(*d, 212) != kSector) return bad("logical blocks are not 2048 bytes");
        if (le32(*d, 268) != 1) return bad("more than one partition map");
        if (std::to_integer<unsigned>((*d)[440]) != 1) return bad("not a physical partition");
        m_fsd_block = le32(*d, 252);  // Logical Volume Contents Use: the FSD's long_ad
        volume = true;
      }
    }
    if (!partition || !volume) return bad("no partition or logical volume descriptor");
    return ok();
  }

  /// The bytes of a file entry's data (directories), from its allocation descriptors.
  Result<std::vector<std::byte>> data_of(const std::vector<std::byte>& fe, bool extended) {
    const std::size_t l_ea = le32(fe, extended ? 208 : 168), l_ad = le32(fe, extended ? 212 : 172);
    const std::size_t ads = (extended ? 216 : 176) + l_ea;
    const std::uint64_t size = le64(fe, 56);
    if (ads + l_ad > fe.size()) return bad("a directory entry is damaged");
    if (size > kMaxDirBytesTotal - m_dir_bytes) return bad("directories larger than 64 MiB in all");
    m_dir_bytes += size;
    const unsigned kind = le16(fe, 16 + 18) & 7;  // ICB tag flags: allocation descriptor type
    if (kind == 3) {                              // embedded
      if (size > l_ad) return bad("embedded data longer than its space");
      return std::vector<std::byte>(fe.begin() + static_cast<std::ptrdiff_t>(ads),
                                    fe.begin() + static_cast<std::ptrdiff_t>(ads + size));
    }
    if (kind != 0 && kind != 1) return bad("unsupported allocation descriptors");
    const std::size_t step = kind == 0 ? 8 : 16;
    std::vector<std::byte> out;
    for (std::size_t at = ads; at + step <= ads + l_ad && out.size() < size; at += step) {
      const std::uint32_t recorded = le32(fe, at) & 0x3fffffff;  // top 2 bits: extent type
      if (recorded == 0) break;
      // No more than the directory still needs, and only bytes the image has.
      const auto bytes =
          static_cast<std::size_t>(std::min<std::uint64_t>(recorded, size - out.size()));
      const std::uint64_t offset = (m_partition_start + std::uint64_t{le32(fe, at + 4)}) * kSector;
      if (!m_image.has(offset, bytes)) return bad("a directory lies beyond the image");
      auto part = m_image.read_vec(offset, bytes);
      if (!part) return part.failure();
      out.insert(out.end(), part->begin(), part->end());
    }
    if (out.size() < size) return bad("a directory's data is shorter than recorded");
    out.resize(static_cast<std::size_t>(size));  // no more than out.size(), just checked
    return out;
  }

  /// A file identifier (4/14.4, 1/7.2.12 d-characters): 8 = Latin-1, 16 = UCS-2 big-endian,
  /// turned into UTF-8 exactly as libudfread 1.1.2 does (names are matched with its names, so
  /// even its choice of three bytes for U+07FF is kept); none for another compression id, which
  /// libudfread leaves out of the listing.
  static std::optional<std::string> name_of(const std::vector<std::byte>& d, std::size_t at,
                                            std::size_t len) {
    std::string out;
    if (len == 0) return std::nullopt;
    const unsigned id = std::to_integer<unsigned>(d[at]);
    if (id != 8 && id != 16) return std::nullopt;
    auto put = [&out](unsigned c) {
      if (c < 0x80) {
        out += static_cast<char>(c);
      } else if (c < 0x7ff) {
        out += static_cast<char>(0xc0 | c >> 6);
        out += static_cast<char>(0x80 | (c & 0x3f));
      } else {
        out += static_cast<char>(0xe0 | c >> 12);
        out += static_cast<char>(0x80 | (c >> 6 & 0x3f));
        out += static_cast<char>(0x80 | (c & 0x3f));
      }
    };
    if (id == 8) {
      for (std::size_t i = 1; i < len; ++i) put(std::to_integer<unsigned>(d[at + i]));
    } else if (id == 16) {
      for (std::size_t i = 1; i + 1 < len; i += 2) {
        put(std::to_integer<unsigned>(d[at + i]) << 8 | std::to_integer<unsigned>(d[at + i + 1]));
      }
    }
    return out;
  }

  /// Records the entry at `icb` under `path` and, for a directory, everything in it.
  Result<void> walk(const Extent& icb, const std::string& path, int depth) {
    if (depth > kMaxDepth) return bad("directories nested too deep");
    auto fe = m_image.read_vec((m_partition_start + std::uint64_t{icb.block}) * kSector, kSector);
    if (!fe) return fe.failure();
    const auto tag = le16(*fe, 0);
    if (tag != kTagFileEntry && tag != kTagExtendedFileEntry)
      return bad("no file entry at " + path);
    const bool extended = tag == kTagExtendedFileEntry;
    const std::size_t t = extended ? 92 : 84;  // Modification Date and Time
    m_times[path] = UdfTime{le16(*fe, t + 2),
                            std::to_integer<int>((*fe)[t + 4]),
                            std::to_integer<int>((*fe)[t + 5]),
                            std::to_integer<int>((*fe)[t + 6]),
                            std::to_integer<int>((*fe)[t + 7]),
                            std::to_integer<int>((*fe)[t + 8])};
    if (std::to_integer<unsigned>((*fe)[16 + 11]) != 4) return ok();  // file type 4: directory
    // A directory reached a second time (a loop, or one shared to multiply the work) is damage.
    if (!m_dirs_seen.insert(icb.block).second) return bad("a directory is listed twice: " + path);
    std::vector<std::pair<std::string, Extent>> children;
    {
      auto dir = data_of(*fe, extended);
      if (!dir) return dir.failure();
      if (auto c = list(*dir, path, children); !c) return c;
    }  // the directory's bytes are freed before its children are read
    for (const auto& [name, child] : children) {
      if (auto r = walk(child, path + "/" + name, depth + 1); !r) return r;
    }
    return ok();
  }

  /// The named entries of a directory's data (4/14.4), each identifier counted against the
  /// entry limit. Deleted entries are kept, as libudfread lists them; the parent entry is not.
  Result<void> list(const std::vector<std::byte>& dir, const std::string& path,
                    std::vector<std::pair<std::string, Extent>>& out) {
    for (std::size_t at = 0; at + 38 <= dir.size();) {
      if (++m_entries > m_max_entries) return bad("too many entries");
      if (le16(dir, at) != kTagFid) return bad("a directory of " + path + " is damaged");
      const unsigned chars = std::to_integer<unsigned>(dir[at + 18]);
      const std::size_t l_fi = std::to_integer<unsigned>(dir[at + 19]);
      const std::size_t l_iu = le16(dir, at + 36);
      const std::size_t len = (38 + l_iu + l_fi + 3) & ~std::size_t{3};
      if (at + 38 + l_iu + l_fi > dir.size()) return bad("a directory of " + path + " is damaged");
      if ((chars & 0x08) == 0) {  // 0x08: the parent entry
        if (auto name = name_of(dir, at + 38 + l_iu, l_fi)) {
          out.emplace_back(std::move(*name), Extent{le32(dir, at + 20), le32(dir, at + 24)});
        }
      }
      at += len;
    }
    return ok();
  }

  const ImageBytes& m_image;
  std::size_t m_max_entries;
  std::size_t m_entries = 0;
  std::uint64_t m_partition_start = 0;
  std::uint32_t m_fsd_block = 0;
  std::uint64_t m_dir_bytes = 0;        ///< directory data read so far
  std::set<std::uint32_t> m_dirs_seen;  ///< file entry blocks of the directories read
  std::map<std::string, UdfTime> m_times;
};

}  // namespace

Result<std::map<std::string, UdfTime>> read_udf_times(const ImageBytes& image,
                                                      std::size_t max_entries) {
  return Reader(image, max_entries).run();
}

}  // namespace sw::writer
