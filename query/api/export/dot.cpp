// Graphviz DOT export: the graph as a digraph, nodes labelled by key, else name, else id,
// edges by type. dot_quote and dot_label are public so that the CLI's `--format dot` draws
// results exactly as this export draws the graph.
#include "query/api/export/export.hpp"

namespace caspian {

std::string dot_quote(std::string_view s) {
    // A picture's label, not data: graphviz refuses a quoted string over 16384 bytes and a
    // node wider than 65535 points, so text past 1000 bytes is cut, between characters.
    constexpr std::size_t max_bytes = 1000;
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (i >= max_bytes && (static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            out += "\xE2\x80\xA6";  // U+2026, an ellipsis
            break;
        }
        if (c == '"') {
            out += "\\\"";
        } else if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            continue;
        } else {
            out += c;
        }
    }
    return out + '"';
}

std::string dot_label(const Node& n) {
    for (const char* name : {"key", "name"}) {
        if (const Value* v = find_property(n.properties, name);
            v != nullptr && v->kind() != ValueKind::Null) {
            return detail::scalar_text(*v);
        }
    }
    return std::to_string(n.id.value);
}

namespace detail {

void write_dot(const ReadTransaction& txn, const NodeTable& table, std::ostream& out,
               ExportReport& report) {
    const std::vector<Node>& nodes = table.nodes;
    out << "digraph caspian {\n";
    for (const Node& n : nodes) {
        out << "  " << dot_quote("n" + std::to_string(n.id.value))
            << " [label=" << dot_quote(dot_label(n)) << "];\n";
    }
    for (const Node& n : nodes) {
        for (const Edge& e : txn.edges(n.id, Direction::Out)) {
            ++report.edges;
            out << "  " << dot_quote("n" + std::to_string(e.src.value)) << " -> "
                << dot_quote("n" + std::to_string(e.dst.value)) << " [label=" << dot_quote(e.type)
                << "];\n";
        }
    }
    out << "}\n";
}

}  // namespace detail

}  // namespace caspian
