// GraphML export: a <key> per property name (attr.type long, double, boolean or string; a
// name holding several kinds is a string), node ids n<ID>, edge ids e<ID>, a `labels` node key
// and a `type` edge key.
#include "query/api/export/export.hpp"

#include <map>
#include <utility>

namespace caspian::detail {

namespace {

// XML character data or attribute value; characters XML 1.0 cannot hold become U+FFFD.
std::string xml_escape(std::string_view s) {
    std::string out;
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&apos;";
                break;
            case '\n':
                out += "&#10;";
                break;
            case '\r':
                out += "&#13;";
                break;
            case '\t':
                out += "&#9;";
                break;
            default:
                if (c < 0x20) {
                    out += "\xEF\xBF\xBD";
                } else {
                    out += ch;
                }
        }
    }
    return out;
}

const char* graphml_type(ValueKind k) {
    switch (k) {
        case ValueKind::Int:
            return "long";
        case ValueKind::Float:
            return "double";
        case ValueKind::Bool:
            return "boolean";
        default:
            return "string";
    }
}

// Property name -> (key id, attr.type); a name holding several kinds is a string. GraphML's
// types have no temporal kind and no list: a name whose values are all of one temporal kind, or
// all lists (JSON text), also gets caspian.kind="date", "duration", "list", ... on its <key>, so
// that a reader can restore it (#16, #21).
struct GraphmlKeys {
    std::map<std::string, std::pair<std::string, std::string>> keys;
    std::map<std::string, std::string> temporal;  // name -> kind, "" when mixed or not temporal
    void add(const Properties& props) {
        for (const auto& [name, value] : props) {
            if (value.kind() == ValueKind::Null) continue;
            const std::string t = graphml_type(value.kind());
            auto [it, fresh] = keys.emplace(name, std::pair{std::string(), t});
            if (!fresh && it->second.second != t) it->second.second = "string";
            const bool kept = is_temporal(value.kind()) || value.kind() == ValueKind::List;
            const std::string k = kept ? to_string(value.kind()) : "";
            auto [kt, new_kind] = temporal.emplace(name, k);
            if (!new_kind && kt->second != k) kt->second.clear();
        }
    }
    void number(const char* prefix) {
        std::size_t i = 0;
        for (auto& [name, key] : keys)
            key.first = prefix + std::to_string(i++);
    }
};

}  // namespace

void write_graphml(const ReadTransaction& txn, const NodeTable& table, std::ostream& out,
                   ExportReport& report) {
    const std::vector<Node>& nodes = table.nodes;
    GraphmlKeys node_keys, edge_keys;
    std::vector<Edge> edges;
    for (const Node& n : nodes) {
        node_keys.add(n.properties);
        for (Edge& e : txn.edges(n.id, Direction::Out)) {
            edge_keys.add(e.properties);
            edges.push_back(std::move(e));
        }
    }
    report.edges = edges.size();
    node_keys.number("n_");
    edge_keys.number("e_");
    out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
           "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
           "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
           "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
           "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
           "  <key id=\"labels\" for=\"node\" attr.name=\"labels\" attr.type=\"string\"/>\n"
           "  <key id=\"type\" for=\"edge\" attr.name=\"type\" attr.type=\"string\"/>\n";
    for (const auto& [domain, keys] :
         {std::pair{"node", &node_keys}, std::pair{"edge", &edge_keys}}) {
        for (const auto& [name, key] : keys->keys) {
            out << "  <key id=\"" << key.first << "\" for=\"" << domain << "\" attr.name=\""
                << xml_escape(name) << "\" attr.type=\"" << key.second << '"';
            if (const std::string& kind = keys->temporal.at(name); !kind.empty()) {
                out << " caspian.kind=\"" << kind << '"';
            }
            out << "/>\n";
        }
    }
    out << "  <graph id=\"G\" edgedefault=\"directed\">\n";
    auto data = [&](const GraphmlKeys& keys, const Properties& props) {
        for (const auto& [name, value] : props) {
            if (value.kind() == ValueKind::Null) continue;
            out << "      <data key=\"" << keys.keys.at(name).first << "\">"
                << xml_escape(scalar_text(value)) << "</data>\n";
        }
    };
    for (const Node& n : nodes) {
        std::string labels;
        for (const auto& l : n.labels)
            labels += ":" + l;
        out << "    <node id=\"n" << n.id.value << "\">\n      <data key=\"labels\">"
            << xml_escape(labels) << "</data>\n";
        data(node_keys, n.properties);
        out << "    </node>\n";
    }
    for (const Edge& e : edges) {
        out << "    <edge id=\"e" << e.id.value << "\" source=\"n" << e.src.value << "\" target=\"n"
            << e.dst.value << "\">\n      <data key=\"type\">" << xml_escape(e.type) << "</data>\n";
        data(edge_keys, e.properties);
        out << "    </edge>\n";
    }
    out << "  </graph>\n</graphml>\n";
}

}  // namespace caspian::detail
