// The vocabulary type caspian::Value: structural equality, storability, kind names and sorted
// property lists. Literal text is literal.cpp's; the temporal kinds are value/temporal.hpp's.
#include <caspian/value.hpp>

#include <algorithm>
#include <cmath>

namespace caspian {

namespace {

bool same_properties(const Properties& a, const Properties& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](auto& x, auto& y) {
               return x.first == y.first && x.second == y.second;
           });
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
        case ValueKind::LocalTime:
            return a.as_localtime() == b.as_localtime();
        case ValueKind::Time:
            return a.as_time() == b.as_time();
        case ValueKind::LocalDateTime:
            return a.as_localdatetime() == b.as_localdatetime();
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
        case ValueKind::LocalTime:
            return "localtime";
        case ValueKind::Time:
            return "time";
        case ValueKind::LocalDateTime:
            return "localdatetime";
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
