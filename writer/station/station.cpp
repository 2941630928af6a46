#include "writer/station/station.h"

#include <fmt/format.h>

#include "writer/compressed_source.h"
#include "writer/job_messages.h"
#include "writer/job_steps.h"

namespace sw::writer {
using namespace steps;
namespace msg = job_messages;
namespace {

/// The checks of preflight() that need no target.
Result<void> station_preflight(const WritePlan& plan) {
  if (plan.mode.mode != WriteMode::kRaw) {
    return fail(ErrorKind::kUsage,
                "the station writes images as they are (raw mode); a Windows installer's stick is "
                "laid out for one stick's size and is built one at a time");
  }
  const auto& c = plan.checks;
  if (!c.expected && c.hash_policy == HashPolicy::kRequireExpected && !has_catalogs(c.provenance)) {
    return fail(msg::no_expected_hash(plan.source->path(), c.hash_notes));
  }
  return check_provenance(c.provenance);
}

/// The image opened again for one stick, as large as the hash pass measured it.
Result<std::unique_ptr<Source>> reopen_image(const std::string& path, std::uint64_t hashed_bytes) {
  auto fresh = open_image(path);
  if (!fresh) return fresh;
  if (auto* d = dynamic_cast<DecompressingSource*>(fresh->get()))
    d->set_measured_size(hashed_bytes);
  return fresh;
}

Result<void> stick_steps(const WriteJob& job, const StationImage& image, JobReport& report) {
  auto fresh = reopen_image(job.source->path(), image.report.image_bytes);
  if (!fresh) return fresh.failure();
  Source& src = **fresh;
  // Opened by path again: it must be the very file that was hashed, unchanged.
  if (auto same = check_unchanged(src, image.stamp, Stage::kBeforeWrite, job.target.path); !same)
    return same;
  if (auto fits = check_fits(report.image_bytes, job.target); !fits) return fits;
  const PassContext ctx{*job.clock, job.sink, job.cancel, &*image.key};
  auto target = open_target(job, report);
  if (!target) return target.failure();
  auto& dev = **target;
  auto digest = write_image(job, src, dev, ctx, report);
  if (!digest) return digest.failure();
  if (auto same = check_unchanged(src, image.stamp, Stage::kAfterWrite, dev.path()); !same)
    return same;
  // The bytes written are the bytes hashed: the digest taken while writing is the hash pass's.
  return finish_written(job, *digest, src, dev, ctx, report);
}

}  // namespace

bool is_station_drive(const platform::Drive& d) {
  // USB drives and SD cards are what a station is for; an eMMC or any internal disk never is.
  if (d.transport == platform::Transport::kUsb) return true;
  return d.transport == platform::Transport::kMmc && d.mmc_type == platform::MmcType::kSd;
}

std::optional<std::string> station_refusal(const platform::Drive& drive,
                                           const platform::Eligibility& eligibility,
                                           const StationRules& rules) {
  if (!is_station_drive(drive)) {
    return fmt::format("is not a USB drive or SD card ({}): the station writes only those",
                       platform::transport_name(drive.transport));
  }
  if (eligibility.verdict != platform::Verdict::kOffered) {
    std::string why;
    for (const auto& r : eligibility.reasons) why += (why.empty() ? "" : "; ") + r;
    return why.empty() ? std::string("is not offered for writing") : why;
  }
  if (drive.size_bytes > rules.max_bytes) {
    return fmt::format(
        "looks like a hard disk: {} bytes, more than the station's largest stick "
        "({} bytes)",
        drive.size_bytes, rules.max_bytes);
  }
  if (eligibility.looks_like_hard_disk) return std::string("looks like a hard disk (rotational)");
  if (drive.size_bytes < rules.min_bytes) {
    return fmt::format("is smaller than the station's smallest stick ({} bytes, under {})",
                       drive.size_bytes, rules.min_bytes);
  }
  return std::nullopt;
}

StationImage hash_station_image(const WritePlan& plan, const Clock& clock, const ProgressSink& sink,
                                CancelToken cancel) {
  Source& source = *plan.source;
  StationImage out;
  out.report = new_report(source, plan.checks.expected);
  if (auto pre = station_preflight(plan); !pre) {
    out.report.error = pre.error();
    out.report.authenticity = plan.checks.provenance.list;
    return out;
  }
  auto key = ReadbackKey::draw();
  if (!key) {
    out.report.error = key.error();
    return out;
  }
  out.key = *key;
  out.stamp = source.stamp();
  const PassContext ctx{clock, sink, cancel, &*out.key};
  if (auto h = hash_and_compare(source, plan.checks.expected, plan.checks.provenance,
                                plan.checks.hash_policy, ctx, out.report);
      !h) {
    out.report.error = h.error();
  }
  return out;
}

JobReport write_stick(const WriteJob& job, const StationImage& image) {
  JobReport report = image.report;
  if (report.error) return report;  // the hash pass refused: nothing may be written
  if (!image.key) {
    report.error = Error{ErrorKind::kInput, "the image was not hashed before writing a stick"};
    return report;
  }
  if (auto done = stick_steps(job, image, report); !done) report.error = done.error();
  return report;
}

}  // namespace sw::writer
