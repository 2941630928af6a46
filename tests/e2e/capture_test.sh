#!/usr/bin/env bash
# `stickwright read`: capture a loop device this script attaches itself over a file in its own
# temporary directory (detached by exact name on every exit path) as a .zst image, check the
# image and its sidecar, then write the capture to a second loop device, which finds the sidecar.
# Needs root; skipped (exit 77) otherwise.
# Usage: capture_test.sh PATH/TO/stickwright
source "$(dirname "$0")/lib.sh"
cd "$SW_TMP"

if [[ "$(id -u)" != 0 ]]; then
  sw_skip "capture tests need root (losetup); run scripts/test as root"
fi
if ! command -v zstd >/dev/null; then
  sw_skip "the zstd tool is not installed (it checks the captured image)"
fi

truncate -s 32M source.img
if ! LOOP=$(losetup -f --show source.img); then
  sw_skip "losetup cannot attach a loop device here (no loop support in this kernel or container)"
fi
on_exit "losetup -d '$LOOP'"
truncate -s 32M copy.img
if ! LOOP2=$(losetup -f --show copy.img); then
  sw_skip "losetup cannot attach a second loop device here"
fi
on_exit "losetup -d '$LOOP2'"
echo "# reading $LOOP, writing the capture to $LOOP2"

SIZE=$((6 * 1024 * 1024 + 123))
head -c $SIZE /dev/urandom > image.img
SHA=$(sha256sum image.img | cut -d' ' -f1)

LAST=put; run_sw $LAST write image.img "$LOOP" --allow-non-removable --yes --hash "$SHA"
check "the image is written to $LOOP" rc_is 0
cp source.img source.before

echo "# read without --allow-non-removable: a loop device is refused"
LAST=noflag; run_sw $LAST read "$LOOP" out.img.zst --size $SIZE
check "exit 3" rc_is 3
check "says why" err_has "allow-non-removable"
check "no image made" test ! -e out.img.zst

echo "# read the image's bytes as .zst"
LAST=read; run_sw $LAST read "$LOOP" out.img.zst --allow-non-removable --size $SIZE --json
check "exit 0" rc_is 0
check "result names the command" out_has '"command":"read"'
check "verified" out_has '"verified":true'
check "drive digest is the image's" out_has "\"sha256\":\"$SHA\""
check "compression zstd" out_has '"compression":"zstd"'
check "no partial file left" test ! -e out.img.zst.part
zstd -q -d -c out.img.zst > out.img
check "decompressed bytes equal the image" same_file image.img out.img
check "sidecar matches sha256sum" sha256sum --quiet -c out.img.zst.sha256
check "sidecar names the file" grep -q "  out.img.zst\$" out.img.zst.sha256
check "the drive was not written" same_file source.before source.img

echo "# an existing image is not replaced without --yes"
LAST=exists; run_sw $LAST read "$LOOP" out.img.zst --allow-non-removable --size $SIZE
check "exit 3" rc_is 3
check "says it exists" err_has "exists already"

LAST=replace; run_sw $LAST read "$LOOP" out.img.zst --allow-non-removable --size $SIZE --yes
check "with --yes it is replaced: exit 0" rc_is 0
check "the sidecar still matches" sha256sum --quiet -c out.img.zst.sha256

echo "# a raw capture of the whole drive"
LAST=raw; run_sw $LAST read "$LOOP" whole.img --allow-non-removable
check "exit 0" rc_is 0
check "raw image is the whole device" same_file source.img whole.img

echo "# the image may not be written into a file system of the drive being read"
truncate -s 32M fs.img
if command -v mkfs.ext4 >/dev/null && mkfs.ext4 -q fs.img && LOOPFS=$(losetup -f --show fs.img); then
  on_exit "losetup -d '$LOOPFS'"
  mkdir mnt
  if mount "$LOOPFS" mnt; then
    on_exit "umount '$SW_TMP/mnt'"
    LAST=inside; run_sw $LAST read "$LOOPFS" mnt/self.img --allow-non-removable --size 1M
    check "exit 3" rc_is 3
    check "says it holds the image's directory" err_has "holds the image file"
    check "says nothing was read" err_has "refusing to read"
    check "no image made" test ! -e mnt/self.img -a ! -e mnt/self.img.part
  else
    echo "# (cannot mount here; not checked)"
  fi
else
  echo "# (no mkfs.ext4 or no third loop device; not checked)"
fi

echo "# a write-protected drive may be read (never written)"
if LOOPRO=$(losetup -r -f --show source.img); then
  on_exit "losetup -d '$LOOPRO'"
  LAST=ro; run_sw $LAST read "$LOOPRO" ro.img --allow-non-removable --size $SIZE
  check "read-only drive: exit 0" rc_is 0
  check "read-only drive: the image's bytes" same_file image.img ro.img
  LAST=rowrite; run_sw $LAST write image.img "$LOOPRO" --allow-non-removable --yes --hash "$SHA"
  check "read-only drive: write still refused (exit 3)" rc_is 3
else
  echo "# (no read-only loop device here; not checked)"
fi

echo "# interrupted (SIGINT): exit 130, no partial image under any name"
"$SW_BIN" read "$LOOP" stop.img.xz --allow-non-removable >stop.out 2>stop.err </dev/null &
PID=$!
sleep 1
kill -INT $PID
wait $PID
RC=$?; LAST=stop
check "exit 130" rc_is 130
check "says interrupted" err_has "interrupted after"
check "no image" test ! -e stop.img.xz
check "no partial file" test ! -e stop.img.xz.part
check "no sidecar" test ! -e stop.img.xz.sha256

echo "# the capture is written to another drive, which finds its sidecar"
LAST=copy; run_sw $LAST write out.img.zst "$LOOP2" --allow-non-removable --yes --json
check "exit 0" rc_is 0
check "verified" out_has '"verified":true'
check "hash found in the sidecar" out_has '"source":"[^"]*out.img.zst.sha256"'
check "matched the compressed file" err_has "matched the compressed file"
check "second drive starts with the image" prefix_equals image.img copy.img

sw_summary
