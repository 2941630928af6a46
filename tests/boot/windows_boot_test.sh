#!/usr/bin/env bash
# Proof that a Windows installer stick boots: the x64 Windows-7-installer-like ISO
# (tests/windows/make_windows_iso.sh) written with --mode windows onto a loop device, booted in
# QEMU as a USB stick. Legacy BIOS (64-bit and 32-bit CPU): the MBR's GRUB runs `ntldr /bootmgr`
# and the ISO's bootmgr (tests/windows/bootmgr.asm) prints its marker. UEFI (OVMF): the firmware
# starts efi/boot/bootx64.efi from the FAT32 partition and it prints its marker. Control: the
# x86 ISO written raw (--mode raw; it is not hybrid) does not reach bootmgr on BIOS.
# Needs root and QEMU; skipped (exit 77) otherwise.
# Usage: windows_boot_test.sh STICKWRIGHT
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/boot_lib.sh"
source "$(dirname "$0")/../windows/windows_lib.sh"
cd "$SW_TMP" || exit 1

if [[ "$(id -u)" != 0 ]]; then
  echo "STICKWRIGHT-SKIP: boot tests need root (loop devices); run scripts/test as root"
  exit 77
fi
for tool in qemu-system-x86_64 qemu-system-i386 perl jq losetup; do
  command -v "$tool" >/dev/null || { echo "STICKWRIGHT-SKIP: $tool is missing (scripts/test installs it)"; exit 77; }
done
for f in /usr/share/OVMF/OVMF_CODE_4M.fd /usr/share/OVMF/OVMF_VARS_4M.fd; do
  [[ -e "$f" ]] || { echo "STICKWRIGHT-SKIP: $f is missing (scripts/test installs it)"; exit 77; }
done

windows_iso x64 x64
windows_iso x86 x86

truncate -s 256M stick.img
LOOP=$(losetup -f --show stick.img) || { echo "STICKWRIGHT-SKIP: cannot attach a loop device here"; exit 77; }
on_exit "losetup -d '$LOOP'"

# write_stick NAME ISO ARGS...: ISO onto the loop device with ARGS; exit 0 and verified.
write_stick() {
  local name="$1" iso="$2"
  shift 2
  LAST=$name; run_sw "$LAST" write "$iso" "$LOOP" --unverified --yes --allow-non-removable --json "$@"
  check "$name: exit 0" rc_is 0
  check "$name: verified" result_has '.verified == true'
}

echo "# the x64 ISO in Windows mode"
write_stick write-windows x64/windows.iso --mode windows
if [[ "$RC" == 0 ]]; then
  check "write-windows: mode windows" result_has '.mode == "windows"'
  check "BIOS: GRUB runs bootmgr" boot_check "$LOOP" bios x86_64 "$BOOTMGR_MARKER" 60 win-bios
  check "BIOS, 32-bit CPU (no long mode): GRUB runs bootmgr" \
    boot_check "$LOOP" bios i386 "$BOOTMGR_MARKER" 90 win-bios-i386
  check "UEFI: the firmware runs efi/boot/bootx64.efi" boot_check "$LOOP" uefi x86_64 "$EFI_MARKER" 90 win-uefi
else
  echo "skip - the write failed: the stick is not booted"
fi

echo "# control: the x86 ISO written raw (not hybrid: no MBR) does not reach bootmgr"
write_stick write-raw x86/windows.iso --mode raw
check "write-raw: not Windows mode" result_has '(.mode // "raw") == "raw"'
check "the stick starts with the ISO" cmp -s -n "$(stat -c %s x86/windows.iso)" x86/windows.iso "$LOOP"
check "BIOS: bootmgr not reached" boot_fails "$LOOP" bios x86_64 "$BOOTMGR_MARKER" 20 raw-bios
check "BIOS: the firmware found nothing to boot" grep -q "No bootable device" raw-bios.vga.txt

sw_summary
