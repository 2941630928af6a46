#pragma once
/// Running a helper program (grub-mkimage) and collecting what it printed.

#include <optional>
#include <string>
#include <vector>

#include "platform/result.h"

namespace sw::platform {

/// The directories helper programs are taken from, in this order, and the PATH they run with.
/// stickwright runs as root: the caller's $PATH (a writable directory early in it) must not
/// choose which program runs.
inline constexpr const char* kSystemPath = "/usr/sbin:/usr/bin:/sbin:/bin";

/// The full path of `name` in one of kSystemPath's directories, if it is an executable file
/// there; `name` itself when it already holds a slash.
std::optional<std::string> find_system_program(const std::string& name);

/// Runs `argv` (argv[0] found by find_system_program, never through $PATH) with stdin from
/// /dev/null, SIGPIPE at its default, and only PATH=kSystemPath and LC_ALL=C in its environment
/// (English, stable messages); waits for it and returns its standard output and error together
/// (the last MiB of them at most).
/// Fails (ErrorKind `kind`) when it cannot be found or started, is killed by a signal or exits
/// non-zero; the message names the program and its status, and holds its last output lines or
/// says that it printed nothing.
Result<std::string> run_program(const std::vector<std::string>& argv, ErrorKind kind);

}  // namespace sw::platform
