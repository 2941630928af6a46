#include "platform/fd.h"
#include "writer/inspect/image_bytes.h"

#include <fmt/format.h>

#include <algorithm>

namespace sw::writer {
namespace {

Failure beyond(std::uint64_t offset, std::size_t length, std::uint64_t available,
               std::uint64_t size) {
  if (available < size) {
    return fail(ErrorKind::kInput,
                fmt::format("bytes {}..{} lie beyond the first {} bytes the inspector holds",
                            offset, offset + length, available));
  }
  return fail(ErrorKind::kInput, fmt::format("bytes {}..{} lie beyond the end of the image ({} "
                                             "bytes)",
                                             offset, offset + length, size));
}

}  // namespace

Result<std::vector<std::byte>> ImageBytes::read_vec(std::uint64_t offset,
                                                    std::size_t length) const {
  std::vector<std::byte> out(length);
  if (auto r = read_at(offset, out); !r) return r.failure();
  return out;
}

bool ImageBytes::has(std::uint64_t offset, std::uint64_t length) const {
  return offset <= available() && length <= available() - offset;
}

FileImageBytes::FileImageBytes(platform::Fd fd, std::uint64_t size, std::uint64_t available,
                               bool size_exact)
    : m_fd(std::move(fd)),
      m_size(size),
      m_available(std::min(size, available)),
      m_size_exact(size_exact) {}

Result<void> FileImageBytes::read_at(std::uint64_t offset, std::span<std::byte> buf) const {
  if (!has(offset, buf.size())) return beyond(offset, buf.size(), m_available, m_size);
  auto n = platform::pread_full(m_fd, buf, offset, ErrorKind::kInput);
  if (!n) return n.failure();
  if (*n < buf.size()) {
    return fail(ErrorKind::kInput,
                fmt::format("{} ended at byte {} while being inspected", m_fd.path(), offset + *n));
  }
  return ok();
}

std::optional<platform::FsInfo> FileImageBytes::probe_fs(std::uint64_t offset,
                                                         std::uint64_t length) const {
  if (!has(offset, std::min<std::uint64_t>(length, 1))) return std::nullopt;
  return platform::probe_filesystem_at(m_fd, offset, std::min(length, m_available - offset));
}

Result<void> MemoryImageBytes::read_at(std::uint64_t offset, std::span<std::byte> buf) const {
  if (!has(offset, buf.size())) return beyond(offset, buf.size(), size(), size());
  std::copy_n(m_bytes.begin() + static_cast<std::ptrdiff_t>(offset), buf.size(), buf.begin());
  return ok();
}

std::uint8_t byte_at(std::span<const std::byte> b, std::size_t at) {
  return at < b.size() ? static_cast<std::uint8_t>(b[at]) : 0;
}

std::uint16_t le16(std::span<const std::byte> b, std::size_t at) {
  return static_cast<std::uint16_t>(byte_at(b, at) | byte_at(b, at + 1) << 8);
}

std::uint32_t le32(std::span<const std::byte> b, std::size_t at) {
  return le16(b, at) | static_cast<std::uint32_t>(le16(b, at + 2)) << 16;
}

std::uint64_t le64(std::span<const std::byte> b, std::size_t at) {
  return le32(b, at) | static_cast<std::uint64_t>(le32(b, at + 4)) << 32;
}

std::uint32_t be32(std::span<const std::byte> b, std::size_t at) {
  return static_cast<std::uint32_t>(byte_at(b, at)) << 24 |
         static_cast<std::uint32_t>(byte_at(b, at + 1)) << 16 |
         static_cast<std::uint32_t>(byte_at(b, at + 2)) << 8 | byte_at(b, at + 3);
}

bool bytes_equal(std::span<const std::byte> b, std::size_t at, std::string_view text) {
  if (at > b.size() || text.size() > b.size() - at) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (static_cast<char>(b[at + i]) != text[i]) return false;
  }
  return true;
}

std::vector<std::string_view> path_parts(std::string_view path) {
  std::vector<std::string_view> parts;
  std::size_t at = 0;
  while (at < path.size()) {
    const auto slash = std::min(path.find('/', at), path.size());
    if (slash > at) parts.push_back(path.substr(at, slash - at));
    at = slash + 1;
  }
  return parts;
}

std::string lower_ascii(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) {
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  }
  return out;
}

std::string field_text(std::span<const std::byte> b, std::size_t at, std::size_t length) {
  std::string out;
  for (std::size_t i = at; i < at + length && i < b.size(); ++i) {
    const auto c = static_cast<unsigned char>(b[i]);
    out.push_back(c >= 0x20 && c < 0x7f ? static_cast<char>(c) : ' ');
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace sw::writer
