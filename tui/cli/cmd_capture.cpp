// `stickwright read TARGET IMAGE`: capture a stick as an image file (raw, .zst or .xz) with a
// sha256 sidecar, the drive read twice and never written.

#include <fmt/format.h>
#include <sys/stat.h>

#include <optional>
#include <string>

#include "platform/drive_select.h"
#include "platform/fd.h"
#include "platform/files.h"
#include "platform/linux_device.h"
#include "platform/signals.h"
#include "tui/cli/common.h"
#include "tui/cli/words.h"
#include "tui/exit_codes.h"
#include "tui/json.h"
#include "tui/text_out.h"
#include "writer/capture.h"
#include "writer/compress_sink.h"

namespace sw::tui {
namespace {

/// The directory the image is written in: the disk holding it is protected like an image's.
std::string image_directory(const std::string& image) {
  const auto slash = image.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : image.substr(0, slash);
}

/// Refuses an image name that cannot be written: .gz or .bz2 (only read by stickwright), an
/// existing file without consent, or something that is not a regular file.
Result<writer::Compression> check_image(const CliOptions& o) {
  const auto compression = writer::compression_for_name(o.image);
  if (compression == writer::Compression::kGzip || compression == writer::Compression::kBzip2) {
    return fail(ErrorKind::kUsage,
                fmt::format("{}: read writes images raw, or compressed as .zst or .xz; name the "
                            "image with one of those endings (or none, for a raw image)",
                            o.image));
  }
  if (!platform::path_exists(o.image)) return compression;
  auto st = platform::lstat_path(o.image, ErrorKind::kInput);
  if (!st) return st.failure();
  if (!S_ISREG(st->st_mode)) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("{} exists and is not a regular file; it is never replaced", o.image));
  }
  if (!o.yes) {
    return fail(ErrorKind::kTargetRefused,
                fmt::format("{} exists already; give --yes to replace it", o.image));
  }
  return compression;
}

/// The drive, judged by the rules of a write's target, a write-protected stick allowed (the disk
/// holding the image's directory is never read into it), and opened read-only, bypassing the
/// page cache.
Result<std::unique_ptr<platform::BlockDevice>> open_drive(const CliOptions& o) {
  const platform::Sysroot root(o.sysroot);
  if (auto is_drive = platform::require_drive_path(root, o.target); !is_drive) {
    return is_drive.failure();
  }
  const auto worst =
      o.allow_non_removable ? platform::Verdict::kNeedsFlag : platform::Verdict::kOffered;
  auto prepared = platform::prepare_drive(root, o.target, image_directory(o.image), worst,
                                          platform::DriveUse::kRead);
  if (!prepared) return prepared.failure();
  return platform::open_for_read(prepared->info);
}

/// How many bytes to read: --size, --used (the partition table), or the whole drive.
Result<std::uint64_t> bytes_to_read(const CliOptions& o, platform::BlockDevice& drive) {
  if (o.size) return *o.size;
  if (o.used) return writer::used_extent(drive);
  return drive.capacity();
}

void report_success(Output& out, const CliOptions& o, const writer::CaptureReport& r,
                    writer::Compression compression) {
  JsonObject j;
  j.add("event", "result")
      .add("command", "read")
      .add("status", "ok")
      .add("exit_code", std::uint64_t{0})
      .add("target", o.target)
      .add("image", o.image)
      .add("bytes", r.bytes)
      .add("sha256", r.sha256)
      .add("file_sha256", r.file_sha256)
      .add("file_bytes", r.file_bytes)
      .add("compression", writer::compression_name(compression))
      .add("sidecar", r.sidecar_path)
      .add("verified", r.verified);
  out.result(
      j.str(),
      {fmt::format("Read {} bytes of {} into {} ({}, {} bytes), read twice: the same.", r.bytes,
                   o.target, o.image, writer::compression_name(compression), r.file_bytes),
       fmt::format("drive sha256 {}", r.sha256),
       fmt::format("file  sha256 {} (in {})", r.file_sha256, r.sidecar_path)});
}

}  // namespace

int run_read(const CliOptions& o, Output& out) {
  const JsonFields fields{{"command", "read"}, {"target", o.target}, {"image", o.image}};
  const auto read_failed = [&](const Error& e) { return out.error(e, fields); };
  auto compression = check_image(o);
  if (!compression) return read_failed(compression.error());
  auto drive = open_drive(o);
  if (!drive) return read_failed(drive.error());
  auto bytes = bytes_to_read(o, **drive);
  if (!bytes) return read_failed(bytes.error());
  platform::install_interrupt_handlers();
  writer::CaptureRequest request;
  request.drive = drive->get();
  request.bytes = *bytes;
  request.image_path = o.image;
  request.compression = *compression;
  request.sink = out.progress_sink();
  request.cancel = writer::CancelToken(&platform::interrupt_flag());
  auto report = writer::run_capture(request);
  out.end_progress();
  if (!report) return read_failed(report.error());
  report_success(out, o, *report, *compression);
  return kExitOk;
}

}  // namespace sw::tui
