#pragma once
/// The three passes over the data: hash the image, write it, read the target back. Each is a
/// run of the pipeline with its own producer and consumer.

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "platform/block_device.h"
#include "platform/result.h"
#include "writer/digest.h"
#include "writer/progress.h"
#include "writer/source.h"

namespace sw::writer {

class ReadbackKey;

/// What a pass needs besides its data: the clock, where progress goes, the stop flag, and the
/// key of the job's read-back digests (see readback_digest.h).
struct PassContext {
  const Clock& clock;
  const ProgressSink& sink;
  CancelToken cancel;
  /// Needed by digest_target and a write pass that digests; without it, hash_source computes
  /// no read-back digest (a plain `hash` has nothing to read back).
  const ReadbackKey* readback_key = nullptr;
};

/// A failure for a pass that needs a read-back key and was given none (a bug in the caller).
Failure missing_readback_key();

/// Digests of the image, by algorithm.
struct ImageDigests {
  std::vector<std::pair<Algorithm, std::string>> hex;  ///< of the bytes to write
  /// Of the compressed file as downloaded; empty for an image that is not compressed.
  std::vector<std::pair<Algorithm, std::string>> file_hex;
  /// Keyed XXH3-128 of the bytes to write (see readback_digest.h); empty without a key.
  std::string readback;
  std::uint64_t bytes = 0;  ///< bytes to write: the image, or its decompressed content
  double seconds = 0;
  /// The hex digest for `alg`, empty when it was not computed.
  std::string of(Algorithm alg) const;
  /// The compressed file's hex digest for `alg`, empty when there is none.
  std::string of_file(Algorithm alg) const;
};

/// Which bytes an expected digest matched.
enum class HashMatch {
  kNone,
  kImage,           ///< the image file (not compressed)
  kCompressedFile,  ///< a compressed image's file, as downloaded
  kContent,         ///< a compressed image's decompressed content
};

/// Compares the expected digest with the file first, then with the decompressed content (the
/// publisher may list either).
HashMatch match_expected(const ImageDigests& d, Algorithm alg, const std::string& expected_hex);

/// A bound on the bytes a hash pass may produce: the capacity of the target they are for.
struct ContentLimit {
  std::uint64_t bytes = 0;
  std::string target;  ///< its path, for the message
};

/// Sees the image file's bytes as a pass reads them, in file order (a compressed image's file
/// as downloaded, not its content).
using FileObserver = std::function<void(std::span<const std::byte>)>;

/// Reads the whole source once from the start and digests it with every algorithm in `algs`.
/// A compressed source (DecompressingSource) is digested twice in the same pass: its content,
/// and its file as downloaded; progress then counts compressed bytes, and the pass measures the
/// content's size (set_measured_size). With a `limit`, the pass stops as soon as the content
/// passes it and fails (kTargetRefused): the image cannot fit, so the rest need not be read.
/// An `observer` sees the file's bytes in the same pass (the image's own signature is checked
/// over them: see provenance.h).
Result<ImageDigests> hash_source(Source& source, const std::vector<Algorithm>& algs,
                                 const PassContext& ctx, const ContentLimit* limit = nullptr,
                                 const FileObserver* observer = nullptr);

/// Counters of a write pass, filled in as it goes (also when it fails).
struct WriteStats {
  std::uint64_t bytes_written = 0;  ///< image bytes acknowledged by the target
  std::string readback;             ///< XXH3-128 of the bytes read from the source while writing
  double seconds = 0;
};

/// Bytes after which a buffered target is flushed, so progress follows the drive, not RAM.
inline constexpr std::uint64_t kBufferedFlushBytes = 64ull * 1024 * 1024;

/// Whether the write pass digests what it reads.
enum class DigestWhileWriting {
  kYes,  ///< when nothing is read back: the only way to notice a source that changed
  kNo,   ///< when verification follows: it catches a changed source, so a third pass over the
         ///< data would cost CPU for nothing
};

/// Writes the source to `target` from offset 0; the last block is padded with zeros to the
/// target's write granularity. With DigestWhileWriting::kYes, digests (XXH3-128) what it read, so
/// a source that changed since the hash pass is caught.
Result<void> write_source(Source& source, platform::BlockDevice& target, const PassContext& ctx,
                          WriteStats& stats, DigestWhileWriting digest_mode);

/// XXH3-128 (the read-back digest) of the first `bytes` bytes of `reader`.
Result<std::string> digest_target(platform::BlockDevice& reader, std::uint64_t bytes,
                                  const PassContext& ctx, double& seconds);

/// Compares source and target block by block; the offset of the first differing byte, or none
/// when the first `bytes` bytes are equal.
Result<std::optional<std::uint64_t>> find_first_difference(Source& source,
                                                           platform::BlockDevice& reader,
                                                           std::uint64_t bytes, CancelToken cancel);

/// Rounds `n` up to a multiple of `granularity` (>= 1).
std::uint64_t round_up(std::uint64_t n, std::uint64_t granularity);

}  // namespace sw::writer
