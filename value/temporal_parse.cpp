// ISO 8601 text of every temporal kind, in the forms openCypher accepts: calendar, week, ordinal
// dates and their compact spellings, times with or without separators, offsets and [zones].
// Every parser returns false on malformed text (the callers name the function in the error).
#include "value/temporal.hpp"

#include <caspian/error.hpp>

#include <string>
#include <utility>

namespace caspian {

namespace {

bool all_digits(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

int digits_value(std::string_view s) noexcept {
    int v = 0;
    parse_digits(s, v);
    return v;
}

// Two digits, then (after a '-' when dashed) an optional second field of second_width digits:
// a week and its day (W30-2, W302) or a month and its day (07-21, 0721). second keeps its value
// when absent.
bool two_parts(std::string_view rest, bool dashed, std::size_t second_width, int& first,
               int& second) noexcept {
    if (rest.size() < 2 || !all_digits(rest.substr(0, 2))) return false;
    first = digits_value(rest.substr(0, 2));
    rest.remove_prefix(2);
    if (rest.empty()) return true;
    if (dashed) {
        if (rest.front() != '-') return false;
        rest.remove_prefix(1);
    }
    if (rest.size() != second_width || !all_digits(rest)) return false;
    second = digits_value(rest);
    return true;
}

// The date part: a year, then nothing, -MM, -MM-DD, MMDD, MM, -Www[-D], Www[D], -DDD or DDD.
bool parse_date_days(std::string_view text, std::int64_t& days) {
    std::size_t i = 0;
    const bool sign = !text.empty() && (text[0] == '+' || text[0] == '-');
    if (sign) i = 1;
    std::size_t year_end = i;
    if (sign) {
        while (year_end < text.size() && text[year_end] >= '0' && text[year_end] <= '9')
            ++year_end;
    } else {
        year_end = i + 4;  // an unsigned year has exactly four digits
    }
    if (year_end > text.size() || year_end - i < 4 || year_end - i > 9 ||
        !all_digits(text.substr(i, year_end - i))) {
        return false;
    }
    std::int64_t year = digits_value(text.substr(i, year_end - i));
    if (text[0] == '-') year = -year;
    std::string_view rest = text.substr(year_end);
    const bool dashed = !rest.empty() && rest.front() == '-';
    if (dashed) rest.remove_prefix(1);
    if (rest.empty()) {
        if (dashed) return false;
        days = days_from_ymd(year, 1, 1);
        return true;
    }
    if (rest.front() == 'W' || rest.front() == 'w') {
        rest.remove_prefix(1);
        int week = 0, day = 1;
        if (!two_parts(rest, dashed, 1, week, day)) return false;
        days = days_from_week_date(year, week, day);
        return true;
    }
    if (!dashed && !all_digits(rest)) return false;
    if (rest.size() == 3 && all_digits(rest)) {
        days = days_from_ordinal(year, digits_value(rest));
        return true;
    }
    int month = 0, day = 1;
    if (!two_parts(rest, dashed, 2, month, day)) return false;
    days = days_from_ymd(year, month, day);
    return true;
}

// HH, HH:MM, HHMM, HH:MM:SS, HHMMSS, the seconds optionally with a fraction of 1-9 digits.
bool parse_time_of_day(std::string_view text, std::int64_t& nanos) noexcept {
    std::int64_t fraction = 0;
    if (const std::size_t dot = text.find_first_of(".,"); dot != std::string_view::npos) {
        const std::string_view f = text.substr(dot + 1);
        if (f.empty() || f.size() > 9 || !all_digits(f)) return false;
        for (std::size_t k = 0; k < 9; ++k)
            fraction = fraction * 10 + (k < f.size() ? f[k] - '0' : 0);
        text = text.substr(0, dot);
        if (text.size() != 8 && text.size() != 6) return false;  // a fraction needs seconds
    }
    int parts[3] = {0, 0, 0};
    int count = 0;
    const bool colons = text.size() > 2 && text[2] == ':';
    while (!text.empty()) {
        if (count == 3 || text.size() < 2 || !all_digits(text.substr(0, 2))) return false;
        parts[count++] = digits_value(text.substr(0, 2));
        text.remove_prefix(2);
        if (!text.empty() && colons) {
            if (text.front() != ':') return false;
            text.remove_prefix(1);
            if (text.empty()) return false;
        }
    }
    if (count == 0 || parts[0] > 23 || parts[1] > 59 || parts[2] > 59) return false;
    nanos = ((parts[0] * 3600LL + parts[1] * 60 + parts[2]) * nanos_per_second) + fraction;
    return true;
}

// A time of day followed by an optional offset; has_offset says whether one was there.
bool parse_time_with_offset(std::string_view text, std::int64_t& nanos, std::int32_t& offset,
                            bool& has_offset) noexcept {
    const std::size_t z = text.find_first_of("+-Zz");
    has_offset = z != std::string_view::npos;
    offset = 0;
    if (has_offset && !parse_offset(text.substr(z), offset)) return false;
    return parse_time_of_day(text.substr(0, z), nanos);
}

}  // namespace

bool parse_date(std::string_view text, Date& out) noexcept {
    try {
        std::int64_t days = 0;
        if (!parse_date_days(text, days) || !fits_date(days)) return false;
        out = Date{static_cast<std::int32_t>(days)};
        return true;
    } catch (const Error&) {
        return false;
    }
}

bool parse_localtime(std::string_view text, LocalTime& out) noexcept {
    return parse_time_of_day(text, out.nanos);
}

bool parse_time(std::string_view text, Time& out) noexcept {
    bool has_offset = false;
    return parse_time_with_offset(text, out.nanos, out.offset, has_offset);
}

bool parse_localdatetime(std::string_view text, LocalDateTime& out) noexcept {
    const std::size_t t = text.find_first_of("Tt");
    Date date;
    std::int64_t nanos = 0;
    if (!parse_date(text.substr(0, t), date)) return false;
    if (t != std::string_view::npos && !parse_time_of_day(text.substr(t + 1), nanos)) {
        return false;
    }
    out = LocalDateTime{date.days * seconds_per_day + nanos / nanos_per_second,
                        static_cast<std::int32_t>(nanos % nanos_per_second)};
    return true;
}

bool parse_datetime(std::string_view text, DateTime& out) noexcept {
    try {
        std::string zone_name;
        if (!text.empty() && text.back() == ']') {
            const std::size_t open = text.rfind('[');
            if (open == std::string_view::npos) return false;
            zone_name = std::string(text.substr(open + 1, text.size() - open - 2));
            text = text.substr(0, open);
        }
        const std::size_t t = text.find_first_of("Tt");
        Date date;
        std::int64_t nanos = 0;
        std::int32_t offset = 0;
        bool has_offset = false;
        if (!parse_date(text.substr(0, t), date)) return false;
        if (t != std::string_view::npos &&
            !parse_time_with_offset(text.substr(t + 1), nanos, offset, has_offset)) {
            return false;
        }
        const std::int64_t local = date.days * seconds_per_day + nanos / nanos_per_second;
        const auto sub = static_cast<std::int32_t>(nanos % nanos_per_second);
        if (zone_name.empty()) {
            out = datetime_at_local(local, sub, ZoneSpec{offset, {}});
            return true;
        }
        const ZoneSpec zone = parse_zone(zone_name);
        // With both, the offset picks between the two readings of an overlap; the zone decides.
        out = has_offset ? datetime_at_instant(local - offset, sub, zone)
                         : datetime_at_local(local, sub, zone);
        return true;
    } catch (const Error&) {
        return false;
    }
}

std::optional<Value> parse_temporal(ValueKind kind, std::string_view text) {
    switch (kind) {
        case ValueKind::Date:
            if (Date d; parse_date(text, d)) return Value(d);
            break;
        case ValueKind::LocalTime:
            if (LocalTime t; parse_localtime(text, t)) return Value(t);
            break;
        case ValueKind::Time:
            if (Time t; parse_time(text, t)) return Value(t);
            break;
        case ValueKind::LocalDateTime:
            if (LocalDateTime t; parse_localdatetime(text, t)) return Value(t);
            break;
        case ValueKind::DateTime:
            if (DateTime t; parse_datetime(text, t)) return Value(std::move(t));
            break;
        case ValueKind::Duration:
            if (Duration d; parse_duration(text, d)) return Value(d);
            break;
        default:
            break;
    }
    return std::nullopt;
}

}  // namespace caspian
