#!/usr/bin/env bash
# End-to-end test of the terminal UI's check on a counterfeit stick: a fault drive's file
# (tests/e2e/fault_lib.sh: announces 1 GiB, keeps 128 MiB and wraps around) bound over a stick's
# node of the fixture sysroot. c, y: the verdict COUNTERFEIT shows beside the stick with its real
# size, the stick's real 128 MiB hold what they held, and the stick may then not be written
# (Enter), marked (space) or restored (f).
# Needs root and FUSE (skipped, exit 77, otherwise).
# Usage: tui_check_fake_test.sh STICKWRIGHT MAKE_FIXTURE (fault_fuse in $SW_FAULT_FUSE)
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/fault_lib.sh"
source "$(dirname "$0")/tui_lib.sh"
cd "$SW_TMP"
require_fault_drive

MIB=$((1024 * 1024))
image_and_fixture
fault_drive fake 1G --wrap $((128 * MIB)) >/dev/null || sw_skip "the fault drive could not be made here"
# The fake's own data in its real 128 MiB, to show the check puts it back.
head -c $((128 * MIB)) /dev/urandom | dd of="$SW_TMP/fake.mnt/disk" bs=1M conv=notrunc status=none
BEFORE=$(head -c $((128 * MIB)) "$SW_TMP/fake.mnt/disk" | sha256sum)
# sdd (a 32 GB card reader stick in the fixture) is the fake: its node is the fault drive's file.
mount --bind "$SW_TMP/fake.mnt/disk" "$FX/dev/sdd" || sw_skip "mount --bind of a file is not possible here"
on_exit "umount '$FX/dev/sdd'"

to_drive_screen
check "sdd is listed" select_drive sdd
T send-keys -t sw c
check "c asks about sdd" pane_has "Check sdd (Generic STORAGE DEVICE"
T send-keys -t sw y
check "the verdict beside sdd: counterfeit, with its real size" \
  pane_has "check: COUNTERFEIT - holds 134.22 MB of the 1.07 GB it announces" 60
check "the notice says what is lost" pane_has "writing past 134 MB is lost"
shot check_counterfeit
check "the fake's real 128 MiB hold what they held" \
  bash -c "[[ \"\$(head -c $((128 * MIB)) '$SW_TMP/fake.mnt/disk' | sha256sum)\" == '$BEFORE' ]]"
T send-keys -t sw Enter
check "Enter does not choose it" pane_has "sdd cannot be written:"
check "because it is counterfeit" pane_has "is counterfeit: it"
check "the confirm screen is not shown" pane_lacks "Type the drive's name"
T send-keys -t sw ' '
check "space does not mark it: no box on its row" pane_has "> sdd          32.0 GB"
check "and nothing is marked" pane_lacks "[x]"
T send-keys -t sw f
check "f does not restore it" pane_lacks "It becomes a normal stick"
T send-keys -t sw q
check "exit code 0 (nothing was written)" pane_has "EXITED rc=0"
check "the fake's real 128 MiB are still as they were" \
  bash -c "[[ \"\$(head -c $((128 * MIB)) '$SW_TMP/fake.mnt/disk' | sha256sum)\" == '$BEFORE' ]]"
sw_summary
