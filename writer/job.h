#pragma once
/// A write job: hash first, then write, flush and read back. Front ends build a job, pass a
/// progress sink, and render the report; the job never draws.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "platform/block_device.h"
#include "platform/result.h"
#include "writer/checksum_file.h"
#include "writer/compressed_source.h"
#include "writer/passes.h"
#include "writer/progress.h"
#include "writer/provenance.h"
#include "writer/source.h"

namespace sw::writer {

/// How the image is written.
enum class WriteMode {
  kRaw,      ///< the image's bytes, as they are (or decompressed)
  kWindows,  ///< a stick generated from a Windows installer ISO (windows/stick_source.h)
  kRestore,  ///< no image: the stick given back as a normal one (restore/restore_plan.h)
};

/// The stable id of a write mode ("raw", "windows", "restore"): the JSON report's "mode".
std::string_view write_mode_id(WriteMode m);

/// The digests a hash pass computes: SHA-256 always (it is printed and reported), the expected
/// digest's algorithm when there is one, and those the catalogs use. The one list for every
/// front end.
std::vector<Algorithm> hash_algorithms(const std::optional<ExpectedHash>& expected,
                                       const Provenance& provenance = {});

/// Whether a job may go on without an expected digest.
enum class HashPolicy { kRequireExpected, kAllowUnverified };
/// Whether the target is read back after writing.
enum class VerifyPolicy { kVerify, kSkip };

/// The target as known before it is opened for writing, and how to open it.
struct TargetSpec {
  std::string path;
  std::uint64_t capacity = 0;     ///< bytes, or platform::kGrowableCapacity
  std::uint32_t granularity = 1;  ///< logical sector size
  /// Opens the target for writing; called only after the image's hash was accepted.
  std::function<Result<std::unique_ptr<platform::BlockDevice>>()> open_for_write;
};

/// Everything a write job needs.
struct WriteJob {
  Source* source = nullptr;  ///< the image: hashed first, and written unless `stream` is set
  /// What is written when it is not the image itself: a stick generated from the image (Windows
  /// mode). Its read-back digest is computed while writing it.
  Source* stream = nullptr;
  WriteMode mode = WriteMode::kRaw;  ///< how the image is written, for the report
  /// Work that must wait until the image's hash is accepted, before `stream`'s size is final
  /// and the target is opened (Windows mode: wimlib parses the ISO's install.wim); it reports
  /// Phase::kPrepare progress and returns notes for the report.
  std::function<Result<std::vector<std::string>>(const Clock&, const ProgressSink&, CancelToken)>
      prepare;
  std::optional<ExpectedHash> expected;
  std::vector<std::string> hash_notes;  ///< what discovery looked at, for the "no hash" message
  HashPolicy hash_policy = HashPolicy::kRequireExpected;
  VerifyPolicy verify_policy = VerifyPolicy::kVerify;
  Provenance provenance;  ///< who vouches for the image; judged after the hash pass
  TargetSpec target;
  const Clock* clock = &steady_clock();
  ProgressSink sink;
  CancelToken cancel;
};

/// What the job writes: the generated stream when there is one, else the image.
Source& written_source(const WriteJob& job);

/// What happened; `error` is empty on success.
struct JobReport {
  std::optional<Error> error;
  std::uint64_t image_bytes = 0;
  std::string sha256;                    ///< of the image, from the hash pass
  std::string readback_digest;           ///< XXH3-128 of the image, from the same pass
  std::optional<ExpectedHash> expected;  ///< given, from a list, or from a catalog
  std::string actual_expected_alg;       ///< the image's digest in the expected algorithm
  bool hash_matched = false;
  WriteMode mode = WriteMode::kRaw;
  HashMatch matched_on = HashMatch::kNone;
  Authenticity authenticity;            ///< who vouches for the image (unsigned: nobody)
  std::optional<CatalogMatch> catalog;  ///< the image as a catalog of known images lists it
  /// The format of a compressed image; kNone for one that is not compressed.
  Compression compression = Compression::kNone;
  std::string file_sha256;     ///< of a compressed image's file as downloaded
  bool target_opened = false;  ///< false: the target was never opened for writing
  std::uint64_t bytes_written = 0;
  bool verified = false;
  std::string verify_method;
  std::optional<std::uint64_t> first_difference;
  double hash_seconds = 0, write_seconds = 0, sync_seconds = 0, verify_seconds = 0;
  double prepare_seconds = 0;      ///< the prepare hook (Windows mode), 0 when there was none
  std::vector<std::string> notes;  ///< things worth knowing that did not fail the job
};

/// Runs the whole job. Nothing is written unless the digest matched (or the policy allows an
/// unverified image) and the image fits.
JobReport run_write_job(const WriteJob& job);

/// The checks that need no data pass: an expected hash exists (or the policy allows none), the
/// target's sector size suits what is written (Windows mode needs 512), and the image fits.
/// run_write_job makes them again; front ends call this before asking the user.
Result<void> preflight(const WriteJob& job);

/// In words: what an expected digest matched ("the compressed file as downloaded", ...).
std::string_view match_text(HashMatch m);

/// Checks that `image_bytes`, padded to the granularity, fit the target.
Result<void> check_fits(std::uint64_t image_bytes, const TargetSpec& target);

/// A read-back-only job (`stickwright verify`): hash the image, compare with the expected
/// digest if there is one, then read the target back and compare.
struct VerifyJob {
  Source* source = nullptr;
  std::optional<ExpectedHash> expected;
  Provenance provenance;
  std::function<Result<std::unique_ptr<platform::BlockDevice>>()> open_reader;
  const Clock* clock = &steady_clock();
  ProgressSink sink;
  CancelToken cancel;
};

/// Runs a verify job; the report's write fields stay empty.
JobReport run_verify_job(const VerifyJob& job);

}  // namespace sw::writer
