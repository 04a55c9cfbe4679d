// GraphML export: a <key> per property name (attr.type long, double, boolean or string; a
// name holding several kinds is a string of tagged JSON), node ids n<ID>, edge ids e<ID>, a
// `labels` node key and a `type` edge key.
#include "query/api/export/export.hpp"

#include "value/json.hpp"
#include "value/literal.hpp"

#include <algorithm>
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
// JSON text whose temporal values keep their kind ({"$date": ".."}, as JSON Lines writes them):
// lists, and the values of a name holding several kinds. Error{Type} naming the property for
// what JSON cannot hold (NaN, infinities).
std::string json_text(const std::string& name, const Value& v) {
    try {
        return to_json(v, JsonDates::Tagged);
    } catch (const Error&) {
        throw Error(ErrorKind::Type, "property '" + name + "' holds " + to_literal(v) +
                                         ", which GraphML cannot hold as JSON; export as csv");
    }
}

// Property name -> key id, attr.type and caspian.kind. GraphML's types have no temporal kind
// and no list, and a key has one type: a name whose values are all of one temporal kind, or all
// lists (JSON text), gets caspian.kind="date", "duration", "list", ... on its <key>, and a name
// holding several kinds is a string key with caspian.kind="json", each value tagged JSON, so
// that a reader can restore each (#16, #21).
struct GraphmlKeys {
    struct Key {
        std::string id, type, kind;
        ValueKind first = ValueKind::Null;
        bool mixed = false;
    };
    std::map<std::string, Key> keys;
    void add(const Properties& props) {
        for (const auto& [name, value] : props) {
            if (value.kind() == ValueKind::Null) continue;
            auto [it, fresh] = keys.emplace(name, Key{});
            if (fresh) it->second.first = value.kind();
            if (value.kind() != it->second.first) it->second.mixed = true;
            if (value.kind() == ValueKind::List) json_text(name, value);  // refuses before writing
        }
    }
    void finish(const char* prefix, const NodeTable& table, const std::vector<Edge>& edges,
                bool nodes) {
        std::size_t i = 0;
        for (auto& [name, key] : keys) {
            key.id = prefix + std::to_string(i++);
            key.type = key.mixed ? "string" : graphml_type(key.first);
            if (key.mixed) {
                key.kind = "json";
            } else if (is_temporal(key.first) || key.first == ValueKind::List) {
                key.kind = to_string(key.first);
            }
        }
        if (!std::any_of(keys.begin(), keys.end(), [](const auto& k) { return k.second.mixed; }))
            return;
        // A json key's values are JSON: a NaN among them is refused before writing too.
        const auto check = [&](const Properties& props) {
            for (const auto& [name, value] : props) {
                if (keys.at(name).mixed) json_text(name, value);
            }
        };
        if (nodes) {
            for (const Node& n : table.nodes)
                check(n.properties);
        } else {
            for (const Edge& e : edges)
                check(e.properties);
        }
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
    node_keys.finish("n_", table, edges, true);
    edge_keys.finish("e_", table, edges, false);
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
            out << "  <key id=\"" << key.id << "\" for=\"" << domain << "\" attr.name=\""
                << xml_escape(name) << "\" attr.type=\"" << key.type << '"';
            if (!key.kind.empty()) out << " caspian.kind=\"" << key.kind << '"';
            out << "/>\n";
        }
    }
    out << "  <graph id=\"G\" edgedefault=\"directed\">\n";
    auto data = [&](const GraphmlKeys& keys, const Properties& props) {
        for (const auto& [name, value] : props) {
            if (value.kind() == ValueKind::Null) continue;
            const GraphmlKeys::Key& key = keys.keys.at(name);
            const bool json = key.mixed || value.kind() == ValueKind::List;
            out << "      <data key=\"" << key.id << "\">"
                << xml_escape(json ? json_text(name, value) : scalar_text(value)) << "</data>\n";
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
