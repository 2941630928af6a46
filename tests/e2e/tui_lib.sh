# Helpers for the terminal UI's end-to-end tests (tui_test.sh, tui_windows_test.sh): tmux runs
# stickwright in an 80x24 pane; send-keys drives it, capture-pane reads each screen. Source after
# lib.sh.
command -v tmux >/dev/null || sw_skip "tmux is missing (scripts/test installs it)"

# Each run gets its own tmux server (socket), killed at the end; reusing one socket right after
# kill-server races with the old server's shutdown.
RUN=0
SOCK="sw-tui-test-$$-0"
T() { tmux -L "$SOCK" "$@"; }
export SCREENSHOT_DIR="${SCREENSHOT_DIR:-}"

# pane_grep -F|-E PATTERN [SECONDS]: waits until the pane shows PATTERN (grep -F: text, -E: a
# regular expression).
pane_grep() {
  local deadline=$(( $(date +%s) + ${3:-20} ))
  while (( $(date +%s) < deadline )); do
    T capture-pane -p -t sw > pane.txt 2>/dev/null
    grep -q "$1" -- "$2" pane.txt && return 0
    sleep 0.1
  done
  echo "     pane lacks '$2':"; sed 's/^/     | /' pane.txt
  return 1
}
# pane_has TEXT [SECONDS]: waits until the pane shows TEXT.
pane_has() { pane_grep -F "$1" "${2:-20}"; }
# pane_matches REGEX [SECONDS]: waits until the pane shows a match of REGEX (grep -E).
pane_matches() { pane_grep -E "$1" "${2:-20}"; }
# pane_lacks TEXT: the pane does not show TEXT now (call it after pane_has saw a later screen).
pane_lacks() {
  T capture-pane -p -t sw > pane.txt
  ! grep -qF -- "$1" pane.txt || { echo "     pane shows '$1':"; sed 's/^/     | /' pane.txt; return 1; }
}
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

# select_drive NAME: presses Down until NAME is the selected row (marked "> NAME"). After each
# Down it waits for the screen to show the move (a slow build, such as ASan's, redraws late:
# pressing on before would step past NAME).
select_drive() {
  local before now deadline
  T capture-pane -p -t sw > pane.txt
  grep -q "^> $1 " pane.txt && return 0
  for _ in $(seq 1 20); do
    before=$(grep -m1 '^> ' pane.txt)
    T send-keys -t sw Down
    deadline=$(( $(date +%s) + 3 ))
    while (( $(date +%s) < deadline )); do
      sleep 0.1
      T capture-pane -p -t sw > pane.txt
      now=$(grep -m1 '^> ' pane.txt)
      [[ -n "$now" && "$now" != "$before" ]] && break
    done
    grep -q "^> $1 " pane.txt && return 0
  done
  return 1
}

# The terminal's modes as one line, "MODES[isig icanon echo ]" when cooked; a mode that is off
# shows with its '-' ("MODES[-isig -icanon -echo ]" after raw mode was left behind). The script
# is run by name, so the command line typed into the pane never shows the "MODES[" it prints.
cat > "$SW_TMP/modes.sh" <<'MODES'
printf 'MODES[%s]\n' "$(stty -a | tr ' ;' '\n\n' | grep -E '^-?(isig|icanon|echo)$' | tr '\n' ' ')"
MODES
COOKED_MODES="MODES[isig icanon echo ]"

# start_direct ARGS: stickwright straight under a non-interactive sh (an interactive bash would
# restore the terminal itself after a killed job and hide a missing restore), recording its PID
# (the sh execs it) in ui.pid; after it ends, the pane shows its exit code and the modes.
start_direct() {
  rm -f "$SW_TMP/ui.pid"
  new_pane "cd '$SW_TMP'; TERM=screen sh -c 'echo \$\$ > ui.pid; exec \"\$0\" \"\$@\"' '$SW_BIN' $*; echo EXITED rc=\$?; sh modes.sh; sleep 60"
}
ui_pid() { cat "$SW_TMP/ui.pid" 2>/dev/null; }

# image_and_fixture: img/small.iso with its SHA256SUMS, and the standard fixture sysroot in
# $SW_TMP/fx (its path in FX), its sticks' nodes 64 MiB files.
image_and_fixture() {
  mkdir -p "$SW_TMP/img"
  head -c 786555 /dev/urandom >"$SW_TMP/img/small.iso"
  (cd "$SW_TMP/img" && sha256sum small.iso >SHA256SUMS)
  FX="$SW_TMP/fx"
  (cd "$SW_TMP" && "$SW_FIXTURE_BIN" fx "" 64) || { echo "FAIL - could not build the fixture"; exit 1; }
}

# to_drive_screen: stickwright on the fixture with img/small.iso, past its matching hash, on
# the drive screen.
to_drive_screen() {
  start_ui "--sysroot '$FX' img/small.iso"
  check "hash screen shows MATCH" pane_has "MATCH - the image is exactly"
  T send-keys -t sw Enter
  check "the drive screen offers the check and the restore" pane_has "c check  f restore"
}

# same_column A B: on the screen last captured (pane.txt), A starts in the same column of its
# line as B of its own (a heading and a cell under it).
same_column() {
  local a b
  a=$(grep -m1 -F -- "$1" pane.txt | awk -v t="$1" '{ print index($0, t) }')
  b=$(grep -m1 -F -- "$2" pane.txt | awk -v t="$2" '{ print index($0, t) }')
  [[ -n "$a" && "$a" == "$b" ]] && return 0
  echo "     '$1' at column ${a:-none}, '$2' at ${b:-none}:"; sed 's/^/     | /' pane.txt
  return 1
}

# demo_to_verified: `stickwright --demo` (its files made under $SW_TMP) from the image browser to
# a verified write of its virtual drive, with the keys the screens name, and out; each screen is
# a check. DEMO_DIR is then the directory of the demo's files.
demo_to_verified() {
  start_ui "--demo"
  check "demo: image browser" pane_has "stickwright-demo.img"
  T send-keys -t sw Enter
  check "demo: hash matches" pane_has "MATCH - the image" 30
  check "demo: the image boots on BIOS" pane_has "Boots from USB: BIOS yes"
  check "demo: it is a disk image" pane_has "Kind: disk image (write raw)"
  T send-keys -t sw Enter
  check "demo: the virtual drive is offered" pane_has "virtual drive (a file)"
  check "demo: its size under SIZE, though its name is 10 characters" same_column "SIZE" "67.1 MB"
  check "demo: its model under MODEL" same_column "MODEL" "stickwright virtual"
  check "demo: the drive can be selected" select_drive demo-stick
  T send-keys -t sw Enter
  check "demo: asks for the name" pane_has "Type the drive's name, demo-stick"
  T send-keys -t sw -l demo-stick
  T send-keys -t sw Enter
  check "demo: verified" pane_has "SUCCESS - written and verified" 60
  T send-keys -t sw q
  check "demo: exits 0" pane_has "EXITED rc=0"
  DEMO_DIR=$(echo "$SW_TMP"/stickwright-demo-*)
  check "demo: its files were made in TMPDIR" test -f "$DEMO_DIR/stickwright-demo.img"
}
