#!/usr/bin/env bash
# `cmake --install BUILD --prefix /usr` with DESTDIR set installs exactly the program, its man
# page, bash and zsh completion, README.md, LICENSE and docs/*.md, where a distribution wants
# them, and nothing else (none of the tests' tools); the installed program runs.
# tests/CMakeLists.txt passes cmake (SW_CMAKE), the build directory (SW_BUILD_DIR) and the version.
# Usage: SW_CMAKE=cmake SW_BUILD_DIR=BUILD SW_EXPECTED_VERSION=X.Y.Z install_test.sh stickwright
source "$(dirname "$0")/lib.sh"
SRC="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$SW_TMP" || exit 1
[[ -n "${SW_CMAKE:-}" && -d "${SW_BUILD_DIR:-}" ]] ||
  sw_skip "SW_CMAKE and SW_BUILD_DIR are not set: run it through ctest"

DEST="$SW_TMP/dest"
DOC=usr/share/doc/stickwright
BASH_COMPLETION=usr/share/bash-completion/completions/stickwright
ZSH_COMPLETION=usr/share/zsh/vendor-completions/_stickwright
{
  echo usr/bin/stickwright
  echo usr/share/man/man1/stickwright.1
  echo "$BASH_COMPLETION"
  echo "$ZSH_COMPLETION"
  echo "$DOC/README.md"
  echo "$DOC/LICENSE"
  for page in "$SRC"/docs/*.md; do echo "$DOC/docs/$(basename "$page")"; done
} | sort > expected.txt

echo "# cmake --install --prefix /usr, DESTDIR=$DEST"
DESTDIR="$DEST" "$SW_CMAKE" --install "$SW_BUILD_DIR" --prefix /usr > install.out 2> install.err
RC=$?; LAST=install
check "exit 0" rc_is 0
(cd "$DEST" 2>/dev/null && find . -mindepth 1 ! -type d | sed 's|^\./||' | sort) > installed.txt
check "installs exactly the expected files" \
  bash -c "diff -u expected.txt installed.txt > diff.txt ||
    { sed 's/^/     | /' diff.txt; exit 1; }"
while read -r f; do
  check "installed: $f" test -f "$DEST/$f"
done < expected.txt
for tool in unit_tests make_fixture hold_exclusive fault_fuse; do
  check "the test tool $tool is not installed" bash -c "! find '$DEST' -name '$tool' | grep -q ."
done
check "nothing is installed outside usr/" \
  bash -c "[[ \"\$(ls -A '$DEST')\" == usr ]] || { ls -A '$DEST' | sed 's/^/     | /'; exit 1; }"

echo "# the installed files"
check "the program is executable" test -x "$DEST/usr/bin/stickwright"
LAST=version; "$DEST/usr/bin/stickwright" --version > version.out 2> version.err </dev/null
RC=$?
check "the installed program runs --version (exit 0)" rc_is 0
check "it prints 'stickwright ${SW_EXPECTED_VERSION:-}'" \
  grep -qx "stickwright ${SW_EXPECTED_VERSION:-unset}" version.out
check "the man page is the one configured for this version" \
  grep -q "^\.TH STICKWRIGHT 1 .*\"stickwright ${SW_EXPECTED_VERSION:-unset}\"" \
  "$DEST/usr/share/man/man1/stickwright.1"
check "the man page is roff with every @VARIABLE@ filled in" \
  bash -c "! grep -n '@[A-Z_]*@' '$DEST/usr/share/man/man1/stickwright.1'"
check "bash completion is completion/stickwright.bash" \
  same_file "$SRC/completion/stickwright.bash" "$DEST/$BASH_COMPLETION"
check "zsh completion is completion/_stickwright" \
  same_file "$SRC/completion/_stickwright" "$DEST/$ZSH_COMPLETION"
check "README.md is the source tree's" same_file "$SRC/README.md" "$DEST/$DOC/README.md"
check "LICENSE is the source tree's" same_file "$SRC/LICENSE" "$DEST/$DOC/LICENSE"
check "the installed bash completion registers itself" bash -c "bash --norc --noprofile -c \
  'source \"$DEST/$BASH_COMPLETION\"; complete -p stickwright' | grep -q 'complete -F _stickwright'"

sw_summary
