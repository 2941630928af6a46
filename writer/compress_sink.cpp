#include "writer/compress_sink.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <lzma.h>
#include <zstd.h>

#include <functional>
#include <string_view>
#include <vector>

namespace sw::writer {
namespace detail {

/// Where an encoder puts each chunk of compressed bytes.
using Emit = std::function<Result<void>(std::span<const std::byte>)>;

/// One compression library behind one interface: the sink handles the file and its digest once.
class StreamEncoder {
 public:
  virtual ~StreamEncoder() = default;
  /// Compresses all of `in`, emitting output as its buffer fills; with `end`, also ends the
  /// stream (every byte is then emitted).
  virtual Result<void> encode(std::span<const std::byte> in, bool end, const Emit& emit) = 0;
};

}  // namespace detail

namespace {

using detail::Emit;

/// The zstd level: the zstd tool's default, fast enough to keep up with a USB 3 stick on one core.
constexpr int kZstdLevel = 3;
/// The xz preset: the xz tool's default (about 94 MiB of encoder memory).
constexpr std::uint32_t kXzPreset = 6;
/// Size of the xz output buffer.
constexpr std::size_t kXzOutBytes = std::size_t{1} << 20;

struct CCtxFree {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};

/// zstd, one frame with a content checksum and (pledged) the content size in its header.
class ZstdEncoder final : public detail::StreamEncoder {
 public:
  explicit ZstdEncoder(ZSTD_CCtx* ctx) : m_ctx(ctx), m_out(ZSTD_CStreamOutSize()) {}

  static Result<std::unique_ptr<detail::StreamEncoder>> make(std::uint64_t content_bytes) {
    std::unique_ptr<ZSTD_CCtx, CCtxFree> ctx(ZSTD_createCCtx());
    if (!ctx) return fail(ErrorKind::kInput, "zstd: cannot allocate a compression context");
    for (auto r : {ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_compressionLevel, kZstdLevel),
                   ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_checksumFlag, 1),
                   ZSTD_CCtx_setPledgedSrcSize(ctx.get(), content_bytes)}) {
      if (ZSTD_isError(r)) return fail(ErrorKind::kInput, zstd_words(r));
    }
    return std::unique_ptr<detail::StreamEncoder>(std::make_unique<ZstdEncoder>(ctx.release()));
  }

  Result<void> encode(std::span<const std::byte> in, bool end, const Emit& emit) override {
    ZSTD_inBuffer ib{in.data(), in.size(), 0};
    const auto mode = end ? ZSTD_e_end : ZSTD_e_continue;
    for (;;) {
      ZSTD_outBuffer ob{m_out.data(), m_out.size(), 0};
      const std::size_t left = ZSTD_compressStream2(m_ctx.get(), &ob, &ib, mode);
      if (ZSTD_isError(left)) return fail(ErrorKind::kInput, zstd_words(left));
      if (ob.pos > 0) {
        if (auto e = emit(std::span(m_out).first(ob.pos)); !e) return e;
      }
      if (end ? left == 0 : ib.pos == ib.size) return ok();
    }
  }

 private:
  static std::string zstd_words(std::size_t code) {
    return fmt::format("zstd: cannot compress: {}", ZSTD_getErrorName(code));
  }
  std::unique_ptr<ZSTD_CCtx, CCtxFree> m_ctx;
  std::vector<std::byte> m_out;
};

struct LzmaEnd {
  void operator()(lzma_stream* s) const {
    lzma_end(s);
    delete s;  // NOLINT(cppcoreguidelines-owning-memory): the stream's owner is this deleter
  }
};

/// xz, one stream with a CRC64 check per block.
class XzEncoder final : public detail::StreamEncoder {
 public:
  XzEncoder() : m_out(kXzOutBytes) {}

  static Result<std::unique_ptr<detail::StreamEncoder>> make() {
    auto enc = std::make_unique<XzEncoder>();
    enc->m_strm.reset(new lzma_stream(LZMA_STREAM_INIT));  // NOLINT: owned by LzmaEnd
    const lzma_ret rc = lzma_easy_encoder(enc->m_strm.get(), kXzPreset, LZMA_CHECK_CRC64);
    if (rc != LZMA_OK) {
      return fail(ErrorKind::kInput,
                  fmt::format("lzma: cannot start the xz encoder (code {})", static_cast<int>(rc)));
    }
    return std::unique_ptr<detail::StreamEncoder>(std::move(enc));
  }

  Result<void> encode(std::span<const std::byte> in, bool end, const Emit& emit) override {
    auto& s = *m_strm;
    s.next_in = reinterpret_cast<const std::uint8_t*>(in.data());  // NOLINT: byte views
    s.avail_in = in.size();
    for (;;) {
      s.next_out = reinterpret_cast<std::uint8_t*>(m_out.data());  // NOLINT: byte views
      s.avail_out = m_out.size();
      const lzma_ret rc = lzma_code(&s, end ? LZMA_FINISH : LZMA_RUN);
      if (rc != LZMA_OK && rc != LZMA_STREAM_END) {
        return fail(ErrorKind::kInput,
                    fmt::format("lzma: cannot compress (code {}{})", static_cast<int>(rc),
                                rc == LZMA_MEM_ERROR ? ": out of memory" : ""));
      }
      const std::size_t produced = m_out.size() - s.avail_out;
      if (produced > 0) {
        if (auto e = emit(std::span(m_out).first(produced)); !e) return e;
      }
      if (end ? rc == LZMA_STREAM_END : s.avail_in == 0) return ok();
    }
  }

 private:
  std::unique_ptr<lzma_stream, LzmaEnd> m_strm;
  std::vector<std::byte> m_out;
};

bool ends_with(std::string_view text, std::string_view tail) {
  return text.size() >= tail.size() && text.substr(text.size() - tail.size()) == tail;
}

}  // namespace

Compression compression_for_name(const std::string& path) {
  if (ends_with(path, ".zst")) return Compression::kZstd;
  if (ends_with(path, ".xz")) return Compression::kXz;
  if (ends_with(path, ".gz")) return Compression::kGzip;
  if (ends_with(path, ".bz2")) return Compression::kBzip2;
  return Compression::kNone;
}

Result<std::unique_ptr<CompressSink>> CompressSink::create(const std::string& path,
                                                           Compression compression,
                                                           std::uint64_t content_bytes) {
  std::unique_ptr<detail::StreamEncoder> encoder;
  if (compression == Compression::kZstd) {
    auto e = ZstdEncoder::make(content_bytes);
    if (!e) return e.failure();
    encoder = std::move(*e);
  } else if (compression == Compression::kXz) {
    auto e = XzEncoder::make();
    if (!e) return e.failure();
    encoder = std::move(*e);
  } else if (compression != Compression::kNone) {
    return fail(ErrorKind::kUsage, fmt::format("{}: stickwright writes images raw, as zstd or as "
                                               "xz, not as {}",
                                               path, compression_name(compression)));
  }
  // O_NOFOLLOW: a link planted at the temporary name must not redirect the write elsewhere.
  auto fd =
      platform::open_fd(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, ErrorKind::kInput, 0644);
  if (!fd) return fd.failure();
  return std::make_unique<CompressSink>(std::move(*fd), compression, std::move(encoder));
}

CompressSink::CompressSink(platform::Fd fd, Compression compression,
                           std::unique_ptr<detail::StreamEncoder> encoder)
    : m_fd(std::move(fd)), m_compression(compression), m_encoder(std::move(encoder)) {}

CompressSink::~CompressSink() = default;

Result<void> CompressSink::emit(std::span<const std::byte> out) {
  if (auto w = platform::pwrite_all(m_fd, out, m_offset, ErrorKind::kInput); !w) return w;
  m_digest.update(out);
  m_offset += out.size();
  return ok();
}

Result<void> CompressSink::write(std::span<const std::byte> data) {
  if (!m_encoder) return emit(data);
  return m_encoder->encode(data, false, [this](auto out) { return emit(out); });
}

Result<void> CompressSink::finish() {
  if (m_encoder) {
    auto ended = m_encoder->encode({}, true, [this](auto out) { return emit(out); });
    if (!ended) return ended;
  }
  if (auto s = platform::datasync(m_fd, ErrorKind::kInput); !s) return s;
  m_file_sha256 = m_digest.finish_hex();
  return ok();
}

}  // namespace sw::writer
