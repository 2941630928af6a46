#!/usr/bin/env bash
# stickwright restore on a loop device this script attaches itself over a file in its own
# temporary directory (detached by exact name on every exit path): a GPT disk, then a hybrid ISO,
# each given back as one FAT32 partition; then exFAT when mkfs.exfat is installed. Needs root.
# Usage: restore_test.sh PATH/TO/stickwright
source "$(dirname "$0")/lib.sh"
cd "$SW_TMP"
export PATH="$PATH:/usr/sbin:/sbin"

if [[ "$(id -u)" != 0 ]]; then
  sw_skip "restore tests need root (losetup); run scripts/test as root"
fi
for tool in sgdisk xorriso fsck.fat blkid sfdisk jq; do
  command -v "$tool" >/dev/null || sw_skip "$tool is not installed (scripts/test installs it)"
done

truncate -s 128M disk.img
if ! LOOP=$(losetup -f --show disk.img); then
  sw_skip "losetup cannot attach a loop device here (no loop support in this kernel or container)"
fi
on_exit "losetup -d '$LOOP'"
echo "# using $LOOP over $SW_TMP/disk.img"
MIB=$((1024 * 1024))

# part_image: the partition from 1 MiB to the end, as a file (the loop device has no partscan).
part_image() { dd if="$LOOP" of=part.img bs=1M skip=1 status=none iflag=direct; }
no_text_in() {  # no_text_in TEXT DD-ARGS...: the bytes dd reads from the loop device lack TEXT
  local text="$1"; shift
  ! dd if="$LOOP" "$@" status=none iflag=direct | grep -a -q -- "$text" \
    || { echo "     '$text' is still there ($*)"; return 1; }
}
one_partition() {  # one_partition TYPE: the MBR lists one partition of TYPE from sector 2048 to the end
  local dump; dump=$(sfdisk -d "$LOOP" 2>/dev/null)
  local sectors=$(( $(blockdev --getsize64 "$LOOP") / 512 - 2048 ))
  grep -q '^label: dos' <<<"$dump" &&
    [[ $(grep -c '^/dev' <<<"$dump") == 1 ]] &&
    grep -q "start= *2048, size= *$sectors, type=$1\$" <<<"$dump" ||
    { echo "     the partition table is:"; sed 's/^/     | /' <<<"$dump"; return 1; }
}
blkid_is() {  # blkid_is FILE KEY VALUE
  [[ "$(blkid -p -o value -s "$2" "$1" 2>/dev/null)" == "$3" ]] ||
    { echo "     blkid: $(blkid -p -o export "$1" 2>&1 | tr '\n' ' ')"; return 1; }
}
no_whole_disk_fs() {  # blkid finds no file system and no GPT on the whole disk, only the MBR
  local e; e=$(blkid -p -o export "$LOOP" 2>&1)
  grep -q '^PTTYPE=dos$' <<<"$e" && ! grep -q '^TYPE=' <<<"$e" ||
    { echo "     blkid: $(tr '\n' ' ' <<<"$e")"; return 1; }
}

echo "# refused without --allow-non-removable, and a label over 11 characters is bad usage"
LAST=refused; run_sw $LAST restore "$LOOP" --yes
check "exit 3" rc_is 3
check "says why" err_has "allow-non-removable"
LAST=longlabel; run_sw $LAST restore "$LOOP" --yes --allow-non-removable --label TWELVECHARSX
check "exit 1" rc_is 1
check "says why" err_has "at most 11 characters"

echo "# a GPT disk (both headers, an EFI partition) becomes one FAT32 partition"
sgdisk -o -n 1:2048:+32M -t 1:ef00 -n 2:0:0 -t 2:8300 "$LOOP" >/dev/null
blockdev --flushbufs "$LOOP"
check "(setup) the last MiB holds the backup GPT header" \
  bash -c "dd if='$LOOP' bs=1M skip=127 iflag=direct status=none | grep -a -q 'EFI PART'"
LAST=gpt; run_sw $LAST restore "$LOOP" --yes --allow-non-removable --label shopstick --json
check "exit 0" rc_is 0
check "reports verified" out_has '"verified":true'
check "one partition, type c, from 1 MiB to the end" one_partition c
check "no GPT header left at the start" no_text_in "EFI PART" bs=1M count=1
check "no backup GPT header in the last MiB" no_text_in "EFI PART" bs=1M skip=127
check "blkid: only an MBR on the whole disk" no_whole_disk_fs
part_image
check "blkid: the partition is vfat" blkid_is part.img TYPE vfat
check "blkid: labelled SHOPSTICK" blkid_is part.img LABEL SHOPSTICK
check "fsck.fat -n is clean" fsck.fat -n part.img
check "audit log: a restore record, verified, no image" \
  jq -e 'select(.mode == "restore") | select(.result == "verified" and .image == "")' \
  "$STICKWRIGHT_LOG" >/dev/null

echo "# a hybrid ISO (ISO 9660 at 32 KiB, an isohybrid MBR) becomes one FAT32 partition"
mkdir -p tree/isolinux && echo hello >tree/readme.txt
if [[ -f /usr/lib/ISOLINUX/isohdpfx.bin && -f /usr/lib/ISOLINUX/isolinux.bin ]]; then
  cp /usr/lib/ISOLINUX/isolinux.bin tree/isolinux/
  xorriso -as mkisofs -o hybrid.iso -V HYBRIDTEST -isohybrid-mbr /usr/lib/ISOLINUX/isohdpfx.bin \
    -b isolinux/isolinux.bin -c isolinux/boot.cat -no-emul-boot -boot-load-size 4 \
    -boot-info-table tree 2>/dev/null
else
  echo "# (no isolinux: an ISO 9660 with an MBR partition written over its first sector)"
  xorriso -as mkisofs -o hybrid.iso -V HYBRIDTEST tree 2>/dev/null
  printf 'label: dos\nstart=0, size=2048, type=17\n' | sfdisk -q hybrid.iso
fi
dd if=hybrid.iso of="$LOOP" bs=1M conv=notrunc oflag=direct status=none
blockdev --flushbufs "$LOOP"
check "(setup) blkid sees iso9660 on the whole disk" blkid_is "$LOOP" TYPE iso9660
LAST=iso; run_sw $LAST restore "$LOOP" --yes --allow-non-removable --label SHOPSTICK
check "exit 0" rc_is 0
check "says restored" out_has "restored"
check "one partition, type c, from 1 MiB to the end" one_partition c
check "no iso9660 signature on the whole disk" no_whole_disk_fs
check "no CD001 in the first MiB" no_text_in "CD001" bs=1M count=1
part_image
check "blkid: the partition is vfat labelled SHOPSTICK" blkid_is part.img LABEL SHOPSTICK
check "fsck.fat -n is clean" fsck.fat -n part.img

echo "# exFAT"
if command -v mkfs.exfat >/dev/null && command -v fsck.exfat >/dev/null; then
  LAST=exfat; run_sw $LAST restore "$LOOP" --yes --allow-non-removable --fs exfat --label exstick
  check "exit 0" rc_is 0
  check "one partition, type 7, from 1 MiB to the end" one_partition 7
  check "blkid: only an MBR on the whole disk" no_whole_disk_fs
  part_image
  check "blkid: the partition is exfat" blkid_is part.img TYPE exfat
  check "blkid: labelled EXSTICK" blkid_is part.img LABEL EXSTICK
  check "fsck.exfat -n is clean" fsck.exfat -n part.img
  echo "# and back to FAT32: the exFAT signature is gone"
  LAST=back; run_sw $LAST restore "$LOOP" --yes --allow-non-removable
  check "exit 0" rc_is 0
  part_image
  check "blkid: vfat labelled STICK" blkid_is part.img LABEL STICK
  check "fsck.fat -n is clean" fsck.fat -n part.img
else
  echo "# skipped: mkfs.exfat or fsck.exfat is not installed (exfatprogs)"
  LAST=noexfat; run_sw $LAST restore "$LOOP" --yes --allow-non-removable --fs exfat
  check "without mkfs.exfat: exit 1" rc_is 1
  check "says to install exfatprogs" err_has "exfatprogs"
fi

sw_summary
