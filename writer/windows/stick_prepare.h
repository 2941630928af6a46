#pragma once
/// The work Windows mode does on an ISO's tree before the stick can be laid out, found from the
/// tree alone and done only once the ISO's hash is accepted (wimlib parses its WIM files):
/// - a WIM over FAT32's 4 GiB - 1 per file (install.wim of Windows 10/11) becomes .swm parts
///   that Windows Setup reads as one (install.swm, install2.swm, ...);
/// - an ISO with UEFI boot files but no efi/boot/bootx64.efi (Windows 7 x64) gets one: the
///   boot manager Windows/Boot/EFI/bootmgfw.efi from image 1 of sources/install.wim.
/// The new files live in a private temporary directory owned by the result.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "platform/result.h"
#include "writer/inspect/udf.h"
#include "writer/progress.h"
#include "writer/windows/stick_layout.h"

namespace sw::writer {

/// Split parts' size: below FAT32's limit with room to spare, the size Microsoft's own
/// documentation uses for DISM /Split-Image.
inline constexpr std::uint64_t kSwmPartBytes = 3800ull * 1024 * 1024;

/// What a tree needs. All of it is done to one file, the install image.
struct StickWork {
  std::string install;  ///< sources/install.wim (or .esd) by UDF path; empty when there is none
  std::uint64_t install_bytes = 0;
  bool split = false;         ///< it is over 4 GiB - 1: written as .swm parts
  bool boot_manager = false;  ///< efi/boot/bootx64.efi is taken out of it
  bool empty() const { return !split && !boot_manager; }
  /// Parts of kSwmPartBytes it makes (the real count may differ a little).
  std::size_t estimated_parts() const;
};

/// Looks at the tree: whether sources/install.wim (or .esd) must be split, and whether to take
/// a UEFI boot manager out of it (an x64 installer, `setup_is_x64` from sources/setup.exe, with
/// efi/microsoft/boot but no loader in efi/boot).
StickWork find_stick_work(const StickNode& root, bool setup_is_x64);

/// The tree as it will look after the work, with sizes estimated (for the size check before
/// the hash pass): the split WIM as parts of kSwmPartBytes, bootx64.efi as 2 MiB.
StickNode estimated_tree(const StickNode& root, const StickWork& work);

/// A private temporary directory (see platform::make_large_temp_dir), removed with everything
/// in it when this is destroyed.
class TempFiles {
 public:
  static Result<std::unique_ptr<TempFiles>> create(const std::string& prefix);
  ~TempFiles();
  TempFiles(const TempFiles&) = delete;
  TempFiles& operator=(const TempFiles&) = delete;
  const std::string& dir() const { return m_dir; }
  /// A new subdirectory, removed with the rest.
  Result<std::string> subdir(const std::string& name);

 private:
  explicit TempFiles(std::string dir) : m_dir(std::move(dir)) {}
  std::string m_dir;
};

/// The tree after the work, its files in `temp`, and what to tell the user.
struct PreparedTree {
  StickNode root;
  std::unique_ptr<TempFiles> temp;
  std::vector<std::string> notes;
  std::size_t split_parts = 0;  ///< .swm parts the install image became; 0: not split
  bool efi_extracted = false;
};

/// Does the work on `root` (as read from `udf`): copies the install image to a temporary file,
/// takes the boot manager out and/or splits it, and returns the tree with those files in it. A boot
/// manager that cannot be taken out is a note, not a failure (the stick still boots on BIOS).
Result<PreparedTree> prepare_stick_tree(StickNode root, const StickWork& work, const UdfVolume& udf,
                                        const Clock& clock, const ProgressSink& sink,
                                        CancelToken cancel);

}  // namespace sw::writer
