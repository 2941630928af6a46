// `stickwright write`: hash first, then write and verify, to a drive or a file.

#include <fmt/format.h>

#include <memory>
#include <optional>

#include "platform/calendar.h"
#include "platform/drive_select.h"
#include "platform/files.h"
#include "platform/linux_device.h"
#include "platform/signals.h"
#include "sw_version.h"
#include "tui/audit_log.h"
#include "tui/cli/common.h"
#include "tui/cli/windows_words.h"
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
  platform::install_interrupt_handlers();
  if (o.check) {
    if (auto c = check_before_write(out, target); !c) return out.error(c.error());
  }
  print_warnings(o, job.expected.has_value());
  const auto time_start = platform::unix_now();
  const auto report = writer::run_write_job(job);
  log_write(o, report, target, time_start);
  if (!job.expected && !report.sha256.empty()) {
    out.for_person(fmt::format("stickwright: image sha256 {} (unverified)", report.sha256));
  }
  ctx.windows_json = windows_json(target.stream ? &target.stream->info() : nullptr, inspection);
  return out.finish(report, ctx);
}

}  // namespace sw::tui
