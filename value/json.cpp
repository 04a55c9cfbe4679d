// JSON <-> Value of value/json.hpp and include/caspian/json.hpp. Encoding is by hand (entry
// order kept, floats as float_literal); decoding walks nlohmann::json's tree.
#include "value/json.hpp"

#include "value/literal.hpp"

#include <caspian/error.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <utility>

namespace caspian {

// --- Value -> JSON ----------------------------------------------------------------------------

std::string json_quote(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
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
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                if (c < 0x20) {
                    static const char hex[] = "0123456789abcdef";
                    out += "\\u00";
                    out += hex[c >> 4];
                    out += hex[c & 15];
                } else {
                    out += ch;
                }
        }
    }
    out += '"';
    return out;
}

namespace {

void append_json(std::string& out, const Value& v, JsonDates dates);

void append_props(std::string& out, const Properties& props, bool first, JsonDates dates) {
    for (const auto& [name, value] : props) {
        if (!first) out += ',';
        first = false;
        out += json_quote(name);
        out += ':';
        append_json(out, value, dates);
    }
}

void append_node(std::string& out, const Node& n) {
    out += "{\"_id\":" + std::to_string(n.id.value) + ",\"_labels\":[";
    for (std::size_t i = 0; i < n.labels.size(); ++i) {
        if (i > 0) out += ',';
        out += json_quote(n.labels[i]);
    }
    out += ']';
    append_props(out, n.properties, false, JsonDates::Text);
    out += '}';
}

void append_edge(std::string& out, const Edge& e) {
    out += "{\"_id\":" + std::to_string(e.id.value) + ",\"_type\":" + json_quote(e.type) +
           ",\"_src\":" + std::to_string(e.src.value) + ",\"_dst\":" + std::to_string(e.dst.value);
    append_props(out, e.properties, false, JsonDates::Text);
    out += '}';
}

void append_json(std::string& out, const Value& v, JsonDates dates) {
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
            if (std::isfinite(v.as_float())) {
                out += float_literal(v.as_float());
            } else if (dates == JsonDates::Tagged) {
                throw Error(ErrorKind::Type, "JSON cannot hold " + to_literal(v));
            } else {
                out += "null";
            }
            return;
        case ValueKind::String:
            out += json_quote(v.as_string());
            return;
        case ValueKind::Date:
        case ValueKind::DateTime:
        case ValueKind::Duration:
        case ValueKind::LocalTime:
        case ValueKind::Time:
        case ValueKind::LocalDateTime:
            // Tagged: {"$date": ..}, {"$datetime": ..}, {"$duration": ..}, ... so that an import
            // reads back the kind, not a string.
            if (dates == JsonDates::Tagged) {
                out += "{\"$" + std::string(to_string(v.kind())) +
                       "\":" + json_quote(temporal_to_iso(v)) + "}";
            } else {
                out += json_quote(temporal_to_iso(v));
            }
            return;
        case ValueKind::List: {
            out += '[';
            bool first = true;
            for (const auto& item : v.as_list()) {
                if (!first) out += ',';
                first = false;
                append_json(out, item, dates);
            }
            out += ']';
            return;
        }
        case ValueKind::Map:
            out += '{';
            append_props(out, v.as_map().entries, true, dates);
            out += '}';
            return;
        case ValueKind::Node:
            append_node(out, v.as_node());
            return;
        case ValueKind::Edge:
            append_edge(out, v.as_edge());
            return;
        case ValueKind::Path: {
            const Path& p = v.as_path();
            out += "{\"_nodes\":[";
            for (std::size_t i = 0; i < p.nodes.size(); ++i) {
                if (i > 0) out += ',';
                append_node(out, p.nodes[i]);
            }
            out += "],\"_edges\":[";
            for (std::size_t i = 0; i < p.edges.size(); ++i) {
                if (i > 0) out += ',';
                append_edge(out, p.edges[i]);
            }
            out += "]}";
            return;
        }
    }
}

}  // namespace

std::string to_json(const Value& v, JsonDates dates) {
    std::string out;
    append_json(out, v, dates);
    return out;
}

std::string to_json(const Value& v) {
    return to_json(v, JsonDates::Text);
}

// --- JSON -> Value ----------------------------------------------------------------------------

namespace {

// {"$<kind>": "<ISO text>"} as the value, as the Tagged output writes it; nullopt otherwise.
std::optional<Value> tagged_temporal(const std::string& key, const nlohmann::json& text) {
    const std::string s = text.get<std::string>();
    if (key == "$date") {
        if (Date d; parse_date(s, d)) return Value(d);
    } else if (key == "$datetime") {
        if (DateTime t; parse_datetime(s, t)) return Value(std::move(t));
    } else if (key == "$duration") {
        if (Duration d; parse_duration(s, d)) return Value(d);
    } else if (key == "$localtime") {
        if (LocalTime t; parse_localtime(s, t)) return Value(t);
    } else if (key == "$time") {
        if (Time t; parse_time(s, t)) return Value(t);
    } else if (key == "$localdatetime") {
        if (LocalDateTime t; parse_localdatetime(s, t)) return Value(t);
    }
    return std::nullopt;
}

}  // namespace

Value from_json(const nlohmann::json& j, JsonObjects objects,
                const std::function<void(std::string_view)>& on_string) {
    switch (j.type()) {
        case nlohmann::json::value_t::null:
            return Value();
        case nlohmann::json::value_t::boolean:
            return Value(j.get<bool>());
        case nlohmann::json::value_t::number_integer:
            return Value(j.get<std::int64_t>());
        case nlohmann::json::value_t::number_unsigned: {
            const auto u = j.get<std::uint64_t>();
            if (u > static_cast<std::uint64_t>(INT64_MAX)) {
                throw Error(ErrorKind::Type, "integer out of range");
            }
            return Value(static_cast<std::int64_t>(u));
        }
        case nlohmann::json::value_t::number_float:
            return Value(j.get<double>());
        case nlohmann::json::value_t::string: {
            auto text = j.get<std::string>();
            if (on_string) on_string(text);
            return Value(std::move(text));
        }
        case nlohmann::json::value_t::array: {
            List items;
            for (const auto& item : j)
                items.push_back(from_json(item, objects, on_string));
            return Value(std::move(items));
        }
        case nlohmann::json::value_t::object: {
            if (objects == JsonObjects::TaggedTemporals) {
                if (j.size() == 1 && j.begin().value().is_string()) {
                    if (auto v = tagged_temporal(j.begin().key(), j.begin().value())) return *v;
                }
                throw Error(ErrorKind::Type,
                            "an object other than a tagged temporal value ({\"$date\": ..}, "
                            "{\"$datetime\": ..}, {\"$duration\": ..}, ...) cannot be stored");
            }
            Map m;
            for (const auto& [name, item] : j.items())
                m.entries.emplace_back(name, from_json(item, objects, on_string));
            std::sort(m.entries.begin(), m.entries.end(),
                      [](const auto& a, const auto& b) { return a.first < b.first; });
            return Value(std::move(m));
        }
        default:
            throw Error(ErrorKind::Type, "unsupported JSON value");
    }
}

std::optional<Value> from_json(std::string_view text) {
    nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) return std::nullopt;
    try {
        return from_json(j, JsonObjects::Maps);
    } catch (const Error&) {
        return std::nullopt;
    }
}

}  // namespace caspian
