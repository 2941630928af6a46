#pragma once
/// The Windows installer stick as one stream of bytes (a Source): MBR, GRUB's core.img, the
/// FAT32 reserved sectors, both FATs, then every cluster in order, directories from memory and
/// files read from the ISO's UDF file system as they are needed. Written and read back like any
/// image; the same ISO and drive size always give the same bytes.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "platform/result.h"
#include "writer/inspect/image_bytes.h"
#include "writer/inspect/udf.h"
#include "writer/job.h"
#include "writer/progress.h"
#include "writer/source.h"
#include "writer/windows/grub_boot.h"
#include "writer/windows/stick_layout.h"

namespace sw::writer {

/// Where a Windows stick's efi/boot/bootx64.efi comes from.
enum class Bootx64Origin {
  kNone,  ///< there is none: the stick boots on legacy BIOS only
  kIso,   ///< the ISO's own efi/boot/bootx64.efi
  kWim,   ///< the UEFI boot manager taken out of a WIM with wimlib (WindowsStickInfo::bootx64_wim)
};

/// What a Windows stick will be, for the front ends.
struct WindowsStickInfo {
  std::uint64_t stream_bytes = 0;
  std::uint64_t partition_bytes = 0;
  std::uint64_t file_bytes = 0, file_count = 0, dir_count = 0;
  std::uint64_t cluster_bytes = 0;
  std::string label;
  /// Where efi/boot/bootx64.efi comes from.
  Bootx64Origin bootx64_from = Bootx64Origin::kNone;
  /// For Bootx64Origin::kWim, the UDF path of the WIM it is taken out of; empty otherwise.
  std::string bootx64_wim;
  /// The stick boots on UEFI x64 too: it has efi/boot/bootx64.efi.
  bool uefi() const { return bootx64_from != Bootx64Origin::kNone; }
  /// WIM files split into .swm parts: UDF path and number of parts (estimated before prepare()).
  std::vector<std::pair<std::string, std::size_t>> split;
  /// The figures above are final: prepare() had nothing to do or did it. False: an estimate
  /// (before the prepare phase, or when it failed).
  bool prepared = false;
};

/// A Source generating the stick's bytes.
class WindowsStickSource : public Source {
 public:
  /// Plans the stick for `iso_path` on a target of `capacity_bytes` (0: a growable file).
  static Result<std::unique_ptr<WindowsStickSource>> open(const std::string& iso_path,
                                                          std::uint64_t capacity_bytes);
  virtual const WindowsStickInfo& info() const = 0;
  /// The FAT32 volume and the MBR are built for 512-byte sectors: on a drive with larger
  /// logical sectors the partition would not mount.
  std::optional<std::uint32_t> sector_bytes() const override { return fat32::kSectorBytes; }
  /// True when prepare() has work to do; until it is done, size() is an estimate and the
  /// stream cannot be read.
  virtual bool needs_prepare() const = 0;
  /// Splits WIM files too large for FAT32 and takes the UEFI boot manager out of install.wim
  /// where the ISO lacks one (wimlib parses the ISO's files: call it only once the ISO's hash
  /// is accepted), then lays the stick out again with the real sizes. Returns notes.
  virtual Result<std::vector<std::string>> prepare(const Clock& clock, const ProgressSink& sink,
                                                   CancelToken cancel) = 0;
};

/// Sets `job` to write `stick` instead of the image (job.source must be set first): its stream,
/// the mode, and its preparation once the image's hash is accepted, which first checks that
/// the stick reads the very file that was hashed.
void use_windows_stick(WriteJob& job, WindowsStickSource& stick);

}  // namespace sw::writer
