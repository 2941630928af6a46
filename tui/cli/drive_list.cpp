#include "tui/cli/drive_list.h"

#include <fmt/format.h>

#include "tui/json.h"

namespace sw::tui {
namespace {

std::string json_strings(const std::vector<std::string>& items) {
  std::vector<std::string> quoted;
  for (const auto& s : items) quoted.push_back(fmt::format("\"{}\"", json_escape(s)));
  return json_array(quoted);
}

std::string partition_json(const platform::Partition& p) {
  JsonObject o;
  o.add("path", p.path)
      .add("name", p.name)
      .add("size_bytes", p.size_bytes)
      .add("label", p.label)
      .add("fstype", p.fstype)
      .add("uuid", p.uuid)
      .add_raw("mountpoints", json_strings(p.mountpoints))
      .add_raw("holders", json_strings(p.holders));
  return o.str();
}

}  // namespace

std::string drive_json(const ListedDrive& ld) {
  const auto& d = ld.drive;
  JsonObject o;
  o.add("path", d.path)
      .add("name", d.name)
      .add("major_minor", fmt::format("{}:{}", d.major, d.minor))
      .add("size_bytes", d.size_bytes)
      .add("logical_sector_size", std::uint64_t{d.logical_sector})
      .add("vendor", d.vendor)
      .add("model", d.model)
      .add("serial", d.serial)
      .add("transport", platform::transport_name(d.transport))
      .add("removable", d.removable)
      .add("hotplug", d.hotplug)
      .add("read_only", d.read_only)
      .add("rotational", d.rotational);
  if (d.diskseq) {
    o.add("diskseq", *d.diskseq);
  } else {
    o.add_raw("diskseq", "null");
  }
  o.add("eligible", ld.eligibility.verdict == platform::Verdict::kOffered)
      .add("verdict", platform::verdict_name(ld.eligibility.verdict))
      .add("looks_like_hard_disk", ld.eligibility.looks_like_hard_disk)
      .add_raw("reasons", json_strings(ld.eligibility.reasons))
      .add_raw("warnings", json_strings(ld.eligibility.warnings))
      .add("label", d.label)
      .add("fstype", d.fstype)
      .add_raw("mountpoints", json_strings(d.mountpoints));
  std::vector<std::string> parts;
  for (const auto& p : d.partitions) parts.push_back(partition_json(p));
  o.add_raw("partitions", json_array(parts));
  return o.str();
}

std::string drives_json(const std::vector<ListedDrive>& drives) {
  std::vector<std::string> items;
  for (const auto& d : drives) items.push_back(drive_json(d));
  return "{\"drives\":" + json_array(items) + "}";
}

std::vector<std::string> drive_table(const std::vector<ListedDrive>& drives, bool with_reasons) {
  // Every column as wide as its widest cell (at least the widths this table always had), so a
  // long name ("demo-stick", "nvme0n1"), a large size or a loop device's backing file keeps the
  // columns after it in line.
  std::vector<const platform::Drive*> shown;
  for (const auto& ld : drives) shown.push_back(&ld.drive);
  const auto c =
      drive_columns(shown, {.name = 10, .size = 20, .model = 30, .part_name = 10, .part_size = 20});
  std::vector<std::string> lines;
  lines.push_back(fmt::format("{:<{}} {:<{}} {:<9} {:<{}} {}", "NAME", c.name, "SIZE", c.size,
                              "TRANSPORT", "MODEL", c.model, "SERIAL"));
  for (const auto& ld : drives) {
    const auto& d = ld.drive;
    lines.push_back(fmt::format(
        "{:<{}} {:<{}} {:<9} {:<{}} {}", d.name, c.name, format_size_both(d.size_bytes), c.size,
        platform::transport_name(d.transport), drive_title(d), c.model, d.serial));
    if (!d.fstype.empty()) {
      lines.push_back(fmt::format("  (whole disk) {} \"{}\"", d.fstype, d.label));
    }
    for (const auto& p : d.partitions) {
      std::string line = fmt::format("  {:<{}} {:<{}} {:<6} \"{}\"", p.name, c.part_name,
                                     format_size_both(p.size_bytes), c.part_size,
                                     p.fstype.empty() ? "-" : p.fstype, p.label);
      for (const auto& mp : p.mountpoints) line += fmt::format("  mounted at {}", mp);
      lines.push_back(line);
    }
    if (with_reasons && !ld.eligibility.reasons.empty()) {
      const char* head = ld.eligibility.verdict == platform::Verdict::kNever ? "never written"
                         : ld.eligibility.verdict == platform::Verdict::kNeedsFlag
                             ? "not offered without --allow-non-removable"
                             : "note";
      for (const auto& r : ld.eligibility.reasons)
        lines.push_back(fmt::format("  {}: {} {}", head, d.name, r));
    }
    for (const auto& w : ld.eligibility.warnings)
      lines.push_back(fmt::format("  note: {} {}", d.name, w));
  }
  return lines;
}

}  // namespace sw::tui
