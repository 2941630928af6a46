#!/usr/bin/env bash
# End-to-end test of the terminal UI on a Windows 7 x64 installer ISO (tmux, the standard fixture
# sysroot): Windows mode, the prepare phase, bootx64.efi taken out of install.wim. Its own script
# so that missing tools show in ctest as a skipped test (exit 77, before any check), never as a
# pass of the other TUI tests.
# Usage: tui_windows_test.sh STICKWRIGHT MAKE_FIXTURE
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tui_lib.sh"
source "$(dirname "$0")/../windows/windows_lib.sh"
cd "$SW_TMP"
for tool in wimlib-imagex mcopy; do
  command -v "$tool" >/dev/null ||
    sw_skip "$tool is missing (scripts/test installs it)"
done
windows_iso win x64-wim  # exits 77 with the reason when a tool to build the ISO is missing
(cd win && sha256sum windows.iso > SHA256SUMS)
"$SW_FIXTURE_BIN" fx "" 2048 || { echo "FAIL - could not build the fixture"; exit 1; }
FX="$SW_TMP/fx"

echo "# a Windows 7 x64 installer ISO: Windows mode, the prepare phase, bootx64.efi from install.wim"
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

echo "# several drives marked for a Windows installer: refused before asking, nothing written"
truncate -s 2G "$FX/dev/sdd"  # (sparse) big enough for the stick: refused for being two, not small
cp --sparse=always "$FX/dev/sdb" sdb.before
cp --sparse=always "$FX/dev/sdd" sdd.before
start_ui "--sysroot '$FX' win/windows.iso"
check "win many: hash screen shows MATCH" pane_has "MATCH - the image is exactly"
T send-keys -t sw Enter
check "win many: sdb selected" select_drive sdb
T send-keys -t sw Space
check "win many: sdd selected" select_drive sdd
T send-keys -t sw Space
check "win many: both marked" pane_has "Marked 2: sdb, sdd."
T send-keys -t sw Enter
check "win many: the refusal says why" pane_has "stick is built for one target at a time"
check "win many: and how to go on" pane_has "Press space to"
check "win many: still on the drive screen" pane_has "Choose the drive to ERASE"
T send-keys -t sw q
check "win many: exits 0" pane_has "EXITED rc=0"
check "win many: sdb untouched" same_file sdb.before "$FX/dev/sdb"
check "win many: sdd untouched" same_file sdd.before "$FX/dev/sdd"

sw_summary
