#include "writer/windows/grub_boot.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <vector>

#include "platform/process.h"
#include "support/skip.h"

using namespace sw;
using namespace sw::writer;

namespace {

std::uint64_t le(const std::vector<std::byte>& b, std::size_t at, int bytes) {
  std::uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = v << 8 | static_cast<std::uint8_t>(b[at + i]);
  return v;
}

}  // namespace

TEST_CASE("grub boot: boot.img and core.img are patched as grub-bios-setup does for a disk") {
  std::vector<std::byte> boot(512, std::byte{0xcc});
  std::vector<std::byte> core(3 * 512 + 100, std::byte{0x11});  // 4 sectors once padded
  REQUIRE(patch_grub_images(boot, core, 1, 2048).ok());
  CHECK(le(boot, 0x5c, 8) == 1);         // where core.img starts
  CHECK(boot[0x66] == std::byte{0x90});  // the boot-drive check is two NOPs
  CHECK(boot[0x67] == std::byte{0x90});
  CHECK(boot[0x5b] == std::byte{0xcc});  // nothing else changed
  CHECK(boot[0x68] == std::byte{0xcc});
  REQUIRE(core.size() == 4 * 512);
  CHECK(core[3 * 512 + 100] == std::byte{0});  // padded with zeros
  CHECK(le(core, 512 - 12, 8) == 2);           // the rest starts at sector 2
  CHECK(le(core, 512 - 4, 2) == 3);            // three more sectors
  CHECK(le(core, 512 - 2, 2) == 0x820);        // loaded after the first sector
}

TEST_CASE("grub boot: a core.img that does not fit before the partition is refused") {
  std::vector<std::byte> boot(512);
  std::vector<std::byte> core(10 * 512);
  const auto r = patch_grub_images(boot, core, 1, 8);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().message.find("does not fit") != std::string::npos);
  std::vector<std::byte> short_boot(100);
  CHECK_FALSE(patch_grub_images(short_boot, core, 1, 2048).ok());
}

TEST_CASE("grub boot: the system's GRUB builds a core.img that fits the 1 MiB gap") {
  // Skipped only when GRUB is not installed; with it installed, a failure to build is a failure.
  if (!platform::find_system_program("grub-mkimage") ||
      !std::filesystem::exists(std::string(kGrubPcDir) + "/boot.img")) {
    SW_SKIP("grub-mkimage or /usr/lib/grub/i386-pc is missing (grub-pc-bin; scripts/run installs it)");
    return;
  }
  auto code = build_grub_bios_code(1, 2048);
  if (!code) FAIL(code.error().message);
  CHECK(code->core.size() % 512 == 0);
  CHECK(code->core.size() > 512);
  CHECK(code->core.size() <= 2047 * 512);
  CHECK(code->mbr_code[0x5c] == std::byte{1});
}
