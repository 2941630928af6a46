#pragma once
/// Drives as `list` shows them: table rows for a person and the `list --json` schema.

#include <string>
#include <vector>

#include "tui/drive_view.h"

namespace sw::tui {

/// The JSON object of one drive (the `list --json` schema, see README).
std::string drive_json(const ListedDrive& d);

/// The whole `list --json` document.
std::string drives_json(const std::vector<ListedDrive>& drives);

/// Human table lines for the drives, partitions indented; `with_reasons` adds why a drive is
/// not offered.
std::vector<std::string> drive_table(const std::vector<ListedDrive>& drives, bool with_reasons);

}  // namespace sw::tui
