#!/usr/bin/env bash
# One image to several sticks at once (write IMAGE TARGET...): four loop devices of different
# sizes all hold the image; with a fault drive (e2e/fault_lib.sh) that fails with EIO among them,
# that one is reported failed and the others are verified; the audit log has a record per target.
# Needs root (loop devices) and, for the failing target, FUSE; skipped (exit 77) otherwise.
# Usage: multi_write_test.sh PATH/TO/stickwright (fault_fuse's path in $SW_FAULT_FUSE)
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fault_lib.sh"
cd "$SW_TMP"
[[ $(id -u) == 0 ]] || sw_skip "loop devices need root; run scripts/test as root"
command -v jq >/dev/null || sw_skip "jq is missing (scripts/test installs it)"

MIB=$((1024 * 1024))
SIZE=$((6 * MIB + 123))
head -c $SIZE /dev/urandom >image.iso
SHA=$(sha256sum image.iso | cut -d' ' -f1)

# attach_file NAME MIB: a loop device over a zero file of that size; its name in LOOPS[NAME].
declare -A LOOPS
attach_file() {
  truncate -s "$2M" "$1.img"
  local dev
  dev=$(losetup -f --show "$1.img") || return 1
  on_exit "losetup -d '$dev'"
  LOOPS[$1]=$dev
}
for n in a:8 b:12 c:16 d:24; do
  attach_file "${n%%:*}" "${n##*:}" || sw_skip "losetup cannot attach a loop device here"
done

echo "# four targets of different sizes: each holds the image, verified"
LAST=four; run_sw $LAST write image.iso "${LOOPS[a]}" "${LOOPS[b]}" "${LOOPS[c]}" "${LOOPS[d]}" \
  --hash "$SHA" --yes --allow-non-removable --json
check "exit 0" rc_is 0
check "the result: 4 of 4 good, each verified" bash -c "grep '\"event\":\"result\"' $LAST.out | jq -e '
  .status == \"ok\" and .targets_good == 4 and .targets_total == 4 and
  ([.targets[] | select(.verified == true and .sha256 == \"$SHA\")] | length) == 4' >/dev/null"
for n in a b c d; do
  check "$n holds the image" cmp -s -n $SIZE image.iso "$n.img"
done
check "progress events name their target" bash -c "grep -q '\"event\":\"progress\",\"target\":\"${LOOPS[c]}\"' $LAST.out"
check "the hash pass ran once (one hash phase start)" bash -c "[[ \$(grep -c '\"phase\":\"hash\",\"bytes\":0,' $LAST.out) == 1 ]]"
check "the audit log: a verified record per target" bash -c "[[ \$(jq -s '[.[] | select(.result == \"verified\")] | length' '$STICKWRIGHT_LOG') == 4 ]]"

echo "# one target refused (too small) refuses all, naming it; nothing is written"
truncate -s 2M tiny.img
TINY=$(losetup -f --show tiny.img) && on_exit "losetup -d '$TINY'"
dd if=/dev/zero of=a.img bs=1M count=8 conv=notrunc status=none
LAST=tiny; run_sw $LAST write image.iso "${LOOPS[a]}" "$TINY" --hash "$SHA" --yes --allow-non-removable
check "exit 3" rc_is 3
check "names the small target" err_has "$TINY"
check "the other target untouched" cmp -s -n $SIZE a.img /dev/zero

echo "# a failing target among good ones: it fails with exit 4, the others are verified"
if WHY=$(fault_drive_missing) && [[ -n "$WHY" ]]; then
  echo "skip - the failing-target case: $WHY"
elif fault_drive dying 16M --eio-after $((5 * MIB)); then
  for n in a b c; do dd if=/dev/zero of="$n.img" bs=1M count=8 conv=notrunc status=none; done
  : >"$STICKWRIGHT_LOG"
  LAST=mixed; run_sw $LAST write image.iso "${LOOPS[a]}" "$FAULT_LOOP" "${LOOPS[b]}" "${LOOPS[c]}" \
    --hash "$SHA" --yes --allow-non-removable --json
  check "exit 4 (the most serious of the targets' failures)" rc_is 4
  check "the result: 3 of 4 good; the dying one failed with its reason" bash -c "grep '\"event\":\"result\"' $LAST.out | jq -e '
    .status == \"target_io_error\" and .targets_good == 3 and
    (.targets[1].status == \"target_io_error\") and (.targets[1].message | contains(\"Input/output error\")) and
    ([.targets[0,2,3] | select(.verified == true)] | length) == 3' >/dev/null"
  for n in a b c; do
    check "$n holds the image" cmp -s -n $SIZE image.iso "$n.img"
  done
  check "the audit log: 3 verified, 1 failed" bash -c "
    [[ \$(jq -s '[.[] | select(.result == \"verified\")] | length' '$STICKWRIGHT_LOG') == 3 &&
       \$(jq -s '[.[] | select(.result == \"failed\" and .exit_code == 4)] | length' '$STICKWRIGHT_LOG') == 1 ]]"
else
  check "a fault drive could be made" false
fi

echo "# a target given twice is a usage error"
LAST=usage; run_sw $LAST write image.iso "${LOOPS[a]}" "${LOOPS[a]}" --hash "$SHA" --yes --allow-non-removable
check "the same target twice: exit 1" rc_is 1
check "says so" err_has "is given twice"

sw_summary
