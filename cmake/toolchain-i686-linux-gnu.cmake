# Cross-compiling stickwright for 32-bit x86 (Debian's i386: i686 and up) on an amd64 Debian 12,
# with Debian's cross compiler (g++-i686-linux-gnu) against an i386 Debian 12 sysroot made by
# debootstrap (scripts/i386.sh says why not the :i386 multiarch packages; scripts/test-i386 makes
# it). The sysroot is SW_I386_SYSROOT (a cache variable, or the environment variable of that name),
# by default build/i386-sysroot of this source tree.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR i686)
set(CMAKE_C_COMPILER i686-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER i686-linux-gnu-g++)

if(NOT SW_I386_SYSROOT)
  if(DEFINED ENV{SW_I386_SYSROOT})
    set(SW_I386_SYSROOT "$ENV{SW_I386_SYSROOT}")
  else()
    get_filename_component(SW_I386_SYSROOT "${CMAKE_CURRENT_LIST_DIR}/../build/i386-sysroot"
                           ABSOLUTE)
  endif()
endif()
set(SW_I386_SYSROOT "${SW_I386_SYSROOT}" CACHE PATH "The i386 Debian 12 tree to build against")
if(NOT EXISTS "${SW_I386_SYSROOT}/usr/include/i386-linux-gnu")
  message(FATAL_ERROR "no i386 sysroot at ${SW_I386_SYSROOT}: scripts/test-i386 makes one "
                      "(or set SW_I386_SYSROOT)")
endif()
# try_compile projects see only the cache variables named here.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES SW_I386_SYSROOT)

# Headers, libraries, .pc files and CMake packages from the sysroot only; programs (pkg-config,
# the compiler's helpers) from this machine.
set(CMAKE_SYSROOT "${SW_I386_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH "${SW_I386_SYSROOT}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(CMAKE_LIBRARY_ARCHITECTURE i386-linux-gnu)
set(ENV{PKG_CONFIG_LIBDIR}
    "${SW_I386_SYSROOT}/usr/lib/i386-linux-gnu/pkgconfig:${SW_I386_SYSROOT}/usr/lib/pkgconfig:\
${SW_I386_SYSROOT}/usr/share/pkgconfig")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "${SW_I386_SYSROOT}")
unset(ENV{PKG_CONFIG_PATH})

# i386 programs (the tests, and doctest's listing of them at build time) run through qemu-user,
# their libraries from the sysroot. QEMU_LD_PREFIX rather than -L, so that an i386 program they
# start (qemu-user looks for it in the sysroot first; binfmt_misc runs it) finds them too.
set(CMAKE_CROSSCOMPILING_EMULATOR env "QEMU_LD_PREFIX=${SW_I386_SYSROOT}" qemu-i386-static)
