#!/usr/bin/env bash
# The .deb (package_lib.sh: CPack over this build, as scripts/package makes it) installs and runs
# in a fresh, minimal Debian 12: debootstrap --variant=minbase bookworm into this test's directory,
# from the Debian mirror this machine's apt uses, then inside it `apt-get install ./the.deb`
# (its Depends and Recommends come from the mirror). There: dpkg has it installed, with
# grub-pc-bin and exfatprogs (the Recommends exist in bookworm); `stickwright --version` is this
# build's version; `stickwright list --all` exits 0 with no /sys and /proc (no drive found), and
# with /proc and a read-only bind of /sys mounted lists this machine's disks; `inspect` reads a
# small ISO made here with xorriso; `apt-get purge` removes it all again.
# Root only: it skips (77) as another user, under the sanitizers, and when the mirror cannot be
# reached. Everything it mounts is unmounted by exact path, also on failure, before the chroot
# is removed (rm --one-file-system; if a mount cannot be undone, nothing is removed and it says so).
# Cost on this 2-core machine: about 2 minutes, nearly all of it debootstrap (52 s alone, 71-122 s
# with other builds running; it downloads its ~90 packages on every run, so no run is warmer than
# a fresh CI machine's), then apt-get install 7-18 s and the checks a few seconds.
# Usage: SW_CPACK=cpack SW_BUILD_DIR=BUILD SW_EXPECTED_VERSION=X.Y.Z \
#          package_install_test.sh stickwright
#        SW_DEBIAN_MIRROR=URL picks the mirror instead of apt's sources.
#        An i386 .deb (scripts/test-i386 runs it so): SW_DEB=PATH/stickwright_X.Y.Z_i386.deb
#          SW_DEB_ARCH=i386 SW_EXPECTED_VERSION=X.Y.Z package_install_test.sh stickwright:
#          an i386 chroot (debootstrap --arch=i386), whose programs run through qemu-user,
#          registered in binfmt_misc for the run by scripts/i386.sh.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/package_lib.sh"
SW_ROOT="$(cd "$(dirname "$0")/../.." && pwd)"  # scripts/mirror.sh, scripts/i386.sh
source "$SW_ROOT/scripts/mirror.sh"
cd "$SW_TMP" || exit 1
[[ "$(id -u)" == 0 ]] || sw_skip "needs root (debootstrap, chroot, mount)"
if [[ -z "${SW_DEB:-}" ]]; then sw_package_preconditions; fi
VERSION="$SW_EXPECTED_VERSION"
SUITE=bookworm

MIRROR="$(sw_debian_mirror "$SUITE")"
[[ -n "$MIRROR" ]] || sw_skip "no Debian mirror for $SUITE in /etc/apt/sources.list(.d)"
wget -q -T 30 -t 2 -O "$SW_TMP/Release" "$MIRROR/dists/$SUITE/Release" ||
  sw_skip "cannot reach the Debian mirror $MIRROR (wget $MIRROR/dists/$SUITE/Release)"

CHROOT="$SW_TMP/chroot"
# mounts_under: the mount points at or under $CHROOT, deepest first.
mounts_under() {
  awk -v d="$CHROOT" '$5 == d || index($5, d "/") == 1 { print $5 }' /proc/self/mountinfo |
    sort -r
}
# unmount_all: undoes every mount under the chroot (lazily when a mount is busy), then removes the
# chroot. Should one stay, nothing is removed: SW_TMP is emptied so that lib.sh's cleanup does not
# recurse into it.
unmount_all() {
  local m
  for m in $(mounts_under); do umount "$m" 2>/dev/null || umount -l "$m"; done
  if [[ -n "$(mounts_under)" ]]; then
    echo "package_install_test: still mounted, $SW_TMP is left as it is:"
    mounts_under | sed 's/^/     | /'
    SW_TMP=""
    return 1
  fi
  rm -rf --one-file-system "$CHROOT"
}
on_exit unmount_all
# in_chroot CMD...: runs CMD in the chroot with a clean environment (none of this machine's).
in_chroot() {
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive chroot "$CHROOT" "$@" </dev/null
}
# run_in OUTPREFIX CMD...: in_chroot, output to OUTPREFIX.out/.err, sets RC and LAST.
run_in() {
  local out="$1"
  shift
  LAST="$out"
  in_chroot "$@" > "$out.out" 2> "$out.err"
  RC=$?
}

echo "# the .deb"
check "debootstrap is installed (scripts/test installs it)" have debootstrap
check "xorriso is installed (scripts/test installs it)" have xorriso
if [[ -n "${SW_DEB:-}" ]]; then
  DEB="$(realpath "$SW_DEB")"
  check "$SW_DEB is there" test -f "$DEB"
  SW_DEB_NAME="$(basename "$DEB")"
else
  sw_make_deb "$SW_TMP/cpack"
fi
if [[ "$SW_DEB_ARCH" != "$(dpkg --print-architecture)" ]]; then
  # Another architecture's programs (debootstrap's second stage, then everything in the chroot)
  # run through qemu-user (scripts/i386.sh; i386 only).
  source "$SW_ROOT/scripts/i386.sh"
  sw_binfmt_i386_ensure
  on_exit sw_binfmt_i386_release
fi

echo "# a fresh Debian 12 $SW_DEB_ARCH (debootstrap --variant=minbase $SUITE, from $MIRROR)"
start=$SECONDS
LAST=debootstrap
debootstrap --arch="$SW_DEB_ARCH" --variant=minbase "$SUITE" "$CHROOT" "$MIRROR" \
  > debootstrap.out 2> debootstrap.err
RC=$?
echo "     debootstrap took $((SECONDS - start)) s"
check "debootstrap: exit 0" rc_is 0
[[ $RC == 0 ]] || tail -n 20 debootstrap.out | sed 's/^/     | /'
check "the chroot is Debian 12" grep -q '^12\.' "$CHROOT/etc/debian_version"
# No service of a package installed below is started in the chroot (Debian's policy-rc.d).
printf '#!/bin/sh\nexit 101\n' > "$CHROOT/usr/sbin/policy-rc.d"
chmod 755 "$CHROOT/usr/sbin/policy-rc.d"

echo "# apt-get install ./$SW_DEB_NAME in it"
cp "$DEB" "$CHROOT/tmp/"
start=$SECONDS
run_in install apt-get install -y -q "/tmp/$SW_DEB_NAME"
echo "     apt-get install took $((SECONDS - start)) s"
check "apt-get install: exit 0" rc_is 0
[[ $RC == 0 ]] || tail -n 20 install.out | sed 's/^/     | /'
status() { in_chroot dpkg-query -W -f='${Status} ${Version}' "$1" 2>/dev/null; }
check "dpkg has stickwright $VERSION installed" \
  bash -c "[[ '$(status stickwright)' == 'install ok installed $VERSION' ]]"
for p in grub-pc-bin exfatprogs; do
  check "the Recommends $p came with it" \
    bash -c "[[ '$(status "$p")' == 'install ok installed '* ]]"
done
check "the program is at /usr/bin/stickwright" test -x "$CHROOT/usr/bin/stickwright"
check "the man page is at /usr/share/man/man1/stickwright.1.gz" \
  test -f "$CHROOT/usr/share/man/man1/stickwright.1.gz"

echo "# stickwright there"
run_in version stickwright --version
check "--version: exit 0" rc_is 0
check "--version prints 'stickwright $VERSION'" grep -qx "stickwright $VERSION" version.out

run_in list-bare stickwright list --all
check "list --all with no /sys and /proc: exit 0" rc_is 0
check "it finds no drive, and says so" out_has "No USB drive or SD card found"

mount -t proc proc "$CHROOT/proc"
check "/proc mounted in the chroot" mountpoint -q "$CHROOT/proc"
mount -o bind,ro /sys "$CHROOT/sys"
check "/sys bound read-only in the chroot" mountpoint -q "$CHROOT/sys"
run_in list stickwright list --all
check "list --all with /proc and /sys: exit 0" rc_is 0
sed 's/^/     | /' list.out
run_in list-json stickwright list --all --json
check "list --all --json: exit 0" rc_is 0
jq -r '.drives[].name' list-json.out > drives.txt 2> jq.err
check "its JSON lists drives" test -s drives.txt
check "each is a block device of this machine (/sys/block)" \
  bash -c "while read -r d; do
             [[ -e /sys/block/\$d ]] || { echo \"     no /sys/block/\$d\"; exit 1; }
           done < drives.txt"
umount "$CHROOT/sys"
umount "$CHROOT/proc"
check "/proc and /sys unmounted again" \
  bash -c "! mountpoint -q '$CHROOT/proc' && ! mountpoint -q '$CHROOT/sys'"

mkdir -p iso-tree && echo "stickwright package test" > iso-tree/README.TXT
xorriso -as mkisofs -o "$CHROOT/tmp/pkgtest.iso" -V PKGTEST -J -R iso-tree > xorriso.log 2>&1
check "a small data ISO made with xorriso" test -s "$CHROOT/tmp/pkgtest.iso"
run_in inspect stickwright inspect /tmp/pkgtest.iso
check "inspect: exit 0" rc_is 0
check "inspect names the volume" out_has "ISO 9660 volume 'PKGTEST'"
run_in inspect-json stickwright inspect --json /tmp/pkgtest.iso
check "inspect --json: a data ISO that does not boot from USB" \
  bash -c "[[ \$(jq -r '.kind + \" \" + .iso9660.volume_id' inspect-json.out) == \
              'non_bootable_iso PKGTEST' ]]"

echo "# apt-get purge stickwright"
run_in purge apt-get purge -y -q stickwright
check "apt-get purge: exit 0" rc_is 0
check "the program is gone" test ! -e "$CHROOT/usr/bin/stickwright"
check "its documentation is gone" test ! -e "$CHROOT/usr/share/doc/stickwright"

sw_summary
