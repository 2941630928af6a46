#pragma once
/// The tells of a doctored Windows installer ISO, looked for in its file tree: answer files,
/// sources/$OEM$, executables, scripts and drivers a release does not have, and the install
/// image's metadata (wim_tells.h).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "writer/inspect/file_tree.h"
#include "writer/inspect/tamper_tell.h"
#include "writer/inspect/wim_xml.h"

namespace sw::writer {

/// What the tamper checks found.
struct TamperFindings {
  std::vector<TamperTell> tells;      ///< what a release never contains
  std::vector<TamperTell> notes;      ///< shown, not counted: edition selectors, unread metadata
  std::vector<wim::WimImage> images;  ///< the install image's images, as its XML says
};

/// At most this many files of sources/$OEM$ are listed one by one; one more tell counts the rest.
inline constexpr std::size_t kMaxOemTells = 20;

/// Looks through `tree` for tells. `install` is the install image's path ("/sources/
/// install.wim", as the tree spells it) and `install_bytes` its size; `iso_created` the
/// volume's creation time (seconds since 1970 UTC), none when the ISO records none.
TamperFindings find_tamper_tells(const FileTree& tree, const std::string& install,
                                 std::uint64_t install_bytes,
                                 std::optional<std::int64_t> iso_created);

}  // namespace sw::writer
