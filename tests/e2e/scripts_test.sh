#!/usr/bin/env bash
# scripts/run, scripts/test and scripts/package, run for real over a copy of the scripts with
# stand-ins for apt-get, dpkg-query, dpkg, cmake, ctest, cpack, lintian, debootstrap, chroot and
# the built binary (on PATH before the real ones), and a directory standing in for binfmt_misc:
# what each installs, that scripts/run keeps the caller's working directory and passes arguments
# on, and how scripts/package configures, packages and checks each architecture (i386 only with
# its cross toolchain file, against the i386 sysroot, with Depends from dpkg-shlibdeps in it).
source "$(dirname "$0")/lib.sh"
SRC_SCRIPTS="$(cd "$(dirname "$0")/../../scripts" && pwd)"
cd "$SW_TMP" || exit 1

REPO="$SW_TMP/repo"; FAKE="$SW_TMP/fake"; LOG="$SW_TMP/calls.log"
mkdir -p "$REPO/scripts" "$REPO/build/release" "$FAKE" "$SW_TMP/elsewhere"
for s in run test package lib.sh i386.sh mirror.sh; do cp "$SRC_SCRIPTS/$s" "$REPO/scripts/"; done
# Every package reads as missing, so the install line lists all a script asks for.
printf '#!/bin/sh\nexit 1\n' > "$FAKE/dpkg-query"
for tool in apt-get cmake ctest lintian; do
  printf '#!/bin/sh\necho "%s $*" >> "%s"\n' "$tool" "$LOG" > "$FAKE/$tool"
done
printf '#!/bin/sh\necho amd64\n' > "$FAKE/dpkg"  # dpkg --print-architecture
# cpack --config BUILD/CPackConfig.cmake -B OUT: makes OUT/stickwright_0.1.0_ARCH.deb, ARCH the
# one the configure step passed (-DCPACK_DEBIAN_PACKAGE_ARCHITECTURE), read from the log.
cat > "$FAKE/cpack" <<EOF
#!/bin/bash
echo "cpack \$*" >> "$LOG"
out="\${4:?}"
arch="\$(grep -o 'CPACK_DEBIAN_PACKAGE_ARCHITECTURE=[a-z0-9]*' "$LOG" | tail -n1 | cut -d= -f2)"
mkdir -p "\$out" && echo deb > "\$out/stickwright_0.1.0_\$arch.deb"
EOF
# debootstrap ... TARGET MIRROR: an empty tree with the directories the i386 toolchain file and
# scripts/i386.sh look at. chroot SYSROOT sh -c '... dpkg-shlibdeps ...': its answer, once the
# binary is in the scratch directory.
cat > "$FAKE/debootstrap" <<EOF
#!/bin/bash
echo "debootstrap \$*" >> "$LOG"
target="\${@: -2:1}"
mkdir -p "\$target/usr/include/i386-linux-gnu" "\$target/usr/lib/i386-linux-gnu" "\$target/tmp"
EOF
cat > "$FAKE/chroot" <<EOF
#!/bin/bash
echo "chroot \$*" >> "$LOG"
work="\$1/tmp/stickwright-shlibdeps"
[[ -f "\$work/debian/stickwright/usr/bin/stickwright" && -f "\$work/debian/control" ]] || exit 1
echo 'shlibs:Depends=libc6 (>= 2.34), libssl3 (>= 3.0.0)'
EOF
# scripts/test-i386 has its own checks below (binfmt_misc) and in CI's run: scripts/test calls it.
printf '#!/bin/sh\necho "test-i386 $*" >> "%s"\n' "$LOG" > "$REPO/scripts/test-i386"
chmod +x "$REPO/scripts/test-i386"
printf '#!/bin/sh\necho "cwd=$PWD"\nfor a in "$@"; do echo "arg=$a"; done\n' > "$REPO/build/release/stickwright"
chmod +x "$FAKE"/* "$REPO/build/release/stickwright"
echo data > "$SW_TMP/elsewhere/image.iso"

installed() { grep '^apt-get install' "$LOG" | tr ' ' '\n'; }
installs() { installed | grep -qx -- "$1" || { echo "     did not install $1"; return 1; }; }
skips() { ! installed | grep -qx -- "$1" || { echo "     installed $1"; return 1; }; }

echo "# scripts/run from another directory"
: > "$LOG"
(cd "$SW_TMP/elsewhere" && PATH="$FAKE:$PATH" "$REPO/scripts/run" hash ./image.iso) \
  > run.out 2> run.err
RC=$?; LAST=run
check "exit 0" rc_is 0
check "the program starts in the caller's directory" out_has "^cwd=$SW_TMP/elsewhere\$"
check "arguments are passed on unchanged" bash -c "grep '^arg=' run.out | tr '\n' ' ' | grep -qx 'arg=hash arg=./image.iso '"
check "the build still runs in the source tree" grep -q "^cmake --build --preset release" "$LOG"
check "runs apt-get update first" bash -c "head -n1 '$LOG' | grep -q '^apt-get update'"
for p in libblkid-dev libssl-dev libncurses-dev libfmt-dev libwim-dev grub-pc-bin cmake; do
  check "run installs $p" installs "$p"
done
for p in qemu-system-x86 ovmf nasm xorriso tmux doctest-dev debian-installer-12-netboot-i386 zsh; do
  check "run does not install the test tool $p" skips "$p"
done
check "run builds without the tests" grep -q -- "-DSTICKWRIGHT_TESTS=OFF" "$LOG"

echo "# scripts/test"
: > "$LOG"
(cd "$SW_TMP/elsewhere" && PATH="$FAKE:$PATH" "$REPO/scripts/test") > test.out 2> test.err
RC=$?; LAST=test
check "exit 0" rc_is 0
for p in libblkid-dev grub-pc-bin qemu-system-x86 ovmf nasm xorriso tmux doctest-dev jq \
         groff-base zsh dpkg-dev lintian debootstrap; do
  check "test installs $p" installs "$p"
done
check "test builds with the tests" grep -q -- "-DSTICKWRIGHT_TESTS=ON" "$LOG"
check "builds ci and asan" bash -c "grep -q '^cmake --build --preset ci' '$LOG' && grep -q '^cmake --build --preset asan' '$LOG'"
check "ctest runs ci and asan" bash -c "grep -q '^ctest --preset ci' '$LOG' && grep -q '^ctest --preset asan' '$LOG'"
check "the release preset is left to scripts/run" bash -c "! grep -q -- '--preset release' '$LOG'"
if [[ "$(id -u)" == 0 ]]; then
  check "then runs scripts/test-i386, last" bash -c "tail -n1 '$LOG' | grep -q '^test-i386'"
else
  check "skips scripts/test-i386 as another user, saying why" \
    bash -c "! grep -q test-i386 '$LOG' &&
             grep -q 'i386 SKIPPED: scripts/test-i386 needs root' test.out"
fi

echo "# scripts/package"
: > "$LOG"
(cd "$SW_TMP/elsewhere" && PATH="$FAKE:$PATH" "$REPO/scripts/package") > package.out 2> package.err
RC=$?; LAST=package
check "exit 0" rc_is 0
for p in dpkg-dev lintian libblkid-dev cmake; do
  check "package installs $p" installs "$p"
done
for p in qemu-system-x86 doctest-dev debootstrap; do
  check "package does not install the test tool $p" skips "$p"
done
BUILD="$REPO/build/package-amd64"
CONFIGURE="cmake --preset release -B $BUILD -DSTICKWRIGHT_TESTS=OFF"
check "configures build/package-amd64 as the release preset, without the tests, for amd64" \
  grep -qx -- "$CONFIGURE -DCPACK_DEBIAN_PACKAGE_ARCHITECTURE=amd64" "$LOG"
check "builds it" grep -qx -- "cmake --build $BUILD" "$LOG"
check "packages it with CPack" \
  grep -qx -- "cpack --config $BUILD/CPackConfig.cmake -B $BUILD/cpack" "$LOG"
check "runs lintian over the .deb, failing on errors" \
  grep -qx -- "lintian --fail-on error $BUILD/cpack/stickwright_0.1.0_amd64.deb" "$LOG"
check "prints only the path of dist/stickwright_0.1.0_amd64.deb" \
  bash -c "[[ \$(cat package.out) == '$REPO/dist/stickwright_0.1.0_amd64.deb' ]]"
check "the .deb is there" test -f "$REPO/dist/stickwright_0.1.0_amd64.deb"

echo "# scripts/package --arch i386, without and with cmake/toolchain-i686-linux-gnu.cmake"
: > "$LOG"
PATH="$FAKE:$PATH" "$REPO/scripts/package" --arch i386 > i386.out 2> i386.err
RC=$?; LAST=i386
check "without the toolchain file: exit 2" rc_is 2
check "it says that i386 is not there yet" err_has "i386 is not there yet"
check "nothing was installed or configured" test ! -s "$LOG"
mkdir -p "$REPO/cmake" && touch "$REPO/cmake/toolchain-i686-linux-gnu.cmake"
# The stand-in cmake builds nothing: the binary dpkg-shlibdeps looks at is put there beforehand.
mkdir -p "$REPO/build/package-i386" "$SW_TMP/binfmt" && : > "$SW_TMP/binfmt/register"
echo elf > "$REPO/build/package-i386/stickwright"
SYSROOT="$REPO/build/i386-sysroot"
SW_BINFMT="$SW_TMP/binfmt" SW_BINFMT_STATE="$SW_TMP/state" PATH="$FAKE:$PATH" \
  "$REPO/scripts/package" --arch=i386 > i386.out 2> i386.err
RC=$?
check "with it: exit 0" rc_is 0
for p in g++-i686-linux-gnu qemu-user-static debootstrap dpkg-dev lintian; do
  check "package --arch i386 installs $p" installs "$p"
done
check "registers qemu-i386-static for i386 programs in binfmt_misc, with the F flag" \
  grep -q '^:qemu-i386:M::.*:/usr/bin/qemu-i386-static:F$' "$SW_TMP/binfmt/register"
check "makes the i386 sysroot with debootstrap, with the -dev packages and dpkg-dev" \
  grep -qE "^debootstrap --arch=i386 --variant=minbase --include=.*librnp-dev.*,dpkg-dev \
bookworm $SYSROOT " "$LOG"
check "configures build/package-i386 with the toolchain file and the sysroot, for i386" \
  grep -qx -- "${CONFIGURE/amd64/i386} -DCPACK_DEBIAN_PACKAGE_ARCHITECTURE=i386 \
-DCMAKE_TOOLCHAIN_FILE=$REPO/cmake/toolchain-i686-linux-gnu.cmake -DSW_I386_SYSROOT=$SYSROOT" "$LOG"
check "runs dpkg-shlibdeps inside the sysroot, over a copy of the binary" \
  grep -q "^chroot $SYSROOT /bin/sh -c .*dpkg-shlibdeps -O debian/stickwright/usr/bin/stickwright" \
    "$LOG"
check "the copy is removed again" test ! -e "$SYSROOT/tmp/stickwright-shlibdeps"
DEPENDS_LINE="cmake -B $REPO/build/package-i386 \
-DSTICKWRIGHT_DEB_DEPENDS=libc6 (>= 2.34), libssl3 (>= 3.0.0)"
check "hands its Depends to CPack's configuration, then packages" \
  bash -c "grep -A1 -x -F -- '$DEPENDS_LINE' '$LOG' | tail -n1 | grep -q '^cpack --config'"
check "prints dist/stickwright_0.1.0_i386.deb" \
  bash -c "[[ \$(cat i386.out) == '$REPO/dist/stickwright_0.1.0_i386.deb' ]]"
# The kernel's side of binfmt_misc, played by a directory: writing a rule to `register` makes
# the entry (a file), writing -1 to the entry removes it.
kernel_registers() {
  if [[ -s "$BINFMT/register" ]]; then mv "$BINFMT/register" "$BINFMT/qemu-i386"; fi
  : >> "$BINFMT/register"
}
removed() { [[ "$(cat "$BINFMT/qemu-i386")" == -1 ]]; }
kept() { [[ -s "$BINFMT/qemu-i386" ]] && ! removed; }
user() {  # user NAME: takes the entry, says NAME.ready, gives it back once NAME.go exists
  (
    source "$REPO/scripts/lib.sh" && source "$REPO/scripts/i386.sh"
    sw_binfmt_i386_ensure 2>/dev/null && kernel_registers && touch "$SW_TMP/$1.ready"
    while [[ ! -e "$SW_TMP/$1.go" ]]; do sleep 0.05; done
    sw_binfmt_i386_release 2>/dev/null
    touch "$SW_TMP/$1.done"
  ) &
  while [[ ! -e "$SW_TMP/$1.ready" ]]; do sleep 0.05; done
}
finish() { touch "$SW_TMP/$1.go"; while [[ ! -e "$SW_TMP/$1.done" ]]; do sleep 0.05; done; }
export SW_BINFMT="$SW_TMP/binfmt2" SW_BINFMT_STATE="$SW_TMP/state"
BINFMT="$SW_BINFMT"
mkdir -p "$BINFMT" && : > "$BINFMT/register"
echo "# scripts/i386.sh: the binfmt_misc entry is removed by its last stickwright user"
user a
check "the first user registers qemu-i386-static" grep -q qemu-i386-static "$BINFMT/qemu-i386"
user b
check "there is one entry: the second user registers nothing" test ! -s "$BINFMT/register"
finish a
check "the first one out leaves it to the other" kept
finish b
check "the last one out removes it" removed
check "and its marker" test ! -e "$SW_TMP/state/qemu-i386.ours"
: > "$BINFMT/register" && echo ":qemu-i386:M::someone else's" > "$BINFMT/qemu-i386"
user c
finish c
check "an entry stickwright did not make is left alone" kept
unset SW_BINFMT SW_BINFMT_STATE

PATH="$FAKE:$PATH" "$REPO/scripts/package" --arch arm64 > arm64.out 2> arm64.err
RC=$?; LAST=arm64
check "--arch arm64: exit 2, with the architectures it builds" \
  bash -c "[[ $RC == 2 ]] && grep -q 'only amd64 (this machine) and i386' arm64.err"

sw_summary
