#include "platform/random.h"

#include <sys/random.h>

#include <cerrno>

namespace sw::platform {

Result<void> fill_random(std::span<std::byte> out) {
  std::size_t done = 0;
  while (done < out.size()) {
    const ssize_t n = ::getrandom(out.data() + done, out.size() - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(Error::from_errno(ErrorKind::kInput, "cannot draw random bytes with",
                                    "getrandom(2)", errno));
    }
    done += static_cast<std::size_t>(n);
  }
  return ok();
}

}  // namespace sw::platform
