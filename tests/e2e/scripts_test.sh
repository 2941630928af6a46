#!/usr/bin/env bash
# scripts/run and scripts/test, run for real over a copy of the scripts with stand-ins for apt-get,
# dpkg-query, cmake, ctest and the built binary (on PATH before the real ones): what each installs,
# that scripts/run keeps the caller's working directory, and that arguments are passed on.
source "$(dirname "$0")/lib.sh"
SRC_SCRIPTS="$(cd "$(dirname "$0")/../../scripts" && pwd)"
cd "$SW_TMP" || exit 1

REPO="$SW_TMP/repo"; FAKE="$SW_TMP/fake"; LOG="$SW_TMP/calls.log"
mkdir -p "$REPO/scripts" "$REPO/build/release" "$FAKE" "$SW_TMP/elsewhere"
cp "$SRC_SCRIPTS/run" "$SRC_SCRIPTS/test" "$SRC_SCRIPTS/lib.sh" "$REPO/scripts/"
# Every package reads as missing, so the install line lists all a script asks for.
printf '#!/bin/sh\nexit 1\n' > "$FAKE/dpkg-query"
for tool in apt-get cmake ctest; do
  printf '#!/bin/sh\necho "%s $*" >> "%s"\n' "$tool" "$LOG" > "$FAKE/$tool"
done
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
         groff-base zsh; do
  check "test installs $p" installs "$p"
done
check "test builds with the tests" grep -q -- "-DSTICKWRIGHT_TESTS=ON" "$LOG"
check "builds ci and asan" bash -c "grep -q '^cmake --build --preset ci' '$LOG' && grep -q '^cmake --build --preset asan' '$LOG'"
check "ctest runs ci and asan" bash -c "grep -q '^ctest --preset ci' '$LOG' && grep -q '^ctest --preset asan' '$LOG'"
check "the release preset is left to scripts/run" bash -c "! grep -q -- '--preset release' '$LOG'"

sw_summary
