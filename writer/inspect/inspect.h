#pragma once
/// Boot-readiness inspection: what an image is and whether, written raw to a USB stick, it boots
/// on a legacy BIOS, on UEFI x64 or ia32, and which CPU it needs. Read from the image's bytes
/// alone, without mounting.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "platform/result.h"
#include "writer/inspect/compression.h"
#include "writer/inspect/executables.h"
#include "writer/inspect/image_bytes.h"
#include "writer/inspect/iso9660.h"
#include "writer/inspect/partition_table.h"
#include "writer/inspect/tamper_tell.h"
#include "writer/inspect/wim_xml.h"

namespace sw::writer {

/// What kind of image this is, which decides how it is written.
enum class ImageKind {
  kHybridIso,         ///< an ISO that boots from USB: write raw
  kDiskImage,         ///< a partitioned disk image: write raw
  kWindowsInstaller,  ///< bootmgr + sources/install.wim|esd: needs Windows mode, not raw
  kNonBootableIso,    ///< data-only, or El Torito for CDs only: does not boot from USB
  kUnknown,           ///< no partition table, no ISO 9660
};

/// "hybrid_iso", "disk_image", "windows_installer", "non_bootable_iso", "unknown".
std::string_view image_kind_id(ImageKind k);
/// "hybrid ISO (write raw)", ... as a person reads it.
std::string_view image_kind_text(ImageKind k);

/// An executable whose header told its CPU.
struct FoundExecutable {
  std::string path;
  Arch arch = Arch::kOther;
};

/// A Windows installer's markers.
struct WindowsInfo {
  bool bootmgr = false;
  std::string install;              ///< "/sources/install.wim" (or .esd, .swm)
  std::uint64_t install_bytes = 0;  ///< over 4 GiB - 1 it cannot live on FAT32 unsplit
  std::optional<Arch> arch;         ///< of sources/setup.exe; none if missing or not PE
  bool uefi = false;                ///< holds efi/boot/bootx64.efi
  /// Holds efi/microsoft/boot without efi/boot/bootx64.efi (Windows 7 x64): Windows mode takes
  /// the UEFI boot manager out of the install image.
  bool uefi_from_wim = false;
  /// The install image is an .esd with solid compression: over 4 GiB - 1 it cannot be split.
  bool install_solid = false;
  /// What a Microsoft release ISO never contains (writer/inspect/tamper_tells.h), with the
  /// evidence; empty when nothing was found, which does not prove the ISO genuine.
  std::vector<TamperTell> tamper_tells{};
  /// Findings shown but not counted as tells: edition selectors, unread image metadata.
  std::vector<TamperTell> tamper_notes{};
  /// The install image's images as its XML metadata says; empty when it could not be read.
  std::vector<wim::WimImage> wim_images{};
};

/// The architecture of a Windows installer in Windows' own words, the JSON id: "x86", "x64",
/// "arm64", "arm", "other", and "unknown" for none.
std::string_view windows_arch_name(std::optional<Arch> arch);

/// The least CPU an image needs.
enum class Cpu {
  kUnknown,  ///< nothing in the image tells
  kI386,     ///< any x86 PC: 32-bit code, which 64-bit PCs run too
  kX86_64,   ///< a 64-bit x86 PC
};

/// "unknown", "i386", "x86_64": the JSON id.
std::string_view cpu_name(Cpu c);

/// The verdict for a raw write to USB.
struct BootVerdict {
  bool bios = false, uefi_x64 = false, uefi_ia32 = false;
  Cpu cpu = Cpu::kUnknown;  ///< least CPU needed
};

/// Everything the inspector found.
struct Inspection {
  std::string image;
  Compression compression = Compression::kNone;
  std::optional<std::uint64_t> size;  ///< bytes as written; none when not known
  std::uint64_t inspected_bytes = 0;
  /// Only a first window of the image was inspected (a compressed image): a verdict that
  /// needed more is not certain.
  bool partial = false;
  ImageKind kind = ImageKind::kUnknown;
  PartitionTable table;
  std::optional<IsoInfo> iso;
  bool iso9660 = false;  ///< a primary volume descriptor exists (iso may be UDF only)
  bool udf = false;
  std::optional<std::string> udf_volume_id;
  BootVerdict boot;
  std::vector<FoundExecutable> kernels, efi_loaders;
  std::optional<WindowsInfo> windows;
  /// The image is shorter than its own ISO 9660 volume: a truncated download.
  std::optional<std::string> truncated;
  std::vector<std::string> reasons;
  /// Of `reasons`, those about booting by BIOS and by UEFI (not the CPU, not Windows mode):
  /// what a refusal to write a non-bootable image quotes.
  std::vector<std::string> boot_reasons;
};

/// Inspects the bytes of an image. Never fails: what cannot be read becomes a reason.
Inspection inspect_bytes(const ImageBytes& image);

}  // namespace sw::writer
