#pragma once
/// A minimal JSON object writer for the command line's machine-readable output.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sw::tui {

/// Escapes a string for a JSON string literal (without the quotes). The result is always valid
/// UTF-8 with no raw control character: invalid UTF-8 becomes U+FFFD, controls (C0, DEL, C1)
/// \uXXXX escapes.
std::string json_escape(std::string_view text);

/// A JSON array of values that are already JSON text (objects, arrays, quoted strings).
std::string json_array(const std::vector<std::string>& items);

/// Builds one JSON object, member by member, in insertion order.
class JsonObject {
 public:
  JsonObject& add(std::string_view key, std::string_view value);
  JsonObject& add(std::string_view key, const char* value) {
    return add(key, std::string_view(value));
  }
  JsonObject& add(std::string_view key, std::uint64_t value);
  JsonObject& add(std::string_view key, double value);
  JsonObject& add(std::string_view key, bool value);
  /// Adds a string member, or null when `value` is empty (a field that is not known).
  JsonObject& add_or_null(std::string_view key, std::string_view value);
  /// Adds a member whose value is already JSON text (an array or object).
  JsonObject& add_raw(std::string_view key, std::string_view json);
  /// The object's text, e.g. {"a":1}.
  std::string str() const { return "{" + m_body + "}"; }

 private:
  void key(std::string_view k);
  std::string m_body;
};

}  // namespace sw::tui
