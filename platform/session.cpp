#include "platform/session.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <mutex>

namespace sw::platform {

bool running_as_root() { return ::geteuid() == 0; }

std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "unknown";
  return name;
}

bool is_terminal(int fd) { return ::isatty(fd) == 1; }

namespace {
std::mutex& quiet_mutex() {
  static std::mutex m;
  return m;
}
}  // namespace

std::FILE* own_stderr() {
  static std::FILE* const own = [] {
    const int fd = ::fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 0);
    std::FILE* f = fd >= 0 ? ::fdopen(fd, "w") : nullptr;
    if (f == nullptr) {
      if (fd >= 0) ::close(fd);
      return stderr;
    }
    std::setvbuf(f, nullptr, _IONBF, 0);
    return f;
  }();
  return own;
}

QuietStderr::QuietStderr() {
  (void)own_stderr();  // made before descriptor 2 is redirected
  quiet_mutex().lock();
  std::fflush(stderr);
  const int null_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (null_fd < 0) return;
  m_saved = ::fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 0);
  if (m_saved >= 0 && ::dup2(null_fd, STDERR_FILENO) < 0) {
    ::close(m_saved);
    m_saved = -1;
  }
  ::close(null_fd);
}

QuietStderr::~QuietStderr() {
  std::fflush(stderr);
  if (m_saved >= 0) {
    (void)::dup2(m_saved, STDERR_FILENO);
    ::close(m_saved);
  }
  quiet_mutex().unlock();
}

}  // namespace sw::platform
