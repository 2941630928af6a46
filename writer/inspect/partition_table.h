#pragma once
/// The partition table at the start of an image: MBR (with its boot code and extended
/// partitions) or GPT (UEFI spec 2.10 §5.2-5.3), read from the image's bytes.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "writer/inspect/image_bytes.h"

namespace sw::writer {

/// Which table the image starts with.
enum class TableType { kNone, kMbr, kGpt };

/// The master boot record in sector 0.
struct MbrInfo {
  bool boot_code = false;  ///< any non-zero byte in the 440 bytes of boot code
  std::uint32_t disk_id = 0;
  bool protective = false;  ///< holds a 0xEE entry: the image is GPT
};

/// The GPT header in LBA 1 and what its checksums and backup say.
struct GptInfo {
  bool header_crc_ok = false;
  bool entries_crc_ok = false;
  std::uint64_t backup_lba = 0;
  bool backup_ok = false;  ///< the backup header lies at the image's last sector
  std::string disk_guid;
};

/// One partition, from either table.
struct Partition {
  int number = 0;
  TableType scheme = TableType::kMbr;
  std::string type;  ///< "0xef" or a lower-case type GUID
  std::string type_name;
  std::uint64_t start = 0, size = 0;  ///< bytes
  bool active = false;
  std::string name;  ///< GPT partition name
  bool is_esp = false;
  /// A GPT protective or extended (container) MBR entry: it holds other partitions, not a file
  /// system of its own.
  bool is_container = false;
  std::string filesystem, label;  ///< libblkid's view, filled in by the inspector
};

/// The partition table, as far as it could be read.
struct PartitionTable {
  TableType type = TableType::kNone;
  std::optional<MbrInfo> mbr;  ///< set whenever sector 0 ends in 0x55AA and looks like an MBR
  std::optional<GptInfo> gpt;
  std::vector<Partition> partitions;
  std::vector<std::string> problems;  ///< damage found, in words
};

/// Reads the MBR and, if there is one, the GPT. Never fails: what cannot be read is a problem.
PartitionTable read_partition_table(const ImageBytes& image);

/// A GUID's text form from its 16 on-disk bytes (first three fields little-endian).
std::string guid_text(std::span<const std::byte> b, std::size_t at);

/// "EFI System", "Linux filesystem", ... for an MBR type byte or GPT type GUID; "" if unknown.
std::string partition_type_name(const std::string& type);

/// CRC-32 as UEFI and zlib compute it.
std::uint32_t crc32_of(std::span<const std::byte> bytes);

/// TableType as the JSON word: "none", "mbr", "gpt".
std::string_view table_type_name(TableType t);

}  // namespace sw::writer
