#!/usr/bin/env bash
# Builds the images that `stickwright inspect` is tested against (tests/e2e/inspect_test.sh).
# Usage: make_images.sh OUTDIR
# Exit status: 0 built; 3 a tool or file it needs is missing (the last line of stderr says
# "make_images.sh: missing ..."); anything else: a build step failed (its output is shown).
#
# Files only: no root, no loop devices, no mounting. Everything comes from Debian packages
# (scripts/lib.sh SW_TEST_PACKAGES). Dates are pinned (SOURCE_DATE_EPOCH, E2FSPROGS_FAKE_TIME, fixed
# GUIDs/UUIDs/volume ids), so every image is the same byte for byte on every run, except the two
# windows-like ISOs: genisoimage stamps the current time into its ISO 9660 and UDF volume
# descriptors and does not honour SOURCE_DATE_EPOCH.
#
# What each image is, and what `inspect --json` should say about it:
#
# grub-rescue.iso        copy of grub-rescue-pc's grub-rescue-cdrom.iso (grub-mkrescue, i386-pc only).
#                        MBR ("protective-msdos-label grub2-mbr" in xorriso's words): GRUB boot
#                        code, disk id 0x00000000, one active partition of type 0xcd from sector 1
#                        to the end (9923 sectors; a partition around the ISO, not a FAT one);
#                        no GPT (no "EFI PART" at sector 1).
#                        El Torito: one x86 no-emulation entry (boot/grub/i386-pc/eltorito.img);
#                        no EFI entry, no EFI files. Volume id ISOIMAGE, Rock Ridge, no Joliet.
#                        -> hybrid_iso, bios true, uefi_x64 false, uefi_ia32 false.
# data.iso               xorriso data ISO, Joliet + Rock Ridge, no El Torito, no MBR, volume DATAONLY.
#                        -> non_bootable_iso, bios/uefi false.
# cdonly.iso             El Torito x86 no-emulation entry (isolinux.bin + boot catalog) but no
#                        hybrid MBR: sectors 0-15 are zero (no 0x55AA). Rock Ridge, no Joliet, CDONLY.
#                        -> non_bootable_iso (boots from a CD, not from a stick), bios false.
# gpt-esp.img            64 MiB GPT disk (disk GUID 5717cc3a-0000-4000-8000-0000000000aa): partition 1
#                        EFI System, 1 MiB + 15 MiB, named "EFI System Partition", FAT16 label ESP,
#                        holding /EFI/BOOT/BOOTX64.EFI (GRUB's monolithic grubx64.efi); partition 2
#                        Linux filesystem, 16 MiB + 47 MiB, named rootfs, ext4 label ROOTFS. Backup
#                        GPT at the last sector. Protective MBR (one 0xee entry), all-zero boot code.
#                        -> disk_image, bios false, uefi_x64 true, uefi_ia32 false, cpu x86_64.
# gpt-esp-ia32.img       the same (disk GUID ...00bb) with only /EFI/BOOT/BOOTIA32.EFI
#                        (grub-efi-ia32-bin's monolithic grubia32.efi, PE machine 0x014c).
#                        -> disk_image, bios false, uefi_x64 false, uefi_ia32 true, cpu i386.
# mbr-nocode.img         32 MiB "Raspberry Pi-like" MBR disk, disk id 0x5049cafe: partition 1 at 1 MiB
#                        (16 MiB) type 0x0e FAT16 label
#                        bootfs (config.txt, cmdline.txt, start4.elf, kernel8.img placeholders),
#                        partition 2 type 0x83 ext4 label rootfs; no active flag, all-zero boot
#                        code, no EFI files. -> disk_image, bios/uefi false (no PC boot path).
# windows-like.iso       Windows 7 installer look-alike made with genisoimage -udf: bootmgr,
#                        boot/bcd, boot/etfsboot.com (El Torito x86 no-emulation, 8 sectors),
#                        sources/install.wim (2 MiB placeholder), sources/setup.exe (a minimal PE
#                        whose COFF machine is 0x014c, i386), README.TXT; volume GRMCPRXFRER_EN_DVD.
#                        The ISO 9660 root is patched afterwards to list only README.TXT (and its
#                        path table only the root), as on real Windows ISOs; UDF still has it all
#                        (plus /boot.catalog, which genisoimage always puts in UDF). No MBR.
#                        -> windows_installer, udf true, windows.arch x86, windows.uefi false.
# windows-like-x64.iso   the same with setup.exe machine 0x8664, efi/boot/bootx64.efi (grubx64.efi)
#                        and a second El Torito entry, platform EFI, for efi/microsoft/boot/efisys.bin
#                        (a FAT image with /EFI/BOOT/BOOTX64.EFI) via genisoimage -eltorito-alt-boot -e.
#                        Volume GRMCPRXFRER_X64_EN_DVD.
#                        -> windows_installer, udf true, windows.arch x64, windows.uefi true.
# i386-only.iso          hybrid ISO (isohdpfx.bin MBR, isolinux) around the 32-bit (686) Debian 12
#                        installer kernel at /install.386/vmlinuz. Rock Ridge + Joliet, volume I386ONLY.
#                        -> hybrid_iso, bios true, uefi false, cpu i386, kernels[0].arch i386.
# x86_64-only.iso        hybrid ISO around the amd64 installer kernel at /install.amd/vmlinuz; BIOS
#                        via isolinux, UEFI via an El Torito EFI entry /boot/efi.img (FAT12 label
#                        EFIBOOT with /EFI/BOOT/BOOTX64.EFI, 5 MiB at ISO block 35) that
#                        -isohybrid-gpt-basdat also exposes as a partition. What xorriso 1.5.4
#                        writes (as on Debian's own ISOs): an MBR with isohybrid boot code,
#                        partition 1 type 0x00 active from sector 0 over the whole ISO, partition 2
#                        type 0xef from sector 140 (5 MiB) over efi.img, and NO 0xee entry; plus a
#                        GPT (header at sector 1, valid) whose two partitions, same extents, are of
#                        type Microsoft basic data. Without a protective MBR, firmware and libblkid
#                        (PTTYPE=dos) and fdisk take the MBR. Volume X8664ONLY, Rock Ridge + Joliet.
#                        -> hybrid_iso, partition_table mbr, bios true, uefi_x64 true,
#                        uefi_ia32 false, cpu x86_64, kernels[0].arch x86_64.
# truncated.iso          the first 64 KiB of i386-only.iso. -> exit 1, "truncated".
# truncated-gpt.img      the first 2048 bytes of gpt-esp.img: MBR + GPT header + 8 of 128 entries.
#                        -> exit 0 or 1, no crash, the GPT problem named.
# garbage.bin            1 MiB of perl's rand() after srand(7). -> exit 0, unknown.
# zeros.img              1 MiB of zeros. -> exit 0, unknown.
# tiny.bin               100 bytes of text. -> exit 0, unknown.
# i386-only.iso.xz, gpt-esp.img.gz, x86_64-only.iso.zst, mbr-nocode.img.bz2
#                        compressed copies; -> same kind and boot verdict, "compression" set.
set -euo pipefail

if [[ $# != 1 ]]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
OUT="$(mkdir -p "$1" && cd "$1" && pwd)"

export PATH="$PATH:/usr/sbin:/sbin"      # sgdisk, sfdisk, mkfs.*: not on a Debian user's PATH
export LC_ALL=C TZ=UTC
export SOURCE_DATE_EPOCH=1700000000        # 2023-11-14 22:13:20 UTC: xorriso, mtools, touch
export E2FSPROGS_FAKE_TIME=$SOURCE_DATE_EPOCH
export MTOOLS_SKIP_CHECK=1

GRUB_RESCUE_ISO=/usr/lib/grub-rescue/grub-rescue-cdrom.iso
ISOHDPFX=/usr/lib/ISOLINUX/isohdpfx.bin
ISOLINUX_BIN=/usr/lib/ISOLINUX/isolinux.bin
LDLINUX_C32=/usr/lib/syslinux/modules/bios/ldlinux.c32
GRUB_X64_EFI=/usr/lib/grub/x86_64-efi/monolithic/grubx64.efi
GRUB_IA32_EFI=/usr/lib/grub/i386-efi/monolithic/grubia32.efi
DI_I386_KERNEL=/usr/lib/debian-installer/images/12/i386/text/debian-installer/i386/linux
DI_AMD64_KERNEL=/usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64/linux

for f in "$GRUB_RESCUE_ISO" "$ISOHDPFX" "$ISOLINUX_BIN" "$LDLINUX_C32" "$GRUB_X64_EFI" \
         "$GRUB_IA32_EFI" "$DI_I386_KERNEL" "$DI_AMD64_KERNEL"; do
  [[ -r "$f" ]] || { echo "make_images.sh: missing $f (see SW_TEST_PACKAGES in scripts/lib.sh)" >&2; exit 3; }
done
for t in xorriso genisoimage sgdisk sfdisk mkfs.fat mkfs.ext4 mmd mcopy perl xz gzip zstd bzip2; do
  command -v "$t" >/dev/null || { echo "make_images.sh: missing the tool $t" >&2; exit 3; }
done

WORK="$(mktemp -d "$OUT/.work.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

MiB=$((1024 * 1024))

# quiet CMD...: runs CMD with its output kept back, shown only if it fails.
quiet() {
  local out
  out=$("$@" 2>&1) || { local rc=$?; printf '%s\n' "$out" >&2; echo "make_images.sh: failed ($rc): $*" >&2; return 1; }
}

# pin_dates DIR: every file and directory under DIR gets the fixed date.
pin_dates() { find "$1" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +; }

# make_fat OUT SIZE_KIB LABEL VOLID [SRC:DEST]...: a FAT file system image (FAT12/16 as
# mkfs.fat picks for the size) holding SRC at DEST (directories created as needed).
make_fat() {
  local out="$1" kib="$2" label="$3" volid="$4" pair src dest dir part d parts
  shift 4
  rm -f "$out"
  # mkfs.fat warns about lower-case labels (bootfs, as on Raspberry Pi OS): quiet unless it fails
  quiet mkfs.fat -C --invariant -i "$volid" -n "$label" "$out" "$kib"
  for pair in "$@"; do
    src="${pair%%:*}" dest="${pair#*:}"
    dir="${dest%/*}"
    part=""
    IFS=/ read -r -a parts <<<"${dir#/}"
    for d in "${parts[@]}"; do
      part="$part/$d"
      mmd -i "$out" "::$part" 2>/dev/null || true   # exists already
    done
    mcopy -i "$out" "$src" "::$dest"    # dated SOURCE_DATE_EPOCH by mtools
  done
}

# make_ext4 OUT SIZE_BYTES LABEL UUID: an empty ext4 file system image.
make_ext4() {
  rm -f "$1"
  truncate -s "$2" "$1"
  quiet mkfs.ext4 -q -F -L "$3" -U "$4" -E "hash_seed=$4,root_owner=0:0" "$1"
}

# put IMAGE OFFSET_BYTES PART: writes PART into IMAGE at OFFSET without truncating it.
put() { dd if="$3" of="$1" bs=1M seek="$2" oflag=seek_bytes conv=notrunc,sparse status=none; }

# make_pe, iso9660_root_only, windows_skeleton, windows_udf_iso: see that file.
source "$(dirname "${BASH_SOURCE[0]}")/../support/windows_iso_tools.sh"

# --- grub-rescue.iso -----------------------------------------------------------------------
cp "$GRUB_RESCUE_ISO" "$OUT/grub-rescue.iso"

# --- data.iso --------------------------------------------------------------------------------
d="$WORK/data"
mkdir -p "$d/docs"
printf 'Just data, nothing boots from here.\n' >"$d/README.TXT"
printf 'stickwright inspect test image\n' >"$d/docs/notes.txt"
pin_dates "$d"
quiet xorriso -as mkisofs -quiet -o "$OUT/data.iso" -V DATAONLY -J -r "$d"

# --- cdonly.iso and the isolinux trees ---------------------------------------------------------
# isolinux_tree DIR KERNEL_PATH: isolinux.bin, ldlinux.c32 and a config that boots KERNEL_PATH.
isolinux_tree() {
  mkdir -p "$1/isolinux"
  cp "$ISOLINUX_BIN" "$LDLINUX_C32" "$1/isolinux/"
  printf 'DEFAULT install\nPROMPT 0\nTIMEOUT 1\nLABEL install\n  KERNEL %s\n  APPEND vga=788 --- quiet\n' \
    "$2" >"$1/isolinux/isolinux.cfg"
}
ISOLINUX_BOOT=(-c isolinux/boot.cat -b isolinux/isolinux.bin -no-emul-boot -boot-load-size 4
               -boot-info-table)

d="$WORK/cdonly"
isolinux_tree "$d" /boot/memtest.bin
mkdir -p "$d/boot"
printf 'not really a kernel\n' >"$d/boot/memtest.bin"
pin_dates "$d"
quiet xorriso -as mkisofs -quiet -o "$OUT/cdonly.iso" -V CDONLY -r "${ISOLINUX_BOOT[@]}" "$d"

# --- i386-only.iso ------------------------------------------------------------------------------
d="$WORK/i386"
isolinux_tree "$d" /install.386/vmlinuz
mkdir -p "$d/install.386"
cp "$DI_I386_KERNEL" "$d/install.386/vmlinuz"
pin_dates "$d"
quiet xorriso -as mkisofs -quiet -o "$OUT/i386-only.iso" -V I386ONLY -J -r -isohybrid-mbr "$ISOHDPFX" \
  "${ISOLINUX_BOOT[@]}" "$d"

# --- x86_64-only.iso ------------------------------------------------------------------------
d="$WORK/amd64"
isolinux_tree "$d" /install.amd/vmlinuz
mkdir -p "$d/install.amd" "$d/boot"
cp "$DI_AMD64_KERNEL" "$d/install.amd/vmlinuz"
make_fat "$d/boot/efi.img" 5120 EFIBOOT 0x45464931 "$GRUB_X64_EFI:/EFI/BOOT/BOOTX64.EFI"
pin_dates "$d"
quiet xorriso -as mkisofs -quiet -o "$OUT/x86_64-only.iso" -V X8664ONLY -J -r -isohybrid-mbr "$ISOHDPFX" \
  "${ISOLINUX_BOOT[@]}" \
  -eltorito-alt-boot -e boot/efi.img -no-emul-boot -isohybrid-gpt-basdat "$d"

# --- gpt-esp.img and gpt-esp-ia32.img ---------------------------------------------------------------
# make_gpt_esp OUT LOADER NAME DISK_GUID: 64 MiB; ESP at 1 MiB (15 MiB), ext4 ROOTFS at 16 MiB
# (47 MiB, up to the last MiB, where the backup GPT is). Partition GUIDs: DISK_GUID's last two
# hex digits followed by 01 and 02.
make_gpt_esp() {
  local out="$1" loader="$2" name="$3" guid="$4"
  local pguid="${guid%????}${guid: -2}"
  rm -f "$out"
  truncate -s $((64 * MiB)) "$out"
  quiet sgdisk -U "$guid" \
    -n 1:2048:32767 -t 1:ef00 -c 1:"EFI System Partition" -u 1:"${pguid}01" \
    -n 2:32768:129023 -t 2:8300 -c 2:rootfs -u 2:"${pguid}02" "$out"
  make_fat "$WORK/esp.fat" $((15 * 1024)) ESP 0x45535031 "$loader:/EFI/BOOT/$name"
  put "$out" $((1 * MiB)) "$WORK/esp.fat"
  make_ext4 "$WORK/root.ext4" $((47 * MiB)) ROOTFS 0f0e0d0c-0b0a-4908-8706-050403020100
  put "$out" $((16 * MiB)) "$WORK/root.ext4"
  rm -f "$WORK/esp.fat" "$WORK/root.ext4"
}
make_gpt_esp "$OUT/gpt-esp.img" "$GRUB_X64_EFI" BOOTX64.EFI 5717cc3a-0000-4000-8000-0000000000aa
make_gpt_esp "$OUT/gpt-esp-ia32.img" "$GRUB_IA32_EFI" BOOTIA32.EFI 5717cc3a-0000-4000-8000-0000000000bb

# --- mbr-nocode.img ------------------------------------------------------------------------------
out="$OUT/mbr-nocode.img"
rm -f "$out"
truncate -s $((32 * MiB)) "$out"
quiet sfdisk --no-reread --no-tell-kernel "$out" <<'SFDISK'
label: dos
label-id: 0x5049cafe
start=2048, size=32768, type=e
start=34816, type=83
SFDISK
d="$WORK/pi"
mkdir -p "$d"
printf 'arm_64bit=1\n' >"$d/config.txt"
printf 'console=serial0,115200 root=LABEL=rootfs rootwait\n' >"$d/cmdline.txt"
printf 'placeholder firmware\n' >"$d/start4.elf"
printf 'placeholder arm64 kernel\n' >"$d/kernel8.img"
pin_dates "$d"
make_fat "$WORK/boot.fat" $((16 * 1024)) bootfs 0x50490001 \
  "$d/config.txt:/config.txt" "$d/cmdline.txt:/cmdline.txt" "$d/start4.elf:/start4.elf" \
  "$d/kernel8.img:/kernel8.img"
put "$out" $((1 * MiB)) "$WORK/boot.fat"
make_ext4 "$WORK/pi.ext4" $((32 * MiB - 34816 * 512)) rootfs 50490002-0000-4000-8000-000000000002
put "$out" $((34816 * 512)) "$WORK/pi.ext4"
rm -f "$WORK/boot.fat" "$WORK/pi.ext4"

# --- windows-like.iso and windows-like-x64.iso ------------------------------------------------------
# make_windows OUT VOLID MACHINE [x64]: see the header. genisoimage, without -J/-R so that the
# ISO 9660 side is a single tree to cut down to README.TXT.
make_windows() {
  local out="$1" volid="$2" machine="$3" x64="${4:-}" d="$WORK/win-$3"
  windows_skeleton "$d"
  mkdir -p "$d/sources"
  printf 'BOOTMGR placeholder\n' >"$d/bootmgr"
  printf 'regf placeholder BCD\n' >"$d/boot/bcd"
  perl -e 'srand(8); print "MSWIM\0\0\0", pack("C*", map { int(rand(256)) } 1 .. 8192) x 256' \
    >"$d/sources/install.wim"
  make_pe "$d/sources/setup.exe" "$machine"
  local efi=()
  if [[ -n "$x64" ]]; then
    mkdir -p "$d/efi/boot" "$d/efi/microsoft/boot"
    cp "$GRUB_X64_EFI" "$d/efi/boot/bootx64.efi"
    make_fat "$d/efi/microsoft/boot/efisys.bin" 5120 EFISYS 0x57494e31 \
      "$GRUB_X64_EFI:/EFI/BOOT/BOOTX64.EFI"
    efi=(-eltorito-alt-boot -e efi/microsoft/boot/efisys.bin -no-emul-boot)
  fi
  pin_dates "$d"
  quiet windows_udf_iso "$out" "$volid" "$d" "${efi[@]}"
}
make_windows "$OUT/windows-like.iso" GRMCPRXFRER_EN_DVD 014c
make_windows "$OUT/windows-like-x64.iso" GRMCPRXFRER_X64_EN_DVD 8664 x64

# --- broken and odd inputs --------------------------------------------------------------------------
head -c $((64 * 1024)) "$OUT/i386-only.iso" >"$OUT/truncated.iso"
head -c 2048 "$OUT/gpt-esp.img" >"$OUT/truncated-gpt.img"
perl -e 'srand(7); print pack("C*", map { int(rand(256)) } 1 .. 1048576)' >"$OUT/garbage.bin"
head -c $MiB /dev/zero >"$OUT/zeros.img"
perl -e 'print substr(("not an image, just a few words of text. " x 3), 0, 99), "\n"' >"$OUT/tiny.bin"

# --- compressed copies ---------------------------------------------------------------------------------
xz -T1 -1 -c "$OUT/i386-only.iso" >"$OUT/i386-only.iso.xz"
gzip -n -1 -c "$OUT/gpt-esp.img" >"$OUT/gpt-esp.img.gz"
zstd -q -3 -c "$OUT/x86_64-only.iso" >"$OUT/x86_64-only.iso.zst"
bzip2 -1 -c "$OUT/mbr-nocode.img" >"$OUT/mbr-nocode.img.bz2"

touch -d "@$SOURCE_DATE_EPOCH" "$OUT"/*
