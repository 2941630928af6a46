#include <fmt/format.h>

#include <optional>

#include "writer/compressed_source.h"
#include "writer/passes.h"
#include "writer/pipeline.h"
#include "writer/readback_digest.h"

namespace sw::writer {

namespace {

std::string find_hex(const std::vector<std::pair<Algorithm, std::string>>& v, Algorithm alg) {
  for (const auto& [a, h] : v) {
    if (a == alg) return h;
  }
  return {};
}

/// The refusal of a content that passed the target's capacity while being hashed.
Failure too_big(const Source& source, std::uint64_t done, const ContentLimit& limit) {
  return fail(ErrorKind::kTargetRefused,
              fmt::format("the image needs more than {} bytes (decompressing {} was stopped at "
                          "{} bytes) but {} holds only {}; use a larger drive. Nothing was "
                          "written.",
                          limit.bytes, source.path(), done, limit.target, limit.bytes));
}

}  // namespace

std::string ImageDigests::of(Algorithm alg) const { return find_hex(hex, alg); }
std::string ImageDigests::of_file(Algorithm alg) const { return find_hex(file_hex, alg); }

HashMatch match_expected(const ImageDigests& d, Algorithm alg, const std::string& expected_hex) {
  if (d.file_hex.empty()) return d.of(alg) == expected_hex ? HashMatch::kImage : HashMatch::kNone;
  if (d.of_file(alg) == expected_hex) return HashMatch::kCompressedFile;
  if (d.of(alg) == expected_hex) return HashMatch::kContent;
  return HashMatch::kNone;
}

Failure missing_readback_key() {
  return fail(ErrorKind::kInput, "internal error: a pass that reads back was given no key");
}

std::uint64_t round_up(std::uint64_t n, std::uint64_t granularity) {
  if (granularity <= 1) return n;
  return (n + granularity - 1) / granularity * granularity;
}

Result<ImageDigests> hash_source(Source& source, const std::vector<Algorithm>& algs,
                                 const PassContext& ctx, const ContentLimit* limit,
                                 const FileObserver* observer) {
  if (auto r = source.rewind(); !r) return r.failure();
  auto* compressed = dynamic_cast<DecompressingSource*>(&source);
  MultiDigest digest(algs);
  MultiDigest file_digest(compressed ? algs : std::vector<Algorithm>{});
  std::optional<ReadbackDigest> readback;
  if (ctx.readback_key != nullptr) readback.emplace(*ctx.readback_key);
  if (compressed) {
    // The tap runs on the reader thread, in file order, as the decoder consumes the file.
    compressed->set_file_tap([&file_digest, observer](std::span<const std::byte> b) {
      file_digest.update(b);
      if (observer != nullptr) (*observer)(b);
    });
  }
  ProgressMeter meter(Phase::kHash, compressed ? compressed->file_size() : source.size(), ctx.clock,
                      ctx.sink);
  std::uint64_t done = 0;
  // The reader thread also computes the cheap read-back digest, so the consumer thread's
  // cryptographic digests are the only limit of this pass.
  auto produce = [&](std::span<std::byte> buf) -> Result<std::size_t> {
    auto n = source.read(buf);
    if (n && readback) readback->update(buf.first(*n));
    // A source that is not compressed reads the file itself, in order.
    if (n && observer != nullptr && compressed == nullptr) (*observer)(buf.first(*n));
    return n;
  };
  auto consume = [&](std::span<std::byte> buf, std::size_t n) -> Result<void> {
    digest.update(buf.first(n));
    done += n;
    if (limit != nullptr && done > limit->bytes) return too_big(source, done, *limit);
    meter.update(compressed ? compressed->file_bytes_read() : done);
    return ok();
  };
  auto result = run_pipeline(produce, consume, ctx.cancel);
  if (compressed) compressed->set_file_tap(nullptr);
  if (!result) return result.failure();
  ImageDigests out;
  out.hex = digest.finish_hex();
  if (compressed) {
    out.file_hex = file_digest.finish_hex();
    compressed->set_measured_size(done);
  }
  if (readback) out.readback = readback->finish_hex();
  out.bytes = done;
  out.seconds = meter.finish();
  return out;
}

}  // namespace sw::writer
