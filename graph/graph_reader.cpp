// GraphReader: lookups and scans of the graph's records, adjacency, indexes and statistics,
// decoding stored bytes through graph/keys.hpp. Never writes.
#include "graph/graph_store.hpp"

#include "graph/adjacency_reader.hpp"
#include "storage/edge_block.hpp"

#include <caspian/error.hpp>

#include <algorithm>
#include <limits>

namespace caspian::graph {

using storage::as_val;
using storage::as_view;
using storage::Cursor;

const char* name_of(NameKind kind) {
    switch (kind) {
        case NameKind::Label:
            return "label";
        case NameKind::Type:
            return "edge type";
        case NameKind::Property:
            return "property";
    }
    return "name";
}

Value record_property(std::string_view record, PropertyId property) {
    return storage::find_node_property(record, property.value).value_or(Value());
}

Value edge_record_property(std::string_view record, PropertyId property) {
    return storage::find_edge_property(record, property.value).value_or(Value());
}

const Value* find_property(const PropertyIds& properties, PropertyId property) {
    auto it = std::lower_bound(properties.begin(), properties.end(), property.value,
                               [](const auto& p, std::uint32_t id) { return p.first < id; });
    return it != properties.end() && it->first == property.value ? &it->second : nullptr;
}

bool is_indexable(const Value& v) {
    std::string probe;
    return storage::encode_ordered_prefix(probe, v);
}

std::optional<std::uint32_t> GraphReader::find_raw_id(NameKind kind, std::string_view name) const {
    const std::string k = name_key(kind, name);
    if (k.size() > storage::max_key_size) return std::nullopt;
    auto v = txn_->get(txn_->tables().names, k);
    if (!v) return std::nullopt;
    return decode_name_id(*v);
}

std::string GraphReader::raw_name(NameKind kind, std::uint32_t id) const {
    auto v = txn_->get(txn_->tables().ids, id_name_key(kind, id));
    if (!v) {
        throw Error(ErrorKind::Corrupt,
                    std::string(name_of(kind)) + " id " + std::to_string(id) + " does not resolve");
    }
    return std::string(*v);
}

void GraphReader::scan_names(
    NameKind kind, const std::function<void(std::uint32_t, std::string_view)>& visit) const {
    Cursor c(*txn_, txn_->tables().ids);
    const std::string start = name_kind_prefix(kind);
    MDB_val k = as_val(start), v;
    for (bool ok = c.move(MDB_SET_RANGE, &k, &v); ok; ok = c.move(MDB_NEXT, &k, &v)) {
        const auto id = decode_id_name_key(kind, as_view(k));
        if (!id) break;
        visit(*id, as_view(v));
    }
}

std::optional<NodeRecord> GraphReader::node(NodeId id) const {
    auto v = txn_->get(txn_->tables().nodes, id_key(id));
    if (!v) return std::nullopt;
    return storage::decode_node(*v);
}

bool GraphReader::has_node(NodeId id) const {
    return txn_->get(txn_->tables().nodes, id_key(id)).has_value();
}

std::optional<std::string_view> GraphReader::edge_bytes(EdgeId id) const {
    const std::uint64_t first = storage::edge_block_first(id.value);
    auto v = txn_->get(txn_->tables().edges, id_key(first));
    if (v && storage::is_edge_block(*v)) {
        return storage::find_in_edge_block(*v, storage::edge_block_slot(id.value));
    }
    // Format versions 1 to 4 (a read-only open before the upgrade): one entry per edge.
    if (first == id.value) return v;
    return txn_->get(txn_->tables().edges, id_key(id));
}

std::optional<EdgeRecord> GraphReader::edge(EdgeId id) const {
    auto v = edge_bytes(id);
    if (!v) return std::nullopt;
    return storage::decode_edge(*v);
}

std::optional<std::string_view> GraphReader::node_bytes(NodeId id) const {
    return txn_->get(txn_->tables().nodes, id_key(id));
}

std::optional<Value> GraphReader::node_property(NodeId id, PropertyId property) const {
    auto v = node_bytes(id);
    if (!v) return std::nullopt;
    return storage::find_node_property(*v, property.value).value_or(Value());
}

std::optional<Value> GraphReader::edge_property(EdgeId id, PropertyId property) const {
    auto v = edge_bytes(id);
    if (!v) return std::nullopt;
    return storage::find_edge_property(*v, property.value).value_or(Value());
}

std::optional<NodeId> GraphReader::find_key(std::string_view key) const {
    if (key.empty() || key.size() > storage::max_key_size) return std::nullopt;
    auto v = txn_->get(txn_->tables().key_index, key);
    if (!v) return std::nullopt;
    return NodeId{decode_u64(*v, "key index entry")};
}

void GraphReader::scan_keys(
    const std::function<bool(std::string_view, std::optional<NodeId>)>& visit) const {
    Cursor c(*txn_, txn_->tables().key_index);
    MDB_val k, v;
    for (bool ok = c.move(MDB_FIRST, &k, &v); ok; ok = c.move(MDB_NEXT, &k, &v)) {
        const auto id = decode_u64(as_view(v));
        if (!visit(as_view(k), id ? std::optional(NodeId{*id}) : std::nullopt)) return;
    }
}

void GraphReader::scan_nodes(const std::function<bool(NodeId)>& visit, NodeId from) const {
    Cursor c(*txn_, txn_->tables().nodes);
    MDB_val k = as_val(id_key(from)), v;
    for (bool ok = c.move(MDB_SET_RANGE, &k, &v); ok; ok = c.move(MDB_NEXT, &k, &v)) {
        if (!visit(NodeId{read_id(k.mv_data)})) return;
    }
}

void GraphReader::scan_node_records(const std::function<bool(NodeId, std::string_view)>& visit,
                                    NodeId from) const {
    Cursor c(*txn_, txn_->tables().nodes);
    MDB_val k = as_val(id_key(from)), v;
    for (bool ok = c.move(MDB_SET_RANGE, &k, &v); ok; ok = c.move(MDB_NEXT, &k, &v)) {
        if (!visit(NodeId{read_id(k.mv_data)}, as_view(v))) return;
    }
}

bool GraphReader::node_records(NodeId from, std::size_t max, std::vector<NodeId>& ids,
                               std::vector<std::string_view>& records) const {
    Cursor c(*txn_, txn_->tables().nodes);
    MDB_val k = as_val(id_key(from)), v;
    std::size_t n = 0;
    for (bool ok = c.move(MDB_SET_RANGE, &k, &v); ok; ok = c.move(MDB_NEXT, &k, &v)) {
        ids.push_back(NodeId{read_id(k.mv_data)});
        records.push_back(as_view(v));
        if (++n == max) return true;
    }
    return false;
}

void GraphReader::scan_edges(const std::function<bool(EdgeId, const EdgeRecord&)>& visit) const {
    Cursor c(*txn_, txn_->tables().edges);
    MDB_val k, v;
    for (bool ok = c.move(MDB_FIRST, &k, &v); ok; ok = c.move(MDB_NEXT, &k, &v)) {
        const std::uint64_t first = read_id(k.mv_data);
        if (!storage::is_edge_block(as_view(v))) {  // format versions 1 to 4: one edge
            if (!visit(EdgeId{first}, storage::decode_edge_header(as_view(v)))) return;
            continue;
        }
        const storage::EdgeBlockView block = storage::decode_edge_block(as_view(v));
        for (unsigned slot = 0; slot < storage::edge_block_slots; ++slot) {
            if ((block.present >> slot & 1U) == 0) continue;
            const EdgeId id{first + slot};
            if (!visit(id, storage::decode_edge_header(block.records[slot]))) return;
        }
    }
}

void GraphReader::scan_label(LabelId label, const std::function<bool(NodeId)>& visit,
                             NodeId from) const {
    Cursor c(*txn_, txn_->tables().label_index);
    MDB_val k = as_val(id_key(label)), v = as_val(id_key(from));
    if (!c.move(MDB_GET_BOTH_RANGE, &k, &v)) return;
    // Whole pages of ids at a time (MDB_DUPFIXED).
    for (bool ok = c.move(MDB_GET_MULTIPLE, &k, &v); ok; ok = c.move(MDB_NEXT_MULTIPLE, &k, &v)) {
        const char* p = static_cast<const char*>(v.mv_data);
        for (std::size_t i = 0; i < v.mv_size / 8; ++i) {
            // GET_MULTIPLE returns the whole page, which may begin before `from`.
            const NodeId id{read_id(p + 8 * i)};
            if (id >= from && !visit(id)) return;
        }
    }
}

MDB_dbi GraphReader::adjacency_table(Direction dir) const {
    return dir == Direction::Out ? txn_->tables().out_adj : txn_->tables().in_adj;
}

void GraphReader::adjacency(NodeId node, Direction dir, std::optional<TypeId> type,
                            const std::function<bool(const AdjEntry&)>& visit) const {
    AdjacencyReader(*txn_).visit(node, dir, type, visit);
}

std::uint64_t GraphReader::degree(NodeId node, Direction dir, std::optional<TypeId> type) const {
    return AdjacencyReader(*txn_).degree(node, dir, type);
}

std::uint64_t GraphReader::self_loops(NodeId node, std::optional<TypeId> type) const {
    return AdjacencyReader(*txn_).self_loops(node, type);
}

std::uint64_t GraphReader::stat(StatKind kind, std::uint32_t id) const {
    auto v = txn_->get(txn_->tables().stats, stat_key(kind, id));
    if (!v) return 0;
    return decode_u64(*v, "statistics entry");
}

std::uint64_t GraphReader::node_count() const {
    return stat(StatKind::Nodes, 0);
}
std::uint64_t GraphReader::edge_count() const {
    return stat(StatKind::Edges, 0);
}
std::uint64_t GraphReader::label_count(LabelId label) const {
    return stat(StatKind::Label, label.value);
}
TypeStats GraphReader::type_stats(TypeId type) const {
    return {stat(StatKind::Type, type.value), stat(StatKind::Sources, type.value),
            stat(StatKind::Targets, type.value)};
}

std::vector<std::pair<LabelId, PropertyId>> GraphReader::indexes() const {
    std::vector<std::pair<LabelId, PropertyId>> out;
    Cursor c(*txn_, txn_->tables().index_list);
    MDB_val k, v;
    for (bool ok = c.move(MDB_FIRST, &k, &v); ok; ok = c.move(MDB_NEXT, &k, &v)) {
        out.push_back(decode_index_prefix(as_view(k)));
    }
    return out;
}

bool GraphReader::has_index(LabelId label, PropertyId property) const {
    return txn_->get(txn_->tables().index_list, index_prefix(label, property)).has_value();
}

std::uint64_t GraphReader::schema_version() const {
    auto v = txn_->get(txn_->tables().meta, schema_version_key);
    if (!v) return 0;
    return decode_u64(*v, "schema_version");
}

std::uint32_t GraphReader::stored_format_version() const {
    auto v = txn_->get(txn_->tables().meta, storage::format_version_key);
    if (!v || v->size() != 4) throw Error(ErrorKind::Corrupt, "the format version is malformed");
    return storage::read_be32(v->data());
}

bool GraphReader::index_holds(const Value& v) const {
    if (!is_indexable(v)) return false;
    return v.kind() != ValueKind::Duration || stored_format_version() >= 2;
}

void GraphReader::index_scan(LabelId label, PropertyId property, const std::optional<Value>& lower,
                             const std::optional<Value>& upper,
                             const std::function<bool(NodeId)>& visit) const {
    if (!has_index(label, property)) {
        throw Error(ErrorKind::Usage, "no index on (" + name(label) + ", " + name(property) + ")");
    }
    if ((lower && !index_holds(*lower)) || (upper && !index_holds(*upper))) {
        scan_label(label, visit);
        return;
    }
    const std::string prefix = index_prefix(label, property);
    std::string from = prefix, to = prefix;
    const bool bounded_below = lower && storage::encode_ordered_prefix(from, *lower);
    bool bounded_above = upper && storage::encode_ordered_prefix(to, *upper);
    // A bound also bounds the kind (a string never compares with a number), so an open side
    // ends at the bound's kind tag instead of running on into other kinds.
    if (bounded_below && bounded_above && from[prefix.size()] != to[prefix.size()]) return;
    if (bounded_below && !bounded_above) {
        to = from.substr(0, prefix.size() + 1);
        bounded_above = true;
    } else if (bounded_above && !bounded_below) {
        from = to.substr(0, prefix.size() + 1);
    }
    // Stored keys are cut to LMDB's key size (index_key): cut the bounds alike.
    cut_to_key_size(from);
    cut_to_key_size(to);
    Cursor c(*txn_, txn_->tables().prop_index);
    MDB_val k = as_val(from), v;
    for (bool ok = c.move(MDB_SET_RANGE, &k, &v); ok; ok = c.move(MDB_NEXT_NODUP, &k, &v)) {
        const std::string_view key = as_view(k);
        if (key.substr(0, prefix.size()) != prefix) return;
        // Past the upper bound once the key exceeds it beyond its common prefix.
        if (bounded_above && key.substr(0, to.size()) > std::string_view(to)) return;
        for (bool dup = c.move(MDB_GET_MULTIPLE, &k, &v); dup;
             dup = c.move(MDB_NEXT_MULTIPLE, &k, &v)) {
            const char* p = static_cast<const char*>(v.mv_data);
            for (std::size_t i = 0; i < v.mv_size / 8; ++i) {
                if (!visit(NodeId{read_id(p + 8 * i)})) return;
            }
        }
    }
}

}  // namespace caspian::graph
