#include "writer/capture.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <span>

#include "platform/aligned_buffer.h"
#include "platform/files.h"
#include "writer/compress_sink.h"
#include "writer/digest.h"
#include "writer/inspect/image_bytes.h"
#include "writer/inspect/partition_table.h"

namespace sw::writer {
namespace {

/// Bytes read from the drive at a time: a multiple of every sector size, large enough for
/// O_DIRECT reads to run at the stick's speed.
constexpr std::size_t kChunkBytes = std::size_t{4} << 20;
/// Bytes of the drive's head read to find its partition table (MBR, GPT header and entries).
constexpr std::size_t kTableHeadBytes = std::size_t{1} << 20;

using ChunkFn = std::function<Result<void>(std::span<const std::byte>)>;

/// Removes a temporary file unless the capture got as far as keeping it.
class RemoveUnlessKept {
 public:
  explicit RemoveUnlessKept(std::string path) : m_path(std::move(path)) {}
  RemoveUnlessKept(const RemoveUnlessKept&) = delete;
  RemoveUnlessKept& operator=(const RemoveUnlessKept&) = delete;
  ~RemoveUnlessKept() {
    if (!m_kept) platform::remove_path(m_path);
  }
  void keep() { m_kept = true; }

 private:
  std::string m_path;
  bool m_kept = false;
};

/// Reads the first `bytes` of `dev` in chunks and hands each to `each`, reporting progress in
/// `phase`. Reads are whole sectors (O_DIRECT needs them); only the bytes asked for are handed on.
Result<void> read_drive(platform::BlockDevice& dev, std::uint64_t bytes, Phase phase,
                        const CaptureRequest& r, const ChunkFn& each) {
  platform::AlignedBuffer buf(kChunkBytes);
  ProgressMeter meter(phase, bytes, *r.clock, r.sink);
  const std::size_t sector = std::max<std::uint32_t>(1, dev.write_granularity());
  std::uint64_t offset = 0;
  while (offset < bytes) {
    if (r.cancel.cancelled()) {
      return fail(ErrorKind::kInterrupted,
                  fmt::format("interrupted after {} of {} bytes of {}", offset, bytes, dev.path()));
    }
    // At most a chunk: what is left of the drive may be larger than memory, a chunk is not.
    const auto want =
        static_cast<std::size_t>(std::min<std::uint64_t>(kChunkBytes, bytes - offset));
    const std::size_t ask = std::min((want + sector - 1) / sector * sector, kChunkBytes);
    auto n = platform::read_full(dev, buf.span().first(ask), offset);
    if (!n) return n.failure();
    if (*n < want) {
      return fail(ErrorKind::kTargetIo,
                  fmt::format("{} ended at byte {}, before the {} bytes to read", dev.path(),
                              offset + *n, bytes));
    }
    if (auto used = each(buf.span().first(want)); !used) return used;
    offset += want;
    meter.update(offset);
  }
  meter.finish();
  return ok();
}

/// Reads the drive again through a fresh reader, its cache dropped first, and returns the
/// sha256 of the same bytes.
Result<std::string> reread_digest(const CaptureRequest& r) {
  if (auto dropped = r.drive->drop_cache(); !dropped) return dropped.failure();
  auto reader = r.drive->open_verify_reader();
  if (!reader) return reader.failure();
  Digest digest(Algorithm::kSha256);
  auto read = read_drive(**reader, r.bytes, Phase::kVerify, r, [&](auto chunk) {
    digest.update(chunk);
    return ok();
  });
  if (!read) return read.failure();
  return digest.finish_hex();
}

Result<void> check_request(const CaptureRequest& r) {
  if (r.drive == nullptr) return fail(ErrorKind::kUsage, "no drive to read");
  if (r.bytes == 0) return fail(ErrorKind::kUsage, "nothing to read: the size is 0 bytes");
  if (r.bytes > r.drive->capacity()) {
    return fail(ErrorKind::kUsage,
                fmt::format("{} holds {} bytes, fewer than the {} bytes asked for", r.drive->path(),
                            r.drive->capacity(), r.bytes));
  }
  return ok();
}

/// Writes the sidecar next to the image: under a temporary name first, so a sidecar is always
/// whole.
Result<void> write_sidecar(const std::string& image_path, const std::string& hex) {
  const std::string line = sidecar_line(image_path, hex);
  const std::string path = sidecar_path(image_path);
  const std::string part = partial_image_path(path);
  RemoveUnlessKept cleanup(part);
  auto w = platform::write_file(part, std::as_bytes(std::span(line)), line.size());
  if (!w) return w;
  if (auto moved = platform::rename_path(part, path, ErrorKind::kInput); !moved) return moved;
  cleanup.keep();
  return ok();
}

}  // namespace

std::string partial_image_path(const std::string& image_path) { return image_path + ".part"; }

std::string sidecar_path(const std::string& image_path) { return image_path + ".sha256"; }

std::string sidecar_line(const std::string& image_path, const std::string& hex) {
  const auto slash = image_path.rfind('/');
  const std::string base = slash == std::string::npos ? image_path : image_path.substr(slash + 1);
  return fmt::format("{}  {}\n", hex, base);
}

Result<CaptureReport> run_capture(const CaptureRequest& r) {
  if (auto checked = check_request(r); !checked) return checked.failure();
  const std::string part = partial_image_path(r.image_path);
  RemoveUnlessKept cleanup(part);
  auto sink = CompressSink::create(part, r.compression, r.bytes);
  if (!sink) return sink.failure();
  Digest first(Algorithm::kSha256);
  auto read = read_drive(*r.drive, r.bytes, Phase::kRead, r, [&](auto chunk) {
    first.update(chunk);
    return (*sink)->write(chunk);
  });
  if (!read) return read.failure();
  if (auto finished = (*sink)->finish(); !finished) return finished.failure();

  CaptureReport report;
  report.bytes = r.bytes;
  report.sha256 = first.finish_hex();
  report.file_sha256 = (*sink)->file_sha256();
  report.file_bytes = (*sink)->file_bytes();
  auto second = reread_digest(r);
  if (!second) return second.failure();
  if (*second != report.sha256) {
    return fail(ErrorKind::kVerifyFailed,
                fmt::format("{} returned other bytes when read a second time (sha256 {}, then {}): "
                            "the drive does not read back reliably, so the image was not kept",
                            r.drive->path(), report.sha256, *second));
  }
  report.verified = true;
  if (auto side = write_sidecar(r.image_path, report.file_sha256); !side) return side.failure();
  if (auto moved = platform::rename_path(part, r.image_path, ErrorKind::kInput); !moved)
    return moved.failure();
  cleanup.keep();
  report.sidecar_path = sidecar_path(r.image_path);
  return report;
}

Result<std::uint64_t> used_extent(platform::BlockDevice& drive) {
  const auto head =
      static_cast<std::size_t>(std::min<std::uint64_t>(kTableHeadBytes, drive.capacity()));
  platform::AlignedBuffer buf(head);
  auto n = platform::read_full(drive, buf.span(), 0);
  if (!n) return n.failure();
  const auto bytes = buf.span().first(std::min(*n, head));
  const MemoryImageBytes image(std::vector<std::byte>(bytes.begin(), bytes.end()));
  const PartitionTable table = read_partition_table(image);
  std::uint64_t end = 0;
  for (const auto& p : table.partitions) {
    if (!p.is_container) end = std::max(end, p.start + p.size);
  }
  if (table.type == TableType::kNone || end == 0) {
    return fail(ErrorKind::kInput,
                fmt::format("{} has no MBR or GPT partition table with a partition in it, so "
                            "the end of its used part is not known",
                            drive.path()));
  }
  if (table.gpt && !(table.gpt->header_crc_ok && table.gpt->entries_crc_ok)) {
    return fail(ErrorKind::kInput,
                fmt::format("the GPT of {} fails its CRC32 check, so the end of its last "
                            "partition cannot be trusted",
                            drive.path()));
  }
  if (end > drive.capacity()) {
    return fail(ErrorKind::kInput,
                fmt::format("the partition table of {} reaches byte {}, past the drive's end ({} "
                            "bytes): the table is damaged",
                            drive.path(), end, drive.capacity()));
  }
  return end;
}

}  // namespace sw::writer
