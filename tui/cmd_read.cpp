// The commands that never write: verify, hash, list.

#include <fmt/format.h>

#include "platform/drive_rules.h"
#include "platform/drives.h"
#include "platform/linux_device.h"
#include "platform/signals.h"
#include "tui/cli_common.h"
#include "tui/drive_view.h"
#include "tui/exit_codes.h"
#include "tui/json.h"
#include "tui/text_out.h"
#include "writer/compressed_source.h"
#include "writer/passes.h"
#include "writer/source.h"

namespace sw::tui {

int run_verify(const CliOptions& o) {
  auto source = writer::open_image(o.image);
  if (!source) return report_error(source.error(), o.json);
  auto hash = resolve_hash(o);
  if (!hash) return report_error(hash.error(), o.json);
  auto target = platform::probe_target(node_path_for(platform::Sysroot(o.sysroot), o.target));
  if (!target) return report_error(target.error(), o.json);
  if (!hash->expected) {
    print_line(stderr, "stickwright: note: no expected hash; only comparing {} with the image",
               o.target);
  }
  ProgressPrinter printer(progress_stream(o.json), progress_style(o.json), writer::steady_clock());
  writer::VerifyJob job;
  job.source = source->get();
  job.expected = hash->expected;
  const platform::TargetInfo info = *target;
  job.open_reader = [info] { return platform::open_for_read(info); };
  job.sink = [&printer](const writer::ProgressEvent& ev) { printer.on_event(ev); };
  job.cancel = writer::CancelToken(&platform::interrupt_flag());
  platform::install_interrupt_handlers();
  const auto report = writer::run_verify_job(job);
  return finish_report(report, ReportContext{Command::kVerify, o.image, o.target, ""}, o.json,
                       printer);
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
        .add("hash_strength", writer::hash_strength_name(writer::hash_strength(*alg)))
        .add("digest", hex);
    write_text(stdout, r.str() + "\n");
  } else {
    // The format of sha256sum and friends, so the output can be checked with `sha256sum -c`.
    print_line(stdout, "{}  {}", hex, o.image);
  }
  return kExitOk;
}

int run_list(const CliOptions& o) {
  const platform::Sysroot root(o.sysroot);
  const auto state = platform::read_system_state(root);
  const auto protected_disks = platform::find_protected_disks(root, state, std::nullopt);
  std::vector<ListedDrive> shown;
  std::size_t hidden = 0;
  for (auto& d : platform::scan_drives(root, state)) {
    auto e = platform::evaluate_drive(d, protected_disks);
    if (!o.all && e.verdict != platform::Verdict::kOffered) {
      ++hidden;
      continue;
    }
    shown.push_back(ListedDrive{std::move(d), std::move(e)});
  }
  if (o.json) {
    write_text(stdout, drives_json(shown) + "\n");
    return kExitOk;
  }
  if (shown.empty()) {
    print_line(stdout, "No USB drive or SD card found. Insert one{}.",
               hidden > 0 ? fmt::format(", or run 'stickwright list --all' to see why the {} other "
                                        "disk(s) are not offered",
                                        hidden)
                          : std::string());
    return kExitOk;
  }
  for (const auto& line : drive_table(shown, o.all)) print_line(stdout, "{}", line);
  if (hidden > 0)
    print_line(stdout, "({} other disk(s) not offered; --all shows them and why)", hidden);
  return kExitOk;
}

}  // namespace sw::tui
