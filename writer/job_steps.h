#pragma once
/// The steps of a write job, for the job itself (job.cpp: one target) and for several targets
/// from one read of the image (multi_job.cpp). Not for front ends: they run jobs.

#include <memory>
#include <optional>
#include <string>

#include "platform/block_device.h"
#include "platform/result.h"
#include "writer/job.h"
#include "writer/passes.h"

namespace sw::writer::steps {

/// Compares the digests with the expected one; fills the report.
Result<void> compare_expected(const Source& source, const ExpectedHash& expected,
                              const ImageDigests& digests, JobReport& report);

/// Hashes the image, compares it with the expected digest (or, with none, looks for it in the
/// catalogs) and judges who vouches for it; fills the report. A compressed image matches if
/// either its file as downloaded or its decompressed content does.
Result<void> hash_and_compare(Source& source, const std::optional<ExpectedHash>& expected,
                              const Provenance& provenance, HashPolicy policy,
                              const PassContext& ctx, JobReport& report,
                              const ContentLimit* limit = nullptr);

/// Reads the target back through `reader`, compares its digest with the image's verified one
/// and, on a mismatch, locates the first differing byte (reading `source` again); fills the
/// report.
Result<void> read_back(platform::BlockDevice& reader, Source& source, const PassContext& ctx,
                       JobReport& report);

/// Flushes, drops the cache, then reads back through a fresh cache-bypassing handle.
Result<void> sync_and_verify(platform::BlockDevice& target, Source& source, VerifyPolicy policy,
                             const PassContext& ctx, JobReport& report);

/// When check_unchanged runs, and so what a change means.
enum class Stage { kBeforeWrite, kAfterWrite };

/// Refuses to go on when the image file is no longer as it was when its hash pass began:
/// rewritten in place, truncated or touched (device, inode, size, modification and change
/// times). The digests catch changed bytes too, but only after writing; this check costs one
/// fstat and needs no second read.
Result<void> check_unchanged(const Source& source, const std::optional<platform::FileStamp>& hashed,
                             Stage stage, const std::string& target);

/// The bound on a compressed image's content: the target's capacity (see job.cpp's use).
std::optional<ContentLimit> content_limit(const WriteJob& job);

/// The common start of a report.
JobReport new_report(const Source& source, const std::optional<ExpectedHash>& expected);

/// A stream laid out for one sector size is refused on a target with another.
Result<void> check_sector_size(const Source& out, const TargetSpec& target, WriteMode mode);

/// The prepare hook (Windows mode), timed; its notes go into the report.
Result<void> run_prepare(const WriteJob& job, JobReport& report);

/// Opens the target for writing and checks that it is as large as when it was planned.
Result<std::unique_ptr<platform::BlockDevice>> open_target(const WriteJob& job, JobReport& report);

/// The write pass of `out` to `dev`; returns the digest taken while writing (empty when none).
Result<std::string> write_image(const WriteJob& job, Source& out, platform::BlockDevice& dev,
                                const PassContext& ctx, JobReport& report);

/// Takes the digest made while writing: a generated stream's read-back digest, or a check that
/// the image written is the image hashed.
Result<void> take_written_digest(const WriteJob& job, const std::string& digest,
                                 const std::string& target, JobReport& report);

/// Clears a backup GPT header an earlier image left in the last sector, with a note.
Result<void> clear_stale_gpt(platform::BlockDevice& dev, JobReport& report);

/// Everything after the write pass, the same for every job: takes the digest made while writing
/// (`digest`), clears a stale backup GPT, flushes and reads back (reading `again` only to locate
/// a difference), and asks the kernel to read the new partition table (a failure is a note).
Result<void> finish_written(const WriteJob& job, const std::string& digest, Source& again,
                            platform::BlockDevice& dev, const PassContext& ctx, JobReport& report);

}  // namespace sw::writer::steps
