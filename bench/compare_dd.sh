#!/usr/bin/env bash
# Side-by-side write speed of stickwright and `dd bs=4M oflag=direct` on one loop device.
# Usage (root): bench/compare_dd.sh [SIZE_MIB=1024] [RUNS=5] [DIRECT_IO=on|off]
# Runs alternate (dd, stickwright, dd, ...) so both see the same machine state; prints each run
# and the medians. The loop device and files are removed on exit, also on Ctrl-C.
set -euo pipefail
SIZE_MIB=${1:-1024}
RUNS=${2:-5}
DIRECT_IO=${3:-on}
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/build/release/stickwright"
[[ "$(id -u)" == 0 ]] || { echo "needs root (losetup)" >&2; exit 1; }
[[ -x "$BIN" ]] || { echo "build first: scripts/test or cmake --build --preset release" >&2; exit 1; }

TMP="$(mktemp -d /var/tmp/stickwright-bench.XXXXXX)"
LOOP=""
cleanup() { [[ -n "$LOOP" ]] && losetup -d "$LOOP"; rm -rf "$TMP"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

head -c $((SIZE_MIB * 1024 * 1024)) /dev/urandom > "$TMP/image.img"
truncate -s $(((SIZE_MIB + 64) * 1024 * 1024)) "$TMP/backing.img"
LOOP=$(losetup -f --show --direct-io="$DIRECT_IO" "$TMP/backing.img")
SHA=$(sha256sum "$TMP/image.img" | cut -d' ' -f1)
BYTES=$((SIZE_MIB * 1024 * 1024))
echo "image ${SIZE_MIB} MiB, $LOOP (loop direct-io=$DIRECT_IO), $RUNS runs each"

now() { date +%s.%N; }
calc() { awk "BEGIN { print $1 }"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
dd_rates=(); sw_write_rates=(); sw_total=()
for run in $(seq 1 "$RUNS"); do
  # dd reads a cached image, as stickwright's write pass does after its hash pass.
  sync; echo 3 > /proc/sys/vm/drop_caches; cat "$TMP/image.img" > /dev/null
  t0=$(now); dd if="$TMP/image.img" of="$LOOP" bs=4M oflag=direct conv=fsync status=none; t1=$(now)
  dd_rate=$(calc "$BYTES / ($t1 - $t0) / 1000000")
  sync; echo 3 > /proc/sys/vm/drop_caches
  t0=$(now)
  out=$("$BIN" write "$TMP/image.img" "$LOOP" --hash "$SHA" --yes --allow-non-removable --json | tail -n1)
  t1=$(now)
  ws=$(sed -E 's/.*"write":([0-9.]+),"sync":([0-9.]+).*/\1 + \2/' <<<"$out")
  sw_rate=$(calc "$BYTES / ($ws) / 1000000")
  total=$(calc "$t1 - $t0")
  printf 'run %d: dd %.1f MB/s | stickwright write+flush %.1f MB/s, whole job (hash+write+verify) %.2f s\n' \
    "$run" "$dd_rate" "$sw_rate" "$total"
  dd_rates+=("$dd_rate"); sw_write_rates+=("$sw_rate"); sw_total+=("$total")
done
md=$(printf '%s\n' "${dd_rates[@]}" | median)
ms=$(printf '%s\n' "${sw_write_rates[@]}" | median)
mt=$(printf '%s\n' "${sw_total[@]}" | median)
printf 'median: dd %.1f MB/s, stickwright write %.1f MB/s (ratio %.2f), whole job %.2f s\n' \
  "$md" "$ms" "$(calc "$ms / $md")" "$mt"
