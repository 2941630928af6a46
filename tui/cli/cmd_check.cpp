// `stickwright check TARGET`: how much the stick really holds and how fast it is
// (writer::check_stick), with the write's safety rules and confirmation; and `write --check`.

#include <fmt/format.h>

#include "platform/signals.h"
#include "tui/cli/common.h"
#include "tui/cli/output.h"
#include "tui/cli/write_common.h"
#include "tui/exit_codes.h"
#include "tui/json.h"
#include "tui/text_out.h"
#include "tui/words.h"
#include "writer/plan/write_plan.h"
#include "writer/stick_check.h"

namespace sw::tui {
namespace {

/// The result object of a check.
std::string check_json(const std::string& target, const writer::StickCheck& c) {
  const auto& p = c.probe;
  const auto& bad = c.bad;
  std::vector<std::string> offsets;
  for (const auto o : p.bad_offsets) offsets.push_back(std::to_string(o));
  JsonObject j;
  j.add("event", "result")
      .add("command", "check")
      .add("status", bad ? status_word(bad->kind) : std::string_view("ok"))
      .add("exit_code", static_cast<std::uint64_t>(bad ? exit_code_for(bad->kind) : 0))
      .add("target", target)
      .add("verdict", writer::stick_verdict_id(p.verdict))
      .add("announced_bytes", p.announced_bytes)
      .add("real_bytes", p.real_bytes);
  if (p.first_bad_offset) {
    j.add("first_bad_offset", *p.first_bad_offset);
  } else {
    j.add_raw("first_bad_offset", "null");
  }
  if (p.wrap_modulus) {
    j.add("wraps_at", *p.wrap_modulus);
  } else {
    j.add_raw("wraps_at", "null");
  }
  j.add_raw("bad_offsets", fmt::format("[{}]", fmt::join(offsets, ",")))
      .add("write_mb_s", c.write_mb_s)
      .add("read_mb_s", c.read_mb_s)
      .add("speed_bytes", c.speed_bytes)
      .add("blocks_written", p.blocks_written)
      .add("seconds", c.seconds);
  if (bad) j.add("message", bad->message);
  return j.str();
}

/// The check in words: the verdict, then the speeds.
std::vector<std::string> check_lines(const std::string& target, const writer::StickCheck& c) {
  const auto& p = c.probe;
  std::vector<std::string> lines;
  if (const auto& bad = c.bad) {
    lines.push_back(fmt::format("{}: {}", stick_verdict_id(p.verdict), bad->message));
  } else {
    lines.push_back(
        fmt::format("genuine: {} holds all of its {} (every block checked kept what "
                    "was written)",
                    target, format_bytes(p.announced_bytes)));
  }
  if (c.speed_bytes != 0) {
    lines.push_back(fmt::format("speed: write {:.1f} MB/s, read {:.1f} MB/s (on its first {})",
                                c.write_mb_s, c.read_mb_s, format_bytes(c.speed_bytes)));
  }
  lines.push_back(fmt::format("{} blocks written, {:.1f} s", p.blocks_written, c.seconds));
  return lines;
}

/// Opens the planned drive and checks it.
Result<writer::StickCheck> check_planned(Output& out, const writer::PlannedTarget& t,
                                         writer::ProbeMode mode) {
  auto dev = t.spec.open_for_write();
  if (!dev) return dev.failure();
  writer::CheckRequest rq;
  rq.mode = mode;
  rq.sink = out.progress_sink();
  rq.cancel = writer::CancelToken(&platform::interrupt_flag());
  auto c = writer::check_stick(**dev, rq);
  out.end_progress();
  return c;
}

}  // namespace

Result<void> check_before_write(Output& out, const writer::PlannedTarget& t) {
  // Non-destructive although the stick is about to be erased: the drive must still match what
  // was confirmed (partitions and labels) when the write opens it.
  print_line(err_out(), "stickwright: checking {} before writing (--check)", t.spec.path);
  auto c = check_planned(out, t, writer::ProbeMode::kKeepData);
  if (!c) return c.failure();
  if (c->bad) return fail(*c->bad);
  for (const auto& l : check_lines(t.spec.path, *c)) print_line(err_out(), "stickwright: {}", l);
  return ok();
}

int run_check(const CliOptions& o, Output& out) {
  auto t = writer::plan_drive_target(platform::Sysroot(o.sysroot), {o.target, std::nullopt},
                                     o.allow_non_removable);
  if (!t) return out.error(t.error());
  const auto what =
      o.destructive
          ? std::string(
                "and write test blocks over it without putting its data back (--destructive).")
          : std::string(
                "and write test blocks at about 50 places and over its first 64 MiB; each is "
                "saved first and put back.");
  if (auto c = confirm_erase(o, *t, what); !c) return out.error(c.error());
  platform::install_interrupt_handlers();
  auto c = check_planned(
      out, *t, o.destructive ? writer::ProbeMode::kDestructive : writer::ProbeMode::kKeepData);
  if (!c) return out.error(c.error());
  out.result(check_json(t->spec.path, *c), check_lines(t->spec.path, *c));
  return c->bad ? exit_code_for(c->bad->kind) : kExitOk;
}

}  // namespace sw::tui
