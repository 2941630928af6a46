#include "platform/temp_space.h"

#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace sw::platform {

namespace {

/// $TMPDIR when it is set, else `fallback`.
std::string temp_base(const char* fallback) {
  const char* tmp = std::getenv("TMPDIR");
  return tmp != nullptr && *tmp != '\0' ? tmp : fallback;
}

/// mkdtemp(3) of BASE/PREFIX-XXXXXX.
Result<std::string> make_dir_under(const std::string& base, const std::string& prefix) {
  std::string tmpl = base + "/" + prefix + "-XXXXXX";
  if (::mkdtemp(tmpl.data()) == nullptr) {
    return fail(
        Error::from_errno(ErrorKind::kInput, "cannot create a directory like", tmpl, errno));
  }
  return tmpl;
}

}  // namespace

Result<std::string> make_temp_dir(const std::string& prefix) {
  return make_dir_under(temp_base("/tmp"), prefix);
}

Result<std::uint64_t> free_bytes(const std::string& path) {
  struct statvfs st {};
  if (::statvfs(path.c_str(), &st) != 0) {
    return fail(
        Error::from_errno(ErrorKind::kInput, "cannot measure the free space of", path, errno));
  }
  return std::uint64_t{st.f_bavail} * st.f_frsize;
}

std::string large_temp_base() {
  std::string base = temp_base("/var/tmp");
  if (::access(base.c_str(), W_OK) != 0) base = "/tmp";
  return base;
}

Result<std::string> make_large_temp_dir(const std::string& prefix) {
  return make_dir_under(large_temp_base(), prefix);
}
}  // namespace sw::platform
