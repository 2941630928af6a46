#pragma once
/// Little-endian stores into byte buffers, for the on-disk structures of the FAT32 layer (every
/// multi-byte FAT field is little-endian, fatgen103 §3). Internal to writer/fat32.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace sw::writer::fat32::detail {

/// Stores `v` at `b[at]`, `b[at + 1]`.
inline void put_le16(std::span<std::byte> b, std::size_t at, std::uint16_t v) {
  b[at] = static_cast<std::byte>(v & 0xFF);
  b[at + 1] = static_cast<std::byte>(v >> 8);
}

/// Stores `v` at `b[at]` .. `b[at + 3]`.
inline void put_le32(std::span<std::byte> b, std::size_t at, std::uint32_t v) {
  put_le16(b, at, static_cast<std::uint16_t>(v & 0xFFFF));
  put_le16(b, at + 2, static_cast<std::uint16_t>(v >> 16));
}

/// Copies the characters of `text` to `b[at]` onwards.
inline void put_text(std::span<std::byte> b, std::size_t at, std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) b[at + i] = static_cast<std::byte>(text[i]);
}

}  // namespace sw::writer::fat32::detail
