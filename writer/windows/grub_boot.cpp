#include "writer/windows/grub_boot.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>

#include "platform/fd.h"
#include "platform/files.h"
#include "platform/temp_space.h"
#include "platform/process.h"

namespace sw::writer {
namespace {

// Offsets in GRUB's i386-pc boot.img and diskboot.img (grub/include/grub/i386/pc/boot.h).
constexpr std::size_t kKernelSectorAt = 0x5c;
constexpr std::size_t kDriveCheckAt = 0x66;
constexpr std::size_t kBlocklistBytes = 12;
constexpr std::uint16_t kCoreRestSegment = 0x820;  // GRUB_BOOT_I386_PC_KERNEL_SEG + 512 / 16
constexpr std::size_t kSector = 512;
constexpr std::size_t kMaxCoreBytes = 1024 * 1024;

/// The configuration embedded in core.img: the FAT partition is (hd0,msdos1) when the BIOS
/// boots the stick; GRUB's ntldr loads BOOTMGR as Windows' own boot sector code would.
constexpr std::string_view kEmbeddedConfig =
    "set root=(hd0,msdos1)\n"
    "ntldr /bootmgr\n"
    "boot\n"
    "echo \"stickwright: /bootmgr could not be started from the stick\"\n";

void put_le(std::span<std::byte> b, std::size_t at, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i)
    b[at + static_cast<std::size_t>(i)] = std::byte((v >> (8 * i)) & 0xff);
}

Failure missing_grub(const std::string& what) {
  return fail(
      ErrorKind::kInput,
      fmt::format("Windows mode needs GRUB's BIOS boot files ({} is missing): install "
                  "them with 'apt-get install grub-pc-bin' (stickwright loads GRUB from the "
                  "system and never ships boot code)",
                  what));
}

}  // namespace

Result<void> patch_grub_images(std::span<std::byte> boot_img, std::vector<std::byte>& core,
                               std::uint32_t core_lba, std::uint32_t partition_lba) {
  if (boot_img.size() != kSector) {
    return fail(ErrorKind::kInput,
                fmt::format("GRUB's boot.img is {} bytes, not 512", boot_img.size()));
  }
  if (core.size() < kSector) return fail(ErrorKind::kInput, "GRUB's core.img is empty");
  core.resize((core.size() + kSector - 1) / kSector * kSector);
  const std::uint64_t sectors = core.size() / kSector;
  if (core_lba + sectors > partition_lba) {
    return fail(ErrorKind::kInput,
                fmt::format("GRUB's core.img ({} sectors) does not fit between sector {} and the "
                            "partition at sector {}",
                            sectors, core_lba, partition_lba));
  }
  put_le(boot_img, kKernelSectorAt, core_lba, 8);
  boot_img[kDriveCheckAt] = std::byte{0x90};
  boot_img[kDriveCheckAt + 1] = std::byte{0x90};
  // diskboot.img loads the rest of core.img from the block list at the end of its sector.
  const std::span<std::byte> list(core.data() + kSector - kBlocklistBytes, kBlocklistBytes);
  put_le(list, 0, core_lba + 1, 8);
  put_le(list, 8, sectors - 1, 2);
  put_le(list, 10, kCoreRestSegment, 2);
  return ok();
}

Result<GrubBiosCode> build_grub_bios_code(std::uint32_t core_lba, std::uint32_t partition_lba) {
  const std::string boot_path = fmt::format("{}/boot.img", kGrubPcDir);
  auto boot = platform::read_small_file(boot_path, kSector, ErrorKind::kInput);
  if (!boot) return missing_grub(boot_path);
  for (const char* mod : {"ntldr.mod", "fat.mod", "part_msdos.mod", "biosdisk.mod"}) {
    if (!platform::stat_path(fmt::format("{}/{}", kGrubPcDir, mod), ErrorKind::kInput)) {
      return missing_grub(fmt::format("{}/{}", kGrubPcDir, mod));
    }
  }
  if (!platform::find_system_program("grub-mkimage")) return missing_grub("grub-mkimage");
  auto dir = platform::make_temp_dir("stickwright-grub");
  if (!dir) return dir.failure();
  const std::string cfg = *dir + "/embed.cfg", core_path = *dir + "/core.img";
  auto cleanup = [&] {
    platform::remove_path(cfg);
    platform::remove_path(core_path);
    platform::remove_path(*dir);
  };
  const auto cfg_bytes = std::as_bytes(std::span(kEmbeddedConfig.data(), kEmbeddedConfig.size()));
  if (auto w = platform::write_file(cfg, cfg_bytes, cfg_bytes.size()); !w) {
    cleanup();
    return w.failure();
  }
  auto made = platform::run_program(
      {"grub-mkimage", "-O", "i386-pc", "-d", kGrubPcDir, "-o", core_path, "-c", cfg, "-p",
       "(hd0,msdos1)/", "biosdisk", "part_msdos", "fat", "ntldr"},
      ErrorKind::kInput);
  auto core = made ? platform::read_small_file(core_path, kMaxCoreBytes, ErrorKind::kInput)
                   : Result<std::string>(made.failure());
  cleanup();
  if (!core) return core.failure();
  GrubBiosCode out;
  std::vector<std::byte> boot_img(kSector);
  std::memcpy(boot_img.data(), boot->data(), std::min(boot->size(), kSector));
  out.core.resize(core->size());
  std::memcpy(out.core.data(), core->data(), core->size());
  if (auto p = patch_grub_images(boot_img, out.core, core_lba, partition_lba); !p)
    return p.failure();
  std::copy_n(boot_img.begin(), out.mbr_code.size(), out.mbr_code.begin());
  return out;
}

}  // namespace sw::writer
