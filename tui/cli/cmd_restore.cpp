// `stickwright restore`: give a stick back as a normal one (one FAT32 or exFAT partition).

#include <fmt/format.h>

#include <string>
#include <vector>

#include "platform/calendar.h"
#include "platform/signals.h"
#include "platform/sysroot.h"
#include "tui/audit_log.h"
#include "tui/cli/common.h"
#include "tui/cli/write_common.h"
#include "tui/exit_codes.h"
#include "tui/json.h"
#include "tui/words.h"
#include "writer/plan/write_plan.h"
#include "writer/restore/restore_job.h"

namespace sw::tui {
namespace {

namespace rs = writer::restore;

void print_result(Output& out, const CliOptions& o, const rs::RestoreReport& r,
                  const rs::RestoreRequest& request) {
  const auto& l = r.layout;
  const std::string fs(rs::fs_id(request.fs));
  JsonObject j;
  j.add("command", "restore")
      .add("status", "ok")
      .add("target", o.target)
      .add("fs", fs)
      .add("label", rs::label_text(request.label))
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
                   o.target, fs == "exfat" ? "exFAT" : "FAT32", rs::label_text(request.label),
                   format_bytes(l.partition_bytes), r.signatures_found)});
}

}  // namespace

int run_restore(const CliOptions& o, Output& out) {
  auto request =
      rs::new_restore_request(o.exfat ? rs::FsKind::kExfat : rs::FsKind::kFat32, o.label);
  if (!request) return out.error(request.error());
  auto target = writer::plan_drive_target(platform::Sysroot(o.sysroot), {o.target, std::nullopt},
                                          o.allow_non_removable);
  if (!target) return out.error(target.error());
  if (auto pre = rs::check_restorable(*request, target->spec.capacity, target->spec.granularity);
      !pre) {
    return out.error(pre.error());
  }
  const std::string what = fmt::format(
      "and make it a normal stick: one {} partition labelled '{}'.",
      request->fs == rs::FsKind::kExfat ? "exFAT" : "FAT32", rs::label_text(request->label));
  if (auto c = confirm_erase(o, *target, what); !c) return out.error(c.error());
  platform::install_interrupt_handlers();
  const auto time_start = platform::unix_now();
  const auto sink = out.progress_sink();
  const writer::PassContext ctx{writer::steady_clock(), sink,
                                writer::CancelToken(&platform::interrupt_flag())};
  const auto report = rs::restore_drive(target->spec, writer::node_path(*target), *request, ctx);
  out.end_progress();
  log_write(o, rs::job_report(report), *target, time_start);
  if (report.error) return out.error(*report.error);
  print_result(out, o, report, *request);
  return kExitOk;
}

}  // namespace sw::tui
