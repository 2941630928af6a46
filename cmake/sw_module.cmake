# sw_module: one layer module as a static library with its own include root, so that an include
# against the layering fails to compile (DESIGN.md: a repository-root include path is a claim, not
# a fence).
#
# The include root is a directory under the build tree, include/<NAME>/, holding symbolic links
# to the module's headers only, at their repository-relative paths
# (include/writer_inspect/writer/inspect/inspect.h -> the source). Includes keep their spelling
# from the repository root, and a module sees the headers of the modules it DEPENDS on (linked
# PUBLIC, so their roots come along) and no others. The quote-include fallback to the including
# file's own directory does not reopen the fence: "tui/json.h" from writer/job.cpp is looked for
# as writer/tui/json.h first, which does not exist (and from a header found through a link, under
# include/<NAME>/writer/).
#
# sw_module(NAME
#   DIRS dir...            the module's directories (repository-relative, not recursive): their
#                          *.h are its headers and their *.cpp its sources (globbed; CMake
#                          re-globs at build time, so a new file needs no edit here)
#   [EXCLUDE file...]      .cpp files in DIRS that are not part of the library (tui/main.cpp)
#   [DEPENDS module...]    lower modules, linked PUBLIC: their headers may be included
#   [CYCLE_WITH module     a module that also depends on this one, and of whose headers only
#    CYCLE_HEADERS h...]   these may be included by this module's sources (an exception to
#                          remove, not to extend: see the call)
#   [PUBLIC_LIBS lib...]   external libraries the module's headers need
#   [LIBS lib...])         external libraries only its sources need (PRIVATE)
function(sw_module name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "CYCLE_WITH"
                        "DIRS;EXCLUDE;DEPENDS;CYCLE_HEADERS;PUBLIC_LIBS;LIBS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "sw_module(${name}): unknown arguments ${arg_UNPARSED_ARGUMENTS}")
  endif()
  set(root "${CMAKE_BINARY_DIR}/include/${name}")
  # Made afresh at each configure: a header moved or removed leaves no stale link behind.
  file(REMOVE_RECURSE "${root}" "${root}.cycle")
  set(sources "")
  foreach(dir IN LISTS arg_DIRS)
    file(GLOB headers CONFIGURE_DEPENDS RELATIVE "${PROJECT_SOURCE_DIR}"
         "${PROJECT_SOURCE_DIR}/${dir}/*.h")
    file(GLOB dir_sources CONFIGURE_DEPENDS RELATIVE "${PROJECT_SOURCE_DIR}"
         "${PROJECT_SOURCE_DIR}/${dir}/*.cpp")
    _sw_link_headers("${root}" ${headers})
    list(APPEND sources ${dir_sources})
  endforeach()
  if(arg_EXCLUDE)
    list(REMOVE_ITEM sources ${arg_EXCLUDE})
  endif()
  list(TRANSFORM sources PREPEND "${PROJECT_SOURCE_DIR}/")
  add_library(${name} STATIC ${sources})
  target_include_directories(${name} PUBLIC "${root}")
  target_link_libraries(${name} PUBLIC ${arg_DEPENDS} ${arg_PUBLIC_LIBS}
                                PRIVATE ${arg_LIBS} sw_warnings)
  if(arg_CYCLE_WITH)
    # Only the listed headers, in a private root; the other module is linked for its symbols only.
    _sw_link_headers("${root}.cycle" ${arg_CYCLE_HEADERS})
    target_include_directories(${name} PRIVATE "${root}.cycle")
    target_link_libraries(${name} PRIVATE "$<LINK_ONLY:${arg_CYCLE_WITH}>")
  endif()
endfunction()

# _sw_link_headers(ROOT header...): ROOT/<header> -> the source, for repository-relative headers.
function(_sw_link_headers root)
  foreach(header IN LISTS ARGN)
    if(NOT EXISTS "${PROJECT_SOURCE_DIR}/${header}")
      message(FATAL_ERROR "sw_module: no header ${header}")
    endif()
    get_filename_component(dir "${root}/${header}" DIRECTORY)
    file(MAKE_DIRECTORY "${dir}")
    file(CREATE_LINK "${PROJECT_SOURCE_DIR}/${header}" "${root}/${header}" SYMBOLIC)
  endforeach()
endfunction()

# sw_fence_test(MODULE DIR dir ALLOWED header FORBIDDEN header...): ctest tests that compile a
# one-line file including a header with exactly MODULE's include directories (the module's own
# and those of what it links, as its sources get them), fed on standard input from DIR so that
# the quote-include fallback looks where a source file of DIR would look.
#   fence.<MODULE>.control            '#include "ALLOWED"' must compile;
#   fence.<MODULE>.no_<FORBIDDEN>     '#include "FORBIDDEN"' must fail, and fail because that
#                                     header is not found (not for any other error).
function(sw_fence_test module)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "DIR;ALLOWED" "FORBIDDEN")
  set(includes "${CMAKE_BINARY_DIR}/fence/${module}.includes")
  file(GENERATE OUTPUT "${includes}"
       CONTENT "$<JOIN:$<REMOVE_DUPLICATES:$<TARGET_PROPERTY:${module},INCLUDE_DIRECTORIES>>,\n>\n")
  # The compiler's own directories, which CMake leaves out of compile lines too (an explicit
  # -I/usr/include would break libstdc++'s #include_next).
  set(implicit "${CMAKE_BINARY_DIR}/fence/implicit.includes")
  list(JOIN CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES "\n" implicit_lines)
  file(WRITE "${implicit}" "${implicit_lines}\n")
  set(check ${CMAKE_COMMAND} -DCOMPILER=${CMAKE_CXX_COMPILER} -DINCLUDES_FILE=${includes}
            -DIMPLICIT_FILE=${implicit} -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
            -DDIR=${PROJECT_SOURCE_DIR}/${arg_DIR})
  set(script -P ${PROJECT_SOURCE_DIR}/cmake/fence_check.cmake)
  add_test(NAME fence.${module}.control
           COMMAND ${check} -DHEADER=${arg_ALLOWED} -DEXPECT=compile ${script})
  foreach(header IN LISTS arg_FORBIDDEN)
    string(MAKE_C_IDENTIFIER "${header}" id)
    add_test(NAME fence.${module}.no_${id}
             COMMAND ${check} -DHEADER=${header} -DEXPECT=not_found ${script})
  endforeach()
endfunction()
