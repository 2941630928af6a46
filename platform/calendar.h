#pragma once
/// Dates and times of day: the wall clock, a moment as a calendar date in UTC or in the machine's
/// time zone, and the one text form the audit log and JSON use ("2026-12-08T01:25:37Z").
/// UTC is worked out with <chrono>'s calendar, so it holds for any 64-bit second count on 32-bit
/// builds too (Debian 12 i386 has a 32-bit time_t); local time goes through the C library's
/// time zone data and so is limited to what time_t holds.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sw::platform {

/// A moment as a date and time of day (proleptic Gregorian calendar).
struct CivilTime {
  int year = 1970;
  int month = 1;        ///< 1-12
  int day = 1;          ///< 1-31
  int hour = 0;         ///< 0-23
  int minute = 0;       ///< 0-59
  int second = 0;       ///< 0-60 (60 only for a leap second from the C library)
  int day_of_year = 0;  ///< 0-365, 0 for 1 January
};

/// Seconds since 1970-01-01 00:00 UTC, now, by the wall clock.
std::int64_t unix_now();

/// The moments utc_time converts: 0001-01-01 00:00:00 to 9999-12-31 23:59:59 UTC.
inline constexpr std::int64_t kFirstCivilSecond = -62135596800;
inline constexpr std::int64_t kLastCivilSecond = 253402300799;

/// `unix_seconds` in UTC; nullopt outside the years 1 to 9999 (a date field read from an image
/// may hold anything).
std::optional<CivilTime> utc_time(std::int64_t unix_seconds);

/// `unix_seconds` in the machine's time zone (TZ, else /etc/localtime); nullopt where time_t
/// cannot hold it (past 2038 on a 32-bit build) or the C library cannot convert it.
std::optional<CivilTime> local_time(std::int64_t unix_seconds);

/// "YYYY-MM-DDTHH:MM:SSZ" (ISO 8601, UTC); outside the years 1 to 9999, "N s after 1970".
std::string utc_iso(std::int64_t unix_seconds);

/// "YYYY-MM-DD", the UTC date; outside the years 1 to 9999, "N s after 1970".
std::string utc_date(std::int64_t unix_seconds);

/// The seconds of a "YYYY-MM-DDTHH:MM:SSZ" text; nullopt for any other text, or a date or time
/// that does not exist (2026-02-30, 24:00:00).
std::optional<std::int64_t> parse_utc_iso(std::string_view text);

}  // namespace sw::platform
