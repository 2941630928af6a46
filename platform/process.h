#pragma once
/// Running a helper program (grub-mkimage) and collecting what it printed.

#include <string>
#include <vector>

#include "platform/result.h"

namespace sw::platform {

/// Runs `argv` (argv[0] looked up in PATH) with stdin from /dev/null, waits for it, and returns
/// its standard output and error together. Fails (ErrorKind `kind`) when it cannot be started,
/// is killed by a signal or exits non-zero; the message holds the program's last output lines.
Result<std::string> run_program(const std::vector<std::string>& argv, ErrorKind kind);

/// True when `name` is an executable file in one of PATH's directories.
bool program_in_path(const std::string& name);

}  // namespace sw::platform
