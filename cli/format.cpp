// The output formats of query results (docs/cli.md, "Output").
#include "cli/format.hpp"

#include "cli/output.hpp"
#include "cli/text_width.hpp"

#include <caspian/diagnostics.hpp>
#include <caspian/import_export.hpp>
#include <caspian/json.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <map>
#include <vector>

namespace caspian::cli {

std::string float_text(double d) {
    return to_literal(Value(d));
}

std::string json_quote(std::string_view s) {
    return to_json(Value(std::string(s)));
}

std::optional<Format> parse_format(std::string_view name) {
    if (name == "table") return Format::Table;
    if (name == "vertical") return Format::Vertical;
    if (name == "csv") return Format::Csv;
    if (name == "json") return Format::Json;
    if (name == "jsonl") return Format::Jsonl;
    if (name == "dot") return Format::Dot;
    return std::nullopt;
}

const char* format_name(Format f) {
    switch (f) {
        case Format::Table:
            return "table";
        case Format::Vertical:
            return "vertical";
        case Format::Csv:
            return "csv";
        case Format::Json:
            return "json";
        case Format::Jsonl:
            return "jsonl";
        case Format::Dot:
            return "dot";
    }
    return "table";
}

namespace {

std::string escape_controls(std::string s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else {
            out += c;
        }
    }
    return out;
}

std::string csv_escape(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

std::string plural(std::int64_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// The nodes and edges a result holds, at any depth (lists, maps, paths), by id.
struct Drawing {
    std::map<std::uint64_t, Node> nodes;
    std::map<std::uint64_t, Edge> edges;

    void add(const Value& v) {
        switch (v.kind()) {
            case ValueKind::Node:
                nodes.emplace(v.as_node().id.value, v.as_node());
                break;
            case ValueKind::Edge:
                edges.emplace(v.as_edge().id.value, v.as_edge());
                break;
            case ValueKind::Path:
                for (const Node& n : v.as_path().nodes)
                    nodes.emplace(n.id.value, n);
                for (const Edge& e : v.as_path().edges)
                    edges.emplace(e.id.value, e);
                break;
            case ValueKind::List:
                for (const Value& item : v.as_list())
                    add(item);
                break;
            case ValueKind::Map:
                for (const auto& entry : v.as_map().entries)
                    add(entry.second);
                break;
            default:
                break;
        }
    }

    // As the DOT export draws the whole graph; an edge's end that is not in the result is
    // drawn with its id as label.
    void print(std::ostream& out) const {
        auto id = [](std::uint64_t n) { return dot_quote("n" + std::to_string(n)); };
        out << "digraph result {\n";
        for (const auto& [n, node] : nodes)
            out << "  " << id(n) << " [label=" << dot_quote(dot_label(node)) << "];\n";
        for (const auto& [e, edge] : edges) {
            for (std::uint64_t end : {edge.src.value, edge.dst.value}) {
                if (!nodes.contains(end)) {
                    out << "  " << id(end) << " [label=" << dot_quote(std::to_string(end))
                        << "];\n";
                }
            }
        }
        for (const auto& [e, edge] : edges) {
            out << "  " << id(edge.src.value) << " -> " << id(edge.dst.value)
                << " [label=" << dot_quote(edge.type) << "];\n";
        }
        out << "}\n";
    }
};

// "(3 rows, 1.2 ms)"; without the time when ms is negative.
std::string summary(std::uint64_t rows, const UpdateCounts& u, double ms) {
    std::string s = "(" + plural(static_cast<std::int64_t>(rows), "row", "rows");
    const struct {
        std::int64_t n;
        const char* one;
        const char* many;
    } parts[] = {
        {u.nodes_created, "node created", "nodes created"},
        {u.nodes_deleted, "node deleted", "nodes deleted"},
        {u.edges_created, "edge created", "edges created"},
        {u.edges_deleted, "edge deleted", "edges deleted"},
        {u.properties_set, "property set", "properties set"},
        {u.labels_added, "label added", "labels added"},
        {u.labels_removed, "label removed", "labels removed"},
    };
    for (const auto& p : parts) {
        if (p.n != 0) s += ", " + plural(p.n, p.one, p.many);
    }
    if (ms < 0) return s + ")";
    char buf[32];
    std::snprintf(buf, sizeof buf, ", %.1f ms)", ms);
    return s + buf;
}

// The column widths of a table of `widths` that fits in max_width columns (0: no limit): the
// widest columns give up space first, down to a few characters each.
std::vector<std::size_t> fit_columns(std::vector<std::size_t> widths, std::size_t max_width) {
    constexpr std::size_t narrowest = 4;  // three characters and "…"
    if (max_width == 0) return widths;
    std::size_t total = 1;
    for (auto w : widths)
        total += w + 3;
    while (total > max_width) {
        auto widest = std::max_element(widths.begin(), widths.end());
        if (widest == widths.end() || *widest <= narrowest) break;
        --*widest;
        --total;
    }
    return widths;
}

void print_table(const std::vector<std::string>& columns,
                 const std::vector<std::vector<std::string>>& cells, std::size_t max_width,
                 std::ostream& out) {
    std::vector<std::size_t> widths;
    for (const auto& c : columns)
        widths.push_back(display_width(c));
    for (const auto& line : cells) {
        for (std::size_t i = 0; i < line.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], display_width(line[i]));
    }
    widths = fit_columns(std::move(widths), max_width);
    std::string rule = "+";
    for (auto w : widths)
        rule += std::string(w + 2, '-') + "+";
    auto print_line = [&](const std::vector<std::string>& line) {
        out << '|';
        for (std::size_t i = 0; i < widths.size(); ++i) {
            const std::string cell = fit_width(i < line.size() ? line[i] : "", widths[i]);
            out << ' ' << cell << std::string(widths[i] - display_width(cell), ' ') << " |";
        }
        out << '\n';
    };
    out << rule << '\n';
    print_line(columns);
    out << rule << '\n';
    for (const auto& line : cells)
        print_line(line);
    if (!cells.empty()) out << rule << '\n';
}

// psql's expanded display (\x): a header line per row, then "column | value" lines.
void print_vertical(const std::vector<std::string>& columns,
                    const std::vector<std::vector<std::string>>& cells, std::size_t max_width,
                    std::ostream& out) {
    std::size_t name_width = 0;
    for (const auto& c : columns)
        name_width = std::max(name_width, display_width(c));
    const std::size_t value_width =
        max_width == 0 ? 0 : std::max<std::size_t>(max_width, name_width + 7) - name_width - 3;
    for (std::size_t r = 0; r < cells.size(); ++r) {
        std::string header = "-[ RECORD " + std::to_string(r + 1) + " ]";
        const std::size_t rule = std::max<std::size_t>(name_width + 3 + 8, header.size() + 4);
        header += std::string(rule - header.size(), '-');
        out << header << '\n';
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const std::string& value = i < cells[r].size() ? cells[r][i] : std::string();
            out << columns[i] << std::string(name_width - display_width(columns[i]), ' ') << " | "
                << (value_width == 0 ? value : fit_width(value, value_width)) << '\n';
        }
    }
}

bool is_null_word(std::string_view s) {
    return s.size() == 4 && (s[0] | 0x20) == 'n' && (s[1] | 0x20) == 'u' && (s[2] | 0x20) == 'l' &&
           (s[3] | 0x20) == 'l';
}

}  // namespace

std::string table_cell(const Value& v) {
    if (is_temporal(v.kind())) return temporal_to_iso(v);
    switch (v.kind()) {
        case ValueKind::Null:
            return "null";
        case ValueKind::String:
            // A string that would read as null, or show as nothing, is quoted: 'null', ''.
            if (v.as_string().empty() || is_null_word(v.as_string())) return to_literal(v);
            return escape_controls(v.as_string());
        case ValueKind::Float:
            return float_text(v.as_float());
        default:
            return escape_controls(to_literal(v));
    }
}

std::string csv_cell(const Value& v) {
    if (is_temporal(v.kind())) return temporal_to_iso(v);
    switch (v.kind()) {
        case ValueKind::Null:
            return "";
        case ValueKind::String:
            return csv_escape(v.as_string());
        case ValueKind::Float:
            return float_text(v.as_float());
        default:
            return csv_escape(to_json(v));
    }
}

std::string_view skip_leading_comments(std::string_view text) {
    for (;;) {
        const auto first = text.find_first_not_of(" \t\r\n");
        if (first == std::string_view::npos) return text.substr(text.size());
        text.remove_prefix(first);
        std::size_t end = std::string_view::npos;
        if (text.starts_with("//")) {
            end = text.find('\n');
        } else if (text.starts_with("/*")) {
            end = text.find("*/");
            if (end != std::string_view::npos) ++end;
        } else {
            return text;
        }
        if (end == std::string_view::npos) return text;  // an unterminated comment
        text.remove_prefix(end + 1);
    }
}

bool is_explain(std::string_view statement) {
    statement = skip_leading_comments(statement);
    for (const std::string_view word : {"EXPLAIN", "PROFILE"}) {
        if (statement.size() <= word.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < word.size() && same; ++i)
            same = std::toupper(static_cast<unsigned char>(statement[i])) == word[i];
        const auto next = static_cast<unsigned char>(statement[word.size()]);
        if (same && std::isalnum(next) == 0 && next != '_') return true;
    }
    return false;
}

std::uint64_t print_result(Result& result, std::ostream& out, std::ostream& err,
                           const PrintOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    const auto& columns = result.columns();
    std::uint64_t rows = 0;
    switch (options.format) {
        case Format::Table:
        case Format::Vertical: {
            std::vector<std::vector<std::string>> cells;
            while (result.next()) {
                std::vector<std::string> line;
                for (std::size_t i = 0; i < result.row().size() && i < columns.size(); ++i)
                    line.push_back(table_cell(result.row()[i]));
                cells.push_back(std::move(line));
            }
            rows = cells.size();
            if (columns.empty()) break;
            if (options.format == Format::Table && options.plain_text && columns.size() == 1) {
                for (const auto& line : cells)
                    out << line[0] << "\n";
            } else if (options.format == Format::Table) {
                print_table(columns, cells, options.max_width, out);
            } else {
                print_vertical(columns, cells, options.max_width, out);
            }
            break;
        }
        case Format::Csv: {
            for (std::size_t i = 0; i < columns.size(); ++i) {
                out << (i > 0 ? "," : "") << csv_escape(columns[i]);
            }
            if (!columns.empty()) out << "\r\n";
            while (result.next()) {
                ++rows;
                const auto& row = result.row();
                for (std::size_t i = 0; i < row.size(); ++i) {
                    out << (i > 0 ? "," : "") << csv_cell(row[i]);
                }
                out << "\r\n";
                check_output(out);
            }
            break;
        }
        case Format::Json:
        case Format::Jsonl: {
            const bool array = options.format == Format::Json;
            std::vector<std::string> keys;
            for (const auto& c : columns)
                keys.push_back(json_quote(c));
            if (array) out << '[';
            while (result.next()) {
                const auto& row = result.row();
                if (array) out << (rows > 0 ? ",\n" : "\n");
                ++rows;
                out << '{';
                for (std::size_t i = 0; i < row.size() && i < keys.size(); ++i) {
                    out << (i > 0 ? "," : "") << keys[i] << ':' << to_json(row[i]);
                }
                out << '}';
                if (!array) out << '\n';
                check_output(out);
            }
            if (array) out << (rows > 0 ? "\n]\n" : "]\n");
            break;
        }
        case Format::Dot: {
            Drawing drawing;
            while (result.next()) {
                ++rows;
                for (const Value& v : result.row())
                    drawing.add(v);
            }
            drawing.print(out);
            break;
        }
    }
    flush_output(out);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    const bool tabular = options.format == Format::Table || options.format == Format::Vertical;
    if (tabular || options.timing) {
        const bool show_time = options.timing || options.table_time;
        err << summary(rows, result.update_counts(), show_time ? ms : -1.0) << '\n';
    }
    return rows;
}

void print_notifications(const Result& result, std::ostream& err, std::string_view source,
                         std::string_view source_name, std::size_t offset) {
    for (const Notification& n : result.notifications())
        err << render_notification(n, source, source_name, offset) << '\n';
}

}  // namespace caspian::cli
