// Durations (issue #6): building one from unit amounts, ISO 8601 duration text, duration
// arithmetic (with dates and datetimes through plus_duration) and components.
#include "value/temporal.hpp"

#include <caspian/error.hpp>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

namespace caspian {

namespace {

[[noreturn]] void out_of_range() {
    throw Error(ErrorKind::Type, "duration out of range");
}

// A temporal value a duration can move: every temporal kind but the duration itself.
bool is_instant(const Value& v) {
    return is_temporal(v.kind()) && v.kind() != ValueKind::Duration;
}

bool is_number(const Value& v) {
    return v.kind() == ValueKind::Int || v.kind() == ValueKind::Float;
}

Duration sum(const Duration& a, const Duration& b) {
    Duration r;
    r.months = checked_add(a.months, b.months);
    r.days = checked_add(a.days, b.days);
    r.seconds = checked_add(a.seconds, b.seconds);
    std::int64_t nanos = std::int64_t{a.nanos} + b.nanos;
    if (nanos >= nanos_per_second) {
        nanos -= nanos_per_second;
        r.seconds = checked_add(r.seconds, 1);
    }
    r.nanos = static_cast<std::int32_t>(nanos);
    return r;
}

long double number_of(const Value& v) {
    return v.kind() == ValueKind::Int ? static_cast<long double>(v.as_int()) : v.as_float();
}

// Each component times (or divided by) x, fractions cascading down as in make_duration.
Duration scale(const Duration& d, long double x, bool divide) {
    if (divide && x == 0) {
        throw Error(ErrorKind::Type, ErrorClass::ArithmeticError, "DivisionByZero",
                    "division by zero");
    }
    auto f = [&](long double v) { return divide ? v / x : v * x; };
    DurationUnits u;
    u.months = f(static_cast<long double>(d.months));
    u.days = f(static_cast<long double>(d.days));
    u.seconds = f(static_cast<long double>(d.seconds));
    u.nanoseconds = f(static_cast<long double>(d.nanos));
    return make_duration(u);
}

}  // namespace

std::int64_t checked_add(std::int64_t x, std::int64_t y) {
    std::int64_t r;
    if (__builtin_add_overflow(x, y, &r)) out_of_range();
    return r;
}

std::int64_t checked_mul(std::int64_t x, std::int64_t y) {
    std::int64_t r;
    if (__builtin_mul_overflow(x, y, &r)) out_of_range();
    return r;
}

Duration make_duration(const DurationUnits& u) {
    // Whole parts add up exactly in int64; only the fractions go through floating point, so a
    // large amount keeps its nanoseconds.
    auto whole = [&](long double x) {
        if (!std::isfinite(x) || std::fabs(x) >= 9.2e18L) out_of_range();  // 2^63 is 9.22e18
        return static_cast<std::int64_t>(std::trunc(x));
    };
    auto frac = [](long double x) { return x - std::trunc(x); };
    const auto add = checked_add;
    const auto mul = checked_mul;
    std::int64_t months =
        add(add(mul(whole(u.years), 12), mul(whole(u.quarters), 3)), whole(u.months));
    long double fm = frac(u.years) * 12 + frac(u.quarters) * 3 + frac(u.months);
    months = add(months, whole(fm));
    fm = frac(fm);
    std::int64_t days = add(mul(whole(u.weeks), 7), whole(u.days));
    long double fd = frac(u.weeks) * 7 + frac(u.days) + fm * 30.436875L;
    days = add(days, whole(fd));
    fd = frac(fd);
    std::int64_t seconds =
        add(add(mul(whole(u.hours), 3600), mul(whole(u.minutes), 60)), whole(u.seconds));
    long double fs = frac(u.hours) * 3600 + frac(u.minutes) * 60 + frac(u.seconds) + fd * 86400;
    auto sub_second = [&](long double x, std::int64_t per_second) {
        const std::int64_t w = whole(x);
        seconds = add(seconds, w / per_second);
        fs += static_cast<long double>(w % per_second) / per_second + frac(x) / per_second;
    };
    sub_second(u.milliseconds, 1000);
    sub_second(u.microseconds, 1'000'000);
    sub_second(u.nanoseconds, 1'000'000'000);
    seconds = add(seconds, whole(fs));
    auto nanos = static_cast<std::int64_t>(std::round(frac(fs) * 1e9L));
    if (nanos < 0) {
        nanos += 1'000'000'000;
        seconds = add(seconds, -1);
    } else if (nanos >= 1'000'000'000) {
        nanos -= 1'000'000'000;
        seconds = add(seconds, 1);
    }
    return Duration{months, days, seconds, static_cast<std::int32_t>(nanos)};
}

std::string to_iso(const Duration& d) {
    std::string out = "P";
    if (const std::int64_t years = d.months / 12; years != 0) out += std::to_string(years) + "Y";
    if (const std::int64_t months = d.months % 12; months != 0) {
        out += std::to_string(months) + "M";
    }
    if (d.days != 0) out += std::to_string(d.days) + "D";
    // The time part as a sign and a magnitude: seconds + nanos may be negative as a whole.
    const bool negative = d.seconds < 0;
    std::uint64_t secs = static_cast<std::uint64_t>(d.seconds);
    std::uint32_t nanos = static_cast<std::uint32_t>(d.nanos);
    if (negative) {
        secs = std::uint64_t{0} - secs;  // modulo 2^64: exact even for INT64_MIN
        if (nanos != 0) {
            --secs;
            nanos = 1'000'000'000 - nanos;
        }
    }
    const char* sign = negative ? "-" : "";
    auto decimal = [](std::uint64_t x) { return std::to_string(x); };
    std::string time;
    if (secs / 3600 != 0) time += sign + decimal(secs / 3600) + "H";
    if (secs / 60 % 60 != 0) time += sign + decimal(secs / 60 % 60) + "M";
    if (secs % 60 != 0 || nanos != 0) {
        time += sign + decimal(secs % 60);
        if (nanos != 0) {
            char buf[16];
            std::snprintf(buf, sizeof buf, ".%09u", nanos);
            std::string frac = buf;
            frac.erase(frac.find_last_not_of('0') + 1);
            time += frac;
        }
        time += "S";
    }
    if (!time.empty()) out += "T" + time;
    return out == "P" ? "PT0S" : out;
}

namespace {

// ISO 8601's alternative form PYYYY-MM-DDTHH:MM:SS[.f]: the amounts written as a datetime.
bool parse_alternative_duration(std::string_view text, Duration& out) noexcept {
    if (text.size() < 20 || text[0] != 'P' || text[5] != '-' || text[8] != '-' || text[11] != 'T' ||
        text[14] != ':' || text[17] != ':') {
        return false;
    }
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (!parse_digits(text.substr(1, 4), y) || !parse_digits(text.substr(6, 2), mo) ||
        !parse_digits(text.substr(9, 2), d) || !parse_digits(text.substr(12, 2), h) ||
        !parse_digits(text.substr(15, 2), mi) || !parse_digits(text.substr(18, 2), s)) {
        return false;
    }
    long double fraction = 0;
    if (text.size() > 20) {
        const std::string_view f = text.substr(21);
        int ignored = 0;
        if (text[20] != '.' || f.empty() || f.size() > 9 || !parse_digits(f, ignored)) return false;
        fraction = std::strtold(("0." + std::string(f)).c_str(), nullptr);
    }
    if (mo > 12 || d > 31 || h > 23 || mi > 59 || s > 59) return false;
    DurationUnits u;
    u.years = y;
    u.months = mo;
    u.days = d;
    u.hours = h;
    u.minutes = mi;
    u.seconds = s + fraction;
    out = make_duration(u);
    return true;
}

}  // namespace

bool parse_duration(std::string_view text, Duration& out) noexcept {
    if (parse_alternative_duration(text, out)) return true;
    bool negate = false;
    if (!text.empty() && text.front() == '-') {
        negate = true;
        text.remove_prefix(1);
    }
    if (text.empty() || (text.front() != 'P' && text.front() != 'p')) return false;
    text.remove_prefix(1);
    DurationUnits u;
    bool in_time = false, any = false;
    const std::string date_units = "YMWD", time_units = "HMS";
    std::size_t last_unit = 0;  // units must come in order, each at most once
    while (!text.empty()) {
        if (text.front() == 'T' || text.front() == 't') {
            if (in_time) return false;
            in_time = true;
            last_unit = 0;
            text.remove_prefix(1);
            if (text.empty()) return false;
            continue;
        }
        std::size_t i = 0;
        if (text[i] == '+' || text[i] == '-') ++i;
        const std::size_t digits_from = i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9')
            ++i;
        bool digits = i > digits_from;
        if (i < text.size() && (text[i] == '.' || text[i] == ',')) {
            const std::size_t frac_from = ++i;
            while (i < text.size() && text[i] >= '0' && text[i] <= '9')
                ++i;
            digits = digits || i > frac_from;
        }
        if (!digits || i >= text.size()) return false;
        std::string number(text.substr(0, i));
        for (char& c : number) {
            if (c == ',') c = '.';
        }
        const char unit = static_cast<char>(std::toupper(static_cast<unsigned char>(text[i])));
        const std::string& units = in_time ? time_units : date_units;
        const std::size_t rank = units.find(unit);
        if (rank == std::string::npos || rank + 1 <= last_unit) return false;
        last_unit = rank + 1;
        const long double amount = std::strtold(number.c_str(), nullptr);
        if (!in_time) {
            (unit == 'Y'   ? u.years
             : unit == 'M' ? u.months
             : unit == 'W' ? u.weeks
                           : u.days) = amount;
        } else {
            (unit == 'H' ? u.hours : unit == 'M' ? u.minutes : u.seconds) = amount;
        }
        any = true;
        text.remove_prefix(i + 1);
    }
    if (!any) return false;
    if (negate) {
        for (long double* x :
             {&u.years, &u.months, &u.weeks, &u.days, &u.hours, &u.minutes, &u.seconds}) {
            *x = -*x;
        }
    }
    try {
        out = make_duration(u);
    } catch (const Error&) {
        return false;
    }
    return true;
}

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
            if (is_instant(a)) return plus_duration(a, b.as_duration());
            if (is_instant(b)) return plus_duration(b, a.as_duration());
            return std::nullopt;
        case '-':
            if (ad && bd) return Value(sum(a.as_duration(), negate_duration(b.as_duration())));
            if (is_instant(a)) return plus_duration(a, negate_duration(b.as_duration()));
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
    if (name == "milliseconds") {
        return i64(checked_add(checked_mul(d.seconds, 1000), d.nanos / 1'000'000));
    }
    if (name == "microseconds") {
        return i64(checked_add(checked_mul(d.seconds, 1'000'000), d.nanos / 1000));
    }
    if (name == "nanoseconds") {
        return i64(checked_add(checked_mul(d.seconds, nanos_per_second), d.nanos));
    }
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

}  // namespace caspian
