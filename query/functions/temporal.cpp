// Temporal functions: date, datetime and duration from a string, a map or another temporal value
// (no argument reads the clock), and duration.between and its inMonths/inDays/inSeconds forms.
// The calendar and the arithmetic are value/temporal.hpp's.
#include "query/functions/scalar.hpp"

#include "value/temporal.hpp"

#include <chrono>
#include <iterator>
#include <utility>

namespace caspian::query {

namespace {

std::int64_t map_int(const Properties& m, std::string_view fn, std::string_view key,
                     std::int64_t fallback, bool required) {
    const Value* v = find_property(m, key);
    if (v == nullptr || v->is_null()) {
        if (required) {
            type_error("function '" + std::string(fn) + "' expects a map with the key '" +
                       std::string(key) + "'");
        }
        return fallback;
    }
    if (v->kind() != ValueKind::Int) {
        type_error("function '" + std::string(fn) + "' expects '" + std::string(key) +
                   "' to be an integer, not " + kind_with_article(v->kind()));
    }
    return v->as_int();
}

Date date_from_map(std::string_view fn, const Properties& m) {
    const std::int64_t y = map_int(m, fn, "year", 0, true);
    const std::int64_t mo = map_int(m, fn, "month", 1, false);
    const std::int64_t d = map_int(m, fn, "day", 1, false);
    if (y < -999'999 || y > 999'999 || mo < 1 || mo > 12 || d < 1 || d > 31) {
        type_error("function '" + std::string(fn) + "' got an invalid date");
    }
    return make_date(static_cast<int>(y), static_cast<unsigned>(mo), static_cast<unsigned>(d));
}

DateTime now() {
    const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
    return DateTime{std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count()};
}

Value fn_date(Args args) {
    if (args.empty()) return Value(date_of(now()));
    const Value& v = args[0];
    switch (v.kind()) {
        case ValueKind::Null:
            return Value{};
        case ValueKind::Date:
            return v;
        case ValueKind::DateTime:
            return Value(date_of(v.as_datetime()));
        case ValueKind::String: {
            Date d;
            if (!parse_date(v.as_string(), d)) {
                type_error("function 'date' cannot parse '" + v.as_string() + "' as a date");
            }
            return Value(d);
        }
        case ValueKind::Map:
            return Value(date_from_map("date", v.as_map().entries));
        default:
            bad_kind("date", "a string, a map or a temporal value", v);
    }
}

Value fn_datetime(Args args) {
    if (args.empty()) return Value(now());
    const Value& v = args[0];
    switch (v.kind()) {
        case ValueKind::Null:
            return Value{};
        case ValueKind::DateTime:
            return v;
        case ValueKind::Date:
            return Value(DateTime{std::int64_t{v.as_date().days} * micros_per_day});
        case ValueKind::String: {
            DateTime t;
            if (!parse_datetime(v.as_string(), t)) {
                type_error("function 'datetime' cannot parse '" + v.as_string() +
                           "' as a datetime");
            }
            return Value(t);
        }
        case ValueKind::Map: {
            const Properties& m = v.as_map().entries;
            const Date d = date_from_map("datetime", m);
            const std::int64_t h = map_int(m, "datetime", "hour", 0, false);
            const std::int64_t mi = map_int(m, "datetime", "minute", 0, false);
            const std::int64_t s = map_int(m, "datetime", "second", 0, false);
            const std::int64_t ms = map_int(m, "datetime", "millisecond", 0, false);
            const std::int64_t us = map_int(m, "datetime", "microsecond", 0, false);
            if (h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 || ms < 0 || ms > 999 ||
                us < 0 || us > 999) {
                type_error("function 'datetime' got an invalid time of day");
            }
            const std::int64_t micros = ((h * 60 + mi) * 60 + s) * 1'000'000 + ms * 1000 + us;
            return Value(DateTime{std::int64_t{d.days} * micros_per_day + micros});
        }
        default:
            bad_kind("datetime", "a string, a map or a temporal value", v);
    }
}

Duration duration_from_map(const Properties& m) {
    static constexpr std::pair<std::string_view, long double DurationUnits::*> units[] = {
        {"years", &DurationUnits::years},
        {"quarters", &DurationUnits::quarters},
        {"months", &DurationUnits::months},
        {"weeks", &DurationUnits::weeks},
        {"days", &DurationUnits::days},
        {"hours", &DurationUnits::hours},
        {"minutes", &DurationUnits::minutes},
        {"seconds", &DurationUnits::seconds},
        {"milliseconds", &DurationUnits::milliseconds},
        {"microseconds", &DurationUnits::microseconds},
        {"nanoseconds", &DurationUnits::nanoseconds},
    };
    DurationUnits u;
    for (const auto& [key, value] : m) {
        const auto* unit = std::find_if(std::begin(units), std::end(units),
                                        [&k = key](const auto& entry) { return entry.first == k; });
        if (unit == std::end(units)) {
            type_error("function 'duration' got the unknown key '" + key +
                       "' (expected years, quarters, months, weeks, days, hours, minutes, "
                       "seconds, milliseconds, microseconds or nanoseconds)");
        }
        if (value.is_null()) continue;
        if (!is_number(value)) {
            type_error("function 'duration' expects '" + key + "' to be a number, not " +
                       kind_with_article(value.kind()));
        }
        u.*(unit->second) = value.kind() == ValueKind::Int
                                ? static_cast<long double>(value.as_int())
                                : static_cast<long double>(value.as_float());
    }
    return make_duration(u);
}

Value fn_duration(Args args) {
    const Value& v = args[0];
    switch (v.kind()) {
        case ValueKind::Null:
            return Value{};
        case ValueKind::Duration:
            return v;
        case ValueKind::String: {
            Duration d;
            if (!parse_duration(v.as_string(), d)) {
                type_error("function 'duration' cannot parse '" + v.as_string() +
                           "' as an ISO 8601 duration such as 'P1Y2M3DT4H'");
            }
            return Value(d);
        }
        case ValueKind::Map:
            return Value(duration_from_map(v.as_map().entries));
        default:
            bad_kind("duration", "a string, a map or a duration", v);
    }
}

template <BetweenKind kind>
Value fn_duration_between(Args args) {
    if (any_null(args)) return Value{};
    static constexpr const char* names[] = {"duration.between", "duration.inMonths",
                                            "duration.inDays", "duration.inSeconds"};
    for (const Value& v : args) {
        if (v.kind() != ValueKind::Date && v.kind() != ValueKind::DateTime) {
            bad_kind(names[static_cast<int>(kind)], "dates or datetimes", v);
        }
    }
    return Value(duration_between(args[0], args[1], kind));
}

}  // namespace

std::span<const FunctionInfo> temporal_functions() {
    static const FunctionInfo table[] = {
        // With no argument they read the clock; with one they are deterministic, but the planner
        // cannot tell from the entry alone, so both are marked non-deterministic.
        {"date", 0, 1, false, fn_date, false},
        {"datetime", 0, 1, false, fn_datetime, false},
        {"duration", 1, 1, false, fn_duration},
        {"duration.between", 2, 2, false, fn_duration_between<BetweenKind::All>},
        {"duration.inMonths", 2, 2, false, fn_duration_between<BetweenKind::Months>},
        {"duration.inDays", 2, 2, false, fn_duration_between<BetweenKind::Days>},
        {"duration.inSeconds", 2, 2, false, fn_duration_between<BetweenKind::Seconds>},
    };
    return table;
}

}  // namespace caspian::query
