// The commands that never write: verify, hash, list.

#include <fmt/format.h>

#include "platform/drive_rules.h"
#include "platform/drives.h"
#include "platform/linux_device.h"
#include "platform/signals.h"
#include "tui/authenticity_view.h"
#include "tui/cli/common.h"
#include "tui/cli/drive_list.h"
#include "tui/drive_view.h"
#include "tui/exit_codes.h"
#include "tui/json.h"
#include "tui/text_out.h"
#include "writer/compressed_source.h"
#include "writer/passes.h"
#include "writer/source.h"

namespace sw::tui {
namespace {

/// What `list` shows a person: the drives, or why there are none, and how many are hidden.
std::vector<std::string> list_lines(const std::vector<ListedDrive>& shown, std::size_t hidden,
                                    bool all) {
  if (shown.empty()) {
    return {fmt::format("No USB drive or SD card found. Insert one{}.",
                        hidden > 0 ? fmt::format(", or run 'stickwright list --all' to see why "
                                                 "the {} other disk(s) are not offered",
                                                 hidden)
                                   : std::string())};
  }
  auto lines = drive_table(shown, all);
  if (hidden > 0) {
    lines.push_back(
        fmt::format("({} other disk(s) not offered; --all shows them and why)", hidden));
  }
  return lines;
}

}  // namespace

int run_verify(const CliOptions& o, Output& out) {
  auto source = writer::open_image(o.image);
  if (!source) return out.error(source.error());
  auto trust = load_trust(o);
  if (!trust) return out.error(trust.error());
  auto hash = resolve_hash(o, **trust);
  if (!hash) return out.error(hash.error());
  auto target = platform::probe_target(node_path_for(platform::Sysroot(o.sysroot), o.target));
  if (!target) return out.error(target.error());
  if (!hash->expected) {
    print_line(err_out(), "stickwright: note: no expected hash; only comparing {} with the image",
               o.target);
  }
  writer::VerifyJob job;
  job.source = source->get();
  job.expected = hash->expected;
  job.provenance = provenance_of(*hash, *trust, false);
  const platform::TargetInfo info = *target;
  job.open_reader = [info] { return platform::open_for_read(info); };
  job.sink = out.progress_sink();
  job.cancel = writer::CancelToken(&platform::interrupt_flag());
  platform::install_interrupt_handlers();
  const auto report = writer::run_verify_job(job);
  return out.finish(report, ReportContext{Command::kVerify, o.image, o.target, ""});
}

int run_hash(const CliOptions& o, Output& out) {
  auto alg = writer::algorithm_from_name(o.algo);
  if (!alg) {
    return out.error(
        Error{ErrorKind::kUsage,
              fmt::format("unknown algorithm '{}'; use md5, sha1, sha256 or sha512", o.algo), 0});
  }
  auto source = writer::open_raw_image(o.image);
  if (!source) return out.error(source.error());
  auto trust = load_trust(o);
  if (!trust) return out.error(trust.error());
  const writer::Provenance catalogs{{}, std::nullopt, *trust, false};
  auto algs = writer::hash_algorithms(std::nullopt, catalogs);
  algs.push_back(*alg);
  const writer::ProgressSink sink = out.progress_sink();
  platform::install_interrupt_handlers();
  const writer::PassContext ctx{writer::steady_clock(), sink,
                                writer::CancelToken(&platform::interrupt_flag())};
  auto digests = writer::hash_source(**source, algs, ctx);
  out.end_progress();
  if (!digests) return out.error(digests.error());
  const auto known = writer::find_in_catalogs((*trust)->catalogs, *digests);
  const std::string hex = digests->of(*alg);
  JsonObject r;
  r.add("event", "result")
      .add("status", "ok")
      .add("exit_code", std::uint64_t{0})
      .add("image", o.image)
      .add("image_bytes", (*source)->size())
      .add("algorithm", writer::algorithm_name(*alg))
      .add("hash_strength", writer::hash_strength_name(writer::hash_strength(*alg)))
      .add("digest", hex)
      .add_raw("catalog", catalog_json(known));
  // For a person, the format of sha256sum and friends, so it can be checked with `sha256sum -c`;
  // a catalog entry on err_out(), so that stdout stays in that format.
  out.result(r.str(), {fmt::format("{}  {}", hex, o.image)});
  if (known) {
    out.for_person(authenticity_lines({}, known, true).back());
  } else if (!(*trust)->catalogs.empty()) {
    out.for_person(
        fmt::format("Not in any of the {} catalog(s) of known images", (*trust)->catalogs.size()));
  }
  return kExitOk;
}

int run_list(const CliOptions& o, Output& out) {
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
  out.result(drives_json(shown), list_lines(shown, hidden, o.all));
  return kExitOk;
}

}  // namespace sw::tui
