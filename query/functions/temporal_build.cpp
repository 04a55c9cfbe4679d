// Temporal values from maps: base values (date, time, datetime keys), date fields in the
// calendar, week, ordinal and quarter forms, time fields and time zones, as openCypher's
// constructors and truncate read them.
#include "query/functions/temporal_build.hpp"

#include "query/functions/scalar.hpp"

#include <optional>
#include <string>

namespace caspian::query {

namespace {

bool has_date(ValueKind k) {
    return k == ValueKind::Date || k == ValueKind::LocalDateTime || k == ValueKind::DateTime;
}
bool has_time(ValueKind k) {
    return k != ValueKind::Date;
}
bool has_zone(ValueKind k) {
    return k == ValueKind::Time || k == ValueKind::DateTime;
}

struct Reader {
    std::string_view fn;
    const Properties& map;

    std::optional<std::int64_t> get(std::string_view key) const {
        const Value* v = find_property(map, key);
        if (v == nullptr || v->is_null()) return std::nullopt;
        if (v->kind() != ValueKind::Int) {
            type_error("function '" + std::string(fn) + "' expects '" + std::string(key) +
                       "' to be an integer, not " + kind_with_article(v->kind()));
        }
        return v->as_int();
    }
    bool has(std::string_view key) const { return get(key).has_value(); }
};

const char* const known_keys[] = {
    "date", "time",   "datetime",  "timezone",    "year",        "month",
    "day",  "week",   "dayOfWeek", "ordinalDay",  "quarter",     "dayOfQuarter",
    "hour", "minute", "second",    "millisecond", "microsecond", "nanosecond",
};

void check_keys(std::string_view fn, const Properties& map) {
    for (const auto& entry : map) {
        bool known = false;
        for (const char* k : known_keys)
            known = known || entry.first == k;
        if (!known) {
            type_error("function '" + std::string(fn) + "' got the unknown key '" + entry.first +
                       "'");
        }
    }
}

[[noreturn]] void out_of_range(std::string_view fn, const char* field, std::int64_t v) {
    argument_error("function '" + std::string(fn) + "' got an invalid value for " + field + ": " +
                       std::to_string(v),
                   "InvalidArgumentValue");
}

void set_date(TemporalFields& f, const Reader& r) {
    const bool base = f.has_date;
    const YearMonthDay ymd = to_ymd(Date{static_cast<std::int32_t>(f.days)});
    const bool week_form = r.has("week") || r.has("dayOfWeek");
    const bool quarter_form = r.has("quarter") || r.has("dayOfQuarter");
    if (!base && !r.has("year")) {
        type_error("function '" + std::string(r.fn) + "' expects a map with the key 'year'");
    }
    if (week_form) {
        const WeekDate w = to_week_date(f.days);
        f.days = days_from_week_date(r.get("year").value_or(base ? w.year : 0),
                                     r.get("week").value_or(base ? w.week : 1),
                                     r.get("dayOfWeek").value_or(base ? w.day : 1));
    } else if (r.has("ordinalDay")) {
        f.days = days_from_ordinal(r.get("year").value_or(ymd.year), *r.get("ordinalDay"));
    } else if (quarter_form) {
        const unsigned quarter = (ymd.month - 1) / 3 + 1;
        const std::int64_t day_of_quarter =
            f.days - days_from_civil(ymd.year, quarter * 3 - 2, 1) + 1;
        f.days = days_from_quarter(r.get("year").value_or(ymd.year),
                                   r.get("quarter").value_or(base ? quarter : 1),
                                   r.get("dayOfQuarter").value_or(base ? day_of_quarter : 1));
    } else {
        f.days = days_from_ymd(r.get("year").value_or(ymd.year),
                               r.get("month").value_or(base ? ymd.month : 1),
                               r.get("day").value_or(base ? ymd.day : 1));
    }
    if (!fits_date(f.days)) {
        argument_error("function '" + std::string(r.fn) + "': date out of range",
                       "InvalidArgumentValue");
    }
    f.has_date = true;
}

void set_time(TemporalFields& f, const Reader& r) {
    const std::int64_t base = f.has_time ? f.nanos : 0;
    const std::int64_t sub = base % nanos_per_second, secs = base / nanos_per_second;
    auto field = [&](const char* key, std::int64_t fallback, std::int64_t limit) {
        const std::int64_t v = r.get(key).value_or(fallback);
        if (v < 0 || v >= limit) out_of_range(r.fn, key, v);
        return v;
    };
    const std::int64_t hour = field("hour", secs / 3600, 24);
    const std::int64_t minute = field("minute", secs / 60 % 60, 60);
    const std::int64_t second = field("second", secs % 60, 60);
    std::int64_t nanos = sub;
    if (r.has("millisecond") || r.has("microsecond") || r.has("nanosecond")) {
        // Each unit given replaces its digits of the base (truncate('millisecond', t,
        // {nanosecond: 2}) keeps the milliseconds); alone, a unit may carry the whole fraction
        // (nanosecond: 645876123).
        nanos = field("millisecond", sub / 1'000'000, 1000) * 1'000'000 +
                field("microsecond", sub / 1000 % 1000, 1'000'000) * 1000 +
                field("nanosecond", sub % 1000, nanos_per_second);
        if (nanos >= nanos_per_second) out_of_range(r.fn, "nanosecond", nanos);
    }
    f.nanos = ((hour * 60 + minute) * 60 + second) * nanos_per_second + nanos;
    f.has_time = true;
}

// The fields shown in another zone: the same instant, or for a time without a date the same
// time of day at UTC.
void convert_zone(TemporalFields& f, const ZoneSpec& to) {
    if (f.has_date) {
        TemporalFields full = f;
        full.has_time = true;
        const DateTime at = temporal_from_fields(ValueKind::DateTime, full).as_datetime();
        const TemporalFields moved =
            fields_of(Value(datetime_at_instant(at.seconds, at.nanos, to)));
        f.days = moved.days;
        f.nanos = moved.nanos;
        f.zone = moved.zone;
        return;
    }
    const std::int32_t new_offset =
        to.zone.empty() ? to.offset : datetime_at_local(f.nanos / nanos_per_second, 0, to).offset;
    std::int64_t n =
        (f.nanos + (std::int64_t{new_offset} - f.zone.offset) * nanos_per_second) % nanos_per_day;
    f.nanos = n < 0 ? n + nanos_per_day : n;
    f.zone = ZoneSpec{new_offset, to.zone};
}

}  // namespace

const char* kind_function(ValueKind kind) noexcept {
    return to_string(kind);
}

TemporalFields override_fields(ValueKind kind, std::string_view fn, TemporalFields base,
                               const Properties& map, bool convert) {
    check_keys(fn, map);
    const Reader r{fn, map};
    TemporalFields f = std::move(base);
    static const char* const date_keys[] = {"year",      "month",      "day",     "week",
                                            "dayOfWeek", "ordinalDay", "quarter", "dayOfQuarter"};
    bool any_date = false;
    for (const char* k : date_keys)
        any_date = any_date || r.has(k);
    if (has_date(kind) && (any_date || !f.has_date)) set_date(f, r);
    if (has_time(kind)) set_time(f, r);
    if (const Value* tz = find_property(map, "timezone"); tz != nullptr && !tz->is_null()) {
        if (tz->kind() != ValueKind::String) {
            type_error("function '" + std::string(fn) + "' expects 'timezone' to be a string");
        }
        const ZoneSpec to = parse_zone(tz->as_string());
        if (convert && has_zone(kind) && f.has_zone) {
            convert_zone(f, to);
        } else {
            f.zone = to;
        }
        f.has_zone = true;
    }
    return f;
}

TemporalFields fields_from_map(ValueKind kind, std::string_view fn, const Properties& map) {
    TemporalFields f;
    auto base = [&](const char* key) -> std::optional<TemporalFields> {
        const Value* v = find_property(map, key);
        if (v == nullptr || v->is_null()) return std::nullopt;
        if (!is_temporal(v->kind()) || v->kind() == ValueKind::Duration) {
            type_error("function '" + std::string(fn) + "' expects '" + key +
                       "' to be a temporal value, not " + kind_with_article(v->kind()));
        }
        return fields_of(*v);
    };
    if (const auto dt = base("datetime")) f = *dt;
    if (const auto d = base("date")) {
        if (!d->has_date)
            type_error("function '" + std::string(fn) + "' expects 'date' to have a date");
        f.has_date = true;
        f.days = d->days;
    }
    if (const auto t = base("time")) {
        if (!t->has_time)
            type_error("function '" + std::string(fn) + "' expects 'time' to have a time");
        f.has_time = true;
        f.nanos = t->nanos;
        f.has_zone = t->has_zone;
        f.zone = t->zone;
    }
    Properties rest;
    for (const auto& entry : map) {
        if (entry.first != "date" && entry.first != "time" && entry.first != "datetime") {
            rest.push_back(entry);
        }
    }
    return override_fields(kind, fn, std::move(f), rest);
}

}  // namespace caspian::query
