#pragma once
/// Several sticks from one image at once: the hash pass once, every target opened only after the
/// image's digest was accepted, the image read once for all (FanOut), and each target written,
/// flushed and read back on its own thread, so one failing stick never stops the others.

#include <optional>
#include <vector>

#include "platform/result.h"
#include "writer/job.h"

namespace sw::writer {

/// What happened to each target.
struct MultiReport {
  /// One per job, in order; each carries the hash pass's fields and its own outcome.
  std::vector<JobReport> targets;
  /// Set when the write was refused before any target was opened (a target that does not fit,
  /// the hash, a signature, Windows mode's preparation): every target's report has the same
  /// error.
  std::optional<Error> refusal;
};

/// The checks before anything is hashed, for every job: each job's preflight, one image and one
/// mode for all. One refused target refuses them all, named. run_multi_write_job makes them
/// again; front ends call this before asking the user.
Result<void> preflight_all(const std::vector<WriteJob>& jobs);

/// Runs jobs that make_job made from one plan (the same source, one target each). In raw mode
/// every target is fed from one read of the image. In Windows mode the targets of one capacity
/// share one generated stick, prepared once and read once (the same ISO and size give the same
/// bytes); targets of another capacity get their own. The jobs' sinks are called from the targets'
/// threads at the same time: a front end serializes them. The first job's expected digest,
/// provenance, policies, clock and stop flag serve the hash pass, whose progress goes to
/// `hash_sink` (the first job's sink when empty): it is every target's.
MultiReport run_multi_write_job(const std::vector<WriteJob>& jobs,
                                const ProgressSink& hash_sink = {});

}  // namespace sw::writer
