// APOC JSON Lines export (apoc.export.json.all's JSON_LINES format, #21): one object per node,
// then one per relationship; temporal values as APOC writes them, ISO 8601 strings. Refuses, up
// front, what would not read back as itself.
#include "query/api/export/export.hpp"

#include "value/json.hpp"
#include "value/literal.hpp"
#include "value/temporal.hpp"

#include <cmath>

namespace caspian::detail {

namespace {

namespace fs = std::filesystem;

[[noreturn]] void refuse(const std::string& where, const std::string& name, const Value& v,
                         const char* why) {
    throw Error(ErrorKind::Type, where + ": property '" + name + "' holds " + to_literal(v) +
                                     ", which apoc-jsonl cannot hold (" + why +
                                     "); export as jsonl");
}

void check_value(const std::string& where, const std::string& name, const Value& v) {
    if (v.kind() == ValueKind::Float && !std::isfinite(v.as_float())) {
        refuse(where, name, v, "JSON has no NaN or infinity");
    }
    if (v.kind() == ValueKind::String && name != "key" && !apoc_temporal(v.as_string()).is_null()) {
        refuse(where, name, v, "the string would read back as a temporal value");
    }
    if (v.kind() == ValueKind::List) {
        for (const Value& x : v.as_list())
            check_value(where, name, x);
    }
}

std::string apoc_value(const Value& v) {
    if (is_temporal(v.kind())) return json_quote(temporal_to_iso(v));
    if (v.kind() != ValueKind::List) return to_json(v, JsonDates::Text);
    std::string out = "[";
    for (const Value& x : v.as_list())
        out += (out.size() > 1 ? "," : "") + apoc_value(x);
    return out + "]";
}

std::string apoc_props(const Properties& props) {
    std::string out = ",\"properties\":{";
    for (std::size_t i = 0; i < props.size(); ++i) {
        out += (i > 0 ? "," : "") + json_quote(props[i].first) + ":" + apoc_value(props[i].second);
    }
    return out + "}";
}

std::string labels_json(const std::vector<std::string>& labels) {
    std::string out = "[";
    for (std::size_t i = 0; i < labels.size(); ++i)
        out += (i > 0 ? "," : "") + json_quote(labels[i]);
    return out + "]";
}

std::string end_json(NodeId id, const NodeTable& table) {
    return "{\"id\":\"" + std::to_string(id.value) +
           "\",\"labels\":" + labels_json(table.nodes[table.index.at(id.value)].labels) + "}";
}

}  // namespace

Value apoc_temporal(std::string_view s) {
    Value v;
    for (ValueKind kind : temporal_kinds) {
        if (std::optional<Value> parsed = parse_temporal(kind, s)) {
            v = std::move(*parsed);
            break;
        }
    }
    // Only the exact text caspian (and APOC, for the common forms) writes: "2022" stays a string.
    if (v.is_null() || temporal_to_iso(v) != s) return Value();
    return v;
}

ExportReport export_apoc_jsonl(const Database& db, const fs::path& path) {
    ReadTransaction txn = db.begin_read();
    const NodeTable table = load_nodes(txn);
    for (const Node& n : table.nodes) {
        for (const auto& [name, value] : n.properties)
            check_value("node " + std::to_string(n.id.value), name, value);
        for (const Edge& e : txn.edges(n.id, Direction::Out)) {
            for (const auto& [name, value] : e.properties)
                check_value("relationship " + std::to_string(e.id.value), name, value);
        }
    }
    std::error_code ec;
    if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
    auto out = open_out(path);
    ExportReport report;
    for (const Node& n : table.nodes) {
        ++report.nodes;
        out << "{\"type\":\"node\",\"id\":\"" << n.id.value
            << "\",\"labels\":" << labels_json(n.labels);
        if (!n.properties.empty()) out << apoc_props(n.properties);
        out << "}\n";
        check_out(out, path);
    }
    for (const Node& n : table.nodes) {
        for (const Edge& e : txn.edges(n.id, Direction::Out)) {
            ++report.edges;
            out << "{\"type\":\"relationship\",\"id\":\"" << e.id.value
                << "\",\"label\":" << json_quote(e.type) << ",\"start\":" << end_json(e.src, table)
                << ",\"end\":" << end_json(e.dst, table);
            if (!e.properties.empty()) out << apoc_props(e.properties);
            out << "}\n";
            check_out(out, path);
        }
    }
    close_out(out, path);
    report.files = {path};
    return report;
}

}  // namespace caspian::detail
