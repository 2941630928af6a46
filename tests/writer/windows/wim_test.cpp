#include "writer/windows/wim.h"

#include <doctest/doctest.h>
#include <wimlib.h>

#include <cstring>
#include <filesystem>
#include <string>

#include "support/temp_dir.h"

using namespace sw;
namespace fs = std::filesystem;

namespace {

/// `bytes` pseudo-random bytes from `seed` (xorshift), so every file differs.
std::string noise(std::uint64_t seed, std::size_t bytes) {
  std::string s(bytes, '\0');
  std::uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
  for (auto& c : s) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    c = static_cast<char>(x & 0xff);
  }
  return s;
}

/// A real WIM (no compression) of a small Windows-like tree, made with wimlib: the boot
/// manager spelled in capitals, and six 600 KiB files that split into several 1 MiB parts.
struct TestWim {
  test::TempDir dir;
  std::string path, tree;
  TestWim() {
    tree = (dir.path() / "tree").string();
    fs::create_directories(tree + "/Windows/Boot/EFI");
    fs::create_directories(tree + "/Windows/System32");
    dir.write("tree/Windows/Boot/EFI/BOOTMGFW.EFI", "MZ stand-in boot manager");
    for (int i = 0; i < 6; ++i) {
      dir.write("tree/Windows/System32/file" + std::to_string(i) + ".dll",
                noise(static_cast<std::uint64_t>(i), 600 * 1024));
    }
    path = (dir.path() / "install.wim").string();
    REQUIRE(wimlib_global_init(WIMLIB_INIT_FLAG_ASSUME_UTF8 |
                               WIMLIB_INIT_FLAG_DEFAULT_CASE_INSENSITIVE) == 0);
    WIMStruct* w = nullptr;
    REQUIRE(wimlib_create_new_wim(WIMLIB_COMPRESSION_TYPE_NONE, &w) == 0);
    REQUIRE(wimlib_add_image(w, tree.c_str(), "Windows 7 PROFESSIONAL", nullptr, 0) == 0);
    REQUIRE(wimlib_write(w, path.c_str(), WIMLIB_ALL_IMAGES, 0, 1) == 0);
    wimlib_free(w);
  }
};

}  // namespace

TEST_CASE("wim: split makes parts no larger than asked, readable together as the WIM") {
  TestWim wim;
  const auto out = (wim.dir.path() / "parts").string();
  fs::create_directories(out);
  std::uint64_t last_done = 0;
  int calls = 0;
  auto parts = writer::wim::split(wim.path, out, "install", 1024 * 1024, [&](std::uint64_t done) {
    CHECK(done >= last_done);
    last_done = done;
    ++calls;
    return true;
  });
  REQUIRE(parts);
  REQUIRE(parts->size() >= 3);
  CHECK(calls > 0);
  CHECK(fs::path((*parts)[0]).filename() == "install.swm");
  CHECK(fs::path((*parts)[1]).filename() == "install2.swm");
  for (const auto& p : *parts) CHECK(fs::file_size(p) <= 1024 * 1024);

  // Windows Setup reads install.swm with the others as references; so does wimlib.
  WIMStruct* w = nullptr;
  REQUIRE(wimlib_open_wim((*parts)[0].c_str(), 0, &w) == 0);
  const std::string glob = out + "/install*.swm";
  const char* globs[] = {glob.c_str()};
  REQUIRE(wimlib_reference_resource_files(w, globs, 1, WIMLIB_REF_FLAG_GLOB_ENABLE, 0) == 0);
  const auto applied = (wim.dir.path() / "applied").string();
  REQUIRE(wimlib_extract_image(w, 1, applied.c_str(), 0) == 0);
  wimlib_free(w);
  for (int i = 0; i < 6; ++i) {
    const std::string name = "/Windows/System32/file" + std::to_string(i) + ".dll";
    CHECK(test::read_file(applied + name) == test::read_file(wim.tree + name));
  }
}

TEST_CASE("wim: splitting the same WIM twice gives the same parts, byte for byte") {
  TestWim wim;
  std::vector<std::string> runs[2];
  for (int r = 0; r < 2; ++r) {
    const auto out = (wim.dir.path() / ("run" + std::to_string(r))).string();
    fs::create_directories(out);
    auto parts = writer::wim::split(wim.path, out, "install", 1024 * 1024, nullptr);
    REQUIRE(parts);
    runs[r] = *parts;
  }
  REQUIRE(runs[0].size() == runs[1].size());
  for (std::size_t i = 0; i < runs[0].size(); ++i) {
    CHECK(test::read_file(runs[0][i]) == test::read_file(runs[1][i]));
  }
}

TEST_CASE("wim: a split stopped by its progress function says so") {
  TestWim wim;
  const auto out = (wim.dir.path() / "parts").string();
  fs::create_directories(out);
  auto parts = writer::wim::split(wim.path, out, "install", 1024 * 1024,
                                  [](std::uint64_t) { return false; });
  REQUIRE_FALSE(parts);
  CHECK(parts.error().kind == ErrorKind::kInterrupted);
}

TEST_CASE("wim: extract_file finds a path without case and keeps the image's spelling") {
  TestWim wim;
  const auto out = (wim.dir.path() / "efi").string();
  fs::create_directories(out);
  auto f = writer::wim::extract_file(wim.path, 1, "/Windows/Boot/EFI/bootmgfw.efi", out);
  REQUIRE(f);
  CHECK(fs::path(*f).filename() == "BOOTMGFW.EFI");
  CHECK(test::read_file(*f) == "MZ stand-in boot manager");
}

TEST_CASE("wim: a missing path, a missing image and a file that is no WIM are input errors") {
  TestWim wim;
  const auto out = (wim.dir.path() / "out").string();
  fs::create_directories(out);
  auto missing = writer::wim::extract_file(wim.path, 1, "/Windows/Boot/EFI/nothing.efi", out);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().kind == ErrorKind::kInput);
  CHECK(missing.error().message.find("nothing.efi") != std::string::npos);
  auto no_image = writer::wim::extract_file(wim.path, 2, "/Windows/Boot/EFI/bootmgfw.efi", out);
  REQUIRE_FALSE(no_image);
  CHECK(no_image.error().kind == ErrorKind::kInput);

  const auto fake = wim.dir.write("fake.wim", "MSWIM\0\0\0 but nothing else of a WIM");
  auto bad = writer::wim::split(fake, out, "install", 1024 * 1024, nullptr);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().kind == ErrorKind::kInput);
  CHECK(bad.error().message.find("cannot be read as a WIM") != std::string::npos);
}

TEST_CASE("wim: the header tells a plain WIM from a solid one and from anything else") {
  TestWim wim;
  const auto bytes = test::read_file(wim.path);
  std::vector<std::byte> head(writer::wim::kHeaderBytes);
  std::memcpy(head.data(), bytes.data(), head.size());
  CHECK(writer::wim::header_kind(head) == writer::wim::HeaderKind::kPlain);
  head[12] = std::byte{0x00};  // version 0xE00: solid resources
  head[13] = std::byte{0x0e};
  head[14] = std::byte{0x00};
  head[15] = std::byte{0x00};
  CHECK(writer::wim::header_kind(head) == writer::wim::HeaderKind::kSolid);
  head[0] = std::byte{'X'};
  CHECK(writer::wim::header_kind(head) == writer::wim::HeaderKind::kNotWim);
  CHECK(writer::wim::header_kind(std::span(head).first(100)) == writer::wim::HeaderKind::kNotWim);
}
