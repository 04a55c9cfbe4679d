// CSV export: nodes.csv and edges.csv in the import format (docs/import-export.md), with a
// typed header column per property name and kind, so the files read back as the same graph.
#include "query/api/export/export.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace caspian::detail {

std::string csv_quote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

std::string csv_maybe_quote(std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
    return csv_quote(s);
}

const char* csv_type(ValueKind k) {
    switch (k) {
        case ValueKind::Int:
            return "int";
        case ValueKind::Float:
            return "float";
        case ValueKind::Bool:
            return "boolean";
        case ValueKind::String:
            return "string";
        case ValueKind::Date:
            return "date";
        case ValueKind::DateTime:
            return "datetime";
        case ValueKind::LocalDateTime:
            return "localdatetime";
        case ValueKind::Time:
            return "time";
        case ValueKind::LocalTime:
            return "localtime";
        case ValueKind::Duration:
            return "duration";
        default:
            return nullptr;
    }
}

namespace {

// The header type of a property value ("int", "string[]"), or throws for what CSV cannot hold.
std::string csv_column_type(const std::string& name, const Value& v) {
    if (v.kind() != ValueKind::List) {
        if (const char* t = csv_type(v.kind())) return t;
    } else {
        const List& items = v.as_list();
        if (items.empty()) return "string[]";
        const char* t = csv_type(items.front().kind());
        const bool same = std::all_of(items.begin(), items.end(), [&](const Value& x) {
            return x.kind() == items.front().kind();
        });
        // ';' separates the elements, and a lone "" reads back as the empty list.
        const bool separable = std::none_of(items.begin(), items.end(), [&](const Value& x) {
            return x.kind() == ValueKind::String && (x.as_string().find(';') != std::string::npos ||
                                                     (items.size() == 1 && x.as_string().empty()));
        });
        if (t != nullptr && same && separable) return std::string(t) + "[]";
    }
    throw Error(ErrorKind::Type, "property '" + name + "' holds " + to_literal(v) +
                                     ", which CSV cannot hold; export as jsonl");
}

using ColumnKey = std::pair<std::string, std::string>;  // property name, header type

void add_columns(std::map<ColumnKey, std::size_t>& cols, const Properties& props) {
    for (const auto& [name, value] : props)
        cols.emplace(ColumnKey{name, csv_column_type(name, value)}, 0);
}

void number_columns(std::map<ColumnKey, std::size_t>& cols) {
    std::size_t i = 0;
    for (auto& [key, index] : cols)
        index = i++;
}

void write_props(std::ostream& out, const std::map<ColumnKey, std::size_t>& cols,
                 const Properties& props) {
    std::vector<std::string> cells(cols.size());
    for (const auto& [name, value] : props) {
        cells[cols.at(ColumnKey{name, csv_column_type(name, value)})] = csv_field(value);
    }
    for (const auto& c : cells)
        out << ',' << c;
}

}  // namespace

// Strings and lists are always quoted: an unquoted empty field reads back as "absent".
std::string csv_field(const Value& v) {
    if (v.kind() == ValueKind::String) return csv_quote(v.as_string());
    if (v.kind() == ValueKind::List) {
        std::string joined;
        for (std::size_t i = 0; i < v.as_list().size(); ++i) {
            if (i > 0) joined += ';';
            joined += scalar_text(v.as_list()[i], FloatText::Cypher);
        }
        return csv_quote(joined);
    }
    return scalar_text(v, FloatText::Cypher);  // csv_column_type let only scalars through
}

ExportReport export_csv(const Database& db, const std::filesystem::path& dir) {
    ReadTransaction txn = db.begin_read();
    const std::vector<NodeId> ids = node_ids(txn);
    ExportReport report;
    const std::filesystem::path nodes_path = dir / "nodes.csv";
    const std::filesystem::path edges_path = dir / "edges.csv";

    // The header needs every property name and kind before the first row.
    std::map<ColumnKey, std::size_t> node_cols, edge_cols;
    for (NodeId id : ids) {
        if (auto n = txn.node(id)) add_columns(node_cols, n->properties);
        for (const Edge& e : txn.edges(id, Direction::Out))
            add_columns(edge_cols, e.properties);
    }
    number_columns(node_cols);
    number_columns(edge_cols);
    make_export_dir(dir);  // after the columns: a value CSV cannot hold leaves nothing behind

    auto nodes = open_out(nodes_path);
    nodes << ":ID,:LABEL";
    for (const auto& [key, index] : node_cols)
        nodes << ',' << csv_maybe_quote(key.first + ":" + key.second);
    nodes << '\n';
    for (NodeId id : ids) {
        auto n = txn.node(id);
        if (!n) continue;
        ++report.nodes;
        std::string labels;
        for (const auto& l : n->labels)
            labels += (labels.empty() ? "" : ";") + l;
        nodes << id.value << ',' << csv_maybe_quote(labels);
        write_props(nodes, node_cols, n->properties);
        nodes << '\n';
        check_out(nodes, nodes_path);
    }
    close_out(nodes, nodes_path);

    auto edges = open_out(edges_path);
    edges << ":START_ID,:END_ID,:TYPE";
    for (const auto& [key, index] : edge_cols)
        edges << ',' << csv_maybe_quote(key.first + ":" + key.second);
    edges << '\n';
    for (NodeId id : ids) {
        for (const Edge& e : txn.edges(id, Direction::Out)) {
            ++report.edges;
            edges << e.src.value << ',' << e.dst.value << ',' << csv_maybe_quote(e.type);
            write_props(edges, edge_cols, e.properties);
            edges << '\n';
            check_out(edges, edges_path);
        }
    }
    close_out(edges, edges_path);
    report.files = {nodes_path, edges_path};
    return report;
}

}  // namespace caspian::detail
