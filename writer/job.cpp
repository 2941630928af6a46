#include "writer/job.h"

#include <algorithm>

#include "platform/fd.h"
#include "writer/compressed_source.h"
#include "writer/job_messages.h"
#include "writer/job_steps.h"
#include "writer/readback_digest.h"
#include "writer/stale_gpt.h"

namespace sw::writer {
using namespace steps;
namespace msg = job_messages;
namespace {

/// The whole write: hash, prepare, fit, open, write, sync, verify. Fills `report` as it goes.
Result<void> write_steps(const WriteJob& job, JobReport& report) {
  Source& source = *job.source;
  auto key = ReadbackKey::draw();
  if (!key) return key.failure();
  const PassContext ctx{*job.clock, job.sink, job.cancel, &*key};

  if (auto pre = preflight(job); !pre) return pre;
  const auto hashed_stamp = source.stamp();
  const auto limit = content_limit(job);
  if (auto h = hash_and_compare(source, job.expected, job.provenance, job.hash_policy, ctx, report,
                                limit ? &*limit : nullptr);
      !h)
    return h;
  report.mode = job.mode;
  if (auto p = run_prepare(job, report); !p) return p;
  // What is written: the image, or the stick generated from it. A compressed image's size may
  // be known only now, measured by the hash pass.
  Source& out = written_source(job);
  if (job.stream != nullptr) report.image_bytes = out.size();
  if (auto fits = check_fits(report.image_bytes, job.target); !fits) return fits;
  if (auto same = check_unchanged(source, hashed_stamp, Stage::kBeforeWrite, job.target.path);
      !same)
    return same;

  // Only now, with the image's digest accepted, is the target opened for writing.
  auto target = open_target(job, report);
  if (!target) return target.failure();
  auto& dev = **target;
  auto digest = write_image(job, out, dev, ctx, report);
  if (!digest) return digest.failure();
  if (auto same = check_unchanged(source, hashed_stamp, Stage::kAfterWrite, dev.path()); !same)
    return same;
  return finish_written(job, *digest, out, dev, ctx, report);
}

}  // namespace

std::string_view write_mode_id(WriteMode m) {
  if (m == WriteMode::kRestore) return "restore";
  return m == WriteMode::kWindows ? "windows" : "raw";
}

std::vector<Algorithm> hash_algorithms(const std::optional<ExpectedHash>& expected,
                                       const Provenance& provenance) {
  std::vector<Algorithm> algs{Algorithm::kSha256};
  if (expected) algs.push_back(expected->algorithm);
  for (auto a : provenance_algorithms(provenance)) algs.push_back(a);
  std::sort(algs.begin(), algs.end());
  algs.erase(std::unique(algs.begin(), algs.end()), algs.end());
  return algs;
}

std::string_view match_text(HashMatch m) {
  switch (m) {
    case HashMatch::kImage:
      return "the image";
    case HashMatch::kCompressedFile:
      return "the compressed file as downloaded";
    case HashMatch::kContent:
      return "the decompressed image";
    case HashMatch::kNone:
      break;
  }
  return "nothing";
}

Source& written_source(const WriteJob& job) {
  return job.stream != nullptr ? *job.stream : *job.source;
}

Result<void> check_fits(std::uint64_t image_bytes, const TargetSpec& target) {
  if (target.capacity == platform::kGrowableCapacity) return ok();
  const std::uint64_t needed = round_up(image_bytes, target.granularity);
  if (needed <= target.capacity) return ok();
  return fail(msg::does_not_fit(needed, target.path, target.capacity));
}

Result<void> preflight(const WriteJob& job) {
  // With catalogs, the expected digest may be found after the hash pass.
  if (!job.expected && job.hash_policy == HashPolicy::kRequireExpected &&
      !has_catalogs(job.provenance)) {
    return fail(msg::no_expected_hash(job.source->path(), job.hash_notes));
  }
  if (auto sig = check_provenance(job.provenance); !sig) return sig;
  const Source& out = written_source(job);
  if (auto sector = check_sector_size(out, job.target, job.mode); !sector) return sector;
  return check_fits(out.size(), job.target);
}

JobReport run_write_job(const WriteJob& job) {
  JobReport report = new_report(*job.source, job.expected);
  if (auto done = write_steps(job, report); !done) report.error = done.error();
  return report;
}

JobReport run_verify_job(const VerifyJob& job) {
  Source& source = *job.source;
  JobReport report = new_report(source, job.expected);
  auto key = ReadbackKey::draw();
  if (!key) {
    report.error = key.error();
    return report;
  }
  const PassContext ctx{*job.clock, job.sink, job.cancel, &*key};
  if (auto p = check_provenance(job.provenance); !p) {
    report.error = p.error();
    report.authenticity = job.provenance.list;
    return report;
  }
  auto reader = job.open_reader();
  if (!reader) {
    report.error = reader.error();
    return report;
  }
  if (auto h = hash_and_compare(source, job.expected, job.provenance, HashPolicy::kAllowUnverified,
                                ctx, report);
      !h) {
    report.error = h.error();
    return report;
  }
  if (auto v = read_back(**reader, source, ctx, report); !v) report.error = v.error();
  return report;
}

}  // namespace sw::writer
