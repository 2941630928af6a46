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

/// What the write destroys and writes, for the confirmation prompt; each line escaped whole, so
/// a drive's model or a label cannot add, hide or rewrite a line of it.
std::string loss_summary(const writer::PlannedTarget& t, const std::string& image,
                         std::uint64_t image_bytes) {
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
  line(fmt::format("and write {} ({}) to it.", image, format_bytes(image_bytes)));
  return s;
}

/// What the user types to confirm: the drive's kernel name, or the file's name.
std::string confirm_name(const writer::PlannedTarget& t) {
  if (t.drive) return t.drive->target.drive.name;
  return std::string(writer::base_name(t.spec.path));
}

/// Typed confirmation; a drive that looks like a hard disk needs a second answer.
Result<void> confirm(const CliOptions& o, const writer::PlannedTarget& t,
                     std::uint64_t image_bytes) {
  const bool hard_disk = t.drive && t.drive->target.eligibility.looks_like_hard_disk;
  if (hard_disk && !o.allow_hard_disk && o.yes) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("{} looks like a hard disk (rotational or over 128 GB).", o.target),
                Remedy::kAllowHardDisk);
  }
  if (o.yes) return ok();
  const std::string name = confirm_name(t);
  const auto answer = ask_on_terminal(loss_summary(t, o.image, image_bytes) +
                                      fmt::format("Type '{}' and Enter to continue: ", name));
  if (!answer) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("refusing to write {} without confirmation: there is no terminal to "
                            "ask on. Pass --yes if you are sure.",
                            o.target));
  }
  if (*answer != name) {
    return fail(
        ErrorKind::kTargetRefused,
        fmt::format("not confirmed ('{}' is not '{}'); nothing was written", *answer, name));
  }
  if (hard_disk && !o.allow_hard_disk) {
    const auto again = ask_on_terminal(fmt::format(
        "{} looks like a hard disk, not a USB stick. Type 'erase' to erase it anyway: ", o.target));
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
  r.targets.push_back(writer::TargetRequest{o.target, std::nullopt});
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
                         unix_now(),
                         std::string(kVersion)};
  const std::string path = audit_log_path(o.log);
  if (auto logged = append_audit_record(path, audit_record(report, ctx)); !logged) {
    print_line(err_out(), "stickwright: warning: the audit log {} was not written: {}", path,
               logged.error().message);
  }
}

}  // namespace

int run_write(const CliOptions& o, Output& out) {
  auto inspection = writer::inspect_image(o.image);
  if (!inspection) return out.error(inspection.error());
  // A Windows installer's tells, before anything is written (not a refusal by itself).
  for (const auto& l : tamper_lines(*inspection, 10)) print_line(err_out(), "stickwright: {}", l);
  auto trust = load_trust(o);
  if (!trust) return out.error(trust.error());
  auto hash = resolve_hash(o, **trust);
  if (!hash) return out.error(hash.error());
  auto plan = writer::plan_write(write_request(o, std::move(*hash), *trust), *inspection);
  if (!plan) return out.error(plan.error());
  announce_mode(o, *inspection, plan->mode);
  auto& target = plan->targets.front();
  if (target.stream) announce_stick(*target.stream);

  auto job = writer::make_job(*plan, target, out.progress_sink(),
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
  ctx.windows_json = windows_json(target.stream ? &target.stream->info() : nullptr, *inspection);
  return out.finish(report, ctx);
}

}  // namespace sw::tui
