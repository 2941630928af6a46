# The Debian package that scripts/package builds: CPack's DEB generator over the install rules
# of CMakeLists.txt, so the .deb holds what `cmake --install` installs, plus what Debian's policy
# asks of a package and a plain install should not do (cmake/sw_deb_stage.cmake: the copyright
# file, the changelog, a compressed man page, no second copy of the licence).
# `cpack --config BUILD/CPackConfig.cmake -B OUTDIR` makes OUTDIR/stickwright_VERSION_ARCH.deb.

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME stickwright)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# A native version (no Debian revision): the project packages itself, so the package's version is
# the program's, the one `stickwright --version` prints.
set(CPACK_DEBIAN_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # stickwright_VERSION_ARCH.deb
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# The architecture is dpkg's (the machine's) unless the configure step names one: a cross build
# passes -DCPACK_DEBIAN_PACKAGE_ARCHITECTURE=i386 (scripts/package --arch).
set(STICKWRIGHT_DEB_MAINTAINER
    "stickwright maintainers <maintainers@users.noreply.b-seed-b05ff0d3.example>"
    CACHE STRING "The .deb's Maintainer field: Name <address>")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${STICKWRIGHT_DEB_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION admin)  # it writes whole disks, as root
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "write and verify bootable USB sticks")
# Debian's long description: CPack indents it and turns an empty line into " .".
set(CPACK_PACKAGE_DESCRIPTION
    "stickwright writes OS images (ISO and disk images, compressed ones, Windows
installer ISOs) to USB drives and SD cards. It checks the image's hash before
anything is written, with the checksum list found next to the image and its
OpenPGP signature, writes block by block with progress, then reads the drive
back bypassing every cache to prove that it holds exactly the verified bytes.

It offers only removable drives unless told otherwise, says whether an image
boots from a stick (BIOS, UEFI), writes several sticks at once, finds
counterfeit sticks and makes a stick a normal FAT32 or exFAT one again. It has
a full-screen terminal UI and a command line with JSON output.")

# Depends: what the binary links, worked out by dpkg-shlibdeps (dpkg-dev). CPack runs it here, on
# this machine, which cannot place a cross-compiled binary's libraries (they are not installed
# here): scripts/package --arch i386 runs dpkg-shlibdeps in the i386 sysroot instead and passes
# its answer as STICKWRIGHT_DEB_DEPENDS.
set(STICKWRIGHT_DEB_DEPENDS "" CACHE STRING
    "The .deb's Depends, when not worked out by CPack's dpkg-shlibdeps (a cross build)")
if(STICKWRIGHT_DEB_DEPENDS)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "${STICKWRIGHT_DEB_DEPENDS}")
else()
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
endif()
# Programs that optional features run (platform::run_program): Windows mode's BIOS boot code is
# made by grub-mkimage from grub-pc-bin's i386-pc files; restore --fs exfat runs mkfs.exfat.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "grub-pc-bin, exfatprogs")
# The Debian CD signing keys: read when installed, so Debian's images are found authentic.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "debian-keyring")

set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_STRIP_FILES ON)
# Files and directories as Debian's policy has them (0644, 0755, owned by root), whatever the
# builder's umask.
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ
                                                GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_PRE_BUILD_SCRIPTS ${CMAKE_CURRENT_LIST_DIR}/sw_deb_stage.cmake)
# Read by sw_deb_stage.cmake: the files it adds, and the toolchain's strip (a cross build's).
set(CPACK_SW_DEB_DIR ${CMAKE_CURRENT_LIST_DIR}/deb)
set(CPACK_SW_STRIP ${CMAKE_STRIP})
include(CPack)
