#!/usr/bin/env bash
# Builds a Windows-7-installer-like ISO for the Windows installer mode tests
# (tests/e2e/windows_test.sh, tests/boot/windows_boot_test.sh).
# Usage: make_windows_iso.sh OUT [x86|x64]      (x86 if not given)
# Makes, in the directory OUT:
#   OUT/windows.iso  the ISO: genisoimage -udf, every file in UDF (with UTF-8 names), the ISO 9660
#                    side cut down to README.TXT as on real Windows ISOs, an El Torito x86
#                    no-emulation entry for boot/etfsboot.com, no MBR (not hybrid).
#   OUT/tree/        the files the ISO was made from, to compare a stick against. The ISO's UDF
#                    tree is this tree plus /boot.catalog (genisoimage adds it).
#   OUT/volume-id    the volume identifier (UDF and ISO 9660), one line.
# The tree:
#   bootmgr          tests/windows/bootmgr.asm assembled: GRUB's `ntldr /bootmgr` runs it and it
#                    prints $BOOTMGR_MARKER (below) on COM1 and on the screen.
#   boot/bcd, boot/etfsboot.com   placeholders (etfsboot.com: 4096 bytes, the El Torito entry)
#   sources/install.wim  24 MiB of pseudo-random bytes (SHA-512 chain from a fixed seed: every
#                    4 KiB differs, so a misplaced cluster shows)
#   sources/setup.exe    a minimal PE, COFF machine 0x014c (x86) or 0x8664 (x64)
#   efi/boot/bootx64.efi (x64 only) GRUB for x86_64 UEFI whose embedded config prints
#                    $EFI_MARKER on the serial console and the screen, then sleeps. Made with
#                    grub-mkimage -c (the kernel runs the embedded config itself, no normal.mod),
#                    not grub-mkstandalone, whose memdisk tar stamps the current time.
#   names: a long one (several VFAT long-name entries), non-ASCII ones (a file and the folder
#   Ünïcödé), two whose 8.3 forms collide, an empty folder, a 0-byte file, a file 5 folders
#   deep, files of exactly 4096 and 4097 bytes, README.TXT.
# Volume ids: GRMCULFRER_EN_DVD (x86), GRMCULXFRER_EN_DVD (x64); a FAT label cuts them to 11.
# Exit status: 0 built; 3 a tool it needs is missing ("make_windows_iso.sh: missing ..." on
# stderr); anything else: a step failed.
# Deterministic: the tree (contents, names, dates) is the same on every run; the ISO itself is
# not byte for byte (genisoimage stamps the current time into its volume descriptors).
set -euo pipefail

BOOTMGR_MARKER=STICKWRIGHT-BOOTMGR-REACHED   # also in bootmgr.asm
EFI_MARKER=STICKWRIGHT-EFI-REACHED

if [[ $# -lt 1 || $# -gt 2 || ! "${2:-x86}" =~ ^(x86|x64)$ ]]; then
  echo "usage: $0 OUT [x86|x64]" >&2
  exit 2
fi
ARCH="${2:-x86}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$(mkdir -p "$1" && cd "$1" && pwd)"

export LC_ALL=C.UTF-8 TZ=UTC
export SOURCE_DATE_EPOCH=1700000000

for t in nasm genisoimage perl; do
  command -v "$t" >/dev/null || { echo "make_windows_iso.sh: missing the tool $t" >&2; exit 3; }
done
if [[ "$ARCH" == x64 ]]; then
  command -v grub-mkimage >/dev/null ||
    { echo "make_windows_iso.sh: missing the tool grub-mkimage" >&2; exit 3; }
  [[ -d /usr/lib/grub/x86_64-efi ]] ||
    { echo "make_windows_iso.sh: missing /usr/lib/grub/x86_64-efi (grub-efi-amd64-bin)" >&2; exit 3; }
fi

source "$HERE/../support/windows_iso_tools.sh"

T="$OUT/tree"
rm -rf "$T" "$OUT/windows.iso" "$OUT/volume-id"
mkdir -p "$T"
WORK="$(mktemp -d "$OUT/.work.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

windows_skeleton "$T"
nasm -f bin -o "$T/bootmgr" "$HERE/bootmgr.asm"
grep -qaF "$BOOTMGR_MARKER" "$T/bootmgr"
printf 'regf placeholder BCD\n' >"$T/boot/bcd"

mkdir -p "$T/sources"
perl -MDigest::SHA=sha512 -e '
  binmode STDOUT;
  my ($block, $data) = ("stickwright install.wim seed 1", "MSWIM\0\0\0");
  while (length $data < 24 * 1024 * 1024) { $block = sha512($block); $data .= $block; }
  print substr($data, 0, 24 * 1024 * 1024);
' >"$T/sources/install.wim"
if [[ "$ARCH" == x64 ]]; then machine=8664; volid=GRMCULXFRER_EN_DVD; else machine=014c; volid=GRMCULFRER_EN_DVD; fi
make_pe "$T/sources/setup.exe" "$machine"
printf '[Version]\r\nSignature="$Windows NT$"\r\n; one\r\n' >"$T/sources/Setup Information File One.inf"
printf '[Version]\r\nSignature="$Windows NT$"\r\n; two\r\n' >"$T/sources/Setup Information File Two.inf"

if [[ "$ARCH" == x64 ]]; then
  mkdir -p "$T/efi/boot"
  printf 'serial --unit=0 --speed=115200\nterminal_output serial console\necho %s\nsleep 120\n' \
    "$EFI_MARKER" >"$WORK/grub.cfg"
  grub-mkimage -O x86_64-efi -o "$T/efi/boot/bootx64.efi" -p /efi/boot -c "$WORK/grub.cfg" \
    serial terminal echo sleep
fi

printf 'Several VFAT long-name entries (13 characters each) hold this name.\n' \
  >"$T/A file name long enough to need several long-name entries.txt"
printf 'Prüfung: UTF-8 in UDF, UTF-16 in VFAT.\n' >"$T/Prüfung ñ 中文.txt"
mkdir -p "$T/Ünïcödé"
printf 'in a folder with a non-ASCII name\n' >"$T/Ünïcödé/Datei.txt"
mkdir -p "$T/Empty Folder"
: >"$T/zero-length.txt"
mkdir -p "$T/deep/level2/level3/level4/level5"
printf 'five folders down\n' >"$T/deep/level2/level3/level4/level5/deep.txt"
mkdir -p "$T/support"
perl -e 'print substr("0123456789abcdef" x 257, 0, 4096)' >"$T/support/exactly-4096.bin"
perl -e 'print substr("fedcba9876543210" x 257, 0, 4097)' >"$T/support/exactly-4097.bin"

find "$T" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
windows_udf_iso "$OUT/windows.iso" "$volid" "$T"
echo "$volid" >"$OUT/volume-id"
