// JSON Lines export: nodes.jsonl and edges.jsonl, one object per line in the import format
// (docs/import-export.md): dates tagged as {"$date": ..}, so the files read back as the same graph.
#include "query/api/export/export.hpp"

#include "value/json.hpp"
#include "value/literal.hpp"

#include <cmath>

namespace caspian::detail {

namespace {

// JSON has no NaN or infinity: refused before the first file is written, naming the property.
void check_finite(const std::string& where, const Properties& props) {
    const auto finite = [](const auto& self, const Value& v) -> bool {
        if (v.kind() == ValueKind::Float) return std::isfinite(v.as_float());
        if (v.kind() != ValueKind::List) return true;
        for (const Value& x : v.as_list()) {
            if (!self(self, x)) return false;
        }
        return true;
    };
    for (const auto& [name, value] : props) {
        if (!finite(finite, value)) {
            throw Error(ErrorKind::Type, where + ": property '" + name + "' holds " +
                                             to_literal(value) +
                                             ", which JSON Lines cannot hold; export as csv");
        }
    }
}

std::string jsonl_props(const Properties& props) {
    std::string out = "{";
    for (std::size_t i = 0; i < props.size(); ++i) {
        if (i > 0) out += ',';
        out += json_quote(props[i].first) + ":" + to_json(props[i].second, JsonDates::Tagged);
    }
    return out + "}";
}

}  // namespace

ExportReport export_jsonl(const Database& db, const std::filesystem::path& dir) {
    ReadTransaction txn = db.begin_read();
    const std::vector<NodeId> ids = node_ids(txn);
    for (NodeId id : ids) {
        if (auto n = txn.node(id)) check_finite("node " + std::to_string(id.value), n->properties);
        for (const Edge& e : txn.edges(id, Direction::Out))
            check_finite("edge " + std::to_string(e.id.value), e.properties);
    }
    make_export_dir(dir);
    ExportReport report;
    const std::filesystem::path nodes_path = dir / "nodes.jsonl";
    const std::filesystem::path edges_path = dir / "edges.jsonl";

    auto nodes = open_out(nodes_path);
    for (NodeId id : ids) {
        auto n = txn.node(id);
        if (!n) continue;
        ++report.nodes;
        nodes << "{\"id\":" << id.value << ",\"labels\":[";
        for (std::size_t i = 0; i < n->labels.size(); ++i) {
            nodes << (i > 0 ? "," : "") << json_quote(n->labels[i]);
        }
        nodes << "],\"properties\":" << jsonl_props(n->properties) << "}\n";
        check_out(nodes, nodes_path);
    }
    close_out(nodes, nodes_path);

    auto edges = open_out(edges_path);
    for (NodeId id : ids) {
        for (const Edge& e : txn.edges(id, Direction::Out)) {
            ++report.edges;
            edges << "{\"src\":" << e.src.value << ",\"dst\":" << e.dst.value
                  << ",\"type\":" << json_quote(e.type)
                  << ",\"properties\":" << jsonl_props(e.properties) << "}\n";
            check_out(edges, edges_path);
        }
    }
    close_out(edges, edges_path);
    report.files = {nodes_path, edges_path};
    return report;
}

}  // namespace caspian::detail
