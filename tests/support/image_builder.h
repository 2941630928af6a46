#pragma once
// Images synthesized in memory for the inspector's tests: fields at offsets, an MBR with EBRs,
// a GPT with correct CRC32s (UEFI 2.10 §5.2-5.3), and the headers of PE, bzImage and ELF
// executables. The ISO 9660 and FAT builders live in iso_builder.h and fat_builder.h.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "writer/inspect/image_bytes.h"

namespace sw::test {

using Bytes = std::vector<std::byte>;

/// Grows `b` with zeros to at least `size` bytes.
void grow(Bytes& b, std::size_t size);
/// Fields written at `at`, growing `b` as needed: little-endian unless named otherwise.
void put8(Bytes& b, std::size_t at, std::uint8_t v);
void put16(Bytes& b, std::size_t at, std::uint16_t v);
void put32(Bytes& b, std::size_t at, std::uint32_t v);
void put64(Bytes& b, std::size_t at, std::uint64_t v);
void put16_be(Bytes& b, std::size_t at, std::uint16_t v);
void put32_be(Bytes& b, std::size_t at, std::uint32_t v);
/// ECMA-119 §7.2.3 / §7.3.3: little-endian, then the same value big-endian.
void put_both16(Bytes& b, std::size_t at, std::uint16_t v);
void put_both32(Bytes& b, std::size_t at, std::uint32_t v);
void put_text(Bytes& b, std::size_t at, std::string_view text);
void put_bytes(Bytes& b, std::size_t at, std::span<const std::byte> src);
/// The bytes of ASCII text.
Bytes ascii(std::string_view text);
/// Deterministic pseudo-random bytes.
Bytes random_bytes(std::size_t size, std::uint32_t seed);

inline constexpr std::size_t kSector = 512;

/// One entry of an MBR or EBR partition table; start and size in 512-byte sectors.
struct MbrEntry {
  std::uint8_t flag = 0;
  std::uint8_t type = 0;
  std::uint32_t start = 0, sectors = 0;
};

/// Writes the four-entry table and 0x55AA of the MBR or EBR at sector `lba`.
void put_partition_sector(Bytes& img, std::uint64_t lba, std::span<const MbrEntry> entries);
/// Fills sector 0's 440 bytes of boot code (with non-zero bytes) and sets the disk id.
void put_mbr_boot_code(Bytes& img, std::uint32_t disk_id);

/// A GUID's 16 on-disk bytes from its text (first three fields little-endian).
std::array<std::byte, 16> guid_bytes(std::string_view text);

inline constexpr std::string_view kEspTypeGuid = "c12a7328-f81f-11d2-ba4b-00a0c93ec93b";
inline constexpr std::string_view kLinuxTypeGuid = "0fc63daf-8483-4772-8e79-3d69d8477de4";

/// One GPT partition; first and last are inclusive LBAs.
struct GptPartition {
  std::string type_guid;
  std::string unique_guid = "01234567-89ab-cdef-0123-456789abcdef";
  std::uint64_t first = 0, last = 0;
  std::string name;
};

/// How the GPT header is written.
struct GptOptions {
  std::uint32_t entry_count = 128, entry_size = 128;
  std::optional<std::uint64_t> backup_lba;  ///< none: the image's last sector
  std::string disk_guid = "11223344-5566-7788-99aa-bbccddeeff00";
};

/// Writes a protective MBR, the GPT header at LBA 1 and its entry array at LBA 2 into `img`,
/// which should already have its final size; both CRC32s are correct.
void put_gpt(Bytes& img, std::span<const GptPartition> parts, const GptOptions& options = {});
/// Recomputes the header CRC32 after a test changed a header field.
void reseal_gpt_header(Bytes& img);

/// A PE image of `size` bytes: "MZ", e_lfanew 0x80, "PE\0\0" and the COFF machine field.
Bytes make_pe(std::uint16_t machine, std::size_t size = 1024);
/// A bzImage header (Documentation/arch/x86/boot.rst): boot flag, "HdrS", protocol version and
/// xloadflags.
Bytes make_bzimage(std::uint16_t protocol, std::uint16_t xloadflags, std::size_t size = 64 * 1024);
/// An ELF header of class 32 or 64 with e_machine.
Bytes make_elf(int bits, std::uint16_t machine, std::size_t size = 64 * 1024);

/// Bytes in memory that remember the largest single read, which is what read_vec allocates.
class RecordingImageBytes final : public writer::ImageBytes {
 public:
  explicit RecordingImageBytes(Bytes bytes) : m_inner(std::move(bytes)) {}
  std::uint64_t size() const override { return m_inner.size(); }
  std::uint64_t available() const override { return m_inner.available(); }
  Result<void> read_at(std::uint64_t offset, std::span<std::byte> buf) const override {
    m_largest = std::max(m_largest, buf.size());
    ++m_reads;
    return m_inner.read_at(offset, buf);
  }
  std::optional<platform::FsInfo> probe_fs(std::uint64_t, std::uint64_t) const override {
    return std::nullopt;
  }
  std::size_t largest_read() const { return m_largest; }
  std::size_t reads() const { return m_reads; }

 private:
  writer::MemoryImageBytes m_inner;
  mutable std::size_t m_largest = 0, m_reads = 0;
};

}  // namespace sw::test
