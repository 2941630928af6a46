#include "support/image_builder.h"

#include <algorithm>
#include <stdexcept>

#include "writer/inspect/partition_table.h"

namespace sw::test {

void grow(Bytes& b, std::size_t size) {
  if (b.size() < size) b.resize(size);
}

void put8(Bytes& b, std::size_t at, std::uint8_t v) {
  grow(b, at + 1);
  b[at] = std::byte{v};
}

void put16(Bytes& b, std::size_t at, std::uint16_t v) {
  put8(b, at, static_cast<std::uint8_t>(v));
  put8(b, at + 1, static_cast<std::uint8_t>(v >> 8));
}

void put32(Bytes& b, std::size_t at, std::uint32_t v) {
  put16(b, at, static_cast<std::uint16_t>(v));
  put16(b, at + 2, static_cast<std::uint16_t>(v >> 16));
}

void put64(Bytes& b, std::size_t at, std::uint64_t v) {
  put32(b, at, static_cast<std::uint32_t>(v));
  put32(b, at + 4, static_cast<std::uint32_t>(v >> 32));
}

void put16_be(Bytes& b, std::size_t at, std::uint16_t v) {
  put8(b, at, static_cast<std::uint8_t>(v >> 8));
  put8(b, at + 1, static_cast<std::uint8_t>(v));
}

void put32_be(Bytes& b, std::size_t at, std::uint32_t v) {
  put16_be(b, at, static_cast<std::uint16_t>(v >> 16));
  put16_be(b, at + 2, static_cast<std::uint16_t>(v));
}

void put_both16(Bytes& b, std::size_t at, std::uint16_t v) {
  put16(b, at, v);
  put16_be(b, at + 2, v);
}

void put_both32(Bytes& b, std::size_t at, std::uint32_t v) {
  put32(b, at, v);
  put32_be(b, at + 4, v);
}

void put_text(Bytes& b, std::size_t at, std::string_view text) { put_bytes(b, at, ascii(text)); }

void put_bytes(Bytes& b, std::size_t at, std::span<const std::byte> src) {
  grow(b, at + src.size());
  std::copy(src.begin(), src.end(), b.begin() + static_cast<std::ptrdiff_t>(at));
}

Bytes ascii(std::string_view text) {
  Bytes out;
  for (char c : text) out.push_back(static_cast<std::byte>(c));
  return out;
}

Bytes random_bytes(std::size_t size, std::uint32_t seed) {
  Bytes out(size);
  std::uint32_t x = seed == 0 ? 0x9e3779b9u : seed;
  for (auto& b : out) {  // xorshift32
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b = static_cast<std::byte>(x >> 24);
  }
  return out;
}

void put_partition_sector(Bytes& img, std::uint64_t lba, std::span<const MbrEntry> entries) {
  const std::size_t base = static_cast<std::size_t>(lba * kSector);
  grow(img, base + kSector);
  for (std::size_t i = 0; i < entries.size() && i < 4; ++i) {
    const std::size_t e = base + 446 + i * 16;
    put8(img, e, entries[i].flag);
    put8(img, e + 4, entries[i].type);
    put32(img, e + 8, entries[i].start);
    put32(img, e + 12, entries[i].sectors);
  }
  put16(img, base + 510, 0xaa55);
}

void put_mbr_boot_code(Bytes& img, std::uint32_t disk_id) {
  grow(img, kSector);
  put8(img, 0, 0xeb);  // jmp short, then code: what a hybrid ISO's MBR starts with
  put8(img, 1, 0x63);
  put8(img, 2, 0x90);
  for (std::size_t i = 3; i < 440; ++i) put8(img, i, static_cast<std::uint8_t>(0x31 + i % 7));
  put32(img, 440, disk_id);
}

std::array<std::byte, 16> guid_bytes(std::string_view text) {
  std::string hex;
  for (char c : text) {
    if (c != '-') hex.push_back(c);
  }
  if (hex.size() != 32) throw std::invalid_argument("a GUID has 32 hex digits");
  std::array<std::uint8_t, 16> raw{};
  for (std::size_t i = 0; i < 16; ++i) {
    raw[i] = static_cast<std::uint8_t>(std::stoul(hex.substr(i * 2, 2), nullptr, 16));
  }
  // The first three fields are stored little-endian (UEFI 2.10 appendix A).
  static constexpr std::array<std::size_t, 16> kOrder{3, 2, 1,  0,  5,  4,  7,  6,
                                                      8, 9, 10, 11, 12, 13, 14, 15};
  std::array<std::byte, 16> out{};
  for (std::size_t i = 0; i < 16; ++i) out[i] = std::byte{raw[kOrder[i]]};
  return out;
}

void reseal_gpt_header(Bytes& img) {
  const std::size_t h = kSector;
  const std::uint32_t header_size = writer::le32(img, h + 12);
  put32(img, h + 16, 0);
  const auto crc = writer::crc32_of(std::span<const std::byte>(img).subspan(h, header_size));
  put32(img, h + 16, crc);
}

void put_gpt(Bytes& img, std::span<const GptPartition> parts, const GptOptions& options) {
  const std::uint64_t sectors = img.size() / kSector;
  const MbrEntry protective{0, 0xee, 1, static_cast<std::uint32_t>(sectors - 1)};
  put_partition_sector(img, 0, std::span(&protective, 1));

  const std::size_t array_at = 2 * kSector;
  const std::size_t array_bytes = std::size_t{options.entry_count} * options.entry_size;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::size_t e = array_at + i * options.entry_size;
    put_bytes(img, e, guid_bytes(parts[i].type_guid));
    put_bytes(img, e + 16, guid_bytes(parts[i].unique_guid));
    put64(img, e + 32, parts[i].first);
    put64(img, e + 40, parts[i].last);
    for (std::size_t c = 0; c < parts[i].name.size() && c < 36; ++c) {
      put16(img, e + 56 + c * 2, static_cast<std::uint8_t>(parts[i].name[c]));
    }
  }
  grow(img, array_at + array_bytes);
  const auto array_crc =
      writer::crc32_of(std::span<const std::byte>(img).subspan(array_at, array_bytes));

  const std::size_t h = kSector;
  put_text(img, h, "EFI PART");
  put32(img, h + 8, 0x00010000);
  put32(img, h + 12, 92);
  put64(img, h + 24, 1);
  put64(img, h + 32, options.backup_lba.value_or(sectors - 1));
  put64(img, h + 40, 34);
  put64(img, h + 48, sectors - 34);
  put_bytes(img, h + 56, guid_bytes(options.disk_guid));
  put64(img, h + 72, 2);
  put32(img, h + 80, options.entry_count);
  put32(img, h + 84, options.entry_size);
  put32(img, h + 88, array_crc);
  reseal_gpt_header(img);
}

Bytes make_pe(std::uint16_t machine, std::size_t size) {
  Bytes b(size);
  put_text(b, 0, "MZ");
  put32(b, 0x3c, 0x80);
  put_text(b, 0x80, std::string_view("PE\0\0", 4));
  put16(b, 0x84, machine);
  return b;
}

Bytes make_bzimage(std::uint16_t protocol, std::uint16_t xloadflags, std::size_t size) {
  Bytes b(size);
  put8(b, 0x1f1, 27);  // setup_sects
  put16(b, 0x1fe, 0xaa55);
  put_text(b, 0x202, "HdrS");
  put16(b, 0x206, protocol);
  put16(b, 0x236, xloadflags);
  return b;
}

Bytes make_elf(int bits, std::uint16_t machine, std::size_t size) {
  Bytes b(size);
  put_text(b, 0,
           "\x7f"
           "ELF");
  put8(b, 4, bits == 64 ? 2 : 1);  // EI_CLASS
  put8(b, 5, 1);                   // EI_DATA: little-endian
  put8(b, 6, 1);                   // EI_VERSION
  put16(b, 16, 2);                 // e_type: ET_EXEC
  put16(b, 18, machine);
  return b;
}

}  // namespace sw::test
