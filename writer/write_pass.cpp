#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <optional>

#include "writer/passes.h"
#include "writer/pipeline.h"
#include "writer/readback_digest.h"

namespace sw::writer {

Result<void> write_source(Source& source, platform::BlockDevice& target, const PassContext& ctx,
                          WriteStats& stats, DigestWhileWriting digest_mode) {
  if (auto r = source.rewind(); !r) return r.failure();
  const std::uint64_t total = source.size();
  const std::uint64_t granularity = std::max<std::uint32_t>(1, target.write_granularity());
  std::optional<ReadbackDigest> digest;
  if (digest_mode == DigestWhileWriting::kYes) {
    if (ctx.readback_key == nullptr) return missing_readback_key();
    digest.emplace(*ctx.readback_key);
  }
  ProgressMeter meter(Phase::kWrite, total, ctx.clock, ctx.sink);
  std::uint64_t since_flush = 0;

  // The reader thread reads and hashes; this thread only writes, so hashing overlaps the drive.
  auto produce = [&](std::span<std::byte> buf) -> Result<std::size_t> {
    auto n = source.read(buf);
    if (n && digest) digest->update(buf.first(*n));
    return n;
  };
  auto consume = [&](std::span<std::byte> buf, std::size_t n) -> Result<void> {
    // Pad the final partial block with zeros up to a whole sector: O_DIRECT needs it, and the
    // bytes past the image are never part of what verification compares.
    const auto padded = static_cast<std::size_t>(round_up(n, granularity));
    if (padded > n) std::memset(buf.data() + n, 0, padded - n);
    if (auto w = platform::write_full(target, buf.first(padded), stats.bytes_written); !w) return w;
    stats.bytes_written += n;
    since_flush += n;
    if (target.write_mode() == platform::WriteMode::kBuffered &&
        since_flush >= kBufferedFlushBytes) {
      if (auto s = target.sync(); !s) return s;
      since_flush = 0;
    }
    meter.update(stats.bytes_written);
    return ok();
  };

  auto result = run_pipeline(produce, consume, ctx.cancel);
  stats.seconds = meter.elapsed_seconds();
  if (!result) return result;
  if (digest) stats.readback = digest->finish_hex();
  meter.finish();
  if (stats.bytes_written != total) {
    return fail(ErrorKind::kVerifyFailed,
                fmt::format("only {} of {} bytes of {} could be read while writing; the image "
                            "changed after its hash was checked",
                            stats.bytes_written, total, source.path()));
  }
  return ok();
}

}  // namespace sw::writer
