// Datetimes and date arithmetic: ISO 8601 datetime text, a date or datetime plus a duration,
// duration.between, and the components of dates and datetimes. Dates are days since 1970-01-01
// and datetimes microseconds since its midnight UTC, so time zones never enter.
#include "value/literal.hpp"
#include "value/temporal.hpp"

#include <caspian/error.hpp>

#include <cstdio>
#include <limits>
#include <string>
#include <utility>

namespace caspian {

namespace {

Date to_date(std::int64_t days) {
    if (!fits_date(days)) throw Error(ErrorKind::Type, "date out of range");
    return Date{static_cast<std::int32_t>(days)};
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

std::string to_iso(DateTime t) {
    std::int64_t days = t.micros / micros_per_day;
    std::int64_t rest = t.micros % micros_per_day;
    if (rest < 0) {
        rest += micros_per_day;
        --days;
    }
    const std::int64_t secs = rest / 1'000'000, micros = rest % 1'000'000;
    char buf[64];
    std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d", int(secs / 3600), int(secs / 60 % 60),
                  int(secs % 60));
    std::string out = to_iso(Date{static_cast<std::int32_t>(days)}) + buf;
    if (micros != 0) {
        std::snprintf(buf, sizeof buf, ".%06d", int(micros));
        out += buf;
    }
    return out + "Z";
}

bool parse_datetime(std::string_view text, DateTime& out) noexcept {
    // DateTime's 64-bit microseconds reach about 292,000 years either side of 1970.
    constexpr std::int64_t max_days = std::numeric_limits<std::int64_t>::max() / micros_per_day - 2;
    const std::size_t t = text.find('T');
    Date date;
    if (!parse_date(text.substr(0, t), date)) return false;
    if (date.days > max_days || date.days < -max_days) return false;
    if (t == std::string_view::npos) {
        out = DateTime{std::int64_t{date.days} * micros_per_day};
        return true;
    }
    std::string_view time = text.substr(t + 1);
    std::int64_t offset_seconds = 0;
    if (!time.empty() && time.back() == 'Z') {
        time.remove_suffix(1);
    } else if (const std::size_t z = time.find_first_of("+-"); z != std::string_view::npos) {
        std::string_view zone = time.substr(z);
        time = time.substr(0, z);
        int zh = 0, zm = 0;
        if (zone.size() != 6 || zone[3] != ':' || !parse_digits(zone.substr(1, 2), zh) ||
            !parse_digits(zone.substr(4, 2), zm) || zh > 23 || zm > 59) {
            return false;
        }
        offset_seconds = (zone[0] == '-' ? -1 : 1) * (zh * 3600 + zm * 60);
    }
    int h = 0, m = 0, s = 0;
    std::int64_t micros = 0;
    if (time.size() < 5 || time[2] != ':' || !parse_digits(time.substr(0, 2), h) ||
        !parse_digits(time.substr(3, 2), m)) {
        return false;
    }
    if (time.size() > 5) {
        if (time.size() < 8 || time[5] != ':' || !parse_digits(time.substr(6, 2), s)) return false;
        if (time.size() > 8) {
            std::string_view frac = time.substr(9);
            if (time[8] != '.' || frac.empty() || frac.size() > 9) return false;
            for (std::size_t i = 0; i < 6; ++i) {
                const char c = i < frac.size() ? frac[i] : '0';
                if (c < '0' || c > '9') return false;
                micros = micros * 10 + (c - '0');
            }
            for (char c : frac) {
                if (c < '0' || c > '9') return false;
            }
        }
    }
    if (h > 23 || m > 59 || s > 59) return false;
    out = DateTime{std::int64_t{date.days} * micros_per_day +
                   ((h * 3600 + m * 60 + s) - offset_seconds) * 1'000'000 + micros};
    return true;
}

Date date_of(DateTime t) noexcept {
    return Date{static_cast<std::int32_t>(floor_div(t.micros, micros_per_day))};
}

Value plus_duration(const Value& t, const Duration& d) {
    if (t.kind() == ValueKind::Date) {
        std::int64_t days = add_months(t.as_date().days, d.months);
        days = checked_add(days, d.days);
        // Only whole days of the time part count, rounded toward zero: PT36H adds one day.
        const std::int64_t secs = d.seconds < 0 && d.nanos > 0 ? d.seconds + 1 : d.seconds;
        return Value(to_date(checked_add(days, secs / 86'400)));
    }
    const std::int64_t micros = t.as_datetime().micros;
    std::int64_t day = floor_div(micros, micros_per_day);
    const std::int64_t time_of_day = micros - day * micros_per_day;
    day = checked_add(add_months(day, d.months), d.days);
    std::int64_t out = checked_add(checked_mul(day, micros_per_day), time_of_day);
    out = checked_add(out, checked_add(checked_mul(d.seconds, 1'000'000), d.nanos / 1000));
    return Value(DateTime{out});
}

Duration duration_between(const Value& from, const Value& to, BetweenKind kind) {
    const std::int64_t a = micros_of(from), b = micros_of(to);
    std::int64_t span;
    if (__builtin_sub_overflow(b, a, &span)) throw Error(ErrorKind::Type, "duration out of range");
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

Value temporal_component(const Value& v, std::string_view name) {
    if (v.is_null()) return Value{};
    if (v.kind() == ValueKind::Duration) return duration_component(v.as_duration(), name);
    if (v.kind() != ValueKind::Date && v.kind() != ValueKind::DateTime) {
        throw Error(ErrorKind::Type, "cannot read the component '" + std::string(name) + "' of " +
                                         kind_with_article(v.kind()));
    }
    const bool is_datetime = v.kind() == ValueKind::DateTime;
    const Date date = is_datetime ? date_of(v.as_datetime()) : v.as_date();
    const YearMonthDay ymd = to_ymd(date);
    auto i64 = [](auto x) { return Value(static_cast<std::int64_t>(x)); };
    if (name == "year") return i64(ymd.year);
    if (name == "month") return i64(ymd.month);
    if (name == "day") return i64(ymd.day);
    if (name == "quarter") return i64((ymd.month - 1) / 3 + 1);
    if (name == "dayOfWeek") {  // 1970-01-01 was a Thursday (4)
        const std::int64_t m = (std::int64_t{date.days} + 3) % 7;
        return i64((m < 0 ? m + 7 : m) + 1);
    }
    if (name == "dayOfYear" || name == "ordinalDay") {
        return i64(date.days - make_date(ymd.year, 1, 1).days + 1);
    }
    if (name == "epochDays") return i64(date.days);
    if (is_datetime) {
        const std::int64_t micros = v.as_datetime().micros;
        const std::int64_t of_day = micros - std::int64_t{date.days} * micros_per_day;
        if (name == "hour") return i64(of_day / 3'600'000'000);
        if (name == "minute") return i64(of_day / 60'000'000 % 60);
        if (name == "second") return i64(of_day / 1'000'000 % 60);
        if (name == "millisecond") return i64(of_day / 1000 % 1000);
        if (name == "microsecond") return i64(of_day % 1'000'000);
        if (name == "nanosecond") return i64(of_day % 1'000'000 * 1000);
        if (name == "epochSeconds") return i64(floor_div(micros, 1'000'000));
        if (name == "epochMillis") return i64(floor_div(micros, 1000));
    }
    throw Error(ErrorKind::Type,
                kind_with_article(v.kind()) + " has no component '" + std::string(name) + "'");
}

}  // namespace caspian
