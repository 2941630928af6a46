#pragma once
/// Legacy BIOS boot code for a Windows installer stick, made at run time from the system's
/// GRUB 2 (grub-pc-bin): boot.img's code in the MBR and a core.img in the gap before the
/// partition whose embedded configuration chain-loads /bootmgr with GRUB's `ntldr` command.
/// stickwright never ships or writes Microsoft's boot code.

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "platform/result.h"

namespace sw::writer {

/// Where GRUB's i386-pc files are (boot.img and the modules).
inline constexpr const char* kGrubPcDir = "/usr/lib/grub/i386-pc";

/// The BIOS boot code, patched for where it will lie on the stick.
struct GrubBiosCode {
  std::array<std::byte, 440> mbr_code{};  ///< boot.img's first 440 bytes
  std::vector<std::byte> core;            ///< core.img, padded to whole sectors
};

/// Builds the boot code: core.img goes at sector `core_lba` and must end before
/// `partition_lba`. kInput errors when grub-pc-bin is missing (naming the package) or
/// grub-mkimage fails.
Result<GrubBiosCode> build_grub_bios_code(std::uint32_t core_lba, std::uint32_t partition_lba);

/// Patches boot.img (512 bytes) and core.img in place, as grub-bios-setup would for a hard disk:
/// boot.img's kernel sector field (offset 0x5C) is `core_lba`, its boot-drive check (0x66) is
/// replaced by two NOPs (some BIOSes pass a wrong drive number for USB), and core.img's first
/// sector (diskboot.img) gets one block-list entry for the rest of core.img at 0x820:0.
Result<void> patch_grub_images(std::span<std::byte> boot_img, std::vector<std::byte>& core,
                               std::uint32_t core_lba, std::uint32_t partition_lba);

}  // namespace sw::writer
