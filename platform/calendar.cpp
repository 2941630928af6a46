#include "platform/calendar.h"

#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <limits>

namespace sw::platform {
namespace {

namespace chr = std::chrono;

/// The digits of text[at, at + n) as a number; nullopt if any is not a digit.
std::optional<int> digits(std::string_view text, std::size_t at, std::size_t n) {
  int v = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

}  // namespace

std::int64_t unix_now() {
  return chr::duration_cast<chr::seconds>(chr::system_clock::now().time_since_epoch()).count();
}

std::optional<CivilTime> utc_time(std::int64_t unix_seconds) {
  if (unix_seconds < kFirstCivilSecond || unix_seconds > kLastCivilSecond) return std::nullopt;
  const chr::sys_seconds at{chr::seconds{unix_seconds}};
  const auto day = chr::floor<chr::days>(at);
  const chr::year_month_day ymd{day};
  const chr::hh_mm_ss hms{at - day};
  const auto jan1 = chr::sys_days{ymd.year() / chr::January / 1};
  CivilTime t;
  t.year = static_cast<int>(ymd.year());
  t.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  t.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  t.hour = static_cast<int>(hms.hours().count());
  t.minute = static_cast<int>(hms.minutes().count());
  t.second = static_cast<int>(hms.seconds().count());
  t.day_of_year = static_cast<int>((day - jan1).count());
  return t;
}

std::optional<CivilTime> local_time(std::int64_t unix_seconds) {
  if (unix_seconds < std::numeric_limits<std::time_t>::min() ||
      unix_seconds > std::numeric_limits<std::time_t>::max()) {
    return std::nullopt;
  }
  const auto t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  if (localtime_r(&t, &tm) == nullptr) return std::nullopt;
  return CivilTime{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                   tm.tm_min,         tm.tm_sec,     tm.tm_yday};
}

std::string utc_iso(std::int64_t unix_seconds) {
  const auto utc = utc_time(unix_seconds);
  if (!utc) return fmt::format("{} s after 1970", unix_seconds);
  const CivilTime& t = *utc;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", t.year, t.month, t.day, t.hour,
                     t.minute, t.second);
}

std::string utc_date(std::int64_t unix_seconds) {
  const auto t = utc_time(unix_seconds);
  if (!t) return fmt::format("{} s after 1970", unix_seconds);
  return fmt::format("{:04}-{:02}-{:02}", t->year, t->month, t->day);
}

std::optional<std::int64_t> parse_utc_iso(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SSZ
  if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || text[19] != 'Z') {
    return std::nullopt;
  }
  const auto y = digits(text, 0, 4), mo = digits(text, 5, 2), d = digits(text, 8, 2);
  const auto h = digits(text, 11, 2), mi = digits(text, 14, 2), s = digits(text, 17, 2);
  if (!y || !mo || !d || !h || !mi || !s) return std::nullopt;
  const chr::year_month_day ymd{chr::year{*y}, chr::month{static_cast<unsigned>(*mo)},
                                chr::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok() || *h > 23 || *mi > 59 || *s > 59) return std::nullopt;
  const auto at = chr::sys_days{ymd} + chr::hours{*h} + chr::minutes{*mi} + chr::seconds{*s};
  return chr::duration_cast<chr::seconds>(at.time_since_epoch()).count();
}

}  // namespace sw::platform
