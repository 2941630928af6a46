// `stickwright write`: hash first, then write and verify, to a drive or a file.

#include <fmt/format.h>

#include <memory>
#include <optional>

#include "platform/drive_select.h"
#include "platform/files.h"
#include "platform/linux_device.h"
#include "platform/signals.h"
#include "sw_version.h"
#include "tui/audit_log.h"
#include "tui/cli/common.h"
#include "tui/cli/words.h"
#include "tui/cli/write_common.h"
#include "tui/drive_view.h"
#include "tui/exit_codes.h"
#include "tui/inspect_report.h"
#include "tui/json.h"
#include "tui/text_out.h"
#include "tui/words.h"
#include "writer/inspect_file.h"
#include "writer/plan/write_plan.h"

namespace sw::tui {
namespace {
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

/// The "windows" object of the JSON report: the stick built (Windows mode), and the ISO's
/// tells (also when a Windows installer is written raw).
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

/// Says what the Windows stick generated for the target will hold.
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

}  // namespace

int run_write(const CliOptions& o, Output& out) {
  auto prepared = prepare_write(o);
  if (!prepared) return out.error(prepared.error());
  if (o.targets.size() > 1) return run_write_many(o, out, *prepared);
  const auto& inspection = prepared->inspection;
  auto& plan = prepared->plan;
  auto& target = plan.targets.front();
  if (target.stream) announce_stick(*target.stream);

  auto job = writer::make_job(plan, target, out.progress_sink(),
                              writer::CancelToken(&platform::interrupt_flag()));
  ReportContext ctx{Command::kWrite, o.image, o.target, ""};
  if (auto pre = writer::preflight(job); !pre) {
    if (pre.error().kind != ErrorKind::kNotAuthentic) return out.error(pre.error());
    // Refused for its signature before anything was hashed: the report carries the verdict.
    writer::JobReport refused;
    refused.error = pre.error();
    refused.expected = job.expected;
    refused.authenticity = job.provenance.list;
    return out.finish(refused, ctx);
  }
  if (auto c = confirm(o, target, writer::written_source(job).size()); !c)
    return out.error(c.error());
  print_warnings(o, job.expected.has_value());
  platform::install_interrupt_handlers();
  const auto time_start = unix_now();
  const auto report = writer::run_write_job(job);
  log_write(o, report, target, time_start);
  if (!job.expected && !report.sha256.empty()) {
    out.for_person(fmt::format("stickwright: image sha256 {} (unverified)", report.sha256));
  }
  ctx.windows_json = windows_json(target.stream ? &target.stream->info() : nullptr, inspection);
  return out.finish(report, ctx);
}

}  // namespace sw::tui
