#!/usr/bin/env bash
# End-to-end test of the terminal UI writing several sticks at once: tmux runs stickwright in an
# 80x24 pane against the standard fixture sysroot; the space bar marks sticks, the number of
# drives confirms them, and each stick's node file (a regular file) must then hold the image,
# with one audit-log record per stick. A wrong number and a stop during the hash pass write
# nothing.
# Usage: tui_multi_test.sh STICKWRIGHT MAKE_FIXTURE
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tui_lib.sh"
cd "$SW_TMP"

# The sticks' nodes other than sdb's are 1 MiB: the image fits them all.
mkdir -p img
head -c 786555 /dev/urandom > img/small.iso
(cd img && sha256sum small.iso > SHA256SUMS)
"$SW_FIXTURE_BIN" fx "" 64 || { echo "FAIL - could not build the fixture"; exit 1; }
FX="$SW_TMP/fx"
STICKS=(mmcblk0 sdb sdd)  # in list order: select_drive only moves down
for n in "${STICKS[@]}"; do cp "$FX/dev/$n" "$n.before"; done

# mark NAME: moves the cursor onto NAME and presses space; the row then shows "[x]".
mark() { select_drive "$1" && T send-keys -t sw Space && pane_has_row "$1" '\[x\]'; }
# pane_has_row NAME PATTERN: NAME's row on the drive screen matches PATTERN (an extended regex).
pane_has_row() {
  local deadline=$(( $(date +%s) + 10 ))
  while (( $(date +%s) < deadline )); do
    T capture-pane -p -t sw > pane.txt
    grep -qE "^[> ] $1 +$2" pane.txt && return 0
    sleep 0.1
  done
  echo "     no row of $1 matching '$2':"; sed 's/^/     | /' pane.txt
  return 1
}
# unmark_here NAME: space on the drive under the cursor, NAME, leaves its row unmarked.
unmark_here() { T send-keys -t sw Space && pane_has_row "$1" '\[ \]'; }
untouched() { cmp -s "$1.before" "$FX/dev/$1" || { echo "     $1's node was written"; return 1; }; }

echo "# three sticks marked with space, confirmed by their number: each holds the image"
start_ui "--sysroot '$FX' img/small.iso"
check "hash screen shows MATCH" pane_has "MATCH - the image is exactly"
T send-keys -t sw Enter
check "the drive screen says space marks several" pane_has "space marks several drives"
check "drives that may be written show an empty mark" pane_has_row sdb '\[ \]'
for n in "${STICKS[@]}"; do check "$n is marked" mark "$n"; done
check "the marked drives are named" pane_has "Marked 3: mmcblk0, sdb, sdd."
T send-keys -t sw h
check "the hidden disks are shown" pane_has "nvme0n1"
select_drive nvme0n1
T send-keys -t sw Space
check "a disk that may not be written is not marked, and why" pane_has "nvme0n1 cannot be written: it"
check "its row has no mark" pane_has_row nvme0n1 ' {3} '
T send-keys -t sw h
T send-keys -t sw Enter
check "the confirm screen lists every marked drive" pane_has "Everything on these 3 drives will be ERASED"
check "with its model and serial" pane_has "SanDisk Cruzer Blade  serial 4C530001"
check "and partitions" pane_has '"CAMERA"'
check "asks for the number" pane_has "Type the number of drives, 3"
shot multi_confirm
T send-keys -t sw -l 2
T send-keys -t sw Enter
check "a wrong number goes back to the list" pane_has "Not confirmed: '2' is not the number of drives (3); nothing was written."
for n in "${STICKS[@]}"; do check "wrong number: $n untouched" untouched "$n"; done
check "the marks are kept" pane_has "Marked 3: mmcblk0, sdb, sdd."
T send-keys -t sw Enter
check "asks again" pane_has "Type the number of drives, 3"
T send-keys -t sw -l 3
T send-keys -t sw Enter
check "the result: 3 of 3 sticks good" pane_has "3 of 3 sticks good" 60
shot multi_result
for n in "${STICKS[@]}"; do check "the result row of $n says verified" grep -qE "^  $n +.* verified$" pane.txt; done
check "safe to remove" pane_has "the good drives are safe to remove"
check "the count of sticks verified today" pane_has "Sticks verified today on this machine: 3"
T send-keys -t sw q
check "exits 0" pane_has "EXITED rc=0"
for n in "${STICKS[@]}"; do
  check "$n's node holds the image" prefix_equals img/small.iso "$FX/dev/$n"
  check "the audit log has one verified record for $n" bash -c "[[ \$(grep -c '\"target\":\"/dev/$n\".*\"result\":\"verified\"' '$STICKWRIGHT_LOG') == 1 ]]"
done
check "the audit log has three records" bash -c "[[ \$(wc -l < '$STICKWRIGHT_LOG') == 3 ]]"

echo "# two sticks, stopped during the write's hash pass: a row per stick, nothing written"
"$SW_FIXTURE_BIN" fx2 "" 64 || { echo "FAIL - could not build the second fixture"; exit 1; }
FX="$SW_TMP/fx2"
# Big enough (sparse) for the image; mmcblk0's node stays 1 MiB.
truncate -s 5G "$FX/dev/sdb" "$FX/dev/sdd"
for n in sdb sdd mmcblk0; do cp --sparse=always "$FX/dev/$n" "$n.before"; done
head -c 1048576 /dev/urandom > img/big.iso
truncate -s 4G img/big.iso  # the write job's hash pass takes seconds
(cd img && sha256sum big.iso > SHA256SUMS)
: > "$STICKWRIGHT_LOG"
start_ui "--sysroot '$FX' img/big.iso"
check "stop: hash matches" pane_has "MATCH - the image" 60
T send-keys -t sw Enter
check "stop: mmcblk0 marked" mark mmcblk0
check "stop: sdb marked" mark sdb
check "stop: sdd marked" mark sdd
T send-keys -t sw Enter
check "too small: refused before asking, naming the stick" pane_has "/dev/mmcblk0 holds only 1048576"
check "too small: says how to go on" pane_has "Press space to unmark a drive."
for _ in 1 2 3 4 5; do T send-keys -t sw Up; done
check "too small: space on mmcblk0 unmarks it" unmark_here mmcblk0
T send-keys -t sw Enter
check "stop: asks for the number" pane_has "Type the number of drives, 2"
T send-keys -t sw -l 2
# Ctrl-C right behind Enter: the question comes up while the write job hashes the image, and
# the screen goes on showing the hash pass and a row per stick under it.
T send-keys -t sw Enter C-c
check "stop: asks before stopping" pane_has "Stop? Nothing has been written to the drives yet." 30
check "stop: the write screen shows the shared hash pass" pane_has "Hash check (once for all)"
check "stop: a waiting row for sdb" pane_has_row sdb "SanDisk Cruzer Blade +- .* waiting"
check "stop: a waiting row for sdd" pane_has_row sdd "Generic STORAGE D\.\.\. +- .* waiting"
shot multi_progress
T send-keys -t sw y
check "stop: the result says nothing was written" pane_has "STOPPED - nothing was written to any of the drives." 30
T send-keys -t sw q
check "stop: exit code 130" pane_has "EXITED rc=130"
for n in sdb sdd mmcblk0; do check "stop: $n untouched" untouched "$n"; done
check "stop: no audit record (no drive was opened)" bash -c "[[ ! -s '$STICKWRIGHT_LOG' ]]"

sw_summary
