// The RDF mapping of rdf_terms.hpp: IRIs under a base and typed literals, both ways.
#include "query/api/rdf/rdf_terms.hpp"

#include "query/api/export/export.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdlib>

namespace caspian::detail::rdf {

namespace {

// The xsd:duration form of d: one sign for the whole (-PT0.5S, where toString writes PT-0.5S);
// nullopt when the parts have different signs (P1M-3D), which xsd:duration cannot say, or when
// a negative part is INT64_MIN and has no positive counterpart.
std::optional<std::string> xsd_duration(const Duration& d) {
    const bool neg = d.months < 0 || d.days < 0 || d.seconds < 0;
    const bool pos = d.months > 0 || d.days > 0 || d.seconds > 0 || (d.seconds == 0 && d.nanos > 0);
    if (!neg) return to_iso(d);
    if (pos || d.months == INT64_MIN || d.days == INT64_MIN || d.seconds == INT64_MIN) {
        return std::nullopt;
    }
    Duration magnitude{-d.months, -d.days, -d.seconds, 0};
    if (d.nanos > 0) magnitude = {-d.months, -d.days, -d.seconds - 1, 1'000'000'000 - d.nanos};
    return "-" + to_iso(magnitude);
}

// xsd:time and xsd:dateTime need the seconds, which toString leaves out when zero (09:30);
// time_start is where HH:MM begins in iso.
std::string with_seconds(std::string iso, std::size_t time_start) {
    if (iso.size() > time_start + 5 && iso[time_start + 5] == ':') return iso;
    iso.insert(std::min(time_start + 5, iso.size()), ":00");
    return iso;
}

Literal xsd(std::string lexical, std::string_view type) {
    return {std::move(lexical), std::string(xsd_ns) + std::string(type)};
}

Literal own(std::string lexical, std::string_view type) {
    return {std::move(lexical), std::string(caspian_ns) + std::string(type)};
}

[[noreturn]] void not_a(std::string_view lexical, std::string_view datatype) {
    throw Error(ErrorKind::Type,
                "'" + std::string(lexical) + "' is not a valid <" + std::string(datatype) + ">");
}

// An offset (Z, +HH:MM, -HH:MM) after the time of day that starts at from.
bool has_offset(std::string_view lexical, std::size_t from) {
    return lexical.find_first_of("Z+-", from) != std::string_view::npos;
}

Value temporal(std::string_view kind, std::string_view lexical, std::string_view datatype) {
    const std::size_t t = lexical.find('T');
    if (kind == "date") {
        Date d;
        if (parse_date(lexical, d)) return Value(d);
    } else if (kind == "dateTime" || kind == "datetime") {
        if (kind == "datetime" || (t != std::string_view::npos && has_offset(lexical, t))) {
            DateTime v;
            if (parse_datetime(lexical, v)) return Value(v);
        } else {
            LocalDateTime v;
            if (parse_localdatetime(lexical, v)) return Value(v);
        }
    } else if (kind == "time") {
        if (has_offset(lexical, 0)) {
            Time v;
            if (parse_time(lexical, v)) return Value(v);
        } else {
            LocalTime v;
            if (parse_localtime(lexical, v)) return Value(v);
        }
    } else if (kind == "duration") {
        Duration d;
        if (parse_duration(lexical, d)) return Value(d);
    } else {
        return Value(std::string(lexical));
    }
    not_a(lexical, datatype);
}

}  // namespace

Vocabulary::Vocabulary(std::string_view b) : base(b) {
    if (base.empty() || base.find(':') == std::string::npos) {
        throw Error(ErrorKind::Usage,
                    "--base '" + base + "' is not an absolute IRI (e.g. http://caspian.local/)");
    }
    for (char ch : base) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || std::string_view("<>\"{}|^`\\").find(ch) != std::string_view::npos) {
            throw Error(ErrorKind::Usage,
                        "--base '" + base + "' holds a character IRIs do not allow");
        }
    }
    if (base.back() != '/' && base.back() != '#' && base.back() != ':') base += '/';
    node = base + "node/";
    node_id = base + "node/id/";
    label = base + "label/";
    property = base + "property/";
    type = base + "type/";
}

std::string Vocabulary::node_iri(const Node& n) const {
    if (const Value* k = find_property(n.properties, "key");
        k != nullptr && k->kind() == ValueKind::String) {
        return node + iri_part(k->as_string());
    }
    return node_id + std::to_string(n.id.value);
}

std::string iri_part(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~') {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::optional<std::string> iri_unescape(std::string_view s) {
    auto digit = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        if (i + 2 >= s.size()) return std::nullopt;
        const int hi = digit(s[i + 1]), lo = digit(s[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

std::string local_name(std::string_view iri) {
    const std::size_t at = iri.find_last_of("#/:");
    const std::string_view name = at == std::string_view::npos ? iri : iri.substr(at + 1);
    return iri_unescape(name).value_or(std::string(name));
}

Literal literal_of(const Value& v) {
    switch (v.kind()) {
        case ValueKind::Bool:
            return xsd(scalar_text(v), "boolean");
        case ValueKind::Int:
            return xsd(scalar_text(v), "integer");
        case ValueKind::Float:
            return xsd(scalar_text(v), "double");
        case ValueKind::Date:
            return xsd(to_iso(v.as_date()), "date");
        case ValueKind::DateTime: {
            // xsd:dateTime has no zone name, and its offsets are whole minutes.
            const DateTime& t = v.as_datetime();
            if (!t.zone.empty() || t.offset % 60 != 0) return own(to_iso(t), "datetime");
            const std::string iso = to_iso(t);
            return xsd(with_seconds(iso, iso.find('T') + 1), "dateTime");
        }
        case ValueKind::LocalDateTime: {
            const std::string iso = to_iso(v.as_localdatetime());
            return xsd(with_seconds(iso, iso.find('T') + 1), "dateTime");
        }
        case ValueKind::Time: {
            const Time& t = v.as_time();
            if (t.offset % 60 != 0) return own(to_iso(t), "time");
            return xsd(with_seconds(to_iso(t), 0), "time");
        }
        case ValueKind::LocalTime:
            return xsd(with_seconds(to_iso(v.as_localtime()), 0), "time");
        case ValueKind::Duration:
            if (auto text = xsd_duration(v.as_duration())) return xsd(*text, "duration");
            return own(to_iso(v.as_duration()), "duration");
        default:
            return xsd(scalar_text(v), "string");
    }
}

Value value_of(std::string_view lexical, std::string_view datatype) {
    if (datatype.substr(0, caspian_ns.size()) == caspian_ns) {
        return temporal(datatype.substr(caspian_ns.size()), lexical, datatype);
    }
    if (datatype.substr(0, xsd_ns.size()) != xsd_ns) return Value(std::string(lexical));
    const std::string_view type = datatype.substr(xsd_ns.size());
    if (type == "integer" || type == "long" || type == "int" || type == "short" || type == "byte" ||
        type == "nonNegativeInteger" || type == "positiveInteger" || type == "negativeInteger" ||
        type == "nonPositiveInteger" || type == "unsignedInt" || type == "unsignedShort" ||
        type == "unsignedByte" || type == "unsignedLong") {
        std::string_view digits = lexical;
        if (!digits.empty() && digits[0] == '+') digits.remove_prefix(1);
        std::int64_t i = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), i);
        if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) {
            not_a(lexical, datatype);
        }
        return Value(i);
    }
    if (type == "double" || type == "float" || type == "decimal") {
        const std::string s(lexical);  // strtod needs the terminating NUL
        char* end = nullptr;
        const double d = std::strtod(s.c_str(), &end);
        if (s.empty() || end != s.c_str() + s.size()) not_a(lexical, datatype);
        return Value(d);
    }
    if (type == "boolean") {
        if (lexical == "true" || lexical == "1") return Value(true);
        if (lexical == "false" || lexical == "0") return Value(false);
        not_a(lexical, datatype);
    }
    return temporal(type, lexical, datatype);
}

}  // namespace caspian::detail::rdf
