#!/usr/bin/env bash
# The stickwright benchmark: write + verify speed against the tools people use, on one loop
# device, optionally throttled to USB-like speeds. Runs are interleaved (A B C A B C ...) so every
# tool sees the same machine state; medians are reported.
#
# Usage (root): bench/run.sh [--size-mib N] [--runs N] [--throttle none|usb2|usb3] [--etcher DIR]
#   --size-mib  image size, a multiple of 4 (default 1024)
#   --runs      runs per tool (default 3)
#   --throttle  usb2 = 40 MB/s write, 60 MB/s read; usb3 = 100/200 MB/s (cgroup blkio or io.max)
#   --etcher    a directory where `npm install etcher-sdk` was run (optional; skipped otherwise)
# Every loop device, throttle and file it makes is removed on exit, also on Ctrl-C.
set -euo pipefail
SIZE_MIB=1024 RUNS=3 THROTTLE=none ETCHER_DIR=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size-mib) SIZE_MIB=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --throttle) THROTTLE=$2; shift 2 ;;
    --etcher) ETCHER_DIR=$2; shift 2 ;;
    *) echo "unknown argument $1 (see the header of $0)" >&2; exit 1 ;;
  esac
done
(( SIZE_MIB % 4 == 0 )) || { echo "--size-mib must be a multiple of 4" >&2; exit 1; }
[[ "$(id -u)" == 0 ]] || { echo "the benchmark needs root (losetup, cgroups)" >&2; exit 1; }
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/build/release/stickwright"
[[ -x "$BIN" ]] || { echo "build first: scripts/run --version (or cmake --preset release && cmake --build --preset release)" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }

TMP="$(mktemp -d /var/tmp/stickwright-bench.XXXXXX)"
export STICKWRIGHT_LOG="$TMP/audit.jsonl"  # the benchmark's writes stay out of /var/log
LOOP="" CG=""
cleanup() {
  [[ -n "$CG" && -d "$CG" ]] && rmdir "$CG" 2>/dev/null
  [[ -n "$LOOP" ]] && losetup -d "$LOOP"
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

BYTES=$((SIZE_MIB * 1024 * 1024))
head -c "$BYTES" /dev/urandom > "$TMP/image.img"
truncate -s $(((SIZE_MIB + 64) * 1024 * 1024)) "$TMP/backing.img"
LOOP=$(losetup -f --show --direct-io=on "$TMP/backing.img")
DEVNO=$(lsblk -dno MAJ:MIN "$LOOP" | tr -d ' ')
SHA=$(sha256sum "$TMP/image.img" | cut -d' ' -f1)

# Throttle: cgroup v1 blkio, else cgroup v2 io.max.
case "$THROTTLE" in
  none) WBPS=0 RBPS=0 ;;
  usb2) WBPS=40000000 RBPS=60000000 ;;
  usb3) WBPS=100000000 RBPS=200000000 ;;
  *) echo "--throttle none|usb2|usb3" >&2; exit 1 ;;
esac
if (( WBPS > 0 )); then
  if [[ -d /sys/fs/cgroup/blkio ]]; then
    CG=/sys/fs/cgroup/blkio/stickwright-bench-$$
    mkdir "$CG"
    echo "$DEVNO $WBPS" > "$CG/blkio.throttle.write_bps_device"
    echo "$DEVNO $RBPS" > "$CG/blkio.throttle.read_bps_device"
  elif grep -qw io /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
    echo +io > /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null || true
    CG=/sys/fs/cgroup/stickwright-bench-$$
    mkdir "$CG"
    echo "$DEVNO wbps=$WBPS rbps=$RBPS" > "$CG/io.max"
  else
    echo "no cgroup blkio or io controller here; cannot throttle" >&2; exit 1
  fi
fi
# in_cg CMD...: runs CMD inside the throttled cgroup (or plainly when there is none). A script,
# so that GNU time can run it and measure what it execs.
cat > "$TMP/in_cg" <<INCG
#!/bin/sh
[ -n "$CG" ] && echo \$\$ > "$CG/cgroup.procs"
exec "\$@"
INCG
chmod +x "$TMP/in_cg"
in_cg() { "$TMP/in_cg" "$@"; }

now() { date +%s.%N; }
calc() { awk "BEGIN { printf \"%.3f\", $1 }"; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
fresh() { sync; echo 3 > /proc/sys/vm/drop_caches; cat "$TMP/image.img" > /dev/null; }
declare -A R   # R[tool.metric] = space-separated values over runs

# timed_v OUT CMD...: runs CMD under GNU time -v; sets RSS_KB and CPU_S.
timed_v() {
  local out="$1"; shift
  /usr/bin/time -v -o "$TMP/time.txt" "$@" > "$out"
  RSS_KB=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TMP/time.txt")
  CPU_S=$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$TMP/time.txt")
}

run_dd() {
  local t0 t1 t2 t3 cpu=0 rss=0
  t0=$(now); timed_v /dev/null openssl dgst -sha256 "$TMP/image.img"; cpu=$(calc "$cpu + $CPU_S")
  t1=$(now); timed_v /dev/null "$TMP/in_cg" dd if="$TMP/image.img" of="$LOOP" bs=4M oflag=direct conv=fsync status=none
  cpu=$(calc "$cpu + $CPU_S"); rss=$RSS_KB
  t2=$(now)
  in_cg sh -c "dd if='$LOOP' bs=4M iflag=direct count=$((SIZE_MIB / 4)) status=none | openssl dgst -sha256" > "$TMP/dd.sum"
  t3=$(now)
  grep -q "$SHA" "$TMP/dd.sum" || { echo "dd read-back mismatch!" >&2; exit 1; }
  # The plain read speed of the device, the baseline for stickwright's verify phase.
  local r0 r1
  r0=$(now); in_cg dd if="$LOOP" of=/dev/null bs=4M iflag=direct count=$((SIZE_MIB / 4)) status=none; r1=$(now)
  R[dd.read]+="$(calc "$BYTES / ($r1 - $r0) / 1e6") "
  R[dd.hash]+="$(calc "$BYTES / ($t1 - $t0) / 1e6") "
  R[dd.write]+="$(calc "$BYTES / ($t2 - $t1) / 1e6") "
  R[dd.verify]+="$(calc "$BYTES / ($t3 - $t2) / 1e6") "
  R[dd.total]+="$(calc "$t3 - $t0") "
  R[dd.rss]+="$rss "
  R[dd.cpu]+="$(calc "$cpu / ($SIZE_MIB / 1024)") "   # hash + write; the read-back pipe is not counted
}

run_bmaptool() {
  command -v bmaptool >/dev/null || return 0
  local t0 t1
  t0=$(now); timed_v /dev/null "$TMP/in_cg" bmaptool -q copy --nobmap "$TMP/image.img" "$LOOP"; t1=$(now)
  R[bmaptool.write]+="$(calc "$BYTES / ($t1 - $t0) / 1e6") "
  R[bmaptool.total]+="$(calc "$t1 - $t0") "
  R[bmaptool.rss]+="$RSS_KB "
  R[bmaptool.cpu]+="$(calc "$CPU_S / ($SIZE_MIB / 1024)") "
}

run_etcher() {
  [[ -n "$ETCHER_DIR" && -f "$ETCHER_DIR/write.js" ]] || return 0
  local t0 t1
  t0=$(now); timed_v "$TMP/etcher.out" "$TMP/in_cg" node "$ETCHER_DIR/write.js" "$TMP/image.img" "$LOOP"; t1=$(now)
  R[etcher.total]+="$(calc "$t1 - $t0") "
  R[etcher.rss]+="$RSS_KB "
  R[etcher.cpu]+="$(calc "$CPU_S / ($SIZE_MIB / 1024)") "
}

run_stickwright() {
  local t0 t1 line
  t0=$(now)
  timed_v "$TMP/sw.json" "$TMP/in_cg" "$BIN" write "$TMP/image.img" "$LOOP" --hash "$SHA" --yes --allow-non-removable --json
  t1=$(now)
  line=$(tail -n1 "$TMP/sw.json")
  grep -q '"verified":true' <<<"$line" || { echo "stickwright did not verify: $line" >&2; exit 1; }
  local h w s v
  h=$(sed -E 's/.*"hash":([0-9.]+).*/\1/' <<<"$line"); w=$(sed -E 's/.*"write":([0-9.]+).*/\1/' <<<"$line")
  s=$(sed -E 's/.*"sync":([0-9.]+).*/\1/' <<<"$line"); v=$(sed -E 's/.*"verify":([0-9.]+).*/\1/' <<<"$line")
  R[stickwright.hash]+="$(calc "$BYTES / $h / 1e6") "
  R[stickwright.write]+="$(calc "$BYTES / ($w + $s) / 1e6") "
  R[stickwright.verify]+="$(calc "$BYTES / $v / 1e6") "
  R[stickwright.total]+="$(calc "$t1 - $t0") "
  R[stickwright.rss]+="$RSS_KB "
  R[stickwright.cpu]+="$(calc "$CPU_S / ($SIZE_MIB / 1024)") "
}

echo "image ${SIZE_MIB} MiB, $LOOP (loop direct-io=on over a file in /var/tmp), throttle $THROTTLE, $RUNS runs"
for run in $(seq 1 "$RUNS"); do
  for tool in dd bmaptool etcher stickwright; do
    fresh
    "run_$tool"
  done
  echo "run $run done"
done

med() { local v="${R[$1]:-}"; [[ -z "$v" ]] && { echo "-"; return; }; printf '%s\n' $v | median; }
ratio() { local a b; a=$(med "$1"); b=$(med "$2"); [[ "$a" == - || "$b" == - ]] && { echo "-"; return; }; calc "$a / $b"; }
echo
echo "| tool | hash MB/s | write MB/s | verify MB/s | plain read MB/s | end to end s | peak RSS MiB | CPU s/GiB |"
echo "|---|---|---|---|---|---|---|---|"
for tool in dd bmaptool etcher stickwright; do
  [[ -z "${R[$tool.total]:-}" ]] && continue
  rss=$(med "$tool.rss"); [[ "$rss" != - ]] && rss=$(calc "$rss / 1024")
  echo "| $tool | $(med "$tool.hash") | $(med "$tool.write") | $(med "$tool.verify") | $(med "$tool.read") | $(med "$tool.total") | $rss | $(med "$tool.cpu") |"
done
echo
echo "stickwright / dd: hash $(ratio stickwright.hash dd.hash), write $(ratio stickwright.write dd.write) (vs dd oflag=direct), verify $(ratio stickwright.verify dd.read) (vs plain dd iflag=direct read), end to end $(ratio dd.total stickwright.total)x faster"
[[ -n "${R[etcher.total]:-}" ]] && echo "stickwright / etcher-sdk end to end: $(ratio etcher.total stickwright.total)x faster"
echo "(dd chain = openssl dgst of the image, dd oflag=direct conv=fsync, dd iflag=direct | openssl dgst;"
echo " plain read = dd iflag=direct of=/dev/null, not part of the chain; etcher-sdk = write + verify,"
echo " no hash of the image first; stickwright = hash first, write, flush, O_DIRECT read-back;"
echo " medians of $RUNS runs; CPU s/GiB for dd counts the hash and the write, not the read-back pipe)"
