#include "platform/display_text.h"

#include <doctest/doctest.h>

#include <string>

using namespace sw::platform;

TEST_CASE("display_safe: terminal controls in a value are shown as escapes") {
  // A model string that would clear the screen, retitle the window and overwrite a line.
  CHECK(display_safe("Cruzer\x1b[2J\x1b]0;owned\x07") == "Cruzer\\x1b[2J\\x1b]0;owned\\x07");
  CHECK(display_safe("a\rb\nc\bd\x7f") == "a\\x0db\\x0ac\\x08d\\x7f");
  CHECK(display_safe("tab\there") == "tab\\x09here");
  CHECK(display_safe(std::string("nul\0x", 5)) == "nul\\x00x");
  // C1 controls: CSI (U+009B) alone starts an escape sequence on many terminals.
  CHECK(display_safe("x\xc2\x9b"
                     "2Jy") == "x\\u009b2Jy");
  CHECK(display_safe("\xc2\x80\xc2\x9f") == "\\u0080\\u009f");
}

TEST_CASE("display_safe: invalid UTF-8 is shown byte by byte, valid UTF-8 unchanged") {
  CHECK(display_safe("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x92\xbe") ==
        "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x92\xbe");
  CHECK(display_safe("\xc2\xa0") == "\xc2\xa0");  // U+00A0, just past the C1 block
  CHECK(display_safe("a\xff"
                     "b") == "a\\xffb");
  CHECK(display_safe("\xc3") == "\\xc3");                             // truncated
  CHECK(display_safe("\xc0\xaf") == "\\xc0\\xaf");                    // overlong '/'
  CHECK(display_safe("\xed\xa0\x80") == "\\xed\\xa0\\x80");           // a UTF-16 surrogate
  CHECK(display_safe("\xf4\x90\x80\x80") == "\\xf4\\x90\\x80\\x80");  // past U+10FFFF
  CHECK(display_safe("\x80"
                     "abc") == "\\x80abc");  // a lone continuation byte
}

TEST_CASE("display_safe: plain text and backslashes pass; escaping twice changes nothing") {
  CHECK(display_safe("/media/user/MY STICK") == "/media/user/MY STICK");
  CHECK(display_safe("C:\\x1b") == "C:\\x1b");
  const std::string once = display_safe("a\x1b\xff\xc2\x85z");
  CHECK(display_safe(once) == once);
}

TEST_CASE("display_safe: line breaks kept only when asked; CR and ESC never") {
  CHECK(display_safe("one\ntwo", LineBreaks::kKeep) == "one\ntwo");
  CHECK(display_safe("one\ntwo") == "one\\x0atwo");
  CHECK(display_safe("a\r\x1b[1A\n", LineBreaks::kKeep) == "a\\x0d\\x1b[1A\n");
}

TEST_CASE("decode_utf8: lengths and code points") {
  CHECK(decode_utf8("A").code_point == U'A');
  const auto euro = decode_utf8("\xe2\x82\xac");
  CHECK(euro.valid);
  CHECK(euro.length == 3);
  CHECK(euro.code_point == 0x20ac);
  const auto bad = decode_utf8("\xe2\x82");
  CHECK_FALSE(bad.valid);
  CHECK(bad.length == 1);
}
