#!/usr/bin/env bash
# Builds a Windows-installer-like ISO for the Windows installer mode tests
# (tests/e2e/windows_test.sh, tests/e2e/windows_split_test.sh, tests/boot/windows_boot_test.sh).
# Usage: make_windows_iso.sh OUT [x86|x64|x64-wim|doctored|big|huge]      (x86 if not given)
# Makes, in the directory OUT:
#   OUT/windows.iso  the ISO: genisoimage -udf, every file in UDF (with UTF-8 names), the ISO 9660
#                    side cut down to README.TXT as on real Windows ISOs, an El Torito x86
#                    no-emulation entry for boot/etfsboot.com, no MBR (not hybrid).
#   OUT/tree/        the files the ISO was made from, to compare a stick against. The ISO's UDF
#                    tree is this tree plus /boot.catalog (genisoimage adds it).
#   OUT/volume-id    the volume identifier (UDF and ISO 9660), one line.
# The tree (x86, x64):
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
# x64-wim, a Windows 7 x64 look-alike whose UEFI boot file is inside install.wim: the x64 tree
#   without efi/boot/ (no bootx64.efi) but with efi/microsoft/boot/bcd (a placeholder), and
#   sources/install.wim a real WIM (wimlib-imagex capture, LZX) of two images:
#     image 1 "Windows 7 ULTIMATE": Windows/Boot/EFI/bootmgfw.efi = the x64 variant's
#       bootx64.efi (prints $EFI_MARKER); decoys next to it (Windows/Boot/EFI/bootmgr.efi,
#       memtest.efi, Windows/Boot/PCAT/bootmgr) and a few other files;
#     image 2 "Windows 7 HOMEBASIC": the same, but its bootmgfw.efi is a text decoy, so taking
#       the file from the wrong image shows.
#   Also writes OUT/bootmgfw.efi (what the stick's efi/boot/bootx64.efi must hold) and
#   OUT/wim-tree/ (image 1's files). install.wim is not the same bytes on every run (wimlib
#   stamps a random GUID and the capture time); the files inside it are.
#   x86, x64 and x64-wim hold none of the tells of a doctored ISO (inspect: "no tells found").
# doctored, the x64-wim look-alike with every tell of a doctored ISO (writer/inspect/
#   tamper_tells.h), for tests/e2e/tells_test.sh:
#     autounattend.xml at the root: RunSynchronous (windowsPE), FirstLogonCommands and
#       LogonCommands (oobeSystem) commands, a LocalAccount "helper" in Administrators, AutoLogon
#       as "helper", an AdministratorPassword, Defender off (DisableAntiSpyware), UAC off
#       (EnableLUA false), updates off (ProtectYourPC 3), the firewall off (EnableFirewall false
#       and a "netsh advfirewall set allprofiles state off" command);
#     sources/$OEM$/$$/Setup/Scripts/SetupComplete.cmd and sources/$OEM$/$1/Tools/tool.exe;
#     activate.cmd and tweaker.exe (a PE) at the root, loader.sys in sources/;
#     sources/ei.cfg selecting the edition Professional (an edition selector: a note), which no
#       image has;
#     install.wim: image 1 "Windows 7 ULTIMATE" (edition Ultimate, 6.1.7601.17514, en-US),
#       image 2 "Windows 7 Lite" (description "Pre-activated and debloated", edition
#       HomeBasic) (wimlib refuses two images of one name: the unit tests cover that tell);
#     the ISO 9660 volume creation date set to 2009-07-13 00:00 UTC, so every image (captured
#       now) was modified after it.
# big, a Windows 10 look-alike whose install.wim is over 4 GiB (FAT32's file size limit is
#   4 GiB - 1): bootmgr, boot/, README.TXT, sources/setup.exe (x64) and sources/install.wim, a
#   real WIM (wimlib-imagex capture --compress=none) of OUT/wim-tree/: 6 sparse files of
#   700 MiB (Windows/System32/bigN.dat, each with its own header and trailer bytes, so wimlib
#   stores 6 blobs and wimlib_split can put them into 3800 MiB parts) and a few small files.
#   The WIM is 4200 MiB + a few KiB (> 4294967295 bytes); the ISO about the same.
#   OUT/install.wim.sha1 is `wimlib-imagex dir --detailed`'s path, hash and size of every file
#   of image 1, sorted (to compare split parts with).
#   Needs: ~4.5 GiB free in OUT while it runs (the WIM and then the ISO are written in full,
#   then `fallocate --dig-holes` turns their zeros back into holes: ~20 MiB stay allocated),
#   and about 30-60 s (it writes 2 x 4.2 GiB). The sparse OUT/wim-tree/ takes ~1 MiB.
# huge: like big, but sources/install.wim is a small real WIM and sources/huge.bin is a sparse
#   file of exactly 4 GiB (4294967296 bytes: one byte too many for FAT32), not a WIM, which
#   Windows mode must refuse. Needs ~4 GiB free while the ISO is written (then dug to ~1 MiB)
#   and about 15-30 s.
# Volume ids: GRMCULFRER_EN_DVD (x86), GRMCULXFRER_EN_DVD (x64, x64-wim),
# CCCOMA_X64FRE_EN-US_DV9 (big, huge); a FAT label cuts them to 11.
# Exit status: 0 built; 3 a tool it needs is missing ("make_windows_iso.sh: missing ..." on
# stderr); anything else: a step failed.
# Deterministic: the tree (contents, names, dates) is the same on every run, install.wim aside
# where it is a real WIM; the ISO itself is not byte for byte (genisoimage stamps the current
# time into its volume descriptors).
set -euo pipefail

BOOTMGR_MARKER=STICKWRIGHT-BOOTMGR-REACHED   # also in bootmgr.asm
EFI_MARKER=STICKWRIGHT-EFI-REACHED

if [[ $# -lt 1 || $# -gt 2 || ! "${2:-x86}" =~ ^(x86|x64|x64-wim|doctored|big|huge)$ ]]; then
  echo "usage: $0 OUT [x86|x64|x64-wim|doctored|big|huge]" >&2
  exit 2
fi
VARIANT="${2:-x86}"
DOCTORED=false
[[ "$VARIANT" == doctored ]] && { DOCTORED=true; VARIANT=x64-wim; }
ARCH=x64
[[ "$VARIANT" == x86 ]] && ARCH=x86
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$(mkdir -p "$1" && cd "$1" && pwd)"

export LC_ALL=C.UTF-8 TZ=UTC
export SOURCE_DATE_EPOCH=1700000000

# need TOOL [WHAT]: exit 3 with the missing tool's name unless TOOL is on PATH.
need() {
  command -v "$1" >/dev/null ||
    { echo "make_windows_iso.sh: missing the tool $1${2:+ ($2)}" >&2; exit 3; }
}
for t in nasm genisoimage perl; do need "$t"; done
if [[ "$VARIANT" == x64 || "$VARIANT" == x64-wim ]]; then
  need grub-mkimage
  [[ -d /usr/lib/grub/x86_64-efi ]] ||
    { echo "make_windows_iso.sh: missing /usr/lib/grub/x86_64-efi (grub-efi-amd64-bin)" >&2; exit 3; }
fi
if [[ "$VARIANT" == x64-wim || "$VARIANT" == big || "$VARIANT" == huge ]]; then
  need wimlib-imagex wimtools
fi
if [[ "$VARIANT" == big || "$VARIANT" == huge ]]; then
  need fallocate util-linux
fi

source "$HERE/../support/windows_iso_tools.sh"

T="$OUT/tree"
rm -rf "$T" "$OUT/windows.iso" "$OUT/volume-id" "$OUT/bootmgfw.efi" "$OUT/wim-tree" \
  "$OUT/install.wim.sha1"
mkdir -p "$T"
WORK="$(mktemp -d "$OUT/.work.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# marker_efi OUT: GRUB for x86_64 UEFI that prints $EFI_MARKER (see the header).
marker_efi() {
  printf 'serial --unit=0 --speed=115200\nterminal_output serial console\necho %s\nsleep 120\n' \
    "$EFI_MARKER" >"$WORK/grub.cfg"
  grub-mkimage -O x86_64-efi -o "$1" -p /efi/boot -c "$WORK/grub.cfg" serial terminal echo sleep
}

# wim_capture DIR WIM NAME ARGS...: a WIM of DIR (all dates SOURCE_DATE_EPOCH) as image NAME;
# wimlib-imagex's progress (on stdout) is dropped, its errors kept.
wim_capture() {
  local dir="$1" wim="$2" name="$3"
  shift 3
  find "$dir" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  wimlib-imagex capture "$dir" "$wim" "$name" "$@" >/dev/null
}
wim_append() {
  local dir="$1" wim="$2" name="$3"
  shift 3
  find "$dir" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  wimlib-imagex append "$dir" "$wim" "$name" "$@" >/dev/null
}

# windows_image_tree DIR BOOTMGFW: a few files of an installed Windows, with
# Windows/Boot/EFI/bootmgfw.efi a copy of BOOTMGFW and decoys next to it.
windows_image_tree() {
  local d="$1"
  mkdir -p "$d/Windows/Boot/EFI" "$d/Windows/Boot/PCAT" "$d/Windows/System32/config" \
    "$d/Program Files/Common Files" "$d/Users/Public"
  cp "$2" "$d/Windows/Boot/EFI/bootmgfw.efi"
  printf 'decoy: bootmgr.efi, not bootmgfw.efi\n' >"$d/Windows/Boot/EFI/bootmgr.efi"
  printf 'decoy: memtest.efi\n' >"$d/Windows/Boot/EFI/memtest.efi"
  printf 'decoy: the BIOS bootmgr\n' >"$d/Windows/Boot/PCAT/bootmgr"
  printf 'regf placeholder SYSTEM hive\n' >"$d/Windows/System32/config/SYSTEM"
  make_pe "$d/Windows/System32/winload.exe" 8664
  printf 'in a folder with a space\n' >"$d/Program Files/Common Files/readme.txt"
  : >"$d/Users/Public/desktop.ini"
}

# doctor_tree TREE: the tells of the doctored variant (see the header).
doctor_tree() {
  local t="$1" wim="$1/sources/install.wim"
  cat >"$t/autounattend.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend" xmlns:wcm="http://schemas.microsoft.com/WMIConfig/2002/State">
  <settings pass="windowsPE">
    <component name="Microsoft-Windows-Setup" processorArchitecture="amd64">
      <RunSynchronous>
        <RunSynchronousCommand wcm:action="add"><Order>1</Order>
          <Path>reg add HKLM\SYSTEM\Setup\LabConfig /v BypassTPMCheck /t REG_DWORD /d 1</Path>
        </RunSynchronousCommand>
      </RunSynchronous>
    </component>
  </settings>
  <settings pass="specialize">
    <component name="Security-Malware-Windows-Defender" processorArchitecture="amd64">
      <DisableAntiSpyware>true</DisableAntiSpyware>
    </component>
    <component name="Networking-MPSSVC-Svc" processorArchitecture="amd64">
      <PublicProfile_EnableFirewall>false</PublicProfile_EnableFirewall>
    </component>
  </settings>
  <settings pass="oobeSystem">
    <component name="Microsoft-Windows-LUA-Settings" processorArchitecture="amd64">
      <EnableLUA>false</EnableLUA>
    </component>
    <component name="Microsoft-Windows-Shell-Setup" processorArchitecture="amd64">
      <OOBE><ProtectYourPC>3</ProtectYourPC></OOBE>
      <UserAccounts>
        <AdministratorPassword><Value>cABhAHMAcwA=</Value><PlainText>false</PlainText></AdministratorPassword>
        <LocalAccounts>
          <LocalAccount wcm:action="add"><Name>helper</Name><Group>Administrators</Group></LocalAccount>
        </LocalAccounts>
      </UserAccounts>
      <AutoLogon><Enabled>true</Enabled><Username>helper</Username></AutoLogon>
      <FirstLogonCommands>
        <SynchronousCommand wcm:action="add"><Order>1</Order>
          <CommandLine>netsh advfirewall set allprofiles state off</CommandLine>
        </SynchronousCommand>
        <SynchronousCommand wcm:action="add"><Order>2</Order>
          <CommandLine>powershell -c Set-MpPreference -DisableRealtimeMonitoring $true</CommandLine>
        </SynchronousCommand>
      </FirstLogonCommands>
      <LogonCommands>
        <AsynchronousCommand wcm:action="add"><Order>1</Order>
          <CommandLine>C:\Tools\tool.exe --stay</CommandLine>
        </AsynchronousCommand>
      </LogonCommands>
    </component>
  </settings>
</unattend>
XML
  mkdir -p "$t/sources/\$OEM\$/\$\$/Setup/Scripts" "$t/sources/\$OEM\$/\$1/Tools"
  printf '@echo off\r\nC:\\Tools\\tool.exe --install\r\n' \
    >"$t/sources/\$OEM\$/\$\$/Setup/Scripts/SetupComplete.cmd"
  make_pe "$t/sources/\$OEM\$/\$1/Tools/tool.exe" 8664
  printf '@echo off\r\nslmgr /ipk XXXXX\r\n' >"$t/activate.cmd"
  make_pe "$t/tweaker.exe" 8664
  printf 'not a real driver\n' >"$t/sources/loader.sys"
  printf '[EditionID]\r\nProfessional\r\n[Channel]\r\nRetail\r\n' >"$t/sources/ei.cfg"
  wimlib-imagex info "$wim" 1 --image-property WINDOWS/EDITIONID=Ultimate \
    --image-property WINDOWS/VERSION/MAJOR=6 --image-property WINDOWS/VERSION/MINOR=1 \
    --image-property WINDOWS/VERSION/BUILD=7601 --image-property WINDOWS/VERSION/SPBUILD=17514 \
    --image-property WINDOWS/VERSION/SPLEVEL=1 \
    --image-property WINDOWS/LANGUAGES/LANGUAGE=en-US >/dev/null
  wimlib-imagex info "$wim" 2 --image-property NAME="Windows 7 Lite" \
    --image-property DESCRIPTION="Pre-activated and debloated" \
    --image-property WINDOWS/EDITIONID=HomeBasic >/dev/null
}

windows_skeleton "$T"
nasm -f bin -o "$T/bootmgr" "$HERE/bootmgr.asm"
grep -qaF "$BOOTMGR_MARKER" "$T/bootmgr"
printf 'regf placeholder BCD\n' >"$T/boot/bcd"
mkdir -p "$T/sources"
if [[ "$ARCH" == x64 ]]; then machine=8664; volid=GRMCULXFRER_EN_DVD; else machine=014c; volid=GRMCULFRER_EN_DVD; fi
make_pe "$T/sources/setup.exe" "$machine"

# big: install.wim over 4 GiB; huge: a non-WIM file of 4 GiB. Nothing else in these trees.
if [[ "$VARIANT" == big || "$VARIANT" == huge ]]; then
  volid=CCCOMA_X64FRE_EN-US_DV9
  W="$OUT/wim-tree"
  mkdir -p "$W"
  windows_image_tree "$W" "$T/sources/setup.exe"
  if [[ "$VARIANT" == big ]]; then
    # 6 x 700 MiB, sparse; a header and a trailer unique to each file keep the blobs apart.
    for i in 1 2 3 4 5 6; do
      f="$W/Windows/System32/big$i.dat"
      truncate -s 700M "$f"
      printf 'stickwright big WIM blob %d head\n' "$i" | dd of="$f" conv=notrunc status=none
      printf 'stickwright big WIM blob %d tail\n' "$i" |
        dd of="$f" bs=1M seek=699 conv=notrunc status=none
    done
    wim_capture "$W" "$T/sources/install.wim" "Windows 10 Pro" --compress=none
    fallocate --dig-holes "$T/sources/install.wim"
    wimlib-imagex dir "$T/sources/install.wim" 1 --detailed | perl -ne '
      if (/^Full Path\s+= "(.*)"$/) { $path = $1; next; }
      if (/^Hash\s+= 0x([0-9a-f]{40})$/) { $hash = $1; next; }
      if (/^Uncompressed size = (\d+) bytes$/ && $hash ne "0" x 40) { print "$hash $1 $path\n"; }
    ' | sort -k3 >"$OUT/install.wim.sha1"
    size=$(stat -c %s "$T/sources/install.wim")
    (( size > 4294967295 )) || { echo "make_windows_iso.sh: install.wim is only $size bytes" >&2; exit 1; }
  else
    wim_capture "$W" "$T/sources/install.wim" "Windows 10 Pro"
    truncate -s 4G "$T/sources/huge.bin"
    printf 'not a WIM\n' | dd of="$T/sources/huge.bin" conv=notrunc status=none
  fi
  find "$T" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
  # A file of 4 GiB or more needs -allow-limited-size (its ISO 9660 size is cut; UDF keeps it).
  windows_udf_iso "$OUT/windows.iso" "$volid" "$T" -allow-limited-size
  fallocate --dig-holes "$OUT/windows.iso"
  echo "$volid" >"$OUT/volume-id"
  exit 0
fi

if [[ "$VARIANT" == x64-wim ]]; then
  # Windows 7 x64: bootmgfw.efi inside install.wim, efi/microsoft/boot on the ISO.
  marker_efi "$OUT/bootmgfw.efi"
  windows_image_tree "$OUT/wim-tree" "$OUT/bootmgfw.efi"
  windows_image_tree "$WORK/image2" "$OUT/bootmgfw.efi"
  printf 'decoy: bootmgfw.efi of image 2, not image 1\n' >"$WORK/image2/Windows/Boot/EFI/bootmgfw.efi"
  wim_capture "$OUT/wim-tree" "$T/sources/install.wim" "Windows 7 ULTIMATE"
  wim_append "$WORK/image2" "$T/sources/install.wim" "Windows 7 HOMEBASIC"
  mkdir -p "$T/efi/microsoft/boot"
  printf 'regf placeholder EFI BCD\n' >"$T/efi/microsoft/boot/bcd"
  if $DOCTORED; then doctor_tree "$T"; fi
else
  perl -MDigest::SHA=sha512 -e '
    binmode STDOUT;
    my ($block, $data) = ("stickwright install.wim seed 1", "MSWIM\0\0\0");
    while (length $data < 24 * 1024 * 1024) { $block = sha512($block); $data .= $block; }
    print substr($data, 0, 24 * 1024 * 1024);
  ' >"$T/sources/install.wim"
fi
printf '[Version]\r\nSignature="$Windows NT$"\r\n; one\r\n' >"$T/sources/Setup Information File One.inf"
printf '[Version]\r\nSignature="$Windows NT$"\r\n; two\r\n' >"$T/sources/Setup Information File Two.inf"

if [[ "$VARIANT" == x64 ]]; then
  mkdir -p "$T/efi/boot"
  marker_efi "$T/efi/boot/bootx64.efi"
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
if $DOCTORED; then
  # The primary volume descriptor's creation date (ECMA-119 8.4.26, byte 813): 2009-07-13 UTC.
  printf '2009071300000000\0' | dd of="$OUT/windows.iso" bs=1 seek=$((16 * 2048 + 813)) \
    conv=notrunc status=none
fi
