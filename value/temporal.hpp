// The temporal kinds beyond what include/caspian/value.hpp declares: the calendar (ISO weeks,
// quarters), offsets and IANA zones, arithmetic (issues #6, #16), duration.between and component
// access. Pure functions on caspian::Value; DuckDB keeps the same in common/types/.
// Implementation: date.cpp (calendar), time_of_day.cpp (times, offsets, ISO text of every kind),
// temporal_parse.cpp (ISO parsing), zone.cpp (the tz database), datetime.cpp (arithmetic,
// between), temporal_fields.cpp (components) and duration.cpp (durations).
#pragma once

#include <caspian/value.hpp>

#include <cstdint>
#include <optional>
#include <string_view>

namespace caspian {

inline constexpr std::int64_t micros_per_day = 86'400'000'000;
inline constexpr std::int64_t nanos_per_second = 1'000'000'000;
inline constexpr std::int64_t seconds_per_day = 86'400;
inline constexpr std::int64_t nanos_per_day = seconds_per_day * nanos_per_second;

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
// A Date from days since 1970-01-01, or Error{Type, "date out of range"}.
Date to_date(std::int64_t days);
// ISO 8601 day of the week, Monday = 1 .. Sunday = 7.
unsigned day_of_week(std::int64_t days) noexcept;
// The ISO week date of a day: week-based year, week 1-53, day of the week 1-7.
struct WeekDate {
    std::int64_t year;
    unsigned week;
    unsigned day;
};
WeekDate to_week_date(std::int64_t days) noexcept;
// Days of a week date, an ordinal date (day of the year 1-366) and a quarter date (day of the
// quarter 1-92); Error{Type} naming the field when it is out of range for that year.
std::int64_t days_from_week_date(std::int64_t year, std::int64_t week, std::int64_t day);
std::int64_t days_from_ordinal(std::int64_t year, std::int64_t day);
std::int64_t days_from_quarter(std::int64_t year, std::int64_t quarter, std::int64_t day);
// Days of year-month-day, or Error{Type} naming the invalid date.
std::int64_t days_from_ymd(std::int64_t year, std::int64_t month, std::int64_t day);
// A non-empty run of decimal digits (no sign) as an int; false otherwise. For the ISO parsers.
bool parse_digits(std::string_view s, int& out) noexcept;
// x + y and x * y, or Error{Type, "duration out of range"} on int64 overflow. (duration.cpp)
std::int64_t checked_add(std::int64_t x, std::int64_t y);
std::int64_t checked_mul(std::int64_t x, std::int64_t y);

// ---- Offsets, zones and local fields (zone.cpp, time_of_day.cpp) ----------------------------
// Z, +HH, +HHMM, +HH:MM or +HH:MM:SS within +-18:00, as seconds east of UTC.
bool parse_offset(std::string_view text, std::int32_t& seconds) noexcept;
// Z for zero, else +HH:MM, with :SS when the offset has seconds (a historical zone's +00:53:28).
std::string offset_text(std::int32_t seconds);
// HH:MM, then :SS when seconds or a fraction are not zero, the fraction in groups of three digits.
std::string time_of_day_text(std::int64_t nanos);
// True when the system's tz database knows the zone ("Europe/Stockholm").
bool is_zone_name(std::string_view name) noexcept;
// A zone given as text (an offset or an IANA name), as datetime({timezone: ..}) takes it:
// zone empty for a fixed offset. Error{Type} for text that is neither.
struct ZoneSpec {
    std::int32_t offset = 0;
    std::string zone;
};
ZoneSpec parse_zone(std::string_view text);
// The datetime at a wall clock time in a zone: a named zone resolves it with its rules of that
// time (a gap moves the clock forward by its length, an overlap takes the earlier offset, as
// java.time does); a fixed offset applies as given.
DateTime datetime_at_local(std::int64_t local_seconds, std::int32_t nanos, const ZoneSpec& zone);
// The datetime of an instant shown in a zone: a named zone's offset at that instant.
DateTime datetime_at_instant(std::int64_t utc_seconds, std::int32_t nanos, const ZoneSpec& zone);
// The zone a datetime was given in.
inline ZoneSpec zone_of(const DateTime& t) {
    return ZoneSpec{t.offset, t.zone};
}

// The fields every temporal value is made of: the local date (days since 1970-01-01), the local
// time of day in nanoseconds, and the zone. has_* say which the kind carries.
struct TemporalFields {
    bool has_date = false, has_time = false, has_zone = false;
    std::int64_t days = 0;
    std::int64_t nanos = 0;
    ZoneSpec zone;
};
// The value of a temporal kind (date, localtime, time, localdatetime, datetime, duration) that
// its ISO 8601 text spells, as the parse_* functions read it; nullopt for malformed text or a
// kind that is not temporal. The one switch from a kind to its parser.
std::optional<Value> parse_temporal(ValueKind kind, std::string_view text);
// The temporal kinds, in the order a reader that guesses a kind from text tries them.
inline constexpr ValueKind temporal_kinds[] = {ValueKind::Date,     ValueKind::LocalTime,
                                               ValueKind::Time,     ValueKind::LocalDateTime,
                                               ValueKind::DateTime, ValueKind::Duration};

TemporalFields fields_of(const Value& v);
// The value of kind `kind` with those fields (a missing date is 1970-01-01, a missing time
// midnight, a missing zone UTC). Error{Type} when the date leaves the range of Date.
Value temporal_from_fields(ValueKind kind, const TemporalFields& f);

// -1, 0 or 1 as a comes before, with or after b, two values of the same temporal kind other
// than duration: datetimes and times by the instant they denote (the zone does not count), the
// local kinds by their wall clock.
int temporal_order(const Value& a, const Value& b) noexcept;

// ---- Arithmetic -----------------------------------------------------------------------------
// Every function below throws only Error{Type}: "duration out of range", or a date outside the
// range of Date/DateTime.

// a + b, a - b, a * b, a / b when a duration is involved: a temporal value +/- duration (months
// first, the day clamped to the month's last, then days, then time; a date drops the time part
// below a whole day, a time its months and days, wrapping around midnight), duration + temporal,
// duration +/- duration (component-wise), duration * number, number * duration, duration / number
// (fractions cascade as in make_duration). std::nullopt when the operand kinds are not such a pair
// (the caller reports the mismatch). Nulls are the caller's. (duration.cpp)
std::optional<Value> temporal_arithmetic(char op, const Value& a, const Value& b);
Duration negate_duration(const Duration& d);
// A temporal value plus a duration, as temporal_arithmetic's '+'. (datetime.cpp)
Value plus_duration(const Value& t, const Duration& d);

// duration.between(from, to) for any two temporal values (a date counts as its midnight, a time
// takes the other side's date, a value without a zone the other's zone): whole months first (the
// same day of the month and time of day or later), then whole days, then seconds, months and
// days only when both sides have a date; to before from gives negative parts. kind selects the
// forms inMonths (months only), inDays (whole days only) and inSeconds (seconds only).
// (datetime.cpp)
enum class BetweenKind { All, Months, Days, Seconds };
Duration duration_between(const Value& from, const Value& to, BetweenKind kind);

// ---- Components -----------------------------------------------------------------------------
// The local day of a datetime (in its own zone).
Date date_of(const DateTime& t) noexcept;

// date.truncate(unit, t, overrides) and the like for kind: t cut down to the start of unit
// (millennium, century, decade, year, weekYear, quarter, month, week, day, hour, minute, second,
// millisecond, microsecond), then the overrides map's fields set as the constructors read them
// (temporal_fields.cpp's callers do that: here only the cut). Error{Type} for an unknown unit
// or one finer than t carries for a date.
TemporalFields truncate_fields(const TemporalFields& f, std::string_view unit);

// d.name: years, quarters, months, weeks, days, hours, minutes, seconds, milliseconds,
// microseconds, nanoseconds (each the whole duration's part in that unit, within its
// component: months, days or seconds), and monthsOfYear, monthsOfQuarter, quartersOfYear,
// daysOfWeek, minutesOfHour, secondsOfMinute, millisecondsOfSecond, microsecondsOfSecond,
// nanosecondsOfSecond. Error{Type} for another name. (duration.cpp)
Value duration_component(const Duration& d, std::string_view name);

// v.name for a temporal value or a duration (duration_component): year, month, day, quarter,
// week, weekYear, weekDay/dayOfWeek (ISO, Monday = 1), dayOfQuarter, ordinalDay/dayOfYear,
// epochDays for the kinds with a date; hour, minute, second, millisecond, microsecond,
// nanosecond for those with a time; timezone, offset, offsetMinutes, offsetSeconds for those
// with a zone; epochSeconds and epochMillis for datetimes. Names are case-sensitive as property
// keys are. A null v gives null; another kind, or an unknown component, throws Error{Type}.
// (temporal_fields.cpp)
Value temporal_component(const Value& v, std::string_view name);

}  // namespace caspian
