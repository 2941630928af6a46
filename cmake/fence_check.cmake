# Run by the fence.* tests (sw_fence_test in cmake/sw_module.cmake):
#   cmake -DCOMPILER=c++ -DINCLUDES_FILE=f -DIMPLICIT_FILE=f -DSOURCE_DIR=repo -DDIR=repo/writer
#         -DHEADER=tui/json.h -DEXPECT=compile|not_found -P fence_check.cmake
# compiles '#include "HEADER"' (standard input, from DIR: the quote-include fallback looks in DIR,
# as for a source file there) with -I for each directory of INCLUDES_FILE but the compiler's own.
# EXPECT=compile: it must compile. EXPECT=not_found: it must fail because HEADER is not found, and
# HEADER must exist in the repository (a renamed header would otherwise pass the test for nothing).
cmake_minimum_required(VERSION 3.25)
foreach(var COMPILER INCLUDES_FILE IMPLICIT_FILE SOURCE_DIR DIR HEADER EXPECT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "fence_check: -D${var}=... is missing")
  endif()
endforeach()
if(NOT EXISTS "${SOURCE_DIR}/${HEADER}")
  message(FATAL_ERROR "fence_check: ${HEADER} is not in the repository (moved? update the fence "
                      "test in tests/CMakeLists.txt)")
endif()
if(NOT IS_DIRECTORY "${DIR}")
  message(FATAL_ERROR "fence_check: no directory ${DIR}")
endif()

file(STRINGS "${INCLUDES_FILE}" dirs)
file(STRINGS "${IMPLICIT_FILE}" implicit)
set(flags "")
foreach(dir IN LISTS dirs)
  if(NOT dir IN_LIST implicit)
    list(APPEND flags "-I${dir}")
  endif()
endforeach()
set(compile ${COMPILER} -std=c++20 -fsyntax-only ${flags} -x c++ -)
string(REPLACE ";" " " shown "${compile}")
message("in ${DIR}: echo '#include \"${HEADER}\"' | ${shown}")
execute_process(COMMAND ${CMAKE_COMMAND} -E echo "#include \"${HEADER}\""
                COMMAND ${compile}
                WORKING_DIRECTORY "${DIR}"
                RESULT_VARIABLE rc
                OUTPUT_VARIABLE out
                ERROR_VARIABLE out)

if(EXPECT STREQUAL "compile")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "FAIL: an allowed include does not compile (exit ${rc}):\n${out}")
  endif()
  message("ok: ${HEADER} compiles")
elseif(EXPECT STREQUAL "not_found")
  string(REPLACE "." "\\." header_re "${HEADER}")
  if(rc EQUAL 0)
    message(FATAL_ERROR "FAIL: ${HEADER} compiles: the fence is open")
  endif()
  # g++: "tui/json.h: No such file or directory"; clang: "'tui/json.h' file not found".
  if(NOT out MATCHES "${header_re}: No such file or directory|'${header_re}' file not found")
    message(FATAL_ERROR "FAIL: the compile failed, but not for want of ${HEADER}:\n${out}")
  endif()
  message("ok: ${HEADER} is not found with these include directories")
else()
  message(FATAL_ERROR "fence_check: EXPECT is compile or not_found, not ${EXPECT}")
endif()
