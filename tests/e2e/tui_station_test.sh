#!/usr/bin/env bash
# End-to-end test of the terminal UI's station mode: tmux runs stickwright in an 80x24 pane on the
# standard fixture sysroot; t on the drive screen shows the station's rules, "station" starts it,
# and a stick "plugged in" while it watches (make_fixture --add) is written, verified and logged;
# the sticks there at the start are never written, a SATA disk is refused, q stops.
# Usage: tui_station_test.sh STICKWRIGHT MAKE_FIXTURE
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tui_lib.sh"
cd "$SW_TMP"

mkdir -p img
head -c 786555 /dev/urandom >img/small.iso
(cd img && sha256sum small.iso >SHA256SUMS)
"$SW_FIXTURE_BIN" fx "" 64 || { echo "FAIL - could not build the fixture"; exit 1; }
FX="$SW_TMP/fx"
cp "$FX/dev/sdb" sdb.before
plug() { "$SW_FIXTURE_BIN" --add "$FX" "$@" >/dev/null; }

start_ui "--sysroot '$FX' img/small.iso"
check "hash screen shows MATCH" pane_has "MATCH - the image is exactly"
T send-keys -t sw Enter
check "the drive screen offers the station" pane_has "t station"
T send-keys -t sw t
check "the station's rules are shown" pane_has "Drives plugged in now are never written"
check "it asks for the word" pane_has "Type station and Enter to start"
shot station_rules
T send-keys -t sw -l stat
T send-keys -t sw Enter
check "a wrong word starts nothing" pane_has "Type station to start the station"
T send-keys -t sw -l station
T send-keys -t sw Enter
check "it watches once the image is checked" pane_has "Watching: plug in sticks."
check "the sticks there at the start are named, not written" pane_has "Present before the station started (not written): mmcblk0"
plug usb sdm 192 32 8
check "a stick plugged in is written and verified" pane_has "VERIFIED - remove it" 30
check "its row names it" pane_has "sdm      Station Test Stick"
check "the count says one verified" pane_has "Sticks: 1 verified, 0 failed"
check "the audit log's line" pane_has "Sticks verified today on this machine: 1"
shot station_watching
plug sata sdn 208 500 8
check "a SATA disk is refused" pane_has "ATA WDC WD10EZEX-08W, 500.0... not written:"
check "with the reason under its row" pane_has "    is not a USB drive or SD card (sata)"
check "sdm holds the image" prefix_equals img/small.iso "$FX/dev/sdm"
check "sdn untouched" cmp -s -n 786555 "$FX/dev/sdn" /dev/zero
check "sdb (there at the start) untouched" cmp -s sdb.before "$FX/dev/sdb"
T send-keys -t sw q
check "q stops the station" pane_has "Stopped." 20
T send-keys -t sw q
check "exit code 0: every stick verified" pane_has "EXITED rc=0"
check "one record in the audit log, verified, for sdm" \
  bash -c "[[ \$(grep -c '\"result\":\"verified\"' '$STICKWRIGHT_LOG') == 1 ]] && grep -q '\"target\":\"/dev/sdm\"' '$STICKWRIGHT_LOG'"
sw_summary
