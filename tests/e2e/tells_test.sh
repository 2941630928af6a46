#!/usr/bin/env bash
# The tells of a doctored Windows installer ISO (issue 15): `inspect` and `inspect --json` on the
# doctored look-alike (tests/windows/make_windows_iso.sh doctored) list each tell with its
# evidence and count them in the verdict; on the clean look-alikes (x64-wim, x86) they find none
# and say that this proves nothing. The install images inspect reads out of the ISO are the ones
# `wimlib-imagex info` lists. `write` shows the tells before anything is written.
# Usage: tells_test.sh PATH/TO/stickwright
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/../windows/windows_lib.sh"
cd "$SW_TMP" || exit 1

for tool in jq wimlib-imagex; do
  command -v $tool >/dev/null || sw_skip "$tool is missing (scripts/lib.sh SW_TEST_PACKAGES installs it)"
done
windows_iso doctored doctored
windows_iso x64-wim x64-wim
windows_iso x86 x86

NO_TELLS='no tells found (this does not prove the ISO is genuine; only a digest from the publisher does)'

# tells_of KIND: the number of tamper tells of KIND in the last --json result.
tells_of() { tail -n 1 "$LAST.out" | jq "[.windows.tamper_tells[] | select(.kind == \"$1\")] | length"; }
# count_is KIND N: exactly N tells of KIND.
count_is() {
  local got
  got=$(tells_of "$1")
  [[ "$got" == "$2" ]] || { echo "     $got tells of kind $1, wanted $2"; return 1; }
}

# --- the doctored look-alike ------------------------------------------------------------------
LAST=doctored-human; run_sw "$LAST" inspect doctored/windows.iso
check "doctored: inspect exits 0 (tells are not a refusal)" rc_is 0
check "doctored: the verdict counts the tells" out_has '^Tamper check: doctored-looking: 23 tells$'
check "doctored: the answer file" out_has '^  - answer file: /autounattend.xml: Windows Setup reads it and runs unattended: 4 command(s), 3 account(s)'
check "doctored: its RunSynchronous command" out_has 'answer file runs: /autounattend.xml: windowsPE RunSynchronous: reg add HKLM'
check "doctored: its FirstLogonCommands" out_has 'oobeSystem FirstLogonCommands: netsh advfirewall set allprofiles state off'
check "doctored: its LogonCommands" out_has 'oobeSystem LogonCommands: C:\\Tools\\tool.exe --stay'
check "doctored: the account it creates" out_has 'answer file account: /autounattend.xml: helper (local account in Administrators)'
for what in 'Windows Defender: DisableAntiSpyware true' 'UAC: EnableLUA false' \
            'automatic updates: ProtectYourPC 3' 'the firewall: PublicProfile_EnableFirewall false'; do
  check "doctored: turns off $what" out_has "answer file turns off: /autounattend.xml: $what"
done
check "doctored: SetupComplete.cmd runs as SYSTEM" \
  out_has 'copied into Windows: /sources/$OEM$/$$/Setup/Scripts/SetupComplete.cmd: copied to %WINDIR%\\Setup\\Scripts\\SetupComplete.cmd: it runs as SYSTEM after setup'
check "doctored: the \$OEM\$ executable" out_has '/sources/$OEM$/$1/Tools/tool.exe: copied into the installed system'
check "doctored: the root script" out_has 'not in a release: /activate.cmd: a script (.cmd)'
check "doctored: the root executable" out_has 'not in a release: /tweaker.exe: an executable (.exe)'
check "doctored: the driver in sources/" out_has 'not in a release: /sources/loader.sys: a driver file (.sys)'
check "doctored: the image named Lite" out_has "image name: /sources/install.wim: image 2 'Windows 7 Lite'"
check "doctored: images modified after the ISO" out_has "image modified later: /sources/install.wim: image 1 'Windows 7 ULTIMATE' was last modified .*, after the ISO was made (2009-07-13 00:00 UTC)"
check "doctored: the ei.cfg edition no image has" out_has "edition mismatch: /sources/ei.cfg: selects the edition 'Professional', which no image of /sources/install.wim has (it has: Ultimate, HomeBasic)"
check "doctored: ei.cfg noted as harmless" out_has '^  note: edition selector: /sources/ei.cfg: .*harmless, not a tell'
check "doctored: the setup information files of sources/ are no tell" \
  bash -c "! grep -q 'Setup Information File' $LAST.out"

LAST=doctored-json; run_sw "$LAST" inspect --json doctored/windows.iso
check "doctored --json: exit 0" rc_is 0
check "doctored --json: the verdict counts the list" \
  result_has '.windows.tamper_verdict == "doctored-looking: \(.windows.tamper_tells | length) tells"'
check "doctored --json: every tell has kind, path and detail" \
  result_has '[.windows.tamper_tells[] | (.kind | type == "string") and (.path | startswith("/")) and (.detail | length > 0)] | all'
for kind_count in unattend:1 unattend_command:4 unattend_account:3 unattend_disables:6 \
                  oem_folder:2 unexpected_file:3 wim_image_name:1 wim_modified_after_iso:2 \
                  wim_edition_mismatch:1 wim_duplicate_name:0; do
  check "doctored --json: ${kind_count%:*} x ${kind_count#*:}" count_is "${kind_count%:*}" "${kind_count#*:}"
done
check "doctored --json: ei.cfg is a note, not a tell" \
  result_has '.windows.tamper_notes == [{"kind":"edition_selector","path":"/sources/ei.cfg","detail":"selects the edition '"'"'Professional'"'"' Setup installs: harmless, not a tell"}]'
check "doctored --json: image 1's metadata" \
  result_has '.windows.wim_images[0] | .edition == "Ultimate" and .version == "6.1.7601.17514" and .build == 7601 and .sp_level == 1 and .languages == ["en-US"]'

# wimlib as the referee: the images inspect read out of the ISO are those wimlib-imagex lists.
wim_names() { wimlib-imagex info "$1" | sed -n 's/^Name: *//p'; }
check "doctored: the image names are wimlib-imagex's" \
  diff <(wim_names doctored/tree/sources/install.wim) <(tail -n 1 "$LAST.out" | jq -r '.windows.wim_images[].name')
check "doctored: the descriptions are wimlib-imagex's" \
  diff <(wimlib-imagex info doctored/tree/sources/install.wim | sed -n 's/^Description: *//p' | grep .) \
       <(tail -n 1 "$LAST.out" | jq -r '.windows.wim_images[].description | select(. != "")')
check "doctored: the modification times are wimlib-imagex's" \
  diff <(wimlib-imagex info doctored/tree/sources/install.wim | sed -n 's/^Last Modification Time: *//p' |
           while read -r t; do date -u -d "$t" +%s; done) \
       <(tail -n 1 "$LAST.out" | jq -r '.windows.wim_images[].modified')

# write shows the tells before anything is written: here the target is too small, so the write
# stops after them, and the target stays zeros.
truncate -s 1M small.img
LAST=doctored-write; run_sw "$LAST" write doctored/windows.iso small.img --unverified --yes
check "doctored: write refuses the small target" test "$RC" != 0
check "doctored: write shows the verdict first" err_has '^stickwright: Tamper check: doctored-looking: 23 tells$'
check "doctored: write shows ten tells and counts the rest" err_has '^stickwright:   ... and 13 more$'
check "doctored: nothing was written" cmp -s small.img <(head -c 1M /dev/zero)
# write --json carries the tells in its "windows" object, in Windows mode and written raw.
truncate -s 200M big.img
LAST=doctored-write-json; run_sw "$LAST" write doctored/windows.iso big.img --unverified --yes --json
check "doctored: write --json (Windows mode) has the verdict and the tells" bash -c \
  "tail -n1 $LAST.out | jq -e '.mode == \"windows\" and .windows.tamper_verdict == \"doctored-looking: 23 tells\" and (.windows.tamper_tells | length) == 23' >/dev/null"
: >raw.img
LAST=doctored-write-raw; run_sw "$LAST" write doctored/windows.iso raw.img --unverified --yes --json --mode raw
check "doctored: write --json --mode raw has them too" bash -c \
  "tail -n1 $LAST.out | jq -e '.mode == \"raw\" and (.windows.tamper_tells | length) == 23' >/dev/null"
rm -f big.img raw.img

# --- the clean look-alikes --------------------------------------------------------------------
for v in x64-wim x86; do
  LAST=$v-human; run_sw "$LAST" inspect $v/windows.iso
  check "$v: exit 0" rc_is 0
  check "$v: no tells, and that proves nothing" out_has "^Tamper check: $NO_TELLS\$"
  check "$v: no tell listed" \
    bash -c "! grep -qE '^  - (answer file|copied into Windows|not in a release|image |edition )' $LAST.out"
  LAST=$v-json; run_sw "$LAST" inspect --json $v/windows.iso
  check "$v --json: tamper_tells empty" result_has ".windows.tamper_tells == [] and .windows.tamper_verdict == \"$NO_TELLS\""
done
LAST=x64-wim-json; run_sw "$LAST" inspect --json x64-wim/windows.iso
check "x64-wim --json: its two images read" \
  result_has '[.windows.wim_images[].name] == ["Windows 7 ULTIMATE", "Windows 7 HOMEBASIC"] and .windows.tamper_notes == []'
# x86's install.wim is pseudo-random bytes behind a WIM magic: its metadata is a note, not a tell.
LAST=x86-json; run_sw "$LAST" inspect --json x86/windows.iso
check "x86 --json: unreadable image metadata is a note" \
  result_has '[.windows.tamper_notes[].kind] == ["wim_unread"] and .windows.wim_images == []'

sw_summary
