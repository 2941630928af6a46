#include "writer/job_steps.h"

#include "writer/compressed_source.h"
#include "writer/job_messages.h"
#include "writer/readback_digest.h"
#include "writer/stale_gpt.h"

namespace sw::writer::steps {
namespace msg = job_messages;

/// Compares the digests with the expected one; fills the report.
Result<void> compare_expected(const Source& source, const ExpectedHash& expected,
                              const ImageDigests& digests, JobReport& report) {
  const bool compressed = report.compression != Compression::kNone;
  report.matched_on = match_expected(digests, expected.algorithm, expected.hex);
  report.hash_matched = report.matched_on != HashMatch::kNone;
  report.actual_expected_alg = report.matched_on == HashMatch::kCompressedFile
                                   ? digests.of_file(expected.algorithm)
                                   : digests.of(expected.algorithm);
  if (!report.hash_matched) {
    return fail(msg::hash_mismatch(source.path(), expected, digests, compressed));
  }
  if (compressed) {
    report.notes.push_back(msg::compressed_match_note(
        expected.algorithm, match_text(report.matched_on), report.image_bytes));
  }
  return ok();
}

/// Hashes the image, compares it with the expected digest (or, with none, looks for it in the
/// catalogs) and judges who vouches for it; fills the report. A compressed image matches if
/// either its file as downloaded or its decompressed content does.
Result<void> hash_and_compare(Source& source, const std::optional<ExpectedHash>& expected,
                              const Provenance& provenance, HashPolicy policy,
                              const PassContext& ctx, JobReport& report,
                              const ContentLimit* limit) {
  const bool from_list = expected && !expected->given();
  auto hashed =
      hash_image(source, hash_algorithms(expected, provenance), ctx, limit, provenance, from_list);
  if (!hashed) {
    if (hashed.error().kind == ErrorKind::kInterrupted) return fail(msg::stopped_hashing());
    return hashed.failure();
  }
  const ImageDigests& digests = hashed->digests;
  report.hash_seconds = digests.seconds;
  report.sha256 = digests.of(Algorithm::kSha256);
  report.readback_digest = digests.readback;
  report.image_bytes = digests.bytes;
  if (const auto* c = dynamic_cast<const DecompressingSource*>(&source)) {
    report.compression = c->compression();
    report.file_sha256 = digests.of_file(Algorithm::kSha256);
  }
  // The verdict is the report's even when the write is refused, so that it says why.
  auto verdict = judge_authenticity(provenance, from_list, *hashed);
  report.authenticity = std::move(verdict.authenticity);
  report.catalog = std::move(verdict.catalog);
  if (expected) {
    if (auto same = compare_expected(source, *expected, digests, report); !same) return same;
  }
  if (verdict.refusal) return fail(std::move(*verdict.refusal));
  if (!expected && report.catalog) {
    // A catalog's entry is the expected digest when none other was given.
    report.expected = report.catalog->as_expected();
    report.matched_on = report.catalog->matched_on;
    report.hash_matched = true;
    report.actual_expected_alg = report.catalog->hex;
  }
  if (!report.expected && policy == HashPolicy::kRequireExpected) {
    return fail(msg::not_in_catalogs(source.path()));
  }
  return ok();
}

/// Reads the target back through `reader`, compares its digest with the image's verified one
/// and, on a mismatch, locates the first differing byte; fills the report.
Result<void> read_back(platform::BlockDevice& reader, Source& source, const PassContext& ctx,
                       JobReport& report) {
  report.verify_method = reader.cache_bypass();
  auto digest = digest_target(reader, report.image_bytes, ctx, report.verify_seconds);
  if (!digest) {
    if (digest.error().kind == ErrorKind::kInterrupted) {
      return fail(msg::stopped_verifying(reader.path()));
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
    return fail(msg::target_holds_changed_image(source.path(), reader.path(), *digest,
                                                report.readback_digest));
  }
  return fail(msg::verify_failed(reader.path(), report.first_difference, *digest));
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
Result<void> check_unchanged(const Source& source, const std::optional<platform::FileStamp>& hashed,
                             Stage stage, const std::string& target) {
  if (!hashed || source.stamp() == hashed) return ok();
  if (stage == Stage::kBeforeWrite) return fail(msg::image_changed_before_write(source.path()));
  return fail(msg::image_changed_while_writing(source.path(), target));
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

/// A stream laid out for one sector size (Windows mode's FAT32) is refused on a target with
/// another: the stick would be written and verified byte for byte, yet its partition would not
/// mount (a file system's sector size must be the drive's logical sector size).
Result<void> check_sector_size(const Source& out, const TargetSpec& target, WriteMode mode) {
  const auto needed = out.sector_bytes();
  if (!needed || target.granularity <= 1 || target.granularity == *needed) return ok();
  return fail(
      msg::wrong_sector_size(target.path, target.granularity, write_mode_id(mode), *needed));
}

/// The prepare hook (Windows mode: wimlib's work once the hash is accepted), timed; its notes
/// go into the report.
Result<void> run_prepare(const WriteJob& job, JobReport& report) {
  if (!job.prepare) return ok();
  const auto start = job.clock->now();
  auto notes = job.prepare(*job.clock, job.sink, job.cancel);
  report.prepare_seconds = std::chrono::duration<double>(job.clock->now() - start).count();
  if (!notes) return notes.failure();
  report.notes.insert(report.notes.end(), notes->begin(), notes->end());
  return ok();
}

/// Opens the target for writing and checks that it is as large as when it was planned.
Result<std::unique_ptr<platform::BlockDevice>> open_target(const WriteJob& job, JobReport& report) {
  auto target = job.target.open_for_write();
  if (!target) return target;
  report.target_opened = true;
  if ((*target)->capacity() != job.target.capacity) {
    return fail(msg::target_size_changed((*target)->path()));
  }
  return target;
}

/// The write pass. A generated stream has no earlier pass: its read-back digest is taken while
/// writing it; so is the image's when it is not read back, to prove the bytes written were the
/// bytes hashed. Returns that digest (empty when none was taken).
Result<std::string> write_image(const WriteJob& job, Source& out, platform::BlockDevice& dev,
                                const PassContext& ctx, JobReport& report) {
  const auto digest_mode = job.verify_policy == VerifyPolicy::kSkip || job.stream != nullptr
                               ? DigestWhileWriting::kYes
                               : DigestWhileWriting::kNo;
  WriteStats stats;
  auto written = write_source(out, dev, ctx, stats, digest_mode);
  report.bytes_written = stats.bytes_written;
  report.write_seconds = stats.seconds;
  if (!written) {
    (void)dev.sync();  // best effort: leave what was written on the medium
    if (written.error().kind == ErrorKind::kInterrupted) {
      return fail(msg::stopped_writing(stats.bytes_written, report.image_bytes, dev.path()));
    }
    return fail(msg::write_failed(written.error(), dev.path()));
  }
  return digest_mode == DigestWhileWriting::kYes ? stats.readback : std::string();
}

/// Takes the digest made while writing: a generated stream's read-back digest, or a check that
/// the image written is the image hashed.
Result<void> take_written_digest(const WriteJob& job, const std::string& digest,
                                 const std::string& target, JobReport& report) {
  if (job.stream != nullptr) {
    report.readback_digest = digest;
    return ok();
  }
  if (digest.empty() || digest == report.readback_digest) return ok();
  return fail(
      msg::image_changed_digest(job.source->path(), report.readback_digest, digest, target));
}

/// Clears a backup GPT header an earlier image left in the last sector, with a note.
Result<void> clear_stale_gpt(platform::BlockDevice& dev, JobReport& report) {
  std::uint64_t cleared_at = 0;
  auto stale = clear_stale_backup_gpt(dev, report.bytes_written, cleared_at);
  if (!stale) return stale.failure();
  if (*stale) report.notes.push_back(msg::stale_gpt_note(cleared_at));
  return ok();
}

Result<void> finish_written(const WriteJob& job, const std::string& digest, Source& again,
                            platform::BlockDevice& dev, const PassContext& ctx, JobReport& report) {
  if (auto d = take_written_digest(job, digest, dev.path(), report); !d) return d;
  if (auto g = clear_stale_gpt(dev, report); !g) return g;
  if (auto v = sync_and_verify(dev, again, job.verify_policy, ctx, report); !v) return v;
  if (auto r = dev.reread_partitions(); !r) {
    report.notes.push_back(msg::reread_failed_note(r.error()));
  }
  return ok();
}

}  // namespace sw::writer::steps
