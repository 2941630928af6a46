#include "writer/inspect/udf_times.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace sw;
using namespace sw::writer;

namespace {

constexpr std::size_t kSector = 2048;
constexpr std::uint32_t kPartitionStart = 300;  // sectors

/// A hand-made UDF 1.02 volume (ECMA-167): anchor at 256, a volume descriptor sequence at 260
/// (partition, logical volume, terminator), and in the partition a file set descriptor, the
/// root directory (its identifiers embedded in its file entry) and its children.
class UdfImage {
 public:
  UdfImage() : m_img((kPartitionStart + 64) * kSector) {
    put_tag(256 * kSector, 2, 256);
    put32(256 * kSector + 16, 3 * kSector);  // main VDS: 3 sectors at 260
    put32(256 * kSector + 20, 260);
    put_tag(260 * kSector, 5, 260);  // partition descriptor
    put32(260 * kSector + 188, kPartitionStart);
    put_tag(261 * kSector, 6, 261);  // logical volume descriptor
    put32(261 * kSector + 212, kSector);
    put32(261 * kSector + 252, 0);  // the FSD at block 0
    put32(261 * kSector + 268, 1);
    m_img[261 * kSector + 440] = std::byte{1};
    put_tag(262 * kSector, 8, 262);
    put_tag(block(0), 256, 0);  // FSD; root ICB at block 1
    put32(block(0) + 400, kSector);
    put32(block(0) + 404, 1);
  }

  /// A file entry at `blk`: a directory with `fids` embedded, or a file.
  void entry(std::uint32_t blk, bool dir, int year, int month, int day, int hour,
             const std::vector<std::byte>& fids = {}, bool extended = false) {
    const std::size_t at = block(blk);
    put_tag(at, extended ? 266 : 261, blk);
    m_img[at + 16 + 11] = std::byte{static_cast<unsigned char>(dir ? 4 : 5)};
    put16(at + 16 + 18, 3);  // embedded data
    put32(at + 56, static_cast<std::uint32_t>(fids.size()));
    const std::size_t t = at + (extended ? 92 : 84);
    put16(t + 2, static_cast<std::uint16_t>(year));
    m_img[t + 4] = std::byte(month);
    m_img[t + 5] = std::byte(day);
    m_img[t + 6] = std::byte(hour);
    m_img[t + 7] = std::byte{30};
    m_img[t + 8] = std::byte{15};
    put32(at + (extended ? 212 : 172), static_cast<std::uint32_t>(fids.size()));
    std::copy(fids.begin(), fids.end(),
              m_img.begin() + static_cast<std::ptrdiff_t>(at + (extended ? 216 : 176)));
  }

  /// A file identifier descriptor naming block `blk`; `name` in Latin-1 (8) or UCS-2 (16).
  static void fid(std::vector<std::byte>& out, const std::u16string& name, std::uint32_t blk,
                  unsigned characteristics, unsigned comp = 8) {
    std::vector<std::byte> ident;
    if (!name.empty()) {
      ident.push_back(std::byte(comp));
      for (char16_t c : name) {
        if (comp == 16) ident.push_back(std::byte(c >> 8));
        ident.push_back(std::byte(c & 0xff));
      }
    }
    std::vector<std::byte> f((38 + ident.size() + 3) & ~std::size_t{3});
    f[0] = std::byte{257 & 0xff};
    f[1] = std::byte{257 >> 8};
    f[18] = std::byte(characteristics);
    f[19] = std::byte(ident.size());
    for (int i = 0; i < 4; ++i)
      f[24 + static_cast<std::size_t>(i)] = std::byte((blk >> (8 * i)) & 0xff);
    std::copy(ident.begin(), ident.end(), f.begin() + 38);
    out.insert(out.end(), f.begin(), f.end());
  }

  MemoryImageBytes bytes() const { return MemoryImageBytes(m_img); }
  std::vector<std::byte>& raw() { return m_img; }
  static std::size_t block(std::uint32_t b) { return (kPartitionStart + b) * kSector; }

 private:
  void put16(std::size_t at, std::uint16_t v) {
    m_img[at] = std::byte(v & 0xff);
    m_img[at + 1] = std::byte(v >> 8);
  }
  void put32(std::size_t at, std::uint32_t v) {
    put16(at, static_cast<std::uint16_t>(v & 0xffff));
    put16(at + 2, static_cast<std::uint16_t>(v >> 16));
  }
  void put_tag(std::size_t at, std::uint16_t id, std::uint32_t location) {
    put16(at, id);
    put32(at + 12, location);
  }
  std::vector<std::byte> m_img;
};

/// Root (block 1) with: parent entry, "bootmgr" (2), "sources" (3, holding "install.wim" at 4),
/// a deleted "old.txt" (5), and "Ünï" in UCS-2 (6, an extended file entry).
UdfImage sample() {
  UdfImage u;
  std::vector<std::byte> root, sources;
  UdfImage::fid(root, u"", 1, 0x0a);  // parent (of the root: itself)
  UdfImage::fid(root, u"bootmgr", 2, 0);
  UdfImage::fid(root, u"sources", 3, 0x02);
  UdfImage::fid(root, u"old.txt", 5, 0x04);
  UdfImage::fid(root, u"\u00dcn\u00ef", 6, 0, 16);
  UdfImage::fid(sources, u"", 1, 0x0a);
  UdfImage::fid(sources, u"install.wim", 4, 0);
  u.entry(1, true, 2009, 7, 14, 1, root);
  u.entry(2, false, 2009, 7, 14, 3);
  u.entry(3, true, 2010, 11, 20, 12, sources);
  u.entry(4, false, 2010, 11, 21, 5);
  u.entry(5, false, 1999, 1, 1, 0);
  u.entry(6, false, 2011, 4, 12, 23, {}, true);
  return u;
}

}  // namespace

TEST_CASE("udf times: every entry's modification time, by path, names in UTF-8") {
  const auto img = sample().bytes();
  auto t = read_udf_times(img, 1000);
  REQUIRE(t);
  // root, bootmgr, sources, install.wim, Ünï, and the deleted old.txt: libudfread lists deleted
  // entries too, and the names must match its listing
  CHECK(t->size() == 6);
  CHECK(t->at("") == UdfTime{2009, 7, 14, 1, 30, 15});
  CHECK(t->at("/bootmgr") == UdfTime{2009, 7, 14, 3, 30, 15});
  CHECK(t->at("/sources") == UdfTime{2010, 11, 20, 12, 30, 15});
  CHECK(t->at("/sources/install.wim") == UdfTime{2010, 11, 21, 5, 30, 15});
  CHECK(t->at("/\xc3\x9cn\xc3\xaf") == UdfTime{2011, 4, 12, 23, 30, 15});
  CHECK(t->at("/old.txt") == UdfTime{1999, 1, 1, 0, 30, 15});
}

TEST_CASE("udf times: a crafted volume cannot make the reader loop, fan out or allocate") {
  SUBCASE("one directory named by many identifiers is read once, then refused") {
    auto u = sample();
    std::vector<std::byte> root;
    for (int i = 0; i < 20; ++i)
      UdfImage::fid(root, u"d" + std::u16string(1, static_cast<char16_t>(u'a' + i)), 3, 0x02);
    u.entry(1, true, 2009, 7, 14, 1, root);
    const auto img = u.bytes();
    auto t = read_udf_times(img, 100000);
    REQUIRE_FALSE(t);
    CHECK(t.error().message.find("listed twice") != std::string::npos);
  }
  SUBCASE("an extent recorded as 1 GiB for a directory of 80 bytes reads 80 bytes") {
    auto u = sample();
    std::vector<std::byte> fids;
    UdfImage::fid(fids, u"", 1, 0x0a);
    UdfImage::fid(fids, u"x", 2, 0);
    // The root's data in block 10, through one short_ad that claims 0x3fffffff bytes.
    std::copy(fids.begin(), fids.end(), u.raw().begin() + UdfImage::block(10));
    u.entry(1, true, 2009, 7, 14, 1);
    auto& raw = u.raw();
    const std::size_t fe = UdfImage::block(1);
    raw[fe + 16 + 18] = std::byte{0};  // short_ad
    raw[fe + 56] = std::byte(fids.size());
    raw[fe + 172] = std::byte{8};  // one short_ad
    for (int i = 0; i < 4; ++i) raw[fe + 176 + static_cast<std::size_t>(i)] = std::byte{0xff};
    raw[fe + 176 + 3] = std::byte{0x3f};
    raw[fe + 180] = std::byte{10};
    const auto img = u.bytes();
    auto t = read_udf_times(img, 100000);
    REQUIRE(t);
    CHECK(t->count("/x") == 1);
    // The same extent placed beyond the image's end is an error, not a read.
    raw[fe + 181] = std::byte{0x70};
    const auto far = u.bytes();
    CHECK_FALSE(read_udf_times(far, 100000));
  }
}

TEST_CASE("udf times: a damaged or unusual volume is an error, never a crash") {
  SUBCASE("no anchor") {
    auto u = sample();
    u.raw()[256 * kSector] = std::byte{0};
    const auto img = u.bytes();
    CHECK_FALSE(read_udf_times(img, 1000));
  }
  SUBCASE("a file entry missing") {
    auto u = sample();
    u.raw()[UdfImage::block(4)] = std::byte{0};
    const auto img = u.bytes();
    auto t = read_udf_times(img, 1000);
    REQUIRE_FALSE(t);
    CHECK(t.error().message.find("/sources/install.wim") != std::string::npos);
  }
  SUBCASE("a directory identifier running past its data") {
    auto u = sample();
    u.raw()[UdfImage::block(1) + 176 + 40 + 19] = std::byte{200};  // bootmgr's L_FI
    const auto img = u.bytes();
    CHECK_FALSE(read_udf_times(img, 1000));
  }
  SUBCASE("too many entries") {
    const auto img = sample().bytes();
    CHECK_FALSE(read_udf_times(img, 3));
  }
  SUBCASE("a directory that contains itself is refused") {
    auto u = sample();
    std::vector<std::byte> loop;
    UdfImage::fid(loop, u"again", 3, 0x02);
    u.entry(3, true, 2010, 11, 20, 12, loop);
    const auto img = u.bytes();
    CHECK_FALSE(read_udf_times(img, 100000));
  }
}
