#include "writer/inspect_file.h"

#include <fmt/format.h>

#include <vector>

#include "platform/fd.h"
#include "writer/compressed_source.h"
#include "writer/source.h"

namespace sw::writer {
namespace {

/// How much of a compressed image's content is decompressed for inspection: enough for the
/// partition table, the ISO descriptors and boot catalog, and usually the EFI image.
constexpr std::uint64_t kCompressedWindowBytes = 64ull * 1024 * 1024;
constexpr std::size_t kChunkBytes = 1024 * 1024;

/// Decompresses the first window of a compressed image into a memory file and inspects it.
Result<Inspection> inspect_compressed(ImageFile file, Compression c, const std::string& path) {
  auto source = DecompressingSource::from_file(std::move(file), c);
  if (!source) return source.failure();
  auto memory = platform::create_memory_file("stickwright-inspect");
  if (!memory) return memory.failure();
  std::vector<std::byte> chunk(kChunkBytes);
  std::uint64_t got = 0;
  bool ended = false;
  while (got < kCompressedWindowBytes) {
    auto n = (*source)->read(chunk);
    if (!n) return n.failure();
    if (*n == 0) {
      ended = true;
      break;
    }
    if (auto w = platform::pwrite_all(*memory, std::span(chunk).first(*n), got, ErrorKind::kInput);
        !w) {
      return w.failure();
    }
    got += *n;
  }
  if (got == 0) {
    return fail(ErrorKind::kInput, fmt::format("{} decompresses to no data", path));
  }
  // A size from an xz index or zstd frame headers is exact; a gzip trailer's is only a hint.
  const bool recorded_exact =
      (*source)->size_known() && size_origin_exact((*source)->size_origin());
  const bool exact = ended || recorded_exact;
  const std::uint64_t size = ended ? got : recorded_exact ? (*source)->size() : got;
  const FileImageBytes bytes(std::move(*memory), size, got, exact);
  Inspection r = inspect_bytes(bytes);
  r.compression = c;
  r.size = exact ? std::optional(size) : std::nullopt;
  return r;
}

}  // namespace

Result<Inspection> inspect_image(const std::string& path) {
  auto file = open_image_file(path);
  if (!file) return file.failure();
  std::vector<std::byte> head(kCompressionHeadBytes);
  auto n = platform::pread_full(file->fd, head, 0, ErrorKind::kInput);
  if (!n) return n.failure();
  const Compression c = detect_compression(std::span(head).first(*n));
  Result<Inspection> r = [&]() -> Result<Inspection> {
    if (c != Compression::kNone) return inspect_compressed(std::move(*file), c, path);
    const auto size = file->size;
    const FileImageBytes bytes(std::move(file->fd), size, size);
    return inspect_bytes(bytes);
  }();
  if (r) r->image = path;
  return r;
}

}  // namespace sw::writer
