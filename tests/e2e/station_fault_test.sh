#!/usr/bin/env bash
# The station with a failing stick: among sticks plugged in while it runs, one whose node is a
# fault drive's file (tests/e2e/fault_lib.sh: EIO after 1 MiB) fails with its reason and offset
# while the others are verified; the station goes on, the exit code is the failed stick's (4),
# and the audit log has a record for each, failed or verified.
# Needs root and FUSE (skipped, exit 77, otherwise).
# Usage: station_fault_test.sh PATH/TO/stickwright PATH/TO/make_fixture (fault_fuse in $SW_FAULT_FUSE)
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fault_lib.sh"
cd "$SW_TMP"
command -v jq >/dev/null || sw_skip "jq is missing (scripts/test installs it)"
require_fault_drive

SIZE=$((3 * 1024 * 1024))
head -c $SIZE /dev/urandom >image.img
sha256sum image.img >SHA256SUMS
"$SW_FIXTURE_BIN" fx
fault_drive dying 32M --eio-after $((1024 * 1024)) >/dev/null || sw_skip "the fault drive could not be made here"
# The failing stick's node: a file in the fixture with the fault drive's file bound over it, so it
# is there, as the fault drive, from the moment the stick appears in /sys/block.
: >fx/dev/sdq
mount --bind "$SW_TMP/dying.mnt/disk" fx/dev/sdq || sw_skip "mount --bind of a file is not possible here"
on_exit "umount '$SW_TMP/fx/dev/sdq'"
plug() { "$SW_FIXTURE_BIN" --add fx "$@" >/dev/null; }

timeout 120 "$SW_BIN" station image.img --sysroot fx --json --yes --count 3 >st.out 2>st.err </dev/null &
STATION=$!
on_exit "kill $STATION 2>/dev/null"
wait_line() {
  local deadline=$((SECONDS + 30))
  while ((SECONDS < deadline)); do
    jq -e -c "select($1)" st.out 2>/dev/null | grep -q . && return 0
    sleep 0.1
  done
  echo "     no line passes $1:"; cut -c1-200 st.out | tail -5 | sed 's/^/     | /'
  return 1
}
check "it watches" wait_line '.event == "station" and .state == "watching"'
plug usb sdm 192 32 8
# The stick's node is the fault drive's file: a node file bound over by it (mount --bind).
plug usb sdq 240 32 keep
plug usb sdo 224 32 8
check "the failing stick is reported failed, with its reason" \
  wait_line '.event == "stick" and .state == "failed" and .target == "/dev/sdq" and .result.status == "target_io_error" and (.result.message | test("byte"))'
check "the station goes on and stops after three sticks, two verified" \
  wait_line '.event == "station" and .state == "stopped" and .sticks == 3 and .verified == 2 and .failed == 1'
wait "$STATION"; RC=$?
LAST=st
check "exit 4: the failed stick's code" rc_is 4
check "sdm holds the image" prefix_equals image.img fx/dev/sdm
check "sdo holds the image" prefix_equals image.img fx/dev/sdo
check "the audit log: two verified, one failed (sdq)" bash -c "[[ \$(jq -s -c '[.[] | [.target, .result]] | sort' '$STICKWRIGHT_LOG') == '[[\"/dev/sdm\",\"verified\"],[\"/dev/sdo\",\"verified\"],[\"/dev/sdq\",\"failed\"]]' ]]"
sw_summary
