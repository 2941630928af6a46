#!/usr/bin/env bash
# Compressed images (gzip, xz, zstd, bzip2) written and verified as they stream: to regular
# files always, and to a loop device this script attaches itself when run as root. The hash rules
# (the file as downloaded, or its decompressed content), the size check before writing, and
# corrupt or truncated streams.
# Usage: compressed_test.sh PATH/TO/stickwright
source "$(dirname "$0")/lib.sh"
cd "$SW_TMP"

for tool in gzip xz zstd bzip2 jq; do
  if ! command -v $tool >/dev/null; then
    sw_skip "$tool is missing (scripts/lib.sh SW_TEST_PACKAGES installs it)"
  fi
done

# result_is FILTER EXPECTED: the result object (last line of --json stdout) gives EXPECTED.
result_is() {
  local got
  got=$(tail -n 1 "$LAST.out" | jq -c "$1" 2>&1)
  [[ "$got" == "$2" ]] || { echo "     $1 is $got, wanted $2"; return 1; }
}

# A 9 MiB + 77 byte image whose blocks are not all alike (so every format has work to do).
SIZE=$((9 * 1024 * 1024 + 77))
head -c $SIZE /dev/urandom > image.img
head -c $((4 * 1024 * 1024)) /dev/zero >> image.img
SIZE=$(stat -c %s image.img)
SHA=$(sha256sum image.img | cut -d' ' -f1)
gzip -k -6 image.img
xz -k -T1 image.img
zstd -q -k image.img -o image.img.zst
bzip2 -k image.img

for ext in gz xz zst bz2; do
  case $ext in gz) fmt=gzip ;; xz) fmt=xz ;; zst) fmt=zstd ;; bz2) fmt=bzip2 ;; esac
  echo "# $fmt: written to a file and read back as the decompressed image"
  : > "target.$ext"
  FILESHA=$(sha256sum "image.img.$ext" | cut -d' ' -f1)
  LAST=$ext; run_sw $LAST write "image.img.$ext" "target.$ext" --hash "$FILESHA" --yes --json
  check "$fmt: exit 0" rc_is 0
  check "$fmt: the target holds the decompressed image" cmp -s -n $SIZE image.img "target.$ext"
  check "$fmt: verified" result_is .verified true
  check "$fmt: image_bytes is the decompressed size" result_is .image_bytes $SIZE
  check "$fmt: sha256 is the decompressed image's" result_is .sha256 "\"$SHA\""
  check "$fmt: compression named" result_is .compression.format "\"$fmt\""
  check "$fmt: the file's own sha256 reported" result_is .compression.file_sha256 "\"$FILESHA\""
  check "$fmt: the checksum matched the file as downloaded" \
    result_is .expected.matched_on '"the compressed file as downloaded"'
  LAST=$ext-verify; run_sw $LAST verify "image.img.$ext" "target.$ext"
  check "$fmt: verify command: exit 0" rc_is 0
done

echo "# a checksum of the decompressed image also matches, and says so"
: > target.content
LAST=content; run_sw $LAST write image.img.xz target.content --hash "$SHA" --yes --json
check "exit 0" rc_is 0
check "matched the decompressed image" result_is .expected.matched_on '"the decompressed image"'
check "written" cmp -s -n $SIZE image.img target.content

echo "# a SHA256SUMS next to the image listing the compressed file is found and used"
mkdir -p pub && cp image.img.zst pub/ && (cd pub && sha256sum image.img.zst > SHA256SUMS)
: > target.sums
LAST=sums; run_sw $LAST write pub/image.img.zst target.sums --yes --json
check "exit 0" rc_is 0
check "from SHA256SUMS" bash -c "tail -n 1 '$LAST.out' | jq -r .expected.source | grep -q SHA256SUMS"

echo "# a digest that matches neither: exit 2, both digests shown, nothing written"
WRONG=$(printf '%s' "$SHA" | tr '0-9a-f' '1-9a-f0')
: > target.wrong
LAST=wrong; run_sw $LAST write image.img.gz target.wrong --hash "$WRONG" --yes
check "exit 2" rc_is 2
check "names the compressed file's digest" err_has "compressed file has"
check "names the decompressed image's digest" err_has "decompressed image has sha256 $SHA"
check "nothing written" test ! -s target.wrong

echo "# bzip2 records no size: the hash pass stops once the content passes the target, before writing"
truncate -s 8M small.img
cp small.img small.orig
LAST=small; run_sw $LAST write image.img.bz2 small.img --unverified --yes
check "exit 3" rc_is 3
check "says it needs more than the target holds" err_has "the image needs more than 8388608 bytes (decompressing image.img.bz2 was stopped at [0-9]* bytes) but small.img holds only 8388608; use a larger drive. Nothing was written."
check "target untouched" same_file small.orig small.img

echo "# corrupt and truncated streams fail cleanly, before the target is touched"
cp image.img.xz corrupt.img.xz
printf '\xff\xff\xff\xff' | dd of=corrupt.img.xz bs=1 seek=$(( $(stat -c %s image.img.xz) / 2 )) conv=notrunc status=none
head -c $(( $(stat -c %s image.img.gz) / 2 )) image.img.gz > truncated.img.gz
head -c $(( $(stat -c %s image.img.zst) - 100 )) image.img.zst > truncated.img.zst
for bad in corrupt.img.xz truncated.img.gz truncated.img.zst; do
  : > "target.$bad"
  LAST=$bad; run_sw $LAST write "$bad" "target.$bad" --unverified --yes
  check "$bad: exit 1" rc_is 1
  check "$bad: the message names the file" err_has "$bad"
  check "$bad: nothing written" test ! -s "target.$bad"
  check "$bad: never a crash" test "$RC" -lt 128
done
check "corrupt: says corrupt" bash -c "grep -qi corrupt corrupt.img.xz.err"
check "truncated: says truncated" bash -c "grep -qi truncated truncated.img.gz.err"

echo "# inspect sees through the compression"
LAST=inspect; run_sw $LAST inspect image.img.xz --json
check "inspect: exit 0" rc_is 0
check "inspect: compression xz" result_is .compression '"xz"'
check "inspect: size from the xz index" result_is .size $SIZE

if [[ "$(id -u)" == 0 ]]; then
  echo "# a loop device, written from each format, read back with O_DIRECT"
  truncate -s 32M backing.img
  if LOOP=$(losetup -f --show backing.img); then
    on_exit "losetup -d '$LOOP'"
    for ext in gz xz zst bz2; do
      LAST=loop-$ext; run_sw $LAST write "image.img.$ext" "$LOOP" --unverified --yes \
        --allow-non-removable --json
      check "loop $ext: exit 0" rc_is 0
      check "loop $ext: the device holds the image" cmp -s -n $SIZE image.img "$LOOP"
      check "loop $ext: verified with O_DIRECT" result_is .verify_method '"O_DIRECT reads"'
      dd if=/dev/zero of="$LOOP" bs=1M count=16 oflag=direct status=none
    done
  else
    echo "skip - losetup cannot attach a loop device here"
  fi
else
  echo "skip - loop device part needs root"
fi

sw_summary
