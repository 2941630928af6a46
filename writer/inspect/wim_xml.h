#pragma once
/// The XML metadata of a WIM file (install.wim, install.esd): image names, descriptions,
/// editions, versions, languages and times, read straight from the WIM's XML data resource
/// (which WIM and ESD files alike store uncompressed, as UTF-16LE XML) and parsed with pugixml.
/// wimlib opens a WIM only by path, and an install.wim lives inside the ISO: reading this one
/// resource out of the ISO's extent avoids copying gigabytes out first.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "platform/result.h"

namespace sw::writer::wim {

/// The largest XML data resource read: a real install.wim's is a few dozen KiB (about 3 KiB an
/// image).
inline constexpr std::uint64_t kMaxXmlBytes = 16ull << 20;

/// Where a WIM's XML data resource lies, from the header's resource header at byte 72
/// (wimlib's `struct wim_header_disk`, `xml_data_reshdr`).
struct XmlResource {
  std::uint64_t offset = 0, size = 0;
};

/// The XML data resource's place in a WIM whose header (its first 208 bytes) is `head`; an
/// error when `head` is not a WIM header, the resource is empty or compressed, larger than
/// kMaxXmlBytes or lies past `file_bytes`.
Result<XmlResource> xml_resource(std::span<const std::byte> head, std::uint64_t file_bytes);

/// One image of a WIM, as its XML says (elements missing from the XML stay empty or none).
struct WimImage {
  std::uint32_t index = 0;
  std::string name, description, display_name;
  std::string edition;  ///< WINDOWS/EDITIONID, else FLAGS ("Professional", "CoreN")
  std::string flags;    ///< FLAGS
  /// WINDOWS/VERSION: MAJOR.MINOR.BUILD.SPBUILD and SPLEVEL, none when the XML has no version.
  std::optional<std::uint32_t> major, minor, build, sp_build, sp_level;
  std::vector<std::string> languages;  ///< WINDOWS/LANGUAGES/LANGUAGE
  /// CREATIONTIME and LASTMODIFICATIONTIME (FILETIME, HIGHPART/LOWPART) in seconds since
  /// 1970-01-01 UTC; none when missing or unreadable.
  std::optional<std::int64_t> created, modified;
};

/// Parses a WIM's XML data (UTF-16LE with a byte order mark, or UTF-8) into its images, in the
/// order of their INDEX. An error when it is not XML with a WIM root element.
Result<std::vector<WimImage>> parse_xml(std::span<const std::byte> xml);

/// "10.0.19041.572" (MAJOR.MINOR.BUILD.SPBUILD), "" when the image has no version.
std::string version_text(const WimImage& image);

/// A FILETIME (100 ns units since 1601-01-01 UTC) in seconds since 1970-01-01 UTC.
std::int64_t filetime_to_unix(std::uint64_t filetime);

}  // namespace sw::writer::wim
