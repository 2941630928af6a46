#include "writer/plan/write_plan.h"

#include <fmt/format.h>

#include <utility>

#include "writer/compressed_source.h"

namespace sw::writer {
namespace {

/// Which drives a request allows: kNeedsFlag when the user allows non-removable drives.
platform::Verdict worst_allowed(const WriteRequest& request) {
  return request.allow_non_removable ? platform::Verdict::kNeedsFlag : platform::Verdict::kOffered;
}

/// A regular file as a target (platform::prepare_file_target), opened for writing on demand.
Result<PlannedTarget> file_target(const WriteRequest& request, const TargetRequest& t) {
  auto info = platform::prepare_file_target(request.root, t.path, request.image);
  if (!info) return info.failure();
  PlannedTarget out;
  out.info = *info;
  const platform::TargetInfo ti = *info;
  out.spec = TargetSpec{t.path, ti.capacity, ti.logical_sector,
                        [ti] { return platform::open_for_write(ti); }};
  return out;
}

/// A disk judged by every rule (platform::prepare_drive), unmounted and opened only once the
/// image's hash was accepted, and then only if it is still the drive the user chose.
Result<PlannedTarget> drive_target(const WriteRequest& request, const TargetRequest& t) {
  const std::optional<std::string> image =
      request.image.empty() ? std::nullopt : std::optional(request.image);
  const auto worst = worst_allowed(request);
  auto prepared = platform::prepare_drive(request.root, t.path, image, worst);
  if (!prepared) return prepared.failure();
  if (t.snapshot) prepared->target.drive = *t.snapshot;
  PlannedTarget out;
  out.info = prepared->info;
  out.drive = *prepared;
  const platform::Sysroot root = request.root;
  const platform::PreparedDrive p = std::move(*prepared);
  out.spec = TargetSpec{
      p.target.drive.path, p.info.capacity, p.info.logical_sector,
      [root, p, image, worst] { return platform::unmount_and_open(root, p, image, worst); }};
  return out;
}

}  // namespace

Result<PlannedTarget> plan_target(const WriteRequest& request, const TargetRequest& t,
                                  WriteMode mode) {
  auto target = platform::is_drive_path(request.root, t.path) ? drive_target(request, t)
                                                              : file_target(request, t);
  if (!target) return target.failure();
  if (mode == WriteMode::kWindows) {
    // Windows mode: the stick is generated for this target's size (0: a file that grows).
    const auto capacity = target->info.capacity;
    auto stream = WindowsStickSource::open(request.image,
                                           capacity == platform::kGrowableCapacity ? 0 : capacity);
    if (!stream) return stream.failure();
    target->stream = std::move(*stream);
  }
  return target;
}

Result<WritePlan> plan_write(const WriteRequest& request, const Inspection& inspection) {
  auto source = open_image(request.image);
  if (!source) return source.failure();
  auto mode = decide_mode(inspection, request.mode);
  if (!mode) return mode.failure();
  WritePlan plan;
  plan.mode = std::move(*mode);
  plan.source = std::move(*source);
  plan.checks = request.checks;
  for (const auto& t : request.targets) {
    auto target = plan_target(request, t, plan.mode.mode);
    if (!target) return target.failure();
    plan.targets.push_back(std::move(*target));
  }
  return plan;
}

Result<PlannedTarget> plan_drive_target(const platform::Sysroot& root, const TargetRequest& target,
                                        bool allow_non_removable) {
  if (auto is_drive = platform::require_drive_path(root, target.path); !is_drive) {
    return is_drive.failure();
  }
  WriteRequest request;
  request.root = root;
  request.allow_non_removable = allow_non_removable;
  return drive_target(request, target);
}

WriteJob make_job(const WritePlan& plan, PlannedTarget& target, ProgressSink sink,
                  CancelToken cancel) {
  WriteJob job;
  job.source = plan.source.get();
  if (target.stream) use_windows_stick(job, *target.stream);
  job.expected = plan.checks.expected;
  job.hash_notes = plan.checks.hash_notes;
  job.hash_policy = plan.checks.hash_policy;
  job.verify_policy = plan.checks.verify_policy;
  job.provenance = plan.checks.provenance;
  job.target = target.spec;
  job.sink = std::move(sink);
  job.cancel = cancel;
  return job;
}

}  // namespace sw::writer
