#!/usr/bin/env bash
# End-to-end tests on loop devices this script attaches itself over files in its own temporary
# directory, and detaches by exact name on every exit path. Needs root; skipped (exit 77) otherwise.
# Usage: loop_device_test.sh PATH/TO/stickwright
source "$(dirname "$0")/lib.sh"
cd "$SW_TMP"

if [[ "$(id -u)" != 0 ]]; then
  sw_skip "loop device tests need root (losetup, mount); run scripts/test as root"
fi

# attach FILE [SECTOR]: attaches a loop device over FILE and prints its name. It runs in a
# command substitution (a subshell), so the caller registers the detach right after.
attach() { losetup -f --show ${2:+-b "$2"} "$1"; }

truncate -s 64M backing.img
if ! LOOP=$(attach backing.img); then
  sw_skip "losetup cannot attach a loop device here (no loop support in this kernel or container)"
fi
on_exit "losetup -d '$LOOP'"
echo "# using $LOOP over $SW_TMP/backing.img"
head -c 64M /dev/urandom | dd of="$LOOP" bs=4M oflag=direct status=none
cp backing.img backing.orig

SIZE=$((10 * 1024 * 1024 + 123))
head -c $SIZE /dev/urandom > image.iso
SHA=$(sha256sum image.iso | cut -d' ' -f1)
WRONG=$(printf '%s' "$SHA" | tr '0-9a-f' '1-9a-f0')

echo "# a loop device is not a USB drive: it needs --allow-non-removable"
LAST=noflag; run_sw $LAST write image.iso "$LOOP" --hash "$SHA" --yes
check "exit 3" rc_is 3
check "says why" err_has "allow-non-removable"
check "device unchanged" same_file backing.orig backing.img

echo "# wrong hash: nothing written"
LAST=wrong; run_sw $LAST write image.iso "$LOOP" --hash "$WRONG" --yes --allow-non-removable
check "exit 2" rc_is 2
check "device unchanged" same_file backing.orig backing.img

echo "# image larger than the device: refused, untouched"
head -c 70M /dev/zero > big.iso
LAST=big; run_sw $LAST write big.iso "$LOOP" --unverified --yes --allow-non-removable
check "exit 3" rc_is 3
check "device unchanged" same_file backing.orig backing.img

echo "# a correct write reads back equal (O_DIRECT)"
LAST=ok; run_sw $LAST write image.iso "$LOOP" --hash "$SHA" --yes --allow-non-removable --json
check "exit 0" rc_is 0
check "cmp image and device" cmp -s -n $SIZE image.iso "$LOOP"
check "verified with O_DIRECT" out_has '"verify_method":"O_DIRECT reads"'
PADDED=$(( (SIZE + 511) / 512 * 512 ))
check "last sector padded with zeros" cmp -s -n $((PADDED - SIZE)) <(head -c $((PADDED - SIZE)) /dev/zero) <(tail -c +$((SIZE + 1)) "$LOOP")
check "bytes after the padding untouched" cmp -s -i $PADDED -n 4096 backing.orig backing.img
LAST=verify; run_sw $LAST verify image.iso "$LOOP" --hash "$SHA"
check "verify command: exit 0" rc_is 0

echo "# a 4096-byte-sector device pads to 4096"
truncate -s 32M backing4k.img
if LOOP4K=$(attach backing4k.img 4096); then
  on_exit "losetup -d '$LOOP4K'"
  LAST=4k; run_sw $LAST write image.iso "$LOOP4K" --hash "$SHA" --yes --allow-non-removable
  check "exit 0" rc_is 0
  check "cmp" cmp -s -n $SIZE image.iso "$LOOP4K"
else
  echo "skip - losetup -b 4096 is not supported here"
fi

echo "# mounted: a busy mount point is refused and named; an idle one is unmounted, then written"
truncate -s 32M fs.img
if command -v mkfs.ext4 >/dev/null && LOOPFS=$(attach fs.img); then
  on_exit "losetup -d '$LOOPFS'"
  mkfs.ext4 -q "$LOOPFS"
  mkdir -p "mnt point"
  if mount "$LOOPFS" "mnt point" 2>/dev/null; then
    on_exit "umount '$SW_TMP/mnt point' 2>/dev/null"
    echo data > "mnt point/file"
    (cd "mnt point" && exec sleep 60) &
    BUSY_PID=$!
    on_exit "kill $BUSY_PID 2>/dev/null"
    LAST=busy; run_sw $LAST write image.iso "$LOOPFS" --hash "$SHA" --yes --allow-non-removable
    check "busy: exit 3" rc_is 3
    check "names the busy mount point" err_has "mnt point"
    check "the file system is intact" grep -q data "mnt point/file"
    kill "$BUSY_PID"; wait "$BUSY_PID" 2>/dev/null
    LAST=unmounted; run_sw $LAST write image.iso "$LOOPFS" --hash "$SHA" --yes --allow-non-removable
    check "idle: exit 0" rc_is 0
    check "idle: unmounted" bash -c "! grep -q ' $SW_TMP/mnt\\\\040point ' /proc/self/mountinfo"
    check "idle: written" cmp -s -n $SIZE image.iso "$LOOPFS"
  else
    echo "skip - this kernel cannot mount ext4 here"
  fi
else
  echo "skip - mkfs.ext4 missing or no loop device"
fi

echo "# O_EXCL: a device another program holds exclusively is refused"
"$SW_HOLD_BIN" "$LOOP" > hold.out 2>&1 &
HOLD_PID=$!
on_exit "kill $HOLD_PID 2>/dev/null"
for _ in $(seq 1 100); do grep -q held hold.out && break; sleep 0.05; done
check "the other program holds the device" grep -q held hold.out
cp backing.img backing.before
LAST=held; run_sw $LAST write image.iso "$LOOP" --hash "$SHA" --yes --allow-non-removable
check "held: exit 3" rc_is 3
check "says in use" err_has "in use"
check "device unchanged" same_file backing.before backing.img
kill "$HOLD_PID"; wait "$HOLD_PID" 2>/dev/null

echo "# a disk claimed where mountinfo cannot show it (mounted in another mount namespace)"
truncate -s 32M ns.img
if command -v unshare >/dev/null && LOOPNS=$(attach ns.img); then
  on_exit "losetup -d '$LOOPNS' 2>/dev/null"
  mkfs.ext4 -q "$LOOPNS"
  mkdir -p nsmnt
  LAST=ns-before; run_sw $LAST list --all --json
  check "not claimed: needs the flag" bash -c "jq -e --arg n '$(basename "$LOOPNS")' '.drives[] | select(.name == \$n) | .verdict == \"needs_flag\"' '$LAST.out' >/dev/null"
  unshare -m --propagation private sh -c "mount '$LOOPNS' '$SW_TMP/nsmnt' && echo mounted && exec sleep 120" > ns.out 2>&1 &
  NS_PID=$!
  on_exit "kill $NS_PID 2>/dev/null"
  for _ in $(seq 1 100); do grep -q mounted ns.out && break; sleep 0.05; done
  if grep -q mounted ns.out; then
    check "the mount is not in our mountinfo" bash -c "! grep -q ' $SW_TMP/nsmnt ' /proc/self/mountinfo"
    LAST=ns; run_sw $LAST list --all --json
    check "list: exit 0" rc_is 0
    check "list: never" bash -c "jq -e --arg n '$(basename "$LOOPNS")' '.drives[] | select(.name == \$n) | .verdict == \"never\"' '$LAST.out' >/dev/null"
    check "list: claimed by the kernel" out_has "in use by the system (claimed by the kernel"
    LAST=ns-table; run_sw $LAST list --all
    check "table: says claimed" out_has "claimed by the kernel"
    LAST=ns-write; run_sw $LAST write image.iso "$LOOPNS" --hash "$SHA" --yes --allow-non-removable --json
    check "write: exit 3" rc_is 3
    check "write: refused before the hash pass" bash -c "! grep -q '\"phase\":\"hash\"' '$LAST.out'"
    check "write: says claimed" err_has "claimed by the kernel"
  else
    echo "skip - cannot mount in a new mount namespace here"
  fi
  kill "$NS_PID"; wait "$NS_PID" 2>/dev/null
fi

echo "# a regular file at a /dev path (left by 'dd of=/dev/sdX' with no disk in) is not a drive"
STRAY="/dev/stickwright-test-stray-$$"
# Larger than the image (sparse), so that only the rule, not the size check, can refuse it.
if [[ ! -e "$STRAY" ]] && truncate -s 16M "$STRAY"; then
  on_exit "rm -f '$STRAY'"
  LAST=stray; run_sw $LAST write image.iso "$STRAY" --hash "$SHA" --yes --allow-non-removable
  check "exit 3" rc_is 3
  check "says it is a regular file, not a drive" err_has "is a regular file, not a drive"
  check "the file is not written" cmp -s "$STRAY" <(head -c 16M /dev/zero)
  rm -f "$STRAY"
fi

echo "# stacking: a loop device over another disk"
truncate -s 64M under.img
if LOOPA=$(attach under.img); then
  on_exit "losetup -d '$LOOPA' 2>/dev/null"
  if LOOPB=$(losetup -f --show "$LOOPA"); then
    on_exit "losetup -d '$LOOPB' 2>/dev/null"
    cp under.img under.before
    LAST=under; run_sw $LAST write image.iso "$LOOPA" --hash "$SHA" --yes --allow-non-removable
    check "the disk under a loop device: exit 3" rc_is 3
    check "names the loop device" err_has "in use by loop device $(basename "$LOOPB")"
    check "untouched" same_file under.before under.img
    losetup -d "$LOOPB"
  fi
  mkfs.ext4 -q "$LOOPA" && mkdir -p mnta && mount "$LOOPA" mnta && on_exit "umount '$SW_TMP/mnta' 2>/dev/null"
  if mountpoint -q mnta; then
    cp image.iso mnta/image.iso
    LOOPC=$(losetup -f --show "$LOOPA") && on_exit "losetup -d '$LOOPC' 2>/dev/null"
    LAST=over; run_sw $LAST write mnta/image.iso "$LOOPC" --hash "$SHA" --yes --allow-non-removable
    check "a loop over the image's disk: exit 3" rc_is 3
    check "says it is stacked on it" err_has "stacked on $(basename "$LOOPA")"
    check "the image's file system is intact" cmp -s image.iso mnta/image.iso
    losetup -d "$LOOPC"
    echo "# stacked mounts: another disk mounted over the target's mount point is not unmounted"
    truncate -s 32M top.img
    if LOOPT=$(attach top.img); then
      on_exit "losetup -d '$LOOPT' 2>/dev/null"
      mkfs.ext4 -q "$LOOPT" && mount "$LOOPT" mnta && on_exit "umount '$SW_TMP/mnta' 2>/dev/null"
      LAST=stacked; run_sw $LAST write image.iso "$LOOPA" --hash "$SHA" --yes --allow-non-removable
      check "exit 3" rc_is 3
      check "says another file system is mounted over it" err_has "mounted over"
      check "the top mount is still there" bash -c "findmnt -n -o SOURCE '$SW_TMP/mnta' | grep -q '$LOOPT'"
      umount "$SW_TMP/mnta"
    fi
    umount "$SW_TMP/mnta"
  fi
fi

echo "# a regular file that backs a loop device is a disk in use"
LAST=backing; run_sw $LAST write image.iso backing.img --hash "$SHA" --yes
check "exit 3" rc_is 3
check "names the loop device" err_has "backing file of loop device"

echo "# identity: a loop device detached and re-attached to another file after selection is refused"
truncate -s 1100M big-backing.img other.img
truncate -s 1G slow.iso   # sparse: hashing it takes long enough to swap the device meanwhile
SLOWSHA=$(sha256sum slow.iso | cut -d' ' -f1)
LOOPBIG=$(attach big-backing.img) || LOOPBIG=""
[[ -n "$LOOPBIG" ]] && on_exit "losetup -d '$LOOPBIG' 2>/dev/null"
"$SW_BIN" write slow.iso "$LOOPBIG" --hash "$SLOWSHA" --yes --allow-non-removable --json >swap.out 2>swap.err </dev/null &
WPID=$!
for _ in $(seq 1 200); do grep -q '"phase":"hash"' swap.out 2>/dev/null && break; sleep 0.02; done
if [[ -n "$LOOPBIG" ]] && losetup -d "$LOOPBIG" && losetup "$LOOPBIG" other.img; then
  wait "$WPID"; RC=$?; LAST=swap
  if grep -q '"phase":"write"' swap.out && ! grep -q '"status":"target_refused"' swap.out; then
    check "refused before writing (the hash finished before the swap)" false
  else
    check "exit 3" rc_is 3
    check "says the drive changed" err_has "changed since you chose it"
    check "the other file is untouched (still sparse)" bash -c "[[ \$(du -k other.img | cut -f1) -lt 1024 ]]"
  fi
else
  kill "$WPID" 2>/dev/null; wait "$WPID" 2>/dev/null
  echo "skip - could not re-attach a loop device"
fi

sw_summary
