// find_signatures: the offsets libblkid's probing finds, on the whole device and in partitions.

#include "platform/blkid_probe.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "support/skip.h"
#include "support/temp_dir.h"

using namespace sw;

namespace {
bool sh(const std::string& command) {
  return std::system(
             fmt::format("PATH=\"$PATH:/usr/sbin:/sbin\" {} >/dev/null 2>&1", command).c_str()) ==
         0;
}
}  // namespace

TEST_CASE("blkid probe: find_signatures lists a GPT and the FAT file system in its partition") {
  if (!sh("command -v sgdisk") || !sh("command -v mkfs.fat")) {
    SW_SKIP("sgdisk or mkfs.fat is not installed (gdisk, dosfstools: scripts/test installs them)");
    return;
  }
  const test::TempDir dir;
  const std::string file = (dir.path() / "disk.img").string();
  REQUIRE(sh(fmt::format("truncate -s 64M '{}'", file)));
  REQUIRE(sh(fmt::format("sgdisk -o -n 1:2048:0 -t 1:0700 '{}'", file)));
  REQUIRE(sh(fmt::format("mkfs.fat -F 32 --offset 2048 '{}' 60000", file)));
  const auto spots = platform::find_signatures(file);
  REQUIRE(spots.ok());
  const auto has = [&](std::string_view type, auto&& where) {
    return std::any_of(spots->begin(), spots->end(), [&](const platform::SignatureSpot& s) {
      return s.type == type && where(s.offset) && s.length > 0;
    });
  };
  CHECK(has("gpt", [](std::uint64_t at) { return at == 512; }));
  CHECK(has("vfat", [](std::uint64_t at) { return at >= (1u << 20) && at < (1u << 20) + 512; }));
  CHECK(!platform::find_signatures(file + ".missing").ok());
}
