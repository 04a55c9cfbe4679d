// N-Triples export: nodes as IRIs under a base (by key, else by id), labels as rdf:type,
// properties as xsd-typed literals (one triple per list element), edges as triples of their
// type; edge properties are not written (RDF 1.1 has no statement properties).
#include "query/api/export/export.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>

namespace caspian::detail {

namespace {

// Percent-encodes every byte but the IRI unreserved ASCII characters.
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

// A string literal body per the N-Triples grammar (ECHAR and UCHAR escapes). Not json_quote:
// the rules differ in \b, \f and DEL (here \u0008, \u000C, \u007F) and in the hex digits' case.
std::string nt_escape(std::string_view s) {
    std::string out;
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20 || c == 0x7F) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(c));
                    out += buf;
                } else {
                    out += ch;
                }
        }
    }
    return out;
}

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

// The XML Schema datatype of a value as xsd_text writes it (JSON text is a string).
const char* xsd_type(const Value& v) {
    switch (v.kind()) {
        case ValueKind::Bool:
            return "boolean";
        case ValueKind::Int:
            return "integer";
        case ValueKind::Float:
            return "double";
        case ValueKind::Date:
            return "date";
        case ValueKind::DateTime:
        case ValueKind::LocalDateTime:  // xsd:dateTime's timezone is optional
            return "dateTime";
        case ValueKind::Time:
        case ValueKind::LocalTime:
            return "time";
        case ValueKind::Duration:
            return xsd_duration(v.as_duration()) ? "duration" : "string";
        default:
            return "string";
    }
}

// xsd:time and xsd:dateTime need the seconds, which toString leaves out when zero (09:30);
// time_start is where HH:MM begins in iso.
std::string with_seconds(std::string iso, std::size_t time_start) {
    if (iso.size() > time_start + 5 && iso[time_start + 5] == ':') return iso;
    iso.insert(std::min(time_start + 5, iso.size()), ":00");
    return iso;
}

// The lexical form for xsd_type: a datetime keeps its offset but not its zone name (xsd has no
// place for it), and is written in UTC when the offset has seconds (a historical zone's local
// mean time: xsd offsets are whole minutes); a duration as xsd_duration writes it.
std::string xsd_text(const Value& v) {
    constexpr std::int64_t nanos_per_day = 86'400'000'000'000;
    switch (v.kind()) {
        case ValueKind::DateTime: {
            DateTime t = v.as_datetime();
            t.zone.clear();
            if (t.offset % 60 != 0) t.offset = 0;
            const std::string iso = to_iso(t);
            return with_seconds(iso, iso.find('T') + 1);
        }
        case ValueKind::LocalDateTime: {
            const std::string iso = to_iso(v.as_localdatetime());
            return with_seconds(iso, iso.find('T') + 1);
        }
        case ValueKind::Time: {
            Time t = v.as_time();
            if (t.offset % 60 != 0) {
                t.nanos = ((t.nanos - std::int64_t{t.offset} * 1'000'000'000) % nanos_per_day +
                           nanos_per_day) %
                          nanos_per_day;
                t.offset = 0;
            }
            return with_seconds(to_iso(t), 0);
        }
        case ValueKind::LocalTime:
            return with_seconds(to_iso(v.as_localtime()), 0);
        case ValueKind::Duration:
            if (auto text = xsd_duration(v.as_duration())) return *text;
            return scalar_text(v);
        default:
            return scalar_text(v);
    }
}

// A typed literal, or nothing for null.
std::optional<std::string> nt_literal(const Value& v) {
    if (v.is_null()) return std::nullopt;
    return "\"" + nt_escape(xsd_text(v)) + "\"^^<http://www.w3.org/2001/XMLSchema#" + xsd_type(v) +
           ">";
}

std::string node_iri(const std::string& base, const Node& n) {
    if (const Value* k = find_property(n.properties, "key");
        k != nullptr && k->kind() == ValueKind::String) {
        return "<" + base + "node/" + iri_part(k->as_string()) + ">";
    }
    return "<" + base + "node/id/" + std::to_string(n.id.value) + ">";
}

}  // namespace

std::string ntriples_base(std::string_view base) {
    if (base.empty() || base.find(':') == std::string_view::npos) {
        throw Error(ErrorKind::Usage, "--base '" + std::string(base) +
                                          "' is not an absolute IRI (e.g. http://caspian.local/)");
    }
    for (char ch : base) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || std::string_view("<>\"{}|^`\\").find(ch) != std::string_view::npos) {
            throw Error(ErrorKind::Usage,
                        "--base '" + std::string(base) + "' holds a character IRIs do not allow");
        }
    }
    std::string out(base);
    if (out.back() != '/' && out.back() != '#' && out.back() != ':') out += '/';
    return out;
}

void write_ntriples(const ReadTransaction& txn, const NodeTable& table, const std::string& base,
                    std::ostream& out, ExportReport& report) {
    const std::vector<Node>& nodes = table.nodes;
    const auto& index = table.index;
    const std::string rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>";
    for (const Node& n : nodes) {
        const std::string s = node_iri(base, n);
        for (const auto& l : n.labels)
            out << s << ' ' << rdf_type << " <" << base << "label/" << iri_part(l) << "> .\n";
        for (const auto& [name, value] : n.properties) {
            const std::string p = "<" + base + "property/" + iri_part(name) + ">";
            auto emit = [&](const Value& v) {
                if (auto lit = nt_literal(v)) out << s << ' ' << p << ' ' << *lit << " .\n";
            };
            if (value.kind() == ValueKind::List) {
                for (const Value& item : value.as_list())
                    emit(item);
            } else {
                emit(value);
            }
        }
    }
    for (const Node& n : nodes) {
        for (const Edge& e : txn.edges(n.id, Direction::Out)) {
            ++report.edges;
            const auto dst = index.find(e.dst.value);
            const std::string o = dst != index.end()
                                      ? node_iri(base, nodes[dst->second])
                                      : "<" + base + "node/id/" + std::to_string(e.dst.value) + ">";
            out << node_iri(base, n) << " <" << base << "type/" << iri_part(e.type) << "> " << o
                << " .\n";
        }
    }
}

}  // namespace caspian::detail
