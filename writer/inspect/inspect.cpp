#include "writer/inspect/inspect.h"

#include <fmt/format.h>

#include <algorithm>

#include "writer/inspect/boot_files.h"
#include "writer/inspect/fat.h"

namespace sw::writer {
namespace {

bool has_arch(const std::vector<FoundExecutable>& v, Arch a) {
  return std::any_of(v.begin(), v.end(), [a](const FoundExecutable& e) { return e.arch == a; });
}

bool has_loader(const std::vector<FoundExecutable>& v, std::string_view file, Arch a) {
  return std::any_of(v.begin(), v.end(), [&](const FoundExecutable& e) {
    return e.arch == a && lower_ascii(e.path).ends_with(lower_ascii(file));
  });
}

/// File systems of the partitions, and the EFI loaders in those that are FAT.
void look_into_partitions(const ImageBytes& image, Inspection& r) {
  for (auto& p : r.table.partitions) {
    if (p.size == 0 || p.is_container) continue;
    if (auto fs = image.probe_fs(p.start, p.size)) {
      p.filesystem = fs->fstype;
      p.label = fs->label;
    }
    auto loaders = efi_loaders_at(image, p.start, fmt::format("partition {}", p.number));
    r.efi_loaders.insert(r.efi_loaders.end(), loaders.begin(), loaders.end());
  }
}

void decide_bios(const ImageBytes& image, Inspection& r) {
  const bool el_torito_x86 =
      r.iso && std::any_of(r.iso->el_torito.begin(), r.iso->el_torito.end(),
                           [](const ElToritoEntry& e) { return e.platform_id == 0 && e.bootable; });
  if (r.table.mbr && r.table.mbr->boot_code) {
    r.boot.bios = true;
    r.reasons.push_back(r.iso ? "BIOS: the ISO is hybrid: its first sector is an MBR with boot "
                                "code, so a BIOS can boot it from a USB stick"
                              : "BIOS: the MBR holds boot code");
    const bool any_active = std::any_of(r.table.partitions.begin(), r.table.partitions.end(),
                                        [](const Partition& p) { return p.active; });
    if (r.table.type == TableType::kMbr && !any_active) {
      r.reasons.push_back(
          "BIOS: no partition is marked active; a few old BIOSes refuse to boot "
          "such a disk");
    }
    return;
  }
  if (r.table.type == TableType::kNone && !r.iso) {
    if (auto fat = open_fat(image, 0); fat && fat->boot_code) {
      r.boot.bios = true;
      r.reasons.push_back(
          "BIOS: the image is a FAT file system without a partition table whose "
          "boot sector holds boot code");
      return;
    }
  }
  if (el_torito_x86) {
    r.reasons.push_back(
        "BIOS: the ISO has an El Torito BIOS boot entry, which works only from "
        "a CD or DVD: it has no hybrid MBR, so a BIOS cannot boot it from USB");
  } else if (r.table.mbr) {
    r.reasons.push_back("BIOS: the MBR's boot code area is empty, so a BIOS cannot boot it");
  } else {
    r.reasons.push_back("BIOS: there is no MBR boot code, so a BIOS cannot boot it");
  }
}

/// What a Windows installer stick (write's Windows mode) will boot on.
void describe_windows_mode(const WindowsInfo& w, std::vector<std::string>& reasons) {
  if (w.uefi) {
    reasons.push_back(
        "Windows mode: the stick boots on legacy BIOS (GRUB runs bootmgr) and on "
        "UEFI x64 (the ISO's efi/boot/bootx64.efi)");
  } else if (w.uefi_from_wim) {
    reasons.push_back(
        fmt::format("Windows mode: the stick boots on legacy BIOS, and on UEFI x64 "
                    "through Windows/Boot/EFI/bootmgfw.efi taken out of {} with "
                    "wimlib (the ISO has no efi/boot/bootx64.efi)",
                    w.install));
  } else {
    reasons.push_back(
        fmt::format("Windows mode: the stick boots on legacy BIOS (or UEFI with "
                    "CSM) only: the ISO has no UEFI boot files{}",
                    w.arch == Arch::kI386 ? " (32-bit Windows 7 has none)" : ""));
  }
  if (w.install_bytes > 0xFFFFFFFFull && w.install_solid) {
    reasons.push_back(
        fmt::format("Windows mode: {} is {} bytes, over FAT32's 4 GiB - 1 per file, "
                    "and uses solid compression, which cannot be split: Windows "
                    "mode refuses this ISO",
                    w.install, w.install_bytes));
  } else if (w.install_bytes > 0xFFFFFFFFull) {
    reasons.push_back(
        fmt::format("Windows mode: {} is {} bytes, over FAT32's 4 GiB - 1 per file: "
                    "it is split into .swm parts with wimlib",
                    w.install, w.install_bytes));
  }
}

void decide_uefi(const ImageBytes& image, Inspection& r) {
  r.boot.uefi_x64 = has_loader(r.efi_loaders, "/BOOTX64.EFI", Arch::kX86_64);
  r.boot.uefi_ia32 = has_loader(r.efi_loaders, "/BOOTIA32.EFI", Arch::kI386);
  for (const auto& l : r.efi_loaders) {
    r.reasons.push_back(fmt::format("UEFI: {} is a {} EFI loader", l.path, arch_name(l.arch)));
  }
  if (r.boot.uefi_x64 || r.boot.uefi_ia32 || !r.efi_loaders.empty() || !r.iso) {
    if (!r.boot.uefi_x64 && !r.boot.uefi_ia32) {
      r.reasons.push_back("UEFI: no FAT partition holds \\EFI\\BOOT\\BOOTX64.EFI or BOOTIA32.EFI");
    }
    return;
  }
  for (const auto& e : r.iso->el_torito) {
    if (e.platform_id != 0xef) continue;
    const bool has_files =
        !efi_loaders_at(image, std::uint64_t{e.load_rba} * kIsoSector, "El Torito").empty();
    r.reasons.push_back(fmt::format(
        "UEFI: the ISO has an El Torito EFI image{}, but no partition on the image points to it, "
        "so UEFI firmware cannot find it on a USB stick",
        has_files ? " with an EFI loader" : ""));
    return;
  }
  r.reasons.push_back("UEFI: the ISO has no EFI boot image and no EFI system partition");
}

void decide_cpu(Inspection& r) {
  if (r.windows) {
    r.boot.cpu = r.windows->arch == Arch::kI386     ? Cpu::kI386
                 : r.windows->arch == Arch::kX86_64 ? Cpu::kX86_64
                                                    : Cpu::kUnknown;
    r.reasons.push_back(
        fmt::format("CPU: sources/setup.exe is built for {}", windows_arch_name(r.windows->arch)));
    return;
  }
  if (has_arch(r.kernels, Arch::kI386)) {
    r.boot.cpu = Cpu::kI386;
    r.reasons.push_back(
        "CPU: it has a 32-bit x86 Linux kernel, which runs on 32-bit and 64-bit "
        "PCs");
    return;
  }
  if (!r.kernels.empty() && std::all_of(r.kernels.begin(), r.kernels.end(),
                                        [](const auto& k) { return k.arch == Arch::kX86_64; })) {
    r.boot.cpu = Cpu::kX86_64;
    r.reasons.push_back(
        "CPU: its Linux kernels are all 64-bit (x86_64): it will not run on a "
        "32-bit-only PC");
    return;
  }
  if (r.kernels.empty() && r.boot.uefi_ia32) {
    r.boot.cpu = Cpu::kI386;
    r.reasons.push_back(
        "CPU: it boots through a 32-bit (ia32) EFI loader, which 32-bit UEFI "
        "firmware runs");
    return;
  }
  if (r.kernels.empty() && !r.boot.bios && r.boot.uefi_x64) {
    r.boot.cpu = Cpu::kX86_64;
    r.reasons.push_back(
        "CPU: it boots only through a 64-bit EFI loader, so it needs a 64-bit "
        "(x86_64) PC");
    return;
  }
  r.reasons.push_back("CPU: no kernel or loader tells which CPU it needs");
}

ImageKind decide_kind(const ImageBytes& image, const Inspection& r) {
  if (r.windows) return ImageKind::kWindowsInstaller;
  const bool boots = r.boot.bios || r.boot.uefi_x64 || r.boot.uefi_ia32;
  if (r.iso) {
    // An EFI loader for another CPU (an arm64 ISO) is still a way in, for other hardware.
    const bool other_hardware = !r.efi_loaders.empty();
    return boots || other_hardware ? ImageKind::kHybridIso : ImageKind::kNonBootableIso;
  }
  if (r.table.type != TableType::kNone) return ImageKind::kDiskImage;
  if ((boots || !r.efi_loaders.empty()) && open_fat(image, 0)) return ImageKind::kDiskImage;
  return ImageKind::kUnknown;
}

void describe_unknown(const ImageBytes& image, Inspection& r) {
  if (auto fs = image.probe_fs(0, image.size())) {
    r.reasons.push_back(fmt::format(
        "the image has no partition table but holds a {} file system: it is a partition image, "
        "not a whole-disk image",
        fs->fstype));
    return;
  }
  r.reasons.push_back(
      "the image has no partition table, no ISO 9660 file system and no file "
      "system libblkid knows: it is not a bootable disk image");
}

}  // namespace

std::string_view image_kind_id(ImageKind k) {
  switch (k) {
    case ImageKind::kHybridIso:
      return "hybrid_iso";
    case ImageKind::kDiskImage:
      return "disk_image";
    case ImageKind::kWindowsInstaller:
      return "windows_installer";
    case ImageKind::kNonBootableIso:
      return "non_bootable_iso";
    case ImageKind::kUnknown:
      break;
  }
  return "unknown";
}

std::string_view image_kind_text(ImageKind k) {
  switch (k) {
    case ImageKind::kHybridIso:
      return "hybrid ISO (write raw)";
    case ImageKind::kDiskImage:
      return "disk image (write raw)";
    case ImageKind::kWindowsInstaller:
      return "Windows installer ISO (needs Windows mode, not raw)";
    case ImageKind::kNonBootableIso:
      return "ISO that does not boot from USB (data only, or CD-only boot)";
    case ImageKind::kUnknown:
      break;
  }
  return "unrecognised content (no PC boot path found)";
}

std::string_view cpu_name(Cpu c) {
  switch (c) {
    case Cpu::kI386:
      return "i386";
    case Cpu::kX86_64:
      return "x86_64";
    case Cpu::kUnknown:
      break;
  }
  return "unknown";
}

std::string_view windows_arch_name(std::optional<Arch> arch) {
  if (!arch) return "unknown";
  if (*arch == Arch::kI386) return "x86";
  if (*arch == Arch::kX86_64) return "x64";
  return arch_name(*arch);
}

Inspection inspect_bytes(const ImageBytes& image) {
  Inspection r;
  r.size = image.size();
  r.inspected_bytes = image.available();
  r.partial = image.available() < image.size() || !image.size_exact();
  r.table = read_partition_table(image);
  r.iso = read_iso9660(image);
  if (r.iso) {
    r.iso9660 = !r.iso->volume_id.empty() || r.iso->root_bytes != 0;
    r.udf = r.iso->udf;
    r.truncated = r.iso->truncated;
    r.windows = find_windows(image, *r.iso, r.udf_volume_id);
    r.kernels = find_kernels(image, *r.iso);
    if (r.iso->dir_budget_spent()) {
      r.iso->problems.push_back(fmt::format(
          "its directories hold more than {} MiB in all; only the first {} MiB were read, so a "
          "boot file beyond them was not seen",
          kMaxIsoDirBytes >> 20, kMaxIsoDirBytes >> 20));
    }
  }
  look_into_partitions(image, r);
  if (r.table.type == TableType::kNone && !r.iso) {
    auto loaders = efi_loaders_at(image, 0, "whole image");
    r.efi_loaders.insert(r.efi_loaders.end(), loaders.begin(), loaders.end());
  }
  const auto first_boot_reason = r.reasons.size();
  decide_bios(image, r);
  decide_uefi(image, r);
  r.boot_reasons.assign(r.reasons.begin() + static_cast<std::ptrdiff_t>(first_boot_reason),
                        r.reasons.end());
  decide_cpu(r);
  r.kind = decide_kind(image, r);
  if (r.kind == ImageKind::kUnknown) describe_unknown(image, r);
  if (r.windows) {
    r.reasons.insert(r.reasons.begin(),
                     fmt::format("Windows installer: bootmgr and {} found{}; written raw it does "
                                 "not boot from USB",
                                 r.windows->install, r.udf ? " in its UDF file system" : ""));
  }
  if (r.windows) describe_windows_mode(*r.windows, r.reasons);
  for (const auto& p : r.table.problems) r.reasons.push_back("partition table: " + p);
  if (r.iso) {
    for (const auto& p : r.iso->problems) r.reasons.push_back("ISO 9660: " + p);
  }
  if (r.partial) {
    r.reasons.push_back(fmt::format(
        "only the first {} bytes of the decompressed image were inspected; what lies beyond "
        "(an EFI partition, a kernel) was not seen",
        image.available()));
  }
  return r;
}

}  // namespace sw::writer
