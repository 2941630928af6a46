#include "writer/inspect/wim_xml.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <pugixml.hpp>

#include "writer/inspect/image_bytes.h"
#include "writer/inspect/wim_header.h"

namespace sw::writer::wim {
namespace {

// The resource header of the XML data (wimlib's struct wim_reshdr_disk): 7 bytes of size in
// the WIM, 1 byte of flags, 8 bytes of offset, 8 bytes of uncompressed size.
constexpr std::size_t kXmlReshdrAt = 72;
constexpr std::uint8_t kReshdrCompressed = 0x04, kReshdrSolid = 0x10;
// Seconds from 1601-01-01 to 1970-01-01.
constexpr std::int64_t kFiletimeEpochSeconds = 11644473600;

/// The text of the first child element named `name`, "" when there is none.
std::string child_text(const pugi::xml_node& node, const char* name) {
  return node.child(name).text().as_string();
}

std::optional<std::uint32_t> number(const pugi::xml_node& node, const char* name) {
  const auto child = node.child(name);
  if (!child) return std::nullopt;
  const std::string_view s = child.text().as_string();
  std::uint32_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

/// "0x01D9..." (as Microsoft and wimlib write HIGHPART and LOWPART) or decimal.
std::optional<std::uint32_t> hex_part(const pugi::xml_node& node, const char* name) {
  std::string_view s = node.child(name).text().as_string();
  int base = 10;
  if (s.starts_with("0x") || s.starts_with("0X")) {
    s.remove_prefix(2);
    base = 16;
  }
  std::uint32_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<std::int64_t> filetime(const pugi::xml_node& node) {
  if (!node) return std::nullopt;
  const auto high = hex_part(node, "HIGHPART"), low = hex_part(node, "LOWPART");
  if (!high || !low) return std::nullopt;
  return filetime_to_unix(std::uint64_t{*high} << 32 | *low);
}

WimImage read_image(const pugi::xml_node& node) {
  WimImage w;
  w.index = node.attribute("INDEX").as_uint();
  w.name = child_text(node, "NAME");
  w.description = child_text(node, "DESCRIPTION");
  w.display_name = child_text(node, "DISPLAYNAME");
  w.flags = child_text(node, "FLAGS");
  const auto windows = node.child("WINDOWS");
  w.edition = child_text(windows, "EDITIONID");
  if (w.edition.empty()) w.edition = w.flags;
  if (const auto v = windows.child("VERSION")) {
    w.major = number(v, "MAJOR");
    w.minor = number(v, "MINOR");
    w.build = number(v, "BUILD");
    w.sp_build = number(v, "SPBUILD");
    w.sp_level = number(v, "SPLEVEL");
  }
  for (const auto& l : windows.child("LANGUAGES").children("LANGUAGE")) {
    w.languages.emplace_back(l.text().as_string());
  }
  w.created = filetime(node.child("CREATIONTIME"));
  w.modified = filetime(node.child("LASTMODIFICATIONTIME"));
  return w;
}

}  // namespace

Result<XmlResource> xml_resource(std::span<const std::byte> head, std::uint64_t file_bytes) {
  if (header_kind(head) == HeaderKind::kNotWim) {
    return fail(ErrorKind::kInput, "it does not start with a WIM header");
  }
  std::uint64_t size = 0;
  for (int i = 6; i >= 0; --i)
    size = size << 8 | byte_at(head, kXmlReshdrAt + static_cast<std::size_t>(i));
  const std::uint8_t flags = byte_at(head, kXmlReshdrAt + 7);
  const XmlResource r{le64(head, kXmlReshdrAt + 8), size};
  if (r.size == 0) return fail(ErrorKind::kInput, "its header names no XML data");
  if ((flags & (kReshdrCompressed | kReshdrSolid)) != 0) {
    return fail(ErrorKind::kInput,
                fmt::format("its XML data is marked compressed (flags 0x{:02x})", flags));
  }
  if (r.size > kMaxXmlBytes) {
    return fail(ErrorKind::kInput, fmt::format("its XML data is {} bytes, over the {} MiB read",
                                               r.size, kMaxXmlBytes >> 20));
  }
  if (r.offset > file_bytes || r.size > file_bytes - r.offset) {
    return fail(ErrorKind::kInput,
                fmt::format("its XML data ({} bytes at byte {}) lies past its end ({} bytes)",
                            r.size, r.offset, file_bytes));
  }
  return r;
}

Result<std::vector<WimImage>> parse_xml(std::span<const std::byte> xml) {
  pugi::xml_document doc;
  // No DOCTYPE processing and no external entities: pugixml expands only the five predefined
  // entities and character references.
  const auto parsed =
      doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_auto);
  if (!parsed) {
    return fail(ErrorKind::kInput, fmt::format("its XML data is not well-formed: {} at byte {}",
                                               parsed.description(), parsed.offset));
  }
  const auto root = doc.child("WIM");
  if (!root) return fail(ErrorKind::kInput, "its XML data has no WIM element");
  std::vector<WimImage> images;
  for (const auto& node : root.children("IMAGE")) images.push_back(read_image(node));
  std::stable_sort(images.begin(), images.end(),
                   [](const WimImage& a, const WimImage& b) { return a.index < b.index; });
  return images;
}

std::string version_text(const WimImage& image) {
  if (!image.major || !image.minor || !image.build) return "";
  return fmt::format("{}.{}.{}.{}", *image.major, *image.minor, *image.build,
                     image.sp_build.value_or(0));
}

std::int64_t filetime_to_unix(std::uint64_t filetime) {
  return static_cast<std::int64_t>(filetime / 10'000'000) - kFiletimeEpochSeconds;
}

}  // namespace sw::writer::wim
