#include "writer/passes.h"
#include "writer/pipeline.h"
#include "writer/readback_digest.h"

namespace sw::writer {

std::string ImageDigests::of(Algorithm alg) const {
  for (const auto& [a, h] : hex) {
    if (a == alg) return h;
  }
  return {};
}

std::uint64_t round_up(std::uint64_t n, std::uint64_t granularity) {
  if (granularity <= 1) return n;
  return (n + granularity - 1) / granularity * granularity;
}

Result<ImageDigests> hash_source(Source& source, const std::vector<Algorithm>& algs,
                                 const PassContext& ctx) {
  if (auto r = source.rewind(); !r) return r.failure();
  MultiDigest digest(algs);
  ReadbackDigest readback;
  ProgressMeter meter(Phase::kHash, source.size(), ctx.clock, ctx.sink);
  std::uint64_t done = 0;
  // The reader thread also computes the cheap read-back digest, so the consumer thread's
  // cryptographic digests are the only limit of this pass.
  auto produce = [&](std::span<std::byte> buf) -> Result<std::size_t> {
    auto n = source.read(buf);
    if (n) readback.update(buf.first(*n));
    return n;
  };
  auto consume = [&](std::span<std::byte> buf, std::size_t n) -> Result<void> {
    digest.update(buf.first(n));
    done += n;
    meter.update(done);
    return ok();
  };
  auto result = run_pipeline(produce, consume, ctx.cancel);
  if (!result) return result.failure();
  ImageDigests out;
  out.hex = digest.finish_hex();
  out.readback = readback.finish_hex();
  out.seconds = meter.finish();
  return out;
}

}  // namespace sw::writer
