#pragma once
/// Drives as people and scripts read them: table rows and the `list --json` schema.

#include <string>
#include <string_view>
#include <vector>

#include "platform/drive_rules.h"
#include "platform/drives.h"

namespace sw::tui {

/// A drive with its verdict, as listed.
struct ListedDrive {
  platform::Drive drive;
  platform::Eligibility eligibility;
};

/// "16.0 GB (14.9 GiB)": decimal as on the package, binary as tools report.
std::string format_size_both(std::uint64_t bytes);

/// "SanDisk Cruzer Blade" from vendor and model, or a fallback.
std::string drive_title(const platform::Drive& d);

/// The JSON object of one drive (the `list --json` schema, see README).
std::string drive_json(const ListedDrive& d);

/// The whole `list --json` document.
std::string drives_json(const std::vector<ListedDrive>& drives);

/// Human table lines for the drives, partitions indented; `with_reasons` adds why a drive is
/// not offered.
std::vector<std::string> drive_table(const std::vector<ListedDrive>& drives, bool with_reasons);

}  // namespace sw::tui
