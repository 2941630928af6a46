#include "writer/inspect/inspect.h"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>

#include "support/fat_builder.h"
#include "support/image_builder.h"
#include "support/iso_builder.h"

using namespace sw::writer;
using namespace sw::test;

namespace {

/// True when a reason starts with `prefix` and holds `words`.
bool has_reason(const Inspection& r, std::string_view prefix, std::string_view words) {
  return std::any_of(r.reasons.begin(), r.reasons.end(), [&](const std::string& s) {
    return s.starts_with(prefix) && s.find(words) != std::string::npos;
  });
}

Inspection inspect(const Bytes& img) { return inspect_bytes(MemoryImageBytes(img)); }

/// A whole FAT12 volume holding \EFI\BOOT\<loader>, a PE image for `machine`.
Bytes efi_volume(std::string_view loader, std::uint16_t machine) {
  FatBuilder fat(12, 300);
  fat.add_file(fmt::format("EFI/BOOT/{}", loader), make_pe(machine, 2048));
  Bytes b = fat.bytes();
  b.resize(static_cast<std::size_t>(fat.total_sectors() * kSector));
  return b;
}

/// A disk with a GPT whose only partition, at 1 MiB, is an ESP holding `esp`.
Bytes gpt_disk_with(const Bytes& esp) {
  const std::uint64_t first = 2048, sectors = esp.size() / kSector;
  Bytes img(static_cast<std::size_t>((first + sectors + 2048) * kSector));
  const GptPartition parts[] = {{std::string(kEspTypeGuid), "01234567-89ab-cdef-0123-456789abcdef",
                                 first, first + sectors - 1, "EFI system partition"}};
  put_gpt(img, parts);
  put_bytes(img, static_cast<std::size_t>(first * kSector), esp);
  return img;
}

/// The MBR of an isohybrid image: boot code and an active partition over the whole ISO.
void put_hybrid_mbr(Bytes& img) {
  const MbrEntry whole{0x80, 0x17, 0, static_cast<std::uint32_t>(img.size() / kSector)};
  put_partition_sector(img, 0, std::span(&whole, 1));
  put_mbr_boot_code(img, 0x5eed1234);
}

/// An ISO with isolinux.bin behind an El Torito x86 no-emulation entry.
IsoBuilder isolinux_iso() {
  IsoBuilder b("LIVE");
  b.joliet()
      .file("isolinux/isolinux.bin", Bytes(4096, std::byte{0xfa}))
      .boot(0x00, BootEntry{true, 0, 0, 4, false, "isolinux/isolinux.bin"});
  return b;
}

/// The layout of Debian's and Ubuntu's ISOs: MBR boot code, partition 1 (type 0, active) over
/// the ISO, partition 2 (type 0xEF) over boot/efi.img, which El Torito also names.
Bytes debian_like_iso() {
  IsoBuilder b = isolinux_iso();
  const Bytes efi = efi_volume("BOOTX64.EFI", 0x8664);
  b.file("boot/efi.img", efi)
      .boot(0x00, BootEntry{true, 0, 0, 4, false, "isolinux/isolinux.bin"},
            {BootSection{0xef, {BootEntry{true, 0, 0, 0, false, "boot/efi.img"}}}});
  Bytes img = b.build();
  const MbrEntry entries[] = {
      {0x80, 0x00, 0, static_cast<std::uint32_t>(img.size() / kSector)},
      {0x00, 0xef, b.lba_of("/boot/efi.img") * 4, static_cast<std::uint32_t>(efi.size() / kSector)},
  };
  put_partition_sector(img, 0, entries);
  put_mbr_boot_code(img, 0x2b7d1b5a);
  return img;
}

}  // namespace

TEST_CASE("inspect: a hybrid ISO (MBR boot code, El Torito x86) boots from USB on a BIOS") {
  Bytes img = isolinux_iso().build();
  put_hybrid_mbr(img);
  const auto r = inspect(img);
  CHECK(r.kind == ImageKind::kHybridIso);
  CHECK(image_kind_id(r.kind) == "hybrid_iso");
  CHECK(r.iso9660);
  REQUIRE(r.iso.has_value());
  CHECK(r.iso->volume_id == "LIVE");
  CHECK(r.table.type == TableType::kMbr);
  CHECK(r.boot.bios);
  CHECK_FALSE(r.boot.uefi_x64);
  CHECK_FALSE(r.boot.uefi_ia32);
  CHECK(r.boot.cpu == Cpu::kUnknown);
  CHECK(has_reason(r, "BIOS:", "hybrid"));
  CHECK(has_reason(r, "UEFI:", "no EFI boot image"));
  CHECK_FALSE(r.truncated.has_value());
  CHECK(r.size == img.size());
  CHECK(r.inspected_bytes == img.size());
}

TEST_CASE("inspect: an ISO with El Torito but a zeroed MBR boots only from a CD") {
  const auto r = inspect(isolinux_iso().build());
  CHECK(r.kind == ImageKind::kNonBootableIso);
  CHECK(image_kind_id(r.kind) == "non_bootable_iso");
  CHECK(r.table.type == TableType::kNone);
  CHECK_FALSE(r.boot.bios);
  CHECK(has_reason(r, "BIOS:", "CD"));
  CHECK(has_reason(r, "BIOS:", "El Torito"));
}

TEST_CASE("inspect: a data ISO does not boot") {
  const auto r = inspect(IsoBuilder("DATA").file("photos/a.jpg", Bytes(5000)).build());
  CHECK(r.kind == ImageKind::kNonBootableIso);
  CHECK_FALSE(r.boot.bios);
  CHECK_FALSE(r.boot.uefi_x64);
  CHECK_FALSE(r.boot.uefi_ia32);
  CHECK(has_reason(r, "BIOS:", "no MBR boot code"));
  CHECK(has_reason(r, "UEFI:", "no EFI boot image"));
  CHECK(r.windows == std::nullopt);
}

TEST_CASE("inspect: a GPT disk image whose ESP holds BOOTX64.EFI boots on 64-bit UEFI") {
  const auto r = inspect(gpt_disk_with(efi_volume("BOOTX64.EFI", 0x8664)));
  CHECK(r.kind == ImageKind::kDiskImage);
  CHECK(r.table.type == TableType::kGpt);
  CHECK_FALSE(r.iso.has_value());
  CHECK(r.boot.uefi_x64);
  CHECK_FALSE(r.boot.uefi_ia32);
  CHECK_FALSE(r.boot.bios);
  CHECK(r.boot.cpu == Cpu::kX86_64);
  REQUIRE(r.efi_loaders.size() == 1);
  CHECK(r.efi_loaders[0].path == "partition 1: /EFI/BOOT/BOOTX64.EFI");
  CHECK(r.efi_loaders[0].arch == Arch::kX86_64);
  CHECK(has_reason(r, "UEFI:", "partition 1: /EFI/BOOT/BOOTX64.EFI is a x86_64 EFI loader"));
  CHECK(has_reason(r, "BIOS:", "boot code area is empty"));
  CHECK(has_reason(r, "CPU:", "64-bit"));
}

TEST_CASE("inspect: a GPT disk image whose ESP holds BOOTIA32.EFI boots on 32-bit UEFI") {
  const auto r = inspect(gpt_disk_with(efi_volume("BOOTIA32.EFI", 0x014c)));
  CHECK(r.kind == ImageKind::kDiskImage);
  CHECK(r.boot.uefi_ia32);
  CHECK_FALSE(r.boot.uefi_x64);
  CHECK_FALSE(r.boot.bios);
  CHECK(r.boot.cpu != Cpu::kX86_64);
  REQUIRE(r.efi_loaders.size() == 1);
  CHECK(r.efi_loaders[0].arch == Arch::kI386);
}

TEST_CASE("inspect: a loader of the wrong CPU does not make the image boot") {
  SUBCASE("BOOTX64.EFI built for i386") {
    const auto r = inspect(gpt_disk_with(efi_volume("BOOTX64.EFI", 0x014c)));
    CHECK_FALSE(r.boot.uefi_x64);
    CHECK_FALSE(r.boot.uefi_ia32);
  }
  SUBCASE("BOOTX64.EFI that is not a PE image") {
    FatBuilder fat(12, 300);
    fat.add_file("EFI/BOOT/BOOTX64.EFI", ascii("#!/bin/sh\n"));
    const auto r = inspect(gpt_disk_with(fat.bytes()));
    CHECK_FALSE(r.boot.uefi_x64);
    REQUIRE(r.efi_loaders.size() == 1);
    CHECK(r.efi_loaders[0].arch == Arch::kOther);
  }
}

TEST_CASE("inspect: the kernels in the ISO tree tell the CPU") {
  IsoBuilder b = isolinux_iso();
  Cpu cpu = Cpu::kUnknown;
  std::size_t kernels = 0;
  SUBCASE("a 32-bit kernel at /install.386/vmlinuz") {
    b.file("install.386/vmlinuz", make_bzimage(0x020f, 0x0000, 64 * 1024));
    cpu = Cpu::kI386;
    kernels = 1;
  }
  SUBCASE("32-bit and 64-bit kernels: the least CPU is i386") {
    b.file("install.386/vmlinuz", make_bzimage(0x020f, 0x0000, 70000));
    b.file("install.amd/vmlinuz", make_bzimage(0x020f, 0x0001, 70000));
    cpu = Cpu::kI386;
    kernels = 2;
  }
  SUBCASE("only a 64-bit kernel") {
    b.file("live/vmlinuz-6.1.0-amd64", make_bzimage(0x020f, 0x0003, 100000));
    cpu = Cpu::kX86_64;
    kernels = 1;
  }
  SUBCASE("a 32-bit kernel under 64 KiB is not taken for one") {
    b.file("install.386/vmlinuz", make_bzimage(0x020f, 0x0000, 64 * 1024 - 1));
    cpu = Cpu::kUnknown;
    kernels = 0;
  }
  Bytes img = b.build();
  put_hybrid_mbr(img);
  const auto r = inspect(img);
  CHECK(r.kind == ImageKind::kHybridIso);
  CHECK(r.boot.cpu == cpu);
  CHECK(r.kernels.size() == kernels);
  if (cpu == Cpu::kI386) {
    CHECK(std::any_of(r.kernels.begin(), r.kernels.end(), [](const FoundExecutable& k) {
      return k.path == "/install.386/vmlinuz" && k.arch == Arch::kI386;
    }));
    CHECK(has_reason(r, "CPU:", "32-bit"));
  }
}

TEST_CASE("inspect: a Windows installer through the ISO 9660 tree") {
  IsoBuilder b("CCCOMA_X86FRE");
  std::uint16_t machine = 0;
  std::optional<Arch> arch;
  Cpu cpu = Cpu::kUnknown;
  SUBCASE("32-bit setup.exe") {
    machine = 0x014c;
    arch = Arch::kI386;
    cpu = Cpu::kI386;
  }
  SUBCASE("64-bit setup.exe") {
    machine = 0x8664;
    arch = Arch::kX86_64;
    cpu = Cpu::kX86_64;
  }
  b.file("bootmgr", Bytes(4096, std::byte{0x4d}))
      .file("sources/install.wim", ascii("MSWIM\0\0\0"))
      .file("sources/setup.exe", make_pe(machine, 8192))
      .file("efi/boot/bootx64.efi", make_pe(0x8664, 2048))
      .boot(0x00, BootEntry{true, 0, 0, 8, false, "bootmgr"});
  Bytes img = b.build();
  put_hybrid_mbr(img);  // even with a hybrid MBR it is not written raw
  const auto r = inspect(img);
  CHECK(r.kind == ImageKind::kWindowsInstaller);
  CHECK(image_kind_id(r.kind) == "windows_installer");
  REQUIRE(r.windows.has_value());
  CHECK(r.windows->bootmgr);
  CHECK(lower_ascii(r.windows->install) == "/sources/install.wim");
  CHECK(r.windows->arch == arch);
  CHECK(r.windows->uefi);
  CHECK(r.boot.cpu == cpu);
  REQUIRE_FALSE(r.reasons.empty());
  CHECK(r.reasons[0].starts_with("Windows installer:"));
}

TEST_CASE("inspect: cpu_name gives the JSON id of the least CPU needed") {
  CHECK(cpu_name(Cpu::kI386) == "i386");
  CHECK(cpu_name(Cpu::kX86_64) == "x86_64");
  CHECK(cpu_name(Cpu::kUnknown) == "unknown");
}

TEST_CASE("inspect: windows_arch_name words setup.exe's architecture as Windows does") {
  CHECK(windows_arch_name(Arch::kI386) == "x86");
  CHECK(windows_arch_name(Arch::kX86_64) == "x64");
  CHECK(windows_arch_name(Arch::kArm64) == "arm64");
  CHECK(windows_arch_name(Arch::kArm) == "arm");
  CHECK(windows_arch_name(Arch::kOther) == "other");
  CHECK(windows_arch_name(std::nullopt) == "unknown");
}

TEST_CASE("inspect: bootmgr without an install image is not a Windows installer") {
  const auto r = inspect(
      IsoBuilder().file("bootmgr", Bytes(100)).file("sources/boot.wim", Bytes(100)).build());
  CHECK_FALSE(r.windows.has_value());
  CHECK(r.kind == ImageKind::kNonBootableIso);
}

TEST_CASE("inspect: random bytes and all zeros are unknown, with a reason") {
  Bytes img;
  SUBCASE("random") { img = random_bytes(1024 * 1024, 2024); }
  SUBCASE("zeros") { img = Bytes(1024 * 1024); }
  const auto r = inspect(img);
  CHECK(r.kind == ImageKind::kUnknown);
  CHECK(image_kind_id(r.kind) == "unknown");
  CHECK_FALSE(r.boot.bios);
  CHECK_FALSE(r.boot.uefi_x64);
  CHECK_FALSE(r.boot.uefi_ia32);
  CHECK(r.boot.cpu == Cpu::kUnknown);
  CHECK(std::any_of(r.reasons.begin(), r.reasons.end(), [](const std::string& s) {
    return s.find("no partition table") != std::string::npos;
  }));
}

TEST_CASE("inspect: short images do not crash") {
  for (std::size_t n : {0, 1, 100, 511, 512, 2047, 17 * 2048 - 1}) {
    CAPTURE(n);
    const auto r = inspect(Bytes(n, std::byte{0xaa}));
    CHECK(r.kind == ImageKind::kUnknown);
    CHECK_FALSE(r.reasons.empty());
  }
  SUBCASE("100 bytes that start like an MBR's boot code") {
    Bytes img = random_bytes(100, 3);
    put8(img, 0, 0xeb);
    const auto r = inspect(img);
    CHECK(r.kind == ImageKind::kUnknown);
    CHECK(r.size == 100);
  }
}

TEST_CASE("inspect: an image shorter than its ISO volume is truncated") {
  Bytes img = isolinux_iso().file("live/filesystem.squashfs", Bytes(200 * 1024)).build();
  put_hybrid_mbr(img);
  img.resize(img.size() - 50 * 2048);
  const auto r = inspect(img);
  REQUIRE(r.truncated.has_value());
  CHECK(r.truncated->find("truncated") != std::string::npos);
  CHECK(has_reason(r, "ISO 9660:", "truncated"));
}

TEST_CASE("inspect: a hybrid ISO whose MBR points at its EFI image boots on UEFI") {
  const auto r = inspect(debian_like_iso());
  CHECK(r.kind == ImageKind::kHybridIso);
  CHECK(r.boot.bios);
  CHECK(r.boot.uefi_x64);
  REQUIRE(r.efi_loaders.size() == 1);
  CHECK(r.efi_loaders[0].path == "partition 2: /EFI/BOOT/BOOTX64.EFI");
}

TEST_CASE("inspect: the active MBR entry of type 0 on a Debian-style ISO counts as active") {
  // fdisk lists it as "iso1 * 0 ... 0 Empty": the boot flag is set for the BIOSes that look.
  const auto r = inspect(debian_like_iso());
  REQUIRE(r.boot.bios);
  CHECK_FALSE(has_reason(r, "BIOS:", "no partition is marked active"));
}

TEST_CASE("inspect: a hybrid MBR whose only entry is active with type 0 boots on a BIOS") {
  // xorriso -isohybrid-mbr isohdpfx.bin --mbr-force-bootable -iso_mbr_part_type 0x00 writes
  // this MBR (and -isohybrid-gpt-hfsplus without an EFI image one with only type-0 entries):
  // syslinux boot code, one entry 80 00 .. 00, 0x55AA.
  Bytes img = isolinux_iso().build();
  const MbrEntry whole{0x80, 0x00, 0, static_cast<std::uint32_t>(img.size() / kSector)};
  put_partition_sector(img, 0, std::span(&whole, 1));
  put_mbr_boot_code(img, 0x0a8e341d);
  const auto r = inspect(img);
  CHECK(r.boot.bios);
  CHECK(r.kind == ImageKind::kHybridIso);
  CHECK_FALSE(has_reason(r, "BIOS:", "no hybrid MBR"));
}

TEST_CASE("inspect: an arm64 ISO whose EFI partition holds BOOTAA64.EFI is not called unbootable") {
  // xorriso -e boot/grub/efi.img -append_partition 2 0xef efi.img, as arm64 installers are made:
  // no BIOS code, an ESP partition with \EFI\BOOT\BOOTAA64.EFI. It boots from USB on arm64
  // UEFI machines: other hardware, not "an ISO that cannot boot from USB".
  IsoBuilder b("ARM64");
  const Bytes efi = efi_volume("BOOTAA64.EFI", 0xaa64);
  b.file("boot/efi.img", efi).boot(0xef, BootEntry{true, 0, 0, 0, false, "boot/efi.img"});
  Bytes img = b.build();
  const MbrEntry entries[] = {
      {0x00, 0x83, 0, static_cast<std::uint32_t>(img.size() / kSector)},
      {0x00, 0xef, b.lba_of("/boot/efi.img") * 4, static_cast<std::uint32_t>(efi.size() / kSector)},
  };
  put_partition_sector(img, 0, entries);
  const auto r = inspect(img);
  REQUIRE(r.efi_loaders.size() == 1);
  CHECK(r.efi_loaders[0].path == "partition 2: /EFI/BOOT/BOOTAA64.EFI");
  CHECK(r.efi_loaders[0].arch == Arch::kArm64);
  CHECK_FALSE(r.boot.uefi_x64);
  CHECK(r.kind != ImageKind::kNonBootableIso);
  CHECK_FALSE(has_reason(r, "UEFI:", "no partition on the image points to it"));
}

TEST_CASE("inspect: an El Torito EFI image alone does not boot from USB") {
  IsoBuilder b("EFI_ONLY");
  const Bytes img = b.file("boot/efi.img", efi_volume("BOOTX64.EFI", 0x8664))
                        .boot(0xef, BootEntry{true, 0, 0, 0, false, "boot/efi.img"})
                        .build();
  const auto r = inspect(img);
  CHECK(r.kind == ImageKind::kNonBootableIso);
  CHECK_FALSE(r.boot.uefi_x64);
  CHECK(has_reason(r, "UEFI:", "El Torito EFI image with an EFI loader"));
}

TEST_CASE("inspect: a FAT file system without a partition table, with boot code, boots on a BIOS") {
  FatBuilder fat(16, 5000);
  fat.boot_code();
  const auto r = inspect(fat.bytes());
  CHECK(r.table.type == TableType::kNone);
  CHECK(r.boot.bios);
  CHECK(has_reason(r, "BIOS:", "FAT file system without a partition table"));
  CHECK(r.kind == ImageKind::kDiskImage);
}

TEST_CASE("inspect: a FAT file system without a partition table, with BOOTX64.EFI, boots on UEFI") {
  const auto r = inspect(efi_volume("BOOTX64.EFI", 0x8664));
  CHECK(r.boot.uefi_x64);
  CHECK_FALSE(r.boot.bios);
  REQUIRE(r.efi_loaders.size() == 1);
  CHECK(r.efi_loaders[0].path == "whole image: /EFI/BOOT/BOOTX64.EFI");
  // A boot path was found, so this is not "unrecognised content (no PC boot path found)".
  CHECK(r.kind == ImageKind::kDiskImage);
  CHECK_FALSE(has_reason(r, "the image has no partition table", "not a bootable disk image"));
}

TEST_CASE("inspect: a damaged GPT shows its problems among the reasons") {
  Bytes img = gpt_disk_with(efi_volume("BOOTX64.EFI", 0x8664));
  img.resize(img.size() + 4096 * kSector);  // written for a smaller disk
  const auto r = inspect(img);
  CHECK(r.kind == ImageKind::kDiskImage);
  CHECK(has_reason(r, "partition table:", "backup GPT header"));
}
