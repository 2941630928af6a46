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

echo "# a raw capture of the whole drive, replacing with --yes"
LAST=raw; run_sw $LAST read "$LOOP" whole.img --allow-non-removable
check "exit 0" rc_is 0
check "raw image is the whole device" same_file source.img whole.img

echo "# the capture is written to another drive, which finds its sidecar"
LAST=copy; run_sw $LAST write out.img.zst "$LOOP2" --allow-non-removable --yes --json
check "exit 0" rc_is 0
check "verified" out_has '"verified":true'
check "hash found in the sidecar" err_has "out.img.zst.sha256"
check "second drive starts with the image" prefix_equals image.img copy.img

sw_summary
