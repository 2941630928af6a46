#!/usr/bin/env bash
# End-to-end tests of drive listing and the write refusals, through the binary, against the
# standard fixture sysroot (tests/support/standard_fixture.cpp). No real disk is touched: under
# --sysroot every /dev node is a regular file inside the fixture.
# Usage: drives_test.sh STICKWRIGHT MAKE_FIXTURE
source "$(dirname "$0")/lib.sh"
cd "$SW_TMP"
command -v jq >/dev/null || sw_skip "jq is missing (scripts/test installs it)"

mkdir images
head -c 300000 /dev/urandom > images/image.iso
SHA=$(sha256sum images/image.iso | cut -d' ' -f1)
"$SW_FIXTURE_BIN" fx "$SW_TMP/images" || { echo "FAIL - could not build the fixture"; exit 1; }
FX="$SW_TMP/fx"
jqe() { jq -e "$@" >/dev/null; }

echo "# list --all --json classifies every fixture disk"
"$SW_BIN" list --all --json --sysroot "$FX" > all.json; RC=$?; LAST=all
check "exit 0" rc_is 0
check "valid JSON" jqe . all.json >/dev/null
verdict() { jq -r --arg n "$1" '.drives[] | select(.name == $n) | .verdict' all.json; }
for pair in sdb:offered sdc:offered sdd:offered sdi:offered mmcblk0:offered sdf:offered \
            sda:needs_flag mmcblk1:needs_flag loop0:needs_flag \
            nvme0n1:never sde:never sdg:never sdh:never sdj:never sdl:never dm-0:never zram0:never; do
  name=${pair%%:*}; want=${pair#*:}
  check "$name is $want" test "$(verdict "$name")" == "$want"
done
check "every never/needs_flag disk has a reason" \
  jqe '[.drives[] | select(.verdict != "offered") | (.reasons | length > 0)] | all' all.json
check "unattached loop1 is not listed" jqe '[.drives[] | select(.name == "loop1")] | length == 0' all.json
check "schema: drive fields and types" jqe '.drives | all(
    (.path|type)=="string" and (.name|type)=="string" and (.size_bytes|type)=="number" and
    (.vendor|type)=="string" and (.model|type)=="string" and (.serial|type)=="string" and
    (.transport|type)=="string" and (.removable|type)=="boolean" and (.read_only|type)=="boolean" and
    (.rotational|type)=="boolean" and (.eligible|type)=="boolean" and (.reasons|type)=="array" and
    (.partitions|type)=="array")' all.json
check "schema: partition fields and types" jqe '[.drives[].partitions[]] | length > 0 and all(
    (.path|type)=="string" and (.label|type)=="string" and (.fstype|type)=="string" and
    (.uuid|type)=="string" and (.mountpoints|type)=="array")' all.json
check "eligible means offered" jqe '.drives | all(.eligible == (.verdict == "offered"))' all.json
check "mount point with a space decoded" \
  jqe '.drives[] | select(.name=="sdi") | .partitions[0].mountpoints[0] == "/media/user/MY STICK"' all.json
check "label probed by libblkid" jqe '.drives[] | select(.name=="sdb") | .partitions[0].label == "STICK"' all.json
check "USB serial" jqe '.drives[] | select(.name=="sdb") | .serial == "4C530001"' all.json

"$SW_BIN" list --json --sysroot "$FX" > offered.json
check "list without --all shows only offered drives" jqe '.drives | length > 0 and all(.eligible)' offered.json
LAST=table; run_sw $LAST list --sysroot "$FX"
check "table lists the stick" out_has "SanDisk Cruzer Blade"
check "table hides the system disk" bash -c "! grep -q nvme0n1 '$LAST.out'"
# columns_line_up FILE: in every drive row of a list table (the lines not indented), the SIZE,
# TRANSPORT and MODEL cells start right under their headings.
columns_line_up() {
  perl -ne '
    if ($. == 1) { @at = (index($_, "SIZE"), index($_, "TRANSPORT"), index($_, "MODEL")); next }
    next if /^ /;
    for $p (@at) {
      next if substr($_, $p - 1, 1) eq " " && substr($_, $p, 1) ne " ";
      print "     out of line at $p: $_";
      $bad = 1;
    }
    END { exit($bad ? 1 : 0) }' "$1"
}
LAST=table-all; run_sw $LAST list --all --sysroot "$FX"
check "table --all: long names, sizes and models (2000 GB, a loop's file) keep columns in line" \
  columns_line_up "$LAST.out"

echo "# write refuses every never-class disk with exit 3 and a reason, nothing written"
for name in nvme0n1 sde sdg sdh sdj sdl dm-0 zram0 sdk; do
  cp "$FX/dev/$name" before.node
  LAST=never-$name; run_sw $LAST write images/image.iso /dev/$name --sysroot "$FX" --hash "$SHA" --yes --allow-non-removable --allow-hard-disk
  check "$name: exit 3" rc_is 3
  check "$name: gives a reason" err_has "refusing to write /dev/$name"
  check "$name: node untouched" same_file before.node "$FX/dev/$name"
done
LAST=never-sdk; check "the image's own stick says so" err_has "holds the image file"

echo "# needs --allow-non-removable"
for name in sda mmcblk1 loop0; do
  LAST=flag-$name; run_sw $LAST write images/image.iso /dev/$name --sysroot "$FX" --hash "$SHA" --yes
  check "$name without the flag: exit 3" rc_is 3
  check "$name: says which flag" err_has "allow-non-removable"
done
LAST=flag-mmc-ok; run_sw $LAST write images/image.iso /dev/mmcblk1 --sysroot "$FX" --hash "$SHA" --yes --allow-non-removable
check "eMMC with the flag: exit 0" rc_is 0
check "eMMC with the flag: written" prefix_equals images/image.iso "$FX/dev/mmcblk1"

echo "# looks like a hard disk: --yes alone is not enough"
LAST=hdd; run_sw $LAST write images/image.iso /dev/sdf --sysroot "$FX" --hash "$SHA" --yes
check "exit 3" rc_is 3
check "asks for --allow-hard-disk" err_has "allow-hard-disk"
LAST=hdd-ok; run_sw $LAST write images/image.iso /dev/sdf --sysroot "$FX" --hash "$SHA" --yes --allow-hard-disk
check "with --allow-hard-disk: exit 0" rc_is 0

echo "# a partition is refused, naming the whole disk"
LAST=part; run_sw $LAST write images/image.iso /dev/sdb1 --sysroot "$FX" --hash "$SHA" --yes
check "exit 3" rc_is 3
check "names /dev/sdb" err_has "give /dev/sdb"

echo "# a mounted stick under --sysroot is refused after the hash check, untouched"
cp "$FX/dev/sdi" before.node
LAST=mounted; run_sw $LAST write images/image.iso /dev/sdi --sysroot "$FX" --hash "$SHA" --yes
check "exit 3" rc_is 3
check "names the mount point" err_has "/media/user/MY STICK"
check "untouched" same_file before.node "$FX/dev/sdi"

echo "# the disk holding \$TMPDIR (Windows mode's prepare space) is never written"
head -c 300000 /dev/urandom > elsewhere.iso
ELSESHA=$(sha256sum elsewhere.iso | cut -d' ' -f1)
TMPDIR="$SW_TMP/images" "$SW_BIN" list --all --json --sysroot "$FX" > tmpdir.json
check "sdk (mounted at \$TMPDIR) is never" test "$(jq -r '.drives[] | select(.name == "sdk") | .verdict' tmpdir.json)" == never
check "says it holds the temporary directory" \
  jqe --arg t "$SW_TMP/images" '.drives[] | select(.name == "sdk") | .reasons | any(contains("temporary directory " + $t))' tmpdir.json
cp "$FX/dev/sdk" before.node
LAST=tmpdir; TMPDIR="$SW_TMP/images" run_sw $LAST write elsewhere.iso /dev/sdk --sysroot "$FX" --hash "$ELSESHA" --yes
check "write: exit 3" rc_is 3
check "write: says why" err_has "holds the temporary directory $SW_TMP/images"
check "write: node untouched" same_file before.node "$FX/dev/sdk"

echo "# a symbolic link as the target file is refused, not followed"
head -c 400000 /dev/zero > target.img
ln -s target.img link.img
LAST=symlink; run_sw $LAST write images/image.iso link.img --sysroot "$FX" --hash "$SHA" --yes
check "exit 3" rc_is 3
check "says it is a symbolic link" err_has "link.img is a symbolic link"
check "the file it leads to is untouched" cmp -s target.img <(head -c 400000 /dev/zero)

echo "# under --sysroot, /dev entries cannot lead outside the sysroot"
head -c 400000 /dev/zero > victim.img
mv "$FX/dev/sdc" "$SW_TMP/sdc.node"
ln -s "$SW_TMP/victim.img" "$FX/dev/sdc"
LAST=escape; run_sw $LAST write images/image.iso /dev/sdc --sysroot "$FX" --hash "$SHA" --yes
check "exit 3" rc_is 3
check "the file outside is untouched" cmp -s victim.img <(head -c 400000 /dev/zero)
rm "$FX/dev/sdc"; mv "$SW_TMP/sdc.node" "$FX/dev/sdc"
head -c 400000 /dev/zero > "$FX/dev/sdz"
LAST=stray; run_sw $LAST write images/image.iso /dev/sdz --sysroot "$FX" --hash "$SHA" --yes
check "a file under dev/ that no disk backs: exit 3" rc_is 3
check "never written as a file" cmp -s "$FX/dev/sdz" <(head -c 400000 /dev/zero)

echo "# the USB stick is written and verified"
LAST=ok; run_sw $LAST write images/image.iso /dev/sdb --sysroot "$FX" --hash "$SHA" --yes
check "exit 0" rc_is 0
check "node holds the image" prefix_equals images/image.iso "$FX/dev/sdb"
check "verified" out_has "Verified"

echo "# read (capture) under the fixture: the rules of a write's target, a read-only stick allowed"
LAST=readro; run_sw $LAST read /dev/sdj sdj.img --sysroot "$FX" --size 64K
check "read-only sdj may be read: exit 0" rc_is 0
check "sdj.img is the head of the node" prefix_equals sdj.img "$FX/dev/sdj"
check "sidecar written" test -s sdj.img.sha256
LAST=readsys; run_sw $LAST read /dev/nvme0n1 sys.img --sysroot "$FX" --size 64K
check "the system disk is not read: exit 3" rc_is 3
check "says refusing to read" err_has "refusing to read /dev/nvme0n1"
check "no image" test ! -e sys.img
LAST=reademmc; run_sw $LAST read /dev/mmcblk1 emmc.img --sysroot "$FX" --size 64K
check "eMMC without the flag: exit 3" rc_is 3
check "worded for any use, not only erasing" err_has "If you are sure this is the drive you mean, add --allow-non-removable"
LAST=reademmc2; run_sw $LAST read /dev/mmcblk1 emmc.img --sysroot "$FX" --size 64K --allow-non-removable
check "eMMC with the flag: exit 0" rc_is 0

sw_summary
