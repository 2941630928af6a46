#include "support/iso_builder.h"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "writer/inspect/image_bytes.h"

namespace sw::test {
namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::uint32_t blocks_of(std::size_t bytes) {
  return static_cast<std::uint32_t>(std::max<std::size_t>(1, (bytes + kIsoBlock - 1) / kIsoBlock));
}

/// Type, "CD001" and version 1: the start of every ISO 9660 volume descriptor.
void put_descriptor_head(Bytes& img, std::uint32_t sector, std::uint8_t type) {
  const std::size_t d = std::size_t{sector} * kIsoBlock;
  grow(img, d + kIsoBlock);
  put8(img, d, type);
  put_text(img, d + 1, "CD001");
  put8(img, d + 6, 1);
}

/// The fields a primary and a supplementary descriptor share.
void put_volume_fields(Bytes& img, std::size_t d, std::uint32_t volume_sectors,
                       std::uint32_t root_lba, std::uint32_t root_bytes) {
  put_both32(img, d + 80, volume_sectors);
  put_both16(img, d + 120, 1);  // volume set size
  put_both16(img, d + 124, 1);  // volume sequence number
  put_both16(img, d + 128, static_cast<std::uint16_t>(kIsoBlock));
  const std::byte root_name{0};
  put_dir_record(img, d + 156, root_lba, root_bytes, true, std::span(&root_name, 1));
  put8(img, d + 881, 1);  // file structure version
}

}  // namespace

std::size_t put_dir_record(Bytes& b, std::size_t at, std::uint32_t lba, std::uint32_t size,
                           bool is_dir, std::span<const std::byte> name,
                           std::span<const std::byte> system_use) {
  const std::size_t pad = name.size() % 2 == 0 ? 1 : 0;
  std::size_t len = 33 + name.size() + pad + system_use.size();
  len += len % 2;
  if (len > 255) throw std::invalid_argument("a directory record is at most 255 bytes");
  grow(b, at + len);
  put8(b, at, static_cast<std::uint8_t>(len));
  put_both32(b, at + 2, lba);
  put_both32(b, at + 10, size);
  put8(b, at + 25, is_dir ? 0x02 : 0x00);
  put_both16(b, at + 28, 1);
  put8(b, at + 32, static_cast<std::uint8_t>(name.size()));
  put_bytes(b, at + 33, name);
  put_bytes(b, at + 33 + name.size() + pad, system_use);
  return len;
}

Bytes ucs2be(std::string_view text) {
  Bytes out;
  for (char c : text) {
    out.push_back(std::byte{0});
    out.push_back(static_cast<std::byte>(c));
  }
  return out;
}

Bytes susp_sp_rr() {
  Bytes out;
  put_text(out, 0, "SP");
  put8(out, 2, 7);
  put8(out, 3, 1);
  put8(out, 4, 0xbe);
  put8(out, 5, 0xef);
  put8(out, 6, 0);
  put_text(out, 7, "RR");
  put8(out, 9, 5);
  put8(out, 10, 1);
  put8(out, 11, 0x08);  // NM entries are present
  return out;
}

Bytes rrip_nm(std::string_view name) {
  Bytes out;
  put_text(out, 0, "NM");
  put8(out, 2, static_cast<std::uint8_t>(5 + name.size()));
  put8(out, 3, 1);
  put8(out, 4, 0);
  put_text(out, 5, name);
  return out;
}

void put_pvd(Bytes& img, std::uint32_t sector, std::string_view volume_id,
             std::uint32_t volume_sectors, std::uint32_t root_lba, std::uint32_t root_bytes) {
  put_descriptor_head(img, sector, 1);
  const std::size_t d = std::size_t{sector} * kIsoBlock;
  put_text(img, d + 8, std::string(32, ' '));
  std::string id(volume_id);
  id.resize(32, ' ');
  put_text(img, d + 40, id);
  put_volume_fields(img, d, volume_sectors, root_lba, root_bytes);
}

void put_joliet_svd(Bytes& img, std::uint32_t sector, std::uint32_t volume_sectors,
                    std::uint32_t root_lba, std::uint32_t root_bytes) {
  put_descriptor_head(img, sector, 2);
  const std::size_t d = std::size_t{sector} * kIsoBlock;
  put_bytes(img, d + 40, ucs2be("JOLIET"));
  put_text(img, d + 88, "%/E");
  put_volume_fields(img, d, volume_sectors, root_lba, root_bytes);
}

void put_boot_record(Bytes& img, std::uint32_t sector, std::uint32_t catalog_lba) {
  put_descriptor_head(img, sector, 0);
  const std::size_t d = std::size_t{sector} * kIsoBlock;
  put_text(img, d + 7, "EL TORITO SPECIFICATION");
  put32(img, d + 0x47, catalog_lba);
}

void put_terminator(Bytes& img, std::uint32_t sector) { put_descriptor_head(img, sector, 255); }

void put_vrs(Bytes& img, std::uint32_t sector, std::string_view id) {
  const std::size_t d = std::size_t{sector} * kIsoBlock;
  grow(img, d + kIsoBlock);
  put8(img, d, 0);
  put_text(img, d + 1, id);
  put8(img, d + 6, 1);
}

void put_boot_catalog(Bytes& img, std::uint32_t lba, std::uint8_t platform,
                      const BootEntry& default_entry, const std::vector<BootSection>& sections,
                      bool break_checksum) {
  const std::size_t c = std::size_t{lba} * kIsoBlock;
  grow(img, c + kIsoBlock);
  put8(img, c, 0x01);
  put8(img, c + 1, platform);
  put_text(img, c + 4, "STICKWRIGHT TEST");
  put8(img, c + 30, 0x55);
  put8(img, c + 31, 0xaa);
  std::uint16_t sum = 0;
  for (std::size_t i = 0; i < 32; i += 2)
    sum = static_cast<std::uint16_t>(sum + writer::le16(img, c + i));
  put16(img, c + 28, static_cast<std::uint16_t>(0x10000 - sum + (break_checksum ? 1 : 0)));

  auto put_entry = [&](std::size_t at, const BootEntry& e) {
    put8(img, at, e.bootable ? 0x88 : 0x00);
    put8(img, at + 1, static_cast<std::uint8_t>(e.media | (e.extension_follows ? 0x20 : 0)));
    put16(img, at + 6, e.sectors);
    put32(img, at + 8, e.load_rba);
    if (!e.extension_follows) return at + 32;
    put8(img, at + 32, 0x44);  // extension entry: selection criteria, the last one
    return at + 64;
  };
  std::size_t at = put_entry(c + 32, default_entry);
  for (std::size_t s = 0; s < sections.size(); ++s) {
    put8(img, at, static_cast<std::uint8_t>(s + 1 == sections.size() ? 0x91 : 0x90));
    put8(img, at + 1, sections[s].platform);
    put16(img, at + 2, static_cast<std::uint16_t>(sections[s].entries.size()));
    at += 32;
    for (const auto& e : sections[s].entries) at = put_entry(at, e);
  }
}

IsoBuilder::IsoBuilder(std::string volume_id) : m_volume_id(std::move(volume_id)) {
  m_nodes.push_back(Node{"", true, {}, {}, 0, 0, 0});
}

IsoBuilder& IsoBuilder::joliet() {
  m_joliet = true;
  return *this;
}

IsoBuilder& IsoBuilder::rock_ridge() {
  m_rock_ridge = true;
  return *this;
}

IsoBuilder& IsoBuilder::boot(std::uint8_t platform, BootEntry default_entry,
                             std::vector<BootSection> sections) {
  m_boot = true;
  m_platform = platform;
  m_default = std::move(default_entry);
  m_sections = std::move(sections);
  return *this;
}

IsoBuilder& IsoBuilder::catalog_last() {
  m_catalog_last = true;
  return *this;
}

IsoBuilder& IsoBuilder::dir(std::string_view path) {
  node(path, true);
  return *this;
}

IsoBuilder& IsoBuilder::file(std::string_view path, Bytes data) {
  m_nodes[node(path, false)].data = std::move(data);
  return *this;
}

std::size_t IsoBuilder::node(std::string_view path, bool is_dir) {
  std::size_t at = 0;
  const auto parts = writer::path_parts(path);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const bool last = i + 1 == parts.size();
    const auto& kids = m_nodes[at].children;
    const auto it = std::find_if(kids.begin(), kids.end(),
                                 [&](std::size_t k) { return m_nodes[k].name == parts[i]; });
    if (it != kids.end()) {
      at = *it;
      continue;
    }
    m_nodes.push_back(Node{std::string(parts[i]), last ? is_dir : true, {}, {}, at, 0, 0});
    m_nodes[at].children.push_back(m_nodes.size() - 1);
    at = m_nodes.size() - 1;
  }
  return at;
}

std::string IsoBuilder::path_of(std::size_t n) const {
  if (n == 0) return "/";
  std::string out;
  for (; n != 0; n = m_nodes[n].parent) out = fmt::format("/{}{}", m_nodes[n].name, out);
  return out;
}

void IsoBuilder::write_dir(Bytes& img, std::size_t n, bool joliet_tree) const {
  // The two trees have their own directories but share the files' extents.
  const auto lba_in_tree = [&](const Node& x) {
    return joliet_tree && x.is_dir ? x.joliet_lba : x.lba;
  };
  const Node& d = m_nodes[n];
  const std::size_t base = std::size_t{lba_in_tree(d)} * kIsoBlock;
  const std::byte dot{0}, dotdot{1};
  const Bytes root_su = m_rock_ridge && !joliet_tree && n == 0 ? susp_sp_rr() : Bytes{};
  std::size_t at = base;
  at += put_dir_record(img, at, lba_in_tree(d), kIsoBlock, true, std::span(&dot, 1), root_su);
  at += put_dir_record(img, at, lba_in_tree(m_nodes[d.parent]), kIsoBlock, true,
                       std::span(&dotdot, 1));
  std::vector<std::size_t> kids = d.children;
  std::sort(kids.begin(), kids.end(),
            [&](std::size_t a, std::size_t b) { return m_nodes[a].name < m_nodes[b].name; });
  for (std::size_t k : kids) {
    const Node& c = m_nodes[k];
    const std::string suffix = c.is_dir ? "" : ";1";
    const Bytes name = joliet_tree ? ucs2be(c.name + suffix) : ascii(upper(c.name) + suffix);
    const Bytes su = m_rock_ridge && !joliet_tree ? rrip_nm(c.name) : Bytes{};
    const auto size = c.is_dir ? kIsoBlock : c.data.size();
    at += put_dir_record(img, at, lba_in_tree(c), static_cast<std::uint32_t>(size), c.is_dir, name,
                         su);
    if (at > base + kIsoBlock) throw std::length_error("IsoBuilder: one sector per directory");
  }
}

Bytes IsoBuilder::build() {
  std::uint32_t next = 16;
  const std::uint32_t pvd = next++;
  const std::uint32_t boot_record = m_boot ? next++ : 0;
  const std::uint32_t svd = m_joliet ? next++ : 0;
  const std::uint32_t terminator = next++;
  std::uint32_t catalog = m_boot && !m_catalog_last ? next++ : 0;
  for (auto& n : m_nodes) {
    if (n.is_dir) n.lba = next++;
  }
  for (auto& n : m_nodes) {
    if (n.is_dir && m_joliet) n.joliet_lba = next++;
  }
  for (auto& n : m_nodes) {
    if (n.is_dir) continue;
    n.lba = next;
    next += blocks_of(n.data.size());
  }
  if (m_boot && m_catalog_last) catalog = next++;
  const std::uint32_t total = next;

  m_lba.clear();
  for (std::size_t i = 0; i < m_nodes.size(); ++i) m_lba[path_of(i)] = m_nodes[i].lba;

  Bytes img(std::size_t{total} * kIsoBlock);
  put_pvd(img, pvd, m_volume_id, total, m_nodes[0].lba, kIsoBlock);
  if (m_joliet) put_joliet_svd(img, svd, total, m_nodes[0].joliet_lba, kIsoBlock);
  if (m_boot) put_boot_record(img, boot_record, catalog);
  put_terminator(img, terminator);
  for (std::size_t i = 0; i < m_nodes.size(); ++i) {
    if (!m_nodes[i].is_dir) {
      put_bytes(img, std::size_t{m_nodes[i].lba} * kIsoBlock, m_nodes[i].data);
      continue;
    }
    write_dir(img, i, false);
    if (m_joliet) write_dir(img, i, true);
  }
  if (m_boot) {
    auto resolve = [&](BootEntry e) {
      if (e.load_path.empty()) return e;
      e.load_rba = lba_of(e.load_path);
      const auto it = std::find_if(m_nodes.begin(), m_nodes.end(),
                                   [&](const Node& n) { return !n.is_dir && n.lba == e.load_rba; });
      e.sectors = static_cast<std::uint16_t>((it->data.size() + 511) / 512);
      return e;
    };
    std::vector<BootSection> sections = m_sections;
    for (auto& s : sections) {
      for (auto& e : s.entries) e = resolve(e);
    }
    put_boot_catalog(img, catalog, m_platform, resolve(m_default), sections);
  }
  return img;
}

std::uint32_t IsoBuilder::lba_of(std::string_view path) const {
  const std::string key = path.starts_with('/') ? std::string(path) : fmt::format("/{}", path);
  const auto it = m_lba.find(key);
  if (it == m_lba.end()) throw std::out_of_range(fmt::format("IsoBuilder: no such path {}", key));
  return it->second;
}

}  // namespace sw::test
