#include "writer/multi_job.h"

#include <thread>

#include "writer/compressed_source.h"
#include "writer/fan_out.h"
#include "writer/job_messages.h"
#include "writer/job_steps.h"
#include "writer/readback_digest.h"

namespace sw::writer {
using namespace steps;
namespace msg = job_messages;
namespace {

/// One target after the hash pass: write its share of the single read, flush, read back.
Result<void> target_steps(const WriteJob& job, FanOut& fan, std::size_t i,
                          platform::BlockDevice& dev, const ReadbackKey& key, JobReport& report) {
  const PassContext ctx{*job.clock, job.sink, job.cancel, &key};
  auto digest = write_image(job, fan.view(i), dev, ctx, report);
  if (!digest) {
    fan.detach(i);  // the others go on without waiting for this one
    return digest.failure();
  }
  if (auto d = take_written_digest(job, *digest, dev.path(), report); !d) return d;
  if (auto g = clear_stale_gpt(dev, report); !g) return g;
  // Read only when the read-back differs, to find the first differing byte.
  auto image = open_image(job.source->path());
  if (!image) return image.failure();
  if (auto v = sync_and_verify(dev, **image, job.verify_policy, ctx, report); !v) return v;
  if (auto r = dev.reread_partitions(); !r) {
    report.notes.push_back(msg::reread_failed_note(r.error()));
  }
  return ok();
}

/// Every target refused with the same error, before any was opened.
MultiReport refuse_all(const std::vector<WriteJob>& jobs, const JobReport& shared, Error e) {
  MultiReport out;
  out.refusal = e;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    out.targets.push_back(shared);
    out.targets.back().error = e;
  }
  return out;
}

}  // namespace

Result<void> preflight_all(const std::vector<WriteJob>& jobs) {
  for (const auto& j : jobs) {
    if (j.stream != nullptr || j.source != jobs.front().source) {
      return fail(ErrorKind::kUsage,
                  "several targets at once are written from one image as it is (raw mode); a "
                  "Windows installer's stick is built for one target at a time");
    }
    if (auto p = preflight(j); !p) return p;
  }
  return ok();
}

MultiReport run_multi_write_job(const std::vector<WriteJob>& jobs, const ProgressSink& hash_sink) {
  if (jobs.empty()) return {};
  const WriteJob& first = jobs.front();
  Source& source = *first.source;
  JobReport shared = new_report(source, first.expected);
  if (auto pre = preflight_all(jobs); !pre) return refuse_all(jobs, shared, pre.error());
  auto key = ReadbackKey::draw();
  if (!key) return refuse_all(jobs, shared, key.error());
  const PassContext ctx{*first.clock, hash_sink ? hash_sink : first.sink, first.cancel, &*key};
  const auto hashed_stamp = source.stamp();
  if (auto h = hash_and_compare(source, first.expected, first.provenance, first.hash_policy, ctx,
                                shared);
      !h) {
    return refuse_all(jobs, shared, h.error());
  }
  for (const auto& j : jobs) {
    if (auto fits = check_fits(shared.image_bytes, j.target); !fits) {
      return refuse_all(jobs, shared, fits.error());
    }
  }
  if (auto same = check_unchanged(source, hashed_stamp, Stage::kBeforeWrite, first.target.path);
      !same) {
    return refuse_all(jobs, shared, same.error());
  }
  // Only now, with the image's digest accepted, are the targets opened.
  MultiReport out;
  out.targets.assign(jobs.size(), shared);
  std::vector<std::unique_ptr<platform::BlockDevice>> devs(jobs.size());
  FanOut fan(source, jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    auto dev = open_target(jobs[i], out.targets[i]);
    if (dev) {
      devs[i] = std::move(*dev);
    } else {
      out.targets[i].error = dev.error();
      fan.detach(i);
    }
  }
  fan.start();
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (!devs[i]) continue;
    threads.emplace_back([&, i] {
      auto done = target_steps(jobs[i], fan, i, *devs[i], *key, out.targets[i]);
      if (!done) out.targets[i].error = done.error();
    });
  }
  for (auto& t : threads) t.join();
  // The image file must be as it was hashed, after the write too (as for one target).
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    auto& r = out.targets[i];
    if (r.error || !devs[i]) continue;
    if (auto same = check_unchanged(source, hashed_stamp, Stage::kAfterWrite, devs[i]->path());
        !same) {
      r.error = same.error();
      r.verified = false;
    }
  }
  return out;
}

}  // namespace sw::writer
