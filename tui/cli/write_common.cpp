// What the write command does the same for one target or several (write_common.h).

#include "tui/cli/write_common.h"

#include <fmt/format.h>

#include "platform/calendar.h"
#include "platform/drive_select.h"
#include "platform/files.h"
#include "sw_version.h"
#include "tui/audit_log.h"
#include "tui/cli/common.h"
#include "tui/cli/words.h"
#include "tui/drive_view.h"
#include "tui/inspect_report.h"
#include "tui/text_out.h"
#include "tui/words.h"
#include "writer/inspect_file.h"

namespace sw::tui {
namespace {

/// What the write destroys and writes, for the confirmation prompt; each line escaped whole, so
/// a drive's model or a label cannot add, hide or rewrite a line of it.
std::string loss_summary(const writer::PlannedTarget& t, const std::string& what) {
  std::string s;
  const auto line = [&s](const std::string& text) { s += platform::display_safe(text) + "\n"; };
  if (t.drive) {
    const auto& d = t.drive->target.drive;
    line(fmt::format("This will ERASE everything on {}: {}, serial '{}', {}, {}", d.path,
                     drive_title(d), d.serial, format_size_both(d.size_bytes),
                     platform::transport_name(d.transport)));
    if (!d.fstype.empty()) line(fmt::format("  whole disk: {} \"{}\"", d.fstype, d.label));
    for (const auto& p : d.partitions) {
      line(fmt::format("  {}  {}  {} \"{}\"{}", p.name, format_size_both(p.size_bytes),
                       p.fstype.empty() ? "-" : p.fstype, p.label,
                       p.mountpoints.empty() ? ""
                                             : fmt::format("  mounted at {} (will be unmounted)",
                                                           p.mountpoints.front())));
    }
  } else {
    const std::string cap = t.info.capacity == platform::kGrowableCapacity
                                ? std::string("grows as written")
                                : format_bytes(t.info.capacity);
    line(fmt::format("This will overwrite {} ({})", t.info.path, cap));
  }
  line(what);
  return s;
}

/// What the user types to confirm: the drive's kernel name, or the file's name.
std::string confirm_name(const writer::PlannedTarget& t) {
  if (t.drive) return t.drive->target.drive.name;
  return std::string(writer::base_name(t.spec.path));
}

}  // namespace

Result<PreparedWrite> prepare_write(const CliOptions& o) {
  auto inspection = writer::inspect_image(o.image);
  if (!inspection) return inspection.failure();
  // A Windows installer's tells, before anything is written (not a refusal by itself).
  for (const auto& l : tamper_lines(*inspection, 10)) print_line(err_out(), "stickwright: {}", l);
  auto trust = load_trust(o);
  if (!trust) return trust.failure();
  auto hash = resolve_hash(o, **trust);
  if (!hash) return hash.failure();
  auto plan = writer::plan_write(write_request(o, std::move(*hash), *trust), *inspection);
  if (!plan) return plan.failure();
  announce_mode(o, *inspection, plan->mode);
  return PreparedWrite{std::move(*inspection), std::move(*plan)};
}

Result<void> confirm(const CliOptions& o, const writer::PlannedTarget& t,
                     std::uint64_t image_bytes) {
  return confirm_erase(o, t,
                       fmt::format("and write {} ({}) to it.", o.image, format_bytes(image_bytes)));
}

/// Typed confirmation; a drive that looks like a hard disk needs a second answer.
Result<void> confirm_erase(const CliOptions& o, const writer::PlannedTarget& t,
                           const std::string& what) {
  const bool hard_disk = t.drive && t.drive->target.eligibility.looks_like_hard_disk;
  if (hard_disk && !o.allow_hard_disk && o.yes) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("{} looks like a hard disk (rotational or over 128 GB).", t.spec.path),
                Remedy::kAllowHardDisk);
  }
  if (o.yes) return ok();
  const std::string name = confirm_name(t);
  const auto answer = ask_on_terminal(loss_summary(t, what) +
                                      fmt::format("Type '{}' and Enter to continue: ", name));
  if (!answer) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("refusing to write {} without confirmation: there is no terminal to "
                            "ask on. Pass --yes if you are sure.",
                            t.spec.path));
  }
  if (*answer != name) {
    return fail(
        ErrorKind::kTargetRefused,
        fmt::format("not confirmed ('{}' is not '{}'); nothing was written", *answer, name));
  }
  if (hard_disk && !o.allow_hard_disk) {
    const auto again = ask_on_terminal(
        fmt::format("{} looks like a hard disk, not a USB stick. Type 'erase' to erase it anyway: ",
                    t.spec.path));
    if (!again || *again != "erase") {
      return fail(ErrorKind::kTargetRefused, "not confirmed; nothing was written");
    }
  }
  return ok();
}

/// Says how the plan writes the image (its mode decision), with the warnings, on err_out().
void announce_mode(const CliOptions& o, const writer::Inspection& inspection,
                   const writer::ModeDecision& d) {
  if (d.mode == writer::WriteMode::kWindows) {
    print_line(err_out(), "stickwright: {}: Windows installer ISO: writing it in Windows mode{}",
               o.image, d.automatic ? " (chosen by --mode auto)" : "");
  } else {
    print_line(err_out(), "stickwright: {}: {}", o.image, writer::image_kind_text(inspection.kind));
  }
  if (d.overridden != writer::RawRisk::kNone) {
    print_line(err_out(), "stickwright: warning: {}", cli::overridden_words(d.overridden));
  }
  for (const auto& w : d.warnings) print_line(err_out(), "stickwright: warning: {}", w);
}

void print_warnings(const CliOptions& o, bool has_expected) {
  if (o.no_verify) {
    print_line(err_out(),
               "stickwright: warning: --no-verify: the target will not be read back, so a "
               "faulty or fake stick will not be detected");
  }
  if (!has_expected) {
    print_line(err_out(),
               "stickwright: warning: no expected hash; the image is written unverified. "
               "Compare its sha256 (printed below) with the publisher's.");
  }
}

/// What the user asked for on the command line, as the engine's write request.
writer::WriteRequest write_request(const CliOptions& o, writer::HashResolution hash,
                                   std::shared_ptr<const writer::Trust> trust) {
  writer::WriteRequest r;
  r.image = o.image;
  for (const auto& t : o.targets) r.targets.push_back(writer::TargetRequest{t, std::nullopt});
  r.mode = o.mode;
  r.checks.provenance = provenance_of(hash, std::move(trust), o.require_signature);
  r.checks.expected = std::move(hash.expected);
  r.checks.hash_notes = std::move(hash.notes);
  r.checks.hash_policy =
      o.unverified ? writer::HashPolicy::kAllowUnverified : writer::HashPolicy::kRequireExpected;
  r.checks.verify_policy =
      o.no_verify ? writer::VerifyPolicy::kSkip : writer::VerifyPolicy::kVerify;
  r.allow_non_removable = o.allow_non_removable;
  r.root = platform::Sysroot(o.sysroot);
  return r;
}

/// Appends the write's record to the audit log when the target was opened (a refusal before
/// that touched no stick); a log that cannot be written is a warning, not a failed write.
void log_write(const CliOptions& o, const writer::JobReport& report,
               const writer::PlannedTarget& target, std::int64_t time_start) {
  if (!report.target_opened) return;
  const AuditContext ctx{platform::real_path(o.image).value_or(o.image),
                         platform::real_path(target.spec.path).value_or(target.spec.path),
                         target.drive ? &target.drive->target.drive : nullptr,
                         time_start,
                         platform::unix_now(),
                         std::string(kVersion)};
  const std::string path = audit_log_path(o.log);
  if (auto logged = append_audit_record(path, audit_record(report, ctx)); !logged) {
    print_line(err_out(), "stickwright: warning: the audit log {} was not written: {}", path,
               logged.error().message);
  }
}

}  // namespace sw::tui
