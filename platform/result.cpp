#include "platform/result.h"

#include <fmt/format.h>

#include <cstring>

#include "platform/display_text.h"

namespace sw {

Error Error::from_errno(ErrorKind kind, std::string_view what, std::string_view path, int err) {
  // strerror_r (GNU flavour) returns a pointer that may or may not be the buffer.
  char buf[256];
  const char* text = strerror_r(err, buf, sizeof buf);
  // The path is escaped here, whole: messages may span lines on purpose (the output keeps their
  // line breaks), so a newline in a file name must not start a line of its own.
  return Error{kind, fmt::format("{} {}: {}", what, platform::display_safe(path), text), err};
}

}  // namespace sw
