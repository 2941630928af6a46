#include "tui/json.h"

#include <doctest/doctest.h>

#include <string>

#include "platform/display_text.h"

using namespace sw::tui;

namespace {

/// True when `s` is valid UTF-8 holding no byte below 0x20, no DEL and no C1 control.
bool clean_utf8(std::string_view s) {
  while (!s.empty()) {
    const auto step = sw::platform::decode_utf8(s);
    if (!step.valid || sw::platform::is_control(step.code_point)) return false;
    s.remove_prefix(step.length);
  }
  return true;
}

}  // namespace

TEST_CASE("json: control characters become \\u escapes") {
  CHECK(json_escape("a\x1b[2Jb") == "a\\u001b[2Jb");
  CHECK(json_escape("\b\f\x7f") == "\\u0008\\u000c\\u007f");
  CHECK(json_escape("x\xc2\x9by") == "x\\u009by");  // C1 CSI
  CHECK(json_escape("\r\n\t\"\\") == "\\r\\n\\t\\\"\\\\");
  CHECK(json_escape("\xe2\x80\xa8") == "\\u2028");
}

TEST_CASE("json: invalid UTF-8 becomes U+FFFD, valid UTF-8 passes") {
  CHECK(json_escape("bad\xff\xfe") == "bad\\ufffd\\ufffd");
  CHECK(json_escape("\xc3(") == "\\ufffd(");
  CHECK(json_escape("\xed\xa0\x80") == "\\ufffd\\ufffd\\ufffd");
  CHECK(json_escape("caf\xc3\xa9 \xf0\x9f\x92\xbe") == "caf\xc3\xa9 \xf0\x9f\x92\xbe");
}

TEST_CASE("json: an object of hostile keys and values is clean UTF-8 without raw controls") {
  const std::string hostile = "SanDisk\x1b]0;x\x07\xff\xc2\x85\r\n\"";
  const std::string text = JsonObject().add(hostile, hostile).add("n", std::uint64_t{1}).str();
  CHECK(clean_utf8(text));
  CHECK(text ==
        "{\"SanDisk\\u001b]0;x\\u0007\\ufffd\\u0085\\r\\n\\\"\":"
        "\"SanDisk\\u001b]0;x\\u0007\\ufffd\\u0085\\r\\n\\\"\",\"n\":1}");
}
