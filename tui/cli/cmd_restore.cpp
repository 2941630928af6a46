// `stickwright restore`: give a stick back as a normal one (one FAT32 or exFAT partition).

#include <fmt/format.h>

#include <ctime>
#include <string>
#include <vector>

#include "platform/random.h"
#include "platform/signals.h"
#include "platform/sysroot.h"
#include "tui/audit_log.h"
#include "tui/cli/common.h"
#include "tui/cli/write_common.h"
#include "tui/exit_codes.h"
#include "tui/json.h"
#include "tui/words.h"
#include "writer/plan/write_plan.h"
#include "writer/restore/exfat_volume.h"
#include "writer/restore/restore_job.h"

namespace sw::tui {
namespace {

namespace rs = writer::restore;

/// The label entry's date: now, local time.
writer::fat32::DosTime local_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  return writer::fat32::dos_time(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                                 tm.tm_min, tm.tm_sec);
}

/// What the user asked, as the engine's request (the drive's size is filled in when opened).
Result<rs::RestoreRequest> restore_request(const CliOptions& o) {
  auto label = rs::fat_label(o.label);
  if (!label) return label.failure();
  rs::RestoreRequest r;
  r.fs = o.exfat ? rs::FsKind::kExfat : rs::FsKind::kFat32;
  r.label = *label;
  r.time = local_now();
  std::array<std::byte, 4> id{};
  if (auto filled = platform::fill_random(id); !filled) return filled.failure();
  for (std::size_t i = 0; i < id.size(); ++i) {
    r.volume_id |= std::to_integer<std::uint32_t>(id[i]) << (8 * i);
  }
  return r;
}

/// Refusals that need only the drive's size, before the user is asked.
Result<void> precheck(const rs::RestoreRequest& request, const writer::PlannedTarget& t) {
  if (request.fs == rs::FsKind::kExfat) {
    if (!rs::have_mkfs_exfat()) {
      return fail(ErrorKind::kInput,
                  "mkfs.exfat was not found: install exfatprogs to make exFAT sticks, or "
                  "leave out --fs exfat for FAT32");
    }
    return rs::check_drive(t.spec.capacity, t.spec.granularity);
  }
  rs::RestoreRequest probe = request;
  probe.disk_bytes = t.spec.capacity;
  probe.sector_bytes = t.spec.granularity;
  auto layout = rs::plan_restore(probe);
  if (!layout) return layout.failure();
  return ok();
}

std::string label_text(const std::array<char, 11>& label) {
  std::string s(label.data(), label.size());
  s.erase(s.find_last_not_of(' ') + 1);
  return s;
}

void print_result(Output& out, const CliOptions& o, const rs::RestoreReport& r,
                  const rs::RestoreRequest& request) {
  const auto& l = r.layout;
  const std::string fs(rs::fs_id(request.fs));
  JsonObject j;
  j.add("command", "restore")
      .add("status", "ok")
      .add("target", o.target)
      .add("fs", fs)
      .add("label", label_text(request.label))
      .add("partition_offset", l.partition_offset)
      .add("partition_bytes", l.partition_bytes)
      .add("signatures_found", static_cast<std::uint64_t>(r.signatures_found))
      .add("bytes_written", r.bytes_written)
      .add("verified", r.verified);
  out.result(
      j.str(),
      {fmt::format("stickwright: {} restored: one {} partition '{}' of {} from 1 MiB; "
                   "{} signatures found by libblkid wiped; metadata read back with O_DIRECT and "
                   "verified",
                   o.target, fs == "exfat" ? "exFAT" : "FAT32", label_text(request.label),
                   format_bytes(l.partition_bytes), r.signatures_found)});
}

}  // namespace

int run_restore(const CliOptions& o, Output& out) {
  auto request = restore_request(o);
  if (!request) return out.error(request.error());
  auto target =
      writer::plan_drive_target(platform::Sysroot(o.sysroot), o.target, o.allow_non_removable);
  if (!target) return out.error(target.error());
  if (auto pre = precheck(*request, *target); !pre) return out.error(pre.error());
  const std::string what = fmt::format(
      "and make it a normal stick: one {} partition labelled '{}'.",
      request->fs == rs::FsKind::kExfat ? "exFAT" : "FAT32", label_text(request->label));
  if (auto c = confirm_erase(o, *target, what); !c) return out.error(c.error());
  platform::install_interrupt_handlers();
  const auto time_start = unix_now();
  const auto report =
      rs::restore_drive(target->spec, *request, writer::CancelToken(&platform::interrupt_flag()));
  log_write(o, rs::job_report(report), *target, time_start);
  if (report.error) return out.error(*report.error);
  print_result(out, o, report, *request);
  return kExitOk;
}

}  // namespace sw::tui
