// Offsets and IANA time zones: the one file that includes date/tz.h (Howard Hinnant's library
// over the system's tzdata, issue #16), so the rest of caspian sees only ZoneSpec and seconds.
#include "value/temporal.hpp"

#include <caspian/error.hpp>

#include <date/tz.h>

#include <chrono>
#include <string>

namespace caspian {

namespace {

// nullptr for a name the tz database does not know (locate_zone throws for those).
const date::time_zone* find_zone(std::string_view name) noexcept {
    try {
        return date::locate_zone(std::string(name));
    } catch (const std::exception&) {
        return nullptr;
    }
}

const date::time_zone& zone_or_throw(std::string_view name) {
    const date::time_zone* zone = find_zone(name);
    if (zone == nullptr) {
        throw Error(ErrorKind::Type, ErrorClass::ArgumentError, "InvalidArgumentValue",
                    "unknown time zone '" + std::string(name) + "'");
    }
    return *zone;
}

std::int32_t offset_at(const date::time_zone& zone, std::int64_t utc_seconds) {
    const date::sys_seconds at{std::chrono::seconds{utc_seconds}};
    return static_cast<std::int32_t>(zone.get_info(at).offset.count());
}

}  // namespace

bool parse_offset(std::string_view text, std::int32_t& seconds) noexcept {
    if (text == "Z" || text == "z") {
        seconds = 0;
        return true;
    }
    if (text.size() < 3 || (text[0] != '+' && text[0] != '-')) return false;
    const int sign = text[0] == '-' ? -1 : 1;
    text.remove_prefix(1);
    int h = 0, m = 0, s = 0;
    // +HH, +HHMM, +HH:MM, +HH:MM:SS
    if (!parse_digits(text.substr(0, 2), h)) return false;
    text.remove_prefix(2);
    if (!text.empty()) {
        if (text.front() == ':') text.remove_prefix(1);
        if (text.size() < 2 || !parse_digits(text.substr(0, 2), m)) return false;
        text.remove_prefix(2);
        if (!text.empty()) {
            if (text.size() != 3 || text.front() != ':' || !parse_digits(text.substr(1), s)) {
                return false;
            }
        }
    }
    if (m > 59 || s > 59 || h * 3600 + m * 60 + s > 18 * 3600) return false;
    seconds = sign * (h * 3600 + m * 60 + s);
    return true;
}

bool is_zone_name(std::string_view name) noexcept {
    return !name.empty() && find_zone(name) != nullptr;
}

ZoneSpec parse_zone(std::string_view text) {
    ZoneSpec spec;
    if (parse_offset(text, spec.offset)) return spec;
    // The zone's canonical spelling as the database knows it.
    spec.zone = std::string(zone_or_throw(text).name());
    return spec;
}

DateTime datetime_at_local(std::int64_t local_seconds, std::int32_t nanos, const ZoneSpec& zone) {
    if (zone.zone.empty()) {
        return DateTime{local_seconds - zone.offset, nanos, zone.offset, {}};
    }
    const date::time_zone& tz = zone_or_throw(zone.zone);
    const date::local_seconds local{std::chrono::seconds{local_seconds}};
    const date::local_info info = tz.get_info(local);
    std::int64_t utc = 0;
    switch (info.result) {
        case date::local_info::unique:
        case date::local_info::ambiguous:  // the earlier offset, the first of the two
            utc = local_seconds - info.first.offset.count();
            break;
        case date::local_info::nonexistent:  // in a gap: the clock moves on by the gap's length
            utc = local_seconds - info.first.offset.count();
            break;
    }
    return DateTime{utc, nanos, offset_at(tz, utc), zone.zone};
}

DateTime datetime_at_instant(std::int64_t utc_seconds, std::int32_t nanos, const ZoneSpec& zone) {
    if (zone.zone.empty()) return DateTime{utc_seconds, nanos, zone.offset, {}};
    return DateTime{utc_seconds, nanos, offset_at(zone_or_throw(zone.zone), utc_seconds),
                    zone.zone};
}

}  // namespace caspian
