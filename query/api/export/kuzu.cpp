// kuzu export: CSV files in Kùzu's dialect (one per label set, one per edge type and end-table
// pair) and schema.cypher with the CREATE NODE/REL TABLE and COPY statements that load them
// (#21). Everything is checked before the first byte is written; what Kùzu cannot hold is refused.
#include "query/api/export/export.hpp"

#include "value/literal.hpp"
#include "value/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>
#include <utility>

namespace caspian::detail {

namespace {

namespace fs = std::filesystem;

// Every node table has these two columns before the properties.
constexpr const char* id_column = "caspian_id";
constexpr const char* labels_column = "caspian_labels";

[[noreturn]] void refuse(const std::string& where, const std::string& what) {
    throw Error(ErrorKind::Type, where + ": " + what + ", which kuzu cannot hold; export as jsonl");
}

// Kùzu reads a list field `[a,b]` by splitting at ',' outside brackets and trimming each element,
// keeps quotes in the element and reads an empty element as null: a string element is written
// only when it reads back as itself.
bool is_plain_list_string(const std::string& s) {
    if (s.empty() || s.front() == ' ' || s.back() == ' ') return false;
    return s.find_first_of(",[]{}\"'\\\t\r\n") == std::string::npos;
}

// Kùzu's INTERVAL text ("14 months 3 days 5 us"): its parser reads no negative part and keeps
// microseconds.
bool is_kuzu_interval(const Duration& d) {
    return d.months >= 0 && d.days >= 0 && d.seconds >= 0 && d.nanos >= 0 && d.nanos % 1000 == 0 &&
           d.seconds <= INT64_MAX / 1'000'000 - 1;
}

std::string interval_text(const Duration& d) {
    return std::to_string(d.months) + " months " + std::to_string(d.days) + " days " +
           std::to_string(d.seconds * 1'000'000 + d.nanos / 1000) + " us";
}

// TIMESTAMP_NS wants the seconds and a four-digit year; its nanoseconds since 1970 are 64 bits.
std::string timestamp_text(const LocalDateTime& t) {
    std::string iso = to_iso(t);
    const auto tee = iso.find('T');
    if (tee != std::string::npos && iso.size() - tee == 6) iso += ":00";
    return iso;
}

// The Kùzu column type of v ("INT64", "STRING[]"); "?" stands for the element type of an empty
// list. Refuses (naming where and the property) what has no lossless Kùzu form.
std::string kuzu_type(const std::string& where, const std::string& prop, const Value& v,
                      bool in_list) {
    const auto no = [&] { refuse(where, "property '" + prop + "' holds " + to_literal(v)); };
    switch (v.kind()) {
        case ValueKind::Int:
            return "INT64";
        case ValueKind::Float:
            if (!std::isfinite(v.as_float())) no();  // Kùzu reads nan and inf as null
            return "DOUBLE";
        case ValueKind::Bool:
            return "BOOLEAN";
        case ValueKind::String:
            // An empty field, quoted or not, reads back as null.
            if (v.as_string().empty() || (in_list && !is_plain_list_string(v.as_string()))) no();
            return "STRING";
        case ValueKind::Date: {
            const std::string iso = to_iso(v.as_date());
            if (iso.empty() || iso.front() < '0' || iso.front() > '9') no();  // years 0-9999
            return "DATE";
        }
        case ValueKind::LocalDateTime: {
            const std::int64_t s = v.as_localdatetime().seconds;
            const std::string iso = to_iso(v.as_localdatetime());
            if (s < -9'223'372'035 || s > 9'223'372'035 || iso.front() < '0' || iso.front() > '9')
                no();
            return "TIMESTAMP_NS";
        }
        case ValueKind::Duration:
            if (!is_kuzu_interval(v.as_duration())) no();
            return "INTERVAL";
        case ValueKind::List: {
            std::string element = "?";
            for (const Value& x : v.as_list()) {
                if (x.kind() == ValueKind::Null) no();
                const std::string t = kuzu_type(where, prop, x, true);
                if (element == "?" || (t.starts_with('?') && element.ends_with(t.substr(1)))) {
                    element = element == "?" ? t : element;
                } else if (element.starts_with('?') && t.ends_with(element.substr(1))) {
                    element = t;
                } else if (t != element) {
                    no();  // mixed kinds: Kùzu lists have one element type
                }
            }
            return element + "[]";
        }
        default:
            no();  // datetimes and times (no lossless Kùzu type), maps
    }
    return "";
}

// The text of a value of a checked type: a list as Kùzu's `[a,b]`, scalars unquoted.
std::string kuzu_text(const Value& v) {
    switch (v.kind()) {
        case ValueKind::String:
            return v.as_string();
        case ValueKind::Float:
            return float_literal(v.as_float());
        case ValueKind::LocalDateTime:
            return timestamp_text(v.as_localdatetime());
        case ValueKind::Duration:
            return interval_text(v.as_duration());
        case ValueKind::List: {
            std::string out = "[";
            for (const Value& x : v.as_list())
                out += (out.size() > 1 ? "," : "") + kuzu_text(x);
            return out + "]";
        }
        default:
            return scalar_text(v, FloatText::Cypher);
    }
}

// Kùzu's names are case-insensitive: two names that differ only in case are one.
std::string folded(const std::string& s) {
    return ascii_lower(s);
}

// A node table (one label set) or a rel table (one type), with its typed property columns.
struct Table {
    std::string name;
    std::map<std::string, std::string> columns;  // property name -> Kùzu type
    std::map<std::string, std::string> folded_columns;
};

void add_columns(Table& t, const std::string& where, const Properties& props) {
    for (const auto& [name, value] : props) {
        const std::string f = folded(name);
        // schema.cypher has one statement per line.
        if (f == id_column || f == labels_column || name.find_first_of("\r\n") != std::string::npos)
            refuse(where, "property name '" + name + "'");
        if (const auto [it, fresh] = t.folded_columns.emplace(f, name);
            !fresh && it->second != name)
            refuse(where, "properties '" + it->second + "' and '" + name + "' (one name in kuzu)");
        const std::string type = kuzu_type(where, name, value, false);
        auto [it, fresh] = t.columns.emplace(name, type);
        if (fresh || it->second == type) continue;
        // "?[]" (an empty list) fits any list type of the same depth or deeper.
        if (type.starts_with('?') && it->second.ends_with(type.substr(1))) continue;
        if (it->second.starts_with('?') && type.ends_with(it->second.substr(1))) {
            it->second = type;
            continue;
        }
        refuse(where, "property '" + name + "' holds both " + it->second + " and " + type +
                          " values (one type per column)");
    }
}

std::string label_table(const Node& n) {
    std::string name;
    for (const auto& l : n.labels) {
        if (!is_plain_list_string(l))
            refuse("node " + std::to_string(n.id.value), "label '" + l + "'");
        name += (name.empty() ? "" : "_") + l;
    }
    return name.empty() ? "Unlabelled" : name;
}

// The ends of one type's edges, and the file each pair goes to.
using EndPair = std::pair<std::string, std::string>;
struct RelFile {
    fs::path path;
};

void write_header(std::ostream& out, const char* fixed, const Table& t) {
    out << fixed;
    for (const auto& [name, type] : t.columns)
        out << ',' << csv_maybe_quote(name);
    out << '\n';
}

void write_props(std::ostream& out, const Table& t, const Properties& props) {
    for (const auto& [name, type] : t.columns) {
        out << ',';
        const Value* v = find_property(props, name);
        if (v == nullptr) continue;
        const std::string text = kuzu_text(*v);
        out << (v->kind() == ValueKind::String ? csv_quote(text) : csv_maybe_quote(text));
    }
}

std::string column_list(const Table& t) {
    std::string out;
    for (const auto& [name, type] : t.columns) {
        out += ", " + quote_name(name) + " " +
               (type.starts_with('?') ? "STRING" + type.substr(1) : type);
    }
    return out;
}

// COPY options for the files written here: `""` inside quotes, quoted line ends (which the
// parallel reader does not take).
constexpr const char* copy_options =
    "header=true, delim=',', quote='\"', escape='\"', parallel=false";

}  // namespace

ExportReport export_kuzu(const Database& db, const fs::path& dir) {
    ReadTransaction txn = db.begin_read();
    const std::vector<NodeId> ids = node_ids(txn);

    // First pass: tables, columns and end pairs, and every refusal before anything is written.
    std::map<std::string, Table> node_tables, rel_tables;
    std::unordered_map<std::uint64_t, std::string> table_of;
    for (NodeId id : ids) {
        auto n = txn.node(id);
        if (!n) continue;
        const std::string name = label_table(*n);
        table_of.emplace(id.value, name);
        add_columns(node_tables[name], "label set '" + name + "'", n->properties);
    }
    std::map<std::string, std::map<EndPair, RelFile>> rel_files;
    for (NodeId id : ids) {
        for (const Edge& e : txn.edges(id, Direction::Out)) {
            if (e.type.find_first_of("\r\n") != std::string::npos)
                refuse("edge " + std::to_string(e.id.value), "type '" + e.type + "'");
            add_columns(rel_tables[e.type], "type '" + e.type + "'", e.properties);
            rel_files[e.type][{table_of.at(e.src.value), table_of.at(e.dst.value)}];
        }
    }
    std::map<std::string, std::string> names;  // folded -> as written: one namespace in Kùzu
    for (auto* tables : {&node_tables, &rel_tables}) {
        for (auto& [name, t] : *tables) {
            t.name = name;
            if (const auto [it, fresh] = names.emplace(folded(name), name); !fresh) {
                refuse("table '" + name + "'", "a second table named '" + it->second + "'");
            }
        }
    }

    make_export_dir(dir);
    ExportReport report;
    std::string ddl, copies;
    std::size_t i = 0;
    for (auto& [name, t] : node_tables) {
        ddl += "CREATE NODE TABLE " + quote_name(name) + "(" + id_column + " INT64 PRIMARY KEY, " +
               labels_column + " STRING[]" + column_list(t) + ");\n";
        const fs::path path =
            dir / ("nodes-" + std::to_string(++i) + "-" + file_part(name) + ".csv");
        copies += "COPY " + quote_name(name) + " FROM " + quote_string(path.string()) + " (" +
                  copy_options + ");\n";
        auto out = open_out(path);
        write_header(out, "caspian_id,caspian_labels", t);
        for (NodeId id : ids) {
            const auto at = table_of.find(id.value);
            if (at == table_of.end() || at->second != name) continue;
            auto n = txn.node(id);
            ++report.nodes;
            std::string labels = "[";
            for (const auto& l : n->labels)
                labels += (labels.size() > 1 ? "," : "") + l;
            out << id.value << ',' << csv_maybe_quote(labels + "]");
            write_props(out, t, n->properties);
            out << '\n';
            check_out(out, path);
        }
        close_out(out, path);
        report.files.push_back(path);
    }
    i = 0;
    for (auto& [type, files] : rel_files) {
        const Table& t = rel_tables.at(type);
        std::string pairs;
        for (auto& [ends, file] : files) {
            pairs += (pairs.empty() ? "" : ", ") + std::string("FROM ") + quote_name(ends.first) +
                     " TO " + quote_name(ends.second);
            file.path = dir / ("rels-" + std::to_string(++i) + "-" + file_part(type) + ".csv");
            copies += "COPY " + quote_name(type) + " FROM " + quote_string(file.path.string()) +
                      " (" + copy_options + ", from=" + quote_string(ends.first) +
                      ", to=" + quote_string(ends.second) + ");\n";
        }
        ddl += "CREATE REL TABLE " + quote_name(type) + "(" + pairs + column_list(t) + ");\n";
    }
    // Edges in the order of their source nodes, each into its type and end pair's file.
    std::map<fs::path, std::ofstream> outs;
    for (auto& [type, files] : rel_files) {
        for (auto& [ends, file] : files) {
            auto& out = outs[file.path] = open_out(file.path);
            write_header(out, "from,to", rel_tables.at(type));
            report.files.push_back(file.path);
        }
    }
    for (NodeId id : ids) {
        for (const Edge& e : txn.edges(id, Direction::Out)) {
            ++report.edges;
            const RelFile& file =
                rel_files.at(e.type).at({table_of.at(e.src.value), table_of.at(e.dst.value)});
            std::ofstream& out = outs.at(file.path);
            out << e.src.value << ',' << e.dst.value;
            write_props(out, rel_tables.at(e.type), e.properties);
            out << '\n';
            check_out(out, file.path);
        }
    }
    for (auto& [path, out] : outs)
        close_out(out, path);

    const fs::path schema = dir / "schema.cypher";
    auto out = open_out(schema);
    out << ddl << copies;
    close_out(out, schema);
    report.files.push_back(schema);
    return report;
}

}  // namespace caspian::detail
