#!/usr/bin/env bash
# Shared helpers for scripts/run and scripts/test: install what is missing, then build.
set -euo pipefail

SW_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Debian packages, in three sets. scripts/run installs only SW_RUN_PACKAGES (what building and
# running stickwright need), scripts/package adds SW_PACKAGE_PACKAGES; scripts/test installs all.
# The libraries stickwright builds against, for this machine (SW_RUN_PACKAGES) and for the i386
# sysroot (SW_I386_SYSROOT_PACKAGES).
SW_LIB_DEV_PACKAGES=(
  libblkid-dev libssl-dev libncurses-dev libfmt-dev libxxhash-dev
  libudfread-dev libwim-dev zlib1g-dev liblzma-dev libzstd-dev libbz2-dev
  # OpenPGP signatures of checksum lists, catalogs and images (writer/signature.cpp)
  librnp-dev
  # the inspector parses answer files and WIM metadata (XML) with pugixml
  libpugixml-dev
  # the audit log is read back (stickwright log) with nlohmann/json
  nlohmann-json3-dev
)
SW_RUN_PACKAGES=(
  build-essential cmake ninja-build pkg-config
  "${SW_LIB_DEV_PACKAGES[@]}"
  # Windows mode runs grub-mkimage for the stick's legacy BIOS boot code
  grub-pc-bin
)
# scripts/package: dpkg-shlibdeps (dpkg-dev) works out the .deb's Depends for CPack, and lintian
# checks the .deb (scripts/test installs these too: tests/e2e/package_test.sh).
SW_PACKAGE_PACKAGES=(dpkg-dev lintian)
SW_TEST_PACKAGES=(
  doctest-dev git
  # signature tests: gpg makes test keys (tests/support/make_pgp_fixture.sh)
  gnupg
  util-linux mount bsdutils procps coreutils diffutils tmux dosfstools e2fsprogs jq
  # restore --fs exfat (tests/e2e/restore_test.sh) and GPT disks to restore
  exfatprogs gdisk
  # boot tests: QEMU (BIOS and OVMF UEFI) and the images they boot
  qemu-system-x86 ovmf grub-rescue-pc xorriso isolinux syslinux-common
  debian-installer-12-netboot-i386 grub-efi-amd64-bin mtools perl
  # inspect tests: tests/inspect/make_images.sh
  debian-installer-12-netboot-amd64 grub-efi-ia32-bin genisoimage gdisk fdisk
  xz-utils gzip zstd bzip2
  # Windows installer mode tests: tests/windows/make_windows_iso.sh (bootmgr.asm)
  nasm wimtools
  # the fault drive (tests/e2e/fault_lib.sh): tests/tools/fault_fuse is built against libfuse3,
  # and fusermount3 unmounts it
  libfuse3-dev fuse3
  # the man page renders without warnings (tests/e2e/man_page_test.sh: groff -man -ww), and the
  # zsh completion runs in zsh (tests/e2e/zsh_completion_test.sh)
  groff-base zsh
  # the .deb installed into a fresh Debian 12 (tests/e2e/package_install_test.sh)
  debootstrap
)
# The 32-bit x86 build (scripts/test-i386, scripts/i386.sh): this machine's cross compiler,
# qemu-user to run i386 programs, debootstrap for the i386 sysroot; then what the sysroot holds
# (installed by debootstrap, not apt-get: the i386 headers and libraries to build against).
SW_I386_PACKAGES=(
  g++-i686-linux-gnu qemu-user-static debootstrap
  # the image scripts/test-i386 inspects, and the check of inspect's JSON
  fdisk dosfstools jq
  # the ISO that the i386 .deb's install test inspects in the i386 chroot
  xorriso
)
SW_I386_SYSROOT_PACKAGES=(
  libc6-dev libstdc++-12-dev "${SW_LIB_DEV_PACKAGES[@]}" doctest-dev
  # dpkg-shlibdeps, run in the sysroot for the i386 .deb's Depends (scripts/package --arch i386)
  dpkg-dev
)

# sw_missing_packages PACKAGE...: the ones not installed.
sw_missing_packages() {
  local missing=()
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  echo "${missing[@]:-}"
}

# sw_install_deps PACKAGE...: installs the missing ones (apt-get update first).
sw_install_deps() {
  local missing
  missing="$(sw_missing_packages "$@")"
  if [[ -z "$missing" ]]; then
    return 0
  fi
  echo "stickwright: installing missing packages: $missing" >&2
  local sudo=()
  if [[ "$(id -u)" != 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "stickwright: these packages are missing and you are not root: $missing" >&2
      echo "stickwright: install them as root (apt-get install $missing) and run again" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -q
  # shellcheck disable=SC2086
  "${sudo[@]}" apt-get install -y -q --no-install-recommends $missing
}

# sw_build PRESET [CMAKE_ARGS...]: configure and build one CMake preset. It runs in a subshell,
# so the caller's working directory stays where it was (scripts/run passes relative paths on).
sw_build() {
  local preset="$1"
  shift
  (
    cd "$SW_ROOT"
    cmake --preset "$preset" "$@" >/dev/null
    cmake --build --preset "$preset"
  )
}

# sw_package_deb BUILD_DIR ARCH OUT_DIR: makes the .deb from BUILD_DIR (CPack stages it in
# BUILD_DIR/cpack), checks it with lintian, copies it into OUT_DIR and prints its path
# (scripts/package, scripts/test-i386).
sw_package_deb() {
  local dir="$1" arch="$2" out="$3"
  rm -rf "$dir/cpack"
  cpack --config "$dir/CPackConfig.cmake" -B "$dir/cpack" >&2 || return 1
  local debs=("$dir"/cpack/stickwright_*_"$arch".deb)
  if [[ ${#debs[@]} != 1 || ! -f "${debs[0]}" ]]; then
    echo "stickwright: CPack made no stickwright_*_$arch.deb in $dir/cpack" >&2
    return 1
  fi
  echo "=== lintian $(basename "${debs[0]}") ===" >&2
  lintian --fail-on error "${debs[0]}" >&2 || return 1
  mkdir -p "$out" && cp -f "${debs[0]}" "$out/" || return 1
  echo "$out/$(basename "${debs[0]}")"
}
