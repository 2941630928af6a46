// `stickwright station IMAGE`: the refurbisher's station. The image is hashed once; after one
// confirmation of the station's rules, every eligible stick plugged in from then on is written
// and read back (writer::run_station), each in its own row, and logged.

#include <fmt/format.h>

#include <map>
#include <mutex>

#include "platform/calendar.h"
#include "platform/signals.h"
#include "tui/audit_log.h"
#include "tui/authenticity_view.h"
#include "tui/cli/common.h"
#include "tui/cli/multi_progress.h"
#include "tui/cli/output.h"
#include "tui/cli/report.h"
#include "tui/cli/words.h"
#include "tui/cli/write_common.h"
#include "tui/drive_view.h"
#include "tui/exit_codes.h"
#include "tui/json.h"
#include "tui/text_out.h"
#include "tui/words.h"
#include "writer/station/station_loop.h"

namespace sw::tui {
namespace {

/// The station's rules, from the flags.
writer::StationRules station_rules(const CliOptions& o) {
  writer::StationRules r;
  if (o.min_size) r.min_bytes = *o.min_size;
  if (o.max_size) r.max_bytes = *o.max_size;
  return r;
}

/// One confirmation of the rules for the whole session (or --yes).
Result<void> confirm_rules(const CliOptions& o, const writer::StationRules& rules) {
  if (o.yes) return ok();
  const auto answer = ask_on_terminal(fmt::format(
      "The station will ERASE every USB drive or SD card of {} to {} plugged in from now on, and "
      "write {} to it.\nDrives plugged in now are not touched. Type 'station' and Enter to "
      "start: ",
      format_bytes(rules.min_bytes), format_bytes(rules.max_bytes), o.image));
  if (!answer) {
    return fail(ErrorKind::kTargetRefused,
                "refusing to start the station without confirmation: there is no terminal to ask "
                "on. Pass --yes if you are sure.");
  }
  if (*answer != "station") {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("not confirmed ('{}' is not 'station'); nothing was written", *answer));
  }
  return ok();
}

/// A drive in a few words: "sdb (SanDisk Cruzer Blade, 16.0 GB)".
std::string drive_words(const writer::StationEvent& ev) {
  if (!ev.drive) return ev.name;
  return fmt::format("{} ({})", ev.name, drive_title_and_size(*ev.drive));
}

/// A "stick" event for scripts.
JsonObject stick_json(const writer::StationEvent& ev, std::string_view state) {
  JsonObject j;
  j.add("event", "stick").add("state", state).add("target", ev.path);
  if (ev.drive) {
    j.add("vendor", ev.drive->vendor)
        .add("model", ev.drive->model)
        .add("serial", ev.drive->serial)
        .add("size_bytes", ev.drive->size_bytes)
        .add("transport", platform::transport_name(ev.drive->transport));
  }
  return j;
}

/// What the front end keeps of the session: rows, start times, the worst failure.
class StationView {
 public:
  StationView(const CliOptions& o, Output& out)
      : m_o(o),
        m_json(out.format() == OutputFormat::kJson),
        m_progress(progress_style(out.format()), {}, {}, writer::steady_clock()) {}

  void on_event(const writer::StationEvent& ev);
  writer::ProgressSink sink_for(std::size_t stick) { return m_progress.sink_for(m_rows.at(stick)); }
  /// The row is made before the stick's sink is asked for.
  void add_row(std::size_t stick, const std::string& path);
  void say(std::string_view human, const std::string& json) {
    m_progress.print(m_json ? json : std::string(human));
  }
  int exit_code() const { return m_worst; }

 private:
  void finished(const writer::StationEvent& ev);

  const CliOptions& m_o;
  bool m_json;
  MultiProgress m_progress;
  std::mutex m_mutex;
  std::map<std::size_t, std::size_t> m_rows;         ///< stick -> row
  std::map<std::string, std::size_t> m_row_of_name;  ///< kernel name -> row, while plugged in
  std::map<std::size_t, std::int64_t> m_started;     ///< stick -> unix time
  int m_worst = kExitOk;
};

void StationView::add_row(std::size_t stick, const std::string& path) {
  std::lock_guard lock(m_mutex);
  const auto name = path.substr(path.rfind('/') + 1);
  m_rows[stick] = m_progress.add_row(path, "");
  m_row_of_name[name] = m_rows[stick];
  m_started[stick] = platform::unix_now();
}

void StationView::finished(const writer::StationEvent& ev) {
  const auto& r = *ev.report;
  log_write(m_o, r, *ev.target, m_started[ev.stick]);
  const int code = r.error ? exit_code_for(r.error->kind) : kExitOk;
  if (code > m_worst) m_worst = code;
  const std::string state =
      r.error ? fmt::format("FAILED: {}", cli::error_text(*r.error)) : "verified - remove it";
  if (m_json) {
    const ReportContext ctx{Command::kWrite, m_o.image, ev.path, ""};
    m_progress.print(stick_json(ev, r.error ? "failed" : "verified")
                         .add_raw("result", report_json(r, ctx))
                         .str());
  } else {
    m_progress.print(fmt::format("{}: {}", drive_words(ev), state));
  }
  m_progress.set_state(m_rows[ev.stick], state);
}

void StationView::on_event(const writer::StationEvent& ev) {
  std::lock_guard lock(m_mutex);
  using K = writer::StationEvent::Kind;
  switch (ev.kind) {
    case K::kPresent:
      return say(
          fmt::format("{}: present before the station started: not written", drive_words(ev)),
          stick_json(ev, "present").str());
    case K::kRefused:
      return say(fmt::format("{}: not written: {}", drive_words(ev), ev.reason),
                 stick_json(ev, "refused").add("reason", ev.reason).str());
    case K::kStarted:
      return say(fmt::format("{}: writing", drive_words(ev)), stick_json(ev, "writing").str());
    case K::kFinished:
      return finished(ev);
    case K::kRemoved: {
      const auto row = m_row_of_name.find(ev.name);
      if (row != m_row_of_name.end()) {
        m_progress.remove_row(row->second);
        m_row_of_name.erase(row);
      }
      return say(fmt::format("{}: removed", ev.name), stick_json(ev, "removed").str());
    }
  }
}

/// The hash check's outcome for a person, before the rules are confirmed.
void say_hash(Output& out, const writer::JobReport& r) {
  out.for_person(fmt::format("stickwright: image sha256 {}{}", r.sha256,
                             r.expected
                                 ? fmt::format(" matches ({})", cli::hash_source_words(*r.expected))
                                 : std::string(" (unverified)")));
  for (const auto& l : authenticity_lines(r.authenticity, r.catalog, r.hash_matched)) {
    out.for_person("stickwright: " + l);
  }
}

}  // namespace

int run_station(const CliOptions& o, Output& out) {
  auto prepared = prepare_write(o);
  if (!prepared) return out.error(prepared.error());
  const auto& plan = prepared->plan;
  const auto rules = station_rules(o);
  if (rules.min_bytes > rules.max_bytes) {
    return out.error(Error{ErrorKind::kUsage, "--min-size is larger than --max-size"});
  }
  platform::install_interrupt_handlers();
  const auto image = writer::hash_station_image(plan, writer::steady_clock(), out.progress_sink(),
                                                writer::CancelToken(&platform::interrupt_flag()));
  out.end_progress();
  if (image.report.error) {
    return out.finish(image.report, ReportContext{Command::kStation, o.image, "", ""});
  }
  say_hash(out, image.report);
  if (auto c = confirm_rules(o, rules); !c) return out.error(c.error());
  if (platform::interrupt_flag()) return out.error(Error{ErrorKind::kInterrupted, "interrupted"});

  StationView view(o, out);
  view.say(
      "stickwright: watching for sticks: plug them in. Ctrl-C stops watching (sticks being "
      "written finish); a second Ctrl-C stops them too.",
      JsonObject().add("event", "station").add("state", "watching").str());
  writer::StationSetup setup;
  setup.plan = &plan;
  setup.request.image = o.image;
  setup.request.mode = o.mode;
  setup.request.checks = plan.checks;
  setup.request.root = platform::Sysroot(o.sysroot);
  setup.rules = rules;
  setup.count = o.count;
  writer::StationHooks hooks;
  hooks.on_event = [&view](const writer::StationEvent& ev) { view.on_event(ev); };
  hooks.sink_for = [&view](std::size_t stick, const std::string& path) {
    view.add_row(stick, path);
    return view.sink_for(stick);
  };
  hooks.stop_watching = [] { return platform::interrupt_count() >= 1; };
  hooks.stop_sticks = [] { return platform::interrupt_count() >= 2; };
  const auto summary = writer::run_station(image, setup, hooks);
  view.say(fmt::format("stickwright: station stopped: {} sticks written, {} verified, {} failed{}",
                       summary.sticks, summary.verified, summary.failed,
                       summary.sticks_stopped ? " (sticks in progress were stopped)" : ""),
           JsonObject()
               .add("event", "station")
               .add("state", "stopped")
               .add("sticks", static_cast<std::uint64_t>(summary.sticks))
               .add("verified", static_cast<std::uint64_t>(summary.verified))
               .add("failed", static_cast<std::uint64_t>(summary.failed))
               .str());
  return view.exit_code();
}

}  // namespace sw::tui
