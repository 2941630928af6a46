#pragma once
/// Drives as both front ends show them: a drive with its verdict, its title and its size.

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

/// "SanDisk Cruzer Blade, 16.00 GB": the title and the size, for one-line rows (the station's).
std::string drive_title_and_size(const platform::Drive& d);

}  // namespace sw::tui
