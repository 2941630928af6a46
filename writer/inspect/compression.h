#pragma once
/// The compression formats stickwright decompresses, as the inspector reports them and the
/// decompressing source (writer/compressed_source.h) reads them.

#include <string_view>

namespace sw::writer {

/// The compression formats stickwright decompresses.
enum class Compression { kNone, kGzip, kXz, kZstd, kBzip2 };

/// "none", "gzip", "xz", "zstd", "bzip2": the JSON id.
std::string_view compression_name(Compression c);

}  // namespace sw::writer
