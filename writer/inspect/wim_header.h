#pragma once
/// The header of a WIM file (Windows Imaging, install.wim/install.esd), read without wimlib: the
/// inspector and Windows mode need to know, before the ISO's hash is checked, whether an
/// install image is a WIM and whether it could be split.

#include <cstddef>
#include <span>

namespace sw::writer::wim {

/// What a WIM file's header (its first 208 bytes) says, read without wimlib.
enum class HeaderKind { kNotWim, kSolid, kPlain };

/// Bytes of the WIM header.
inline constexpr std::size_t kHeaderBytes = 208;

/// The kind of WIM `head` starts: magic "MSWIM\0\0\0", and version 0xE00 for solid resources
/// (an .esd made by Microsoft's Media Creation Tool), which wimlib cannot split.
HeaderKind header_kind(std::span<const std::byte> head);

}  // namespace sw::writer::wim
