#!/usr/bin/env bash
# Windows mode and files of 4 GiB or more (FAT32 holds at most 4 GiB - 1 bytes per file):
# - a look-alike ISO whose sources/install.wim is a real WIM of 4200 MiB (make_windows_iso.sh big)
#   is written to a growable regular file (empty: it grows as written): exit 0, verified,
#   fsck.fat clean, no install.wim on the stick but install.swm and install2.swm (wimlib_split,
#   3800 MiB parts), each under 4 GiB, which wimlib-imagex verifies (--ref the other part) and
#   applies to exactly the files the original WIM was made from; every other file as on the ISO;
#   JSON windows.split = [{"path":"/sources/install.wim","parts":2}]; stickwright's temporary
#   files (under $TMPDIR, pointed into this test's directory) are gone afterwards;
# - an ISO with a 4 GiB file that is not a WIM (make_windows_iso.sh huge: sources/huge.bin) is
#   refused: exit 1, a message naming FAT32 and 4 GiB, the target untouched.
# Cost, measured on a 2-CPU VM (22 GiB RAM, a ~290 MB/s disk): about 2.5 minutes, ~28 GiB
# written to the disk and ~9 GiB read from it (more is read from the page cache), and ~8.4 GiB
# in the temporary directory at once (the stick and the split parts; before that the WIM's
# temporary copy and the parts). So it skips (exit 77) when that directory has less than
# SW_SPLIT_NEED_GIB free, and under the sanitizer build (STICKWRIGHT_SANITIZE=1 or ON
# in the environment: tests/CMakeLists.txt passes the cache variable), where it would take far
# longer and find nothing the ci (Release) build does not.
# Usage: windows_split_test.sh PATH/TO/stickwright
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/../windows/windows_lib.sh"
cd "$SW_TMP" || exit 1

SW_SPLIT_IO_GIB=35     # read and written at the disk, measured (/proc/diskstats)
SW_SPLIT_NEED_GIB=12   # 8.4 GiB measured at the peak, and room to spare
if [[ "${STICKWRIGHT_SANITIZE:-0}" =~ ^(1|ON|TRUE|YES)$ ]]; then
  sw_skip "runs in the ci preset only: $SW_SPLIT_IO_GIB GiB of I/O"
fi

export PATH="$PATH:/usr/sbin:/sbin"      # fsck.fat: not on a Debian user's PATH
export LC_ALL=C.UTF-8
export MTOOLS_SKIP_CHECK=1
for tool in jq perl mcopy mdir fsck.fat wimlib-imagex fallocate; do
  if ! command -v $tool >/dev/null; then
    sw_skip "$tool is missing (scripts/lib.sh SW_TEST_PACKAGES installs it)"
  fi
done
free_gib=$(( $(df -P -B1 "$SW_TMP" | awk 'NR == 2 { print $4 }') >> 30 ))
if (( free_gib < SW_SPLIT_NEED_GIB )); then
  sw_skip "$SW_TMP has $free_gib GiB free; this test needs $SW_SPLIT_NEED_GIB GiB (a 4200 MiB WIM, its temporary copy and split parts, and the stick)"
fi
echo "     $free_gib GiB free in $(dirname "$SW_TMP")"

# The peak of this test's disk use, sampled every second (for the report at the end).
( peak=0
  while sleep 1; do
    used=$(du -s -B1M "$SW_TMP" 2>/dev/null | cut -f1)
    (( used > peak )) && { peak=$used; echo "$peak" >"$SW_TMP/peak-mib"; }
  done ) &
SAMPLER=$!
on_exit "kill $SAMPLER 2>/dev/null; wait $SAMPLER 2>/dev/null"

# stickwright's temporary files go here, so they are counted, checked and cleaned up.
export TMPDIR="$SW_TMP/tmp"
mkdir -p "$TMPDIR"

T0=$SECONDS
took() { echo "     ($1: $((SECONDS - T0)) s)"; T0=$SECONDS; }

le_at() { od -An --endian=little -tu"$3" -j "$2" -N "$3" "$1" | tr -d ' '; }

# fsck_clean PART: fsck.fat -n finds nothing to fix.
fsck_clean() {
  fsck.fat -n -v "$1" >"$1.fsck" 2>&1
  local rc=$?
  if [[ "$rc" != 0 ]] || grep -qiE 'fix|wrong' "$1.fsck"; then
    echo "     fsck.fat -n: exit $rc:"; sed 's/^/     | /' "$1.fsck" | head -n 40; return 1
  fi
}

# tmp_empty: nothing of stickwright's is left in $TMPDIR.
tmp_empty() {
  [[ -z "$(ls -A "$TMPDIR")" ]] || { echo "     left in \$TMPDIR:"; find "$TMPDIR" | sed 's/^/     | /'; return 1; }
}

echo "# a 4 GiB file that is not a WIM (sources/huge.bin) is refused"
windows_iso huge huge
took "built the ISO with the 4 GiB huge.bin"
: >huge-stick.img
LAST=huge; run_sw $LAST write huge/windows.iso huge-stick.img --mode windows --unverified --yes --json
check "huge.bin: refused with exit 1" rc_is 1
check "huge.bin: the message says FAT32" err_has FAT32
check "huge.bin: the message says 4 GiB" err_has '4 GiB'
check "huge.bin: the message names the file" err_has huge.bin
check "huge.bin: the target is still empty" test ! -s huge-stick.img
check "huge.bin: no temporary files left" tmp_empty
rm -rf huge huge-stick.img
took "refused"

echo "# a 4200 MiB install.wim is split into install.swm and install2.swm"
windows_iso big big
took "built the ISO with the 4200 MiB install.wim"
wim_bytes=$(stat -c %s big/tree/sources/install.wim)
check "the ISO's install.wim is over 4 GiB - 1 ($wim_bytes bytes)" test "$wim_bytes" -gt 4294967295
: >stick.img   # empty: a growable target
LAST=big; run_sw $LAST write big/windows.iso stick.img --mode windows --unverified --yes --json
check "big: exit 0" rc_is 0
check "big: verified" result_has '.verified == true'
check "big: mode windows" result_has '.mode == "windows"'
check "big: JSON windows.split names install.wim, 2 parts" \
  result_has '.windows.split == [{"path": "/sources/install.wim", "parts": 2}]'
check "big: JSON no UEFI boot (no efi folder on this ISO)" \
  result_has '.windows.uefi == false and .windows.bootx64_from == null'
check "big: no temporary files left" tmp_empty
took "written (stick $(( $(stat -c %s stick.img) >> 20 )) MiB, $(( $(du -B1M stick.img | cut -f1) )) MiB allocated)"
tail -n 1 "$LAST.out" | jq -c '{windows, seconds, bytes_written}' | sed 's/^/     /'
rm -f big/windows.iso
if [[ "$RC" != 0 ]]; then
  echo "skip - the write failed, so the stick is not examined"
  sw_summary
  exit
fi

start=$(le_at stick.img 454 4) sectors=$(le_at stick.img 458 4)
check "big: partition 1 at LBA 2048, type 0x0c" \
  test "$start/$(od -An -tx1 -j 450 -N 1 stick.img | tr -d ' ')" == 2048/0c
# The partition on its own, for fsck.fat: cut the first MiB away in place where the file system
# can (no 4 GiB copy), else copy it out.
if fallocate --collapse-range --offset 0 --length $((start * 512)) stick.img 2>/dev/null; then
  truncate -s $((sectors * 512)) stick.img
  mv stick.img part.img
else
  dd if=stick.img of=part.img bs=1M iflag=skip_bytes,count_bytes skip=$((start * 512)) \
    count=$((sectors * 512)) status=none
  rm -f stick.img
fi
check "big: fsck.fat -n finds nothing to fix" fsck_clean part.img
check "big: /sources holds install.swm, install2.swm, setup.exe and no install.wim" \
  test "$(mdir -i part.img -b ::/sources 2>&1 | sed 's|^::/sources/||' | sort | tr '\n' ' ')" == \
  "install.swm install2.swm setup.exe "
took "fsck and listing"

rm -rf files && mkdir files
LAST=mcopy; mcopy -s -n -i part.img '::/*' files/ >"$LAST.out" 2>"$LAST.err"; RC=$?
check "big: mcopy -s copies the stick's files out" rc_is 0
rm -f part.img
check "big: every other file identical to the ISO's" \
  diff -r -x boot.catalog -x install.wim -x '*.swm' big/tree files
for p in install.swm install2.swm; do
  size=$(stat -c %s files/sources/$p 2>/dev/null || echo 0)
  check "big: $p is $size bytes, more than 0 and under 4 GiB" \
    test "$size" -gt 0 -a "$size" -le 4294967295
done
took "copied out"

wim_info() { wimlib-imagex info "$@" 2>&1 | sed -n 's/^\(GUID\|Image Count\|Part Number\): *//p' | tr '\n' ' '; }
guid=$(wimlib-imagex info big/tree/sources/install.wim 2>&1 | sed -n 's/^GUID: *//p')
check "big: install.swm is part 1/2 of the WIM (GUID $guid), 1 image" \
  test "$(wim_info files/sources/install.swm)" == "$guid 1 1/2 "
check "big: install2.swm is part 2/2 of the same WIM" \
  test "$(wim_info files/sources/install2.swm)" == "$guid 1 2/2 "
LAST=wimverify; wimlib-imagex verify files/sources/install.swm --ref="files/sources/install*.swm" \
  >"$LAST.out" 2>"$LAST.err"; RC=$?
check "big: wimlib-imagex verify of the parts succeeds" rc_is 0
took "wimlib-imagex verify"
# verify proved every blob matches its SHA-1; now the parts must list the same files with the
# same SHA-1s and sizes as the original WIM (big/install.wim.sha1), and give back the small
# files and big6.dat (in part 2) byte for byte. (Applying all 4200 MiB and comparing takes
# ~25 s more and shows nothing new.)
wimlib-imagex dir files/sources/install.swm 1 --detailed --ref="files/sources/install*.swm" 2>&1 |
  perl -ne '
    if (/^Full Path\s+= "(.*)"$/) { $path = $1; next; }
    if (/^Hash\s+= 0x([0-9a-f]{40})$/) { $hash = $1; next; }
    if (/^Uncompressed size = (\d+) bytes$/ && $hash ne "0" x 40) { print "$hash $1 $path\n"; }
  ' | sort -k3 >parts.sha1
check "big: the parts list the original WIM's files, SHA-1s and sizes ($(wc -l <big/install.wim.sha1) files)" \
  diff big/install.wim.sha1 parts.sha1
(cd big/wim-tree && find . -type f ! -name 'big[1-5].dat' | sed 's|^\.||') >extract.list
LAST=wimextract; wimlib-imagex extract files/sources/install.swm 1 @extract.list --dest-dir=extracted \
  --preserve-dir-structure --no-globs --ref="files/sources/install*.swm" >"$LAST.out" 2>"$LAST.err"; RC=$?
check "big: wimlib-imagex extract from the parts succeeds" rc_is 0
check "big: the small files and big6.dat extracted from the parts are the originals" \
  diff -r -x 'big[1-5].dat' big/wim-tree extracted
took "wimlib-imagex dir, extract and diff"
rm -rf extracted files

echo "     peak disk use of this test: $(cat "$SW_TMP/peak-mib" 2>/dev/null || echo '?') MiB"
sw_summary
