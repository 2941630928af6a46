#pragma once
/// The Windows installer stick as one stream of bytes (a Source): MBR, GRUB's core.img, the
/// FAT32 reserved sectors, both FATs, then every cluster in order, directories from memory and
/// files read from the ISO's UDF file system as they are needed. Written and read back like any
/// image; the same ISO and drive size always give the same bytes.

#include <memory>
#include <string>

#include "platform/result.h"
#include "writer/inspect/image_bytes.h"
#include "writer/inspect/udf.h"
#include "writer/source.h"
#include "writer/windows/grub_boot.h"
#include "writer/windows/stick_layout.h"

namespace sw::writer {

/// What a Windows stick will be, for the front ends.
struct WindowsStickInfo {
  std::uint64_t stream_bytes = 0;
  std::uint64_t partition_bytes = 0;
  std::uint64_t file_bytes = 0, file_count = 0, dir_count = 0;
  std::uint64_t cluster_bytes = 0;
  std::string label;
  bool uefi = false;  ///< the ISO has efi/boot/bootx64.efi, so the stick boots on UEFI x64 too
};

/// A Source generating the stick's bytes.
class WindowsStickSource : public Source {
 public:
  /// Plans the stick for `iso_path` on a target of `capacity_bytes` (0: a growable file).
  static Result<std::unique_ptr<WindowsStickSource>> open(const std::string& iso_path,
                                                          std::uint64_t capacity_bytes);
  virtual const WindowsStickInfo& info() const = 0;
};

}  // namespace sw::writer
