#include "platform/session.h"

#include <unistd.h>

namespace sw::platform {

bool running_as_root() { return ::geteuid() == 0; }

bool is_terminal(int fd) { return ::isatty(fd) == 1; }
}  // namespace sw::platform
