# Helpers for the end-to-end tests: a private temporary directory, checks that count failures,
# and cleanup on every exit path.
set -u

SW_BIN="$(realpath "$1")"
SW_FIXTURE_BIN="$(realpath "${2:-/nonexistent}" 2>/dev/null || true)"  # tests/tools/make_fixture
SW_HOLD_BIN="$(realpath "${3:-/nonexistent}" 2>/dev/null || true)"     # tests/tools/hold_exclusive
SW_TMP="$(mktemp -d "${TMPDIR:-/tmp}/stickwright-e2e.XXXXXX")"
# Every write the tests make is logged in the test's own directory, never in the machine's
# /var/log/stickwright or ~/.local/state.
export STICKWRIGHT_LOG="$SW_TMP/audit.jsonl"
SW_FAILURES=0
SW_CHECKS=0
SW_CLEANUPS=()

sw_cleanup() {
  local i
  for ((i = ${#SW_CLEANUPS[@]} - 1; i >= 0; i--)); do eval "${SW_CLEANUPS[i]}" || true; done
  rm -rf "$SW_TMP"
}
trap sw_cleanup EXIT
trap 'exit 130' INT TERM

# on_exit CMD: run CMD when the script ends, also on failure (last registered runs first).
on_exit() { SW_CLEANUPS+=("$1"); }

check() {  # check DESCRIPTION COMMAND...: the command must succeed
  local what="$1"; shift
  SW_CHECKS=$((SW_CHECKS + 1))
  if "$@"; then echo "ok   - $what"; else echo "FAIL - $what"; SW_FAILURES=$((SW_FAILURES + 1)); fi
}

# run_sw OUTPREFIX ARGS...: runs stickwright, stdout/stderr to OUTPREFIX.out/.err, sets RC.
run_sw() {
  local out="$1"; shift
  "$SW_BIN" "$@" >"$out.out" 2>"$out.err" </dev/null
  RC=$?
}

rc_is() { [[ "$RC" == "$1" ]] || { echo "     exit code $RC, wanted $1; stderr:"; sed 's/^/     | /' "$LAST.err"; return 1; }; }
err_has() { grep -q -- "$1" "$LAST.err" || { echo "     stderr lacks '$1':"; sed 's/^/     | /' "$LAST.err"; return 1; }; }
out_has() { grep -q -- "$1" "$LAST.out" || { echo "     stdout lacks '$1':"; sed 's/^/     | /' "$LAST.out"; return 1; }; }
same_file() { cmp -s "$1" "$2" || { echo "     $1 and $2 differ"; return 1; }; }

# prefix_equals IMAGE TARGET: TARGET starts with exactly IMAGE's bytes.
prefix_equals() { cmp -s -n "$(stat -c %s "$1")" "$1" "$2" || { echo "     $2 does not start with $1"; return 1; }; }

# sw_skip REASON: the whole script is skipped (exit 77, which ctest counts as skipped). Only allowed
# before the first check: a skip after checks would hide what they found, so it fails instead.
sw_skip() {
  if ((SW_CHECKS > 0)); then
    echo "FAIL - skip requested after $SW_CHECKS checks ($1): a script may only skip before its first check"
    exit 1
  fi
  echo "STICKWRIGHT-SKIP: $1"
  exit 77
}

sw_summary() {
  echo "$SW_CHECKS checks, $SW_FAILURES failed"
  [[ "$SW_FAILURES" == 0 ]]
}
