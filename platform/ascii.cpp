#include "platform/ascii.h"

namespace sw::platform {

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         to_lower(text.substr(text.size() - suffix.size())) == to_lower(suffix);
}

}  // namespace sw::platform
