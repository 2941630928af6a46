#!/usr/bin/env bash
# The stickwright benchmark: write + verify speed against the tools people use, on one loop
# device, optionally throttled to USB-like speeds. Runs are interleaved (A B C A B C ...) so every
# tool sees the same machine state; medians are reported.
#
# Usage (root): bench/run.sh [--size-mib N] [--runs N] [--throttle none|usb2|usb3] [--etcher DIR]
#               [--targets N]
#   --size-mib  image size, a multiple of 4 (default 1024)
#   --runs      runs per tool (default 3)
#   --throttle  usb2 = 40 MB/s write, 60 MB/s read; usb3 = 100/200 MB/s (cgroup blkio or io.max),
#               applied to each loop device on its own (N devices together may move N times that)
#   --etcher    a directory where `npm install etcher-sdk` was run (optional; skipped otherwise)
#   --targets   N >= 2: instead of the tool comparison, N loop devices, throttled alike, and
#               interleaved runs of `stickwright write IMAGE LOOP1` and `stickwright write IMAGE
#               LOOP1..LOOPN`: wall time, the ratio, peak RSS, CPU s/GiB per stick, per-stick
#               MB/s and how often the image file was read (see multi_* below)
# Every loop device, throttle and file it makes is removed on exit, also on Ctrl-C.
set -euo pipefail
SIZE_MIB=1024 RUNS=3 THROTTLE=none ETCHER_DIR="" TARGETS=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size-mib) SIZE_MIB=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --throttle) THROTTLE=$2; shift 2 ;;
    --etcher) ETCHER_DIR=$2; shift 2 ;;
    --targets) TARGETS=$2; shift 2 ;;
    *) echo "unknown argument $1 (see the header of $0)" >&2; exit 1 ;;
  esac
done
(( SIZE_MIB % 4 == 0 )) || { echo "--size-mib must be a multiple of 4" >&2; exit 1; }
[[ "$TARGETS" =~ ^[0-9]+$ ]] && (( TARGETS >= 1 && TARGETS <= 16 )) \
  || { echo "--targets must be 1..16" >&2; exit 1; }
[[ "$(id -u)" == 0 ]] || { echo "the benchmark needs root (losetup, cgroups)" >&2; exit 1; }
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/build/release/stickwright"
[[ -x "$BIN" ]] || { echo "build first: scripts/run --version (or cmake --preset release && cmake --build --preset release)" >&2; exit 1; }
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)" >&2; exit 1; }

TMP="$(mktemp -d /var/tmp/stickwright-bench.XXXXXX)"
export STICKWRIGHT_LOG="$TMP/audit.jsonl"  # the benchmark's writes stay out of /var/log
LOOP="" CG="" LOOPS=()
cleanup() {
  [[ -n "$CG" && -d "$CG" ]] && rmdir "$CG" 2>/dev/null
  local l
  for l in "${LOOPS[@]}"; do [[ -n "$l" ]] && losetup -d "$l"; done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

BYTES=$((SIZE_MIB * 1024 * 1024))
head -c "$BYTES" /dev/urandom > "$TMP/image.img"
# One loop device per target (one without --targets), each over its own file; each is added to
# LOOPS as soon as it exists, so that cleanup detaches exactly these.
DEVNOS=()
for i in $(seq 1 "$TARGETS"); do
  truncate -s $(((SIZE_MIB + 64) * 1024 * 1024)) "$TMP/backing$i.img"
  LOOPS+=("$(losetup -f --show --direct-io=on "$TMP/backing$i.img")")
  DEVNOS+=("$(lsblk -dno MAJ:MIN "${LOOPS[-1]}" | tr -d ' ')")
done
LOOP=${LOOPS[0]}
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
    for d in "${DEVNOS[@]}"; do
      echo "$d $WBPS" > "$CG/blkio.throttle.write_bps_device"
      echo "$d $RBPS" > "$CG/blkio.throttle.read_bps_device"
    done
  elif grep -qw io /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
    echo +io > /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null || true
    CG=/sys/fs/cgroup/stickwright-bench-$$
    mkdir "$CG"
    for d in "${DEVNOS[@]}"; do echo "$d wbps=$WBPS rbps=$RBPS" > "$CG/io.max"; done
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
med() { local v="${R[$1]:-}"; [[ -z "$v" ]] && { echo "-"; return; }; printf '%s\n' $v | median; }
ratio() { local a b; a=$(med "$1"); b=$(med "$2"); [[ "$a" == - || "$b" == - ]] && { echo "-"; return; }; calc "$a / $b"; }

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

# --- Several targets at once (--targets N) ---------------------------------------------------
# How often the image was read: the image is read with pread(2) on a regular file, so the
# process's rchar (/proc/PID/io, bytes returned by read calls) counts it however much of it the
# page cache holds; the O_DIRECT read-back of each stick counts there too, exactly the image's
# size per stick. A preloaded destructor copies /proc/self/io when stickwright exits (every
# thread has been joined by then, and /proc/PID/io sums them all).
# read_bytes counts what the process made the block layer read: the image's pages that were
# not cached, plus the read-back. The image's cached pages are dropped before every run, so the
# first pass over it comes from the disk; any later pass over it is served by the page cache and
# is not in read_bytes (which is why rchar is the number that shows the reads of the file).
cat > "$TMP/dump_io.c" <<'DUMPIO'
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
__attribute__((destructor)) static void sw_bench_dump_io(void) {
  const char* out = getenv("SW_BENCH_IO_OUT");
  if (!out) return;
  char buf[1024];
  int in = open("/proc/self/io", O_RDONLY);
  if (in < 0) return;
  ssize_t n = read(in, buf, sizeof buf);
  close(in);
  if (n <= 0) return;
  int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return;
  if (write(fd, buf, (size_t)n) < 0) {}
  close(fd);
}
DUMPIO

# multi_run K: `stickwright write IMAGE` to the first K loop devices at once (K = 1: one stick).
multi_run() {
  local k=$1 t0 t1 line h wmin wmax vmin vmax
  sync
  dd if="$TMP/image.img" iflag=nocache count=0 status=none   # drops the image's cached pages
  local cached
  cached=$(fincore -bno RES "$TMP/image.img" 2>/dev/null | tr -d ' ' || echo "?")
  [[ "$cached" == 0 ]] || echo "  (note: $cached bytes of the image still cached before this run)"
  rm -f "$TMP/io.txt"
  t0=$(now)
  timed_v "$TMP/sw.json" "$TMP/in_cg" env LD_PRELOAD="$TMP/dump_io.so" SW_BENCH_IO_OUT="$TMP/io.txt" \
    "$BIN" write "$TMP/image.img" "${LOOPS[@]:0:k}" --hash "$SHA" --yes --allow-non-removable --json \
    2> "$TMP/sw.err" || { cat "$TMP/sw.err" >&2; exit 1; }
  t1=$(now)
  line=$(tail -n1 "$TMP/sw.json")
  local verified
  verified=$(grep -o '"verified":true' <<<"$line" | wc -l)
  (( verified == k )) || { cat "$TMP/sw.err" >&2; echo "stickwright verified $verified of $k sticks: $line" >&2; exit 1; }
  R[$k.total]+="$(calc "$t1 - $t0") "
  R[$k.rss]+="$(calc "$RSS_KB / 1024") "
  R[$k.cpu]+="$(calc "$CPU_S / ($SIZE_MIB / 1024) / $k") "
  # Per stick from the result's "seconds": write (+ flush) and verify MB/s, slowest and fastest.
  local rates
  rates=$(grep -o '"seconds":{[^}]*}' <<<"$line" | sed -E 's/.*"hash":([0-9.e+-]+).*"write":([0-9.e+-]+).*"sync":([0-9.e+-]+).*"verify":([0-9.e+-]+).*/\1 \2 \3 \4/' \
    | awk -v b="$BYTES" '{ w = b / ($2 + $3) / 1e6; v = b / $4 / 1e6; h = b / $1 / 1e6
        if (NR == 1 || w < wmin) wmin = w; if (NR == 1 || w > wmax) wmax = w
        if (NR == 1 || v < vmin) vmin = v; if (NR == 1 || v > vmax) vmax = v }
      END { printf "%.1f %.1f %.1f %.1f %.1f", h, wmin, wmax, vmin, vmax }')
  read -r h wmin wmax vmin vmax <<<"$rates"
  R[$k.hash]+="$h " R[$k.wmin]+="$wmin " R[$k.wmax]+="$wmax " R[$k.vmin]+="$vmin " R[$k.vmax]+="$vmax "
  if [[ -s "$TMP/io.txt" ]]; then
    local rchar rbytes
    rchar=$(awk '/^rchar:/ {print $2}' "$TMP/io.txt"); rbytes=$(awk '/^read_bytes:/ {print $2}' "$TMP/io.txt")
    R[$k.rchar]+="$(calc "$rchar / $BYTES") "
    R[$k.rbytes]+="$(calc "$rbytes / $BYTES") "
    # The image file's reads: rchar less the K read-backs (K x the image), in images.
    R[$k.image]+="$(calc "($rchar - $k * $BYTES) / $BYTES") "
  fi
  echo "  $k stick(s): $(calc "$t1 - $t0") s, write MB/s per stick $wmin..$wmax, verify $vmin..$vmax"
}

multi_main() {
  cc -shared -fPIC -O2 -o "$TMP/dump_io.so" "$TMP/dump_io.c" \
    || { echo "needs a C compiler (cc) for the /proc/PID/io probe" >&2; exit 1; }
  echo "image ${SIZE_MIB} MiB; $TARGETS loop devices (direct-io=on over files in /var/tmp):" \
    "${LOOPS[*]}; throttle $THROTTLE on each; $RUNS runs of 1 stick and of $TARGETS sticks"
  for run in $(seq 1 "$RUNS"); do
    # Interleaved, the order alternating (1 N, N 1, ...) so that drift hits both alike.
    if (( run % 2 )); then multi_run 1; multi_run "$TARGETS"; else multi_run "$TARGETS"; multi_run 1; fi
    echo "run $run done"
  done
  echo
  echo "| sticks | end to end s | hash MB/s | write MB/s per stick | verify MB/s per stick | peak RSS MiB | CPU s/GiB/stick | rchar / image | read_bytes / image | image reads (rchar - read-backs) |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for k in 1 "$TARGETS"; do
    echo "| $k | $(med "$k.total") | $(med "$k.hash") | $(med "$k.wmin")..$(med "$k.wmax") | $(med "$k.vmin")..$(med "$k.vmax") | $(med "$k.rss") | $(med "$k.cpu") | $(med "$k.rchar") | $(med "$k.rbytes") | $(med "$k.image") |"
  done
  echo
  echo "$TARGETS sticks / 1 stick, end to end: $(ratio "$TARGETS.total" 1.total)x (median of each; target <= 1.15)"
  echo "per run: 1 stick ${R[1.total]}s; $TARGETS sticks ${R[$TARGETS.total]}s"
  if (( WBPS > 0 )); then
    echo "floor at the throttle: $(calc "$BYTES / $WBPS + $BYTES / $RBPS") s (write + read-back at the caps, no hash)"
  fi
  echo "(medians of $RUNS runs; write MB/s per stick = image / (write + flush seconds), slowest..fastest"
  echo " stick of a run; rchar / image includes the read-backs, one image per stick; image reads ="
  echo " (rchar - sticks x image) / image: 2 = the hash pass + one read for the write, whatever the"
  echo " number of sticks; read_bytes / image, with the image's cache dropped before each run = the"
  echo " image from the disk once (hash pass) + the read-backs; later passes hit the page cache)"
}

if (( TARGETS > 1 )); then
  multi_main
  exit 0
fi

echo "image ${SIZE_MIB} MiB, $LOOP (loop direct-io=on over a file in /var/tmp), throttle $THROTTLE, $RUNS runs"
for run in $(seq 1 "$RUNS"); do
  for tool in dd bmaptool etcher stickwright; do
    fresh
    "run_$tool"
  done
  echo "run $run done"
done

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
