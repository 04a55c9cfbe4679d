// Dates, datetimes and durations beyond what include/caspian/value.hpp declares: the calendar,
// date arithmetic (issue #6), duration.between and component access. Pure functions on
// caspian::Value; DuckDB keeps the same in common/types/{date,timestamp,interval}.cpp.
// Implementation: date.cpp (calendar, ISO dates), datetime.cpp (ISO datetimes, arithmetic,
// components) and duration.cpp (ISO durations, duration arithmetic and components).
#pragma once

#include <caspian/value.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace caspian {

inline constexpr std::int64_t micros_per_day = 86'400'000'000;
inline constexpr std::int64_t nanos_per_second = 1'000'000'000;

// a / b rounded toward negative infinity (b != 0).
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// ---- Calendar (date.cpp) --------------------------------------------------------------------
// The number of days of month (1-12) in year, proleptic Gregorian.
unsigned days_in_month(std::int64_t year, unsigned month) noexcept;
// Days since 1970-01-01 of a valid year, month and day (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept;
// True when days fits Date's 32 bits: about 5.8 million years either side of 1970.
bool fits_date(std::int64_t days) noexcept;
// The same day `months` later, clamped to the last day of a shorter month (Jan 31 + 1 month is
// Feb 28 or 29). Error{Type, "duration out of range"} when the result leaves Date.
std::int64_t add_months(std::int64_t days, std::int64_t months);
// A non-empty run of decimal digits (no sign) as an int; false otherwise. For the ISO parsers.
bool parse_digits(std::string_view s, int& out) noexcept;
// x + y and x * y, or Error{Type, "duration out of range"} on int64 overflow. (duration.cpp)
std::int64_t checked_add(std::int64_t x, std::int64_t y);
std::int64_t checked_mul(std::int64_t x, std::int64_t y);

// ---- Arithmetic -----------------------------------------------------------------------------
// Every function below throws only Error{Type}: "duration out of range", or a date outside the
// range of Date/DateTime.

// a + b, a - b, a * b, a / b when a duration is involved: date or datetime +/- duration (months
// first, the day clamped to the month's last, then days, then time; a date drops the time part
// below a whole day), duration + date, duration +/- duration (component-wise), duration * number,
// number * duration, duration / number (fractions cascade as in make_duration). std::nullopt
// when the operand kinds are not such a pair (the caller reports the mismatch). Nulls are the
// caller's. (duration.cpp)
std::optional<Value> temporal_arithmetic(char op, const Value& a, const Value& b);
Duration negate_duration(const Duration& d);
// A date or datetime plus a duration, as temporal_arithmetic's '+'. (datetime.cpp)
Value plus_duration(const Value& t, const Duration& d);

// duration.between(from, to) for dates and datetimes (a date counts as its midnight): whole
// months first (the same day of the month and time of day or later), then whole days, then
// seconds; to before from gives the negation of between(to, from). kind selects the forms
// inMonths (months only), inDays (whole days only) and inSeconds (seconds only). (datetime.cpp)
enum class BetweenKind { All, Months, Days, Seconds };
Duration duration_between(const Value& from, const Value& to, BetweenKind kind);

// ---- Components -----------------------------------------------------------------------------
// The day of a datetime (UTC).
Date date_of(DateTime t) noexcept;

// d.name: years, quarters, months, weeks, days, hours, minutes, seconds, milliseconds,
// microseconds, nanoseconds (each the whole duration's part in that unit, within its
// component: months, days or seconds), and monthsOfYear, monthsOfQuarter, quartersOfYear,
// daysOfWeek, minutesOfHour, secondsOfMinute, millisecondsOfSecond, microsecondsOfSecond,
// nanosecondsOfSecond. Error{Type} for another name. (duration.cpp)
Value duration_component(const Duration& d, std::string_view name);

// v.name for a date, datetime or duration (duration_component): year, month, day, quarter,
// dayOfWeek (ISO, Monday = 1), dayOfYear, ordinalDay, epochDays; datetimes add hour, minute,
// second, millisecond, microsecond, nanosecond, epochSeconds, epochMillis (UTC). Names are
// case-sensitive as property keys are. A null v gives null; another kind, or an unknown
// component, throws Error{Type}. (datetime.cpp)
Value temporal_component(const Value& v, std::string_view name);

}  // namespace caspian
