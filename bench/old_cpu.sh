#!/usr/bin/env bash
# The hash pass on an old CPU, modelled on this one: stickwright's own hash paths with OpenSSL's
# faster SHA-256 code masked off through OPENSSL_ia32cap (see OPENSSL_ia32cap(3ssl) of OpenSSL 3),
# side by side with the unmasked run. Runs are interleaved (all settings, then again); medians.
#
# Usage: bench/old_cpu.sh [--size-mib N] [--runs N] [--bin PATH]
#   --size-mib  image size (default 1024); the image and the target file live in a tmpfs, so
#               no disk is measured
#   --runs      runs per setting (default 5)
#   --bin       the stickwright to measure (default build/release/stickwright)
#
# Two figures per setting, each from the program's JSON:
#   hash   `stickwright hash IMAGE`: SHA-256 alone (the hash command has no read-back digest)
#   pass   the hash-first pass of `stickwright write IMAGE FILE --hash SHA`: SHA-256 on one
#          thread and the keyed XXH3-128 read-back digest on the reader thread (hash_pass.cpp);
#          "seconds.hash" of the result. Also with both threads on one core (taskset -c 0), as on
#          the single-core PCs of that age.
set -euo pipefail
SIZE_MIB=1024 RUNS=5 BIN=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size-mib) SIZE_MIB=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --bin) BIN=$2; shift 2 ;;
    *) echo "unknown argument $1 (see the header of $0)" >&2; exit 1 ;;
  esac
done
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${BIN:-$ROOT/build/release/stickwright}"
[[ -x "$BIN" ]] || { echo "build first: cmake --preset release && cmake --build --preset release" >&2; exit 1; }
command -v jq >/dev/null || { echo "needs jq" >&2; exit 1; }

# The settings, as OPENSSL_ia32cap values. The first word is CPUID(1) EDX:ECX, the second (after
# ':') CPUID(7).EBX. Bit 60 of the first is AVX; bit 41 SSSE3. ':0' clears the whole second word:
# AVX2 (bit 5), the SHA extensions (bit 29), AVX-512 and the rest after AVX.
declare -A CAP=(
  [native]=""
  [no-sha-no-avx]="~0x1000000000000000:0"
  [no-sha-no-avx-no-ssse3]="~0x1000020000000000:0"
)
ORDER=(native no-sha-no-avx no-sha-no-avx-no-ssse3)

[[ "$(id -u)" == 0 ]] || { echo "needs root (it mounts a tmpfs for the image and the target)" >&2; exit 1; }
# A tmpfs of its own (not /dev/shm: stickwright refuses regular-file targets under /dev), so that
# the write after each hash pass costs no disk I/O.
TMP="$(mktemp -d /var/tmp/stickwright-oldcpu.XXXXXX)"
MOUNTED=0
cleanup() {
  if [[ $MOUNTED == 1 ]]; then umount "$TMP"; fi
  rmdir "$TMP"
}
trap cleanup EXIT
mount -t tmpfs -o size=$((2 * SIZE_MIB + 64))m stickwright-oldcpu "$TMP"
MOUNTED=1
export STICKWRIGHT_LOG="$TMP/audit.jsonl"  # these writes stay out of /var/log
BYTES=$((SIZE_MIB * 1024 * 1024))
head -c "$BYTES" /dev/urandom >"$TMP/image.img"
SHA=$(sha256sum "$TMP/image.img" | cut -d' ' -f1)
truncate -s "$BYTES" "$TMP/target.img"

calc() { awk "BEGIN { printf \"%.1f\", $1 }"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
declare -A R

# with_cap SETTING CMD...: runs CMD with OPENSSL_ia32cap set for SETTING (unset for native).
with_cap() {
  local cap="${CAP[$1]}"; shift
  if [[ -z "$cap" ]]; then env -u OPENSSL_ia32cap "$@"; else OPENSSL_ia32cap="$cap" "$@"; fi
}

for run in $(seq 1 "$RUNS"); do
  for s in "${ORDER[@]}"; do
    t0=$(date +%s.%N)
    with_cap "$s" "$BIN" hash "$TMP/image.img" --json >"$TMP/hash.json"
    t1=$(date +%s.%N)
    [[ "$(tail -n1 "$TMP/hash.json" | jq -r .digest)" == "$SHA" ]] || { echo "wrong digest" >&2; exit 1; }
    R[$s.hash]+="$(calc "$BYTES / ($t1 - $t0) / 1e6") "
    for cores in all one; do
      pin=()
      [[ $cores == one ]] && pin=(taskset -c 0)
      with_cap "$s" "${pin[@]}" "$BIN" write "$TMP/image.img" "$TMP/target.img" --hash "$SHA" \
        --yes --json >"$TMP/write.json" 2>"$TMP/write.err" || { cat "$TMP/write.err" >&2; exit 1; }
      h=$(tail -n1 "$TMP/write.json" | jq -r '.. | objects | select(has("seconds")) | .seconds.hash' | head -n1)
      R[$s.pass_$cores]+="$(calc "$BYTES / $h / 1e6") "
    done
  done
  echo "run $run done" >&2
done

med() { printf '%s\n' ${R[$1]} | median; }
echo "image ${SIZE_MIB} MiB in a tmpfs, $RUNS interleaved runs, medians (MB/s = 10^6 bytes/s)"
echo
echo "| OPENSSL_ia32cap | SHA-256 path | hash MB/s (SHA-256) | hash-first pass MB/s (SHA-256 + XXH3-128), 2 threads | same, one core |"
echo "|---|---|---|---|---|"
declare -A PATHNAME=([native]="SHA extensions" [no-sha-no-avx]="SSSE3" [no-sha-no-avx-no-ssse3]="integer (no SIMD)")
for s in "${ORDER[@]}"; do
  echo "| ${CAP[$s]:-(unset)} | ${PATHNAME[$s]} | $(med "$s.hash") | $(med "$s.pass_all") | $(med "$s.pass_one") |"
done
echo
echo "per run (hash): $(for s in "${ORDER[@]}"; do echo -n "$s: ${R[$s.hash]}; "; done)"
echo "per run (pass, 2 threads): $(for s in "${ORDER[@]}"; do echo -n "$s: ${R[$s.pass_all]}; "; done)"
echo "per run (pass, one core): $(for s in "${ORDER[@]}"; do echo -n "$s: ${R[$s.pass_one]}; "; done)"
