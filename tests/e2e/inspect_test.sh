#!/usr/bin/env bash
# End-to-end tests of `stickwright inspect IMAGE [--json]` (docs/inspect-schema.md is the
# contract) and of how `write` uses its verdict, on the images tests/inspect/make_images.sh
# builds (what each one is: the header of that script). Regular files only, no root.
# Usage: inspect_test.sh PATH/TO/stickwright
source "$(dirname "$0")/lib.sh"
HERE="$(cd "$(dirname "$0")" && pwd)"
cd "$SW_TMP" || exit 1

if ! command -v jq >/dev/null; then
  sw_skip "jq is missing (apt-get install jq; scripts/lib.sh SW_TEST_PACKAGES)"
fi

IMG="$SW_TMP/images"
bash "$HERE/../inspect/make_images.sh" "$IMG" >build.log 2>&1
BUILD_RC=$?
# make_images.sh: exit 3 and "make_images.sh: missing ..." = a tool or file it needs is missing.
if [[ "$BUILD_RC" == 3 ]] && tail -n1 build.log | grep -q '^make_images.sh: missing'; then
  sw_skip "cannot build the test images: $(tail -n1 build.log)"
elif [[ "$BUILD_RC" != 0 ]]; then
  echo "FAIL - make_images.sh failed (exit $BUILD_RC):"
  sed 's/^/     | /' build.log
  exit 1
fi

# --- helpers ---------------------------------------------------------------------------------------

# inspect NAME [ARGS...]: runs `stickwright inspect IMG/NAME --json ARGS`; output in $LAST.out/.err.
inspect() { local name="$1"; shift; LAST="inspect-$name"; run_sw "$LAST" inspect "$IMG/$name" --json "$@"; }

# one_json: the last stdout is exactly one JSON value (jq alone takes empty input as fine).
one_json() {
  [[ "$(jq -s length "$LAST.out" 2>/dev/null)" == 1 ]] && return 0
  echo "     stdout is not one JSON value:"; sed 's/^/     | /' "$LAST.out" | head -n 20; return 1
}

# jq_is FILTER EXPECTED: FILTER applied to the last stdout gives EXPECTED (a JSON text).
jq_is() {
  local got want
  want=$(jq -cn "$2") || { echo "     bad expected value $2"; return 1; }
  one_json || return 1
  if ! got=$(jq -c "$1" "$LAST.out" 2>&1); then
    echo "     jq '$1' failed on stdout: $got"; sed 's/^/     | /' "$LAST.out" | head -n 20; return 1
  fi
  [[ "$got" == "$want" ]] || { echo "     $1 is $got, wanted $want"; return 1; }
}

# jq_true FILTER [SHOW]: FILTER is true on the last stdout; on failure prints SHOW (a filter, default .).
jq_true() {
  one_json || return 1
  jq -e "$1" "$LAST.out" >/dev/null 2>&1 && return 0
  echo "     not true: $1"
  jq -c "${2:-.}" "$LAST.out" 2>/dev/null | sed 's/^/     | /' | head -c 3000 ||
    sed 's/^/     | /' "$LAST.out" | head -n 20
  return 1
}

out_has_text() { grep -qF -- "$1" "$LAST.out" || { echo "     stdout lacks '$1':"; sed 's/^/     | /' "$LAST.out"; return 1; }; }
err_has_i() { grep -qiE -- "$1" "$LAST.err" || { echo "     stderr lacks /$1/i:"; sed 's/^/     | /' "$LAST.err"; return 1; }; }
no_crash() { [[ "$RC" -lt 128 ]] || { echo "     exit code $RC: killed by signal $((RC - 128))"; return 1; }; }
size_of() { stat -c %s "$1"; }
# mbr_disk_id FILE: the MBR disk identifier (little-endian 32 bits at 440) as 0x%08x.
mbr_disk_id() { od -An -tx4 -j440 -N4 --endian=little "$1" | tr -d ' \n' | sed 's/^/0x/'; }

EVERY_KEY='["image","compression","size","inspected_bytes","kind","kind_text","partition_table",
  "partitions","iso9660","el_torito","udf","udf_volume_id","boot","kernels","efi_loaders","windows",
  "reasons"]'

# common NAME KIND: checks every verdict shares: exit 0, one JSON object with every key of the
# schema, the image named, not compressed, size = the file's, the kind, a kind text, reasons.
common() {
  local name="$1" kind="$2"
  check "$name: exit 0" rc_is 0
  check "$name: stdout is one JSON object" jq_true 'type == "object"'
  check "$name: every key of the schema" jq_true "($EVERY_KEY - keys) == []" "$EVERY_KEY - keys"
  check "$name: image names the file" jq_true ".image | endswith(\"$name\")" .image
  check "$name: compression none" jq_is .compression '"none"'
  check "$name: size is the file's" jq_is .size "$(size_of "$IMG/$name")"
  check "$name: inspected_bytes within 1..size" jq_true '.inspected_bytes > 0 and .inspected_bytes <= .size' \
    '{size, inspected_bytes}'
  check "$name: kind $kind" jq_is .kind "\"$kind\""
  check "$name: kind_text given" jq_true '.kind_text | type == "string" and length > 0' .kind_text
  check "$name: reasons non-empty" jq_true \
    '.reasons | type == "array" and length > 0 and all(.[]; type == "string" and length > 0)' .reasons
}

# boot NAME BIOS UEFI_X64 UEFI_IA32 [CPU]: the boot verdict.
boot() {
  check "$1: boot.bios $2" jq_is .boot.bios "$2"
  check "$1: boot.uefi_x64 $3" jq_is .boot.uefi_x64 "$3"
  check "$1: boot.uefi_ia32 $4" jq_is .boot.uefi_ia32 "$4"
  if [[ -n "${5:-}" ]]; then check "$1: boot.cpu $5" jq_is .boot.cpu "\"$5\""; fi
}

# none_of NAME WHAT...: each WHAT (iso9660 windows gpt mbr partitions el_torito kernels
# efi_loaders udf) is absent: null, [] or false as the schema has it.
none_of() {
  local name="$1" what; shift
  for what in "$@"; do
    case "$what" in
      iso9660|windows) check "$name: $what null" jq_is ".$what" null ;;
      gpt|mbr) check "$name: partition_table.$what null" jq_is ".partition_table.$what" null ;;
      udf) check "$name: no UDF" jq_true '.udf == false and .udf_volume_id == null' '{udf, udf_volume_id}' ;;
      *) check "$name: no $what" jq_is "(.$what // []) | length" 0 ;;
    esac
  done
}

# iso NAME VOLID JOLIET ROCK_RIDGE: the ISO 9660 fields; the volume is the whole file.
iso() {
  check "$1: iso9660.volume_id $2" jq_is .iso9660.volume_id "\"$2\""
  check "$1: iso9660.joliet $3" jq_is .iso9660.joliet "$3"
  check "$1: iso9660.rock_ridge $4" jq_is .iso9660.rock_ridge "$4"
  check "$1: iso9660.volume_bytes is the file size" jq_is .iso9660.volume_bytes "$(size_of "$IMG/$1")"
}

# mbr NAME BOOT_CODE: an MBR with its 0x55AA, the boot code flag and the disk id read from the file.
mbr() {
  check "$1: mbr.signature" jq_is .partition_table.mbr.signature true
  check "$1: mbr.boot_code $2" jq_is .partition_table.mbr.boot_code "$2"
  check "$1: mbr.disk_id" jq_is .partition_table.mbr.disk_id "\"$(mbr_disk_id "$IMG/$1")\""
}

# part NAME INDEX FILTER: partitions[INDEX] satisfies FILTER (shown on failure).
part() { check "$1: partitions[$2]: $3" jq_true ".partitions[$2] | $3" ".partitions[$2]"; }

ESP_GUID=c12a7328-f81f-11d2-ba4b-00a0c93ec93b
LINUX_FS_GUID=0fc63daf-8483-4772-8e79-3d69d8477de4
MiB=$((1024 * 1024))

# --- hybrid and plain ISOs ----------------------------------------------------------------------------

echo "# grub-rescue.iso: grub-mkrescue's BIOS-only hybrid (GRUB MBR, one 0xcd partition from sector 1)"
inspect grub-rescue.iso
common grub-rescue.iso hybrid_iso
boot grub-rescue.iso true false false
# GRUB i386-pc and no kernel to look at: "i386" or "unknown" are both defensible.
check "grub-rescue.iso: boot.cpu i386 or unknown" jq_true '.boot.cpu == "i386" or .boot.cpu == "unknown"' .boot
check "grub-rescue.iso: partition_table.type mbr" jq_is .partition_table.type '"mbr"'
mbr grub-rescue.iso true
none_of grub-rescue.iso gpt udf windows efi_loaders
check "grub-rescue.iso: one partition" jq_is '.partitions | length' 1
part grub-rescue.iso 0 '.scheme == "mbr" and .type == "0xcd" and .active == true and .start == 512'
part grub-rescue.iso 0 ".size == $((9923 * 512))"
iso grub-rescue.iso ISOIMAGE false true
check "grub-rescue.iso: one El Torito entry" jq_is '.el_torito | length' 1
check "grub-rescue.iso: El Torito x86, no emulation, 4 sectors at 1394" jq_true \
  '.el_torito[0] | .platform == "x86" and .platform_id == 0 and .bootable and .emulation == "none" and .load_rba == 1394 and .sectors == 4' \
  .el_torito

echo "# data.iso: Joliet + Rock Ridge, nothing to boot"
inspect data.iso
common data.iso non_bootable_iso
boot data.iso false false false unknown
check "data.iso: partition_table.type none" jq_is .partition_table.type '"none"'
none_of data.iso mbr gpt partitions el_torito udf windows kernels efi_loaders
iso data.iso DATAONLY true true

echo "# cdonly.iso: El Torito for a CD, but no hybrid MBR: does not boot from a stick"
inspect cdonly.iso
common cdonly.iso non_bootable_iso
boot cdonly.iso false false false
check "cdonly.iso: partition_table.type none" jq_is .partition_table.type '"none"'
none_of cdonly.iso mbr gpt partitions udf windows efi_loaders
iso cdonly.iso CDONLY false true
check "cdonly.iso: one El Torito entry" jq_is '.el_torito | length' 1
check "cdonly.iso: El Torito x86, no emulation, 4 sectors" jq_true \
  '.el_torito[0] | .platform == "x86" and .platform_id == 0 and .bootable and .emulation == "none" and .sectors == 4' \
  .el_torito
check "cdonly.iso: a reason says why (no MBR / CD only)" jq_true \
  'any(.reasons[]; test("MBR|hybrid|CD|optical|disc"; "i"))' .reasons

echo "# i386-only.iso: isohybrid around the 32-bit installer kernel"
inspect i386-only.iso
common i386-only.iso hybrid_iso
boot i386-only.iso true false false i386
check "i386-only.iso: partition_table.type mbr" jq_is .partition_table.type '"mbr"'
mbr i386-only.iso true
none_of i386-only.iso gpt udf windows efi_loaders
check "i386-only.iso: one partition" jq_is '.partitions | length' 1
part i386-only.iso 0 '.scheme == "mbr" and .type == "0x17" and .active == true and .start == 0'
iso i386-only.iso I386ONLY true true
check "i386-only.iso: one El Torito entry, x86" jq_true \
  '(.el_torito | length) == 1 and .el_torito[0].platform == "x86" and .el_torito[0].emulation == "none"' .el_torito
check "i386-only.iso: kernel /install.386/vmlinuz is i386" jq_true \
  'any(.kernels[]; .path == "/install.386/vmlinuz" and .arch == "i386")' .kernels
check "i386-only.iso: no x86_64 kernel" jq_true 'all(.kernels[]; .arch != "x86_64")' .kernels

echo "# x86_64-only.iso: isohybrid + El Torito EFI image exposed as MBR partition 2 (0xef)"
inspect x86_64-only.iso
common x86_64-only.iso hybrid_iso
boot x86_64-only.iso true true false x86_64
# xorriso -isohybrid-gpt-basdat writes a GPT too, but the MBR has no 0xee entry (partition 1 is
# type 0x00 over the ISO, partition 2 is 0xef), so firmware and libblkid take the MBR, as fdisk does.
check "x86_64-only.iso: partition_table.type mbr (hybrid MBR, not protective)" jq_is .partition_table.type '"mbr"'
mbr x86_64-only.iso true
none_of x86_64-only.iso udf windows
check "x86_64-only.iso: an 0xef FAT partition at sector 140 over efi.img" jq_true \
  "any(.partitions[]; .scheme == \"mbr\" and .type == \"0xef\" and .start == $((140 * 512)) and .size == $((5 * MiB)) and .filesystem == \"vfat\" and .label == \"EFIBOOT\")" \
  .partitions
iso x86_64-only.iso X8664ONLY true true
check "x86_64-only.iso: El Torito x86 and efi" jq_is '[.el_torito[].platform]' '["x86","efi"]'
check "x86_64-only.iso: El Torito efi entry: platform_id 0xef, 10240 sectors" jq_true \
  '.el_torito[1] | .platform_id == 239 and .emulation == "none" and .sectors == 10240' .el_torito
check "x86_64-only.iso: kernel /install.amd/vmlinuz is x86_64" jq_true \
  'any(.kernels[]; .path == "/install.amd/vmlinuz" and .arch == "x86_64")' .kernels
check "x86_64-only.iso: BOOTX64.EFI found, x86_64" jq_true \
  'any(.efi_loaders[]; (.path | test("BOOTX64\\.EFI"; "i")) and .arch == "x86_64")' .efi_loaders
check "x86_64-only.iso: no ia32 loader" jq_true 'all(.efi_loaders[]; .path | test("BOOTIA32"; "i") | not)' .efi_loaders

# --- disk images --------------------------------------------------------------------------------------

# gpt_disk NAME DISK_GUID LOADER ARCH: gpt-esp.img and gpt-esp-ia32.img.
gpt_disk() {
  local name="$1" guid="$2" loader="$3" arch="$4"
  check "$name: partition_table.type gpt" jq_is .partition_table.type '"gpt"'
  mbr "$name" false
  check "$name: GPT header and entries CRCs ok" jq_true \
    '.partition_table.gpt | .header_crc_ok and .entries_crc_ok' .partition_table.gpt
  check "$name: backup GPT at the last sector, ok" jq_true \
    ".partition_table.gpt | .backup_lba == $((64 * MiB / 512 - 1)) and .backup_ok" .partition_table.gpt
  check "$name: disk GUID" jq_is '.partition_table.gpt.disk_guid | ascii_downcase' "\"$guid\""
  none_of "$name" iso9660 el_torito udf windows
  check "$name: two partitions" jq_is '.partitions | length' 2
  part "$name" 0 ".number == 1 and .scheme == \"gpt\" and .type == \"$ESP_GUID\" and .active == false"
  part "$name" 0 '.type_name | test("EFI System")'
  part "$name" 0 ".start == $MiB and .size == $((15 * MiB)) and .name == \"EFI System Partition\""
  part "$name" 0 '.filesystem == "vfat" and .label == "ESP"'
  part "$name" 1 ".number == 2 and .scheme == \"gpt\" and .type == \"$LINUX_FS_GUID\" and .name == \"rootfs\""
  part "$name" 1 ".start == $((16 * MiB)) and .size == $((47 * MiB))"
  part "$name" 1 '.filesystem == "ext4" and .label == "ROOTFS"'
  check "$name: loader $loader, $arch" jq_true \
    "any(.efi_loaders[]; (.path | test(\"$loader\"; \"i\")) and (.arch | IN($arch)))" .efi_loaders
  check "$name: one loader" jq_is '.efi_loaders | length' 1
}

echo "# gpt-esp.img: GPT, ESP with BOOTX64.EFI, ext4 ROOTFS, no boot code"
inspect gpt-esp.img
common gpt-esp.img disk_image
boot gpt-esp.img false true false x86_64
gpt_disk gpt-esp.img 5717cc3a-0000-4000-8000-0000000000aa 'BOOT/BOOTX64\\.EFI' '"x86_64"'
check "gpt-esp.img: a reason names the missing BIOS boot code" jq_true \
  'any(.reasons[]; test("BIOS|boot code|MBR"; "i"))' .reasons

echo "# gpt-esp-ia32.img: the same with only BOOTIA32.EFI"
inspect gpt-esp-ia32.img
common gpt-esp-ia32.img disk_image
boot gpt-esp-ia32.img false false true i386
# the schema names no arch string for an ia32 loader: "i386" (as boot.cpu) or "ia32".
gpt_disk gpt-esp-ia32.img 5717cc3a-0000-4000-8000-0000000000bb 'BOOT/BOOTIA32\\.EFI' '"i386", "ia32"'

echo "# mbr-nocode.img: Raspberry Pi-like MBR disk, no boot code, no EFI loader"
inspect mbr-nocode.img
common mbr-nocode.img disk_image
boot mbr-nocode.img false false false unknown
check "mbr-nocode.img: partition_table.type mbr" jq_is .partition_table.type '"mbr"'
mbr mbr-nocode.img false
check "mbr-nocode.img: disk id 0x5049cafe" jq_is .partition_table.mbr.disk_id '"0x5049cafe"'
none_of mbr-nocode.img gpt iso9660 el_torito udf windows kernels efi_loaders
check "mbr-nocode.img: two partitions" jq_is '.partitions | length' 2
part mbr-nocode.img 0 ".number == 1 and .scheme == \"mbr\" and .type == \"0x0e\" and .active == false and .start == $MiB and .size == $((16 * MiB))"
part mbr-nocode.img 0 '.filesystem == "vfat" and .label == "bootfs"'
part mbr-nocode.img 1 ".number == 2 and .type == \"0x83\" and .start == $((34816 * 512)) and .filesystem == \"ext4\" and .label == \"rootfs\""

# --- Windows installer look-alikes ----------------------------------------------------------------------

# windows NAME VOLID ARCH UEFI CPU ELTORITO_PLATFORMS
windows() {
  local name="$1" volid="$2" arch="$3" uefi="$4" cpu="$5" plats="$6"
  common "$name" windows_installer
  check "$name: udf true, udf_volume_id $volid" jq_true ".udf == true and .udf_volume_id == \"$volid\"" \
    '{udf, udf_volume_id}'
  iso "$name" "$volid" false false
  check "$name: partition_table.type none" jq_is .partition_table.type '"none"'
  none_of "$name" mbr gpt partitions
  check "$name: El Torito platforms $plats" jq_is '[.el_torito[].platform]' "$plats"
  check "$name: El Torito x86 entry: etfsboot.com, no emulation, 8 sectors" jq_true \
    '.el_torito[0] | .platform_id == 0 and .bootable and .emulation == "none" and .sectors == 8' .el_torito
  check "$name: windows.bootmgr" jq_is .windows.bootmgr true
  check "$name: windows.install /sources/install.wim" jq_is .windows.install '"/sources/install.wim"'
  check "$name: windows.arch $arch" jq_is .windows.arch "\"$arch\""
  check "$name: windows.uefi $uefi" jq_is .windows.uefi "$uefi"
  check "$name: boot.cpu $cpu (from setup.exe)" jq_is .boot.cpu "\"$cpu\""
  check "$name: boot.uefi_ia32 false" jq_is .boot.uefi_ia32 false
  check "$name: a reason mentions Windows" jq_true 'any(.reasons[]; test("Windows"))' .reasons
}

echo "# windows-like.iso: files in UDF only, ISO 9660 root holds README.TXT, setup.exe i386"
inspect windows-like.iso
windows windows-like.iso GRMCPRXFRER_EN_DVD x86 false i386 '["x86"]'

echo "# windows-like-x64.iso: setup.exe x86-64, efi/boot/bootx64.efi, El Torito EFI entry"
inspect windows-like-x64.iso
windows windows-like-x64.iso GRMCPRXFRER_X64_EN_DVD x64 true x86_64 '["x86","efi"]'
check "windows-like-x64.iso: El Torito efi entry is platform 0xef" jq_is '.el_torito[1].platform_id' 239

# --- broken and odd inputs ------------------------------------------------------------------------------

echo "# truncated.iso: the first 64 KiB of an ISO whose volume says 6 MiB"
inspect truncated.iso
check "truncated.iso: exit 1" rc_is 1
check "truncated.iso: says truncated" bash -c "grep -qi truncated '$LAST.err' '$LAST.out'"

echo "# truncated-gpt.img: GPT header present, entry array and backup cut off"
inspect truncated-gpt.img
check "truncated-gpt.img: no crash" no_crash
check "truncated-gpt.img: exit 0 or 1" bash -c "[[ $RC == 0 || $RC == 1 ]]"
if [[ "$RC" == 0 ]]; then
  check "truncated-gpt.img: reasons name the GPT problem" jq_true 'any(.reasons[]; test("GPT"; "i"))' .reasons
  check "truncated-gpt.img: no GPT taken as good" jq_true \
    '.partition_table.gpt == null or (.partition_table.gpt.entries_crc_ok == false)' .partition_table
  check "truncated-gpt.img: boots nothing" jq_true '.boot | (.bios or .uefi_x64 or .uefi_ia32) | not' .boot
else
  check "truncated-gpt.img: the message names the GPT problem" err_has_i 'GPT'
fi

for name in garbage.bin zeros.img tiny.bin; do
  echo "# $name: not an image of anything"
  inspect "$name"
  check "$name: no crash" no_crash
  common "$name" unknown
  boot "$name" false false false unknown
  check "$name: partition_table.type none" jq_is .partition_table.type '"none"'
  none_of "$name" gpt partitions iso9660 el_torito udf windows kernels efi_loaders
done

echo "# an empty file, a missing file, no operand: exit 1"
: >empty.img
LAST=inspect-empty; run_sw $LAST inspect "$SW_TMP/empty.img" --json
check "empty: exit 1" rc_is 1
check "empty: says empty" err_has_i empty
LAST=inspect-missing; run_sw $LAST inspect "$SW_TMP/nope.iso" --json
check "missing: exit 1" rc_is 1
check "missing: names it" err_has "nope.iso"
LAST=inspect-usage; run_sw $LAST inspect
check "no operand: exit 1" rc_is 1

# --- compressed images ----------------------------------------------------------------------------------

echo "# compressed copies: the same verdict as the image, compression named"
for pair in i386-only.iso.xz:xz gpt-esp.img.gz:gzip x86_64-only.iso.zst:zstd mbr-nocode.img.bz2:bzip2; do
  name="${pair%%:*}" comp="${pair#*:}" plain="${name%.*}"
  inspect "$plain"; cp "$LAST.out" "plain-$plain.json"
  inspect "$name"
  check "$name: exit 0" rc_is 0
  check "$name: compression $comp" jq_is .compression "\"$comp\""
  check "$name: kind as $plain's" jq_is .kind "$(jq -c .kind "plain-$plain.json")"
  check "$name: boot verdict as $plain's" jq_is .boot "$(jq -c .boot "plain-$plain.json")"
  check "$name: size null or the decompressed size" jq_true \
    ".size == null or .size == $(size_of "$IMG/$plain")" '{size, inspected_bytes}'
  check "$name: inspected_bytes > 0" jq_true '.inspected_bytes > 0' '{size, inspected_bytes}'
  check "$name: reasons non-empty" jq_true '.reasons | length > 0' .reasons
done

# --- the text form ----------------------------------------------------------------------------------------

echo "# without --json: text for a person, with the kind text"
for name in i386-only.iso gpt-esp.img data.iso; do
  inspect "$name"; KIND_TEXT=$(jq -r .kind_text "$LAST.out")
  LAST="text-$name"; run_sw "$LAST" inspect "$IMG/$name"
  check "$name text: exit 0" rc_is 0
  check "$name text: mentions the kind text '$KIND_TEXT'" out_has_text "${KIND_TEXT:-(no kind_text in the JSON)}"
  check "$name text: not JSON" bash -c "! head -c1 '$LAST.out' | grep -q '{'"
done

# --- write uses the verdict --------------------------------------------------------------------------------

# write_to NAME [ARGS...]: `write IMG/NAME target-NAME --unverified --yes ARGS` onto a new empty file.
write_to() {
  local name="$1"; shift
  TARGET="$SW_TMP/target-$name"; : >"$TARGET"
  LAST="write-$name${1:+-raw}"; run_sw "$LAST" write "$IMG/$name" "$TARGET" --unverified --yes "$@"
}
untouched() { [[ ! -s "$TARGET" ]] || { echo "     $TARGET was written ($(size_of "$TARGET") bytes)"; return 1; }; }

echo "# write: an image that cannot boot from a stick is refused (exit 3) unless --mode raw"
for name in data.iso cdonly.iso; do
  write_to "$name"
  check "$name: refused, exit 3" rc_is 3
  check "$name: target untouched" untouched
  check "$name: says it would not boot" err_has_i 'boot'
  check "$name: names the way past it (--mode)" err_has "--mode"
  write_to "$name" --mode raw
  check "$name --mode raw: exit 0" rc_is 0
  check "$name --mode raw: written" same_file "$IMG/$name" "$TARGET"
done

echo "# write: a Windows installer ISO is written in Windows mode (--mode auto); raw only when asked"
write_to windows-like.iso
check "windows-like.iso: exit 0" rc_is 0
check "windows-like.iso: says Windows mode" err_has "writing it in Windows mode"
write_to windows-like.iso --mode raw
check "windows-like.iso --mode raw: exit 0" rc_is 0
check "windows-like.iso --mode raw: warns it will not boot" err_has_i 'will not boot'
check "windows-like.iso --mode raw: written byte for byte" same_file "$IMG/windows-like.iso" "$TARGET"

echo "# write: a disk image with no PC boot path is written, with a warning"
write_to mbr-nocode.img
check "mbr-nocode.img: exit 0" rc_is 0
check "mbr-nocode.img: written" same_file "$IMG/mbr-nocode.img" "$TARGET"
check "mbr-nocode.img: warns it will not boot a PC" err_has_i 'boot'

echo "# write: bootable images go through as before"
for name in i386-only.iso gpt-esp.img; do
  write_to "$name"
  check "$name: exit 0" rc_is 0
  check "$name: written" same_file "$IMG/$name" "$TARGET"
done

sw_summary
