// One drive restored: open, probe, plan, write, read back.

#include "writer/restore/restore_job.h"

#include <fmt/format.h>

#include "platform/blkid_probe.h"
#include "writer/restore/exfat_volume.h"
#include "writer/restore/restore_io.h"

namespace sw::writer::restore {
namespace {

/// The wipes libblkid's probing asks for (each signature's magic bytes).
Result<std::vector<Region>> probed_signatures(const std::string& path, std::size_t& found) {
  auto spots = platform::find_signatures(path);
  if (!spots) return spots.failure();
  found = spots->size();
  std::vector<Region> out;
  for (const auto& s : *spots) out.push_back(Region{s.offset, s.length});
  return out;
}

/// Writes the layout and reads it back through a fresh O_DIRECT reader.
Result<void> write_and_verify(platform::BlockDevice& dev, RestoreReport& r, CancelToken cancel) {
  auto written = write_layout(dev, r.layout, cancel);
  if (!written) return written.failure();
  r.bytes_written = *written;
  // The kernel is told of the new table; a drive that cannot re-read it (a file) is no failure.
  (void)dev.reread_partitions();
  if (auto d = dev.drop_cache(); !d) return d.failure();
  auto reader = dev.open_verify_reader();
  if (!reader) return reader.failure();
  if (auto v = verify_layout(**reader, r.layout); !v) return v.failure();
  r.verified = true;
  return ok();
}

Result<void> run(const TargetSpec& target, RestoreRequest& request, RestoreReport& r,
                 CancelToken cancel) {
  auto dev = target.open_for_write();
  if (!dev) return dev.failure();
  r.target_opened = true;
  request.disk_bytes = (*dev)->capacity();
  request.sector_bytes = (*dev)->write_granularity();
  auto signatures = probed_signatures(target.path, r.signatures_found);
  if (!signatures) return signatures.failure();
  request.signatures = std::move(*signatures);
  if (request.fs == FsKind::kExfat) {
    if (auto c = check_drive(request.disk_bytes, request.sector_bytes); !c) return c.failure();
    auto volume = make_exfat_volume(
        request.disk_bytes / kRestoreSectorBytes * kRestoreSectorBytes - kPartitionOffsetBytes,
        request.label);
    if (!volume) return volume.failure();
    request.exfat_volume = std::move(*volume);
  }
  auto layout = plan_restore(request);
  if (!layout) return layout.failure();
  r.layout = std::move(*layout);
  if (cancel.cancelled()) {
    return fail(ErrorKind::kInterrupted, "interrupted before anything was written");
  }
  return write_and_verify(**dev, r, cancel);
}

}  // namespace

RestoreReport restore_drive(const TargetSpec& target, RestoreRequest request, CancelToken cancel,
                            const Clock& clock) {
  RestoreReport r;
  const auto start = clock.now();
  if (auto done = run(target, request, r, cancel); !done) r.error = done.error();
  r.seconds = std::chrono::duration<double>(clock.now() - start).count();
  return r;
}

JobReport job_report(const RestoreReport& r) {
  JobReport j;
  j.error = r.error;
  j.mode = WriteMode::kRestore;
  j.target_opened = r.target_opened;
  j.bytes_written = r.bytes_written;
  j.verified = r.verified;
  j.write_seconds = r.seconds;
  j.verify_method = r.verified ? "O_DIRECT" : "";
  return j;
}

}  // namespace sw::writer::restore
