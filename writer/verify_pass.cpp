#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "platform/aligned_buffer.h"
#include "writer/passes.h"
#include "writer/pipeline.h"
#include "writer/readback_digest.h"

namespace sw::writer {
namespace {

/// Reads exactly `want` bytes of the target at `offset` into `buf` (sized for aligned reads).
Result<void> read_target_block(platform::BlockDevice& reader, std::span<std::byte> buf,
                               std::size_t want, std::uint64_t offset) {
  // O_DIRECT reads must have an aligned length: ask for whole pages, use `want` of them.
  const auto ask = static_cast<std::size_t>(
      std::min<std::uint64_t>(buf.size(), round_up(want, platform::kBufferAlignBytes)));
  auto n = platform::read_full(reader, buf.first(ask), offset);
  if (!n) return n.failure();
  if (*n < want) {
    return fail(ErrorKind::kVerifyFailed,
                fmt::format("{} ended at byte {} while reading it back; it is smaller than the "
                            "image",
                            reader.path(), offset + *n));
  }
  return ok();
}

}  // namespace

Result<std::string> digest_target(platform::BlockDevice& reader, std::uint64_t bytes,
                                  const PassContext& ctx, double& seconds) {
  if (ctx.readback_key == nullptr) return missing_readback_key();
  ReadbackDigest digest(*ctx.readback_key);
  ProgressMeter meter(Phase::kVerify, bytes, ctx.clock, ctx.sink);
  std::uint64_t consumed = 0;
  // Block i is read on one of kReadsInFlight threads, so the drive always has a read queued.
  auto produce = [&](std::uint64_t index, std::span<std::byte> buf) -> Result<std::size_t> {
    const std::uint64_t offset = index * kBlockBytes;
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), bytes - offset));
    if (auto r = read_target_block(reader, buf, want, offset); !r) return r.failure();
    return want;
  };
  auto consume = [&](std::span<std::byte> buf, std::size_t n) -> Result<void> {
    digest.update(buf.first(n));
    consumed += n;
    meter.update(consumed);
    return ok();
  };
  const std::uint64_t blocks = (bytes + kBlockBytes - 1) / kBlockBytes;
  auto result = run_parallel_reads(blocks, produce, consume, ctx.cancel);
  seconds = meter.elapsed_seconds();
  if (!result) return result.failure();
  meter.finish();
  return digest.finish_hex();
}

Result<std::optional<std::uint64_t>> find_first_difference(Source& source,
                                                           platform::BlockDevice& reader,
                                                           std::uint64_t bytes,
                                                           CancelToken cancel) {
  if (auto r = source.rewind(); !r) return r.failure();
  platform::AlignedBuffer from_source(kBlockBytes);
  platform::AlignedBuffer from_target(kBlockBytes);
  for (std::uint64_t offset = 0; offset < bytes;) {
    if (cancel.cancelled()) return fail(ErrorKind::kInterrupted, "interrupted by the user");
    const auto want =
        static_cast<std::size_t>(std::min<std::uint64_t>(kBlockBytes, bytes - offset));
    auto n = source.read(from_source.span().first(want));
    if (!n) return n.failure();
    if (*n < want)
      return fail(ErrorKind::kInput, fmt::format("{} is shorter than before", source.path()));
    if (auto r = read_target_block(reader, from_target.span(), want, offset); !r)
      return r.failure();
    if (std::memcmp(from_source.data(), from_target.data(), want) != 0) {
      const auto* a = from_source.data();
      const auto* b = from_target.data();
      std::size_t i = 0;
      while (a[i] == b[i]) ++i;
      return std::optional<std::uint64_t>(offset + i);
    }
    offset += want;
  }
  return std::optional<std::uint64_t>();
}

}  // namespace sw::writer
