#include "writer/job.h"

#include <fmt/format.h>

#include "platform/fd.h"
#include "writer/compressed_source.h"
#include "writer/readback_digest.h"
#include "writer/stale_gpt.h"

namespace sw::writer {
namespace {

/// The mismatch message; a compressed image names both digests it was compared with.
Failure mismatch(const Source& source, const ExpectedHash& expected, const ImageDigests& d,
                 const JobReport& report) {
  const auto alg = algorithm_name(expected.algorithm);
  std::string has = fmt::format("image has {} {}", alg, d.of(expected.algorithm));
  if (report.compression != Compression::kNone) {
    has = fmt::format("compressed file has {} {}\n  decompressed image has {} {}", alg,
                      d.of_file(expected.algorithm), alg, d.of(expected.algorithm));
  }
  return fail(ErrorKind::kHashMismatch,
              fmt::format("hash mismatch for {}:\n  expected {} {} (from {})\n  {}\n"
                          "Nothing was written. The image is damaged or not the one the checksum "
                          "describes: download it again from a trusted source.",
                          source.path(), alg, expected.hex,
                          expected.given() ? "the digest given" : expected.source, has));
}

/// Hashes the image and compares it with the expected digest; fills the report. A compressed
/// image matches if either its file as downloaded or its decompressed content does.
Result<void> hash_and_compare(Source& source, const std::optional<ExpectedHash>& expected,
                              const PassContext& ctx, JobReport& report,
                              const ContentLimit* limit = nullptr) {
  auto digests = hash_source(source, hash_algorithms(expected), ctx, limit);
  if (!digests) {
    if (digests.error().kind == ErrorKind::kInterrupted) {
      return fail(ErrorKind::kInterrupted, "stopped during the hash check; nothing was written");
    }
    return digests.failure();
  }
  report.hash_seconds = digests->seconds;
  report.sha256 = digests->of(Algorithm::kSha256);
  report.readback_digest = digests->readback;
  report.image_bytes = digests->bytes;
  if (const auto* c = dynamic_cast<const DecompressingSource*>(&source)) {
    report.compression = c->compression();
    report.file_sha256 = digests->of_file(Algorithm::kSha256);
  }
  if (!expected) return ok();
  report.matched_on = match_expected(*digests, expected->algorithm, expected->hex);
  report.hash_matched = report.matched_on != HashMatch::kNone;
  report.actual_expected_alg = report.matched_on == HashMatch::kCompressedFile
                                   ? digests->of_file(expected->algorithm)
                                   : digests->of(expected->algorithm);
  if (report.hash_matched) {
    if (report.compression != Compression::kNone) {
      report.notes.push_back(fmt::format(
          "the expected {} matched {}; the drive is checked against the {} decompressed bytes",
          algorithm_name(expected->algorithm), match_text(report.matched_on), report.image_bytes));
    }
    return ok();
  }
  return mismatch(source, *expected, *digests, report);
}

/// Reads the target back through `reader`, compares its digest with the image's verified one
/// and, on a mismatch, locates the first differing byte; fills the report.
Result<void> read_back(platform::BlockDevice& reader, Source& source, const PassContext& ctx,
                       JobReport& report) {
  report.verify_method = reader.cache_bypass();
  auto digest = digest_target(reader, report.image_bytes, ctx, report.verify_seconds);
  if (!digest) {
    if (digest.error().kind == ErrorKind::kInterrupted) {
      return fail(ErrorKind::kInterrupted,
                  fmt::format("stopped during verification; {} was not verified", reader.path()));
    }
    return digest.failure();
  }
  if (*digest == report.readback_digest) {
    report.verified = true;
    return ok();
  }
  auto diff = find_first_difference(source, reader, report.image_bytes, ctx.cancel);
  if (diff && *diff) report.first_difference = **diff;
  if (diff && !*diff) {
    // The drive equals the image file as it is now, but not as it was hashed: the file changed.
    return fail(ErrorKind::kVerifyFailed,
                fmt::format("{} changed after its hash was checked: {} holds the changed file "
                            "({} {}), not the verified image ({} {}). Make sure nothing "
                            "modifies the image and write again.",
                            source.path(), reader.path(), kReadbackDigestName, *digest,
                            kReadbackDigestName, report.readback_digest));
  }
  const std::string where =
      report.first_difference ? fmt::format("first difference at byte {}", *report.first_difference)
                              : "the image could not be read again to locate the difference";
  return fail(ErrorKind::kVerifyFailed,
              fmt::format("verification failed: {} does not hold the image ({}; read back {} "
                          "{}). The stick may be faulty or counterfeit: try another stick, or "
                          "another USB port.",
                          reader.path(), where, kReadbackDigestName, *digest));
}

/// Flushes, drops the cache, then reads back through a fresh cache-bypassing handle.
Result<void> sync_and_verify(platform::BlockDevice& target, Source& source, VerifyPolicy policy,
                             const PassContext& ctx, JobReport& report) {
  ProgressMeter sync_meter(Phase::kSync, report.bytes_written, ctx.clock, ctx.sink);
  if (auto s = target.sync(); !s) return s;
  sync_meter.update(report.bytes_written);
  report.sync_seconds = sync_meter.finish();
  if (policy == VerifyPolicy::kSkip) return ok();
  if (auto d = target.drop_cache(); !d) return d;
  auto reader = target.open_verify_reader();
  if (!reader) return reader.failure();
  return read_back(**reader, source, ctx, report);
}

/// Refuses to go on when the image file is no longer as it was when its hash pass began:
/// rewritten in place, truncated or touched (device, inode, size, modification and change
/// times). The digests catch changed bytes too, but only after writing; this check costs one
/// fstat and needs no second read. `stage` says what it means at this point.
enum class Stage { kBeforeWrite, kAfterWrite };
Result<void> check_unchanged(const Source& source, const std::optional<platform::FileStamp>& hashed,
                             Stage stage, const std::string& target) {
  if (!hashed || source.stamp() == hashed) return ok();
  if (stage == Stage::kBeforeWrite) {
    return fail(ErrorKind::kInput,
                fmt::format("{} changed (rewritten, truncated or touched) after its hash was "
                            "checked; nothing was written. Make sure nothing modifies the image "
                            "and write again.",
                            source.path()));
  }
  return fail(ErrorKind::kVerifyFailed,
              fmt::format("{} changed (rewritten, truncated or touched) while it was written; {} "
                          "may not hold the verified image. Make sure nothing modifies the image "
                          "and write again.",
                          source.path(), target));
}

/// The bound on a compressed image's content: the target's capacity, so an image whose size is
/// not recorded (bzip2, a gzip trailer that cannot be trusted) is refused as soon as it is
/// known not to fit, instead of after decompressing all of it. None for a growable target or
/// when the written stream is not the image (Windows mode).
std::optional<ContentLimit> content_limit(const WriteJob& job) {
  if (job.stream != nullptr || job.target.capacity == platform::kGrowableCapacity) return {};
  if (dynamic_cast<const DecompressingSource*>(job.source) == nullptr) return {};
  return ContentLimit{job.target.capacity, job.target.path};
}

/// The common start of a report.
JobReport new_report(const Source& source, const std::optional<ExpectedHash>& expected) {
  JobReport report;
  report.image_bytes = source.size();
  report.expected = expected;
  return report;
}

}  // namespace

std::string_view write_mode_id(WriteMode m) { return m == WriteMode::kWindows ? "windows" : "raw"; }

std::vector<Algorithm> hash_algorithms(const std::optional<ExpectedHash>& expected) {
  std::vector<Algorithm> algs{Algorithm::kSha256};
  if (expected && expected->algorithm != Algorithm::kSha256) algs.push_back(expected->algorithm);
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

Result<void> check_fits(std::uint64_t image_bytes, const TargetSpec& target) {
  if (target.capacity == platform::kGrowableCapacity) return ok();
  const std::uint64_t needed = round_up(image_bytes, target.granularity);
  if (needed <= target.capacity) return ok();
  return fail(ErrorKind::kTargetRefused,
              fmt::format("the image needs {} bytes but {} holds only {}; use a larger drive. "
                          "Nothing was written.",
                          needed, target.path, target.capacity));
}

namespace {

/// A stream laid out for one sector size (Windows mode's FAT32) is refused on a target with
/// another: the stick would be written and verified byte for byte, yet its partition would not
/// mount (a file system's sector size must be the drive's logical sector size).
Result<void> check_sector_size(const Source& out, const TargetSpec& target, WriteMode mode) {
  const auto needed = out.sector_bytes();
  if (!needed || target.granularity <= 1 || target.granularity == *needed) return ok();
  return fail(ErrorKind::kTargetRefused,
              fmt::format("{} has {}-byte logical sectors, but {} mode builds its file system "
                          "for {}-byte sectors: the stick would not mount. Use a drive with "
                          "512-byte sectors (most USB sticks and SD cards). Nothing was written.",
                          target.path, target.granularity, write_mode_id(mode), *needed));
}

}  // namespace

Result<void> preflight(const WriteJob& job) {
  if (!job.expected && job.hash_policy == HashPolicy::kRequireExpected) {
    std::string msg =
        fmt::format("no expected hash for {}. Nothing was written.", job.source->path());
    for (const auto& note : job.hash_notes) msg += fmt::format("\n  note: {}", note);
    return fail(ErrorKind::kNoExpectedHash, msg, Remedy::kGiveExpectedHash);
  }
  const Source& out = job.stream != nullptr ? *job.stream : *job.source;
  if (auto sector = check_sector_size(out, job.target, job.mode); !sector) return sector;
  return check_fits(out.size(), job.target);
}

JobReport run_write_job(const WriteJob& job) {
  Source& source = *job.source;
  JobReport report = new_report(source, job.expected);
  auto fail_with = [&](Error e) {
    report.error = std::move(e);
    return report;
  };
  auto key = ReadbackKey::draw();
  if (!key) return fail_with(key.error());
  const PassContext ctx{*job.clock, job.sink, job.cancel, &*key};

  if (auto pre = preflight(job); !pre) return fail_with(pre.error());
  const auto hashed_stamp = source.stamp();
  const auto limit = content_limit(job);
  if (auto h = hash_and_compare(source, job.expected, ctx, report, limit ? &*limit : nullptr); !h)
    return fail_with(h.error());
  report.mode = job.mode;
  if (job.prepare) {
    const auto start = job.clock->now();
    auto notes = job.prepare(*job.clock, job.sink, job.cancel);
    report.prepare_seconds = std::chrono::duration<double>(job.clock->now() - start).count();
    if (!notes) return fail_with(notes.error());
    report.notes.insert(report.notes.end(), notes->begin(), notes->end());
  }
  // What is written: the image, or the stick generated from it.
  Source& out = job.stream != nullptr ? *job.stream : source;
  if (job.stream != nullptr) report.image_bytes = out.size();
  // A compressed image's size may be known only now, measured by the hash pass.
  if (auto fits = check_fits(report.image_bytes, job.target); !fits) {
    return fail_with(fits.error());
  }

  if (auto same = check_unchanged(source, hashed_stamp, Stage::kBeforeWrite, job.target.path);
      !same) {
    return fail_with(same.error());
  }

  // Only now, with the image's digest accepted, is the target opened for writing.
  auto target = job.target.open_for_write();
  if (!target) return fail_with(target.error());
  report.target_opened = true;
  auto& dev = **target;
  if (dev.capacity() != job.target.capacity) {
    return fail_with(Error{
        ErrorKind::kTargetRefused,
        fmt::format("{} changed size since it was chosen; nothing was written", dev.path()), 0});
  }

  WriteStats stats;
  // A generated stream has no earlier pass: its read-back digest is taken while writing it.
  const auto digest_mode = job.verify_policy == VerifyPolicy::kSkip || job.stream != nullptr
                               ? DigestWhileWriting::kYes
                               : DigestWhileWriting::kNo;
  auto written = write_source(out, dev, ctx, stats, digest_mode);
  report.bytes_written = stats.bytes_written;
  report.write_seconds = stats.seconds;
  if (!written) {
    const Error& e = written.error();
    (void)dev.sync();  // best effort: leave what was written on the medium
    if (e.kind == ErrorKind::kInterrupted) {
      return fail_with(Error{ErrorKind::kInterrupted,
                             fmt::format("stopped by the user after {} of {} bytes; {} is "
                                         "incomplete and will not boot. Write it again.",
                                         stats.bytes_written, report.image_bytes, dev.path()),
                             0});
    }
    if (e.kind == ErrorKind::kInput) {
      return fail_with(
          Error{e.kind, fmt::format("{}; {} is incomplete", e.message, dev.path()), e.sys_errno});
    }
    return fail_with(Error{e.kind,
                           fmt::format("{}. {} is incomplete: the drive may be failing or was "
                                       "unplugged; try another stick or another USB port.",
                                       e.message, dev.path()),
                           e.sys_errno});
  }
  if (auto same = check_unchanged(source, hashed_stamp, Stage::kAfterWrite, dev.path()); !same) {
    return fail_with(same.error());
  }
  if (job.stream != nullptr) {
    report.readback_digest = stats.readback;
  } else if (digest_mode == DigestWhileWriting::kYes && stats.readback != report.readback_digest) {
    return fail_with(Error{ErrorKind::kVerifyFailed,
                           fmt::format("{} changed after its hash was checked ({} {} at the "
                                       "check, {} while writing); {} does not hold the verified "
                                       "image. Make sure nothing modifies the image and write "
                                       "again.",
                                       source.path(), kReadbackDigestName, report.readback_digest,
                                       stats.readback, dev.path()),
                           0});
  }
  std::uint64_t cleared_at = 0;
  auto stale = clear_stale_backup_gpt(dev, report.bytes_written, cleared_at);
  if (!stale) return fail_with(stale.error());
  if (*stale) {
    report.notes.push_back(fmt::format(
        "cleared a stale backup GPT header at byte {} (the last sector, left by an earlier "
        "image), so firmware cannot find old partitions there",
        cleared_at));
  }
  if (auto v = sync_and_verify(dev, out, job.verify_policy, ctx, report); !v) {
    return fail_with(v.error());
  }
  if (auto r = dev.reread_partitions(); !r) {
    report.notes.push_back(r.error().message +
                           "; unplug and replug the drive to see its partitions");
  }
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
  auto reader = job.open_reader();
  if (!reader) {
    report.error = reader.error();
    return report;
  }
  if (auto h = hash_and_compare(source, job.expected, ctx, report); !h) {
    report.error = h.error();
    return report;
  }
  if (auto v = read_back(**reader, source, ctx, report); !v) report.error = v.error();
  return report;
}

}  // namespace sw::writer
