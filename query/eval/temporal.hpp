// Durations and date arithmetic (issue #6): the duration operators, duration.between and its
// inMonths/inDays/inSeconds forms, and duration components. Pure functions on caspian::Value,
// called by value_ops.cpp and functions.cpp; no graph access.
#pragma once

#include <caspian/value.hpp>

#include <optional>
#include <string_view>

namespace caspian::query {

// Every function throws only Error{Type}: "duration out of range", or a date outside the
// range of Date/DateTime.

// a + b, a - b, a * b, a / b when a duration is involved: date or datetime +/- duration (months
// first, the day clamped to the month's last, then days, then time; a date drops the time part
// below a whole day), duration + date, duration +/- duration (component-wise), duration * number,
// number * duration, duration / number (fractions cascade as in make_duration). std::nullopt
// when the operand kinds are not such a pair (the caller reports the mismatch). Nulls are the
// caller's.
std::optional<Value> temporal_arithmetic(char op, const Value& a, const Value& b);
Duration negate_duration(const Duration& d);

// duration.between(from, to) for dates and datetimes (a date counts as its midnight): whole
// months first (the same day of the month and time of day or later), then whole days, then
// seconds; to before from gives the negation of between(to, from). kind selects the forms
// inMonths (months only), inDays (whole days only) and inSeconds (seconds only).
enum class BetweenKind { All, Months, Days, Seconds };
Duration duration_between(const Value& from, const Value& to, BetweenKind kind);

// d.name: years, quarters, months, weeks, days, hours, minutes, seconds, milliseconds,
// microseconds, nanoseconds (each the whole duration's part in that unit, within its
// component: months, days or seconds), and monthsOfYear, monthsOfQuarter, quartersOfYear,
// daysOfWeek, minutesOfHour, secondsOfMinute, millisecondsOfSecond, microsecondsOfSecond,
// nanosecondsOfSecond. Error{Type} for another name.
Value duration_component(const Duration& d, std::string_view name);

}  // namespace caspian::query
