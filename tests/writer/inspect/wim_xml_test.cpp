#include "writer/inspect/wim_xml.h"

#include <doctest/doctest.h>
#include <wimlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "support/in_memory.h"
#include "support/temp_dir.h"
#include "support/utf16.h"
#include "writer/inspect/wim_header.h"

using namespace sw;
using namespace sw::writer;

namespace {

using test::utf16le;

/// A WIM header whose XML resource header says `size` bytes at `offset`, with `flags`.
std::vector<std::byte> header(std::uint64_t offset, std::uint64_t size, std::uint8_t flags = 0) {
  std::vector<std::byte> h(wim::kHeaderBytes);
  const char magic[] = "MSWIM\0\0";
  for (int i = 0; i < 8; ++i) h[static_cast<std::size_t>(i)] = static_cast<std::byte>(magic[i]);
  h[12] = std::byte{0x00};
  h[13] = std::byte{0x0d};
  h[14] = std::byte{0x01};
  for (int i = 0; i < 7; ++i) h[72 + i] = static_cast<std::byte>(size >> (8 * i));
  h[79] = static_cast<std::byte>(flags);
  for (int i = 0; i < 8; ++i) h[80 + i] = static_cast<std::byte>(offset >> (8 * i));
  return h;
}

constexpr std::string_view kXml =
    "<WIM><TOTALBYTES>1</TOTALBYTES>"
    "<IMAGE INDEX=\"2\"><NAME>Windows 10 Pro N</NAME><FLAGS>ProfessionalN</FLAGS></IMAGE>"
    "<IMAGE INDEX=\"1\"><NAME>Windows 10 Pro</NAME><DESCRIPTION>Windows 10 Pro</DESCRIPTION>"
    "<CREATIONTIME><HIGHPART>0x01D69E7B</HIGHPART><LOWPART>0x6A5C3E00</LOWPART></CREATIONTIME>"
    "<LASTMODIFICATIONTIME><HIGHPART>0x01D69E7E</HIGHPART><LOWPART>0x7B8C1A00</LOWPART>"
    "</LASTMODIFICATIONTIME><WINDOWS><EDITIONID>Professional</EDITIONID>"
    "<LANGUAGES><LANGUAGE>en-US</LANGUAGE><LANGUAGE>de-DE</LANGUAGE></LANGUAGES>"
    "<VERSION><MAJOR>10</MAJOR><MINOR>0</MINOR><BUILD>19041</BUILD><SPBUILD>572</SPBUILD>"
    "<SPLEVEL>0</SPLEVEL></VERSION></WINDOWS></IMAGE></WIM>";

std::vector<std::byte> file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> c((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto* p = reinterpret_cast<const std::byte*>(c.data());
  return {p, p + c.size()};
}

}  // namespace

TEST_CASE("wim xml: images from UTF-16LE XML, sorted by index, edition from FLAGS if need be") {
  auto images = wim::parse_xml(utf16le(kXml));
  REQUIRE(images);
  REQUIRE(images->size() == 2);
  const auto& pro = (*images)[0];
  CHECK(pro.index == 1);
  CHECK(pro.name == "Windows 10 Pro");
  CHECK(pro.description == "Windows 10 Pro");
  CHECK(pro.edition == "Professional");
  CHECK(wim::version_text(pro) == "10.0.19041.572");
  CHECK(pro.sp_level == 0u);
  CHECK(pro.languages == std::vector<std::string>{"en-US", "de-DE"});
  // FILETIME 0x01D69E7B6A5C3E00 = 2020-10-09 (as wimlib-imagex info shows such times).
  REQUIRE(pro.created);
  CHECK(*pro.created == wim::filetime_to_unix(0x01D69E7B6A5C3E00ull));
  CHECK(*pro.created / 86400 == 18544);  // days from 1970-01-01 to 2020-10-09
  REQUIRE(pro.modified);
  CHECK(*pro.modified > *pro.created);
  const auto& n = (*images)[1];
  CHECK(n.edition == "ProfessionalN");
  CHECK(wim::version_text(n).empty());
  CHECK_FALSE(n.created);
}

TEST_CASE("wim xml: what is not WIM XML is an error") {
  CHECK_FALSE(wim::parse_xml(utf16le("<WIM><IMAGE>")));
  CHECK_FALSE(wim::parse_xml(utf16le("<NOTWIM/>")));
  CHECK_FALSE(wim::parse_xml({}));
  // Bad times and versions are left out, not guessed.
  auto odd = wim::parse_xml(utf16le(
      "<WIM><IMAGE INDEX=\"1\"><CREATIONTIME><HIGHPART>0xZZ</HIGHPART><LOWPART>1</LOWPART>"
      "</CREATIONTIME><WINDOWS><VERSION><MAJOR>x</MAJOR></VERSION></WINDOWS></IMAGE></WIM>"));
  REQUIRE(odd);
  CHECK_FALSE((*odd)[0].created);
  CHECK_FALSE((*odd)[0].major);
}

TEST_CASE("wim xml: the XML resource's place is checked against the file") {
  auto ok = wim::xml_resource(header(1000, 500), 1500);
  REQUIRE(ok);
  CHECK(ok->offset == 1000);
  CHECK(ok->size == 500);
  CHECK_FALSE(wim::xml_resource(header(1000, 501), 1500));
  CHECK_FALSE(wim::xml_resource(header(~0ull, 10), 1500));
  CHECK_FALSE(wim::xml_resource(header(1000, 0), 1500));
  CHECK_FALSE(wim::xml_resource(header(0, wim::kMaxXmlBytes + 1), 1ull << 40));
  auto compressed = wim::xml_resource(header(1000, 500, 0x04), 1500);
  REQUIRE_FALSE(compressed);
  CHECK(compressed.error().message.find("compressed") != std::string::npos);
  auto not_wim = header(1000, 500);
  not_wim[0] = std::byte{'X'};
  CHECK_FALSE(wim::xml_resource(not_wim, 1500));
}

TEST_CASE("wim xml: a WIM made by wimlib reads as wimlib itself reads it") {
  test::TempDir dir;
  std::filesystem::create_directories(dir.path() / "tree/Windows");
  dir.write("tree/Windows/a.txt", "a");
  const auto path = (dir.path() / "install.wim").string();
  // The same flags as writer/windows/wim.cpp: wimlib keeps the first call's flags for the
  // process, and the unit tests share one process.
  REQUIRE(wimlib_global_init(WIMLIB_INIT_FLAG_ASSUME_UTF8 |
                             WIMLIB_INIT_FLAG_DEFAULT_CASE_INSENSITIVE) == 0);
  WIMStruct* w = nullptr;
  REQUIRE(wimlib_create_new_wim(WIMLIB_COMPRESSION_TYPE_LZX, &w) == 0);
  const auto tree = (dir.path() / "tree").string();
  REQUIRE(wimlib_add_image(w, tree.c_str(), "Windows 11 Pro", nullptr, 0) == 0);
  REQUIRE(wimlib_add_image(w, tree.c_str(), "Windows 11 Home Lite", nullptr, 0) == 0);
  REQUIRE(wimlib_set_image_descripton(w, 2, "Pre-activated") == 0);
  REQUIRE(wimlib_set_image_property(w, 1, "WINDOWS/EDITIONID", "Professional") == 0);
  REQUIRE(wimlib_set_image_property(w, 1, "WINDOWS/VERSION/MAJOR", "10") == 0);
  REQUIRE(wimlib_set_image_property(w, 1, "WINDOWS/VERSION/MINOR", "0") == 0);
  REQUIRE(wimlib_set_image_property(w, 1, "WINDOWS/VERSION/BUILD", "22631") == 0);
  REQUIRE(wimlib_set_image_property(w, 1, "WINDOWS/LANGUAGES/LANGUAGE", "fr-FR") == 0);
  REQUIRE(wimlib_write(w, path.c_str(), WIMLIB_ALL_IMAGES, 0, 1) == 0);
  wimlib_free(w);

  const auto bytes = file_bytes(path);
  auto where = wim::xml_resource(std::span(bytes).first(wim::kHeaderBytes), bytes.size());
  REQUIRE(where);
  auto images = wim::parse_xml(
      std::span(bytes).subspan(test::in_memory(where->offset), test::in_memory(where->size)));
  REQUIRE(images);

  // The referee: wimlib opening the same file.
  REQUIRE(wimlib_open_wim(path.c_str(), 0, &w) == 0);
  wimlib_wim_info info{};
  REQUIRE(wimlib_get_wim_info(w, &info) == 0);
  REQUIRE(images->size() == info.image_count);
  for (const auto& image : *images) {
    const int i = static_cast<int>(image.index);
    CAPTURE(i);
    CHECK(image.name == wimlib_get_image_name(w, i));
    const char* desc = wimlib_get_image_description(w, i);
    CHECK(image.description == (desc ? desc : ""));
    const char* edition = wimlib_get_image_property(w, i, "WINDOWS/EDITIONID");
    CHECK(image.edition == (edition ? edition : ""));
    const char* build = wimlib_get_image_property(w, i, "WINDOWS/VERSION/BUILD");
    CHECK(image.build == (build ? std::optional<std::uint32_t>(std::stoul(build)) : std::nullopt));
    const char* high = wimlib_get_image_property(w, i, "LASTMODIFICATIONTIME/HIGHPART");
    const char* low = wimlib_get_image_property(w, i, "LASTMODIFICATIONTIME/LOWPART");
    REQUIRE(high);
    REQUIRE(low);
    const auto ft = std::stoull(high, nullptr, 16) << 32 | std::stoull(low, nullptr, 16);
    CHECK(image.modified == wim::filetime_to_unix(ft));
  }
  CHECK((*images)[0].languages == std::vector<std::string>{"fr-FR"});
  CHECK(wim::version_text((*images)[0]) == "10.0.22631.0");
  wimlib_free(w);
}
