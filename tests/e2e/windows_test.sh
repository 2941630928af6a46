#!/usr/bin/env bash
# Windows installer mode (`write --mode windows`, and --mode auto choosing it) on regular files:
# Windows-7-installer-like ISOs (tests/windows/make_windows_iso.sh, files in UDF only) become a
# stick with an MBR carrying GRUB's boot.img, GRUB's core.img in the gap, and one active FAT32
# partition (type 0x0c) at LBA 2048 holding every file of the ISO's UDF tree under its long
# names, labelled with the UDF volume id cut to 11 characters. Checked from outside with
# fsck.fat and mtools; the same ISO written twice gives the same bytes; a target too small and
# an image that is not a Windows installer are refused. Booting it: tests/boot/windows_boot_test.sh.
# Windows 7 x64 (x64-wim: no efi/boot/bootx64.efi, efi/microsoft/boot, a real install.wim): the
# stick's efi/boot/bootx64.efi is bootmgfw.efi taken from image 1 of install.wim; where that is
# impossible (install.wim not a WIM, or image 1 without the file) the stick is BIOS-only and
# stderr warns about UEFI. Files over 4 GiB: tests/e2e/windows_split_test.sh.
# Usage: windows_test.sh PATH/TO/stickwright
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/../windows/windows_lib.sh"
source "$(dirname "$0")/../support/windows_iso_tools.sh"
cd "$SW_TMP" || exit 1

export PATH="$PATH:/usr/sbin:/sbin"      # fsck.fat: not on a Debian user's PATH
export LC_ALL=C.UTF-8                      # mtools: long names to and from UTF-8
export MTOOLS_SKIP_CHECK=1
# Every tool and file is looked for here, before the first check: a part of the test that quietly
# did not run would read as passed.
for tool in jq perl mcopy mdir minfo fsck.fat wimlib-imagex; do
  if ! command -v $tool >/dev/null; then
    sw_skip "$tool is missing (scripts/lib.sh SW_TEST_PACKAGES installs it)"
  fi
done
for f in /usr/lib/grub/i386-pc/boot.img /usr/lib/grub/i386-pc/diskboot.img \
         /usr/lib/grub-rescue/grub-rescue-cdrom.iso; do
  [[ -r $f ]] || sw_skip "$f is missing (grub-pc-bin, grub-rescue-pc: scripts/test installs them)"
done

STICK_BYTES=$((256 * 1024 * 1024))
STICK_SECTORS=$((STICK_BYTES / 512))
GRUB_PC=/usr/lib/grub/i386-pc

windows_iso x86 x86
windows_iso x64 x64
# The Windows 7 x64 look-alike needs wimlib-imagex (wimtools) to make its install.wim; without
# it only that part is left out.
ARCHES=(x86 x64 x64-wim)
windows_iso x64-wim x64-wim

# write_windows NAME ISO TARGET [ARGS...]: a fresh 256 MiB file TARGET written from ISO with
# --unverified --yes --json and ARGS (--mode windows unless ARGS say otherwise); output NAME.*.
write_windows() {
  local name="$1" iso="$2" target="$3"
  shift 3
  rm -f "$target"
  truncate -s $STICK_BYTES "$target"
  LAST=$name; run_sw "$LAST" write "$iso" "$target" --unverified --yes --json "$@"
}

# The line stickwright prints when a Windows 7 x64 stick cannot have UEFI boot (it says "note:",
# as it also does, with no "BIOS only", when bootmgfw.efi was taken out of install.wim).
UEFI_WARNING='^stickwright: (warning|note):.*UEFI.*BIOS only'

# mbr_entries IMAGE: one line per MBR partition entry: "INDEX STATUS TYPE START SECTORS"
# (status and type in hex), after a line "SIGNATURE CODE_BYTES_NOT_ZERO".
mbr_entries() {
  perl -e '
    open(my $fh, "<:raw", $ARGV[0]) or die "$ARGV[0]: $!";
    read($fh, my $mbr, 512) == 512 or die "short MBR";
    printf "%04x %d\n", unpack("n", substr($mbr, 510, 2)), scalar(() = substr($mbr, 0, 440) =~ /[^\0]/g);
    for my $i (0 .. 3) {
      my ($status, $type, $start, $size) = unpack("C x3 C x3 V V", substr($mbr, 446 + 16 * $i, 16));
      printf "%d %02x %02x %d %d\n", $i + 1, $status, $type, $start, $size;
    }' "$1"
}

# le_at FILE OFFSET BYTES: the little-endian number of BYTES (2, 4 or 8) at OFFSET.
le_at() { od -An --endian=little -tu"$3" -j "$2" -N "$3" "$1" | tr -d ' '; }
# bytes_equal A OFFSET_A B OFFSET_B LENGTH: the ranges hold the same bytes.
bytes_equal() {
  cmp -s <(tail -c +$(($2 + 1)) "$1" | head -c "$5") <(tail -c +$(($4 + 1)) "$3" | head -c "$5") ||
    { echo "     $1 @ $2 and $3 @ $4 differ within $5 bytes"; return 1; }
}

# grub_boot_code STICK: sector 0 holds GRUB's boot.img code (bytes 0x68-0x1b7: what follows the
# fields grub-bios-setup patches, up to the disk signature); its kernel sector field (0x5c)
# names a sector K in the gap before the partition; sector K is GRUB's diskboot.img whose
# blocklist (0x1f4: start, count, segment) loads the rest of core.img from K+1, inside the
# gap, to segment 0x820.
grub_boot_code() {
  local stick="$1" k start count segment
  bytes_equal "$stick" $((0x68)) "$GRUB_PC/boot.img" $((0x68)) $((0x1b8 - 0x68)) || return 1
  k=$(le_at "$stick" $((0x5c)) 8)
  (( k >= 1 && k + 1 < 2048 )) || { echo "     kernel sector $k is not in the gap"; return 1; }
  bytes_equal "$stick" $((k * 512)) "$GRUB_PC/diskboot.img" 0 $((0x1f4)) || return 1
  start=$(le_at "$stick" $((k * 512 + 0x1f4)) 8)
  count=$(le_at "$stick" $((k * 512 + 0x1fc)) 2)
  segment=$(le_at "$stick" $((k * 512 + 0x1fe)) 2)
  echo "     core.img: diskboot at sector $k, then $count sectors from $start to segment $(printf %#x "$segment")"
  (( start == k + 1 && count >= 1 && start + count <= 2048 && segment == 0x820 )) ||
    { echo "     blocklist start $start count $count segment $segment is not the rest of core.img in the gap"; return 1; }
  [[ -n "$(dd if="$stick" bs=512 skip=$((start + count - 1)) count=1 status=none | tr -d '\0')" ]] ||
    { echo "     the last sector of core.img ($((start + count - 1))) is all zeros"; return 1; }
}

# fsck_clean PART: fsck.fat -n finds nothing to fix.
fsck_clean() {
  fsck.fat -n -v "$1" >"$1.fsck" 2>&1
  local rc=$?
  if [[ "$rc" != 0 ]] || grep -qiE 'fix|wrong' "$1.fsck"; then
    echo "     fsck.fat -n: exit $rc:"; sed 's/^/     | /' "$1.fsck" | head -n 40; return 1
  fi
}

# short_names_unique PART: in every directory that `mdir -/` lists, no two entries share an
# 8.3 name (compared in upper case; "." and ".." left out).
short_names_unique() {
  mdir -i "$1" -/ ::/ >"$1.mdir" 2>&1 || { echo "     mdir failed:"; sed 's/^/     | /' "$1.mdir"; return 1; }
  perl -CSD -ne '
    if (/^Directory for (.*)$/) { $dir = $1; next; }
    next if !defined $dir || /^\s/ || /^\s*$/;
    my $short = uc(substr($_, 0, 12));
    $short =~ s/\s+$//;
    next if $short eq "." || $short eq "..";
    $count++;
    if ($seen{$dir}{$short}++) { print "     $dir: short name \"$short\" twice\n"; $bad = 1; }
    END { print "     $count short names\n"; exit($bad || !$count ? 1 : 0); }
  ' "$1.mdir"
}

# label_is PART LABEL: the boot sector's label (minfo) and the root directory's volume label
# entry (mdir) are LABEL.
label_is() {
  local got
  got=$(minfo -i "$1" 2>&1 | sed -n 's/^disk label="\(.*\)"$/\1/p' | sed 's/ *$//')
  [[ "$got" == "$2" ]] || { echo "     minfo: boot sector label '$got', wanted '$2'"; return 1; }
  got=$(mdir -i "$1" ::/ 2>&1 | sed -n 's/^ Volume in drive : is \(.*\)$/\1/p' | sed 's/ *$//')
  [[ "$got" == "$2" ]] || { echo "     mdir: volume label entry '$got', wanted '$2'"; return 1; }
}

# fat32 PART: minfo calls the file system FAT32.
fat32() { minfo -i "$1" 2>&1 | grep -q '^disk type="FAT32' || { echo "     not FAT32:"; minfo -i "$1" 2>&1 | grep 'disk type'; return 1; }; }

# one_efi_folder PART: the root has one entry named efi in any case (the ISO's, not a second
# one made for efi/boot), and ::/efi lists exactly boot and microsoft (long names, any case).
one_efi_folder() {
  local n names
  n=$(mdir -i "$1" -b ::/ 2>/dev/null | grep -ci '^::/efi/*$')
  names=$(mdir -i "$1" -b ::/efi 2>/dev/null | sed 's|^::/efi/||I; s|/$||' | tr '[:upper:]' '[:lower:]' | sort | tr '\n' ' ')
  [[ "$n" == 1 && "$names" == "boot microsoft " ]] ||
    { echo "     $n root entries named efi; ::/efi holds: $names"; mdir -i "$1" -/ -b ::/ | sed 's/^/     | /' | grep -i efi; return 1; }
}

for arch in "${ARCHES[@]}"; do
  iso=$arch/windows.iso tree=$arch/tree stick=stick-$arch.img part=part-$arch.img expected=$arch/tree
  volid=$(cat $arch/volume-id)
  label=$(printf '%s' "${volid:0:11}" | tr '[:lower:]' '[:upper:]')
  echo "# $arch: $(basename "$iso") (volume $volid) to a 256 MiB file with --mode windows"
  write_windows write-$arch "$iso" "$stick" --mode windows
  check "$arch: exit 0" rc_is 0
  check "$arch: verified" result_has '.verified == true'
  check "$arch: mode windows" result_has '.mode == "windows"'
  check "$arch: the target is still 256 MiB" test "$(stat -c %s "$stick")" == $STICK_BYTES
  case $arch in
    x86)
      check "x86: JSON windows.uefi false, no bootx64_from" \
        result_has '.windows.uefi == false and .windows.bootx64_from == null' ;;
    x64)
      check "x64: JSON windows.uefi true, bootx64_from \"iso\"" \
        result_has '.windows.uefi == true and .windows.bootx64_from == "iso"' ;;
    x64-wim)
      # bootx64_from names the WIM's path in the ISO's UDF tree.
      check "x64-wim: JSON windows.uefi true, bootx64_from \"/sources/install.wim\"" \
        result_has '.windows.uefi == true and .windows.bootx64_from == "/sources/install.wim"'
      check "x64-wim: no warning that the stick boots on BIOS only" \
        bash -c "! grep -E '$UEFI_WARNING' '$LAST.err' | sed 's/^/     | /' | grep ." ;;
  esac
  check "$arch: JSON windows.split empty or absent" result_has '(.windows.split // []) == []'
  if [[ "$RC" != 0 ]]; then
    echo "skip - $arch: the write failed, so the stick is not examined"
    rm -f "$stick"
    continue
  fi

  mbr_entries "$stick" >"$stick.mbr"
  read -r sig codebytes < "$stick.mbr"
  check "$arch: MBR signature 55aa" test "$sig" == 55aa
  check "$arch: MBR boot code is not zero ($codebytes non-zero bytes)" test "$codebytes" -gt 0
  check "$arch: exactly one partition entry" test "$(awk 'NR > 1 && $3 != "00"' "$stick.mbr" | wc -l)" == 1
  read -r _ status type start sectors < <(sed -n 2p "$stick.mbr")
  check "$arch: partition 1 is FAT32 LBA (0x0c)" test "$type" == 0c
  check "$arch: partition 1 is active (0x80)" test "$status" == 80
  check "$arch: partition 1 starts at LBA 2048" test "$start" == 2048
  check "$arch: partition 1 ends within the target" test $((start + sectors)) -le $STICK_SECTORS
  data=$(du -sb --apparent-size "$tree" | cut -f1)
  if (( start + sectors == STICK_SECTORS )); then
    echo "     partition 1 spans the target ($sectors sectors)"
  else
    echo "     partition 1 does NOT reach the end of the target: $sectors sectors, ends at $((start + sectors)) of $STICK_SECTORS"
  fi
  check "$arch: partition 1 holds at least the ISO's files ($data bytes)" test $((sectors * 512)) -gt "$data"
  check "$arch: GRUB's boot.img in the MBR, core.img in the gap" grub_boot_code "$stick"

  dd if="$stick" of="$part" bs=512 skip="$start" count="$sectors" status=none
  check "$arch: fsck.fat -n finds nothing to fix" fsck_clean "$part"
  check "$arch: the file system is FAT32" fat32 "$part"
  check "$arch: label $label (the volume id cut to 11, upper case)" label_is "$part" "$label"
  check "$arch: 8.3 names unique in every directory" short_names_unique "$part"

  rm -rf "files-$arch" && mkdir "files-$arch"
  LAST=mcopy-$arch; mcopy -s -n -i "$part" '::/*' "files-$arch/" >"$LAST.out" 2>"$LAST.err"; RC=$?
  check "$arch: mcopy -s copies the stick's files out" rc_is 0
  if [[ $arch == x64-wim ]]; then
    # What the stick must hold: the ISO's files plus efi/boot/bootx64.efi = image 1's bootmgfw.efi.
    expected=expected-$arch
    rm -rf "$expected" && cp -a "$tree" "$expected"
    mkdir -p "$expected/efi/boot" && cp "$arch/bootmgfw.efi" "$expected/efi/boot/bootx64.efi"
  fi
  check "$arch: every file byte-identical to the ISO's, nothing missing or extra (boot.catalog aside)" \
    diff -r -x boot.catalog "$expected" "files-$arch"
  check "$arch: the empty folder is there" test -d "files-$arch/Empty Folder"
  check "$arch: the 0-byte file is there" test -f "files-$arch/zero-length.txt" -a ! -s "files-$arch/zero-length.txt"
  check "$arch: the long name is intact" \
    test -f "files-$arch/A file name long enough to need several long-name entries.txt"
  check "$arch: non-ASCII file name intact" test -f "files-$arch/Prüfung ñ 中文.txt"
  check "$arch: non-ASCII folder name intact" test -f "files-$arch/Ünïcödé/Datei.txt"
  check "$arch: 5 folders deep" test -f "files-$arch/deep/level2/level3/level4/level5/deep.txt"
  check "$arch: 4096 and 4097 bytes" test "$(stat -c %s "files-$arch/support/exactly-4096.bin" \
    "files-$arch/support/exactly-4097.bin" 2>/dev/null | tr '\n' ' ')" == "4096 4097 "
  check "$arch: install.wim ($(stat -c %s "$tree/sources/install.wim") bytes) identical" \
    same_file "$tree/sources/install.wim" "files-$arch/sources/install.wim"
  if [[ $arch == x64 ]]; then
    check "x64: efi/boot/bootx64.efi copied as is" \
      same_file "$tree/efi/boot/bootx64.efi" "files-$arch/efi/boot/bootx64.efi"
  fi
  if [[ $arch == x64-wim ]]; then
    check "x64-wim: efi/boot/bootx64.efi is image 1's bootmgfw.efi" \
      same_file "$arch/bootmgfw.efi" "files-$arch/efi/boot/bootx64.efi"
    check "x64-wim: one efi folder in the root, holding boot and microsoft" one_efi_folder "$part"
  fi
  rm -f "$part"
done

# same_stick NAME: the write just made succeeded, and NAME.img is byte for byte the stick the
# first --mode windows write of this ISO made (stick-ARCH.img, removed if that write failed).
same_stick() {
  [[ "$RC" == 0 ]] || { echo "     this write failed (exit $RC)"; return 1; }
  [[ -e "stick-$arch.img" ]] || { echo "     no stick from the first write to compare with"; return 1; }
  same_file "stick-$arch.img" "$1.img"
}

echo "# the same ISO written twice gives the same bytes; --mode auto (the default) picks Windows mode"
for arch in "${ARCHES[@]}"; do
  write_windows again-$arch $arch/windows.iso again-$arch.img --mode windows
  check "$arch written twice: byte-identical" same_stick again-$arch
  rm -f again-$arch.img
  write_windows auto-$arch $arch/windows.iso auto-$arch.img
  check "$arch auto: exit 0" rc_is 0
  check "$arch auto: mode windows" result_has '.mode == "windows"'
  check "$arch auto: verified" result_has '.verified == true'
  check "$arch auto: the same stick as --mode windows" same_stick auto-$arch
  rm -f auto-$arch.img stick-$arch.img
done

echo "# several targets in Windows mode: one stick per size, prepared and read once, each verified"
arch=${ARCHES[${#ARCHES[@]} - 1]}
LARGE_BYTES=$((STICK_BYTES + 64 * 1024 * 1024))
rm -f m1.img m2.img m3.img
truncate -s $STICK_BYTES m1.img m3.img
truncate -s $LARGE_BYTES m2.img
LAST=many-$arch; run_sw $LAST write $arch/windows.iso m1.img m2.img m3.img --unverified --yes --json --mode windows
check "$arch x3: exit 0" rc_is 0
check "$arch x3: 3 of 3 good, each verified in Windows mode" bash -c "grep '\"event\":\"result\"' $LAST.out | jq -e '
  .targets_good == 3 and ([.targets[] | select(.verified and .mode == \"windows\" and .windows.prepared)] | length) == 3' >/dev/null"
check "$arch x3: the stick is prepared once per size (two sizes)" \
  bash -c "[[ \$(jq -c 'select(.event == \"progress\" and .phase == \"prepare\" and .done)' $LAST.out | wc -l) == 2 ]]"
write_windows ref-small $arch/windows.iso ref-small.img --mode windows
check "$arch x3: both targets of 256 MiB hold the stick a single write makes" \
  bash -c "cmp -s m1.img ref-small.img && cmp -s m3.img ref-small.img"
rm -f ref-large.img && truncate -s $LARGE_BYTES ref-large.img
LAST=ref-large; run_sw $LAST write $arch/windows.iso ref-large.img --unverified --yes --json --mode windows
check "$arch x3: the larger target holds the stick a single write of its size makes" cmp -s m2.img ref-large.img
rm -f m1.img m2.img m3.img ref-small.img ref-large.img

# bios_only_wim NAME: NAME/windows.iso (the x64-wim ISO with another NAME/tree/sources/install.wim)
# written in Windows mode: it still succeeds, BIOS-only, with a warning about UEFI; the stick
# holds the ISO's files and no efi/boot/bootx64.efi.
bios_only_wim() {
  local name="$1" start sectors
  windows_udf_iso "$name/windows.iso" "$(cat x64-wim/volume-id)" "$name/tree" >"$name.log" 2>&1 ||
    { echo "FAIL - $name: cannot build its ISO:"; sed 's/^/     | /' "$name.log"; SW_FAILURES=$((SW_FAILURES + 1)); return; }
  write_windows write-$name "$name/windows.iso" stick-$name.img --mode windows
  check "$name: exit 0 (BIOS-only)" rc_is 0
  check "$name: verified" result_has '.verified == true'
  check "$name: JSON windows.uefi false, no bootx64_from" \
    result_has '.windows.uefi == false and .windows.bootx64_from == null'
  check "$name: a warning (or note) line on stderr: UEFI, BIOS only" \
    bash -c "grep -qE '$UEFI_WARNING' '$LAST.err' || { sed 's/^/     | /' '$LAST.err'; exit 1; }"
  check "$name: stderr does not also claim UEFI boot" \
    bash -c "! grep -i 'UEFI[^:]*boot: yes' '$LAST.err' | sed 's/^/     | /' | grep ."
  [[ "$RC" == 0 ]] || { rm -f stick-$name.img; return; }
  read -r _ _ _ start sectors < <(mbr_entries stick-$name.img | sed -n 2p)
  dd if=stick-$name.img of=part-$name.img bs=512 skip="$start" count="$sectors" status=none
  check "$name: fsck.fat -n finds nothing to fix" fsck_clean part-$name.img
  rm -rf "files-$name" && mkdir "files-$name"
  mcopy -s -n -i part-$name.img '::/*' "files-$name/" >/dev/null 2>&1
  check "$name: the ISO's files, no efi/boot/bootx64.efi added" diff -r -x boot.catalog "$name/tree" "files-$name"
  rm -f stick-$name.img part-$name.img
}

if [[ " ${ARCHES[*]} " == *" x64-wim "* ]]; then
  echo "# Windows 7 x64 whose bootmgfw.efi cannot be had: BIOS-only, with a warning"
  # not-a-wim: install.wim has the WIM magic and then garbage.
  mkdir -p not-a-wim && cp -a x64-wim/tree not-a-wim/tree
  perl -e 'srand(11); print "MSWIM\0\0\0", pack("C*", map { int(rand(256)) } 1 .. 65536)' \
    >not-a-wim/tree/sources/install.wim
  bios_only_wim not-a-wim
  # image1-without: a real WIM whose image 1 lacks Windows/Boot/EFI/bootmgfw.efi; image 2 has it
  # (only image 1 counts).
  mkdir -p image1-without && cp -a x64-wim/tree image1-without/tree
  cp -a x64-wim/wim-tree image1-without/img1 && rm image1-without/img1/Windows/Boot/EFI/bootmgfw.efi
  rm image1-without/tree/sources/install.wim
  if wimlib-imagex capture image1-without/img1 image1-without/tree/sources/install.wim "without" >/dev/null &&
     wimlib-imagex append x64-wim/wim-tree image1-without/tree/sources/install.wim "with" >/dev/null; then
    touch -d @1700000000 image1-without/tree/sources/install.wim
    bios_only_wim image1-without
  else
    check "image1-without: wimlib-imagex made its install.wim" false
  fi
fi

echo "# a target too small (24 MiB for 25+ MiB of files) is refused before it is touched"
truncate -s 24M small.img
perl -e 'print "stickwright small target\n" x 1000' | dd of=small.img conv=notrunc status=none
cp small.img small.orig
LAST=small; run_sw $LAST write x86/windows.iso small.img --mode windows --unverified --yes --json
check "too small: exit 3" rc_is 3
check "too small: says how much is needed" bash -c "grep -qiE 'need.*[0-9]' '$LAST.err' ||
  { echo '     stderr does not give the size needed:'; sed 's/^/     | /' '$LAST.err'; exit 1; }"
check "too small: target untouched" same_file small.orig small.img

echo "# a drive with 4096-byte logical sectors is refused: the FAT32 is built for 512"
if [[ "$(id -u)" == 0 ]]; then
  truncate -s 300M sector4k.img
  if LOOP4K=$(losetup -f --show --sector-size 4096 sector4k.img 2>/dev/null); then
    on_exit "losetup -d '$LOOP4K'"
    LAST=sector4k; run_sw $LAST write x86/windows.iso "$LOOP4K" --mode windows --unverified --yes --allow-non-removable
    check "4096-byte sectors: exit 3" rc_is 3
    check "4096-byte sectors: says why" err_has "4096-byte logical sectors"
    check "4096-byte sectors: nothing written" test -z "$(tr -d '\0' < sector4k.img | head -c 1)"
  else
    echo "skip - losetup --sector-size 4096 is not supported here"
  fi
else
  echo "skip - the 4096-byte sector check needs root (losetup)"
fi

echo "# --mode windows on an image that is not a Windows installer is refused"
# not_windows NAME IMAGE: --mode windows refused with exit 1 or 3, "not a Windows installer",
# the target untouched.
not_windows() {
  local name="$1" image="$2"
  truncate -s 64M "$name.target"
  LAST=$name; run_sw "$LAST" write "$image" "$name.target" --mode windows --unverified --yes
  check "$name: refused (exit 1 or 3)" bash -c "[[ $RC == 1 || $RC == 3 ]] || { echo '     exit $RC'; exit 1; }"
  check "$name: says it is not a Windows installer" bash -c "grep -qi 'not a Windows installer' '$LAST.err' ||
    { sed 's/^/     | /' '$LAST.err'; exit 1; }"
  check "$name: target untouched" test -z "$(tr -d '\0' < "$name.target" | head -c 1)"
}
perl -e 'srand(7); print pack("C*", map { int(rand(256)) } 1 .. 1048576)' >data.bin
not_windows data-file data.bin
not_windows hybrid-iso /usr/lib/grub-rescue/grub-rescue-cdrom.iso

echo "# inspect calls them Windows installers"
LAST=inspect-x86; run_sw $LAST inspect x86/windows.iso --json
check "inspect x86: exit 0" rc_is 0
check "inspect x86: windows_installer, arch x86" \
  result_has '.kind == "windows_installer" and .windows.arch == "x86"'
LAST=inspect-x64; run_sw $LAST inspect x64/windows.iso --json
check "inspect x64: windows_installer, arch x64, UEFI" \
  result_has '.kind == "windows_installer" and .windows.arch == "x64" and .windows.uefi == true'
if [[ " ${ARCHES[*]} " == *" x64-wim "* ]]; then
  LAST=inspect-x64-wim; run_sw $LAST inspect x64-wim/windows.iso --json
  check "inspect x64-wim: windows_installer, arch x64" \
    result_has '.kind == "windows_installer" and .windows.arch == "x64"'
  echo "     inspect x64-wim: windows.uefi is $(tail -n 1 "$LAST.out" | jq -c '.windows.uefi')"
fi

sw_summary
