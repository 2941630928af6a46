#include "platform/display_text.h"

#include <fmt/format.h>

namespace sw::platform {

Utf8Step decode_utf8(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned lead = byte(0);
  if (lead < 0x80) return {lead, 1, true};
  // The sequence length and the smallest code point it may carry (longer forms are overlong).
  std::size_t length = 0;
  char32_t min = 0;
  if ((lead & 0xe0) == 0xc0) {
    length = 2;
    min = 0x80;
  } else if ((lead & 0xf0) == 0xe0) {
    length = 3;
    min = 0x800;
  } else if ((lead & 0xf8) == 0xf0) {
    length = 4;
    min = 0x10000;
  } else {
    return {};  // a continuation byte or 0xf8..0xff cannot start a sequence
  }
  if (text.size() < length) return {};
  char32_t cp = lead & (0x7f >> length);
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xc0) != 0x80) return {};
    cp = cp << 6 | (byte(i) & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return {};
  return {cp, length, true};
}

bool is_control(char32_t cp) { return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f); }

std::string display_safe(std::string_view text, LineBreaks breaks) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const Utf8Step step = decode_utf8(text);
    if (!step.valid) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[0]));
    } else if (step.code_point == '\n' && breaks == LineBreaks::kKeep) {
      out += '\n';
    } else if (step.code_point >= 0x80 && is_control(step.code_point)) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(step.code_point));
    } else if (is_control(step.code_point)) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(step.code_point));
    } else {
      out.append(text.substr(0, step.length));
    }
    text.remove_prefix(step.length);
  }
  return out;
}

}  // namespace sw::platform
