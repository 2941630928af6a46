#!/usr/bin/env bash
# End-to-end tests of the terminal UI: tmux runs stickwright in an 80x24 pane against the
# standard fixture sysroot; send-keys drives the flow, capture-pane checks each screen.
# Usage: tui_test.sh STICKWRIGHT MAKE_FIXTURE
source "$(dirname "$0")/lib.sh"
cd "$SW_TMP"
command -v tmux >/dev/null || { echo "STICKWRIGHT-SKIP: tmux is missing (scripts/test installs it)"; exit 77; }

# Each run gets its own tmux server (socket), killed at the end; reusing one socket right after
# kill-server races with the old server's shutdown.
RUN=0
SOCK="sw-tui-test-$$-0"
T() { tmux -L "$SOCK" "$@"; }
export SCREENSHOT_DIR="${SCREENSHOT_DIR:-}"

# pane_has TEXT [SECONDS]: waits until the pane shows TEXT.
pane_has() {
  local deadline=$(( $(date +%s) + ${2:-20} ))
  while (( $(date +%s) < deadline )); do
    T capture-pane -p -t sw > pane.txt 2>/dev/null
    grep -qF -- "$1" pane.txt && return 0
    sleep 0.1
  done
  echo "     pane lacks '$1':"; sed 's/^/     | /' pane.txt
  return 1
}
pane_lacks() { T capture-pane -p -t sw > pane.txt; ! grep -qF -- "$1" pane.txt; }
shot() { [[ -n "$SCREENSHOT_DIR" ]] && T capture-pane -e -p -t sw > "$SCREENSHOT_DIR/$1.ans"; return 0; }

# new_pane COMMAND: a fresh tmux server with one 80x24 pane running COMMAND.
new_pane() {
  T kill-server 2>/dev/null
  RUN=$((RUN + 1))
  SOCK="sw-tui-test-$$-$RUN"
  on_exit "tmux -L '$SOCK' kill-server 2>/dev/null"
  T -f /dev/null new-session -d -s sw -x 80 -y 24 "$1"
}

# start_ui ARGS: a shell in an 80x24 pane, then stickwright in it (so the shell prompt shows after).
start_ui() {
  new_pane "env PS1='PROMPT$ ' TERM=screen bash --norc --noprofile"
  T send-keys -t sw "cd '$SW_TMP' && TMPDIR='$SW_TMP' '$SW_BIN' $*; echo EXITED rc=\$?" Enter
}

# select_drive NAME: presses Down until NAME is the selected row (marked "> NAME").
select_drive() {
  for _ in $(seq 1 20); do
    T send-keys -t sw Down; sleep 0.15
    T capture-pane -p -t sw > pane.txt
    grep -q "^> $1 " pane.txt && return 0
  done
  return 1
}

mkdir -p img
head -c 3000000 /dev/urandom > img/debian.iso
(cd img && sha256sum debian.iso > SHA256SUMS)
"$SW_FIXTURE_BIN" fx "" 2048 || { echo "FAIL - could not build the fixture"; exit 1; }
FX="$SW_TMP/fx"

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

echo "# a Windows 7 x64 installer ISO: Windows mode, the prepare phase, bootx64.efi from install.wim"
source "$(dirname "$0")/../windows/windows_lib.sh"
if ! command -v wimlib-imagex >/dev/null || ! command -v mcopy >/dev/null; then
  echo "skip - wimlib-imagex or mcopy is missing: the Windows flow is not run (scripts/test installs them)"
else
  windows_iso win x64-wim
  (cd win && sha256sum windows.iso > SHA256SUMS)
  start_ui "--sysroot '$FX' win/windows.iso"
  check "win: hash screen shows MATCH" pane_has "MATCH - the image is exactly"
  check "win: the mode and why" pane_has "Mode: Windows"
  T send-keys -t sw Enter
  check "win: the stick can be selected" select_drive sdb
  T send-keys -t sw Enter
  check "win: asks to type the name" pane_has "Type the drive's name, sdb"
  T send-keys -t sw -l sdb
  T send-keys -t sw Enter
  check "win: success screen" pane_has "SUCCESS - written and verified" 120
  check "win: the note says where bootx64.efi came from" pane_has "note: UEFI boot"
  T send-keys -t sw q
  check "win: exits 0" pane_has "EXITED rc=0"
  check "win: the stick's FAT32 holds the boot manager from install.wim" bash -c \
    "MTOOLS_SKIP_CHECK=1 mcopy -n -i '$FX/dev/sdb@@1M' ::/efi/boot/bootx64.efi win/got.efi &&
     cmp -s win/got.efi win/bootmgfw.efi"
  check "win: no temporary files left" bash -c "! ls -d '$SW_TMP'/stickwright-windows-* 2>/dev/null"
fi

echo "# a wrong expected hash shows the mismatch and never reaches the drive screen"
printf '%s  debian.iso\n' "$(printf '0%.0s' $(seq 1 64))" > img/SHA256SUMS
cp "$FX/dev/sdb" sdb.before
start_ui "--sysroot '$FX' img/debian.iso"
check "MISMATCH shown" pane_has "MISMATCH"
check "both digests shown" pane_has "expected 0000000000"
T send-keys -t sw Enter; sleep 0.5
check "Enter does not go on" pane_lacks "Choose the drive"
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
T send-keys -t sw "stty -a | tr ' ;' '\n\n' | grep -E '^-?(icanon|echo|isig)\$' | tr '\n' ' '; echo STTY-DONE" Enter
check "stty shown" pane_has "STTY-DONE"
check "terminal sane: icanon echo isig" grep -q "^isig icanon echo STTY-DONE\|icanon.*echo" pane.txt
check "no raw mode left" bash -c "! grep -qE '(^| )-(icanon|echo|isig)( |$)' pane.txt"
check "a normal shell prompt" pane_has "PROMPT\$"

echo "# resize: too small says so, and the state survives growing back"
(cd img && sha256sum debian.iso > SHA256SUMS)
start_ui "--sysroot '$FX' img/debian.iso"
check "hash matches" pane_has "MATCH - the image"
T resize-window -t sw -x 60 -y 20
check "too small is said" pane_has "Terminal too small: 60x20"
T resize-window -t sw -x 100 -y 30
check "the same screen comes back" pane_has "MATCH - the image"

echo "# SIGTERM and a crash restore the terminal"
# Run under a non-interactive sh: an interactive bash would restore the terminal itself after a
# killed job and hide a missing restore.
start_direct() {
  new_pane "cd '$SW_TMP'; TERM=screen '$SW_BIN' $*; echo EXITED rc=\$?; if stty -a | grep -q -- '-icanon'; then echo RAW-TERMINAL; else echo COOKED-TERMINAL; fi; sleep 60"
}
ui_pid() { pgrep -P "$(T display -p -t sw '#{pane_pid}')" -x stickwright; }
for sig in TERM SEGV; do
  start_direct "--sysroot '$FX' img/debian.iso"
  check "$sig: started" pane_has "MATCH - the image"
  PID=$(ui_pid)
  check "$sig: found the UI's pid" test -n "$PID"
  [[ -n "$PID" ]] && kill -"$sig" "$PID"
  check "$sig: exited" pane_has "EXITED rc="
  check "$sig: terminal back in cooked mode" pane_has "COOKED-TERMINAL"
done

echo "# the demo goes from start to verified with the keys the screens name"
start_ui "--demo"
check "demo: image browser" pane_has "demo-linux.img"
T send-keys -t sw Enter
check "demo: hash matches" pane_has "MATCH - the image" 30
T send-keys -t sw Enter
check "demo: the virtual drive is offered" pane_has "virtual drive (a file)"
select_drive demo-stick
T send-keys -t sw Enter
check "demo: asks for the name" pane_has "Type the drive's name, demo-stick"
T send-keys -t sw -l demo-stick
T send-keys -t sw Enter
check "demo: verified" pane_has "SUCCESS - written and verified" 60
T send-keys -t sw q
check "demo: exits 0" pane_has "EXITED rc=0"
check "demo: its files were made in TMPDIR" bash -c "ls -d '$SW_TMP'/stickwright-demo-* >/dev/null"

sw_summary
