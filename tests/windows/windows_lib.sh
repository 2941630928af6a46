# Helpers for the Windows installer mode tests (tests/e2e/windows_test.sh,
# tests/boot/windows_boot_test.sh); source after tests/e2e/lib.sh.

SW_WINDOWS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BOOTMGR_MARKER=STICKWRIGHT-BOOTMGR-REACHED   # printed by tests/windows/bootmgr.asm
EFI_MARKER=STICKWRIGHT-EFI-REACHED           # printed by the x64 ISO's efi/boot/bootx64.efi

# windows_iso DIR VARIANT: builds the VARIANT (x86 | x64 | x64-wim | big | huge) look-alike into
# DIR (DIR/windows.iso, DIR/tree, DIR/volume-id, and for some variants more: see
# make_windows_iso.sh). Exits 77 (skipped) when a tool it needs is missing, 1 when the build fails.
windows_iso() {
  local rc=0
  bash "$SW_WINDOWS_DIR/make_windows_iso.sh" "$1" "$2" >"$1.log" 2>&1 || rc=$?
  if [[ "$rc" == 3 ]] && tail -n1 "$1.log" | grep -q '^make_windows_iso.sh: missing'; then
    sw_skip "cannot build the Windows test ISO: $(tail -n1 "$1.log")"
  elif [[ "$rc" != 0 ]]; then
    echo "FAIL - make_windows_iso.sh $2 failed (exit $rc):"
    sed 's/^/     | /' "$1.log"
    exit 1
  fi
}

# result_has FILTER: the result object (the last line of a --json stdout) makes FILTER true.
result_has() {
  local line
  line=$(tail -n 1 "$LAST.out")
  [[ -n "$line" ]] || { echo "     no result on stdout (for: $1)"; return 1; }   # jq -e passes empty input
  jq -e "$1" <<<"$line" >/dev/null 2>&1 && return 0
  echo "     not true of the result: $1"
  printf '     | %s\n' "$line"
  return 1
}
