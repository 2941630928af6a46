// Writing and reading back a restored stick's layout.

#include "writer/restore/restore_io.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "platform/aligned_buffer.h"

namespace sw::writer::restore {
namespace {

constexpr std::size_t kZeroChunkBytes = 1 << 20;

Failure interrupted(const std::string& path) {
  return fail(ErrorKind::kInterrupted,
              fmt::format("interrupted: {} was left partly erased; restore it again", path));
}

Result<void> zero_region(platform::BlockDevice& dev, const Region& r,
                         const platform::AlignedBuffer& zeros, CancelToken cancel,
                         ProgressMeter& meter, std::uint64_t& written) {
  for (std::uint64_t done = 0; done < r.length;) {
    if (cancel.cancelled()) return interrupted(dev.path());
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(zeros.size(), r.length - done));
    if (auto w = platform::write_full(dev, zeros.span().first(n), r.offset + done); !w) {
      return w.failure();
    }
    done += n;
    meter.update(written += n);
  }
  return ok();
}

/// A block copied into a page-aligned buffer, as O_DIRECT needs.
platform::AlignedBuffer aligned_copy(const Block& b) {
  platform::AlignedBuffer buf(b.bytes.size());
  std::memcpy(buf.data(), b.bytes.data(), b.bytes.size());
  return buf;
}

/// Reads `length` bytes at `offset` and compares them with `want` (zeros when empty).
Result<void> compare_at(platform::BlockDevice& reader, std::uint64_t offset,
                        std::span<const std::byte> want, std::size_t length) {
  platform::AlignedBuffer buf(length);
  auto got = platform::read_full(reader, buf.span().first(length), offset);
  if (!got) return got.failure();
  if (*got != length) {
    return fail(ErrorKind::kVerifyFailed,
                fmt::format("reading {} back: it ended at byte {}", reader.path(), offset + *got));
  }
  for (std::size_t i = 0; i < length; ++i) {
    const std::byte expected = want.empty() ? std::byte{0} : want[i];
    if (buf.data()[i] != expected) {
      return fail(ErrorKind::kVerifyFailed,
                  fmt::format("{} does not hold what was written: byte {} reads {:#04x}, not "
                              "{:#04x}",
                              reader.path(), offset + i, static_cast<unsigned>(buf.data()[i]),
                              static_cast<unsigned>(expected)));
    }
  }
  return ok();
}

}  // namespace

Result<std::uint64_t> write_layout(platform::BlockDevice& dev, const RestoreLayout& l,
                                   const PassContext& ctx) {
  std::uint64_t total = 0;
  for (const auto& r : l.wipes) total += r.length;
  for (const auto& b : l.blocks) total += b.bytes.size();
  ProgressMeter meter(Phase::kWrite, total, ctx.clock, ctx.sink);
  std::uint64_t written = 0;
  const platform::AlignedBuffer zeros(kZeroChunkBytes);
  for (const auto& r : l.wipes) {
    if (auto z = zero_region(dev, r, zeros, ctx.cancel, meter, written); !z) return z.failure();
  }
  for (const auto& b : l.blocks) {
    if (ctx.cancel.cancelled()) return interrupted(dev.path());
    const auto buf = aligned_copy(b);
    if (auto w = platform::write_full(dev, buf.span().first(b.bytes.size()), b.offset); !w) {
      return w.failure();
    }
    meter.update(written += b.bytes.size());
  }
  meter.finish();
  ProgressMeter sync(Phase::kSync, 0, ctx.clock, ctx.sink);
  if (auto s = dev.sync(); !s) return s.failure();
  sync.finish();
  return written;
}

Result<void> verify_layout(platform::BlockDevice& reader, const RestoreLayout& l,
                           const PassContext& ctx) {
  // The last MiB must read as zeros (no GPT backup header is left), unless a block of the new
  // file system lies there.
  const std::uint64_t tail = l.disk_bytes - kEdgeWipeBytes;
  const bool tail_written = std::any_of(l.blocks.begin(), l.blocks.end(), [&](const Block& b) {
    return b.offset + b.bytes.size() > tail;
  });
  std::uint64_t total = tail_written ? 0 : kEdgeWipeBytes, done = 0;
  for (const auto& b : l.blocks) total += b.bytes.size();
  ProgressMeter meter(Phase::kVerify, total, ctx.clock, ctx.sink);
  for (const auto& b : l.blocks) {
    if (auto c = compare_at(reader, b.offset, b.bytes, b.bytes.size()); !c) return c;
    meter.update(done += b.bytes.size());
  }
  if (!tail_written) {
    if (auto c = compare_at(reader, tail, {}, kEdgeWipeBytes); !c) return c;
    meter.update(done += kEdgeWipeBytes);
  }
  meter.finish();
  return ok();
}

}  // namespace sw::writer::restore
