#!/usr/bin/env bash
# The station (stickwright station IMAGE) on a fixture machine (--sysroot): sticks "plugged in"
# while it runs (make_fixture --add) are written once each, read back and logged; the sticks there
# at the start and a SATA disk plugged in are never written; a stick pulled out and plugged in
# again is written again; Ctrl-C stops it; without a terminal or --yes it refuses to start.
# Usage: station_test.sh PATH/TO/stickwright PATH/TO/make_fixture
source "$(dirname "$0")/lib.sh"
cd "$SW_TMP"
command -v jq >/dev/null || sw_skip "jq is missing (scripts/test installs it)"

SIZE=$((3 * 1024 * 1024 + 4096))
head -c $SIZE /dev/urandom >image.img
sha256sum image.img >SHA256SUMS
"$SW_FIXTURE_BIN" fx
plug() { "$SW_FIXTURE_BIN" --add fx "$@" >/dev/null; }   # plug usb|sata NAME MINOR SIZE_MB NODE_MIB
pull() { rm -f "fx/sys/block/$1"; }
SDB_BEFORE=$(sha256sum fx/dev/sdb | cut -d' ' -f1)

# start_station NAME ARGS...: the station in the background; its PID in STATION, output NAME.out.
start_station() {
  local name="$1"; shift
  timeout 120 "$SW_BIN" station image.img --sysroot fx --json "$@" >"$name.out" 2>"$name.err" </dev/null &
  STATION=$!
  on_exit "kill $STATION 2>/dev/null"
}
# wait_line FILE JQ-FILTER [SECONDS]: waits until a line of FILE passes the filter.
wait_line() {
  local deadline=$((SECONDS + ${3:-30}))
  while ((SECONDS < deadline)); do
    jq -e -c "select($2)" "$1" 2>/dev/null | grep -q . && return 0
    sleep 0.1
  done
  echo "     no line of $1 passes $2:"; sed 's/^/     | /' "$1" | cut -c1-200 | tail -5
  return 1
}
# finish_station: waits for the station to end; its exit code in RC.
finish_station() { wait "$STATION"; RC=$?; }

echo "# two sticks plugged in while it watches are written; a SATA disk and the sticks there are not"
start_station one --yes --count 2
check "it watches once the hash is checked" wait_line one.out '.event == "station" and .state == "watching"'
check "the sticks there at the start are listed as present" wait_line one.out '.event == "stick" and .state == "present" and .target == "/dev/sdb"'
T0=$(date +%s%N)
plug usb sdm 192 32 8
# The delay is measured in milliseconds: a wait bounded by bash's whole-second SECONDS would give
# up anywhere between 1 and 2 s after the plug (seen failing at 1193 ms under load).
check "a stick plugged in is noticed" wait_line one.out '.event == "stick" and .state == "writing" and .target == "/dev/sdm"'
NOTICED_MS=$(( ($(date +%s%N) - T0) / 1000000 ))
echo "     noticed after $NOTICED_MS ms"
check "within 2 s" test "$NOTICED_MS" -le 2000
plug sata sdn 208 500 8
check "a SATA disk plugged in is refused, as not a stick" wait_line one.out '.event == "stick" and .state == "refused" and .target == "/dev/sdn" and (.reason | test("not a USB drive or SD card"))'
plug usb sdo 224 64 8
check "the station stops after --count sticks" wait_line one.out '.event == "station" and .state == "stopped" and .sticks == 2 and .verified == 2'
finish_station
LAST=one
check "exit 0" rc_is 0
check "sdm holds the image" prefix_equals image.img fx/dev/sdm
check "sdo holds the image" prefix_equals image.img fx/dev/sdo
check "the SATA disk is untouched" cmp -s -n $SIZE fx/dev/sdn /dev/zero
check "the stick there at the start is untouched" bash -c "[[ \$(sha256sum fx/dev/sdb | cut -d' ' -f1) == $SDB_BEFORE ]]"
check "each stick written once" bash -c "[[ \$(jq -c 'select(.event == \"stick\" and .state == \"writing\")' one.out | wc -l) == 2 ]]"
check "progress events name their stick" bash -c "grep -q '\"event\":\"progress\",\"target\":\"/dev/sdo\"' one.out"
check "the audit log has a verified record per stick" bash -c "[[ \$(jq -s -c '[.[] | select(.result == \"verified\") | .target] | sort' '$STICKWRIGHT_LOG') == '[\"/dev/sdm\",\"/dev/sdo\"]' ]]"
check "the records carry the stick's serial" bash -c "jq -s -e '[.[] | select(.serial == \"ST192\")] | length == 1' '$STICKWRIGHT_LOG' >/dev/null"

echo "# pulled out and plugged in again: written again; a stick left in is written once; Ctrl-C stops"
dd if=/dev/zero of=fx/dev/sdm bs=1M count=4 conv=notrunc status=none
start_station two --yes
check "it watches" wait_line two.out '.event == "station" and .state == "watching"'
check "sdm, plugged in before this station, is present, not written" wait_line two.out '.event == "stick" and .state == "present" and .target == "/dev/sdm"'
pull sdm
check "pulling it out is noticed" wait_line two.out '.event == "stick" and .state == "removed" and .target == "/dev/sdm"'
plug usb sdm 192 32 8
check "plugged in again, it is written and verified" wait_line two.out '.event == "stick" and .state == "verified" and .target == "/dev/sdm"'
sleep 1.5  # three more looks: a stick left in must not be written again
kill -INT "$STATION"
check "Ctrl-C stops the station" wait_line two.out '.event == "station" and .state == "stopped" and .sticks == 1'
finish_station
LAST=two
check "exit 0 after Ctrl-C with every stick verified" rc_is 0
check "sdm holds the image again" prefix_equals image.img fx/dev/sdm

echo "# rules: larger than --max-size is refused as a hard disk; no terminal and no --yes refuses"
start_station three --yes --max-size 40MB
check "it watches" wait_line three.out '.event == "station" and .state == "watching"'
plug usb sdp 240 64 8
check "a 64 MB stick over --max-size 40MB is refused" wait_line three.out '.event == "stick" and .state == "refused" and .target == "/dev/sdp" and (.reason | test("looks like a hard disk"))'
kill -INT "$STATION"
finish_station
check "sdp untouched" cmp -s -n $SIZE fx/dev/sdp /dev/zero
LAST=noconfirm; run_sw $LAST station image.img --sysroot fx
check "without a terminal or --yes: exit 3" rc_is 3
check "says why" err_has "no terminal"
LAST=nohash; run_sw $LAST station image.img --sysroot fx --yes --hash "$(printf '%064d' 0)"
check "an image that does not match its hash starts nothing: exit 2" rc_is 2
LAST=badsize; run_sw $LAST station image.img --sysroot fx --yes --max-size lots
check "a size it cannot read: exit 1" rc_is 1
sw_summary
