// Directory entries of a FAT32 volume: short entries, the long-name entries before them, the
// "." and ".." entries and the volume label (fatgen103 §6, §7).

#include <fmt/format.h>

#include <algorithm>

#include "writer/fat32/fat32.h"
#include "writer/fat32/le_bytes.h"

namespace sw::writer::fat32 {

using detail::put_le16;
using detail::put_le32;

namespace {

/// Appends one zeroed 32-byte entry to `out` and returns it to be filled.
std::span<std::byte> new_entry(std::vector<std::byte>& out) {
  const std::size_t at = out.size();
  out.resize(at + kDirEntryBytes);
  return std::span<std::byte>(out).subspan(at, kDirEntryBytes);
}

/// fatgen103 §7: a long name holds at most 255 characters (UTF-16 units), 13 per entry.
constexpr std::size_t kMaxLongNameUnits = 255;
constexpr std::size_t kUnitsPerLongEntry = 13;
constexpr std::uint8_t kLastLongEntry = 0x40;
/// Where the 13 UTF-16 units of a long-name entry lie: LDIR_Name1 (5 units at 1), LDIR_Name2
/// (6 at 14) and LDIR_Name3 (2 at 28).
constexpr std::size_t kLongEntryUnitOffsets[kUnitsPerLongEntry] = {1,  3,  5,  7,  9,  14, 16,
                                                                   18, 20, 22, 24, 28, 30};

/// The long name as UTF-16, or why it cannot be one. fatgen103 §7 lists the characters a long
/// name may hold beyond a short name's; control characters and " * / : < > ? \ | are not among
/// them, and "." and ".." name the directory entries that every subdirectory starts with.
Result<std::u16string> long_name_units(std::string_view utf8) {
  auto units = utf8_to_utf16(utf8);
  if (!units) return fail(ErrorKind::kInput, fmt::format("file name is not valid UTF-8: {}", utf8));
  if (units->empty() || *units == u"." || *units == u"..") {
    return fail(ErrorKind::kInput, fmt::format("'{}' cannot name a file on FAT32", utf8));
  }
  if (units->size() > kMaxLongNameUnits) {
    return fail(ErrorKind::kInput,
                fmt::format("file name has {} UTF-16 units; FAT32 allows at most {}: {}",
                            units->size(), kMaxLongNameUnits, utf8));
  }
  for (const char16_t u : *units) {
    if (u < 0x20 || std::u16string_view(u"\"*/:<>?\\|").find(u) != std::u16string_view::npos) {
      return fail(ErrorKind::kInput,
                  fmt::format("file name holds a character FAT32 does not allow: {}", utf8));
    }
  }
  return std::move(*units);
}

/// False when the short entry alone says the name: it fits 8.3 as it is and the short name is
/// that very name (not one with a numeric tail because another entry took it).
bool needs_long_entries(const EntrySpec& e) {
  if (!ShortNameTable::fits_short(e.long_name)) return true;
  ShortNameTable fresh;
  return fresh.add(e.long_name) != e.short_name;
}

/// Appends the long-name entries, last part first (fatgen103 §7: the entry with the highest
/// ordinal, marked 0x40, comes first and the short entry follows ordinal 1). Unused units
/// after the name are one 0x0000 and then 0xFFFF; a name filling its last entry has no 0x0000.
void append_long_entries(std::vector<std::byte>& out, const std::u16string& name,
                         std::uint8_t checksum) {
  const std::size_t count = (name.size() + kUnitsPerLongEntry - 1) / kUnitsPerLongEntry;
  for (std::size_t ordinal = count; ordinal >= 1; --ordinal) {
    const auto d = new_entry(out);
    d[0] = static_cast<std::byte>(ordinal | (ordinal == count ? kLastLongEntry : 0));
    d[11] = static_cast<std::byte>(kAttrLongName);
    d[12] = std::byte{0};  // LDIR_Type
    d[13] = static_cast<std::byte>(checksum);
    put_le16(d, 26, 0);  // LDIR_FstClusLO
    for (std::size_t i = 0; i < kUnitsPerLongEntry; ++i) {
      const std::size_t at = (ordinal - 1) * kUnitsPerLongEntry + i;
      const char16_t unit = at < name.size() ? name[at] : (at == name.size() ? 0x0000 : 0xFFFF);
      put_le16(d, kLongEntryUnitOffsets[i], unit);
    }
  }
}

/// Appends a short (8.3) entry, fatgen103 §6. Every date field gets the same stamp.
void append_short_entry(std::vector<std::byte>& out, const ShortName& name, std::uint8_t attr,
                        std::uint32_t cluster, std::uint32_t size, const DosTime& t) {
  const auto d = new_entry(out);
  detail::put_text(d, 0, std::string_view(name.data(), name.size()));  // DIR_Name
  d[11] = static_cast<std::byte>(attr);
  d[12] = std::byte{0};  // DIR_NTRes
  d[13] = static_cast<std::byte>(t.tenths);
  put_le16(d, 14, t.time);  // DIR_CrtTime
  put_le16(d, 16, t.date);  // DIR_CrtDate
  put_le16(d, 18, t.date);  // DIR_LstAccDate
  put_le16(d, 20, static_cast<std::uint16_t>(cluster >> 16));
  put_le16(d, 22, t.time);  // DIR_WrtTime
  put_le16(d, 24, t.date);  // DIR_WrtDate
  put_le16(d, 26, static_cast<std::uint16_t>(cluster & 0xFFFF));
  put_le32(d, 28, size);
}

ShortName padded(std::string_view text) {
  ShortName n;
  n.fill(' ');
  std::copy(text.begin(), text.end(), n.begin());
  return n;
}

}  // namespace

Result<std::vector<std::byte>> directory_entries(const EntrySpec& e) {
  auto name = long_name_units(e.long_name);
  if (!name) return name.failure();
  // A first byte of 0x00 means "end of directory" and 0xE5 "deleted" (fatgen103 §6); a short
  // name from ShortNameTable never starts with either, a forgotten one starts with 0x00.
  if (e.short_name[0] == '\0' || e.short_name[0] == ' ' ||
      static_cast<unsigned char>(e.short_name[0]) == 0xE5) {
    return fail(ErrorKind::kInput, fmt::format("no valid short name for '{}'", e.long_name));
  }
  std::vector<std::byte> out;
  if (needs_long_entries(e)) append_long_entries(out, *name, lfn_checksum(e.short_name));
  // fatgen103 §6: DIR_FileSize is 0 for a directory.
  const bool is_dir = (e.attributes & kAttrDirectory) != 0;
  append_short_entry(out, e.short_name, e.attributes, e.first_cluster, is_dir ? 0 : e.size, e.time);
  return out;
}

std::vector<std::byte> dot_entries(std::uint32_t self_cluster, std::uint32_t parent_cluster,
                                   DosTime time) {
  std::vector<std::byte> out;
  append_short_entry(out, padded("."), kAttrDirectory, self_cluster, 0, time);
  append_short_entry(out, padded(".."), kAttrDirectory, parent_cluster, 0, time);
  return out;
}

std::vector<std::byte> volume_label_entry(const std::array<char, 11>& label, DosTime time) {
  std::vector<std::byte> out;
  append_short_entry(out, label, kAttrVolumeId, 0, 0, time);
  return out;
}

}  // namespace sw::writer::fat32
