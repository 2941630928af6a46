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

/// What a tree needs.
struct StickWork {
  std::vector<std::string> split_paths;  ///< sources/install.wim|esd over 4 GiB - 1 (UDF path)
  std::optional<std::string> efi_wim;    ///< the WIM to take bootx64.efi from, by UDF path
  bool empty() const { return split_paths.empty() && !efi_wim; }
};

/// Looks at the tree: whether sources/install.wim (or .esd) must be split, and whether to take
/// a UEFI boot manager out of it (an x64 installer, `setup_is_x64` from sources/setup.exe, with
/// efi/microsoft/boot but no loader in efi/boot).
StickWork find_stick_work(const StickNode& root, bool setup_is_x64);

/// The tree as it will look after the work, with sizes estimated (for the size check before
/// the hash pass): each split WIM as parts of kSwmPartBytes, bootx64.efi as 2 MiB.
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
  /// Removes one file now (to free its space early).
  void remove(const std::string& path);

 private:
  explicit TempFiles(std::string dir) : m_dir(std::move(dir)) {}
  std::string m_dir;
};

/// The tree after the work, its files in `temp`, and what to tell the user.
struct PreparedTree {
  StickNode root;
  std::unique_ptr<TempFiles> temp;
  std::vector<std::string> notes;
  std::vector<std::pair<std::string, std::size_t>> split;  ///< UDF path, parts
  bool efi_extracted = false;
};

/// Does the work on `root` (as read from `udf`): copies each WIM to a temporary file, splits
/// it or takes the boot manager out, and returns the tree with those files in it. A boot
/// manager that cannot be taken out is a note, not a failure (the stick still boots on BIOS).
Result<PreparedTree> prepare_stick_tree(StickNode root, const StickWork& work, const UdfVolume& udf,
                                        const Clock& clock, const ProgressSink& sink,
                                        CancelToken cancel);

}  // namespace sw::writer
