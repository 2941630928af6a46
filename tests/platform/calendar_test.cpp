#include "platform/calendar.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

using namespace sw::platform;

namespace {

/// Runs the test body with TZ set to `tz`, and puts the caller's TZ back afterwards.
class ZoneFor {
 public:
  explicit ZoneFor(const char* tz) {
    if (const char* old = std::getenv("TZ")) m_old = old;
    setenv("TZ", tz, 1);
    tzset();
  }
  ~ZoneFor() {
    if (m_old) {
      setenv("TZ", m_old->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }
  ZoneFor(const ZoneFor&) = delete;
  ZoneFor& operator=(const ZoneFor&) = delete;

 private:
  std::optional<std::string> m_old;
};

std::string text(const CivilTime& t) {
  return std::to_string(t.year) + "-" + std::to_string(t.month) + "-" + std::to_string(t.day) +
         " " + std::to_string(t.hour) + ":" + std::to_string(t.minute) + ":" +
         std::to_string(t.second) + " day " + std::to_string(t.day_of_year);
}

}  // namespace

TEST_CASE("calendar: UTC dates, a leap day, before 1970 and past 2038") {
  CHECK(text(*utc_time(0)) == "1970-1-1 0:0:0 day 0");
  CHECK(text(*utc_time(951782400)) == "2000-2-29 0:0:0 day 59");
  CHECK(text(*utc_time(-1)) == "1969-12-31 23:59:59 day 364");
  // 2^33 s: past what a 32-bit time_t holds (2038-01-19), which a 32-bit build must still say.
  CHECK(text(*utc_time(std::int64_t{1} << 33)) == "2242-3-16 12:56:32 day 74");
  CHECK(text(*utc_time(4102444800)) == "2100-1-1 0:0:0 day 0");
  CHECK(text(*utc_time(kLastCivilSecond)) == "9999-12-31 23:59:59 day 364");
  CHECK(text(*utc_time(kFirstCivilSecond)) == "1-1-1 0:0:0 day 0");
  CHECK_FALSE(utc_time(kLastCivilSecond + 1));
  CHECK_FALSE(utc_time(kFirstCivilSecond - 1));
  CHECK_FALSE(utc_time(INT64_MAX));
  CHECK_FALSE(utc_time(INT64_MIN));
}

TEST_CASE("calendar: the ISO 8601 text, both ways") {
  CHECK(utc_iso(1796666460) == "2026-12-07T18:01:00Z");
  CHECK(utc_iso(-1) == "1969-12-31T23:59:59Z");
  CHECK(utc_iso(INT64_MAX) == "9223372036854775807 s after 1970");
  CHECK(utc_date(1796666460) == "2026-12-07");
  CHECK(utc_date(INT64_MAX) == "9223372036854775807 s after 1970");
  CHECK(parse_utc_iso("2026-12-07T18:01:00Z") == 1796666460);
  CHECK(parse_utc_iso("2242-03-16T12:56:32Z") == std::int64_t{1} << 33);
  CHECK(parse_utc_iso("1969-12-31T23:59:59Z") == -1);
  for (std::int64_t s : {std::int64_t{0}, std::int64_t{951782399}, std::int64_t{2147483648},
                         kLastCivilSecond, kFirstCivilSecond}) {
    CHECK(parse_utc_iso(utc_iso(s)) == s);
  }
  for (const char* bad : {"", "2026-12-07 18:01:00Z", "2026-12-07T18:01:00",
                          "2026-12-07T18:01:00Z ", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z",
                          "2026-12-32T00:00:00Z", "2026-12-07T24:00:00Z", "2026-12-07T23:60:00Z",
                          "2026-12-07T23:59:60Z", "2026-1a-07T00:00:00Z", "+026-12-07T00:00:00Z"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_utc_iso(bad));
  }
  CHECK(parse_utc_iso("2024-02-29T00:00:00Z"));  // a leap year's 29 February exists
}

TEST_CASE("calendar: local time follows TZ") {
  {
    const ZoneFor zone("UTC0");
    CHECK(text(*local_time(1796666460)) == "2026-12-7 18:1:0 day 340");
  }
  {
    // Five hours ahead of UTC, no daylight saving: 23:00 UTC is already the next day.
    const ZoneFor zone("XXX-5");
    CHECK(text(*local_time(1796684400)) == "2026-12-8 4:0:0 day 341");
  }
  CHECK_FALSE(local_time(INT64_MAX));
}

TEST_CASE("calendar: now is after this code was written") {
  CHECK(unix_now() > 1796666460);  // 2026-12-07
}
