#!/usr/bin/env bash
# End-to-end test of the drive screen's tools in the terminal UI: tmux runs stickwright in an 80x24
# pane on the standard fixture sysroot. c checks a stick (asked first; the verdict shows beside
# it; its data is unchanged), c on the confirm screen checks the chosen stick without asking
# again, and f restores a stick to one FAT32 partition labelled STICK after its name is typed
# (fsck.fat clean, the MBR's one partition, an audit record with mode "restore"). Then, with no
# image: d on the image screen lists the sticks for checking and restoring only.
# Usage: tui_tools_test.sh STICKWRIGHT MAKE_FIXTURE
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tui_lib.sh"
cd "$SW_TMP"
command -v fsck.fat >/dev/null || sw_skip "fsck.fat is missing (dosfstools: scripts/test installs it)"
command -v jq >/dev/null || sw_skip "jq is missing (scripts/test installs it)"

image_and_fixture
# The stick's own data, to show the check puts back what it wrote.
head -c $((64 * 1024 * 1024)) /dev/urandom >"$FX/dev/sdb"
cp "$FX/dev/sdb" sdb.before
cp "$FX/dev/sdd" sdd.before

to_drive_screen
check "sdb is listed" select_drive sdb
T send-keys -t sw c
check "c asks before it writes test blocks" pane_has "Check sdb (SanDisk Cruzer Blade"
check "and says what it puts back" pane_has "puts back what was there"
T send-keys -t sw n
check "any other key than y checks nothing" pane_has "c check  f restore"
check "no verdict after n" pane_lacks "check: "
T send-keys -t sw c
check "c asks again" pane_has "y checks, any"
T send-keys -t sw y
check "the verdict shows beside sdb" pane_has "check: genuine, keeps all of its 67.11 MB" 30
check "with its speeds" pane_has "MB/s, read"
shot check_genuine
check "sdb's data is unchanged by the check" same_file sdb.before "$FX/dev/sdb"

# c on the confirm screen: the chosen stick is checked without a second question.
check "sdd is listed" select_drive sdd
T send-keys -t sw Enter
check "the confirm screen offers the check" pane_has "c check first"
T send-keys -t sw c
check "the confirm screen shows the verdict of sdd" pane_has "  check: genuine, keeps all of its 1.05 MB" 30
check "and still asks for the name" pane_has "Type the drive's name, sdd, and Enter to write"
check "sdd's data is unchanged" same_file sdd.before "$FX/dev/sdd"
T send-keys -t sw Escape
check "Esc goes back to the list" pane_has "c check  f restore"

# f: restore sdb to a normal stick (the cursor goes back up to the first drive first).
T send-keys -t sw Up Up Up Up Up Up
check "the cursor is back on the first drive" pane_has "> mmcblk0"
check "sdb is listed again" select_drive sdb
T send-keys -t sw f
check "f shows what the stick becomes" pane_has "It becomes a normal stick: one FAT32 partition labelled STICK."
check "and asks for the name" pane_has "Type the drive's name, sdb, and Enter to restore it"
T send-keys -t sw -l sdb
T send-keys -t sw Enter
check "the restore is done and verified" pane_has "DONE - /dev/sdb is a normal stick again." 30
check "it says what the stick holds" pane_has "One FAT32 partition labelled STICK of"
shot restored
# The MBR's one partition: type 0x0C (FAT32, LBA) at LBA 2048.
check "the MBR's partition is FAT32 (0x0c)" \
  bash -c "[[ \$(od -An -tx1 -j450 -N1 '$FX/dev/sdb' | tr -d ' ') == 0c ]]"
check "and starts at LBA 2048" \
  bash -c "[[ \$(od -An -tu4 -j454 -N4 '$FX/dev/sdb' | tr -d ' ') == 2048 ]]"
dd if="$FX/dev/sdb" of=part.img bs=1M skip=1 status=none
check "fsck.fat finds the file system clean" fsck.fat -n part.img
check "its label is STICK" bash -c "[[ \$(fatlabel part.img) == STICK ]]"
check "the audit log has the restore of sdb" \
  bash -c "jq -e -s 'map(select(.mode == \"restore\" and .target == \"/dev/sdb\" and .result == \"verified\")) | length == 1' '$STICKWRIGHT_LOG'"
T send-keys -t sw q
check "exit code 0" pane_has "EXITED rc=0"

# d on the image screen: the sticks with no image; c checks one, Enter writes nothing.
cp "$FX/dev/sdd" sdd.before
start_ui "--sysroot '$FX'"
check "the image screen offers the stick tools" pane_has "d check/restore a stick"
T send-keys -t sw d
check "d: the drive screen with no image" pane_has "[Sticks: check, restore]"
check "it names c and f" pane_has "c checks it, f makes it a normal stick again"
check "sdd is listed (no image)" select_drive sdd
T send-keys -t sw Enter
check "Enter writes nothing without an image" pane_has "No image was chosen"
T send-keys -t sw c
check "c asks (no image)" pane_has "y checks, any"
T send-keys -t sw y
check "the verdict shows beside sdd (no image)" pane_has "check: genuine, keeps all of its 1.05 MB" 30
check "sdd's data is unchanged (no image)" same_file sdd.before "$FX/dev/sdd"
shot sticks_only
T send-keys -t sw Escape
check "Esc goes back to the image screen" pane_has "Enter open/pick"
T send-keys -t sw q
check "exit code 0 (no image)" pane_has "EXITED rc=0"
sw_summary
