#include "writer/compressed_source.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <initializer_list>

#include "platform/fd.h"
#include "writer/recorded_size.h"
#include "writer/stream_decoder.h"

namespace sw::writer {
namespace {

/// Compressed bytes read from the file at once; the only buffer a pass allocates.
constexpr std::size_t kInputBufferBytes = 1024 * 1024;
/// Scratch space for finding out whether a stream goes on past the size it must have.
constexpr std::size_t kDrainBytes = 4096;

bool starts_with(std::span<const std::byte> head, std::initializer_list<unsigned> magic) {
  if (head.size() < magic.size()) return false;
  return std::equal(magic.begin(), magic.end(), head.begin(),
                    [](unsigned m, std::byte b) { return std::to_integer<unsigned>(b) == m; });
}

bool is_bzip2(std::span<const std::byte> head) {
  // "BZh", the block size '1'..'9', then a block (pi) or, for empty content, the end (sqrt pi).
  if (!starts_with(head, {'B', 'Z', 'h'}) || head.size() < 10) return false;
  const auto level = std::to_integer<unsigned>(head[3]);
  if (level < '1' || level > '9') return false;
  const auto rest = head.subspan(4);
  return starts_with(rest, {0x31, 0x41, 0x59, 0x26, 0x53, 0x59}) ||
         starts_with(rest, {0x17, 0x72, 0x45, 0x38, 0x50, 0x90});
}

Failure decode_failure(const std::string& path, Compression c, std::uint64_t offset,
                       const detail::DecodeStep& s) {
  const auto name = compression_name(c);
  switch (s.fault) {
    case detail::DecodeFault::kMemoryLimit:
      return fail(ErrorKind::kInput,
                  fmt::format("{}: the {} data at compressed byte {} needs more memory than "
                              "stickwright allows ({}); it was made with unusual settings: "
                              "decompress it with `{} -d` and write the image that gives",
                              path, name, offset, s.detail, name));
    case detail::DecodeFault::kNoMemory:
      return fail(ErrorKind::kInput,
                  fmt::format("{}: out of memory decompressing {} data at compressed byte {} "
                              "({}); close other programs and try again",
                              path, name, offset, s.detail));
    case detail::DecodeFault::kCorrupt:
    case detail::DecodeFault::kNone:
      break;
  }
  return fail(ErrorKind::kInput,
              fmt::format("{}: corrupt {} data near compressed byte {} ({}); the download is "
                          "damaged: download it again",
                          path, name, offset, s.detail));
}

/// The format of an opened image by its first bytes; only regular files are looked at.
Compression sniff_compression(const ImageFile& file) {
  if (!file.regular) return Compression::kNone;
  std::array<std::byte, kCompressionHeadBytes> head{};
  auto n = platform::pread_full(file.fd, head, 0, ErrorKind::kInput);
  if (!n) return Compression::kNone;  // the raw source then reports the read error
  return detect_compression(std::span(head).first(*n));
}

}  // namespace

Compression detect_compression(std::span<const std::byte> head) {
  if (starts_with(head, {0x1f, 0x8b, 0x08})) return Compression::kGzip;
  if (starts_with(head, {0xfd, '7', 'z', 'X', 'Z', 0x00})) return Compression::kXz;
  if (head.size() >= 4) {
    const std::uint64_t magic = detail::load_le(head, 4);
    if (magic == detail::kZstdFrameMagic || detail::is_zstd_skippable_magic(magic))
      return Compression::kZstd;
  }
  if (is_bzip2(head)) return Compression::kBzip2;
  return Compression::kNone;
}

bool size_origin_exact(SizeOrigin o) {
  return o == SizeOrigin::kXzIndex || o == SizeOrigin::kZstdFrameHeader ||
         o == SizeOrigin::kMeasured;
}

std::string_view size_origin_text(SizeOrigin o) {
  switch (o) {
    case SizeOrigin::kXzIndex:
      return "xz index";
    case SizeOrigin::kZstdFrameHeader:
      return "zstd frame header";
    case SizeOrigin::kGzipTrailer:
      return "gzip trailer";
    case SizeOrigin::kMeasured:
      return "measured";
    case SizeOrigin::kUnknown:
      break;
  }
  return "";
}

Result<std::unique_ptr<DecompressingSource>> DecompressingSource::open(const std::string& path,
                                                                       Compression compression) {
  auto file = open_image_file(path);
  if (!file) return file.failure();
  return from_file(std::move(*file), compression);
}

Result<std::unique_ptr<DecompressingSource>> DecompressingSource::from_file(
    ImageFile file, Compression compression) {
  const auto recorded = detail::recorded_size(file.fd, file.size, compression);
  auto source = std::make_unique<DecompressingSource>(std::move(file.fd), compression, file.size);
  if (recorded) source->set_recorded_size(recorded->bytes, recorded->origin);
  if (auto r = source->rewind(); !r) return r.failure();
  return source;
}

DecompressingSource::DecompressingSource(platform::Fd fd, Compression compression,
                                         std::uint64_t file_size)
    : m_fd(std::move(fd)),
      m_compression(compression),
      m_file_size(file_size),
      m_decoder(detail::make_stream_decoder(compression)),
      m_input(kInputBufferBytes) {}

DecompressingSource::~DecompressingSource() = default;

void DecompressingSource::set_file_tap(std::function<void(std::span<const std::byte>)> tap) {
  m_tap = std::move(tap);
}

void DecompressingSource::set_recorded_size(std::uint64_t bytes, SizeOrigin origin) {
  m_size = bytes;
  m_size_origin = origin;
  if (size_origin_exact(origin)) m_limit = bytes;
}

void DecompressingSource::set_measured_size(std::uint64_t bytes) {
  if (!size_known() || m_size != bytes) m_size_origin = SizeOrigin::kMeasured;
  m_size = bytes;
  m_limit = bytes;
  m_measured = true;
}

void DecompressingSource::drop_size_hint() {
  // Only a gzip trailer's size is a hint, and only until the content was counted.
  if (m_measured || m_size_origin != SizeOrigin::kGzipTrailer) return;
  m_size = 0;
  m_size_origin = SizeOrigin::kUnknown;
}

std::optional<platform::FileStamp> DecompressingSource::stamp() const {
  return current_stamp(m_fd);
}

Result<void> DecompressingSource::rewind() {
  if (!m_decoder) {
    return fail(ErrorKind::kInput, fmt::format("{} is not in a compressed format", path()));
  }
  m_in_pos = 0;
  m_in_end = 0;
  m_buffer_offset = 0;
  m_next_read = 0;
  m_input_ended = m_file_size == 0;
  m_file_bytes_read = 0;
  m_produced = 0;
  m_error.reset();
  m_state = State::kInStream;
  const auto s = m_decoder->start();
  if (s.fault != detail::DecodeFault::kNone) return decode_failure(path(), m_compression, 0, s);
  return ok();
}

Result<std::size_t> DecompressingSource::read(std::span<std::byte> buf) {
  if (m_error) return fail(*m_error);
  if (m_state == State::kDone || buf.empty()) return std::size_t{0};
  auto n = fill(buf);
  if (!n) {
    m_error = n.error();
    m_state = State::kFailed;
  }
  return n;
}

Result<std::size_t> DecompressingSource::fill(std::span<std::byte> buf) {
  std::size_t want = buf.size();
  if (m_limit) {
    want = static_cast<std::size_t>(
        std::min<std::uint64_t>(want, *m_limit - std::min(*m_limit, m_produced)));
  }
  std::size_t filled = 0;
  while (filled < want && m_state != State::kDone) {
    auto n = step(buf.subspan(filled, want - filled));
    if (!n) return n;
    filled += *n;
  }
  m_produced += filled;
  if (m_state != State::kDone && m_limit && m_produced >= *m_limit) {
    // The caller gets no more than the size; the stream must end exactly here.
    if (auto r = drain_after_limit(); !r) return r.failure();
  }
  if (m_state == State::kDone) {
    if (auto r = check_end(); !r) return r.failure();
  }
  return filled;
}

Result<std::size_t> DecompressingSource::step(std::span<std::byte> out) {
  if (m_state == State::kBetweenStreams) {
    if (auto r = begin_next_stream(); !r) return r.failure();
    return std::size_t{0};
  }
  if (m_in_pos == m_in_end) {
    if (auto r = fill_input(1); !r) return r.failure();
  }
  const auto in = std::span<const std::byte>(m_input).subspan(m_in_pos, m_in_end - m_in_pos);
  const auto s = m_decoder->decode(in, out, m_input_ended);
  m_in_pos += s.consumed;
  m_file_bytes_read = input_offset();
  if (s.fault != detail::DecodeFault::kNone)
    return decode_failure(path(), m_compression, input_offset(), s);
  if (s.stream_end) {
    m_state = State::kBetweenStreams;
    return s.produced;
  }
  if (s.consumed > 0 || s.produced > 0) return s.produced;
  // No progress with output room: at the end of the file the stream is cut short; with input
  // left, the decoder is stuck on it (never loop on it).
  if (in.empty()) {
    return fail(ErrorKind::kInput,
                fmt::format("{} ends at compressed byte {}, before the end of its {} stream: the "
                            "file is truncated; download it again",
                            path(), input_offset(), compression_name(m_compression)));
  }
  return fail(ErrorKind::kInput,
              fmt::format("{}: corrupt {} data near compressed byte {} (the decoder cannot go on); "
                          "the download is damaged: download it again",
                          path(), compression_name(m_compression), input_offset()));
}

Result<void> DecompressingSource::begin_next_stream() {
  // After a complete stream: zero bytes to the end of the file are padding (dd), the format's
  // magic starts a concatenated stream (gzip members, xz streams, zstd frames, pbzip2 streams),
  // anything else is an error. xz also allows Stream Padding, a multiple of four zero bytes,
  // between streams (xz spec section 2.2).
  std::uint64_t zeros = 0;
  for (;;) {
    if (m_in_pos == m_in_end) {
      if (auto r = fill_input(1); !r) return r;
      if (m_in_pos == m_in_end) {
        if (zeros > 0) drop_size_hint();
        m_state = State::kDone;
        return ok();
      }
    }
    const auto begin = m_input.begin() + static_cast<std::ptrdiff_t>(m_in_pos);
    const auto end = m_input.begin() + static_cast<std::ptrdiff_t>(m_in_end);
    const auto data = std::find_if(begin, end, [](std::byte b) { return b != std::byte{0}; });
    zeros += static_cast<std::uint64_t>(data - begin);
    m_in_pos += static_cast<std::size_t>(data - begin);
    m_file_bytes_read = input_offset();
    if (data != end) break;
  }
  if (auto r = fill_input(kCompressionHeadBytes); !r) return r;
  const auto head = std::span<const std::byte>(m_input).subspan(
      m_in_pos, std::min(kCompressionHeadBytes, m_in_end - m_in_pos));
  drop_size_hint();  // a gzip trailer is the image's size only if nothing follows the member
  const bool padding_ok = zeros == 0 || (m_compression == Compression::kXz && zeros % 4 == 0);
  if (!padding_ok || detect_compression(head) != m_compression) {
    const auto name = compression_name(m_compression);
    return fail(ErrorKind::kInput,
                fmt::format("{} has data after the end of its {} stream, at compressed byte {}, "
                            "that is neither another {} stream nor zero padding; the download "
                            "is damaged or is not a plain {} file: download it again",
                            path(), name, input_offset(), name, name));
  }
  const auto s = m_decoder->start();
  if (s.fault != detail::DecodeFault::kNone)
    return decode_failure(path(), m_compression, input_offset(), s);
  m_state = State::kInStream;
  return ok();
}

Result<void> DecompressingSource::fill_input(std::size_t min_bytes) {
  if (m_in_end - m_in_pos >= min_bytes || m_input_ended) return ok();
  // Keep the unconsumed bytes at the front and read the file into the rest of the buffer.
  std::copy(m_input.begin() + static_cast<std::ptrdiff_t>(m_in_pos),
            m_input.begin() + static_cast<std::ptrdiff_t>(m_in_end), m_input.begin());
  m_buffer_offset += m_in_pos;
  m_in_end -= m_in_pos;
  m_in_pos = 0;
  while (m_in_end < min_bytes && !m_input_ended) {
    const auto room = std::span(m_input).subspan(m_in_end).first(static_cast<std::size_t>(
        std::min<std::uint64_t>(m_input.size() - m_in_end, m_file_size - m_next_read)));
    auto n = platform::pread_full(m_fd, room, m_next_read, ErrorKind::kInput);
    if (!n) return n.failure();
    if (m_tap && *n > 0) m_tap(room.first(*n));
    m_in_end += *n;
    m_next_read += *n;
    // Never past the size the file had when opened; a file that shrank ends early, and the
    // decoder then finds its stream cut short.
    if (*n < room.size() || m_next_read >= m_file_size) m_input_ended = true;
  }
  return ok();
}

Result<void> DecompressingSource::drain_after_limit() {
  std::array<std::byte, kDrainBytes> scratch{};
  while (m_state != State::kDone) {
    auto n = step(scratch);
    if (!n) return n.failure();
    if (*n > 0) return size_mismatch(std::nullopt);
  }
  return ok();
}

Result<void> DecompressingSource::check_end() const {
  if (m_produced == 0) {
    return fail(ErrorKind::kInput,
                fmt::format("{} decompresses to no data at all (0 bytes); there is no image in "
                            "it: download it again",
                            path()));
  }
  if (!size_known() || m_produced == m_size) return ok();
  return size_mismatch(m_produced);
}

Failure DecompressingSource::size_mismatch(std::optional<std::uint64_t> produced) const {
  const std::string now = produced ? fmt::format("ends after {} bytes", *produced)
                                   : std::string("holds more than that");
  if (m_measured) {
    return fail(ErrorKind::kInput,
                fmt::format("{} decompressed to {} bytes in an earlier pass but now {}; the file "
                            "changed while being read: make sure nothing writes to it and try "
                            "again",
                            path(), m_size, now));
  }
  return fail(ErrorKind::kInput,
              fmt::format("{}: the {} records {} bytes of image but the data {}; the file is "
                          "damaged: download it again",
                          path(), size_origin_text(m_size_origin), m_size, now));
}

Result<std::unique_ptr<Source>> open_image(const std::string& path) {
  auto file = open_image_file(path);
  if (!file) return file.failure();
  const Compression c = sniff_compression(*file);
  if (c == Compression::kNone) return make_raw_source(std::move(*file));
  auto source = DecompressingSource::from_file(std::move(*file), c);
  if (!source) return source.failure();
  return std::unique_ptr<Source>(std::move(*source));
}

}  // namespace sw::writer
