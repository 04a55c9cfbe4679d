// The vocabulary type caspian::Value: equality, rendering and calendar conversions.
#include <caspian/error.hpp>
#include <caspian/value.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace caspian {

namespace {

bool same_properties(const Properties& a, const Properties& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](auto& x, auto& y) {
               return x.first == y.first && x.second == y.second;
           });
}

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Date holds 32-bit days: about 5.8 million years either side of 1970.
bool fits_date(std::int64_t days) noexcept {
    return days >= std::numeric_limits<std::int32_t>::min() &&
           days <= std::numeric_limits<std::int32_t>::max();
}

unsigned days_in_month(std::int64_t y, unsigned m) noexcept {
    static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

void quote_string(std::string& out, const std::string& s) {
    out.push_back('\'');
    for (char c : s) {
        if (c == '\'' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('\'');
}

void render(std::string& out, const Value& v);

void render_properties(std::string& out, const Properties& props) {
    out += '{';
    bool first = true;
    for (const auto& [name, value] : props) {
        if (!first) out += ", ";
        first = false;
        out += name;
        out += ": ";
        render(out, value);
    }
    out += '}';
}

void render_node(std::string& out, const Node& n) {
    out += '(';
    for (const auto& label : n.labels)
        out += ':' + label;
    if (!n.properties.empty()) {
        if (!n.labels.empty()) out += ' ';
        render_properties(out, n.properties);
    }
    out += ')';
}

void render_edge(std::string& out, const Edge& e) {
    out += "[:" + e.type;
    if (!e.properties.empty()) {
        out += ' ';
        render_properties(out, e.properties);
    }
    out += ']';
}

std::string render_float(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
    std::string s(buf, end);
    // Floats always show a point or an exponent so that 2.0 never reads as the integer 2.
    if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
    return s;
}

void render(std::string& out, const Value& v) {
    switch (v.kind()) {
        case ValueKind::Null:
            out += "null";
            return;
        case ValueKind::Bool:
            out += v.as_bool() ? "true" : "false";
            return;
        case ValueKind::Int:
            out += std::to_string(v.as_int());
            return;
        case ValueKind::Float:
            out += render_float(v.as_float());
            return;
        case ValueKind::String:
            quote_string(out, v.as_string());
            return;
        case ValueKind::Date:
            out += "date('" + to_iso(v.as_date()) + "')";
            return;
        case ValueKind::DateTime:
            out += "datetime('" + to_iso(v.as_datetime()) + "')";
            return;
        case ValueKind::Duration:
            out += "duration('" + to_iso(v.as_duration()) + "')";
            return;
        case ValueKind::List: {
            out += '[';
            bool first = true;
            for (const Value& item : v.as_list()) {
                if (!first) out += ", ";
                first = false;
                render(out, item);
            }
            out += ']';
            return;
        }
        case ValueKind::Map:
            render_properties(out, v.as_map().entries);
            return;
        case ValueKind::Node:
            render_node(out, v.as_node());
            return;
        case ValueKind::Edge:
            render_edge(out, v.as_edge());
            return;
        case ValueKind::Path: {
            const Path& p = v.as_path();
            out += '<';
            for (std::size_t i = 0; i < p.nodes.size(); ++i) {
                render_node(out, p.nodes[i]);
                if (i < p.edges.size()) {
                    const bool forward = p.edges[i].src == p.nodes[i].id;
                    out += forward ? "-" : "<-";
                    render_edge(out, p.edges[i]);
                    out += forward ? "->" : "-";
                }
            }
            out += '>';
            return;
        }
    }
}

// Digits only: from_chars would also take a '-', letting "+-2022" or "T-1:00" through.
bool parse_int(std::string_view s, int& out) {
    if (s.empty() || s.front() < '0' || s.front() > '9') return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

bool operator==(const Value& a, const Value& b) {
    if (a.kind() != b.kind()) return false;
    switch (a.kind()) {
        case ValueKind::Null:
            return true;
        case ValueKind::Bool:
            return a.as_bool() == b.as_bool();
        case ValueKind::Int:
            return a.as_int() == b.as_int();
        case ValueKind::Float:
            return a.as_float() == b.as_float() ||
                   (std::isnan(a.as_float()) && std::isnan(b.as_float()));
        case ValueKind::String:
            return a.as_string() == b.as_string();
        case ValueKind::Date:
            return a.as_date() == b.as_date();
        case ValueKind::DateTime:
            return a.as_datetime() == b.as_datetime();
        case ValueKind::Duration:
            return a.as_duration() == b.as_duration();
        case ValueKind::List:
            return a.as_list() == b.as_list();
        case ValueKind::Map:
            return same_properties(a.as_map().entries, b.as_map().entries);
        case ValueKind::Node: {
            const Node &x = a.as_node(), &y = b.as_node();
            return x.id == y.id && x.labels == y.labels &&
                   same_properties(x.properties, y.properties);
        }
        case ValueKind::Edge: {
            const Edge &x = a.as_edge(), &y = b.as_edge();
            return x.id == y.id && x.type == y.type && x.src == y.src && x.dst == y.dst &&
                   same_properties(x.properties, y.properties);
        }
        case ValueKind::Path: {
            const Path &x = a.as_path(), &y = b.as_path();
            if (x.nodes.size() != y.nodes.size() || x.edges.size() != y.edges.size()) return false;
            for (std::size_t i = 0; i < x.nodes.size(); ++i) {
                if (!(Value(x.nodes[i]) == Value(y.nodes[i]))) return false;
            }
            for (std::size_t i = 0; i < x.edges.size(); ++i) {
                if (!(Value(x.edges[i]) == Value(y.edges[i]))) return false;
            }
            return true;
        }
    }
    return false;
}

bool is_storable(const Value& v) noexcept {
    switch (v.kind()) {
        case ValueKind::Map:
        case ValueKind::Node:
        case ValueKind::Edge:
        case ValueKind::Path:
            return false;
        case ValueKind::List:
            return std::all_of(v.as_list().begin(), v.as_list().end(),
                               [](const Value& item) { return is_storable(item); });
        default:
            return true;
    }
}

const char* to_string(ValueKind kind) noexcept {
    switch (kind) {
        case ValueKind::Null:
            return "null";
        case ValueKind::Bool:
            return "boolean";
        case ValueKind::Int:
            return "integer";
        case ValueKind::Float:
            return "float";
        case ValueKind::String:
            return "string";
        case ValueKind::Date:
            return "date";
        case ValueKind::DateTime:
            return "datetime";
        case ValueKind::Duration:
            return "duration";
        case ValueKind::List:
            return "list";
        case ValueKind::Map:
            return "map";
        case ValueKind::Node:
            return "node";
        case ValueKind::Edge:
            return "relationship";
        case ValueKind::Path:
            return "path";
    }
    return "value";
}

std::string to_literal(const Value& v) {
    std::string out;
    render(out, v);
    return out;
}

Date make_date(int year, unsigned month, unsigned day) {
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) ||
        !fits_date(days_from_civil(year, month, day))) {
        throw Error(ErrorKind::Type, "invalid date " + std::to_string(year) + "-" +
                                         std::to_string(month) + "-" + std::to_string(day));
    }
    return Date{static_cast<std::int32_t>(days_from_civil(year, month, day))};
}

YearMonthDay to_ymd(Date d) noexcept {
    const std::int64_t z = std::int64_t{d.days} + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned day = doy - (153 * mp + 2) / 5 + 1;
    const unsigned month = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<int>(y + (month <= 2)), month, day};
}

std::string to_iso(Date d) {
    const YearMonthDay ymd = to_ymd(d);
    char buf[32];
    // ISO 8601 pads the year to four digits after the sign: -0001-01-01, as parse_date reads.
    std::snprintf(buf, sizeof buf, "%s%04lld-%02u-%02u", ymd.year < 0 ? "-" : "",
                  std::abs(static_cast<long long>(ymd.year)), ymd.month, ymd.day);
    return buf;
}

std::string to_iso(DateTime t) {
    constexpr std::int64_t micros_per_day = 86'400'000'000;
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

bool parse_date(std::string_view text, Date& out) noexcept {
    // YYYY-MM-DD, the year with an optional sign and four or more digits.
    if (text.size() < 10 || text[text.size() - 3] != '-' || text[text.size() - 6] != '-') {
        return false;
    }
    int year = 0, month = 0, day = 0;
    std::string_view y = text.substr(0, text.size() - 6);
    const bool negative = !y.empty() && y.front() == '-';
    if (negative || (!y.empty() && y.front() == '+')) y.remove_prefix(1);
    if (y.size() < 4 || !parse_int(y, year) || !parse_int(text.substr(text.size() - 5, 2), month) ||
        !parse_int(text.substr(text.size() - 2), day)) {
        return false;
    }
    if (negative) year = -year;
    if (month < 1 || month > 12 || day < 1 ||
        unsigned(day) > days_in_month(year, unsigned(month))) {
        return false;
    }
    const std::int64_t days = days_from_civil(year, unsigned(month), unsigned(day));
    if (!fits_date(days)) return false;
    out = Date{static_cast<std::int32_t>(days)};
    return true;
}

bool parse_datetime(std::string_view text, DateTime& out) noexcept {
    // DateTime's 64-bit microseconds reach about 292,000 years either side of 1970.
    constexpr std::int64_t micros_per_day = 86'400'000'000;
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
        if (zone.size() != 6 || zone[3] != ':' || !parse_int(zone.substr(1, 2), zh) ||
            !parse_int(zone.substr(4, 2), zm) || zh > 23 || zm > 59) {
            return false;
        }
        offset_seconds = (zone[0] == '-' ? -1 : 1) * (zh * 3600 + zm * 60);
    }
    int h = 0, m = 0, s = 0;
    std::int64_t micros = 0;
    if (time.size() < 5 || time[2] != ':' || !parse_int(time.substr(0, 2), h) ||
        !parse_int(time.substr(3, 2), m)) {
        return false;
    }
    if (time.size() > 5) {
        if (time.size() < 8 || time[5] != ':' || !parse_int(time.substr(6, 2), s)) return false;
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

Duration make_duration(const DurationUnits& u) {
    // Whole parts add up exactly in int64; only the fractions go through floating point, so a
    // large amount keeps its nanoseconds.
    auto out_of_range = [] { throw Error(ErrorKind::Type, "duration out of range"); };
    auto whole = [&](long double x) {
        if (!std::isfinite(x) || std::fabs(x) >= 9.2e18L) out_of_range();  // 2^63 is 9.22e18
        return static_cast<std::int64_t>(std::trunc(x));
    };
    auto frac = [](long double x) { return x - std::trunc(x); };
    auto add = [&](std::int64_t x, std::int64_t y) {
        std::int64_t r = 0;
        if (__builtin_add_overflow(x, y, &r)) out_of_range();
        return r;
    };
    auto mul = [&](std::int64_t x, std::int64_t y) {
        std::int64_t r = 0;
        if (__builtin_mul_overflow(x, y, &r)) out_of_range();
        return r;
    };
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

bool parse_duration(std::string_view text, Duration& out) noexcept {
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

const Value* find_property(const Properties& props, std::string_view name) noexcept {
    auto it =
        std::lower_bound(props.begin(), props.end(), name,
                         [](const auto& entry, std::string_view n) { return entry.first < n; });
    return it != props.end() && it->first == name ? &it->second : nullptr;
}

void set_property(Properties& props, std::string_view name, Value value) {
    auto it =
        std::lower_bound(props.begin(), props.end(), name,
                         [](const auto& entry, std::string_view n) { return entry.first < n; });
    const bool present = it != props.end() && it->first == name;
    if (value.is_null()) {
        if (present) props.erase(it);
    } else if (present) {
        it->second = std::move(value);
    } else {
        props.emplace(it, std::string(name), std::move(value));
    }
}

}  // namespace caspian
