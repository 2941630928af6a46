#include "tui/json.h"

#include <fmt/format.h>

#include <cmath>

#include "platform/display_text.h"

namespace sw::tui {

std::string json_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
  return out + "]";
}

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const platform::Utf8Step step = platform::decode_utf8(text);
    const char32_t cp = step.code_point;
    if (!step.valid) {
      out += "\\ufffd";  // RFC 8259 §8.1: JSON text is UTF-8; a stray byte cannot pass
    } else if (cp == '"' || cp == '\\') {
      out += '\\';
      out += static_cast<char>(cp);
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp == '\t') {
      out += "\\t";
    } else if (platform::is_control(cp) || cp == 0x2028 || cp == 0x2029) {
      // DEL and C1 are legal raw in JSON, but a terminal showing the JSON would act on them;
      // U+2028/2029 end lines in JavaScript.
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(cp));
    } else {
      out.append(text.substr(0, step.length));
    }
    text.remove_prefix(step.length);
  }
  return out;
}

void JsonObject::key(std::string_view k) {
  if (!m_body.empty()) m_body += ',';
  m_body += fmt::format("\"{}\":", json_escape(k));
}

JsonObject& JsonObject::add(std::string_view k, std::string_view value) {
  key(k);
  m_body += fmt::format("\"{}\"", json_escape(value));
  return *this;
}

JsonObject& JsonObject::add(std::string_view k, std::uint64_t value) {
  key(k);
  m_body += fmt::format("{}", value);
  return *this;
}

JsonObject& JsonObject::add(std::string_view k, double value) {
  key(k);
  m_body += std::isfinite(value) ? fmt::format("{:.3f}", value) : std::string("null");
  return *this;
}

JsonObject& JsonObject::add(std::string_view k, bool value) {
  key(k);
  m_body += value ? "true" : "false";
  return *this;
}

JsonObject& JsonObject::add_or_null(std::string_view k, std::string_view value) {
  return value.empty() ? add_raw(k, "null") : add(k, value);
}

JsonObject& JsonObject::add_raw(std::string_view k, std::string_view json) {
  key(k);
  m_body += json;
  return *this;
}

}  // namespace sw::tui
