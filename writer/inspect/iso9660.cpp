#include "writer/inspect/iso9660.h"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace sw::writer {
namespace {

constexpr std::uint64_t kFirstDescriptor = 16;
constexpr int kMaxDescriptors = 64;
constexpr std::uint64_t kMaxDirBytes = 4 * 1024 * 1024;
constexpr std::size_t kCatalogEntries = 256;  // 4 sectors of 32-byte entries
constexpr std::size_t kRootRecord = 156;
constexpr std::size_t kCreationDate = 813;  // ECMA-119 §8.4.26

struct DirEntry {
  std::string name;
  std::uint64_t lba = 0, size = 0;
  bool is_dir = false;
};

/// UCS-2 big-endian (Joliet) to UTF-8.
std::string ucs2be_to_utf8(std::span<const std::byte> b) {
  std::string out;
  for (std::size_t i = 0; i + 1 < b.size(); i += 2) {
    const unsigned c = static_cast<unsigned>(byte_at(b, i)) << 8 | byte_at(b, i + 1);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xc0 | c >> 6));
      out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
    } else {
      out.push_back(static_cast<char>(0xe0 | c >> 12));
      out.push_back(static_cast<char>(0x80 | (c >> 6 & 0x3f)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3f)));
    }
  }
  return out;
}

/// The Rock Ridge alternate name (NM entries, RRIP 1.12 §4.1.4) in a record's system use area.
std::optional<std::string> rock_ridge_name(std::span<const std::byte> rec, std::size_t su_start) {
  std::string name;
  bool found = false;
  std::size_t at = su_start;
  while (at + 4 <= rec.size()) {
    const std::size_t len = byte_at(rec, at + 2);
    if (len < 4 || at + len > rec.size()) break;
    if (bytes_equal(rec, at, "NM") && len >= 5) {
      found = true;
      for (std::size_t i = at + 5; i < at + len; ++i) name.push_back(static_cast<char>(rec[i]));
    }
    at += len;
  }
  if (!found || name.empty()) return std::nullopt;
  return name;
}

/// Whether the root's "." record carries SUSP/Rock Ridge entries (SP, RR, PX or NM).
bool has_rock_ridge(std::span<const std::byte> rec) {
  const std::size_t name_len = byte_at(rec, 32);
  std::size_t at = 33 + name_len + (name_len % 2 == 0 ? 1 : 0);
  while (at + 4 <= rec.size()) {
    const std::size_t len = byte_at(rec, at + 2);
    if (len < 4 || at + len > rec.size()) break;
    for (std::string_view sig : {"SP", "RR", "PX", "NM"}) {
      if (bytes_equal(rec, at, sig)) return true;
    }
    at += len;
  }
  return false;
}

std::string plain_name(std::span<const std::byte> rec, std::size_t name_len) {
  std::string name = field_text(rec, 33, name_len);
  if (auto semi = name.find(';'); semi != std::string::npos) name.resize(semi);
  if (!name.empty() && name.back() == '.') name.pop_back();
  return name;
}

/// The entries of one directory extent, without "." and "..", charged to the volume's budget
/// of directory bytes (kMaxIsoDirBytes).
std::vector<DirEntry> read_directory(const ImageBytes& image, const IsoInfo& iso, std::uint64_t lba,
                                     std::uint64_t bytes) {
  std::vector<DirEntry> out;
  const bool joliet = iso.root_is_joliet;
  const std::uint64_t wanted = std::min(bytes, kMaxDirBytes);
  const std::uint64_t left = kMaxIsoDirBytes - std::min(iso.dir_bytes_read, kMaxIsoDirBytes);
  const std::uint64_t length = std::min(wanted, left);
  // A directory cut short spends the whole budget, so that dir_budget_spent() tells.
  iso.dir_bytes_read = length < wanted ? kMaxIsoDirBytes : iso.dir_bytes_read + length;
  if (length == 0) return out;
  auto data = image.read_vec(lba * kIsoSector, static_cast<std::size_t>(length));
  if (!data) return out;
  const std::span<const std::byte> d(*data);
  constexpr std::size_t kSectorInBuffer = kIsoSector;  // offsets in `d` are memory sizes
  std::size_t at = 0;
  while (at < d.size()) {
    const std::size_t len = byte_at(d, at);
    if (len == 0) {  // records never cross a sector: the rest of this sector is padding
      at = (at / kSectorInBuffer + 1) * kSectorInBuffer;
      continue;
    }
    if (len < 34 || at + len > d.size()) break;
    const auto rec = d.subspan(at, len);
    at += len;
    const std::size_t name_len = byte_at(rec, 32);
    if (33 + name_len > len) continue;
    if (name_len == 1 && byte_at(rec, 33) <= 1) continue;  // "." and ".."
    DirEntry e;
    e.lba = le32(rec, 2);
    e.size = le32(rec, 10);
    e.is_dir = (byte_at(rec, 25) & 0x02) != 0;
    if (joliet) {
      e.name = ucs2be_to_utf8(rec.subspan(33, name_len));
      if (auto semi = e.name.find(';'); semi != std::string::npos) e.name.resize(semi);
    } else {
      const std::size_t su = 33 + name_len + (name_len % 2 == 0 ? 1 : 0);
      e.name = rock_ridge_name(rec, su).value_or(plain_name(rec, name_len));
    }
    out.push_back(std::move(e));
  }
  return out;
}

bool names_equal(std::string_view a, std::string_view b) {
  return lower_ascii(a) == lower_ascii(b);
}

void read_el_torito(const ImageBytes& image, IsoInfo& iso) {
  // The catalog is read up to 4 sectors, but only as far as the image goes: a catalog in the
  // image's last sector is common in small ISOs.
  const std::uint64_t offset = std::uint64_t{*iso.boot_catalog_lba} * kIsoSector;
  const std::uint64_t room = offset < image.available() ? image.available() - offset : 0;
  auto cat = image.read_vec(
      offset, static_cast<std::size_t>(std::clamp<std::uint64_t>(room, 32, kCatalogEntries * 32)));
  if (!cat) {
    iso.problems.push_back(fmt::format("the El Torito boot catalog at sector {} cannot be read: {}",
                                       *iso.boot_catalog_lba, cat.error().message));
    return;
  }
  const std::span<const std::byte> c(*cat);
  std::uint16_t sum = 0;
  for (std::size_t i = 0; i < 32; i += 2) sum = static_cast<std::uint16_t>(sum + le16(c, i));
  if (byte_at(c, 0) != 0x01 || byte_at(c, 30) != 0x55 || byte_at(c, 31) != 0xaa || sum != 0) {
    iso.problems.push_back("the El Torito boot catalog's validation entry is damaged");
    return;
  }
  std::uint8_t platform = byte_at(c, 1);
  auto entry = [&](std::size_t at) {
    ElToritoEntry e;
    e.platform_id = platform;
    e.bootable = byte_at(c, at) == 0x88;
    e.media = byte_at(c, at + 1) & 0x0f;
    e.sectors = le16(c, at + 6);
    e.load_rba = le32(c, at + 8);
    iso.el_torito.push_back(e);
  };
  entry(32);
  std::size_t at = 64;
  while (at + 32 <= c.size()) {
    const auto header = byte_at(c, at);
    if (header != 0x90 && header != 0x91) break;
    platform = byte_at(c, at + 1);
    const std::size_t count = le16(c, at + 2);
    at += 32;
    for (std::size_t i = 0; i < count && at + 32 <= c.size(); at += 32) {
      if (byte_at(c, at) == 0x44) continue;  // an extension of the previous entry
      entry(at);
      ++i;
    }
    if (header == 0x91) break;
  }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's
/// days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

/// A "dec-datetime" (ECMA-119 §8.4.26.1): 16 ASCII digits YYYYMMDDHHMMSShh and the offset from
/// GMT in 15-minute units, as seconds since 1970-01-01 UTC; none when unset (all zeros) or not
/// digits.
std::optional<std::int64_t> dec_datetime(std::span<const std::byte> d, std::size_t at) {
  int v[6] = {};
  const int widths[6] = {4, 2, 2, 2, 2, 2};
  std::size_t pos = at;
  for (int i = 0; i < 6; ++i) {
    for (int k = 0; k < widths[i]; ++k, ++pos) {
      const auto c = byte_at(d, pos);
      if (c < '0' || c > '9') return std::nullopt;
      v[i] = v[i] * 10 + (c - '0');
    }
  }
  if (v[0] == 0 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31) return std::nullopt;
  const auto offset = static_cast<std::int8_t>(byte_at(d, at + 16));
  return days_from_civil(v[0], static_cast<unsigned>(v[1]), static_cast<unsigned>(v[2])) * 86400 +
         v[3] * 3600 + v[4] * 60 + v[5] - offset * 15 * 60;
}

void read_descriptor(std::span<const std::byte> d, IsoInfo& iso, bool& have_pvd,
                     std::pair<std::uint64_t, std::uint64_t>& joliet_root) {
  const auto type = byte_at(d, 0);
  if (type == 0 && bytes_equal(d, 7, "EL TORITO SPECIFICATION")) {
    iso.boot_catalog_lba = le32(d, 0x47);
  } else if (type == 1 && !have_pvd) {
    have_pvd = true;
    iso.volume_id = field_text(d, 40, 32);
    iso.volume_bytes = std::uint64_t{le32(d, 80)} * le16(d, 128);
    iso.root_lba = le32(d, kRootRecord + 2);
    iso.root_bytes = le32(d, kRootRecord + 10);
    iso.created = dec_datetime(d, kCreationDate);
  } else if (type == 2 && byte_at(d, 88) == '%' && byte_at(d, 89) == '/' &&
             (byte_at(d, 90) == '@' || byte_at(d, 90) == 'C' || byte_at(d, 90) == 'E')) {
    iso.joliet = true;
    joliet_root = {le32(d, kRootRecord + 2), le32(d, kRootRecord + 10)};
  }
}

}  // namespace

std::optional<IsoInfo> read_iso9660(const ImageBytes& image) {
  IsoInfo iso;
  bool have_pvd = false;
  std::pair<std::uint64_t, std::uint64_t> joliet_root{0, 0};
  for (int i = 0; i < kMaxDescriptors; ++i) {
    const std::uint64_t sector = kFirstDescriptor + static_cast<std::uint64_t>(i);
    auto d = image.read_vec(sector * kIsoSector, kIsoSector);
    if (!d) break;
    if (bytes_equal(*d, 1, "CD001")) {
      read_descriptor(*d, iso, have_pvd, joliet_root);
      continue;  // the UDF recognition sequence may follow the terminator (type 255)
    }
    if (bytes_equal(*d, 1, "NSR02") || bytes_equal(*d, 1, "NSR03")) iso.udf = true;
    if (bytes_equal(*d, 1, "BEA01") || bytes_equal(*d, 1, "NSR0") || bytes_equal(*d, 1, "BOOT2")) {
      continue;
    }
    break;  // TEA01 or anything else ends the volume recognition sequence
  }
  if (!have_pvd && !iso.udf) return std::nullopt;
  if (have_pvd) {
    if (auto root = image.read_vec(iso.root_lba * kIsoSector, 255)) {
      iso.rock_ridge = has_rock_ridge(*root);
    }
    // Lookups use Rock Ridge names (full POSIX names) where there are some, else Joliet's.
    if (!iso.rock_ridge && iso.joliet) {
      std::tie(iso.root_lba, iso.root_bytes) = joliet_root;
      iso.root_is_joliet = true;
    }
    if (iso.volume_bytes > image.size() && image.size_exact()) {
      iso.truncated = fmt::format(
          "the ISO 9660 volume is {} bytes but the image has only {}: the file is truncated",
          iso.volume_bytes, image.size());
      iso.problems.push_back(*iso.truncated);
    }
  }
  if (iso.boot_catalog_lba) read_el_torito(image, iso);
  return iso;
}

std::vector<IsoFile> list_iso_tree(const ImageBytes& image, const IsoInfo& iso,
                                   std::size_t max_entries, int max_depth) {
  std::vector<IsoFile> out;
  if (iso.root_bytes == 0) return out;
  struct Pending {
    std::string path;
    std::uint64_t lba, bytes;
    int depth;
  };
  std::vector<Pending> stack{{"", iso.root_lba, iso.root_bytes, 0}};
  while (!stack.empty() && out.size() < max_entries) {
    const Pending dir = stack.back();
    stack.pop_back();
    for (auto& e : read_directory(image, iso, dir.lba, dir.bytes)) {
      if (out.size() >= max_entries) break;
      IsoFile f{dir.path + "/" + e.name, e.lba * kIsoSector, e.size, e.is_dir};
      if (e.is_dir && dir.depth + 1 < max_depth && e.lba != dir.lba) {
        stack.push_back({f.path, e.lba, e.size, dir.depth + 1});
      }
      out.push_back(std::move(f));
    }
  }
  return out;
}

std::vector<IsoFile> list_iso_dir(const ImageBytes& image, const IsoInfo& iso,
                                  std::string_view path, std::size_t max_entries) {
  std::vector<IsoFile> out;
  std::uint64_t lba = iso.root_lba, bytes = iso.root_bytes;
  std::string dir;
  if (!path_parts(path).empty()) {
    const auto d = find_iso_file(image, iso, path);
    if (!d || !d->is_dir) return out;
    lba = d->offset / kIsoSector;
    bytes = d->size;
    dir = d->path;
  }
  if (bytes == 0) return out;
  for (auto& e : read_directory(image, iso, lba, bytes)) {
    if (out.size() >= max_entries) break;
    out.push_back({dir + "/" + e.name, e.lba * kIsoSector, e.size, e.is_dir});
  }
  return out;
}

std::optional<IsoFile> find_iso_file(const ImageBytes& image, const IsoInfo& iso,
                                     std::string_view path) {
  if (iso.root_bytes == 0) return std::nullopt;
  std::uint64_t lba = iso.root_lba, bytes = iso.root_bytes;
  std::string so_far;
  const auto parts = path_parts(path);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto part = parts[i];
    const auto entries = read_directory(image, iso, lba, bytes);
    const auto it = std::find_if(entries.begin(), entries.end(),
                                 [&](const DirEntry& e) { return names_equal(e.name, part); });
    if (it == entries.end()) return std::nullopt;
    so_far += "/" + it->name;
    if (i + 1 == parts.size()) return IsoFile{so_far, it->lba * kIsoSector, it->size, it->is_dir};
    if (!it->is_dir) return std::nullopt;
    lba = it->lba;
    bytes = it->size;
  }
  return std::nullopt;
}

std::string el_torito_platform_name(std::uint8_t id) {
  switch (id) {
    case 0x00:
      return "x86";
    case 0x01:
      return "ppc";
    case 0x02:
      return "mac";
    case 0xef:
      return "efi";
    default:
      return fmt::format("0x{:02x}", id);
  }
}

std::string el_torito_media_name(std::uint8_t media) {
  switch (media) {
    case 0:
      return "none";
    case 1:
      return "floppy-1.2M";
    case 2:
      return "floppy-1.44M";
    case 3:
      return "floppy-2.88M";
    case 4:
      return "hard-disk";
    default:
      return fmt::format("0x{:02x}", media);
  }
}

}  // namespace sw::writer
