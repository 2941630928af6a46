// What the command line says of a Windows installer's stick (windows_words.h).

#include "tui/cli/windows_words.h"

#include <fmt/format.h>

#include "tui/inspect_report.h"
#include "tui/json.h"
#include "tui/text_out.h"
#include "tui/words.h"

namespace sw::tui {
namespace {

/// Whether the stick boots on UEFI, and from which file.
std::string uefi_text(const writer::WindowsStickInfo& i) {
  switch (i.bootx64_from) {
    case writer::Bootx64Origin::kIso:
      return "yes (efi/boot/bootx64.efi)";
    case writer::Bootx64Origin::kWim:
      // Before the prepare phase this is a plan: the note after it says whether it worked.
      return fmt::format(
          "if the boot manager can be taken out of {} with wimlib (after the hash "
          "check; a note says)",
          i.bootx64_wim);
    case writer::Bootx64Origin::kNone:
      break;
  }
  return "no";
}

/// The "bootx64_from" member of the JSON report: "iso", the WIM's UDF path, or null.
void add_bootx64_from(JsonObject& o, const writer::WindowsStickInfo& i) {
  switch (i.bootx64_from) {
    case writer::Bootx64Origin::kIso:
      o.add("bootx64_from", "iso");
      return;
    case writer::Bootx64Origin::kWim:
      o.add("bootx64_from", i.bootx64_wim);
      return;
    case writer::Bootx64Origin::kNone:
      break;
  }
  o.add_raw("bootx64_from", "null");
}

}  // namespace

std::string windows_json(const writer::WindowsStickInfo* stick, const writer::Inspection& r) {
  JsonObject o;
  add_tamper_json(o, r);
  if (stick == nullptr) return r.windows ? o.str() : std::string();
  const auto& i = *stick;
  o.add("label", i.label)
      .add("partition_bytes", i.partition_bytes)
      .add("cluster_bytes", i.cluster_bytes)
      .add("files", i.file_count)
      .add("folders", i.dir_count)
      .add("file_bytes", i.file_bytes)
      .add("uefi", i.uefi())
      .add("prepared", i.prepared);
  add_bootx64_from(o, i);
  std::vector<std::string> split;
  for (const auto& [path, parts] : i.split) {
    split.push_back(JsonObject().add("path", path).add("parts", std::uint64_t{parts}).str());
  }
  o.add_raw("split", json_array(split));
  return o.str();
}

void announce_stick(const writer::WindowsStickSource& stream) {
  const auto& i = stream.info();
  print_line(err_out(),
             "stickwright: Windows mode: MBR with GRUB's BIOS boot code (from this system's "
             "grub-pc-bin), one FAT32 partition '{}' of {} with {} files in {} folders ({}); "
             "UEFI x64 boot: {}",
             i.label, format_bytes(i.partition_bytes), i.file_count, i.dir_count,
             format_bytes(i.file_bytes), uefi_text(i));
  for (const auto& [path, parts] : i.split) {
    print_line(err_out(),
               "stickwright: Windows mode: {} is over FAT32's 4 GiB - 1 per file: it will be "
               "split with wimlib into about {} .swm parts once the ISO's hash is accepted",
               path, parts);
  }
}

}  // namespace sw::tui
