#!/usr/bin/env bash
# stickwright check on real block devices: a genuine loop device (its data is the same before
# and after), and fault drives (e2e/fault_lib.sh: a loop device over a FUSE file) that announce
# 1 GiB but keep 128 MiB, one wrapping around and one dropping writes: each gets its verdict and
# its real capacity (within 1 MiB) in seconds; write --check refuses a fake before writing.
# Needs root (loop devices) and FUSE for the fakes; skipped (exit 77) otherwise.
# Usage: check_test.sh PATH/TO/stickwright (fault_fuse's path in $SW_FAULT_FUSE)
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fault_lib.sh"
cd "$SW_TMP"
command -v jq >/dev/null || sw_skip "jq is missing (scripts/test installs it)"
require_fault_drive
MIB=$((1024 * 1024))

# result FILTER: the result object of $LAST passes the jq filter.
result() { jq -e "select(.event == \"result\") | $1" "$LAST.out" >/dev/null || { echo "     result fails $1:"; grep result "$LAST.out" | sed 's/^/     | /'; return 1; }; }

echo "# a genuine stick: genuine, its data unchanged"
head -c $((256 * MIB)) /dev/urandom >genuine.img
GENUINE=$(losetup -f --show genuine.img) || sw_skip "losetup cannot attach a loop device here"
on_exit "losetup -d '$GENUINE'"
BEFORE=$(sha256sum <"$GENUINE" | cut -d' ' -f1)
LAST=genuine; run_sw $LAST check "$GENUINE" --yes --allow-non-removable --json
check "exit 0" rc_is 0
check "verdict genuine, real = announced" result '.verdict == "genuine" and .real_bytes == .announced_bytes and .announced_bytes == 268435456'
check "speeds measured" result '.write_mb_s > 0 and .read_mb_s > 0 and .speed_bytes > 0'
check "in seconds" result '.seconds < 30'
check "the stick's data is unchanged" bash -c "[[ \$(sha256sum <'$GENUINE' | cut -d' ' -f1) == $BEFORE ]]"

for kind in wrap drop; do
  echo "# a fake that announces 1 GiB and keeps 128 MiB ($kind)"
  opt=--wrap; [[ $kind == drop ]] && opt=--drop-after
  fault_drive fake-$kind 1G $opt $((128 * MIB)) >/dev/null || { check "the $kind fault drive is made" false; continue; }
  LAST=$kind; run_sw $LAST check "$FAULT_LOOP" --yes --allow-non-removable --json
  check "$kind: exit 7" rc_is 7
  check "$kind: counterfeit" result '.verdict == "counterfeit" and .status == "bad_stick"'
  check "$kind: real capacity within 1 MiB of 128 MiB" result "(.real_bytes - $((128 * MIB)) | fabs) <= $MIB"
  check "$kind: announced 1 GiB" result ".announced_bytes == $((1024 * MIB))"
  check "$kind: in seconds" result '.seconds < 30'
  if [[ $kind == wrap ]]; then
    check "wrap: it says it wraps" result ".wraps_at == $((128 * MIB))"
  fi
  LAST=$kind-human; run_sw $LAST check "$FAULT_LOOP" --yes --allow-non-removable
  check "$kind: words: announces and holds" out_has "announces 1.1 GB, holds 134 MB: writing past 134 MB is lost"
  echo "# write --check refuses the $kind fake before writing"
  head -c $((2 * MIB)) /dev/urandom >image.img
  LAST=$kind-write; run_sw $LAST write image.img "$FAULT_LOOP" --unverified --yes --allow-non-removable --check
  check "$kind write --check: exit 7" rc_is 7
  check "$kind write --check: says counterfeit" err_has "is counterfeit"
  check "$kind write --check: the image was not written" bash -c "! cmp -s -n $((2 * MIB)) image.img '$FAULT_LOOP'"
done
sw_summary
