#include <fmt/format.h>

#include <algorithm>

#include "writer/fat32/fat32.h"

namespace sw::writer::fat32 {
namespace {

/// fatgen103 §6.1: the characters a short name may hold besides A-Z and 0-9.
bool short_char(char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("$%'-_@~`!(){}^#&").find(c) != std::string_view::npos;
}

char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

void put16(std::span<std::byte> b, std::size_t at, std::uint32_t v) {
  b[at] = std::byte(v & 0xff);
  b[at + 1] = std::byte((v >> 8) & 0xff);
}

/// The 32-byte short entry (fatgen103 §6).
void short_entry(std::span<std::byte> b, const ShortName& name, std::uint8_t attributes,
                 std::uint32_t cluster, std::uint32_t size, DosTime t) {
  for (std::size_t i = 0; i < 11; ++i) b[i] = std::byte(name[i]);
  b[11] = std::byte(attributes);
  b[13] = std::byte(t.tenths);
  put16(b, 14, t.time);
  put16(b, 16, t.date);
  put16(b, 18, t.date);
  put16(b, 20, cluster >> 16);
  put16(b, 22, t.time);
  put16(b, 24, t.date);
  put16(b, 26, cluster & 0xffff);
  put16(b, 28, size & 0xffff);
  put16(b, 30, size >> 16);
}

/// fatgen103 §7, the basis-name generation algorithm: upper case; characters a short name may
/// not hold become '_'; spaces and leading periods are dropped; the base is what precedes the
/// last period (at most 8), the extension the first 3 after it. `lossy` says whether anything
/// was lost or changed (then a numeric tail is needed).
ShortName basis_name(std::string_view name, bool& lossy, std::size_t& base_len) {
  std::string s;
  lossy = false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto ch = static_cast<unsigned char>(name[i]);
    if (ch >= 0x80) {
      // One '_' per UTF-8 sequence: skip its continuation bytes.
      while (i + 1 < name.size() && (static_cast<unsigned char>(name[i + 1]) & 0xc0) == 0x80) ++i;
      s.push_back('_');
      lossy = true;
    } else if (ch == ' ') {
      lossy = true;
    } else {
      const char c = upper(static_cast<char>(ch));
      s.push_back(c == '.' || short_char(c) ? c : '_');
      if (c != '.' && !short_char(c)) lossy = true;
    }
  }
  const auto lead = s.find_first_not_of('.');
  if (lead != 0) lossy = true;
  s.erase(0, lead == std::string::npos ? s.size() : lead);
  const auto dot = s.rfind('.');
  std::string base = s.substr(0, dot), ext = dot == std::string::npos ? "" : s.substr(dot + 1);
  const auto before = base.size();
  base.erase(std::remove(base.begin(), base.end(), '.'), base.end());
  if (base.size() != before || base.size() > 8 || ext.size() > 3) lossy = true;
  if (base.empty()) {
    base.push_back('_');
    lossy = true;
  }
  ShortName out;
  out.fill(' ');
  base_len = std::min<std::size_t>(base.size(), 8);
  std::copy_n(base.begin(), base_len, out.begin());
  std::copy_n(ext.begin(), std::min<std::size_t>(ext.size(), 3), out.begin() + 8);
  return out;
}

}  // namespace

bool ShortNameTable::fits_short(std::string_view name) {
  if (name.empty() || name.front() == '.') return false;
  const auto dot = name.find('.');
  if (dot != name.rfind('.')) return false;
  const auto base = name.substr(0, dot);
  const auto ext = dot == std::string_view::npos ? std::string_view() : name.substr(dot + 1);
  if (base.empty() || base.size() > 8 || ext.size() > 3 || (dot != name.npos && ext.empty())) {
    return false;
  }
  return std::all_of(base.begin(), base.end(), short_char) &&
         std::all_of(ext.begin(), ext.end(), short_char);
}

ShortName ShortNameTable::add(std::string_view long_name) {
  auto taken = [this](const ShortName& n) {
    return std::find(m_taken.begin(), m_taken.end(), n) != m_taken.end();
  };
  bool lossy = false;
  std::size_t base_len = 0;
  ShortName basis = basis_name(long_name, lossy, base_len);
  if (!lossy && !taken(basis)) {
    m_taken.push_back(basis);
    return basis;
  }
  // fatgen103 §7, the numeric-tail generation algorithm: ~1, ~2, ... shortening the base so
  // that base + tail stays within 8 characters.
  for (std::uint32_t n = 1; n < 1000000; ++n) {
    const std::string tail = fmt::format("~{}", n);
    ShortName candidate = basis;
    const std::size_t keep = std::min(base_len, 8 - tail.size());
    std::fill(candidate.begin() + static_cast<std::ptrdiff_t>(keep), candidate.begin() + 8, ' ');
    std::copy(tail.begin(), tail.end(), candidate.begin() + static_cast<std::ptrdiff_t>(keep));
    if (!taken(candidate)) {
      m_taken.push_back(candidate);
      return candidate;
    }
  }
  return basis;  // a directory of a million clashing names; unreachable within our limits
}

std::uint8_t lfn_checksum(const ShortName& name) {
  std::uint8_t sum = 0;
  for (char c : name) {
    sum = static_cast<std::uint8_t>(((sum & 1) ? 0x80 : 0) + (sum >> 1) +
                                    static_cast<std::uint8_t>(c));
  }
  return sum;
}

std::optional<std::u16string> utf8_to_utf16(std::string_view s) {
  std::u16string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int len = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xe  ? 3
                    : (c >> 3) == 0x1e ? 4
                                       : 0;
    if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) return std::nullopt;
    std::uint32_t cp = len == 1 ? c : c & (0xff >> (len + 1));
    for (int k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      if ((cc & 0xc0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (cc & 0x3f);
    }
    const std::uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min[len] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return std::nullopt;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xd800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xdc00 + (cp & 0x3ff)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
    i += static_cast<std::size_t>(len);
  }
  return out;
}

Result<std::vector<std::byte>> directory_entries(const EntrySpec& e) {
  std::vector<std::byte> out;
  if (!ShortNameTable::fits_short(e.long_name)) {
    const auto units = utf8_to_utf16(e.long_name);
    if (!units) return fail(ErrorKind::kInput, fmt::format("'{}' is not valid UTF-8", e.long_name));
    if (units->empty() || units->size() > 255) {
      return fail(ErrorKind::kInput,
                  fmt::format("'{}' is longer than FAT's 255 characters", e.long_name));
    }
    // fatgen103 §7: 13 UTF-16 units an entry, the last part first (its ordinal has 0x40), a
    // 0x0000 after the name and 0xFFFF padding, each entry with the short name's checksum.
    static constexpr std::size_t kOffsets[13] = {1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30};
    const std::size_t count = (units->size() + 12) / 13;
    const std::uint8_t sum = lfn_checksum(e.short_name);
    for (std::size_t k = count; k >= 1; --k) {
      std::array<std::byte, kDirEntryBytes> l{};
      l[0] = std::byte(k | (k == count ? 0x40 : 0));
      l[11] = std::byte{kAttrLongName};
      l[13] = std::byte(sum);
      for (std::size_t j = 0; j < 13; ++j) {
        const std::size_t at = (k - 1) * 13 + j;
        const std::uint32_t unit = at < units->size()    ? (*units)[at]
                                   : at == units->size() ? 0
                                                         : 0xffff;
        put16(l, kOffsets[j], unit);
      }
      out.insert(out.end(), l.begin(), l.end());
    }
  }
  std::array<std::byte, kDirEntryBytes> s{};
  short_entry(s, e.short_name, e.attributes, e.first_cluster, e.size, e.time);
  out.insert(out.end(), s.begin(), s.end());
  return out;
}

std::vector<std::byte> dot_entries(std::uint32_t self_cluster, std::uint32_t parent_cluster,
                                   DosTime time) {
  std::vector<std::byte> out(2 * kDirEntryBytes);
  ShortName dot, dotdot;
  dot.fill(' ');
  dotdot.fill(' ');
  dot[0] = '.';
  dotdot[0] = dotdot[1] = '.';
  short_entry(std::span(out).first(kDirEntryBytes), dot, kAttrDirectory, self_cluster, 0, time);
  short_entry(std::span(out).subspan(kDirEntryBytes), dotdot, kAttrDirectory, parent_cluster, 0,
              time);
  return out;
}

std::vector<std::byte> volume_label_entry(const std::array<char, 11>& label, DosTime time) {
  std::vector<std::byte> out(kDirEntryBytes);
  short_entry(out, label, kAttrVolumeId | kAttrArchive, 0, 0, time);
  return out;
}

std::array<char, 11> volume_label(std::string_view name) {
  std::array<char, 11> out;
  out.fill(' ');
  std::size_t n = 0;
  for (std::size_t i = 0; i < name.size() && n < 11; ++i) {
    const auto ch = static_cast<unsigned char>(name[i]);
    if (ch >= 0x80) {
      while (i + 1 < name.size() && (static_cast<unsigned char>(name[i + 1]) & 0xc0) == 0x80) ++i;
      out[n++] = '_';
      continue;
    }
    const char c = upper(static_cast<char>(ch));
    out[n++] = c == ' ' || short_char(c) ? c : '_';
  }
  const bool blank = std::all_of(out.begin(), out.end(), [](char c) { return c == ' '; });
  if (blank) std::copy_n("NO NAME    ", 11, out.begin());
  return out;
}

}  // namespace sw::writer::fat32
