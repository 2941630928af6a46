// Names on a FAT32 volume: UTF-8 to UTF-16, 8.3 short names with numeric tails, the long-name
// checksum and volume labels (fatgen103 §6, §7).

#include <fmt/format.h>

#include <algorithm>
#include <string_view>

#include "writer/fat32/fat32.h"

namespace sw::writer::fat32 {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

/// The bytes after a UTF-8 lead byte, and the smallest code point such a sequence may encode
/// (anything smaller is an overlong form, which RFC 3629 forbids).
struct Utf8Lead {
  int continuation_bytes;
  char32_t payload;
  char32_t minimum;
};

std::optional<Utf8Lead> utf8_lead(unsigned char b) {
  if (b < 0x80) return Utf8Lead{0, b, 0};
  if (b >= 0xC2 && b <= 0xDF) return Utf8Lead{1, char32_t{b} & 0x1Fu, 0x80};
  if (b >= 0xE0 && b <= 0xEF) return Utf8Lead{2, char32_t{b} & 0x0Fu, 0x800};
  if (b >= 0xF0 && b <= 0xF4) return Utf8Lead{3, char32_t{b} & 0x07u, 0x10000};
  return std::nullopt;
}

/// Decodes the code point at `pos` and moves past it; on invalid UTF-8 (a bad lead or
/// continuation byte, an overlong form, a surrogate, beyond U+10FFFF) moves one byte and
/// returns none.
std::optional<char32_t> next_code_point(std::string_view s, std::size_t& pos) {
  const auto lead = utf8_lead(static_cast<unsigned char>(s[pos++]));
  if (!lead) return std::nullopt;
  const std::size_t start = pos;
  char32_t cp = lead->payload;
  for (int i = 0; i < lead->continuation_bytes; ++i) {
    if (pos >= s.size()) break;
    const auto b = static_cast<unsigned char>(s[pos]);
    if ((b & 0xC0) != 0x80) break;
    cp = (cp << 6) | (b & 0x3Fu);
    ++pos;
  }
  const bool complete = pos - start == static_cast<std::size_t>(lead->continuation_bytes);
  if (complete && cp >= lead->minimum && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF)) {
    return cp;
  }
  pos = start;
  return std::nullopt;
}

/// The code points of `s`, invalid bytes each becoming U+FFFD.
std::u32string code_points(std::string_view s) {
  std::u32string out;
  for (std::size_t pos = 0; pos < s.size();) out += next_code_point(s, pos).value_or(kReplacement);
  return out;
}

char32_t upper_ascii(char32_t c) { return (c >= U'a' && c <= U'z') ? c - U'a' + U'A' : c; }

/// fatgen103 §6, "the legal characters for DOS short names": upper-case letters, digits and
/// $ % ' - _ @ ~ ` ! ( ) { } ^ # &. Codes above 127 are legal too, but they mean characters
/// of an OEM code page; we write none, so a reader in any code page shows the same name.
bool is_short_name_char(char32_t c) {
  if ((c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9')) return true;
  return c < 0x80 && std::u32string_view(U"$%'-_@~`!(){}^#&").find(c) != std::u32string_view::npos;
}

/// A short-name character for `c`: upper case, '_' for what a short name cannot hold.
char short_char(char32_t c) {
  c = upper_ascii(c);
  return is_short_name_char(c) ? static_cast<char>(c) : '_';
}

/// The basis name of fatgen103 §7 ("The Basis-Name Generation Algorithm"), as Windows forms it:
/// spaces and leading periods removed, the extension from after the LAST period, the primary
/// part from everything before it with embedded periods removed ("a.b.c" -> "AB" + "C"), each
/// character upper-cased or turned into '_', then cut to 8 and 3.
struct Basis {
  std::string base;
  std::string ext;
};

Basis basis_name(std::string_view long_name) {
  std::u32string cps = code_points(long_name);
  std::erase(cps, U' ');
  cps.erase(0, cps.find_first_not_of(U'.'));
  const std::size_t last_dot = cps.rfind(U'.');
  Basis b;
  for (std::size_t i = 0; i < std::min(last_dot, cps.size()); ++i) {
    if (cps[i] != U'.' && b.base.size() < 8) b.base += short_char(cps[i]);
  }
  if (last_dot != std::u32string::npos) {
    for (std::size_t i = last_dot + 1; i < cps.size() && b.ext.size() < 3; ++i) {
      b.ext += short_char(cps[i]);
    }
  }
  // Only a name of spaces and periods leaves nothing; a short name needs a first character.
  if (b.base.empty()) b.base.push_back('_');
  return b;
}

ShortName stored_name(std::string_view base, std::string_view ext) {
  ShortName n;
  n.fill(' ');
  std::copy(base.begin(), base.end(), n.begin());
  std::copy(ext.begin(), ext.end(), n.begin() + 8);
  return n;
}

/// fatgen103 §7 allows tails up to "~999999"; a directory holds at most 65536 entries
/// (fatgen103 §6), so the search for a free tail always ends before this.
constexpr std::uint32_t kLargestNumericTail = 999999;

}  // namespace

std::optional<std::u16string> utf8_to_utf16(std::string_view utf8) {
  std::u16string out;
  for (std::size_t pos = 0; pos < utf8.size();) {
    const auto cp = next_code_point(utf8, pos);
    if (!cp) return std::nullopt;
    if (*cp < 0x10000) {
      out += static_cast<char16_t>(*cp);
      continue;
    }
    const char32_t v = *cp - 0x10000;
    out += static_cast<char16_t>(0xD800 + (v >> 10));
    out += static_cast<char16_t>(0xDC00 + (v & 0x3FF));
  }
  return out;
}

bool ShortNameTable::fits_short(std::string_view long_name_utf8) {
  const std::string_view name = long_name_utf8;
  const std::size_t dot = name.find('.');
  const std::string_view base = name.substr(0, dot);
  const std::string_view ext = dot == std::string_view::npos ? "" : name.substr(dot + 1);
  if (base.empty() || base.size() > 8) return false;
  if (dot != std::string_view::npos && (ext.empty() || ext.size() > 3)) return false;
  const auto valid = [](char c) { return is_short_name_char(static_cast<unsigned char>(c)); };
  return std::all_of(base.begin(), base.end(), valid) && std::all_of(ext.begin(), ext.end(), valid);
}

ShortName ShortNameTable::add(std::string_view long_name_utf8) {
  const Basis b = basis_name(long_name_utf8);
  const auto take_if_free = [this](const ShortName& n) {
    const auto at = std::lower_bound(m_taken.begin(), m_taken.end(), n);
    if (at != m_taken.end() && *at == n) return false;
    m_taken.insert(at, n);
    return true;
  };
  // fatgen103 §7: the basis name alone when nothing was lost and the name is an 8.3 name once
  // upper-cased (upper-casing is not a loss: the long-name entries keep the case).
  std::string upper(long_name_utf8);
  std::transform(upper.begin(), upper.end(), upper.begin(), [](char c) {
    return static_cast<char>(upper_ascii(static_cast<unsigned char>(c)));
  });
  const ShortName plain = stored_name(b.base, b.ext);
  if (fits_short(upper) && take_if_free(plain)) return plain;
  // "The Numeric-Tail Generation Algorithm": the smallest free ~N, the primary part cut so
  // that it and the tail fit in 8 characters. Tails once taken stay taken, so the search for a
  // basis resumes where its last one ended (many names sharing a prefix stay linear).
  std::uint32_t& tail = m_next_tail.try_emplace(plain, 1).first->second;
  ShortName candidate = plain;
  for (; tail <= kLargestNumericTail; ++tail) {
    const std::string t = fmt::format("~{}", tail);
    const std::string base = b.base.substr(0, std::min(b.base.size(), 8 - t.size())) + t;
    candidate = stored_name(base, b.ext);
    if (take_if_free(candidate)) {
      ++tail;
      return candidate;
    }
  }
  return candidate;
}

std::uint8_t lfn_checksum(const ShortName& name) {
  // fatgen103 §7, ChkSum(): rotate the 8-bit sum right by one, then add the next byte.
  std::uint8_t sum = 0;
  for (const char c : name) {
    sum = static_cast<std::uint8_t>(((sum & 1) ? 0x80 : 0) + (sum >> 1) +
                                    static_cast<unsigned char>(c));
  }
  return sum;
}

std::array<char, 11> volume_label(std::string_view name) {
  // A label takes the short-name characters and spaces (fatgen103 §6: the label is stored like
  // a short name, 11 characters, no period). Leading spaces would make it look empty to some
  // tools, so they go; trailing ones are padding.
  std::u32string cps = code_points(name);
  cps.erase(0, cps.find_first_not_of(U' '));
  std::array<char, 11> label;
  label.fill(' ');
  const std::size_t n = std::min(cps.size(), label.size());
  for (std::size_t i = 0; i < n; ++i) label[i] = cps[i] == U' ' ? ' ' : short_char(cps[i]);
  if (n == 0) {
    const std::string_view none = "NO NAME    ";
    std::copy(none.begin(), none.end(), label.begin());
  }
  return label;
}

}  // namespace sw::writer::fat32
