// Temporal functions: date, localtime, time, localdatetime, datetime and duration from a string,
// a map or another temporal value (no argument, or the .transaction/.statement/.realtime forms,
// read the clock), *.truncate, datetime.fromepoch/fromepochmillis, and duration.between and its
// inMonths/inDays/inSeconds forms. Maps are temporal_build.cpp's, the calendar value/'s.
#include "query/functions/scalar.hpp"
#include "query/functions/temporal_build.hpp"

#include "value/temporal.hpp"

#include <chrono>
#include <iterator>
#include <optional>
#include <string>
#include <utility>

namespace caspian::query {

namespace {

// The statement's reading of the clock, per thread: read at the statement's first use of it
// (start_statement_clock forgets the last one), so statements that never ask pay nothing.
thread_local std::optional<DateTime> statement_now;

DateTime real_now() {
    const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
    const auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count();
    const std::int64_t seconds = floor_div(nanos, nanos_per_second);
    return DateTime{seconds, static_cast<std::int32_t>(nanos - seconds * nanos_per_second), 0, {}};
}

DateTime now() {
    if (!statement_now) statement_now = real_now();
    return *statement_now;
}

// The current time as kind, in the zone given as text (UTC without one).
Value current(ValueKind kind, const Value* zone, bool realtime = false) {
    DateTime t = realtime ? real_now() : now();
    if (zone != nullptr && !zone->is_null()) {
        if (zone->kind() != ValueKind::String)
            bad_kind(kind_function(kind), "a time zone string", *zone);
        t = datetime_at_instant(t.seconds, t.nanos, parse_zone(zone->as_string()));
    }
    return temporal_from_fields(kind, fields_of(Value(std::move(t))));
}

bool parse_as(ValueKind kind, const std::string& text, Value& out) {
    std::optional<Value> v = parse_temporal(kind, text);
    if (!v) return false;
    out = std::move(*v);
    return true;
}

// date(x), localtime(x), time(x), localdatetime(x), datetime(x): x a string, a map or another
// temporal value (converted: its missing fields at their defaults, a zone dropped or UTC added).
template <ValueKind kind>
Value fn_construct(Args args) {
    const char* fn = kind_function(kind);
    if (args.empty()) return current(kind, nullptr);
    const Value& v = args[0];
    switch (v.kind()) {
        case ValueKind::Null:
            return Value{};
        case ValueKind::String: {
            Value out;
            if (!parse_as(kind, v.as_string(), out)) {
                argument_error("function '" + std::string(fn) + "' cannot parse '" + v.as_string() +
                                   "' as " + kind_with_article(kind),
                               "InvalidArgumentValue");
            }
            return out;
        }
        case ValueKind::Map: {
            const Properties& m = v.as_map().entries;
            // {timezone: 'Europe/Stockholm'} alone is the clock read in that zone.
            if (m.size() == 1 && m.front().first == "timezone") {
                return current(kind, &m.front().second);
            }
            return temporal_from_fields(kind, fields_from_map(kind, fn, m));
        }
        default:
            if (!is_temporal(v.kind()) || v.kind() == ValueKind::Duration) {
                bad_kind(fn, "a string, a map or a temporal value", v);
            }
            return temporal_from_fields(kind, fields_of(v));
    }
}

// date.transaction(), date.statement() (the statement's reading) and date.realtime() (the clock
// now), each with an optional time zone; a null zone gives null.
template <ValueKind kind, bool realtime>
Value fn_clock(Args args) {
    if (!args.empty() && args[0].is_null()) return Value{};
    return current(kind, args.empty() ? nullptr : &args[0], realtime);
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
                argument_error("function 'duration' cannot parse '" + v.as_string() +
                                   "' as an ISO 8601 duration such as 'P1Y2M3DT4H'",
                               "InvalidArgumentValue");
            }
            return Value(d);
        }
        case ValueKind::Map:
            return Value(duration_from_map(v.as_map().entries));
        default:
            bad_kind("duration", "a string, a map or a duration", v);
    }
}

// date.truncate(unit, t[, overrides]) and the like: t cut to the start of unit in its own
// fields, then the overrides set as a constructor's map sets them.
template <ValueKind kind>
Value fn_truncate(Args args) {
    if (args[0].is_null() || args[1].is_null()) return Value{};
    const std::string fn = std::string(kind_function(kind)) + ".truncate";
    const std::string& unit = string_arg(fn, args[0]);
    if (!is_temporal(args[1].kind()) || args[1].kind() == ValueKind::Duration) {
        bad_kind(fn, "a temporal value to truncate", args[1]);
    }
    TemporalFields f = truncate_fields(fields_of(args[1]), unit);
    if (args.size() > 2 && !args[2].is_null()) {
        if (args[2].kind() != ValueKind::Map) bad_kind(fn, "a map of fields", args[2]);
        // A timezone here relabels the truncated wall clock; it does not convert.
        f = override_fields(kind, fn, std::move(f), args[2].as_map().entries, false);
    }
    return temporal_from_fields(kind, f);
}

// datetime.fromepoch(seconds, nanoseconds) and datetime.fromepochmillis(ms), in UTC.
Value fn_from_epoch(Args args) {
    if (any_null(args)) return Value{};
    const std::int64_t seconds = integer("datetime.fromepoch", args[0]);
    const std::int64_t nanos = integer("datetime.fromepoch", args[1]);
    const std::int64_t carry = floor_div(nanos, nanos_per_second);
    return Value(DateTime{checked_add(seconds, carry),
                          static_cast<std::int32_t>(nanos - carry * nanos_per_second),
                          0,
                          {}});
}

Value fn_from_epoch_millis(Args args) {
    if (any_null(args)) return Value{};
    const std::int64_t ms = integer("datetime.fromepochmillis", args[0]);
    const std::int64_t seconds = floor_div(ms, 1000);
    to_date(floor_div(seconds, seconds_per_day));
    return Value(
        DateTime{seconds, static_cast<std::int32_t>((ms - seconds * 1000) * 1'000'000), 0, {}});
}

template <BetweenKind kind>
Value fn_duration_between(Args args) {
    if (any_null(args)) return Value{};
    static constexpr const char* names[] = {"duration.between", "duration.inMonths",
                                            "duration.inDays", "duration.inSeconds"};
    for (const Value& v : args) {
        if (!is_temporal(v.kind()) || v.kind() == ValueKind::Duration) {
            bad_kind(names[static_cast<int>(kind)], "temporal values", v);
        }
    }
    return Value(duration_between(args[0], args[1], kind));
}

}  // namespace

void start_statement_clock() noexcept {
    statement_now.reset();
}

DateTime statement_clock() {
    return now();
}

void share_statement_clock(const DateTime& t) noexcept {
    statement_now = t;
}

std::span<const FunctionInfo> temporal_functions() {
    static const FunctionInfo table[] = {
        // With no argument they read the clock; with one they are deterministic, but the planner
        // cannot tell from the entry alone, so both are marked non-deterministic.
        {"date", 0, 1, false, fn_construct<ValueKind::Date>, false},
        {"localtime", 0, 1, false, fn_construct<ValueKind::LocalTime>, false},
        {"time", 0, 1, false, fn_construct<ValueKind::Time>, false},
        {"localdatetime", 0, 1, false, fn_construct<ValueKind::LocalDateTime>, false},
        {"datetime", 0, 1, false, fn_construct<ValueKind::DateTime>, false},
        {"date.transaction", 0, 1, false, fn_clock<ValueKind::Date, false>, false},
        {"date.statement", 0, 1, false, fn_clock<ValueKind::Date, false>, false},
        {"date.realtime", 0, 1, false, fn_clock<ValueKind::Date, true>, false},
        {"localtime.transaction", 0, 1, false, fn_clock<ValueKind::LocalTime, false>, false},
        {"localtime.statement", 0, 1, false, fn_clock<ValueKind::LocalTime, false>, false},
        {"localtime.realtime", 0, 1, false, fn_clock<ValueKind::LocalTime, true>, false},
        {"time.transaction", 0, 1, false, fn_clock<ValueKind::Time, false>, false},
        {"time.statement", 0, 1, false, fn_clock<ValueKind::Time, false>, false},
        {"time.realtime", 0, 1, false, fn_clock<ValueKind::Time, true>, false},
        {"localdatetime.transaction", 0, 1, false, fn_clock<ValueKind::LocalDateTime, false>,
         false},
        {"localdatetime.statement", 0, 1, false, fn_clock<ValueKind::LocalDateTime, false>, false},
        {"localdatetime.realtime", 0, 1, false, fn_clock<ValueKind::LocalDateTime, true>, false},
        {"datetime.transaction", 0, 1, false, fn_clock<ValueKind::DateTime, false>, false},
        {"datetime.statement", 0, 1, false, fn_clock<ValueKind::DateTime, false>, false},
        {"datetime.realtime", 0, 1, false, fn_clock<ValueKind::DateTime, true>, false},
        {"duration", 1, 1, false, fn_duration},
        {"date.truncate", 2, 3, false, fn_truncate<ValueKind::Date>, false},
        {"localtime.truncate", 2, 3, false, fn_truncate<ValueKind::LocalTime>, false},
        {"time.truncate", 2, 3, false, fn_truncate<ValueKind::Time>, false},
        {"localdatetime.truncate", 2, 3, false, fn_truncate<ValueKind::LocalDateTime>, false},
        {"datetime.truncate", 2, 3, false, fn_truncate<ValueKind::DateTime>, false},
        {"datetime.fromepoch", 2, 2, false, fn_from_epoch},
        {"datetime.fromepochmillis", 1, 1, false, fn_from_epoch_millis},
        {"duration.between", 2, 2, false, fn_duration_between<BetweenKind::All>},
        {"duration.inMonths", 2, 2, false, fn_duration_between<BetweenKind::Months>},
        {"duration.inDays", 2, 2, false, fn_duration_between<BetweenKind::Days>},
        {"duration.inSeconds", 2, 2, false, fn_duration_between<BetweenKind::Seconds>},
    };
    return table;
}

}  // namespace caspian::query
