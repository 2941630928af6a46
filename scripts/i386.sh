# The 32-bit x86 (i386) build's helpers, sourced after lib.sh by scripts/test-i386 (and whatever
# else builds or runs the i386 binary): the i386 sysroot the cross compiler builds against, and
# qemu-user registered for i386 programs in binfmt_misc.
#
# Why a sysroot and not Debian's multiarch on this machine (dpkg --add-architecture i386 and the
# :i386 -dev packages): librnp-dev and libtspi1 (which librnp0 pulls in through libbotan) are not
# Multi-Arch: same in Debian 12, so installing them for i386 removes the amd64 librnp-dev, and
# with it the amd64 build. An i386 Debian 12 made by debootstrap holds the i386 headers and
# libraries instead (cmake/toolchain-i686-linux-gnu.cmake points the cross compiler at it), and
# the machine's own packages are left alone. The same tree is the i386 chroot the binary runs in.

# Where the sysroot lives: build/ by default (a clean clone makes it anew), or SW_I386_SYSROOT.
# The toolchain file reads the same variable, with the same default.
SW_I386_SYSROOT="${SW_I386_SYSROOT:-$SW_ROOT/build/i386-sysroot}"
source "$SW_ROOT/scripts/mirror.sh"
SW_BINFMT="${SW_BINFMT:-/proc/sys/fs/binfmt_misc}"  # another directory only in scripts_test.sh
# The name of the i386 entry: the one QEMU's own qemu-binfmt-conf.sh gives it, so that an entry
# someone else registered is found and left alone.
SW_BINFMT_I386=qemu-i386

# sw_i386_sysroot_ensure: makes the sysroot with debootstrap unless it is there, complete, with
# the current package list (a stamp file records the list; a change makes it anew).
sw_i386_sysroot_ensure() {
  local stamp="$SW_I386_SYSROOT/.stickwright-sysroot" want
  want="bookworm ${SW_I386_SYSROOT_PACKAGES[*]}"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  if [[ -e "$SW_I386_SYSROOT" ]]; then
    # A debootstrap that was interrupted may have left /proc or /sys mounted inside.
    if findmnt -rno TARGET | grep -q "^$SW_I386_SYSROOT/"; then
      echo "stickwright: something is mounted under $SW_I386_SYSROOT; unmount it and run again" >&2
      return 1
    fi
    echo "stickwright: $SW_I386_SYSROOT is incomplete or out of date: making it anew" >&2
    rm -rf "$SW_I386_SYSROOT"
  fi
  local include
  include="$(IFS=,; echo "${SW_I386_SYSROOT_PACKAGES[*]}")"
  echo "stickwright: making the i386 sysroot $SW_I386_SYSROOT (debootstrap, a few minutes)" >&2
  mkdir -p "$(dirname "$SW_I386_SYSROOT")"
  # Its second stage runs i386 programs: qemu-user through binfmt_misc (sw_binfmt_i386_ensure).
  local mirror
  mirror="$(sw_debian_mirror bookworm)"
  debootstrap --arch=i386 --variant=minbase --include="$include" bookworm \
    "$SW_I386_SYSROOT" "${mirror:-http://deb.debian.org/debian}" >"$SW_I386_SYSROOT.log" 2>&1 || {
    tail -n 30 "$SW_I386_SYSROOT.log" >&2
    echo "stickwright: debootstrap failed (whole log: $SW_I386_SYSROOT.log)" >&2
    return 1
  }
  sw_i386_sysroot_relink
  echo "$want" >"$stamp"
}

# sw_i386_sysroot_relink: a library symlink with an absolute target (/lib/i386-linux-gnu/...)
# would lead the linker out of the sysroot into this machine's tree; point such links at the same
# file inside the sysroot, relative to the link.
sw_i386_sysroot_relink() {
  local link target
  while IFS= read -r -d '' link; do
    target="$(readlink "$link")"
    [[ "$target" == /* ]] || continue
    ln -sfn "$(realpath -m --relative-to="$(dirname "$link")" "$SW_I386_SYSROOT$target")" "$link"
  done < <(find "$SW_I386_SYSROOT/usr/lib" "$SW_I386_SYSROOT/usr/include" -type l -print0)
}

# Several stickwright scripts may need the entry at once (scripts/test-i386 and scripts/package
# --arch i386, say). Each holds a shared flock on SW_BINFMT_STATE/qemu-i386.lock while it runs;
# the marker qemu-i386.ours there says that a stickwright script registered the entry. On the way
# out, a script that can take the lock exclusively is the last user: it removes the entry if the
# marker is there. An entry that something else registered (no marker) is never removed.
SW_BINFMT_STATE="${SW_BINFMT_STATE:-/run/stickwright}"  # another directory only in tests
SW_BINFMT_LOCK_FD=""

# sw_binfmt_i386_ensure: i386 programs run through qemu-i386-static. Registers it in binfmt_misc
# (mounting binfmt_misc first if need be) unless an entry for i386 is already there. The F flag
# opens the emulator now, so that it also runs programs inside the sysroot used as a chroot.
sw_binfmt_i386_ensure() {
  mkdir -p "$SW_BINFMT_STATE"
  exec {SW_BINFMT_LOCK_FD}>"$SW_BINFMT_STATE/$SW_BINFMT_I386.lock"
  flock -s "$SW_BINFMT_LOCK_FD"
  if [[ ! -e "$SW_BINFMT/register" ]]; then
    mount -t binfmt_misc binfmt_misc "$SW_BINFMT" || {
      echo "stickwright: cannot mount binfmt_misc at $SW_BINFMT (root is needed)" >&2
      return 1
    }
  fi
  if [[ -e "$SW_BINFMT/$SW_BINFMT_I386" ]]; then
    return 0
  fi
  # An ELF32 little-endian x86 executable or shared object (e_machine 3), as in QEMU's
  # qemu-binfmt-conf.sh; the mask lets e_type be 2 or 3 and ignores the OS ABI byte.
  local magic='\x7fELF\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x03\x00'
  local mask='\xff\xff\xff\xff\xff\xfe\xfe\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'
  echo ":$SW_BINFMT_I386:M::$magic:$mask:/usr/bin/qemu-i386-static:F" >"$SW_BINFMT/register"
  : >"$SW_BINFMT_STATE/$SW_BINFMT_I386.ours"
  echo "stickwright: registered qemu-i386-static for i386 programs (binfmt_misc)" >&2
}

# sw_binfmt_i386_release: the last stickwright user removes the entry a stickwright script made.
# The binfmt_misc mount itself stays (other entries may live there).
sw_binfmt_i386_release() {
  [[ -n "$SW_BINFMT_LOCK_FD" ]] || return 0
  flock -u "$SW_BINFMT_LOCK_FD"
  if flock -x -n "$SW_BINFMT_LOCK_FD" && [[ -e "$SW_BINFMT_STATE/$SW_BINFMT_I386.ours" ]]; then
    if [[ -e "$SW_BINFMT/$SW_BINFMT_I386" ]]; then
      echo -1 >"$SW_BINFMT/$SW_BINFMT_I386"
      echo "stickwright: unregistered qemu-i386-static (binfmt_misc)" >&2
    fi
    rm -f "$SW_BINFMT_STATE/$SW_BINFMT_I386.ours"
  fi
  exec {SW_BINFMT_LOCK_FD}>&-
  SW_BINFMT_LOCK_FD=""
}

# sw_i386_run PROGRAM [ARGS...]: runs an i386 program through qemu-user, its libraries (and the
# programs it starts, when they exist there) from the sysroot.
sw_i386_run() {
  QEMU_LD_PREFIX="$SW_I386_SYSROOT" qemu-i386-static "$@"
}

# sw_i386_deb_depends BUILD_DIR: the Depends of BUILD_DIR/stickwright's .deb (sw_i386_shlibdeps)
# handed to CPack's configuration there as STICKWRIGHT_DEB_DEPENDS: CPack's own dpkg-shlibdeps
# cannot place an i386 binary's libraries on this machine.
sw_i386_deb_depends() {
  local depends
  depends="$(sw_i386_shlibdeps "$1/stickwright")" || return 1
  [[ -n "$depends" ]] || { echo "stickwright: dpkg-shlibdeps gave no Depends" >&2; return 1; }
  echo "stickwright: Depends: $depends" >&2
  cmake -B "$1" -DSTICKWRIGHT_DEB_DEPENDS="$depends" >/dev/null
}

# sw_i386_shlibdeps BINARY: prints the Depends of an i386 .deb holding BINARY, as dpkg-shlibdeps
# works it out inside the sysroot (through qemu-user), where the i386 libraries and the dpkg
# database that owns them are. A copy of BINARY goes into a scratch package tree there (as
# debian/rules would have it), removed after.
sw_i386_shlibdeps() {
  local work="$SW_I386_SYSROOT/tmp/stickwright-shlibdeps" out
  rm -rf "$work"
  mkdir -p "$work/debian/stickwright/DEBIAN" "$work/debian/stickwright/usr/bin"
  printf 'Source: stickwright\n\nPackage: stickwright\nArchitecture: i386\n' >"$work/debian/control"
  cp "$1" "$work/debian/stickwright/usr/bin/stickwright"
  local cmd='dpkg-shlibdeps -O debian/stickwright/usr/bin/stickwright'
  out="$(chroot "$SW_I386_SYSROOT" /bin/sh -c "cd /tmp/stickwright-shlibdeps && $cmd")" || {
    rm -rf "$work"
    echo "stickwright: dpkg-shlibdeps failed in $SW_I386_SYSROOT" >&2
    return 1
  }
  rm -rf "$work"
  sed -n 's/^shlibs:Depends=//p' <<<"$out"
}
