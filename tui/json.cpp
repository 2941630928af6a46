#include "tui/json.h"

#include <fmt/format.h>

#include <cmath>

namespace sw::tui {

std::string json_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
  return out + "]";
}

std::string json_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out.push_back(c);
        }
    }
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

JsonObject& JsonObject::add_raw(std::string_view k, std::string_view json) {
  key(k);
  m_body += json;
  return *this;
}

}  // namespace sw::tui
