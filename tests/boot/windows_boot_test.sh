#!/usr/bin/env bash
# Proof that a Windows installer stick boots: the x64 Windows-7-installer-like ISO
# (tests/windows/make_windows_iso.sh) written with --mode windows onto a loop device, booted in
# QEMU as a USB stick. Legacy BIOS (64-bit and 32-bit CPU): the MBR's GRUB runs `ntldr /bootmgr`
# and the ISO's bootmgr (tests/windows/bootmgr.asm) prints its marker. UEFI (OVMF): the firmware
# starts efi/boot/bootx64.efi from the FAT32 partition and it prints its marker. Windows 7 x64
# (x64-wim, no bootx64.efi on the ISO): the stick's efi/boot/bootx64.efi, taken from install.wim's
# bootmgfw.efi, prints the same marker under OVMF (UEFI only: its BIOS path is x64's). Control: the
# x86 ISO written raw (--mode raw; it is not hybrid) does not reach bootmgr on BIOS.
# Needs root and QEMU; skipped (exit 77) otherwise.
# Usage: windows_boot_test.sh STICKWRIGHT
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/boot_lib.sh"
boot_skip_under_sanitizers
source "$(dirname "$0")/../windows/windows_lib.sh"
cd "$SW_TMP" || exit 1

if [[ "$(id -u)" != 0 ]]; then
  sw_skip "boot tests need root (loop devices); run scripts/test as root"
fi
for tool in qemu-system-x86_64 qemu-system-i386 perl jq losetup; do
  command -v "$tool" >/dev/null || sw_skip "$tool is missing (scripts/test installs it)"
done
for f in /usr/share/OVMF/OVMF_CODE_4M.fd /usr/share/OVMF/OVMF_VARS_4M.fd; do
  [[ -e "$f" ]] || sw_skip "$f is missing (scripts/test installs it)"
done

windows_iso x64 x64
windows_iso x86 x86
HAVE_WIMLIB=no
if command -v wimlib-imagex >/dev/null; then
  windows_iso x64-wim x64-wim
  HAVE_WIMLIB=yes
fi

truncate -s 256M stick.img
LOOP=$(losetup -f --show stick.img) || sw_skip "cannot attach a loop device here"
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

echo "# Windows 7 x64 (x64-wim) in Windows mode: UEFI boots bootmgfw.efi from install.wim"
if [[ $HAVE_WIMLIB == yes ]]; then
  # Zeros first, so that a bootx64.efi left by the x64 stick cannot be what boots.
  dd if=/dev/zero of="$LOOP" bs=1M count=64 conv=fsync status=none
  write_stick write-windows-wim x64-wim/windows.iso --mode windows
  if [[ "$RC" == 0 ]]; then
    check "write-windows-wim: bootx64.efi from install.wim" \
      result_has '.windows.uefi == true and .windows.bootx64_from == "/sources/install.wim"'
    check "UEFI: the firmware runs efi/boot/bootx64.efi (install.wim's bootmgfw.efi)" \
      boot_check "$LOOP" uefi x86_64 "$EFI_MARKER" 90 win7-uefi
  else
    echo "skip - the write failed: the stick is not booted"
  fi
else
  echo "skip - wimlib-imagex is missing (wimtools): no Windows 7 x64 (x64-wim) UEFI boot"
fi

echo "# control: the x86 ISO written raw (not hybrid: no MBR) does not reach bootmgr"
write_stick write-raw x86/windows.iso --mode raw
check "write-raw: not Windows mode" result_has '(.mode // "raw") == "raw"'
check "the stick starts with the ISO" cmp -s -n "$(stat -c %s x86/windows.iso)" x86/windows.iso "$LOOP"
check "BIOS: bootmgr not reached" boot_fails "$LOOP" bios x86_64 "$BOOTMGR_MARKER" 60 raw-bios

sw_summary
