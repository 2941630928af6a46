#include "tui/drive_view.h"

#include <fmt/format.h>

#include <algorithm>

#include "tui/words.h"

namespace sw::tui {

std::string format_size_both(std::uint64_t bytes) {
  if (bytes == 0) return "no medium";
  const double gb = static_cast<double>(bytes) / 1e9;
  const double gib = static_cast<double>(bytes) / (1024.0 * 1024 * 1024);
  if (bytes < 1'000'000'000ull) {
    return fmt::format("{:.1f} MB ({:.1f} MiB)", static_cast<double>(bytes) / 1e6,
                       static_cast<double>(bytes) / (1024.0 * 1024));
  }
  return fmt::format("{:.1f} GB ({:.1f} GiB)", gb, gib);
}

std::string drive_title(const platform::Drive& d) {
  std::string t = d.vendor.empty() ? d.model : d.vendor + " " + d.model;
  if (t.empty()) t = d.loop_backing.empty() ? "(no model name)" : "loop over " + d.loop_backing;
  return t;
}

std::string drive_title_and_size(const platform::Drive& d) {
  return drive_title(d) + ", " + format_bytes(d.size_bytes);
}

DriveColumns drive_columns(const std::vector<const platform::Drive*>& drives,
                           const DriveColumns& minimum) {
  DriveColumns c = minimum;
  for (const auto* d : drives) {
    c.name = std::max(c.name, d->name.size());
    c.size = std::max(c.size, format_size_both(d->size_bytes).size());
    c.model = std::max(c.model, drive_title(*d).size());
    for (const auto& p : d->partitions) {
      c.part_name = std::max(c.part_name, p.name.size());
      c.part_size = std::max(c.part_size, format_size_both(p.size_bytes).size());
    }
  }
  return c;
}

}  // namespace sw::tui
