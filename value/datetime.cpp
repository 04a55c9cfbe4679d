// Temporal arithmetic: any temporal value plus a duration, and duration.between for any two
// temporal values. Local fields come from fields_of (time_of_day.cpp); a named zone's rules from
// zone.cpp. Months and days move the wall clock, seconds the instant (java.time's rules, which
// openCypher follows).
#include "value/literal.hpp"
#include "value/temporal.hpp"

#include <caspian/error.hpp>

#include <string>
#include <utility>

namespace caspian {

namespace {

// The time of day moved by a duration's seconds, wrapped around midnight.
std::int64_t shift_time_of_day(std::int64_t nanos, const Duration& d) {
    const std::int64_t secs = d.seconds % seconds_per_day;
    std::int64_t out = (nanos + secs * nanos_per_second + d.nanos) % nanos_per_day;
    return out < 0 ? out + nanos_per_day : out;
}

// A wall clock (local seconds, nanos) moved by months, then days, then the time part.
std::pair<std::int64_t, std::int32_t> shift_local(std::int64_t seconds, std::int32_t nanos,
                                                  const Duration& d, bool time_part) {
    std::int64_t day = floor_div(seconds, seconds_per_day);
    const std::int64_t of_day = seconds - day * seconds_per_day;
    // Within Date's range before a zone's rules see the day (they are not made for any year).
    day = to_date(checked_add(add_months(day, d.months), d.days)).days;
    std::int64_t out = checked_add(checked_mul(day, seconds_per_day), of_day);
    if (!time_part) return {out, nanos};
    out = checked_add(out, d.seconds);
    std::int64_t n = std::int64_t{nanos} + d.nanos;
    if (n >= nanos_per_second) {
        n -= nanos_per_second;
        out = checked_add(out, 1);
    }
    return {out, static_cast<std::int32_t>(n)};
}

Duration from_nanos(std::int64_t months, std::int64_t days, std::int64_t nanos) {
    const std::int64_t seconds = floor_div(nanos, nanos_per_second);  // nanos stay non-negative
    return Duration{months, days, seconds,
                    static_cast<std::int32_t>(nanos - seconds * nanos_per_second)};
}

// A temporal value as a full datetime for between: the missing date from the other side, the
// missing time midnight, the missing zone the other's (UTC when neither has one).
DateTime complete(const TemporalFields& f, const TemporalFields& other) {
    TemporalFields g = f;
    if (!g.has_date) g.days = other.has_date ? other.days : 0;
    if (!g.has_zone && other.has_zone) g.zone = other.zone;
    g.has_date = g.has_time = g.has_zone = true;
    return temporal_from_fields(ValueKind::DateTime, g).as_datetime();
}

std::int64_t local_seconds(const DateTime& t) {
    return t.seconds + t.offset;
}

// Nanoseconds from a to b, or out of range.
std::int64_t nanos_between(const DateTime& a, const DateTime& b) {
    const std::int64_t secs = checked_add(b.seconds, -a.seconds);
    return checked_add(checked_mul(secs, nanos_per_second), std::int64_t{b.nanos} - a.nanos);
}

// Whole units (months when by_months, else days) from a to b on the wall clock of a's zone,
// b shown in a's zone; truncated toward zero as java.time's until does.
std::int64_t whole_units(const DateTime& a, const DateTime& b, bool by_months) {
    const DateTime bz = datetime_at_instant(b.seconds, b.nanos, zone_of(a));
    const std::int64_t la = local_seconds(a), lb = local_seconds(bz);
    const std::int64_t day_a = floor_div(la, seconds_per_day),
                       day_b = floor_div(lb, seconds_per_day);
    const std::pair<std::int64_t, std::int32_t> time_a{la - day_a * seconds_per_day, a.nanos};
    const std::pair<std::int64_t, std::int32_t> time_b{lb - day_b * seconds_per_day, bz.nanos};
    if (!by_months) {
        std::int64_t days = day_b - day_a;
        if (days > 0 && time_b < time_a) --days;
        if (days < 0 && time_b > time_a) ++days;
        return days;
    }
    const YearMonthDay ya = to_ymd(to_date(day_a)), yb = to_ymd(to_date(day_b));
    std::int64_t months =
        (std::int64_t{yb.year} * 12 + yb.month) - (std::int64_t{ya.year} * 12 + ya.month);
    const auto key_a = std::make_pair(ya.day, time_a), key_b = std::make_pair(yb.day, time_b);
    // Not yet a whole month when b is earlier in its month than a was in its own.
    if (months > 0 && key_b < key_a) --months;
    if (months < 0 && key_b > key_a) ++months;
    return months;
}

// a moved on by months, then days, on its wall clock.
DateTime plus_calendar(const DateTime& a, std::int64_t months, std::int64_t days) {
    const auto [local, nanos] =
        shift_local(local_seconds(a), a.nanos, Duration{months, days, 0, 0}, false);
    return datetime_at_local(local, nanos, zone_of(a));
}

}  // namespace

Value plus_duration(const Value& t, const Duration& d) {
    switch (t.kind()) {
        case ValueKind::Date: {
            std::int64_t days = add_months(t.as_date().days, d.months);
            days = checked_add(days, d.days);
            // Only whole days of the time part count, rounded toward zero: PT36H adds one day.
            const std::int64_t secs = d.seconds < 0 && d.nanos > 0 ? d.seconds + 1 : d.seconds;
            return Value(to_date(checked_add(days, secs / seconds_per_day)));
        }
        case ValueKind::LocalTime:
            return Value(LocalTime{shift_time_of_day(t.as_localtime().nanos, d)});
        case ValueKind::Time:
            return Value(Time{shift_time_of_day(t.as_time().nanos, d), t.as_time().offset});
        case ValueKind::LocalDateTime: {
            const LocalDateTime l = t.as_localdatetime();
            const auto [seconds, nanos] = shift_local(l.seconds, l.nanos, d, true);
            to_date(floor_div(seconds, seconds_per_day));
            return Value(LocalDateTime{seconds, nanos});
        }
        default: {
            const DateTime moved = plus_calendar(t.as_datetime(), d.months, d.days);
            std::int64_t seconds = checked_add(moved.seconds, d.seconds);
            std::int64_t nanos = std::int64_t{moved.nanos} + d.nanos;
            if (nanos >= nanos_per_second) {
                nanos -= nanos_per_second;
                seconds = checked_add(seconds, 1);
            }
            DateTime out =
                datetime_at_instant(seconds, static_cast<std::int32_t>(nanos), zone_of(moved));
            to_date(floor_div(out.seconds + out.offset, seconds_per_day));
            return Value(std::move(out));
        }
    }
}

Duration duration_between(const Value& from, const Value& to, BetweenKind kind) {
    const TemporalFields ff = fields_of(from), ft = fields_of(to);
    const DateTime a = complete(ff, ft), b = complete(ft, ff);
    if (kind == BetweenKind::Seconds) return from_nanos(0, 0, nanos_between(a, b));
    if (!ff.has_date || !ft.has_date) {
        // Without a date on both sides only the time of day counts.
        return kind == BetweenKind::All ? from_nanos(0, 0, nanos_between(a, b)) : Duration{};
    }
    if (kind == BetweenKind::Days) return Duration{0, whole_units(a, b, false), 0, 0};
    const std::int64_t months = whole_units(a, b, true);
    if (kind == BetweenKind::Months) return Duration{months, 0, 0, 0};
    const DateTime after_months = plus_calendar(a, months, 0);
    const std::int64_t days = whole_units(after_months, b, false);
    const DateTime after_days = plus_calendar(after_months, 0, days);
    return from_nanos(months, days, nanos_between(after_days, b));
}

}  // namespace caspian
