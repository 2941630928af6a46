#!/usr/bin/env bash
# stickwright --version prints the version that CMakeLists.txt's project() declares.
# tests/CMakeLists.txt passes that version in SW_EXPECTED_VERSION, so the test fails if the
# program's version and the build's ever disagree.
# Usage: SW_EXPECTED_VERSION=X.Y.Z version_test.sh PATH/TO/stickwright
source "$(dirname "$0")/lib.sh"
cd "$SW_TMP" || exit 1
WANT="stickwright ${SW_EXPECTED_VERSION:-}"

echo "# --version"
LAST=version; run_sw $LAST --version
check "the expected version is given (SW_EXPECTED_VERSION)" test -n "${SW_EXPECTED_VERSION:-}"
check "exit 0" rc_is 0
check "prints exactly '$WANT'" bash -c "[[ \"\$(cat $LAST.out)\" == '$WANT' ]] || { echo \"     got: \$(cat $LAST.out)\"; exit 1; }"
check "nothing on stderr" test ! -s "$LAST.err"

sw_summary
