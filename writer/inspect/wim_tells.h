#pragma once
/// The tells in an install image's metadata: names of modified builds, images modified after
/// the ISO was made, images added or an edition missing.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "writer/inspect/tamper_tell.h"
#include "writer/inspect/wim_xml.h"

namespace sw::writer {

/// How much later than the ISO's creation an image may have been modified before it is a tell:
/// a day, for clocks and time zones (the ISO's date is the recorder's local time with an
/// offset some tools get wrong).
inline constexpr std::int64_t kWimTimeSlackSeconds = 24 * 60 * 60;

/// The word of `text` (matched whole, without case) that names a modified build: "lite",
/// "superlite", "mod", "modded", "tweaked", "debloated", "preactivated", "activated",
/// "updated", "ghost", "tiny10", "tiny11" ("Pre-activated" and "X-Lite" match by their
/// parts); none when there is none.
std::optional<std::string> modified_build_word(std::string_view text);

/// What the edition selector says, for comparing with the images.
struct EditionList {
  std::string path;     ///< "/sources/ei.cfg"
  std::string edition;  ///< its [EditionID], "" when it names none
};

/// The EditionID of an ei.cfg file's text ("" when it has none).
std::string ei_cfg_edition(std::string_view text);

/// The tells of the images of `wim` (the install image's path): suspicious names and
/// descriptions, images modified more than kWimTimeSlackSeconds after `iso_created`, an
/// ei.cfg edition no image has, and duplicate image names.
std::vector<TamperTell> wim_tells(const std::vector<wim::WimImage>& images, const std::string& wim,
                                  std::optional<std::int64_t> iso_created,
                                  const std::optional<EditionList>& editions);

/// "2024-05-01 10:00 UTC".
std::string utc_text(std::int64_t unix_seconds);

}  // namespace sw::writer
