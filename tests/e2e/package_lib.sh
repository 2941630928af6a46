# The .deb of the build under test, for package_test.sh and package_install_test.sh: made by
# CPack over the ctest build directory exactly as scripts/package makes it over its own
# (cmake/sw_package.cmake), without building anything again. Source it after lib.sh.
# tests/CMakeLists.txt passes cpack (SW_CPACK), the build directory (SW_BUILD_DIR), the version
# (SW_EXPECTED_VERSION) and whether this is a sanitizer build (STICKWRIGHT_SANITIZE).

# SW_DEB_ARCH=i386 with SW_DEB=PATH (a .deb made by scripts/package --arch i386): that .deb,
# in an i386 chroot (package_install_test.sh only, as scripts/test-i386 runs it; see there).
SW_DEB_ARCH="${SW_DEB_ARCH:-$(dpkg --print-architecture)}"
SW_DEB_NAME="stickwright_${SW_EXPECTED_VERSION:-unset}_${SW_DEB_ARCH}.deb"

# sw_package_preconditions: skips (before any check) where this build's .deb means nothing.
sw_package_preconditions() {
  [[ -n "${SW_CPACK:-}" && -f "${SW_BUILD_DIR:-}/CPackConfig.cmake" ]] ||
    sw_skip "SW_CPACK and SW_BUILD_DIR (with CPackConfig.cmake) are not set: run it through ctest"
  if [[ "${STICKWRIGHT_SANITIZE:-0}" =~ ^(1|ON|TRUE|YES)$ ]]; then
    sw_skip "runs in the ci preset only: the .deb holds a Release build, not a sanitizer build"
  fi
}

# have TOOL: TOOL is on PATH, else says it is missing.
have() { command -v "$1" >/dev/null || { echo "     $1 is not installed"; return 1; }; }

# sw_make_deb OUTDIR: runs CPack's DEB generator into OUTDIR; sets DEB to the .deb's path.
sw_make_deb() {
  LAST=cpack
  "$SW_CPACK" --config "$SW_BUILD_DIR/CPackConfig.cmake" -B "$1" > cpack.out 2> cpack.err
  RC=$?
  check "cpack makes the .deb (exit 0)" rc_is 0
  DEB="$1/$SW_DEB_NAME"
  check "it is named $SW_DEB_NAME" \
    bash -c "test -f '$DEB' || { ls '$1' | sed 's/^/     | /'; exit 1; }"
}
