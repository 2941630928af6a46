#include "platform/result.h"

#include <fmt/format.h>

#include <cstring>

namespace sw {

Error Error::from_errno(ErrorKind kind, std::string_view what, std::string_view path, int err) {
  // strerror_r (GNU flavour) returns a pointer that may or may not be the buffer.
  char buf[256];
  const char* text = strerror_r(err, buf, sizeof buf);
  return Error{kind, fmt::format("{} {}: {}", what, path, text), err};
}

}  // namespace sw
