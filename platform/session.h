#pragma once
/// What the process runs as and where it talks: the root check and the terminal test.

#include <cstdio>
#include <string>

namespace sw::platform {

/// True when the process runs as root (effective user id 0).
bool running_as_root();

/// The machine's host name (gethostname); "unknown" when it cannot be read.
std::string host_name();

/// True when the file descriptor is a terminal.
bool is_terminal(int fd);

/// The process's standard error as it was when first asked for (main asks first), on a
/// descriptor of its own: QuietStderr, which points descriptor 2 at /dev/null while a library
/// talks, does not silence what the program itself writes here. stderr when it cannot be made.
std::FILE* own_stderr();

/// While it lives, whatever the process writes to its standard error goes to /dev/null: for
/// libraries that print their own diagnostics there (RNP, built without NDEBUG, prints every
/// failed check), which would garble the full-screen UI and the command line's output. One at a
/// time across threads (a mutex); nested ones on one thread are not allowed. When /dev/null
/// cannot be opened, nothing is redirected.
class QuietStderr {
 public:
  QuietStderr();
  ~QuietStderr();
  QuietStderr(const QuietStderr&) = delete;
  QuietStderr& operator=(const QuietStderr&) = delete;

 private:
  int m_saved = -1;
};

}  // namespace sw::platform
