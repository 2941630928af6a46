#pragma once
/// The two things Windows mode asks of a WIM file, done with wimlib (libwim): splitting an
/// install image too large for FAT32 into .swm parts that Windows Setup reads as one, and taking
/// one file (the UEFI boot manager) out of an image. wimlib parses the WIM, so these run only on
/// an ISO whose hash was accepted.

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "platform/result.h"
#include "writer/inspect/wim_header.h"

namespace sw::writer::wim {

/// Called with the bytes done so far while wimlib works; returning false stops it.
using Progress = std::function<bool(std::uint64_t done)>;

/// Splits the WIM at `wim_path` into `dir/STEM.swm`, `dir/STEM2.swm`, ... of at most
/// `part_bytes` each (wimlib_split); returns the part paths in order. kInput when the WIM cannot
/// be read or split (a solid install.esd cannot), kInterrupted when `progress` said stop.
Result<std::vector<std::string>> split(const std::string& wim_path, const std::string& dir,
                                       const std::string& stem, std::uint64_t part_bytes,
                                       const Progress& progress);

/// Extracts the file `path_in_image` ("/Windows/Boot/EFI/bootmgfw.efi", matched without case)
/// of image `image` (1-based) into the empty directory `dir`, under its own name (as the image
/// spells it); returns its path.
Result<std::string> extract_file(const std::string& wim_path, int image,
                                 const std::string& path_in_image, const std::string& dir);

}  // namespace sw::writer::wim
