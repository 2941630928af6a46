#include "support/fat_builder.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "writer/inspect/image_bytes.h"

namespace sw::test {
namespace {

constexpr std::size_t kEntry = 32;
constexpr std::uint32_t kFixedRootEntries = 512;

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

bool short_char(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

/// True for a name FAT stores without long-name entries: upper-case 8.3.
bool is_short(std::string_view name) {
  const auto dot = name.find('.');
  const auto stem = name.substr(0, dot);
  const auto ext = dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
  if (stem.empty() || stem.size() > 8 || ext.size() > 3) return false;
  return std::all_of(stem.begin(), stem.end(), short_char) &&
         std::all_of(ext.begin(), ext.end(), short_char);
}

/// The 11-byte directory field of an 8.3 name "STEM.EXT".
std::array<std::uint8_t, 11> field_11(std::string_view short_name) {
  std::array<std::uint8_t, 11> f{};
  f.fill(' ');
  const auto dot = short_name.find('.');
  const auto stem = short_name.substr(0, dot);
  const auto ext = dot == std::string_view::npos ? std::string_view() : short_name.substr(dot + 1);
  for (std::size_t i = 0; i < stem.size() && i < 8; ++i) f[i] = static_cast<std::uint8_t>(stem[i]);
  for (std::size_t i = 0; i < ext.size() && i < 3; ++i)
    f[8 + i] = static_cast<std::uint8_t>(ext[i]);
  return f;
}

/// A "STEM~N.EXT" short name for a long name, as Windows makes them.
std::string generated_short(std::string_view name, int n) {
  const auto dot = name.rfind('.');
  const std::string stem = upper(name.substr(0, dot));
  const std::string ext =
      dot == std::string_view::npos ? std::string() : upper(name.substr(dot + 1));
  std::string s, e;
  for (char c : stem) {
    if (short_char(c) && s.size() < 6) s.push_back(c);
  }
  for (char c : ext) {
    if (short_char(c) && e.size() < 3) e.push_back(c);
  }
  s = fmt::format("{}~{}", s, n);
  return e.empty() ? s : fmt::format("{}.{}", s, e);
}

/// fatgen103 §7: the checksum of the short name that long-name entries carry.
std::uint8_t lfn_checksum(const std::array<std::uint8_t, 11>& f) {
  std::uint8_t sum = 0;
  for (auto c : f) sum = static_cast<std::uint8_t>(((sum & 1) << 7) + (sum >> 1) + c);
  return sum;
}

}  // namespace

FatBuilder::FatBuilder(int bits, std::uint32_t clusters, std::uint8_t sectors_per_cluster)
    : m_bits(bits), m_clusters(clusters), m_sectors_per_cluster(sectors_per_cluster) {
  m_reserved = bits == 32 ? 32 : 1;
  m_root_entries = bits == 32 ? 0 : kFixedRootEntries;
  const std::uint64_t entries = std::uint64_t{clusters} + 2;
  const std::uint64_t fat_bytes = bits == 12 ? (entries * 3 + 1) / 2 : entries * bits / 8;
  m_fat_sectors = static_cast<std::uint32_t>((fat_bytes + 511) / 512);
  const std::uint64_t meta = m_reserved + 2ull * m_fat_sectors + m_root_entries * kEntry / 512;
  m_total_sectors = meta + std::uint64_t{clusters} * sectors_per_cluster;

  Bytes& b = m_img;
  put8(b, 0, 0xeb);
  put8(b, 1, bits == 32 ? 0x58 : 0x3c);
  put8(b, 2, 0x90);
  put_text(b, 3, "MSWIN4.1");
  put16(b, 11, 512);
  put8(b, 13, sectors_per_cluster);
  put16(b, 14, static_cast<std::uint16_t>(m_reserved));
  put8(b, 16, 2);
  put16(b, 17, static_cast<std::uint16_t>(m_root_entries));
  if (bits != 32 && m_total_sectors < 0x10000) {
    put16(b, 19, static_cast<std::uint16_t>(m_total_sectors));
  } else {
    put32(b, 32, static_cast<std::uint32_t>(m_total_sectors));
  }
  put8(b, 21, 0xf8);
  put16(b, 24, 32);
  put16(b, 26, 64);
  const std::size_t ext = bits == 32 ? 64 : 36;
  if (bits == 32) {
    put32(b, 36, m_fat_sectors);
    put32(b, 44, 2);  // root cluster
    put16(b, 48, 1);  // FSInfo sector
    put16(b, 50, 6);  // backup boot sector
  } else {
    put16(b, 22, static_cast<std::uint16_t>(m_fat_sectors));
  }
  put8(b, ext, 0x80);
  put8(b, ext + 2, 0x29);
  put32(b, ext + 3, 0x1234abcd);
  put_text(b, ext + 7, "NO NAME    ");
  put_text(b, ext + 18, bits == 32 ? "FAT32   " : bits == 16 ? "FAT16   " : "FAT12   ");
  put16(b, 510, 0xaa55);
  grow(b, static_cast<std::size_t>(cluster_offset(2)));

  set_fat(0, 0x0ffffff8);
  set_fat(1, end_of_chain());
  m_dirs.push_back(Dir{"", {}, 0, {}});
  if (bits == 32) {
    m_dirs[0].clusters.push_back(allocate());
    set_fat(m_dirs[0].clusters[0], end_of_chain());
  }
}

FatBuilder& FatBuilder::boot_code() {
  const std::size_t from = m_bits == 32 ? 90 : 62;
  static constexpr std::string_view kCode = "\x0e\x1f\xbe\x5b\x7c\xac\x22\xc0\x74\x0b\x56\xb4";
  for (std::size_t i = from; i < 510; ++i) {
    put8(m_img, i, static_cast<std::uint8_t>(kCode[(i - from) % kCode.size()]));
  }
  return *this;
}

std::uint64_t FatBuilder::cluster_offset(std::uint32_t cluster) const {
  const std::uint64_t data =
      (m_reserved + 2ull * m_fat_sectors) * 512 + std::uint64_t{m_root_entries} * kEntry;
  return data + std::uint64_t{cluster - 2} * cluster_bytes();
}

std::uint32_t FatBuilder::end_of_chain() const {
  return m_bits == 12 ? 0xfff : m_bits == 16 ? 0xffff : 0x0fffffff;
}

void FatBuilder::set_fat(std::uint32_t cluster, std::uint32_t value) {
  for (std::uint32_t copy = 0; copy < 2; ++copy) {
    const std::size_t fat = (m_reserved + std::size_t{copy} * m_fat_sectors) * 512;
    if (m_bits == 32) {
      put32(m_img, fat + std::size_t{cluster} * 4, value & 0x0fffffff);
    } else if (m_bits == 16) {
      put16(m_img, fat + std::size_t{cluster} * 2, static_cast<std::uint16_t>(value));
    } else {
      const std::size_t at = fat + std::size_t{cluster} * 3 / 2;
      grow(m_img, at + 2);
      const std::uint16_t old = writer::le16(m_img, at);
      const auto v = static_cast<std::uint16_t>(value & 0x0fff);
      put16(
          m_img, at,
          static_cast<std::uint16_t>((cluster & 1) ? (old & 0x000f) | v << 4 : (old & 0xf000) | v));
    }
  }
}

std::uint32_t FatBuilder::allocate() {
  if (m_next_free >= m_clusters + 2) throw std::length_error("FatBuilder: volume full");
  const std::uint32_t c = m_next_free++;
  grow(m_img, static_cast<std::size_t>(cluster_offset(c) + cluster_bytes()));
  return c;
}

std::size_t FatBuilder::entry_offset(std::size_t dir, std::size_t slot) {
  Dir& d = m_dirs[dir];
  if (d.clusters.empty()) {
    if (slot >= m_root_entries) throw std::length_error("FatBuilder: root directory full");
    return static_cast<std::size_t>((m_reserved + 2ull * m_fat_sectors) * 512) + slot * kEntry;
  }
  const std::size_t per_cluster = static_cast<std::size_t>(cluster_bytes() / kEntry);
  while (slot / per_cluster >= d.clusters.size()) {  // the directory grows by one cluster
    const std::uint32_t c = allocate();
    set_fat(d.clusters.back(), c);
    set_fat(c, end_of_chain());
    d.clusters.push_back(c);
  }
  return static_cast<std::size_t>(cluster_offset(d.clusters[slot / per_cluster])) +
         slot % per_cluster * kEntry;
}

void FatBuilder::add_entry(std::size_t dir, std::string_view name, std::uint8_t attr,
                           std::uint32_t cluster, std::uint32_t size) {
  const bool dots = name == "." || name == "..";
  std::string short_name(name);
  if (!dots && !is_short(name)) {
    int n = 1;
    while (std::count(m_dirs[dir].short_names.begin(), m_dirs[dir].short_names.end(),
                      generated_short(name, n)) != 0) {
      ++n;
    }
    short_name = generated_short(name, n);
  }
  m_dirs[dir].short_names.push_back(short_name);
  auto field = field_11(short_name);
  if (dots) {
    field.fill(' ');
    field[0] = '.';
    if (name == "..") field[1] = '.';
  }
  if (short_name != name) {  // long-name entries, the last part first (fatgen103 §7)
    static constexpr std::array<std::size_t, 13> kChar{1,  3,  5,  7,  9,  14, 16,
                                                       18, 20, 22, 24, 28, 30};
    const std::size_t parts = (name.size() + 12) / 13;
    for (std::size_t ord = parts; ord >= 1; --ord) {
      const std::size_t e = entry_offset(dir, m_dirs[dir].used++);
      put8(m_img, e, static_cast<std::uint8_t>(ord | (ord == parts ? 0x40 : 0)));
      put8(m_img, e + 11, 0x0f);
      put8(m_img, e + 13, lfn_checksum(field));
      for (std::size_t k = 0; k < 13; ++k) {
        const std::size_t i = (ord - 1) * 13 + k;
        const auto ch = static_cast<std::uint16_t>(i < name.size()    ? name[i] & 0xff
                                                   : i == name.size() ? 0x0000
                                                                      : 0xffff);
        put16(m_img, e + kChar[k], ch);
      }
    }
  }
  const std::size_t e = entry_offset(dir, m_dirs[dir].used++);
  for (std::size_t i = 0; i < 11; ++i) put8(m_img, e + i, field[i]);
  put8(m_img, e + 11, attr);
  put16(m_img, e + 20, static_cast<std::uint16_t>(cluster >> 16));
  put16(m_img, e + 26, static_cast<std::uint16_t>(cluster));
  put32(m_img, e + 28, size);
}

std::uint32_t FatBuilder::make_dir(std::size_t parent, std::string_view name) {
  const std::uint32_t c = allocate();
  set_fat(c, end_of_chain());
  add_entry(parent, name, 0x10, c, 0);
  const std::string path = m_dirs[parent].path.empty() ? writer::lower_ascii(name)
                                                       : fmt::format("{}/{}", m_dirs[parent].path,
                                                                     writer::lower_ascii(name));
  m_dirs.push_back(Dir{path, {c}, 0, {}});
  const std::size_t self = m_dirs.size() - 1;
  add_entry(self, ".", 0x10, c, 0);
  const bool parent_is_root = m_dirs[parent].path.empty();
  add_entry(self, "..", 0x10, parent_is_root ? 0 : m_dirs[parent].clusters[0], 0);
  return c;
}

std::size_t FatBuilder::dir_index(std::string_view path) {
  std::size_t at = 0;
  for (const auto part : writer::path_parts(path)) {
    const std::string want = m_dirs[at].path.empty()
                                 ? writer::lower_ascii(part)
                                 : fmt::format("{}/{}", m_dirs[at].path, writer::lower_ascii(part));
    const auto it =
        std::find_if(m_dirs.begin(), m_dirs.end(), [&](const Dir& d) { return d.path == want; });
    if (it != m_dirs.end()) {
      at = static_cast<std::size_t>(it - m_dirs.begin());
      continue;
    }
    make_dir(at, part);
    at = m_dirs.size() - 1;
  }
  return at;
}

std::uint32_t FatBuilder::add_dir(std::string_view path) {
  return m_dirs[dir_index(path)].clusters.at(0);
}

std::vector<std::uint32_t> FatBuilder::add_file(std::string_view path, const Bytes& data,
                                                std::vector<std::uint32_t> clusters) {
  const auto parts = writer::path_parts(path);
  const auto name = parts.back();
  const std::size_t dir = dir_index(path.substr(0, path.rfind(name)));
  if (clusters.empty()) {
    const auto n = (data.size() + cluster_bytes() - 1) / cluster_bytes();
    for (std::size_t i = 0; i < n; ++i) clusters.push_back(allocate());
  } else {
    for (auto c : clusters) {
      m_next_free = std::max(m_next_free, c + 1);
      grow(m_img, static_cast<std::size_t>(cluster_offset(c) + cluster_bytes()));
    }
  }
  for (std::size_t i = 0; i < clusters.size(); ++i) {
    set_fat(clusters[i], i + 1 < clusters.size() ? clusters[i + 1] : end_of_chain());
    const std::size_t from = static_cast<std::size_t>(i * cluster_bytes());
    if (from >= data.size()) continue;
    const std::size_t n = std::min(static_cast<std::size_t>(cluster_bytes()), data.size() - from);
    put_bytes(m_img, static_cast<std::size_t>(cluster_offset(clusters[i])),
              std::span(data).subspan(from, n));
  }
  add_entry(dir, name, 0x20, clusters.empty() ? 0 : clusters[0],
            static_cast<std::uint32_t>(data.size()));
  return clusters;
}

}  // namespace sw::test
