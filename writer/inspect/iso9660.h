#pragma once
/// ISO 9660 (ECMA-119) as the inspector needs it: the volume descriptors, the El Torito boot
/// catalog (El Torito spec 1.0 §2), Joliet, Rock Ridge and UDF presence, and a bounded walk of
/// the directory tree to find files by path.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "writer/inspect/image_bytes.h"

namespace sw::writer {

inline constexpr std::uint64_t kIsoSector = 2048;
/// Directory bytes read through one volume, in all: a hostile image can declare thousands of
/// directories that each point at one 4 MiB extent, so counting directories does not bound the
/// work. Real installers have a few MiB of directories (a Windows 11 ISO about 3 MiB).
inline constexpr std::uint64_t kMaxIsoDirBytes = 64ull << 20;

/// One El Torito boot entry (the default entry or a section entry).
struct ElToritoEntry {
  std::uint8_t platform_id = 0;  ///< 0 x86, 1 PowerPC, 2 Mac, 0xEF EFI
  bool bootable = false;
  std::uint8_t media = 0;  ///< 0 no emulation, 1-3 floppies, 4 hard disk
  std::uint32_t load_rba = 0;
  std::uint16_t sectors = 0;  ///< 512-byte sectors to load
};

/// A file found in the ISO tree.
struct IsoFile {
  std::string path;  ///< "/install.amd/vmlinuz", with the best names available (Joliet, RR)
  std::uint64_t offset = 0, size = 0;
  bool is_dir = false;
};

/// What the volume descriptors say.
struct IsoInfo {
  std::string volume_id;
  std::uint64_t volume_bytes = 0;  ///< from the primary descriptor's volume space size
  /// The primary descriptor's volume creation date (ECMA-119 §8.4.26), in seconds since
  /// 1970-01-01 UTC; none when unset.
  std::optional<std::int64_t> created;
  bool joliet = false, rock_ridge = false, udf = false;
  std::optional<std::uint32_t> boot_catalog_lba;
  std::vector<ElToritoEntry> el_torito;
  std::vector<std::string> problems;
  /// Set when the volume is larger than the image (the file was cut short): what `problems`
  /// says of it.
  std::optional<std::string> truncated;
  std::uint64_t root_lba = 0, root_bytes = 0;  ///< of the tree used for lookups
  bool root_is_joliet = false;
  /// Directory bytes read so far by list_iso_tree and find_iso_file (which take the volume as
  /// const: the budget is bookkeeping, not part of what the volume says). Once it reaches
  /// kMaxIsoDirBytes further directories read as empty.
  mutable std::uint64_t dir_bytes_read = 0;
  /// True once a directory was cut short or skipped because the budget was spent.
  bool dir_budget_spent() const { return dir_bytes_read >= kMaxIsoDirBytes; }
};

/// Reads the volume descriptor set at sector 16; none when the image holds no ISO 9660 volume
/// (and no UDF one).
std::optional<IsoInfo> read_iso9660(const ImageBytes& image);

/// Lists the tree, depth first, with at most `max_entries` entries and `max_depth` levels.
std::vector<IsoFile> list_iso_tree(const ImageBytes& image, const IsoInfo& iso,
                                   std::size_t max_entries, int max_depth);

/// The entries of one directory ("/" or "" for the root), found by path as find_iso_file finds
/// it; at most `max_entries`, none when it is not a directory.
std::vector<IsoFile> list_iso_dir(const ImageBytes& image, const IsoInfo& iso,
                                  std::string_view path, std::size_t max_entries);

/// Finds a file by path, comparing names without case and without ";1" versions.
std::optional<IsoFile> find_iso_file(const ImageBytes& image, const IsoInfo& iso,
                                     std::string_view path);

/// "x86", "efi", "ppc", "mac", or "0xNN".
std::string el_torito_platform_name(std::uint8_t id);
/// "none", "floppy-1.2M", "floppy-1.44M", "floppy-2.88M", "hard-disk".
std::string el_torito_media_name(std::uint8_t media);

}  // namespace sw::writer
