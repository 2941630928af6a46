// Holds a block device open with O_EXCL (as a mount or another writer would) until killed.
// Usage: hold_exclusive DEVICE   -- prints "held" once the device is held.

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

int main(int argc, char** argv) {
  if (argc != 2) {
    fmt::print(stderr, "usage: hold_exclusive DEVICE\n");
    return 2;
  }
  const int fd = ::open(argv[1], O_RDONLY | O_EXCL | O_CLOEXEC);
  if (fd < 0) {
    fmt::print(stderr, "hold_exclusive: cannot open {}: {}\n", argv[1], std::strerror(errno));
    return 1;
  }
  fmt::print("held\n");
  std::fflush(stdout);
  for (;;) ::pause();
}
