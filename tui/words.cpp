#include "tui/words.h"

#include <fmt/format.h>

#include <cmath>

namespace sw::tui {

std::string format_bytes(std::uint64_t bytes) {
  constexpr const char* kUnits[] = {"B", "kB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1000.0 && unit < 4) {
    value /= 1000.0;
    ++unit;
  }
  if (unit == 0) return fmt::format("{} B", bytes);
  return fmt::format("{:.2f} {}", value, kUnits[unit]);
}

std::string format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) seconds = 0;
  const auto total = static_cast<long long>(seconds + 0.5);
  const long long h = total / 3600;
  const long long m = total / 60 % 60;
  const long long s = total % 60;
  if (h > 0) return fmt::format("{}:{:02}:{:02}", h, m, s);
  return fmt::format("{}:{:02}", m, s);
}

std::string weak_hash_note(writer::Algorithm alg) {
  if (writer::hash_strength(alg) == writer::HashStrength::kStrong) return {};
  return fmt::format(
      "{} shows the download is intact, not that nobody changed it; prefer "
      "SHA256SUMS",
      writer::algorithm_name(alg));
}

std::string with_remedy(const std::string& message, std::string_view remedy_words) {
  if (remedy_words.empty()) return message;
  // After a message of several lines (a list of reasons, notes) the way past it is a line of its
  // own, not the tail of the last reason.
  const char* joint = message.find('\n') == std::string::npos ? " " : "\n";
  return message + joint + std::string(remedy_words);
}

}  // namespace sw::tui
