// ZLIB_CONST before zlib.h: z_stream::next_in is then const, as the input is.
#define ZLIB_CONST
#include "writer/stream_decoder.h"

#include <bzlib.h>
#include <fmt/format.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <climits>

namespace sw::writer::detail {
namespace {

DecodeStep fault_step(DecodeFault fault, std::string detail) {
  DecodeStep s;
  s.fault = fault;
  s.detail = std::move(detail);
  return s;
}

/// zlib and bzip2 count in 32-bit unsigned ints; larger spans are handed over in parts.
unsigned clamp_uint(std::size_t n) {
  return static_cast<unsigned>(std::min<std::size_t>(n, UINT_MAX));
}

struct InflateEnd {
  void operator()(z_stream* s) const { inflateEnd(s); }
};

class GzipDecoder final : public StreamDecoder {
 public:
  DecodeStep start() override {
    // windowBits 15 + 16: gzip wrapper only; inflate checks each member's CRC-32 and ISIZE.
    const int rc = m_active ? inflateReset(&m_stream) : inflateInit2(&m_stream, 15 + 16);
    if (rc != Z_OK) return fault_step(DecodeFault::kNoMemory, fmt::format("zlib: {}", zError(rc)));
    if (!m_active) m_active.reset(&m_stream);
    return {};
  }

  DecodeStep decode(std::span<const std::byte> in, std::span<std::byte> out, bool) override {
    const unsigned in_size = clamp_uint(in.size());
    const unsigned out_size = clamp_uint(out.size());
    m_stream.next_in = reinterpret_cast<const Bytef*>(in.data());
    m_stream.avail_in = in_size;
    m_stream.next_out = reinterpret_cast<Bytef*>(out.data());
    m_stream.avail_out = out_size;
    const int rc = inflate(&m_stream, Z_NO_FLUSH);
    DecodeStep s;
    s.consumed = in_size - m_stream.avail_in;
    s.produced = out_size - m_stream.avail_out;
    if (rc == Z_STREAM_END) s.stream_end = true;
    if (rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR) return s;
    s.fault = rc == Z_MEM_ERROR ? DecodeFault::kNoMemory : DecodeFault::kCorrupt;
    if (rc == Z_NEED_DICT) {
      s.detail = "zlib: the data asks for a preset dictionary, which gzip never uses";
    } else {
      s.detail = fmt::format("zlib: {}", m_stream.msg != nullptr ? m_stream.msg : zError(rc));
    }
    return s;
  }

 private:
  z_stream m_stream{};
  std::unique_ptr<z_stream, InflateEnd> m_active;  ///< set while m_stream is initialised
};

struct LzmaEnd {
  void operator()(lzma_stream* s) const { lzma_end(s); }
};

std::string lzma_detail(lzma_ret rc) {
  switch (rc) {
    case LZMA_FORMAT_ERROR:
      return "lzma: not in the xz format";
    case LZMA_OPTIONS_ERROR:
      return "lzma: unsupported compression options";
    case LZMA_DATA_ERROR:
      return "lzma: compressed data is corrupt";
    case LZMA_MEM_ERROR:
      return "lzma: cannot allocate memory";
    default:
      return fmt::format("lzma: error {}", static_cast<int>(rc));
  }
}

class XzDecoder final : public StreamDecoder {
 public:
  DecodeStep start() override {
    // One stream at a time (no LZMA_CONCATENATED): DecompressingSource finds the next stream
    // itself, so stream padding, dd's zero padding and trailing garbage get one treatment
    // in every format (xz spec 2.2 allows only multiples of four zero bytes).
    const lzma_ret rc = lzma_stream_decoder(&m_stream, kXzMemlimitBytes, 0);
    // Called again on an initialised stream, lzma_stream_decoder reuses its memory; the owner
    // ends the stream either way.
    if (!m_active) m_active.reset(&m_stream);
    if (rc != LZMA_OK) return fault_step(DecodeFault::kNoMemory, lzma_detail(rc));
    return {};
  }

  DecodeStep decode(std::span<const std::byte> in, std::span<std::byte> out,
                    bool input_ended) override {
    m_stream.next_in = reinterpret_cast<const std::uint8_t*>(in.data());
    m_stream.avail_in = in.size();
    m_stream.next_out = reinterpret_cast<std::uint8_t*>(out.data());
    m_stream.avail_out = out.size();
    const lzma_ret rc = lzma_code(&m_stream, input_ended ? LZMA_FINISH : LZMA_RUN);
    DecodeStep s;
    s.consumed = in.size() - m_stream.avail_in;
    s.produced = out.size() - m_stream.avail_out;
    if (rc == LZMA_STREAM_END) s.stream_end = true;
    if (rc == LZMA_OK || rc == LZMA_STREAM_END || rc == LZMA_BUF_ERROR) return s;
    if (rc == LZMA_MEMLIMIT_ERROR) {
      s.fault = DecodeFault::kMemoryLimit;
      s.detail = fmt::format("lzma: needs {} MiB of memory, more than the {} MiB allowed",
                             lzma_memusage(&m_stream) >> 20, kXzMemlimitBytes >> 20);
      return s;
    }
    s.fault = rc == LZMA_MEM_ERROR ? DecodeFault::kNoMemory : DecodeFault::kCorrupt;
    s.detail = lzma_detail(rc);
    return s;
  }

 private:
  lzma_stream m_stream{};
  std::unique_ptr<lzma_stream, LzmaEnd> m_active;  ///< set while m_stream is initialised
};

struct FreeDCtx {
  void operator()(ZSTD_DCtx* c) const { ZSTD_freeDCtx(c); }
};

class ZstdDecoder final : public StreamDecoder {
 public:
  DecodeStep start() override {
    if (m_ctx) {
      ZSTD_DCtx_reset(m_ctx.get(), ZSTD_reset_session_only);
      return {};
    }
    m_ctx.reset(ZSTD_createDCtx());
    if (!m_ctx) return fault_step(DecodeFault::kNoMemory, "zstd: cannot allocate a context");
    // zstd's own ceiling is 2^30 on 32-bit builds (2^31 on 64-bit), and a larger limit is an
    // error there, not a no-op: ask for ours or the library's, whichever is smaller.
    const ZSTD_bounds bounds = ZSTD_dParam_getBounds(ZSTD_d_windowLogMax);
    const int log_max = ZSTD_isError(bounds.error) ? kZstdWindowLogMax
                                                   : std::min(kZstdWindowLogMax, bounds.upperBound);
    const std::size_t rc = ZSTD_DCtx_setParameter(m_ctx.get(), ZSTD_d_windowLogMax, log_max);
    if (ZSTD_isError(rc)) {
      return fault_step(DecodeFault::kNoMemory, fmt::format("zstd: {}", ZSTD_getErrorName(rc)));
    }
    return {};
  }

  DecodeStep decode(std::span<const std::byte> in, std::span<std::byte> out, bool) override {
    ZSTD_inBuffer src{in.data(), in.size(), 0};
    ZSTD_outBuffer dst{out.data(), out.size(), 0};
    const std::size_t rc = ZSTD_decompressStream(m_ctx.get(), &dst, &src);
    DecodeStep s;
    s.consumed = src.pos;
    s.produced = dst.pos;
    if (!ZSTD_isError(rc)) {
      // 0: a frame (or skippable frame) is decoded and flushed; decoding stops at its end.
      s.stream_end = rc == 0;
      return s;
    }
    const ZSTD_ErrorCode code = ZSTD_getErrorCode(rc);
    s.fault = code == ZSTD_error_frameParameter_windowTooLarge ? DecodeFault::kMemoryLimit
              : code == ZSTD_error_memory_allocation           ? DecodeFault::kNoMemory
                                                               : DecodeFault::kCorrupt;
    s.detail = fmt::format("zstd: {}", ZSTD_getErrorName(rc));
    return s;
  }

 private:
  std::unique_ptr<ZSTD_DCtx, FreeDCtx> m_ctx;
};

struct BzDecompressEnd {
  void operator()(bz_stream* s) const { BZ2_bzDecompressEnd(s); }
};

class Bzip2Decoder final : public StreamDecoder {
 public:
  DecodeStep start() override {
    // libbz2 has no reset: end the finished stream and begin a new one.
    m_active.reset();
    m_stream = bz_stream{};
    const int rc = BZ2_bzDecompressInit(&m_stream, 0, 0);
    if (rc != BZ_OK) return fault_step(DecodeFault::kNoMemory, fmt::format("bzip2: error {}", rc));
    m_active.reset(&m_stream);
    return {};
  }

  DecodeStep decode(std::span<const std::byte> in, std::span<std::byte> out, bool) override {
    const unsigned in_size = clamp_uint(in.size());
    const unsigned out_size = clamp_uint(out.size());
    // libbz2's API is not const-correct; it never writes through next_in.
    m_stream.next_in = const_cast<char*>(reinterpret_cast<const char*>(in.data()));
    m_stream.avail_in = in_size;
    m_stream.next_out = reinterpret_cast<char*>(out.data());
    m_stream.avail_out = out_size;
    const int rc = BZ2_bzDecompress(&m_stream);
    DecodeStep s;
    s.consumed = in_size - m_stream.avail_in;
    s.produced = out_size - m_stream.avail_out;
    if (rc == BZ_STREAM_END) s.stream_end = true;
    if (rc == BZ_OK || rc == BZ_STREAM_END) return s;
    s.fault = rc == BZ_MEM_ERROR ? DecodeFault::kNoMemory : DecodeFault::kCorrupt;
    s.detail = rc == BZ_MEM_ERROR          ? "bzip2: cannot allocate memory"
               : rc == BZ_DATA_ERROR_MAGIC ? "bzip2: bad stream magic"
               : rc == BZ_DATA_ERROR       ? "bzip2: data integrity error"
                                           : fmt::format("bzip2: error {}", rc);
    return s;
  }

 private:
  bz_stream m_stream{};
  std::unique_ptr<bz_stream, BzDecompressEnd> m_active;  ///< set while m_stream is initialised
};

}  // namespace

std::unique_ptr<StreamDecoder> make_stream_decoder(Compression c) {
  switch (c) {
    case Compression::kGzip:
      return std::make_unique<GzipDecoder>();
    case Compression::kXz:
      return std::make_unique<XzDecoder>();
    case Compression::kZstd:
      return std::make_unique<ZstdDecoder>();
    case Compression::kBzip2:
      return std::make_unique<Bzip2Decoder>();
    case Compression::kNone:
      break;
  }
  return nullptr;
}

}  // namespace sw::writer::detail
