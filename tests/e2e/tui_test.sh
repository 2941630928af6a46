#!/usr/bin/env bash
# End-to-end tests of the terminal UI: tmux runs stickwright in an 80x24 pane against the
# standard fixture sysroot; send-keys drives the flow, capture-pane checks each screen.
# Usage: tui_test.sh STICKWRIGHT MAKE_FIXTURE
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tui_lib.sh"
cd "$SW_TMP"

mkdir -p img
head -c 3000000 /dev/urandom > img/debian.iso
(cd img && sha256sum debian.iso > SHA256SUMS)
"$SW_FIXTURE_BIN" fx "" 2048 || { echo "FAIL - could not build the fixture"; exit 1; }
FX="$SW_TMP/fx"

# to_confirm: from the hash screen to the confirm screen for sdb.
to_confirm() {
  pane_has "MATCH - the image" 120 || return 1
  T send-keys -t sw Enter
  pane_has "SanDisk Cruzer Blade" && select_drive sdb || return 1
  T send-keys -t sw Enter
  pane_has "Type the drive's name, sdb"
}

echo "# the whole flow: hash match, pick the stick, type its name, write, verify"
start_ui "--sysroot '$FX' img/debian.iso"
check "hash screen shows MATCH" pane_has "MATCH - the image is exactly"
check "names the checksum file" pane_has "SHA256SUMS"
T send-keys -t sw Enter
check "drive screen lists the stick" pane_has "SanDisk Cruzer Blade"
check "the system disk is not offered" pane_lacks "nvme0n1"
check "nothing is selected" bash -c "! grep -q '^> ' pane.txt"
check "the stick can be selected" select_drive sdb
shot drives
T send-keys -t sw Enter
check "confirm screen lists what will be lost" pane_has '"STICK"'
check "asks to type the name" pane_has "Type the drive's name, sdb"
T send-keys -t sw -l sd
shot confirm
T send-keys -t sw -l b
T send-keys -t sw Enter
check "success screen" pane_has "SUCCESS - written and verified" 60
check "says safe to remove" pane_has "safe to remove"
T send-keys -t sw q
check "exits 0" pane_has "EXITED rc=0"
check "the stick's node holds the image" prefix_equals img/debian.iso "$FX/dev/sdb"

echo "# the drive changes while the confirm screen is open: back to the list, nothing written"
"$SW_FIXTURE_BIN" fx2 "" 4096 || { echo "FAIL - could not build the second fixture"; exit 1; }
FX2="$SW_TMP/fx2"
SDB2="$FX2/sys/block/sdb"
cp "$SDB2/size" sdb2.size; cp "$SDB2/diskseq" sdb2.diskseq
# swap_card: what a smaller card put into the same reader looks like: same name, model and serial,
# another size and disk sequence number.
swap_card() { echo 15625000 > "$SDB2/size"; echo 555 > "$SDB2/diskseq"; }
unswap_card() { cp sdb2.size "$SDB2/size"; cp sdb2.diskseq "$SDB2/diskseq"; }
# The node is 4 GiB (sparse); a write starts at byte 0 with the image's random head, so its
# first 4 MiB tell whether anything was written.
head -c 4194304 "$FX2/dev/sdb" > sdb2.head
sdb2_untouched() { cmp -s -n 4194304 sdb2.head "$FX2/dev/sdb" || { echo "     the node was written"; return 1; }; }
start_ui "--sysroot '$FX2' img/debian.iso"
check "changed: the confirm screen opens" to_confirm
check "changed: it shows the drive's device number and diskseq" pane_has "Device  8:16   diskseq 101"
check "changed: its size in bytes" pane_has "16000000000 bytes"
check "changed: its serial" pane_has "serial 4C530001"
check "changed: its partitions" pane_has '"STICK"'
T send-keys -t sw -l sd
swap_card
check "changed: back to the drive list" pane_has "Choose the drive to ERASE" 10
check "changed: the notice says so" \
  pane_has "The drive changed since you chose it; nothing was written. Choose again."
check "changed: and how" pane_has "sdb: the kernel's disk sequence number changed"
T send-keys -t sw -l b
T send-keys -t sw Enter
check "changed: the rest of the name and Enter write nothing" pane_has "Choose a drive with the arrow keys first"
T send-keys -t sw q
check "changed: exits" pane_has "EXITED rc=0"
check "changed: the stick's node is untouched" sdb2_untouched
unswap_card

echo "# the drive changes during the write's hash pass: the open refuses it, back to the list"
head -c 4194304 /dev/urandom > img/big3.iso
truncate -s 3G img/big3.iso  # the write job's hash pass takes seconds: time to change the drive
(cd img && sha256sum big3.iso > SHA256SUMS)
head -c 4194304 "$FX2/dev/sdb" > sdb2.head
start_ui "--sysroot '$FX2' img/big3.iso"
check "open: the confirm screen opens" to_confirm
T send-keys -t sw -l sdb
T send-keys -t sw Enter
check "open: the write job hashes first" pane_has "[ >> ] Check the image's hash" 30
swap_card
check "open: back to the drive list" pane_has "Choose the drive to ERASE" 120
check "open: the notice says so" \
  pane_has "The drive changed since you chose it; nothing was written. Choose again."
T send-keys -t sw q
check "open: exits" pane_has "EXITED rc=0"
check "open: the stick's node is untouched" sdb2_untouched
unswap_card
rm -f img/big3.iso

echo "# a wrong expected hash shows the mismatch and never reaches the drive screen"
printf '%s  debian.iso\n' "$(printf '0%.0s' $(seq 1 64))" > img/SHA256SUMS
cp "$FX/dev/sdb" sdb.before
start_ui "--sysroot '$FX' img/debian.iso"
check "MISMATCH shown" pane_has "MISMATCH"
check "both digests shown" pane_has "expected 0000000000"
T send-keys -t sw Enter
# Keys are handled in order: once t (type a hash) shows its prompt, Enter was handled before it.
T send-keys -t sw t
check "a later key was handled" pane_has "Type or paste the expected hash"
check "Enter does not go on" pane_lacks "Choose the drive"
T send-keys -t sw Escape
T send-keys -t sw q
check "exits" pane_has "EXITED rc=0"
check "the stick is untouched" same_file sdb.before "$FX/dev/sdb"

echo "# Ctrl-C during the write asks, stops, shows the result, restores the terminal"
truncate -s 1500M img/big.iso
(cd img && sha256sum big.iso > SHA256SUMS)
start_ui "--sysroot '$FX' img/big.iso"
check "hash matches" pane_has "MATCH - the image" 60
T send-keys -t sw Enter
check "drive list" pane_has "SanDisk Cruzer Blade"
select_drive sdb
T send-keys -t sw Enter
pane_has "Type the drive's name" >/dev/null
T send-keys -t sw -l sdb
T send-keys -t sw Enter
check "write screen" pane_has "[ >> ] Write" 60
shot progress
T send-keys -t sw C-c
check "asks before stopping" pane_has "Stop writing?"
T send-keys -t sw y
check "result says stopped" pane_has "STOPPED - the drive is incomplete" 30
T send-keys -t sw q
check "exit code 130" pane_has "EXITED rc=130"
T send-keys -t sw "sh modes.sh" Enter
check "terminal sane: isig icanon echo" pane_has "$COOKED_MODES"
check "a normal shell prompt" pane_has "PROMPT\$"

echo "# SIGINT sent with kill during the write stops it as Ctrl-C and y do: exit 130, terminal restored"
# (ncurses' own SIGINT handler would restore the terminal but exit 1 from inside the handler,
# with the write cut off mid-block.)
start_direct "--sysroot '$FX' img/big.iso"
check "kill -INT: the confirm screen opens" to_confirm
T send-keys -t sw -l sdb
T send-keys -t sw Enter
check "kill -INT: write screen" pane_has "[ >> ] Write" 60
PID=$(ui_pid)
check "kill -INT: found the UI's pid" test -n "$PID"
[[ -n "$PID" ]] && kill -INT "$PID"
check "kill -INT: stopped, exit code 130" pane_has "EXITED rc=130" 30
check "kill -INT: terminal back in cooked mode (isig icanon echo)" pane_has "$COOKED_MODES"

echo "# resize: too small says so, and the state survives growing back"
(cd img && sha256sum debian.iso > SHA256SUMS)
start_ui "--sysroot '$FX' img/debian.iso"
check "hash matches" pane_has "MATCH - the image"
T resize-window -t sw -x 60 -y 20
check "too small is said" pane_has "Terminal too small: 60x20"
T resize-window -t sw -x 100 -y 30
check "the same screen comes back" pane_has "MATCH - the image"

echo "# SIGTERM, SIGINT sent with kill (not the Ctrl-C key) and a crash restore the terminal"
for sig_rc in TERM:130 INT:130 SEGV:139; do
  sig=${sig_rc%:*}
  start_direct "--sysroot '$FX' img/debian.iso"
  check "$sig: started" pane_has "MATCH - the image"
  PID=$(ui_pid)
  check "$sig: found the UI's pid" test -n "$PID"
  [[ -n "$PID" ]] && kill -"$sig" "$PID"
  check "$sig: exited with ${sig_rc#*:}" pane_has "EXITED rc=${sig_rc#*:}"
  check "$sig: terminal back in cooked mode (isig icanon echo)" pane_has "$COOKED_MODES"
done

echo "# the demo goes from start to verified with the keys the screens name"
demo_to_verified

sw_summary
