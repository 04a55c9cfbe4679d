// Times of day, offsets and the ISO text of every temporal kind, and the fields (local date, time
// of day, zone) each kind is made of. Parsing is temporal_parse.cpp's, zone rules zone.cpp's.
#include "value/temporal.hpp"

#include <caspian/error.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

namespace caspian {

std::string offset_text(std::int32_t seconds) {
    if (seconds == 0) return "Z";
    const int magnitude = std::abs(seconds);
    char buf[16];
    if (magnitude % 60 != 0) {
        std::snprintf(buf, sizeof buf, "%c%02d:%02d:%02d", seconds < 0 ? '-' : '+',
                      magnitude / 3600, magnitude / 60 % 60, magnitude % 60);
    } else {
        std::snprintf(buf, sizeof buf, "%c%02d:%02d", seconds < 0 ? '-' : '+', magnitude / 3600,
                      magnitude / 60 % 60);
    }
    return buf;
}

std::string time_of_day_text(std::int64_t nanos) {
    const std::int64_t secs = nanos / nanos_per_second;
    const auto fraction = static_cast<int>(nanos % nanos_per_second);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%02d:%02d", int(secs / 3600), int(secs / 60 % 60));
    std::string out = buf;
    if (secs % 60 == 0 && fraction == 0) return out;
    std::snprintf(buf, sizeof buf, ":%02d", int(secs % 60));
    out += buf;
    if (fraction != 0) {
        // java.time's groups of three: .142, .645876, .645876123.
        std::snprintf(buf, sizeof buf, ".%09d", fraction);
        std::string digits = buf;
        while (digits.size() > 4 && digits.compare(digits.size() - 3, 3, "000") == 0)
            digits.resize(digits.size() - 3);
        out += digits;
    }
    return out;
}

std::string to_iso(LocalTime t) {
    return time_of_day_text(t.nanos);
}

std::string to_iso(Time t) {
    return time_of_day_text(t.nanos) + offset_text(t.offset);
}

std::string to_iso(LocalDateTime t) {
    const std::int64_t days = floor_div(t.seconds, seconds_per_day);
    const std::int64_t nanos = (t.seconds - days * seconds_per_day) * nanos_per_second + t.nanos;
    return to_iso(Date{static_cast<std::int32_t>(days)}) + "T" + time_of_day_text(nanos);
}

std::string to_iso(const DateTime& t) {
    std::string out = to_iso(LocalDateTime{t.seconds + t.offset, t.nanos});
    out += offset_text(t.offset);
    if (!t.zone.empty()) out += "[" + t.zone + "]";
    return out;
}

bool is_temporal(ValueKind kind) noexcept {
    switch (kind) {
        case ValueKind::Date:
        case ValueKind::DateTime:
        case ValueKind::Duration:
        case ValueKind::LocalTime:
        case ValueKind::Time:
        case ValueKind::LocalDateTime:
            return true;
        default:
            return false;
    }
}

std::string temporal_to_iso(const Value& v) {
    switch (v.kind()) {
        case ValueKind::Date:
            return to_iso(v.as_date());
        case ValueKind::DateTime:
            return to_iso(v.as_datetime());
        case ValueKind::LocalTime:
            return to_iso(v.as_localtime());
        case ValueKind::Time:
            return to_iso(v.as_time());
        case ValueKind::LocalDateTime:
            return to_iso(v.as_localdatetime());
        default:
            return to_iso(v.as_duration());
    }
}

int temporal_order(const Value& a, const Value& b) noexcept {
    auto cmp = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
    switch (a.kind()) {
        case ValueKind::Date:
            return cmp(a.as_date().days, b.as_date().days);
        case ValueKind::LocalTime:
            return cmp(a.as_localtime().nanos, b.as_localtime().nanos);
        case ValueKind::Time:
            return cmp(a.as_time().nanos - a.as_time().offset * nanos_per_second,
                       b.as_time().nanos - b.as_time().offset * nanos_per_second);
        case ValueKind::LocalDateTime:
            return cmp(std::pair(a.as_localdatetime().seconds, a.as_localdatetime().nanos),
                       std::pair(b.as_localdatetime().seconds, b.as_localdatetime().nanos));
        case ValueKind::DateTime:
            return cmp(std::pair(a.as_datetime().seconds, a.as_datetime().nanos),
                       std::pair(b.as_datetime().seconds, b.as_datetime().nanos));
        default:
            return 0;
    }
}

Date date_of(const DateTime& t) noexcept {
    return Date{static_cast<std::int32_t>(floor_div(t.seconds + t.offset, seconds_per_day))};
}

TemporalFields fields_of(const Value& v) {
    TemporalFields f;
    auto split = [&f](std::int64_t local_seconds, std::int32_t nanos) {
        f.has_date = f.has_time = true;
        f.days = floor_div(local_seconds, seconds_per_day);
        f.nanos = (local_seconds - f.days * seconds_per_day) * nanos_per_second + nanos;
    };
    switch (v.kind()) {
        case ValueKind::Date:
            f.has_date = true;
            f.days = v.as_date().days;
            break;
        case ValueKind::LocalTime:
            f.has_time = true;
            f.nanos = v.as_localtime().nanos;
            break;
        case ValueKind::Time:
            f.has_time = f.has_zone = true;
            f.nanos = v.as_time().nanos;
            f.zone.offset = v.as_time().offset;
            break;
        case ValueKind::LocalDateTime:
            split(v.as_localdatetime().seconds, v.as_localdatetime().nanos);
            break;
        case ValueKind::DateTime: {
            const DateTime& t = v.as_datetime();
            split(t.seconds + t.offset, t.nanos);
            f.has_zone = true;
            f.zone = zone_of(t);
            break;
        }
        default:
            break;
    }
    return f;
}

Value temporal_from_fields(ValueKind kind, const TemporalFields& f) {
    const std::int64_t days = f.has_date ? f.days : 0;
    const std::int64_t nanos = f.has_time ? f.nanos : 0;
    const std::int64_t local = to_date(days).days * seconds_per_day + nanos / nanos_per_second;
    const auto sub_second = static_cast<std::int32_t>(nanos % nanos_per_second);
    switch (kind) {
        case ValueKind::Date:
            return Value(to_date(days));
        case ValueKind::LocalTime:
            return Value(LocalTime{nanos});
        case ValueKind::Time:
            if (f.has_zone && !f.zone.zone.empty()) {  // a named zone's offset on that day
                return Value(Time{nanos, datetime_at_local(local, 0, f.zone).offset});
            }
            return Value(Time{nanos, f.has_zone ? f.zone.offset : 0});
        case ValueKind::LocalDateTime:
            return Value(LocalDateTime{local, sub_second});
        default:
            return Value(datetime_at_local(local, sub_second, f.has_zone ? f.zone : ZoneSpec{}));
    }
}

}  // namespace caspian
