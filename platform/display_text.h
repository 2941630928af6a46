#pragma once
/// Text from outside (drive models and serials, labels, names inside images, file names) made
/// safe to show on a terminal: control characters and invalid UTF-8 become visible escapes, so
/// no value can move the cursor, rewrite a line, retitle the window or hide the confirmation.

#include <cstddef>
#include <string>
#include <string_view>

namespace sw::platform {

/// One step of UTF-8 decoding (RFC 3629): the code point at the start of `text` and how many
/// bytes it takes. Overlong forms, surrogates, code points past U+10FFFF and truncated
/// sequences are invalid: `valid` is false and `length` is 1 (the first byte alone).
struct Utf8Step {
  char32_t code_point = 0;
  std::size_t length = 1;
  bool valid = false;
};

/// Decodes the code point that starts `text` (which must not be empty).
Utf8Step decode_utf8(std::string_view text);

/// True for the C0 controls, DEL and the C1 controls (U+0080..U+009F): the code points a
/// terminal acts on instead of drawing.
bool is_control(char32_t code_point);

/// Whether a newline in the text is a line break the program meant (messages built of several
/// lines) or is escaped like any other control character (a single value).
enum class LineBreaks { kEscape, kKeep };

/// `text` with each control character and each byte of invalid UTF-8 written as `\xNN` (C1
/// controls, which are two bytes in UTF-8, as `\u0080`..`\u009f`); everything else unchanged,
/// backslashes included, so the result of an escape is left as it is when escaped again.
std::string display_safe(std::string_view text, LineBreaks breaks = LineBreaks::kEscape);

}  // namespace sw::platform
