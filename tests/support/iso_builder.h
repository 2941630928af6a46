#pragma once
// ISO 9660 images synthesized in memory (ECMA-119): volume descriptors, directory records with
// or without Rock Ridge NM entries (RRIP 1.12), a Joliet tree, an El Torito boot catalog
// (El Torito 1.0) and a UDF volume recognition sequence (ECMA-167 2/9.1).

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "support/image_builder.h"

namespace sw::test {

inline constexpr std::size_t kIsoBlock = 2048;

/// One directory record (ECMA-119 §9.1) at byte `at`; returns its length.
std::size_t put_dir_record(Bytes& b, std::size_t at, std::uint32_t lba, std::uint32_t size,
                           bool is_dir, std::span<const std::byte> name,
                           std::span<const std::byte> system_use = {});
/// A name in UCS-2 big-endian, as Joliet stores it.
Bytes ucs2be(std::string_view text);
/// SUSP "SP" and RRIP "RR" entries, as on the root's "." record of a Rock Ridge volume.
Bytes susp_sp_rr();
/// An RRIP "NM" entry holding `name`.
Bytes rrip_nm(std::string_view name);

/// The primary volume descriptor at `sector`, with the root directory's extent.
void put_pvd(Bytes& img, std::uint32_t sector, std::string_view volume_id,
             std::uint32_t volume_sectors, std::uint32_t root_lba, std::uint32_t root_bytes);
/// A Joliet supplementary volume descriptor (escape sequence "%/E", UCS-2 level 3).
void put_joliet_svd(Bytes& img, std::uint32_t sector, std::uint32_t volume_sectors,
                    std::uint32_t root_lba, std::uint32_t root_bytes);
/// The El Torito boot record volume descriptor pointing at the boot catalog.
void put_boot_record(Bytes& img, std::uint32_t sector, std::uint32_t catalog_lba);
/// The volume descriptor set terminator.
void put_terminator(Bytes& img, std::uint32_t sector);
/// A volume structure descriptor of the UDF recognition sequence ("BEA01", "NSR02", "TEA01").
void put_vrs(Bytes& img, std::uint32_t sector, std::string_view id);

/// One El Torito boot entry.
struct BootEntry {
  bool bootable = true;
  std::uint8_t media = 0;  ///< 0 no emulation
  std::uint32_t load_rba = 0;
  std::uint16_t sectors = 4;
  bool extension_follows = false;  ///< writes a 0x44 extension entry after this one
  std::string load_path;           ///< IsoBuilder: load_rba and sectors from this file
};

/// A section of further boot entries for one platform (0xEF for EFI).
struct BootSection {
  std::uint8_t platform = 0xef;
  std::vector<BootEntry> entries;
};

/// The boot catalog at `lba`: validation entry (for `platform`), default entry, then each
/// section behind a 0x90 header, the last behind 0x91.
void put_boot_catalog(Bytes& img, std::uint32_t lba, std::uint8_t platform,
                      const BootEntry& default_entry, const std::vector<BootSection>& sections,
                      bool break_checksum = false);

/// An ISO 9660 image built from paths. ISO names are the upper-cased names (files with ";1");
/// Rock Ridge NM entries and the Joliet tree carry the names as given.
class IsoBuilder {
 public:
  explicit IsoBuilder(std::string volume_id = "TEST_VOLUME");

  IsoBuilder& joliet();
  IsoBuilder& rock_ridge();
  /// An El Torito catalog with a default entry for `platform` and further sections.
  IsoBuilder& boot(std::uint8_t platform, BootEntry default_entry,
                   std::vector<BootSection> sections = {});
  /// Puts the boot catalog in the image's last sector instead of after the descriptors.
  IsoBuilder& catalog_last();
  IsoBuilder& dir(std::string_view path);
  IsoBuilder& file(std::string_view path, Bytes data);

  /// The image: 16 zero sectors, the descriptors, the catalog, the directories, the files.
  Bytes build();
  /// After build(): the first sector of a file or directory's extent.
  std::uint32_t lba_of(std::string_view path) const;

 private:
  struct Node {
    std::string name;
    bool is_dir = false;
    Bytes data;
    std::vector<std::size_t> children;
    std::size_t parent = 0;
    std::uint32_t lba = 0, joliet_lba = 0;
  };
  std::size_t node(std::string_view path, bool is_dir);
  std::string path_of(std::size_t n) const;
  void write_dir(Bytes& img, std::size_t n, bool joliet_tree) const;

  std::string m_volume_id;
  bool m_joliet = false, m_rock_ridge = false, m_boot = false, m_catalog_last = false;
  std::uint8_t m_platform = 0;
  BootEntry m_default;
  std::vector<BootSection> m_sections;
  std::vector<Node> m_nodes;
  std::map<std::string, std::uint32_t> m_lba;
};

}  // namespace sw::test
