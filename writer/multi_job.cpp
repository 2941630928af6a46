#include "writer/multi_job.h"

#include <map>
#include <mutex>
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

/// Targets written from one stream read once: every target in raw mode (the image); in Windows
/// mode the targets of one capacity (the same ISO and size give the same stick, byte for byte).
struct Group {
  std::size_t leader = 0;            ///< the job whose stream is read (and prepared)
  std::vector<std::size_t> members;  ///< job indexes, the leader first
  std::unique_ptr<FanOut> fan;
  std::mutex locate;  ///< one target at a time reads a generated stream again
};

/// A group's generated stream, read again to locate a difference after writing: one target at a
/// time, from its first read until this object is gone (the end of its verification). Never
/// locked when the read-back digest matched, as the stream is then not read.
class SharedStream : public Source {
 public:
  SharedStream(Source& stream, std::mutex& mutex) : m_stream(stream), m_mutex(mutex) {}
  const std::string& path() const override { return m_stream.path(); }
  std::uint64_t size() const override { return m_stream.size(); }
  Result<void> rewind() override {
    hold();
    return m_stream.rewind();
  }
  Result<std::size_t> read(std::span<std::byte> buf) override {
    hold();
    return m_stream.read(buf);
  }
  std::optional<platform::FileStamp> stamp() const override { return m_stream.stamp(); }
  std::optional<std::uint32_t> sector_bytes() const override { return m_stream.sector_bytes(); }

 private:
  void hold() {
    if (!m_lock.owns_lock()) m_lock = std::unique_lock(m_mutex);
  }
  Source& m_stream;
  std::mutex& m_mutex;
  std::unique_lock<std::mutex> m_lock;
};

/// One target after the hash pass: write its share of its group's single read, flush, read back.
Result<void> target_steps(const WriteJob& job, Group& group, std::size_t slot, Source& stream,
                          platform::BlockDevice& dev, const ReadbackKey& key, JobReport& report) {
  const PassContext ctx{*job.clock, job.sink, job.cancel, &key};
  auto digest = write_image(job, group.fan->view(slot), dev, ctx, report);
  if (!digest) {
    group.fan->detach(slot);  // the others go on without waiting for this one
    return digest.failure();
  }
  // Read only when the read-back differs, to find the first differing byte: the image opened
  // again, or the group's generated stream, one target at a time.
  std::unique_ptr<Source> again;
  if (job.stream == nullptr) {
    auto image = open_image(job.source->path());
    if (!image) return image.failure();
    again = std::move(*image);
  } else {
    again = std::make_unique<SharedStream>(stream, group.locate);
  }
  return finish_written(job, *digest, *again, dev, ctx, report);
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

/// The groups: one for a raw write; in Windows mode one per target capacity.
std::vector<std::unique_ptr<Group>> make_groups(const std::vector<WriteJob>& jobs) {
  std::vector<std::unique_ptr<Group>> groups;
  std::map<std::uint64_t, Group*> by_capacity;
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    const auto key = jobs[i].stream == nullptr ? 0 : jobs[i].target.capacity;
    auto& g = by_capacity[key];
    if (g == nullptr) {
      groups.push_back(std::make_unique<Group>());
      g = groups.back().get();
      g->leader = i;
    }
    g->members.push_back(i);
  }
  return groups;
}

/// Windows mode: each group's stick is prepared once (wimlib, after the hash was accepted), and
/// every member's report takes the leader's notes and the stick's final size.
Result<void> prepare_groups(const std::vector<WriteJob>& jobs,
                            std::vector<std::unique_ptr<Group>>& groups,
                            std::vector<JobReport>& reports) {
  for (auto& g : groups) {
    const WriteJob& leader = jobs[g->leader];
    JobReport& lr = reports[g->leader];
    lr.mode = leader.mode;
    if (auto p = run_prepare(leader, lr); !p) return p;
    if (leader.stream != nullptr) lr.image_bytes = leader.stream->size();
    for (auto m : g->members) {
      if (m == g->leader) continue;
      const auto hashed_bytes = reports[m].image_bytes;
      reports[m] = lr;
      if (leader.stream == nullptr) reports[m].image_bytes = hashed_bytes;
    }
  }
  return ok();
}

}  // namespace

Result<void> preflight_all(const std::vector<WriteJob>& jobs) {
  const bool windows = !jobs.empty() && jobs.front().stream != nullptr;
  for (const auto& j : jobs) {
    if ((j.stream != nullptr) != windows || j.source != jobs.front().source) {
      return fail(ErrorKind::kUsage,
                  "several targets at once are written from one image, all in one mode");
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
  shared.mode = first.mode;
  std::vector<JobReport> reports(jobs.size(), shared);
  auto groups = make_groups(jobs);
  if (auto p = prepare_groups(jobs, groups, reports); !p)
    return refuse_all(jobs, shared, p.error());
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (auto fits = check_fits(reports[i].image_bytes, jobs[i].target); !fits) {
      return refuse_all(jobs, shared, fits.error());
    }
  }
  if (auto same = check_unchanged(source, hashed_stamp, Stage::kBeforeWrite, first.target.path);
      !same) {
    return refuse_all(jobs, shared, same.error());
  }
  // Only now, with the image's digest accepted, are the targets opened.
  MultiReport out;
  out.targets = std::move(reports);
  std::vector<std::unique_ptr<platform::BlockDevice>> devs(jobs.size());
  std::vector<std::thread> threads;
  for (auto& g : groups) {
    Source& stream = written_source(jobs[g->leader]);
    g->fan = std::make_unique<FanOut>(stream, g->members.size());
    for (std::size_t slot = 0; slot < g->members.size(); ++slot) {
      const auto i = g->members[slot];
      auto dev = open_target(jobs[i], out.targets[i]);
      if (dev) {
        devs[i] = std::move(*dev);
      } else {
        out.targets[i].error = dev.error();
        g->fan->detach(slot);
      }
    }
    g->fan->start();
    for (std::size_t slot = 0; slot < g->members.size(); ++slot) {
      const auto i = g->members[slot];
      if (!devs[i]) continue;
      threads.emplace_back([&, i, slot, group = g.get(), src = &stream] {
        auto done = target_steps(jobs[i], *group, slot, *src, *devs[i], *key, out.targets[i]);
        if (!done) out.targets[i].error = done.error();
      });
    }
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
