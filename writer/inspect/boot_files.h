#pragma once
/// Finding the files that decide how an image boots: EFI loaders in FAT file systems, Linux
/// kernels in the ISO tree, a Windows installer's bootmgr and install image in UDF or ISO 9660.

#include <optional>
#include <string>
#include <vector>

#include "writer/inspect/image_bytes.h"
#include "writer/inspect/inspect.h"

namespace sw::writer {

/// The removable-media EFI loaders (\EFI\BOOT\BOOT{X64,IA32,AA64}.EFI, UEFI spec §3.5.1.1) in a
/// FAT file system at `offset`; `where` prefixes each path ("partition 2").
std::vector<FoundExecutable> efi_loaders_at(const ImageBytes& image, std::uint64_t offset,
                                            const std::string& where);

/// Linux kernels (vmlinuz*, linux, bzImage, ...) in the ISO tree whose header tells their CPU.
std::vector<FoundExecutable> find_kernels(const ImageBytes& image, const IsoInfo& iso);

/// A Windows installer's markers in the UDF tree or, failing that, the ISO 9660 tree; none
/// when there is no bootmgr with a sources/install.{wim,esd,swm}. Sets `udf_volume_id` when the
/// image has a readable UDF volume.
std::optional<WindowsInfo> find_windows(const ImageBytes& image, const IsoInfo& iso,
                                        std::optional<std::string>& udf_volume_id);

}  // namespace sw::writer
