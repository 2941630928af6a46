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

echo "# two drives of one size marked for a Windows installer: one stick, prepared once, on both"
truncate -s 2G "$FX/dev/sdd"  # (sparse) the size of sdb's node: the same stick for both
start_ui "--sysroot '$FX' win/windows.iso"
check "win many: hash screen shows MATCH" pane_has "MATCH - the image is exactly"
T send-keys -t sw Enter
check "win many: sdb selected" select_drive sdb
T send-keys -t sw Space
check "win many: sdd selected" select_drive sdd
T send-keys -t sw Space
check "win many: both marked" pane_has "Marked 2: sdb, sdd."
T send-keys -t sw Enter
check "win many: asks for the number" pane_has "Type the number of drives, 2"
T send-keys -t sw -l 2
T send-keys -t sw Enter
check "win many: both sticks good" pane_has "2 of 2 sticks good" 180
T send-keys -t sw q
check "win many: exits 0" pane_has "EXITED rc=0"
for n in sdb sdd; do
  check "win many: $n's FAT32 holds the boot manager from install.wim" bash -c \
    "MTOOLS_SKIP_CHECK=1 mcopy -o -n -i '$FX/dev/$n@@1M' ::/efi/boot/bootx64.efi win/got-$n.efi &&
     cmp -s win/got-$n.efi win/bootmgfw.efi"
done
check "win many: both hold the same stick" cmp -s -n $((64 * 1024 * 1024)) "$FX/dev/sdb" "$FX/dev/sdd"
check "win many: a record per stick (three with the first write)" bash -c "[[ \$(grep -c '\"mode\":\"windows\"' '$STICKWRIGHT_LOG') == 3 ]]"

sw_summary
