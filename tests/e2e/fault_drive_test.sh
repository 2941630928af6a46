#!/usr/bin/env bash
# Writes to fault drives (e2e/fault_lib.sh): loop devices over a FUSE file that is healthy, dies
# with EIO, wraps around like a counterfeit stick, or drops what is written past a point. Each case
# has its own drive. Needs root and FUSE; skipped (exit 77) otherwise.
# Usage: fault_drive_test.sh PATH/TO/stickwright (fault_fuse's path in $SW_FAULT_FUSE)
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fault_lib.sh"
cd "$SW_TMP"
START=$(date +%s.%N)

if WHY=$(fault_drive_missing) && [[ -n "$WHY" ]]; then
  sw_skip "$WHY"
fi

MIB=$((1024 * 1024))
SIZE=$((6 * MIB + 123))  # two of the pipeline's 4 MiB blocks (writer/pipeline.h)
PADDED=$(( (SIZE + 511) / 512 * 512 ))  # the last sector is padded with zeros
head -c $SIZE /dev/urandom > image.iso
SHA=$(sha256sum image.iso | cut -d' ' -f1)
cp image.iso padded.iso && truncate -s $PADDED padded.iso

# write_to LOOP: writes the image with --json; RC and the result line (result.json) for jq.
write_to() {
  run_sw "$LAST" write image.iso "$1" --hash "$SHA" --yes --allow-non-removable --json
  grep '"event":"result"' "$LAST.out" > "$LAST.result.json"
}
result_is() {  # result_is JQ_FILTER: the result line satisfies the filter
  jq -e "$1" "$LAST.result.json" >/dev/null || { echo "     result lacks $1:"; sed 's/^/     | /' "$LAST.result.json"; return 1; }
}
not_verified() { result_is '.verified == false' && ! grep -q '^Verified' "$LAST.out" "$LAST.err"; }
first_difference() { jq -r '.first_difference' "$LAST.result.json"; }

# first_differing_byte A B: the offset of the first byte where A and B differ (cmp counts from 1).
first_differing_byte() { cmp "$1" "$2" | awk '{ sub(",", "", $5); print $5 - 1 }'; }

echo "# a healthy fault drive: written and verified, the backing file holds the image"
if ! fault_drive healthy 16M; then
  sw_skip "no fault drive could be made here (see above: FUSE mount or losetup over it failed)"
fi
LAST=healthy; write_to "$FAULT_LOOP"
check "exit 0" rc_is 0
check "verified with O_DIRECT" result_is '.verified == true and .verify_method == "O_DIRECT reads"'
check "the backing file holds the image" cmp -s -n $SIZE image.iso healthy.backing
check "then the padding's zeros" cmp -s -i $SIZE:0 -n $((PADDED - SIZE)) healthy.backing /dev/zero

# The error surfaces in the write pass, on the first block that reaches the bad part: the
# pipeline writes 4 MiB blocks, so the block at 4 MiB fails (the kernel logs the sector, 10240),
# the message names its start, and the block before it is on the stick. Nothing is synced or read
# back.
echo "# a dying stick: EIO from 5 MiB on, inside the image"
EIO_AT=$((5 * MIB))
check "a drive that fails with EIO" fault_drive dying 16M --eio-after $EIO_AT
LAST=dying; write_to "$FAULT_LOOP"
check "exit 4 (I/O error on the target)" rc_is 4
check "the message names the target and the failed block" \
  err_has "cannot write at byte $((4 * MIB)) of $FAULT_LOOP: Input/output error"
check "the failed block holds the bad offset" \
  result_is ".bytes_written == $((4 * MIB)) and $EIO_AT - .bytes_written < $((4 * MIB))"
check "failed in the write pass: no sync, no read-back" \
  bash -c "! grep -q '\"phase\":\"sync\"\\|\"phase\":\"verify\"' '$LAST.out'"
check "not verified" not_verified
check "the stick holds the image up to the failed block" cmp -s -n $((4 * MIB)) image.iso dying.backing

# A counterfeit stick: 1 MiB real, 16 MiB claimed. The image's MiBs from 1 to 6 are stored again
# from byte 0, so the start reads back the last pass over it: bytes [0, 512) are the image's last
# sector (from 6 MiB), bytes [512, 1 MiB) the image's [5 MiB + 512, 6 MiB). The first difference
# is therefore not at or past 1 MiB, but at the start, where the first re-written MiB (the one at
# 1 MiB) landed: byte 0, unless the random image happens to agree there. The test builds what the
# stick reads back and asks cmp where it first differs from the image.
echo "# a counterfeit stick that wraps around at 1 MiB"
WRAP=$MIB
truncate -s $WRAP wrapped.store
for ((at = 0; at < PADDED; at += WRAP)); do
  dd if=padded.iso of=wrapped.store bs=$WRAP skip=$((at / WRAP)) count=1 conv=notrunc status=none
done
for ((at = 0; at < PADDED; at += WRAP)); do cat wrapped.store; done | head -c $PADDED > wrapped.readback
WRAP_DIFF=$(first_differing_byte padded.iso wrapped.readback)
echo "# the model of the stick first differs from the image at byte $WRAP_DIFF"
check "a drive that wraps around" fault_drive counterfeit 16M --wrap $WRAP
LAST=counterfeit; write_to "$FAULT_LOOP"
check "exit 5 (verification failed)" rc_is 5
check "first_difference where wrap-around puts it ($WRAP_DIFF), before the wrap size" \
  result_is ".first_difference == $WRAP_DIFF and .first_difference < $WRAP"
check "the message gives the first difference" err_has "first difference at byte $WRAP_DIFF"
check "not verified" not_verified
check "the stick holds only the last pass over its 1 MiB" cmp -s -n $WRAP wrapped.store counterfeit.backing

echo "# a fake stick that drops what is written from 3 MiB + 1000 on and reads zeros there"
DROP=$((3 * MIB + 1000))
cp padded.iso dropped.readback
truncate -s $DROP dropped.readback && truncate -s $PADDED dropped.readback
DROP_DIFF=$(first_differing_byte padded.iso dropped.readback)
check "a drive that drops writes" fault_drive dropping 16M --drop-after $DROP
LAST=dropping; write_to "$FAULT_LOOP"
check "exit 5 (verification failed)" rc_is 5
check "first_difference at or past the drop point ($DROP_DIFF >= $DROP)" \
  result_is ".first_difference == $DROP_DIFF and .first_difference >= $DROP"
check "not verified" not_verified
check "the backing file holds the image up to the drop point" cmp -s -n $DROP image.iso dropping.backing

echo "# $(awk -v s="$START" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s"
sw_summary
