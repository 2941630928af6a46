#pragma once
/// The modification time of every file and directory of a UDF volume, read from its File
/// Entries (ECMA-167 part 4). libudfread gives names, sizes and data but no times, and a
/// Windows stick should show the dates the ISO records. Plain UDF 1.02-2.01 with one physical
/// partition, as Windows ISOs and genisoimage write them; other layouts give an error and the
/// caller falls back to one date for all.

#include <cstdint>
#include <map>
#include <string>

#include "platform/result.h"
#include "writer/inspect/image_bytes.h"

namespace sw::writer {

/// A UDF timestamp (ECMA-167 1/7.3) as recorded, in the recorder's local time.
struct UdfTime {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  auto operator<=>(const UdfTime&) const = default;
};

/// Times by path: "" for the root, "/sources/install.wim", with names in UTF-8 as libudfread
/// spells them. At most `max_entries` entries and 32 levels; an error when the volume is not
/// the plain kind described above or is damaged.
Result<std::map<std::string, UdfTime>> read_udf_times(const ImageBytes& image,
                                                      std::size_t max_entries);

}  // namespace sw::writer
