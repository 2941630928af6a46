#include "tui/screen/app_runner.h"

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "platform/calendar.h"
#include "platform/drive_select.h"
#include "platform/files.h"
#include "platform/linux_device.h"
#include "platform/session.h"
#include "tui/audit_log.h"
#include "tui/exit_codes.h"
#include "tui/screen/app_logic.h"
#include "tui/screen/app_view.h"
#include "tui/screen/curses_screen.h"
#include "tui/screen/drive_tools_runner.h"
#include "tui/screen/mailbox.h"
#include "tui/screen/station_runner.h"
#include "tui/screen/station_screen.h"
#include "tui/screen/words.h"
#include "tui/screen/write_log.h"
#include "writer/compressed_source.h"
#include "writer/expected_hash.h"
#include "writer/inspect_file.h"
#include "writer/job.h"
#include "writer/multi_job.h"
#include "writer/plan/write_plan.h"
#include "writer/source.h"

namespace sw::tui {
namespace {

constexpr auto kDriveRefresh = std::chrono::milliseconds(1000);  // a new stick shows within 2 s

/// A file offered as a drive (the demo's virtual stick).
ListedDrive file_drive(const std::string& path) {
  ListedDrive ld;
  auto& d = ld.drive;
  d.path = path;
  d.name = std::string(writer::base_name(path));
  const auto dot = d.name.rfind('.');
  if (dot != std::string::npos && dot > 0) d.name.resize(dot);
  d.vendor = "stickwright";
  d.model = "virtual drive (a file)";
  d.serial = "DEMO";
  d.transport = platform::Transport::kVirtual;
  if (auto info = platform::probe_target(path)) d.size_bytes = info->capacity;
  return ld;
}

/// The failure the exit code reports: the single write's, or the most serious target's.
const Error* worst_error(const AppState& s) {
  if (s.result && s.result->error) return &*s.result->error;
  if (!s.multi_result) return nullptr;
  const Error* worst = nullptr;
  for (const auto& r : s.multi_result->targets) {
    if (r.error && (!worst || exit_code_for(r.error->kind) > exit_code_for(worst->kind))) {
      worst = &*r.error;
    }
  }
  return worst;
}

class Runner {
 public:
  explicit Runner(const TuiOptions& o)
      : m_options(o),
        m_root(o.sysroot),
        m_tools(m_mail, m_root, WriteLogContext{{}, o.log, o.version}) {
    m_state.is_root = platform::running_as_root();
    m_state.real_drives = o.sysroot.empty() && o.file_drives.empty();
    m_state.drives.allow_non_removable = o.allow_non_removable;
    m_state.require_signature = o.require_signature;
    if (!m_options.trust) m_options.trust = std::make_shared<const writer::Trust>();
  }
  ~Runner() { stop_worker(); }
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;

  int run() {
    CursesSession screen;
    start();
    auto last_scan = std::chrono::steady_clock::now();
    while (!m_state.quit && !screen.terminate_requested()) {
      for (auto& f : m_mail.take()) f(m_state);
      const auto now = std::chrono::steady_clock::now();
      const bool drive_screen =
          m_state.screen == Screen::kDrive || m_state.screen == Screen::kConfirm;
      if (drive_screen && now - last_scan >= kDriveRefresh) {
        refresh_drives();
        last_scan = now;
      }
      screen.draw(render(m_state, screen.width(), screen.height()));
      const int key = screen.read_key();
      if (key >= 0) perform(handle_key(m_state, key));
    }
    stop_worker();
    if (const Error* failed = worst_error(m_state)) return exit_code_for(failed->kind);
    if (m_state.station.worst_exit != 0) return m_state.station.worst_exit;
    return screen.terminate_requested() ? kExitInterrupted : kExitOk;
  }

 private:
  void start() {
    if (!m_options.image.empty()) {
      const auto info = platform::probe_target(m_options.image);
      pick_image(m_state, m_options.image, info ? info->capacity : 0);
      m_state.browser.dir = parent_of(m_options.image);
      perform(ActionKind::kPickImage);
      return;
    }
    m_state.browser.dir =
        m_options.start_dir.empty() ? platform::real_path(".").value_or("/") : m_options.start_dir;
    perform(ActionKind::kListDir);
  }

  static std::string parent_of(const std::string& path) {
    const auto abs = platform::real_path(path).value_or(path);
    const auto slash = abs.rfind('/');
    return slash == std::string::npos || slash == 0 ? "/" : abs.substr(0, slash);
  }

  void perform(ActionKind a) {
    switch (a) {
      case ActionKind::kNone:
        return;
      case ActionKind::kQuit:
        m_tools.stop();  // a check puts its blocks back before the program ends
        stop_worker();
        m_state.quit = true;
        return;
      case ActionKind::kListDir:
        return list_dir();
      case ActionKind::kPickImage:
        return perform(on_hash_resolved(
            m_state, writer::resolve_expected_hash(writer::HashRequest{}, m_state.image,
                                                   m_options.trust->keys)));
      case ActionKind::kStartHash:
        return start_hash();
      case ActionKind::kRefreshDrives:
        return refresh_drives();
      case ActionKind::kStartWrite:
        return start_write();
      case ActionKind::kCheckTargets:
        return check_targets();
      case ActionKind::kStartMultiWrite:
        return start_multi_write();
      case ActionKind::kStartStation:
        return start_station();
      case ActionKind::kStopStation:
        if (m_station) m_station->stop_watching();
        return;
      case ActionKind::kStopStationSticks:
        if (m_station) m_station->stop_sticks();
        return;
      case ActionKind::kCancelJob:
        m_cancel = true;
        m_tools.stop();  // a restore runs there
        return;
      case ActionKind::kStartCheck:
        return start_check();
      case ActionKind::kStopCheck:
        m_tools.stop();
        return;
      case ActionKind::kStartRestore:
        return start_restore();
    }
  }

  void list_dir() {
    auto entries = platform::list_directory_entries(m_state.browser.dir);
    std::vector<FileEntry> files;
    if (entries) {
      for (auto& e : *entries) files.push_back(FileEntry{e.name, e.is_dir, e.size_bytes});
    }
    on_dir_listed(m_state, std::move(files), entries ? "" : entries.error().message);
  }

  void refresh_drives() {
    std::vector<ListedDrive> out;
    if (m_options.file_drives.empty() || !m_options.sysroot.empty()) {
      const auto state = platform::read_system_state(m_root);
      const auto prot = platform::find_protected_disks(m_root, state, m_state.image);
      for (auto& d : platform::scan_drives(m_root, state)) {
        auto e = platform::evaluate_drive(d, prot);
        out.push_back(ListedDrive{std::move(d), std::move(e)});
      }
    }
    for (const auto& f : m_options.file_drives) out.push_back(file_drive(f));
    on_drives(m_state, std::move(out));
  }

  /// Hashes the image on the worker thread; the first pass over a newly picked image inspects it
  /// there too (up to 64 MiB decompressed), so the screen never waits for either.
  void start_hash() {
    stop_worker();
    auto source = writer::open_image(m_state.image);
    if (!source) {
      if (!m_state.check.done) on_image_inspected(m_state, source.failure());
      on_hash_done(m_state, source.failure());
      return;
    }
    m_state.image_bytes = (*source)->size();
    // Judged without the requirement: the screen shows the verdict and holds the user back
    // itself (signature_satisfied); the write job enforces the requirement again.
    const writer::Provenance judged = provenance(false);
    const bool from_list = m_state.hash.expected && !m_state.hash.expected->given();
    const auto algs = writer::hash_algorithms(m_state.hash.expected, judged);
    const bool inspect = !m_state.check.done;  // a newly picked image, not a typed hash
    on_hash_started(m_state);
    m_cancel = false;
    m_worker = std::thread([this, src = std::move(*source), algs, inspect, judged, from_list,
                            image = m_state.image]() mutable {
      if (inspect) {
        auto r = writer::inspect_image(image);
        m_mail.post([r = std::move(r)](AppState& s) { on_image_inspected(s, r); });
      }
      const writer::ProgressSink sink = [this](const writer::ProgressEvent& ev) {
        m_mail.post([ev](AppState& s) { on_hash_progress(s, ev); });
      };
      const writer::PassContext ctx{writer::steady_clock(), sink, writer::CancelToken(&m_cancel)};
      auto hashed = writer::hash_image(*src, algs, ctx, nullptr, judged, from_list);
      if (!hashed) {
        m_mail.post([e = hashed.failure()](AppState& s) { on_hash_done(s, e); });
        return;
      }
      auto verdict = writer::judge_authenticity(judged, from_list, *hashed);
      m_mail.post([d = std::move(hashed->digests), v = std::move(verdict)](AppState& s) {
        on_hash_done(s, d);
        on_hash_judged(s, v);
      });
    });
  }

  /// Who vouches for the image, as the hash screen resolved it.
  writer::Provenance provenance(bool require) const {
    return writer::Provenance{m_state.hash.list_auth, m_state.hash.image_signature, m_options.trust,
                              require};
  }

  /// The drive called `name` as it is now: a file drive, or the disk in sysfs; none when gone.
  std::optional<platform::Drive> drive_now(const std::string& name) const {
    for (const auto& f : m_options.file_drives) {
      if (auto ld = file_drive(f); ld.drive.name == name) return std::move(ld.drive);
    }
    if (!m_options.file_drives.empty() && m_options.sysroot.empty()) return std::nullopt;
    return platform::describe_drive(m_root, name, platform::read_system_state(m_root));
  }

  /// The write request for the drives the user chose: a file drive (the demo's) by its path, or
  /// a disk with the snapshot the user saw and confirmed.
  writer::WriteRequest write_request(const std::vector<platform::Drive>& chosen) const {
    writer::WriteRequest r;
    r.image = m_state.image;
    for (const auto& c : chosen) {
      writer::TargetRequest t{c.path, c};
      for (const auto& f : m_options.file_drives) {
        if (file_drive(f).drive.name == c.name) t = writer::TargetRequest{f, std::nullopt};
      }
      r.targets.push_back(std::move(t));
    }
    r.mode = m_state.check.forced ? writer::ModeRequest::kRaw : writer::ModeRequest::kAuto;
    r.checks.expected = m_state.hash.expected;
    r.checks.provenance = provenance(m_state.require_signature);
    r.checks.hash_policy = m_state.hash.status == HashStatus::kAcceptedUnverified
                               ? writer::HashPolicy::kAllowUnverified
                               : writer::HashPolicy::kRequireExpected;
    r.allow_non_removable = m_state.drives.allow_non_removable;
    r.root = m_root;
    return r;
  }

  /// A write that fails before it starts: the result screen says why.
  void write_refused(Error e) {
    writer::JobReport report;
    report.error = std::move(e);
    on_write_done(m_state, std::move(report));
  }

  void start_write() {
    stop_worker();
    const auto chosen_now = chosen_unchanged();
    if (!chosen_now) return;
    const platform::Drive& chosen = *chosen_now;
    // Without an inspection (it failed on the hash screen) the write is refused with its reason.
    const auto& check = m_state.check;
    if (!check.inspection) {
      return write_refused(
          check.failure.value_or(Error{ErrorKind::kInput, "the image was not inspected"}));
    }
    auto plan = writer::plan_write(write_request({chosen}), *check.inspection);
    if (!plan) return write_refused(plan.error());
    m_cancel = false;
    m_worker = std::thread([this, plan = std::move(*plan), chosen, log = log_context()]() mutable {
      auto job = writer::make_job(
          plan, plan.targets.front(),
          [this](const writer::ProgressEvent& ev) {
            m_mail.post([ev](AppState& s) { on_write_progress(s, ev); });
          },
          writer::CancelToken(&m_cancel));
      const auto time_start = platform::unix_now();
      auto report = writer::run_write_job(job);
      std::string log_note = log_write(log, plan.targets.front(), report, time_start);
      if (log_note.empty() && report.target_opened) log_note = verified_today_note(log);
      // The open (after the hash pass) checks the drive against the snapshot; a refusal there
      // because it changed sends the user back to the list, like the checks before it.
      std::string changed;
      if (report.error && report.error->kind == ErrorKind::kTargetRefused && !report.target_opened)
        changed = platform::drive_change(chosen, drive_now(chosen.name));
      m_mail.post([report = std::move(report), changed, log_note](AppState& s) mutable {
        if (!changed.empty()) return on_chosen_drive_changed(s, changed);
        s.log_note = log_note;
        on_write_done(s, std::move(report));
      });
    });
  }

  /// What the audit records of a write share, copied for the worker thread.
  WriteLogContext log_context() const {
    return WriteLogContext{m_state.image, m_options.log, m_options.version};
  }

  /// The marked drives as they are now; the first that changed since it was marked sends the
  /// user back to the list. Returns true when none changed.
  bool targets_unchanged() {
    for (const auto& t : m_state.drives.targets) {
      if (auto what = platform::drive_change(t.drive, drive_now(t.drive.name)); !what.empty()) {
        on_target_changed(m_state, t.drive.name, what);
        refresh_drives();
        return false;
      }
    }
    return true;
  }

  /// The plan for every marked drive, checked against the snapshots the user marked.
  Result<writer::WritePlan> plan_targets() const {
    const auto& check = m_state.check;
    if (!check.inspection) {
      return fail(check.failure.value_or(Error{ErrorKind::kInput, "the image was not inspected"}));
    }
    std::vector<platform::Drive> drives;
    for (const auto& t : m_state.drives.targets) drives.push_back(t.drive);
    return writer::plan_write(write_request(drives), *check.inspection);
  }

  /// The checks the engine makes before anything is hashed, made before the user is asked (as
  /// the command line does): a refusal, such as a Windows installer's stick for several drives,
  /// sends the user back to the list with the reason.
  void check_targets() {
    if (!targets_unchanged()) return;
    auto plan = plan_targets();
    if (!plan) return on_targets_refused(m_state, plan.error());
    std::vector<writer::WriteJob> jobs;
    for (auto& t : plan->targets) jobs.push_back(writer::make_job(*plan, t, {}, {}));
    if (auto pre = writer::preflight_all(jobs); !pre) on_targets_refused(m_state, pre.error());
  }

  /// Writes every marked drive at once: one hash pass and one read of the image for all, each
  /// drive written and read back on its own thread. The targets' sinks are called from those
  /// threads at once; the mailbox's lock serializes them into the state.
  void start_multi_write() {
    stop_worker();
    if (!writing_many(m_state) || !targets_unchanged()) return;
    auto plan = plan_targets();
    if (!plan) {
      writer::MultiReport refused;
      refused.refusal = plan.error();
      refused.targets.assign(m_state.drives.targets.size(), writer::JobReport{});
      for (auto& r : refused.targets) r.error = plan.error();
      return on_multi_write_done(m_state, std::move(refused), {});
    }
    m_cancel = false;
    m_worker = std::thread([this, plan = std::move(*plan), log = log_context()]() mutable {
      std::vector<writer::WriteJob> jobs;
      for (std::size_t i = 0; i < plan.targets.size(); ++i) {
        const writer::ProgressSink sink = [this, i](const writer::ProgressEvent& ev) {
          m_mail.post([i, ev](AppState& s) { on_target_progress(s, i, ev); });
        };
        jobs.push_back(
            writer::make_job(plan, plan.targets[i], sink, writer::CancelToken(&m_cancel)));
      }
      const auto time_start = platform::unix_now();
      auto report = writer::run_multi_write_job(jobs, [this](const writer::ProgressEvent& ev) {
        m_mail.post([ev](AppState& s) { on_write_progress(s, ev); });
      });
      std::string note = log_writes(log, plan, report, time_start);
      m_mail.post([report = std::move(report), note = std::move(note)](AppState& s) mutable {
        on_multi_write_done(s, std::move(report), std::move(note));
      });
    });
  }

  /// Station mode: the plan of the image without targets; the station hashes it once and adds
  /// every stick plugged in (station_runner.cpp).
  void start_station() {
    stop_worker();
    m_station.reset();
    const auto& check = m_state.check;
    if (!check.inspection) {
      const auto e =
          check.failure.value_or(Error{ErrorKind::kInput, "the image was not inspected"});
      return on_station_hashed(m_state, screen::error_text(e));
    }
    auto request = write_request({});
    auto plan = writer::plan_write(request, *check.inspection);
    if (!plan) return on_station_hashed(m_state, screen::error_text(plan.error()));
    m_station = std::make_unique<StationRunner>(m_mail, log_context());
    m_station->start(std::move(*plan), std::move(request));
  }

  /// Checks the drives of drives.checking, one after another (drive_tools_runner.cpp).
  void start_check() {
    const auto& c = m_state.drives.checking;
    if (c) m_tools.check(c->queue, m_state.drives.allow_non_removable);
  }

  /// Restores the chosen drive, if it is still the drive that was chosen.
  void start_restore() {
    if (const auto chosen = chosen_unchanged()) {
      m_tools.restore(*chosen, m_state.drives.allow_non_removable);
    }
  }

  /// The chosen drive, looked at once more: the list on screen may be a second old. A drive
  /// that changed since (or none chosen) gives nullopt, with the change said on the drive screen
  /// and the list read again.
  std::optional<platform::Drive> chosen_unchanged() {
    if (!m_state.drives.chosen) return std::nullopt;
    const platform::Drive chosen = m_state.drives.chosen->drive;
    if (auto what = platform::drive_change(chosen, drive_now(chosen.name)); !what.empty()) {
      on_chosen_drive_changed(m_state, what);
      refresh_drives();
      return std::nullopt;
    }
    return chosen;
  }

  void stop_worker() {
    m_station.reset();  // stops the station's sticks too: only when leaving for good
    if (!m_worker.joinable()) return;
    m_cancel = true;
    m_worker.join();
    for (auto& f : m_mail.take()) f(m_state);
  }

  TuiOptions m_options;
  platform::Sysroot m_root;
  AppState m_state;
  Mailbox m_mail;
  std::atomic<bool> m_cancel{false};
  std::thread m_worker;
  std::unique_ptr<StationRunner> m_station;
  DriveToolRunner m_tools;  ///< last: stopped and joined first
};

}  // namespace

int run_tui(const TuiOptions& options) {
  Runner runner(options);
  return runner.run();
}

}  // namespace sw::tui
