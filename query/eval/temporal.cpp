// Durations and date arithmetic on caspian::Value (see temporal.hpp). Dates are days since
// 1970-01-01 and datetimes microseconds since its midnight UTC, so time zones never enter.
#include "query/eval/temporal.hpp"

#include "query/eval/value_ops.hpp"

#include <caspian/error.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>

namespace caspian::query {

namespace {

constexpr std::int64_t micros_per_day = 86'400'000'000;
constexpr std::int64_t nanos_per_second = 1'000'000'000;

[[noreturn]] void out_of_range() {
    throw Error(ErrorKind::Type, "duration out of range");
}

std::int64_t add(std::int64_t x, std::int64_t y) {
    std::int64_t r;
    if (__builtin_add_overflow(x, y, &r)) out_of_range();
    return r;
}

std::int64_t mul(std::int64_t x, std::int64_t y) {
    std::int64_t r;
    if (__builtin_mul_overflow(x, y, &r)) out_of_range();
    return r;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

bool is_temporal(const Value& v) {
    return v.kind() == ValueKind::Date || v.kind() == ValueKind::DateTime;
}

bool is_number(const Value& v) {
    return v.kind() == ValueKind::Int || v.kind() == ValueKind::Float;
}

unsigned days_in_month(std::int64_t y, unsigned m) {
    static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

// The same day `months` later, clamped to the last day of a shorter month (Jan 31 + 1 month is
// Feb 28 or 29).
std::int64_t add_months(std::int64_t days, std::int64_t months) {
    if (months == 0) return days;
    if (days < std::numeric_limits<std::int32_t>::min() ||
        days > std::numeric_limits<std::int32_t>::max()) {
        out_of_range();
    }
    const YearMonthDay ymd = to_ymd(Date{static_cast<std::int32_t>(days)});
    const std::int64_t total = add(add(mul(ymd.year, 12), ymd.month - 1), months);
    const std::int64_t year = floor_div(total, 12);
    const auto month = static_cast<unsigned>(total - year * 12 + 1);
    if (year < -5'000'000 || year > 5'000'000) out_of_range();
    const unsigned day = std::min(ymd.day, days_in_month(year, month));
    return make_date(static_cast<int>(year), month, day).days;
}

Date to_date(std::int64_t days) {
    if (days < std::numeric_limits<std::int32_t>::min() ||
        days > std::numeric_limits<std::int32_t>::max()) {
        throw Error(ErrorKind::Type, "date out of range");
    }
    return Date{static_cast<std::int32_t>(days)};
}

Value plus_duration(const Value& t, const Duration& d) {
    if (t.kind() == ValueKind::Date) {
        std::int64_t days = add_months(t.as_date().days, d.months);
        days = add(days, d.days);
        // Only whole days of the time part count, rounded toward zero: PT36H adds one day.
        const std::int64_t secs = d.seconds < 0 && d.nanos > 0 ? d.seconds + 1 : d.seconds;
        return Value(to_date(add(days, secs / 86'400)));
    }
    const std::int64_t micros = t.as_datetime().micros;
    std::int64_t day = floor_div(micros, micros_per_day);
    const std::int64_t time_of_day = micros - day * micros_per_day;
    day = add(add_months(day, d.months), d.days);
    std::int64_t out = add(mul(day, micros_per_day), time_of_day);
    out = add(out, add(mul(d.seconds, 1'000'000), d.nanos / 1000));
    return Value(DateTime{out});
}

Duration sum(const Duration& a, const Duration& b) {
    Duration r;
    r.months = add(a.months, b.months);
    r.days = add(a.days, b.days);
    r.seconds = add(a.seconds, b.seconds);
    std::int64_t nanos = std::int64_t{a.nanos} + b.nanos;
    if (nanos >= nanos_per_second) {
        nanos -= nanos_per_second;
        r.seconds = add(r.seconds, 1);
    }
    r.nanos = static_cast<std::int32_t>(nanos);
    return r;
}

long double number_of(const Value& v) {
    return v.kind() == ValueKind::Int ? static_cast<long double>(v.as_int()) : v.as_float();
}

// Each component times (or divided by) x, fractions cascading down as in make_duration.
Duration scale(const Duration& d, long double x, bool divide) {
    if (divide && x == 0) throw Error(ErrorKind::Type, "division by zero");
    auto f = [&](long double v) { return divide ? v / x : v * x; };
    DurationUnits u;
    u.months = f(static_cast<long double>(d.months));
    u.days = f(static_cast<long double>(d.days));
    u.seconds = f(static_cast<long double>(d.seconds));
    u.nanoseconds = f(static_cast<long double>(d.nanos));
    return make_duration(u);
}

std::int64_t micros_of(const Value& v) {
    if (v.kind() == ValueKind::Date) return std::int64_t{v.as_date().days} * micros_per_day;
    return v.as_datetime().micros;
}

Duration from_micros(std::int64_t months, std::int64_t days, std::int64_t micros) {
    const std::int64_t seconds = floor_div(micros, 1'000'000);  // nanos stay non-negative
    return Duration{months, days, seconds,
                    static_cast<std::int32_t>((micros - seconds * 1'000'000) * 1000)};
}

}  // namespace

Duration negate_duration(const Duration& d) {
    if (d.months == std::numeric_limits<std::int64_t>::min() ||
        d.days == std::numeric_limits<std::int64_t>::min() ||
        d.seconds == std::numeric_limits<std::int64_t>::min()) {
        out_of_range();
    }
    if (d.nanos == 0) return Duration{-d.months, -d.days, -d.seconds, 0};
    return Duration{-d.months, -d.days, -d.seconds - 1,
                    static_cast<std::int32_t>(nanos_per_second - d.nanos)};
}

std::optional<Value> temporal_arithmetic(char op, const Value& a, const Value& b) {
    const bool ad = a.kind() == ValueKind::Duration, bd = b.kind() == ValueKind::Duration;
    if (!ad && !bd) return std::nullopt;
    switch (op) {
        case '+':
            if (ad && bd) return Value(sum(a.as_duration(), b.as_duration()));
            if (is_temporal(a)) return plus_duration(a, b.as_duration());
            if (is_temporal(b)) return plus_duration(b, a.as_duration());
            return std::nullopt;
        case '-':
            if (ad && bd) return Value(sum(a.as_duration(), negate_duration(b.as_duration())));
            if (is_temporal(a)) return plus_duration(a, negate_duration(b.as_duration()));
            return std::nullopt;
        case '*':
            if (ad && is_number(b)) return Value(scale(a.as_duration(), number_of(b), false));
            if (bd && is_number(a)) return Value(scale(b.as_duration(), number_of(a), false));
            return std::nullopt;
        case '/':
            if (ad && is_number(b)) return Value(scale(a.as_duration(), number_of(b), true));
            return std::nullopt;
        default:
            return std::nullopt;
    }
}

Duration duration_between(const Value& from, const Value& to, BetweenKind kind) {
    const std::int64_t a = micros_of(from), b = micros_of(to);
    std::int64_t span;
    if (__builtin_sub_overflow(b, a, &span)) out_of_range();
    if (kind == BetweenKind::Days) return Duration{0, span / micros_per_day, 0, 0};
    if (kind == BetweenKind::Seconds) return from_micros(0, 0, span);
    if (b < a) return negate_duration(duration_between(to, from, kind));
    const std::int64_t day_a = floor_div(a, micros_per_day), day_b = floor_div(b, micros_per_day);
    const std::int64_t time_a = a - day_a * micros_per_day, time_b = b - day_b * micros_per_day;
    const YearMonthDay ya = to_ymd(to_date(day_a)), yb = to_ymd(to_date(day_b));
    std::int64_t months =
        (std::int64_t{yb.year} * 12 + yb.month) - (std::int64_t{ya.year} * 12 + ya.month);
    // Not yet a whole month when `to` is earlier in its month than `from` was in its own.
    if (months > 0 && std::make_pair(yb.day, time_b) < std::make_pair(ya.day, time_a)) --months;
    if (kind == BetweenKind::Months) return Duration{months, 0, 0, 0};
    const std::int64_t middle = add_months(day_a, months) * micros_per_day + time_a;
    const std::int64_t rest = b - middle;
    return from_micros(months, rest / micros_per_day, rest % micros_per_day);
}

Value duration_component(const Duration& d, std::string_view name) {
    auto i64 = [](std::int64_t x) { return Value(x); };
    if (name == "years") return i64(d.months / 12);
    if (name == "quarters") return i64(d.months / 3);
    if (name == "months") return i64(d.months);
    if (name == "weeks") return i64(d.days / 7);
    if (name == "days") return i64(d.days);
    if (name == "hours") return i64(d.seconds / 3600);
    if (name == "minutes") return i64(d.seconds / 60);
    if (name == "seconds") return i64(d.seconds);
    if (name == "milliseconds") return i64(add(mul(d.seconds, 1000), d.nanos / 1'000'000));
    if (name == "microseconds") return i64(add(mul(d.seconds, 1'000'000), d.nanos / 1000));
    if (name == "nanoseconds") return i64(add(mul(d.seconds, nanos_per_second), d.nanos));
    if (name == "monthsOfYear") return i64(d.months % 12);
    if (name == "monthsOfQuarter") return i64(d.months % 3);
    if (name == "quartersOfYear") return i64(d.months / 3 % 4);
    if (name == "daysOfWeek") return i64(d.days % 7);
    if (name == "minutesOfHour") return i64(d.seconds / 60 % 60);
    if (name == "secondsOfMinute") return i64(d.seconds % 60);
    if (name == "millisecondsOfSecond") return i64(d.nanos / 1'000'000);
    if (name == "microsecondsOfSecond") return i64(d.nanos / 1000);
    if (name == "nanosecondsOfSecond") return i64(d.nanos);
    throw Error(ErrorKind::Type, "a duration has no component '" + std::string(name) + "'");
}

}  // namespace caspian::query
