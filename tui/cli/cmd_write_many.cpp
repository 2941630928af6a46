// `stickwright write IMAGE TARGET TARGET...`: one image to several sticks at once, the image
// hashed and read once (writer::run_multi_write_job), each stick written and read back on its
// own; one failing stick does not stop the others.

#include <fmt/format.h>

#include <algorithm>

#include "platform/calendar.h"
#include "platform/signals.h"
#include "tui/audit_log.h"
#include "tui/cli/common.h"
#include "tui/cli/multi_progress.h"
#include "tui/cli/report.h"
#include "tui/cli/windows_words.h"
#include "tui/cli/words.h"
#include "tui/cli/write_common.h"
#include "tui/drive_view.h"
#include "tui/exit_codes.h"
#include "tui/json.h"
#include "tui/text_out.h"
#include "tui/words.h"
#include "writer/multi_job.h"

namespace sw::tui {
namespace {

/// The drive's model for a progress row, or "" for a file.
std::string model_of(const writer::PlannedTarget& t) {
  return t.drive ? drive_title(t.drive->target.drive) : std::string();
}

/// Asks for the number of drives first, then each drive's name (confirm).
Result<void> confirm_all(const CliOptions& o, const writer::WritePlan& plan,
                         std::uint64_t image_bytes) {
  if (!o.yes) {
    std::string names;
    for (const auto& t : plan.targets) names += (names.empty() ? "" : ", ") + t.spec.path;
    const auto count = std::to_string(plan.targets.size());
    const auto answer = ask_on_terminal(fmt::format(
        "This will ERASE {} drives: {}.\nType the number of drives ({}) and Enter: ", count, names,
        count));
    if (!answer) {
      return fail(ErrorKind::kTargetRefused,
                  "refusing to write several drives without confirmation: there is no terminal to "
                  "ask on. Pass --yes if you are sure.");
    }
    if (*answer != count) {
      return fail(
          ErrorKind::kTargetRefused,
          fmt::format("not confirmed ('{}' is not {}); nothing was written", *answer, count));
    }
  }
  for (const auto& t : plan.targets) {
    if (auto c = confirm(o, t, image_bytes); !c) return c;
  }
  return ok();
}

/// The most serious of the targets' failures: the highest exit code; none when all succeeded.
const Error* worst_error(const writer::MultiReport& m) {
  const Error* worst = nullptr;
  for (const auto& r : m.targets) {
    if (r.error && (!worst || exit_code_for(r.error->kind) > exit_code_for(worst->kind))) {
      worst = &*r.error;
    }
  }
  return worst;
}

/// What each stick got, then which are good, for a person.
void print_summary(const writer::MultiReport& m, const writer::WritePlan& plan) {
  std::vector<std::string> good, bad;
  for (std::size_t i = 0; i < m.targets.size(); ++i) {
    const auto& r = m.targets[i];
    const auto& path = plan.targets[i].spec.path;
    if (!r.error) {
      print_line(stdout, "{}: {}", path,
                 r.verified ? fmt::format("verified ({} read back with {})",
                                          format_bytes(r.image_bytes), r.verify_method)
                            : std::string("written, not read back"));
      good.push_back(path);
      continue;
    }
    print_line(stdout, "{}: FAILED: {}", path, cli::error_text(*r.error));
    bad.push_back(path);
  }
  const auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
  };
  print_line(stdout, "{} of {} sticks good{}{}", good.size(), m.targets.size(),
             good.empty() ? "" : ": " + join(good), bad.empty() ? "" : "; failed: " + join(bad));
  if (!good.empty()) print_line(stdout, "All data is flushed; the good drives are safe to remove.");
}

/// Windows mode: the stick written to target `i`, as the engine built it once for every target
/// of that capacity (the first such target's stream); null in raw mode.
const writer::WindowsStickSource* stick_of(const writer::WritePlan& plan, std::size_t i) {
  for (const auto& t : plan.targets) {
    if (t.stream && t.spec.capacity == plan.targets[i].spec.capacity) return t.stream.get();
  }
  return nullptr;
}

/// Windows mode: says what each size's stick will hold, once per size.
void announce_sticks(const writer::WritePlan& plan) {
  for (std::size_t i = 0; i < plan.targets.size(); ++i) {
    const auto* stick = stick_of(plan, i);
    if (stick == nullptr || stick != plan.targets[i].stream.get()) continue;
    print_line(err_out(),
               "stickwright: for {} and every target of its size ({}):", plan.targets[i].spec.path,
               format_bytes(plan.targets[i].spec.capacity));
    announce_stick(*stick);
  }
}

/// The result object: the overall status and a report per target.
std::string many_json(const CliOptions& o, const writer::MultiReport& m,
                      const PreparedWrite& prepared) {
  const auto& plan = prepared.plan;
  std::vector<std::string> targets;
  std::size_t good = 0;
  for (std::size_t i = 0; i < m.targets.size(); ++i) {
    const auto* stick = stick_of(plan, i);
    targets.push_back(report_json(
        m.targets[i],
        ReportContext{Command::kWrite, o.image, plan.targets[i].spec.path,
                      windows_json(stick ? &stick->info() : nullptr, prepared.inspection)}));
    if (!m.targets[i].error) ++good;
  }
  const Error* worst = worst_error(m);
  JsonObject r;
  r.add("event", "result")
      .add("command", "write")
      .add("status", worst ? status_word(worst->kind) : std::string_view("ok"))
      .add("exit_code", static_cast<std::uint64_t>(worst ? exit_code_for(worst->kind) : 0))
      .add("image", o.image)
      .add("targets_good", static_cast<std::uint64_t>(good))
      .add("targets_total", static_cast<std::uint64_t>(m.targets.size()))
      .add_raw("targets", json_array(targets));
  return r.str();
}

}  // namespace

int run_write_many(const CliOptions& o, Output& out, PreparedWrite& prepared) {
  auto& plan = prepared.plan;
  std::vector<std::string> names, models;
  for (const auto& t : plan.targets) {
    names.push_back(t.spec.path);
    models.push_back(model_of(t));
  }
  MultiProgress progress(progress_style(out.format()), names, models, writer::steady_clock());
  std::vector<writer::WriteJob> jobs;
  for (std::size_t i = 0; i < plan.targets.size(); ++i) {
    jobs.push_back(writer::make_job(plan, plan.targets[i], progress.sink_for(i),
                                    writer::CancelToken(&platform::interrupt_flag())));
  }
  if (auto pre = writer::preflight_all(jobs); !pre) return out.error(pre.error());
  announce_sticks(plan);
  if (auto c = confirm_all(o, plan, plan.source->size()); !c) return out.error(c.error());
  platform::install_interrupt_handlers();
  for (const auto& t : plan.targets) {
    if (!o.check) break;
    if (auto c = check_before_write(out, t); !c) return out.error(c.error());
  }
  print_warnings(o, jobs.front().expected.has_value());
  const auto time_start = platform::unix_now();
  const auto multi = writer::run_multi_write_job(jobs, progress.shared_sink());
  progress.finish();
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    log_write(o, multi.targets[i], plan.targets[i], time_start);
  }
  if (multi.refusal) return out.error(*multi.refusal);
  if (out.format() == OutputFormat::kJson) write_text(stdout, many_json(o, multi, prepared) + "\n");
  const Error* worst = worst_error(multi);
  if (out.format() == OutputFormat::kHuman) print_summary(multi, plan);
  return worst ? exit_code_for(worst->kind) : kExitOk;
}

}  // namespace sw::tui
