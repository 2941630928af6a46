// `stickwright write`: hash first, then write and verify, to a drive or a file.

#include <fmt/format.h>

#include <memory>
#include <optional>

#include "platform/drive_select.h"
#include "platform/files.h"
#include "platform/linux_device.h"
#include "platform/signals.h"
#include "tui/cli_common.h"
#include "tui/drive_view.h"
#include "tui/exit_codes.h"
#include "tui/json.h"
#include "tui/text_out.h"
#include "writer/compressed_source.h"
#include "writer/inspect/inspect.h"
#include "writer/raw_plan.h"
#include "writer/source.h"
#include "writer/windows/stick_source.h"

namespace sw::tui {
namespace {

platform::Verdict worst_allowed(const CliOptions& o) {
  return o.allow_non_removable ? platform::Verdict::kNeedsFlag : platform::Verdict::kOffered;
}

/// A target as the write command sees it: the file or node to open, and the drive if it is one.
struct WriteTarget {
  platform::TargetInfo info;
  std::optional<platform::PreparedDrive> drive;
  bool looks_like_hard_disk = false;
  std::string confirm_name;  ///< what the user types to confirm
};

/// A drive target: found through sysfs and judged by every rule (platform::prepare_drive).
Result<WriteTarget> drive_target(const CliOptions& o, const platform::Sysroot& root,
                                 const std::optional<std::string>& image) {
  auto prepared = platform::prepare_drive(root, o.target, image, worst_allowed(o),
                                          kAllowNonRemovableHint);
  if (!prepared) return prepared.failure();
  const auto& t = prepared->target;
  return WriteTarget{prepared->info, *prepared, t.eligibility.looks_like_hard_disk, t.drive.name};
}

/// A regular file target (platform::prepare_file_target).
Result<WriteTarget> file_target(const CliOptions& o, const platform::Sysroot& root) {
  auto info = platform::prepare_file_target(root, node_path_for(root, o.target), o.image);
  if (!info) return info.failure();
  return WriteTarget{*info, std::nullopt, false, std::string(writer::base_name(o.target))};
}

/// What the write destroys and writes, for the confirmation prompt; each line escaped whole, so
/// a drive's model or a label cannot add, hide or rewrite a line of it.
std::string loss_summary(const WriteTarget& t, const std::string& image,
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

/// Typed confirmation; a drive that looks like a hard disk needs a second answer.
Result<void> confirm(const CliOptions& o, const WriteTarget& t, std::uint64_t image_bytes) {
  if (t.looks_like_hard_disk && !o.allow_hard_disk && o.yes) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("{} looks like a hard disk (rotational or over 128 GB); --yes alone is "
                            "not enough. Add --allow-hard-disk if you are sure.",
                            o.target));
  }
  if (o.yes) return ok();
  const auto answer =
      ask_on_terminal(loss_summary(t, o.image, image_bytes) +
                      fmt::format("Type '{}' and Enter to continue: ", t.confirm_name));
  if (!answer) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("refusing to write {} without confirmation: there is no terminal to "
                            "ask on. Pass --yes if you are sure.",
                            o.target));
  }
  if (*answer != t.confirm_name) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("not confirmed ('{}' is not '{}'); nothing was written", *answer,
                            t.confirm_name));
  }
  if (t.looks_like_hard_disk && !o.allow_hard_disk) {
    const auto again = ask_on_terminal(fmt::format(
        "{} looks like a hard disk, not a USB stick. Type 'erase' to erase it anyway: ", o.target));
    if (!again || *again != "erase") {
      return fail(ErrorKind::kTargetRefused, "not confirmed; nothing was written");
    }
  }
  return ok();
}

/// Inspects the image and chooses how to write it: Windows mode for a Windows installer (with
/// --mode auto or windows), else raw under the raw-write rules; prints the choice and warnings.
/// Returns true for Windows mode.
Result<bool> choose_mode(const CliOptions& o) {
  auto inspection = writer::inspect_image(o.image);
  if (!inspection) return inspection.failure();
  const auto& r = *inspection;
  const bool windows_iso = r.kind == writer::ImageKind::kWindowsInstaller;
  if (o.mode == "windows" && !windows_iso) {
    return fail(ErrorKind::kInput,
                fmt::format("{} is not a Windows installer ISO (no bootmgr with "
                            "sources/install.wim or install.esd): --mode windows does not apply. "
                            "It is a {}.",
                            o.image, writer::image_kind_text(r.kind)));
  }
  if (windows_iso && o.mode != "raw") {
    if (r.compression != writer::Compression::kNone) {
      return fail(ErrorKind::kInput, fmt::format("{} is a compressed Windows installer ISO; "
                                                 "decompress it first for Windows mode",
                                                 o.image));
    }
    print_line(stderr, "stickwright: {}: Windows installer ISO: writing it in Windows mode{}",
               o.image, o.mode == "windows" ? "" : " (chosen by --mode auto)");
    return true;
  }
  const auto mode = o.mode == "raw" ? writer::WriteMode::kRaw : writer::WriteMode::kAuto;
  auto warnings = writer::check_raw_write(r, mode);
  if (!warnings) return warnings.failure();
  print_line(stderr, "stickwright: {}: {}", o.image, writer::image_kind_text(r.kind));
  for (const auto& w : *warnings) print_line(stderr, "stickwright: warning: {}", w);
  return false;
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

/// The "windows" object of the JSON report.
std::string windows_json(const writer::WindowsStickInfo& i) {
  JsonObject o;
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

/// The Windows stick for the chosen target, with a line saying what it will hold.
Result<std::unique_ptr<writer::WindowsStickSource>> windows_stream(const CliOptions& o,
                                                                   std::uint64_t capacity) {
  auto stream = writer::WindowsStickSource::open(
      o.image, capacity == platform::kGrowableCapacity ? 0 : capacity);
  if (!stream) return stream.failure();
  const auto& i = (*stream)->info();
  print_line(stderr,
             "stickwright: Windows mode: MBR with GRUB's BIOS boot code (from this system's "
             "grub-pc-bin), one FAT32 partition '{}' of {} with {} files in {} folders ({}); "
             "UEFI x64 boot: {}",
             i.label, format_bytes(i.partition_bytes), i.file_count, i.dir_count,
             format_bytes(i.file_bytes), uefi_text(i));
  for (const auto& [path, parts] : i.split) {
    print_line(stderr,
               "stickwright: Windows mode: {} is over FAT32's 4 GiB - 1 per file: it will be "
               "split with wimlib into about {} .swm parts once the ISO's hash is accepted",
               path, parts);
  }
  return stream;
}

void print_warnings(const CliOptions& o, bool has_expected) {
  if (o.no_verify) {
    print_line(stderr,
               "stickwright: warning: --no-verify: the target will not be read back, so a "
               "faulty or fake stick will not be detected");
  }
  if (!has_expected) {
    print_line(stderr,
               "stickwright: warning: no expected hash; the image is written unverified. "
               "Compare its sha256 (printed below) with the publisher's.");
  }
}

}  // namespace

int run_write(const CliOptions& o) {
  auto source = writer::open_image(o.image);
  if (!source) return report_error(source.error(), o.json);
  auto windows = choose_mode(o);
  if (!windows) return report_error(windows.error(), o.json);
  auto hash = resolve_hash(o);
  if (!hash) return report_error(hash.error(), o.json);
  const platform::Sysroot root(o.sysroot);
  const auto image = platform::real_path(o.image);
  auto target =
      platform::is_drive_path(root, o.target) ? drive_target(o, root, image) : file_target(o, root);
  if (!target) return report_error(target.error(), o.json);

  std::unique_ptr<writer::WindowsStickSource> stream;
  if (*windows) {
    auto made = windows_stream(o, target->info.capacity);
    if (!made) return report_error(made.error(), o.json);
    stream = std::move(*made);
  }

  ProgressPrinter printer(progress_stream(o.json), progress_style(o.json), writer::steady_clock());
  writer::WriteJob job;
  job.source = source->get();
  if (stream) writer::use_windows_stick(job, *stream);
  job.expected = hash->expected;
  job.hash_notes = hash->notes;
  job.hash_policy =
      o.unverified ? writer::HashPolicy::kAllowUnverified : writer::HashPolicy::kRequireExpected;
  job.verify_policy = o.no_verify ? writer::VerifyPolicy::kSkip : writer::VerifyPolicy::kVerify;
  const platform::TargetInfo info = target->info;
  const std::optional<platform::PreparedDrive> drive = target->drive;
  const auto worst = worst_allowed(o);
  job.target = writer::TargetSpec{
      o.target, info.capacity, info.logical_sector,
      [root, info, drive, image, worst]() -> Result<std::unique_ptr<platform::BlockDevice>> {
        if (!drive) return platform::open_for_write(info);
        // Unmounted only now, after the image's hash was accepted.
        return platform::unmount_and_open(root, *drive, image, worst);
      }};
  job.sink = [&printer](const writer::ProgressEvent& ev) { printer.on_event(ev); };
  job.cancel = writer::CancelToken(&platform::interrupt_flag());

  if (auto pre = writer::preflight(job); !pre) return report_error(pre.error(), o.json);
  const std::uint64_t bytes = stream ? stream->size() : (*source)->size();
  if (auto c = confirm(o, *target, bytes); !c) return report_error(c.error(), o.json);
  print_warnings(o, job.expected.has_value());
  platform::install_interrupt_handlers();
  const auto report = writer::run_write_job(job);
  if (!job.expected && !report.sha256.empty() && !o.json) {
    print_line(stderr, "stickwright: image sha256 {} (unverified)", report.sha256);
  }
  ReportContext ctx{Command::kWrite, o.image, o.target, ""};
  if (stream) ctx.windows_json = windows_json(stream->info());
  return finish_report(report, ctx, o.json, printer);
}

}  // namespace sw::tui
