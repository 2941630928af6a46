# The fault drive: a real block device that fails like a dying or counterfeit stick. A loop device
# over the one file of tests/tools/fault_fuse, a FUSE file system over a sparse file under $SW_TMP
# (this kernel has no device-mapper, nbd or ublk; FUSE works). Source it after lib.sh; it needs
# root, /dev/fuse and fault_fuse, whose path CMake passes in $SW_FAULT_FUSE.

# fault_drive_missing: why no fault drive can be made here (empty when one can), for sw_skip.
fault_drive_missing() {
  if [[ "$(id -u)" != 0 ]]; then
    echo "the fault drive needs root (FUSE mount, losetup); run scripts/test as root"
  elif [[ -z "${SW_FAULT_FUSE:-}" || ! -x "${SW_FAULT_FUSE:-}" ]]; then
    echo "tests/tools/fault_fuse was not built (libfuse3-dev, pkg-config fuse3, not found)"
  elif [[ ! -c /dev/fuse ]]; then
    echo "/dev/fuse is missing (no FUSE in this kernel or container)"
  elif ! command -v fusermount3 >/dev/null; then
    echo "fusermount3 is missing (Debian package fuse3)"
  fi
}

# require_fault_drive: skips the test (exit 77, saying why) when no fault drive can be made here.
require_fault_drive() {
  local why
  why=$(fault_drive_missing)
  [[ -z "$why" ]] || sw_skip "$why"
}

# fault_drive NAME SIZE [--eio-after N | --wrap N | --drop-after N]: makes the sparse backing file
# $SW_TMP/NAME.backing of SIZE (truncate's units), mounts fault_fuse over it at $SW_TMP/NAME.mnt,
# attaches a loop device over NAME.mnt/disk, sets FAULT_LOOP to its name and prints it. It runs in
# the caller's shell, not in $(...): the cleanups it registers with on_exit (detach the loop
# device, unmount, stop the fault_fuse it started, in that order) must reach the script's list.
# Returns 1, saying why, when a step fails; what it had set up is still cleaned up.
fault_drive() {
  local name="$1" size="$2"
  shift 2
  local backing="$SW_TMP/$name.backing" mnt="$SW_TMP/$name.mnt" pid i
  FAULT_LOOP=""
  [[ -x "${SW_FAULT_FUSE:-}" ]] || { echo "fault_drive: no fault_fuse in \$SW_FAULT_FUSE" >&2; return 1; }
  truncate -s "$size" "$backing" && mkdir -p "$mnt" || return 1
  "$SW_FAULT_FUSE" "$@" "$backing" "$mnt" >"$SW_TMP/$name.fuse.log" 2>&1 &
  pid=$!
  # Registered first, so it runs last: only after the loop device is gone and the mount is down.
  on_exit "kill $pid 2>/dev/null; wait $pid 2>/dev/null"
  on_exit "mountpoint -q '$mnt' && { fusermount3 -u '$mnt' || umount -l '$mnt'; }"
  for ((i = 0; i < 100; i++)); do
    mountpoint -q "$mnt" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  if ! mountpoint -q "$mnt"; then
    echo "fault_drive: fault_fuse did not mount $mnt (it exited, or 5 s passed):" >&2
    sed 's/^/     | /' "$SW_TMP/$name.fuse.log" >&2
    return 1
  fi
  FAULT_LOOP=$(losetup -f --show --direct-io=off "$mnt/disk") || return 1
  on_exit "losetup -d '$FAULT_LOOP'"
  echo "$FAULT_LOOP"
}
