# CPack runs this (CPACK_PRE_BUILD_SCRIPTS, cmake/sw_package.cmake) after installing into its
# staging directory and before it makes the .deb: what Debian's policy asks of a package, which a
# plain `cmake --install` does not do (tests/e2e/install_test.sh checks that install's file list).
#   - /usr/share/doc/stickwright/copyright, machine-readable (policy 12.5), in place of LICENSE:
#     a package points at /usr/share/common-licenses/GPL-3 instead of a second copy of the text;
#   - changelog.gz (policy 12.7; the version is native, so not changelog.Debian.gz), dated from
#     SOURCE_DATE_EPOCH when it is set, so that two builds of one commit can be the same;
#   - the man page compressed with gzip -9n (policy 12.1: no name or time in the gzip header);
#   - the program without the .comment and .note sections that CPACK_STRIP_FILES (a plain
#     `strip`) leaves (compiler versions; lintian's binary-has-unneeded-section), as dh_strip does.
set(root "${CPACK_TEMPORARY_DIRECTORY}${CPACK_PACKAGING_INSTALL_PREFIX}")
set(doc "${root}/share/doc/${CPACK_PACKAGE_NAME}")
set(man "${root}/share/man/man1/${CPACK_PACKAGE_NAME}.1")
set(bin "${root}/bin/${CPACK_PACKAGE_NAME}")
foreach(f "${doc}/LICENSE" "${man}" "${bin}")
  if(NOT EXISTS "${f}")
    message(FATAL_ERROR "sw_deb_stage: ${f} was not installed: the install rules changed, "
                        "change cmake/sw_deb_stage.cmake with them")
  endif()
endforeach()

file(REMOVE "${doc}/LICENSE")
configure_file("${CPACK_SW_DEB_DIR}/copyright" "${doc}/copyright" COPYONLY)

# RFC 5322 date, as dpkg-parsechangelog wants it; string(TIMESTAMP) honours SOURCE_DATE_EPOCH.
string(TIMESTAMP SW_CHANGELOG_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
configure_file("${CPACK_SW_DEB_DIR}/changelog.in" "${doc}/changelog" @ONLY)

# gzip -9n: best compression (lintian's manpage-not-compressed-with-max-compression), and -n: no
# file name or time stamp in the header (reproducible); gzip replaces the file by FILE.gz.
foreach(f "${doc}/changelog" "${man}")
  execute_process(COMMAND gzip -9nf "${f}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "sw_deb_stage: gzip -9nf ${f} failed (${rc})")
  endif()
  file(CHMOD "${f}.gz" FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
endforeach()

execute_process(COMMAND "${CPACK_SW_STRIP}" --remove-section=.comment --remove-section=.note
                        "${bin}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "sw_deb_stage: ${CPACK_SW_STRIP} ${bin} failed (${rc})")
endif()
