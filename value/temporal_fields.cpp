// Components of temporal values (d.year, t.offsetMinutes, ...) and truncation to a unit, both
// on the local fields fields_of gives (a datetime's fields are those of its own zone).
#include "value/literal.hpp"
#include "value/temporal.hpp"

#include <caspian/error.hpp>

#include <string>

namespace caspian {

namespace {

Value i64(std::int64_t x) {
    return Value(x);
}

[[noreturn]] void no_component(const Value& v, std::string_view name) {
    throw Error(ErrorKind::Type,
                kind_with_article(v.kind()) + " has no component '" + std::string(name) + "'");
}

std::int64_t first_of_year_days(std::int64_t year) {
    return days_from_civil(year, 1, 1);
}

}  // namespace

Value temporal_component(const Value& v, std::string_view name) {
    if (v.is_null()) return Value{};
    if (v.kind() == ValueKind::Duration) return duration_component(v.as_duration(), name);
    if (!is_temporal(v.kind())) {
        throw Error(ErrorKind::Type, "cannot read the component '" + std::string(name) + "' of " +
                                         kind_with_article(v.kind()));
    }
    const TemporalFields f = fields_of(v);
    if (f.has_date) {
        const YearMonthDay ymd = to_ymd(Date{static_cast<std::int32_t>(f.days)});
        const unsigned quarter = (ymd.month - 1) / 3 + 1;
        if (name == "year") return i64(ymd.year);
        if (name == "month") return i64(ymd.month);
        if (name == "day") return i64(ymd.day);
        if (name == "quarter") return i64(quarter);
        if (name == "dayOfWeek" || name == "weekDay") return i64(day_of_week(f.days));
        if (name == "week") return i64(to_week_date(f.days).week);
        if (name == "weekYear") return i64(to_week_date(f.days).year);
        if (name == "dayOfYear" || name == "ordinalDay") {
            return i64(f.days - first_of_year_days(ymd.year) + 1);
        }
        if (name == "dayOfQuarter") {
            return i64(f.days - days_from_civil(ymd.year, quarter * 3 - 2, 1) + 1);
        }
        if (name == "epochDays") return i64(f.days);
    }
    if (f.has_time) {
        const std::int64_t n = f.nanos, sub = n % nanos_per_second;
        if (name == "hour") return i64(n / (3600 * nanos_per_second));
        if (name == "minute") return i64(n / (60 * nanos_per_second) % 60);
        if (name == "second") return i64(n / nanos_per_second % 60);
        if (name == "millisecond") return i64(sub / 1'000'000);
        if (name == "microsecond") return i64(sub / 1000);
        if (name == "nanosecond") return i64(sub);
    }
    if (f.has_zone) {
        if (name == "timezone") {
            return Value(f.zone.zone.empty() ? offset_text(f.zone.offset) : f.zone.zone);
        }
        if (name == "offset") return Value(offset_text(f.zone.offset));
        if (name == "offsetMinutes") return i64(f.zone.offset / 60);
        if (name == "offsetSeconds") return i64(f.zone.offset);
    }
    if (v.kind() == ValueKind::DateTime) {
        const DateTime& t = v.as_datetime();
        if (name == "epochSeconds") return i64(t.seconds);
        if (name == "epochMillis") {
            return i64(checked_add(checked_mul(t.seconds, 1000), t.nanos / 1'000'000));
        }
    }
    no_component(v, name);
}

TemporalFields truncate_fields(const TemporalFields& f, std::string_view unit) {
    TemporalFields out = f;
    const YearMonthDay ymd = to_ymd(Date{static_cast<std::int32_t>(f.days)});
    auto date_unit = [&](std::int64_t days) {
        if (!f.has_date) {
            throw Error(ErrorKind::Type, "cannot truncate a value without a date to the unit '" +
                                             std::string(unit) + "'");
        }
        out.days = days;
        out.nanos = 0;
    };
    auto year_multiple = [&](std::int64_t n) {
        date_unit(first_of_year_days(floor_div(ymd.year, n) * n));
    };
    auto time_unit = [&](std::int64_t nanos) { out.nanos = f.nanos / nanos * nanos; };
    if (unit == "millennium") {
        year_multiple(1000);
    } else if (unit == "century") {
        year_multiple(100);
    } else if (unit == "decade") {
        year_multiple(10);
    } else if (unit == "year") {
        year_multiple(1);
    } else if (unit == "weekYear") {
        date_unit(days_from_week_date(to_week_date(f.days).year, 1, 1));
    } else if (unit == "quarter") {
        date_unit(days_from_civil(ymd.year, (ymd.month - 1) / 3 * 3 + 1, 1));
    } else if (unit == "month") {
        date_unit(days_from_civil(ymd.year, ymd.month, 1));
    } else if (unit == "week") {
        date_unit(f.days - (day_of_week(f.days) - 1));
    } else if (unit == "day") {
        if (f.has_date) date_unit(f.days);
        out.nanos = 0;
    } else if (unit == "hour") {
        time_unit(3600 * nanos_per_second);
    } else if (unit == "minute") {
        time_unit(60 * nanos_per_second);
    } else if (unit == "second") {
        time_unit(nanos_per_second);
    } else if (unit == "millisecond") {
        time_unit(1'000'000);
    } else if (unit == "microsecond") {
        time_unit(1000);
    } else {
        throw Error(ErrorKind::Type, "unknown truncation unit '" + std::string(unit) + "'");
    }
    return out;
}

}  // namespace caspian
