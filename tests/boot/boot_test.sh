#!/usr/bin/env bash
# Proof that written sticks boot: real images are written through the binary onto a loop device,
# then QEMU boots that loop device as a USB stick on legacy BIOS (also with a 32-bit CPU) and on
# UEFI (OVMF), and the boot loader or kernel must show its marker. A control boots an all-zero
# drive and must fail the same check. Needs root and QEMU; skipped (exit 77) otherwise.
# Usage: boot_test.sh STICKWRIGHT
source "$(dirname "$0")/../e2e/lib.sh"
source "$(dirname "$0")/boot_lib.sh"
boot_skip_under_sanitizers
source "$(dirname "$0")/make_images.sh"
cd "$SW_TMP"

if [[ "$(id -u)" != 0 ]]; then
  sw_skip "boot tests need root (loop devices); run scripts/test as root"
fi
for tool in qemu-system-x86_64 qemu-system-i386 xorriso grub-mkrescue perl; do
  command -v "$tool" >/dev/null || sw_skip "$tool is missing (scripts/test installs it)"
done
for f in /usr/share/OVMF/OVMF_CODE_4M.fd /usr/lib/grub-rescue/grub-rescue-cdrom.iso "$DI_DIR/linux" \
         /usr/lib/ISOLINUX/isohdpfx.bin; do
  [[ -e "$f" ]] || sw_skip "$f is missing (scripts/test installs it)"
done

truncate -s 128M stick.img
LOOP=$(losetup -f --show stick.img) || sw_skip "cannot attach a loop device here"
on_exit "losetup -d '$LOOP'"
truncate -s 128M zero.img
ZERO=$(losetup -f --show zero.img) && on_exit "losetup -d '$ZERO'"

make_debian_i386_iso di.iso || { echo "FAIL - could not build the Debian i386 ISO"; exit 1; }
make_grub_rescue_uefi grub-uefi.iso || { echo "FAIL - could not build the UEFI image"; exit 1; }

# write_image IMAGE: writes IMAGE to the stick through stickwright; must report verified.
write_image() {
  local sha
  sha=$(sha256sum "$1" | cut -d' ' -f1)
  LAST=write-$(basename "$1"); run_sw $LAST write "$1" "$LOOP" --hash "$sha" --yes --allow-non-removable --json
  check "write $(basename "$1"): exit 0" rc_is 0
  check "write $(basename "$1"): verified" out_has '"verified":true'
}

echo "# control: an all-zero drive does not pass the checks"
check "BIOS control fails" boot_fails "$ZERO" bios x86_64 "GNU GRUB" 60 control-bios
check "UEFI control fails" boot_fails "$ZERO" uefi x86_64 "$GRUB_MARKER" 60 control-uefi

echo "# Debian's GRUB rescue ISO (hybrid) boots to its menu on BIOS"
write_image /usr/lib/grub-rescue/grub-rescue-cdrom.iso
check "BIOS: GRUB menu" boot_check "$LOOP" bios x86_64 "GNU GRUB" 60 grub-rescue

echo "# grub-mkrescue's hybrid image boots on UEFI (OVMF) and on BIOS"
write_image grub-uefi.iso
check "UEFI: marker on the serial console" boot_check "$LOOP" uefi x86_64 "$GRUB_MARKER" 90 grub-uefi
check "BIOS: marker on the serial console" boot_check "$LOOP" bios x86_64 "$GRUB_MARKER" 60 grub-bios

echo "# over a stick that held a GPT disk: the stale backup GPT is cleared, GRUB rescue boots"
# A stick exactly as large as grub-mkrescue's image: writing that image leaves a real, valid
# backup GPT header in the stick's last sector, as a GPT disk would.
truncate -s "$(stat -c %s grub-uefi.iso)" gpt-stick.img
GPT=$(losetup -f --show gpt-stick.img) && on_exit "losetup -d '$GPT'"
LOOP_SAVED=$LOOP; LOOP=$GPT
write_image grub-uefi.iso
LAST_SECTOR=$(( $(stat -c %s gpt-stick.img) / 512 - 1 ))
check "the stick now ends with a backup GPT header" \
  bash -c "[[ \$(dd if='$GPT' bs=512 skip=$LAST_SECTOR count=1 status=none | head -c 8) == 'EFI PART' ]]"
write_image /usr/lib/grub-rescue/grub-rescue-cdrom.iso
LAST=write-grub-rescue-cdrom.iso
check "says it cleared the stale backup GPT" err_has "stale backup GPT"
check "the last sector is zero now" \
  bash -c "[[ -z \$(dd if='$GPT' bs=512 skip=$LAST_SECTOR count=1 status=none | tr -d '\\0') ]]"
check "BIOS: GRUB menu" boot_check "$GPT" bios x86_64 "GNU GRUB" 60 grub-over-gpt
check "UEFI does not find the old GRUB (its partitions are gone)" boot_fails "$GPT" uefi x86_64 "$GRUB_MARKER" 60 uefi-over-gpt
LOOP=$LOOP_SAVED

echo "# grub-rescue first, then the Debian installer written from its .xz: the i386 kernel boots on a 32-bit CPU"
LAST=inspect-di; run_sw $LAST inspect di.iso --json
check "inspect: a hybrid ISO that boots on BIOS and needs only an i386 CPU" \
  bash -c "jq -e '.kind == \"hybrid_iso\" and .boot.bios and .boot.cpu == \"i386\"' '$LAST.out' >/dev/null"
write_image /usr/lib/grub-rescue/grub-rescue-cdrom.iso
xz -T1 -k -3 di.iso
write_image di.iso.xz
LAST=write-di.iso.xz
check "the checksum matched the .xz as downloaded" out_has '"matched_on":"the compressed file as downloaded"'
check "the stick holds the decompressed ISO" cmp -s -n "$(stat -c %s di.iso)" di.iso "$LOOP"
check "BIOS, 32-bit CPU (no long mode): the Linux kernel starts" boot_check "$LOOP" bios i386 "Linux version" 120 di-i386

sw_summary
