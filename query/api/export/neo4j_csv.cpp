// neo4j-csv export: neo4j-admin's import layout (one nodes file per label set, one relationships
// file per type, typed header columns), checked whole before the first byte is written (#21).
#include "query/api/export/export.hpp"

#include "value/literal.hpp"

#include <algorithm>
#include <map>
#include <utility>

namespace caspian::detail {

namespace {

namespace fs = std::filesystem;

// Neo4j 5's header type names (Operations Manual, "Import: header format"): CSV's, but for
// the integer and float kinds, whose `int` and `float` would be 32 bits wide in Neo4j.
const char* neo4j_type(ValueKind k) {
    if (k == ValueKind::Int) return "long";
    if (k == ValueKind::Float) return "double";
    return csv_type(k);
}

// One output file: the nodes of one label set or the relationships of one type, with its
// columns (property name -> header type) known before the header is written.
struct Group {
    std::string name;  // the label set joined by ';', or the type
    std::map<std::string, std::string> columns;
    std::map<std::string, bool> only_empty_lists;  // typed "string[]" until a real list comes
    fs::path path;
};

[[noreturn]] void refuse(const std::string& where, const std::string& what) {
    throw Error(ErrorKind::Type,
                where + ": " + what + ", which neo4j-csv cannot hold; export as jsonl");
}

// The header type of a value, or refuses what the layout would write with loss.
std::string column_type(const std::string& where, const std::string& name, const Value& v) {
    const std::string prop = "property '" + name + "' holds " + to_literal(v);
    if (v.kind() != ValueKind::List) {
        if (const char* t = neo4j_type(v.kind())) return t;
        refuse(where, prop);
    }
    const List& items = v.as_list();
    if (items.empty()) return "";
    const char* t = neo4j_type(items.front().kind());
    for (const Value& x : items) {
        if (t == nullptr || x.kind() != items.front().kind()) refuse(where, prop);
        // ';' separates the elements, and a lone "" reads back as the empty list.
        if (x.kind() == ValueKind::String && (x.as_string().find(';') != std::string::npos ||
                                              (items.size() == 1 && x.as_string().empty()))) {
            refuse(where, prop);
        }
    }
    return std::string(t) + "[]";
}

void add_columns(Group& g, const std::string& where, const Properties& props) {
    for (const auto& [name, value] : props) {
        if (name.find(':') != std::string::npos) {
            refuse(where, "property name '" + name + "' holds ':'");
        }
        const std::string type = column_type(where, name, value);
        auto [it, fresh] = g.columns.emplace(name, type.empty() ? "string[]" : type);
        bool& empty_only = g.only_empty_lists[name];
        if (fresh) {
            empty_only = type.empty();
            continue;
        }
        if (type.empty() && it->second.ends_with("[]")) continue;
        if (empty_only && type.ends_with("[]")) {
            it->second = type;
            empty_only = false;
            continue;
        }
        if (it->second != type) {
            refuse(where, "property '" + name + "' holds both " + it->second + " and " +
                              (type.empty() ? "an empty list" : type) +
                              " values (one type per column)");
        }
    }
}

// A path as one shell word: single-quoted unless it needs no quotes.
std::string shell_word(const std::string& s) {
    if (!s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                          "0123456789_-./=:") == std::string::npos) {
        return s;
    }
    std::string out = "'";
    for (char c : s)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

void name_files(std::map<std::string, Group>& groups, const fs::path& dir, const char* kind) {
    std::size_t i = 0;
    for (auto& [name, g] : groups) {
        g.name = name;
        const std::string part = file_part(name);
        g.path = dir / (std::string(kind) + "-" + std::to_string(++i) +
                        (part.empty() ? "" : "-" + part) + ".csv");
    }
}

void write_header(std::ostream& out, const char* fixed, const Group& g) {
    out << fixed;
    for (const auto& [name, type] : g.columns)
        out << ',' << csv_maybe_quote(name + ":" + type);
    out << '\n';
}

void write_props(std::ostream& out, const Group& g, const Properties& props) {
    for (const auto& [name, type] : g.columns) {
        out << ',';
        if (const Value* v = find_property(props, name)) out << csv_field(*v);
    }
}

std::string label_set(const Node& n) {
    std::string labels;
    for (const auto& l : n.labels) {
        if (l.find(';') != std::string::npos) {
            refuse("node " + std::to_string(n.id.value), "label '" + l + "' holds ';'");
        }
        labels += (labels.empty() ? "" : ";") + l;
    }
    return labels;
}

}  // namespace

std::string file_part(const std::string& s) {
    std::string out;
    for (char c : s.substr(0, 40)) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') || c == '_' || c == '-';
        out += plain ? c : (c == ';' ? '-' : '_');
    }
    return out;
}

ExportReport export_neo4j_csv(const Database& db, const fs::path& dir) {
    ReadTransaction txn = db.begin_read();
    const std::vector<NodeId> ids = node_ids(txn);

    // First pass: every file's columns, and every refusal before anything is written.
    std::map<std::string, Group> node_groups, edge_groups;
    for (NodeId id : ids) {
        auto n = txn.node(id);
        if (!n) continue;
        const std::string labels = label_set(*n);
        add_columns(node_groups[labels], "label set '" + labels + "'", n->properties);
        for (const Edge& e : txn.edges(id, Direction::Out))
            add_columns(edge_groups[e.type], "type '" + e.type + "'", e.properties);
    }
    make_export_dir(dir);
    name_files(node_groups, dir, "nodes");
    name_files(edge_groups, dir, "relationships");

    ExportReport report;
    std::map<std::string, std::ofstream> files;
    for (auto* groups : {&node_groups, &edge_groups}) {
        for (auto& [name, g] : *groups) {
            auto& out = files[g.path.string()] = open_out(g.path);
            write_header(out, groups == &node_groups ? ":ID,:LABEL" : ":START_ID,:END_ID,:TYPE", g);
            report.files.push_back(g.path);
        }
    }
    for (NodeId id : ids) {
        auto n = txn.node(id);
        if (!n) continue;
        ++report.nodes;
        const Group& g = node_groups.at(label_set(*n));
        std::ofstream& out = files.at(g.path.string());
        out << id.value << ',' << csv_maybe_quote(g.name);
        write_props(out, g, n->properties);
        out << '\n';
        check_out(out, g.path);
        for (const Edge& e : txn.edges(id, Direction::Out)) {
            ++report.edges;
            const Group& r = edge_groups.at(e.type);
            std::ofstream& rout = files.at(r.path.string());
            rout << e.src.value << ',' << e.dst.value << ',' << csv_quote(e.type);
            write_props(rout, r, e.properties);
            rout << '\n';
            check_out(rout, r.path);
        }
    }
    for (auto& [path, out] : files)
        close_out(out, path);

    // Strings may hold line ends; the arrays use ';', neo4j-admin's default, said explicitly.
    report.load_command =
        "neo4j-admin database import full --array-delimiter=';' --multiline-fields=true";
    for (const auto& [name, g] : node_groups)
        report.load_command += " --nodes=" + shell_word(g.path.string());
    for (const auto& [name, g] : edge_groups)
        report.load_command += " --relationships=" + shell_word(g.path.string());
    report.load_command += " neo4j";
    return report;
}

}  // namespace caspian::detail
