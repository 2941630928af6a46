// One drive restored: open, probe, plan, write, read back.

#include "writer/restore/restore_job.h"

#include <fmt/format.h>

#include <algorithm>

#include "platform/blkid_probe.h"
#include "platform/calendar.h"
#include "platform/random.h"
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
Result<void> write_and_verify(platform::BlockDevice& dev, RestoreReport& r,
                              const PassContext& ctx) {
  auto written = write_layout(dev, r.layout, ctx);
  if (!written) return written.failure();
  r.bytes_written = *written;
  // The kernel is told of the new table; a drive that cannot re-read it (a file) is no failure.
  (void)dev.reread_partitions();
  if (auto d = dev.drop_cache(); !d) return d.failure();
  auto reader = dev.open_verify_reader();
  if (!reader) return reader.failure();
  if (auto v = verify_layout(**reader, r.layout, ctx); !v) return v.failure();
  r.verified = true;
  return ok();
}

Failure interrupted_before_writing() {
  return fail(ErrorKind::kInterrupted, "interrupted before anything was written");
}

/// The label entry's date: now, local time (UTC where the C library cannot say).
fat32::DosTime local_now() {
  const std::int64_t now = platform::unix_now();
  const auto t =
      platform::local_time(now).value_or(platform::utc_time(now).value_or(platform::CivilTime{}));
  return fat32::dos_time(t.year, t.month, t.day, t.hour, t.minute, t.second);
}

Result<void> run(const TargetSpec& target, const std::string& node_path, RestoreRequest& request,
                 RestoreReport& r, const PassContext& ctx) {
  auto dev = target.open_for_write();
  if (!dev) return dev.failure();
  r.target_opened = true;
  request.disk_bytes = (*dev)->capacity();
  // A file (a fixture's node) takes writes of any size: it has 512-byte sectors as well.
  request.sector_bytes = std::max((*dev)->write_granularity(), kRestoreSectorBytes);
  auto signatures = probed_signatures(node_path, r.signatures_found);
  if (!signatures) return signatures.failure();
  request.signatures = std::move(*signatures);
  if (request.fs == FsKind::kExfat) {
    if (auto c = check_drive(request.disk_bytes, request.sector_bytes); !c) return c.failure();
    auto volume = make_exfat_volume(
        request.disk_bytes / kRestoreSectorBytes * kRestoreSectorBytes - kPartitionOffsetBytes,
        request.label);
    // Ctrl-C reaches mkfs.exfat too, which then fails: that is a stop, not a failure.
    if (ctx.cancel.cancelled()) return interrupted_before_writing();
    if (!volume) return volume.failure();
    request.exfat_volume = std::move(*volume);
  }
  auto layout = plan_restore(request);
  if (!layout) return layout.failure();
  r.layout = std::move(*layout);
  if (ctx.cancel.cancelled()) return interrupted_before_writing();
  return write_and_verify(**dev, r, ctx);
}

}  // namespace

Result<RestoreRequest> new_restore_request(FsKind fs, std::string_view label) {
  auto padded = fat_label(label);
  if (!padded) return padded.failure();
  RestoreRequest r;
  r.fs = fs;
  r.label = *padded;
  r.time = local_now();
  std::array<std::byte, 4> id{};
  if (auto filled = platform::fill_random(id); !filled) return filled.failure();
  for (std::size_t i = 0; i < id.size(); ++i) {
    r.volume_id |= std::to_integer<std::uint32_t>(id[i]) << (8 * i);
  }
  return r;
}

Result<void> check_restorable(const RestoreRequest& request, std::uint64_t disk_bytes,
                              std::uint32_t sector_bytes) {
  if (request.fs == FsKind::kExfat) {
    if (!have_mkfs_exfat()) {
      return fail(ErrorKind::kInput,
                  "mkfs.exfat was not found: install exfatprogs to make exFAT sticks, or make "
                  "a FAT32 stick");
    }
    return check_drive(disk_bytes, sector_bytes);
  }
  RestoreRequest probe = request;
  probe.disk_bytes = disk_bytes;
  probe.sector_bytes = sector_bytes;
  auto layout = plan_restore(probe);
  if (!layout) return layout.failure();
  return ok();
}

std::string label_text(const std::array<char, 11>& label) {
  std::string s(label.data(), label.size());
  s.erase(s.find_last_not_of(' ') + 1);
  return s;
}

RestoreReport restore_drive(const TargetSpec& target, const std::string& node_path,
                            RestoreRequest request, const PassContext& ctx) {
  RestoreReport r;
  const auto start = ctx.clock.now();
  if (auto done = run(target, node_path, request, r, ctx); !done) r.error = done.error();
  r.seconds = std::chrono::duration<double>(ctx.clock.now() - start).count();
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
