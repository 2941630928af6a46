#include "tui/commands.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <memory>

#include "platform/fd.h"
#include "platform/linux_device.h"
#include "platform/signals.h"
#include "tui/cli_args.h"
#include "tui/exit_codes.h"
#include "tui/json.h"
#include "tui/progress_printer.h"
#include "tui/report.h"
#include "writer/checksum_file.h"
#include "writer/expected_hash.h"
#include "writer/job.h"
#include "writer/passes.h"
#include "writer/source.h"

namespace sw::tui {
namespace {

constexpr std::string_view kVersion = "0.1.0";

/// Prints an error for a person (stderr) or a script (a JSON result on stdout); returns its code.
int report_error(const Error& error, bool json) {
  if (json) fmt::print(stdout, "{}\n", error_json(error));
  fmt::print(stderr, "stickwright: {}\n", error.message);
  return exit_code_for(error.kind);
}

/// JSON progress goes to stdout with the result; human progress to stderr.
std::FILE* progress_stream(bool json) { return json ? stdout : stderr; }

ProgressStyle progress_style(bool json) {
  if (json) return ProgressStyle::kJsonLines;
  return platform::is_terminal(STDERR_FILENO) ? ProgressStyle::kTerminalLine
                                              : ProgressStyle::kPeriodicLines;
}

/// Asks on the terminal to type the target's name. Refuses when there is no terminal.
Result<void> confirm_on_terminal(const std::string& image, const platform::TargetInfo& target,
                                 std::uint64_t image_bytes) {
  const std::string name(writer::base_name(target.path));
  if (!platform::is_terminal(STDIN_FILENO)) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("refusing to write {} without confirmation: there is no terminal to "
                            "ask on. Pass --yes if you are sure.",
                            target.path));
  }
  const std::string capacity = target.capacity == platform::kGrowableCapacity
                                   ? std::string("grows as written")
                                   : format_bytes(target.capacity);
  fmt::print(stderr,
             "This will overwrite {} ({}) with {} ({}).\nEverything on it will be lost. Type '{}' "
             "and Enter to continue: ",
             target.path, capacity, image, format_bytes(image_bytes), name);
  std::fflush(stderr);
  char line[512] = {};
  if (std::fgets(line, sizeof line, stdin) == nullptr) line[0] = '\0';
  std::string answer(line);
  while (!answer.empty() && (answer.back() == '\n' || answer.back() == '\r')) answer.pop_back();
  if (answer != name) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("not confirmed ('{}' is not '{}'); nothing was written", answer, name));
  }
  return ok();
}

/// Safety rules that do not need the drive layer: block devices need an explicit flag, and the
/// image may not be written onto itself.
Result<void> check_target_allowed(const CliOptions& o, const platform::TargetInfo& target) {
  if (target.kind == platform::TargetKind::kBlockDevice && !o.allow_non_removable) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("refusing to write block device {}: this version cannot yet tell a USB "
                            "stick from a system disk. If you are sure {} is the right drive, "
                            "pass --allow-non-removable.",
                            target.path, target.path));
  }
  struct stat img {};
  if (target.kind == platform::TargetKind::kRegularFile && ::stat(o.image.c_str(), &img) == 0 &&
      img.st_dev == target.file_dev && img.st_ino == target.file_ino) {
    return fail(
        ErrorKind::kTargetRefused,
        fmt::format("{} is the image itself; refusing to write an image onto itself", target.path));
  }
  return ok();
}

Result<writer::HashResolution> resolve_hash(const CliOptions& o) {
  if (o.hash_spec && o.checksums) {
    fmt::print(stderr, "stickwright: note: --hash takes precedence; --checksums {} is not read\n",
               *o.checksums);
  }
  return writer::resolve_expected_hash(writer::HashRequest{o.hash_spec, o.checksums}, o.image);
}

int finish(const writer::JobReport& report, const ReportContext& ctx, bool json,
           ProgressPrinter& printer) {
  printer.finish_line();
  if (json) fmt::print(stdout, "{}\n", report_json(report, ctx));
  if (report.error) {
    if (!report.sha256.empty() && report.error->kind != ErrorKind::kHashMismatch && !json) {
      fmt::print(stderr, "stickwright: image sha256 {}\n", report.sha256);
    }
    fmt::print(stderr, "stickwright: {}\n", report.error->message);
    return exit_code_for(report.error->kind);
  }
  if (!json) print_success(stdout, report, ctx);
  return kExitOk;
}

/// What write and verify both start from: the open image, its expected hash, the target.
struct Inputs {
  std::unique_ptr<writer::Source> source;
  writer::HashResolution hash;
  platform::TargetInfo target;
};

Result<Inputs> gather_inputs(const CliOptions& o) {
  auto source = writer::open_raw_image(o.image);
  if (!source) return source.failure();
  auto hash = resolve_hash(o);
  if (!hash) return hash.failure();
  auto target = platform::probe_target(o.target);
  if (!target) return target.failure();
  return Inputs{std::move(*source), std::move(*hash), std::move(*target)};
}

int run_write(const CliOptions& o) {
  auto in = gather_inputs(o);
  if (!in) return report_error(in.error(), o.json);
  auto& [source, hash, info] = *in;
  if (auto allowed = check_target_allowed(o, info); !allowed)
    return report_error(allowed.error(), o.json);

  ProgressPrinter printer(progress_stream(o.json), progress_style(o.json), writer::steady_clock());
  writer::WriteJob job;
  job.source = source.get();
  job.expected = hash.expected;
  job.hash_notes = hash.notes;
  job.hash_policy =
      o.unverified ? writer::HashPolicy::kAllowUnverified : writer::HashPolicy::kRequireExpected;
  job.verify_policy = o.no_verify ? writer::VerifyPolicy::kSkip : writer::VerifyPolicy::kVerify;
  job.target = writer::TargetSpec{info.path, info.capacity, info.logical_sector,
                                  [info] { return platform::open_for_write(info); }};
  job.sink = [&printer](const writer::ProgressEvent& ev) { printer.on_event(ev); };
  job.cancel = writer::CancelToken(&platform::interrupt_flag());

  if (auto pre = writer::preflight(job); !pre) return report_error(pre.error(), o.json);
  if (!o.yes) {
    if (auto c = confirm_on_terminal(o.image, info, source->size()); !c)
      return report_error(c.error(), o.json);
  }
  if (o.no_verify) {
    fmt::print(stderr,
               "stickwright: warning: --no-verify: the target will not be read back, so a "
               "faulty or fake stick will not be detected\n");
  }
  if (!job.expected) {
    fmt::print(stderr,
               "stickwright: warning: no expected hash; the image is written unverified. "
               "Compare its sha256 (printed below) with the publisher's.\n");
  }
  platform::install_interrupt_handlers();
  const auto report = writer::run_write_job(job);
  if (!job.expected && !report.sha256.empty() && !o.json) {
    fmt::print(stderr, "stickwright: image sha256 {} (unverified)\n", report.sha256);
  }
  return finish(report, ReportContext{"write", o.image, o.target}, o.json, printer);
}

int run_verify(const CliOptions& o) {
  auto in = gather_inputs(o);
  if (!in) return report_error(in.error(), o.json);
  auto& [source, hash, info] = *in;
  if (!hash.expected) {
    fmt::print(stderr, "stickwright: note: no expected hash; only comparing {} with the image\n",
               o.target);
  }
  ProgressPrinter printer(progress_stream(o.json), progress_style(o.json), writer::steady_clock());
  writer::VerifyJob job;
  job.source = source.get();
  job.expected = hash.expected;
  job.open_reader = [info] { return platform::open_for_read(info); };
  job.sink = [&printer](const writer::ProgressEvent& ev) { printer.on_event(ev); };
  job.cancel = writer::CancelToken(&platform::interrupt_flag());
  platform::install_interrupt_handlers();
  const auto report = writer::run_verify_job(job);
  return finish(report, ReportContext{"verify", o.image, o.target}, o.json, printer);
}

int run_hash(const CliOptions& o) {
  auto alg = writer::algorithm_from_name(o.algo);
  if (!alg) {
    return report_error(
        Error{ErrorKind::kUsage,
              fmt::format("unknown algorithm '{}'; use md5, sha1, sha256 or sha512", o.algo), 0},
        o.json);
  }
  auto source = writer::open_raw_image(o.image);
  if (!source) return report_error(source.error(), o.json);
  ProgressPrinter printer(progress_stream(o.json), progress_style(o.json), writer::steady_clock());
  const writer::ProgressSink sink = [&printer](const writer::ProgressEvent& ev) {
    printer.on_event(ev);
  };
  platform::install_interrupt_handlers();
  const writer::PassContext ctx{writer::steady_clock(), sink,
                                writer::CancelToken(&platform::interrupt_flag())};
  auto digests = writer::hash_source(**source, {*alg}, ctx);
  printer.finish_line();
  if (!digests) return report_error(digests.error(), o.json);
  const std::string hex = digests->of(*alg);
  if (o.json) {
    JsonObject r;
    r.add("event", "result")
        .add("status", "ok")
        .add("exit_code", std::uint64_t{0})
        .add("image", o.image)
        .add("image_bytes", (*source)->size())
        .add("algorithm", writer::algorithm_name(*alg))
        .add("digest", hex);
    fmt::print(stdout, "{}\n", r.str());
  } else {
    // The format of sha256sum and friends, so the output can be checked with `sha256sum -c`.
    fmt::print(stdout, "{}  {}\n", hex, o.image);
  }
  return kExitOk;
}

}  // namespace

int run_cli(std::span<const std::string> args) {
  auto parsed = parse_cli(args);
  if (!parsed) {
    fmt::print(stderr, "stickwright: {}\n", parsed.error().message);
    return kExitUsage;
  }
  switch (parsed->command) {
    case Command::kHelp:
      fmt::print(stdout, "{}", usage_text());
      return kExitOk;
    case Command::kVersion:
      fmt::print(stdout, "stickwright {}\n", kVersion);
      return kExitOk;
    case Command::kWrite:
      return run_write(*parsed);
    case Command::kHash:
      return run_hash(*parsed);
    case Command::kVerify:
      return run_verify(*parsed);
  }
  return kExitUsage;
}

}  // namespace sw::tui
