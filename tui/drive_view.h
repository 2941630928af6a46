#pragma once
/// Drives as both front ends show them: a drive with its verdict, its title and its size.

#include <algorithm>
#include <cstddef>
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

/// The widths of a drive list's columns (the terminal UI's drive screen, `list`), in characters.
struct DriveColumns {
  std::size_t name = 0;       ///< the drives' names
  std::size_t size = 0;       ///< their sizes, as format_size_both writes them
  std::size_t model = 0;      ///< their titles (drive_title)
  std::size_t part_name = 0;  ///< their partitions' names
  std::size_t part_size = 0;  ///< their partitions' sizes
};

/// The narrowest name column of the terminal UI's lists ("nvme0n1" and "mmcblk0" fit), and the
/// widest they make room for: a longer name is clipped there, so that the columns after it keep
/// their room on an 80-column screen.
inline constexpr std::size_t kMinNameColumn = 8;
inline constexpr std::size_t kMaxNameColumn = 16;

/// The name column of a terminal UI list whose longest name is `longest` characters.
constexpr std::size_t name_column(std::size_t longest) {
  return std::clamp(longest, kMinNameColumn, kMaxNameColumn);
}

/// Each column as wide as its widest cell among `drives`, and never narrower than `minimum`'s:
/// a long name ("demo-stick", "nvme0n1") or size then keeps the columns after it in line.
DriveColumns drive_columns(const std::vector<const platform::Drive*>& drives,
                           const DriveColumns& minimum);

}  // namespace sw::tui
