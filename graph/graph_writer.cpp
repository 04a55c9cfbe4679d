// GraphWriter: creates, changes and deletes nodes and edges, keeping the key, label and property
// indexes and the statistics in step within the caller's transaction. Checks before it writes.
#include "graph/graph_store.hpp"

#include "graph/adj_chunk.hpp"
#include "graph/constraints.hpp"
#include "graph/sorted_keys.hpp"
#include "storage/edge_block.hpp"

#include <caspian/error.hpp>

#include <algorithm>
#include <iterator>
#include <unordered_set>
#include <utility>

namespace caspian::graph {

using storage::as_val;
using storage::as_view;
using storage::Cursor;

namespace {

// Sets or (for null) removes; returns false when nothing changed.
bool set_id(PropertyIds& props, PropertyId id, const Value& value) {
    auto it = std::lower_bound(props.begin(), props.end(), id.value,
                               [](const auto& p, std::uint32_t k) { return p.first < k; });
    const bool present = it != props.end() && it->first == id.value;
    if (value.is_null()) {
        if (!present) return false;
        props.erase(it);
        return true;
    }
    if (present) {
        if (it->second == value) return false;
        it->second = value;
    } else {
        props.emplace(it, id.value, value);
    }
    return true;
}

[[noreturn]] void no_node(NodeId id) {
    throw Error(ErrorKind::Constraint, "node " + std::to_string(id.value) + " does not exist");
}

}  // namespace

void sort_properties(PropertyIds& properties) {
    std::sort(properties.begin(), properties.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::erase_if(properties, [](const auto& p) { return p.second.is_null(); });
}

void check_storable(const Value& value) {
    if (!is_storable(value)) {
        throw Error(ErrorKind::Type, ErrorClass::TypeError, "InvalidPropertyType",
                    std::string("a property cannot hold a ") + to_string(value.kind()));
    }
}

void normalise_properties(PropertyIds& properties) {
    sort_properties(properties);
    for (const auto& entry : properties)
        check_storable(entry.second);
}

void normalise_labels(std::vector<std::uint32_t>& labels) {
    std::sort(labels.begin(), labels.end());
    labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
}

std::vector<std::uint32_t> record_labels(const std::vector<LabelId>& labels) {
    std::vector<std::uint32_t> out;
    out.reserve(labels.size());
    for (LabelId label : labels)
        out.push_back(label.value);
    return out;
}

PropertyIds record_properties(PropertyValues properties) {
    PropertyIds out;
    out.reserve(properties.size());
    for (auto& [property, value] : properties)
        out.emplace_back(property.value, std::move(value));
    return out;
}

GraphWriter::GraphWriter(storage::WriteTxn& txn) : GraphReader(txn), wtxn_(&txn) {
    key_id_ = find_name<NameKind::Property>(key_property);
    reload_schema();
    if (stored_format_version() < storage::format_version) upgrade_format();
    // Also rebuilds an index of the first layout (version 6 and older), after the upgrade above.
    if (name_index_layout(*this) != NameIndexLayout::Current) build_name_index(*this);
}

void GraphWriter::upgrade_format() {
    // Version 1 indexed every kind but durations: add their entries (issue #16).
    if (stored_format_version() < 2) {
        for (const auto& [label, property] : indexes_) {
            std::vector<NodeId> ids;
            scan_label(label, [&](NodeId id) { return ids.push_back(id), true; });
            for (NodeId id : ids) {
                auto node = this->node(id);
                if (!node) throw Error(ErrorKind::Corrupt, "label index names a missing node");
                const Value* v = find_property(node->properties, property);
                if (v != nullptr && v->kind() == ValueKind::Duration) {
                    index_entry(label, property, *v, id, true);
                }
            }
        }
    }
    // Version 3 added the `fulltext` table, which opening the environment created.
    // Version 4 narrowed the edge record headers (issue #20); version 5 packs the edge records
    // in blocks of 32 ids (and gives version 1 records the varint header of version 4).
    if (stored_format_version() < 5) rewrite_edge_records();
    // Version 6 packs the adjacency in chunks; older entries of either width read alike.
    if (stored_format_version() < 6) {
        pack_adjacency(Direction::Out);
        pack_adjacency(Direction::In);
    }
    // Version 7 narrowed the name index (no entries for keys that fold to themselves, 48-bit ids):
    // the constructor rebuilds it, as the marker asks.
    std::string version;
    storage::append_be32(version, storage::format_version);
    wtxn().put(txn_->tables().meta, storage::format_version_key, version);
}

// Appends the chunks of each node in key order, so that their pages come out full as a fresh
// import's do, then empties the old table. One node's entries are held in memory at a time.
void GraphWriter::pack_adjacency(Direction dir) {
    const auto& tables = txn_->tables();
    const MDB_dbi old_table = dir == Direction::Out ? tables.out_edges : tables.in_edges;
    std::vector<std::uint64_t> nodes;
    {
        storage::Cursor c(wtxn(), old_table);
        storage::Cursor out(wtxn(), adjacency_table(dir));
        MDB_val k, v, last_k, last_v;
        if (out.move(MDB_LAST, &last_k, &last_v)) {
            throw Error(ErrorKind::Corrupt, "packed adjacency in a file of format version " +
                                                std::to_string(stored_format_version()));
        }
        std::vector<AdjEntry> entries;
        for (bool ok = c.move(MDB_FIRST, &k, &v); ok; ok = c.move(MDB_NEXT_NODUP, &k, &v)) {
            const std::size_t width = adj_width(v.mv_size);
            nodes.push_back(read_id(k.mv_data));
            entries.clear();
            // One entry has no duplicate page for GET_MULTIPLE (adjacency_reader_v5.cpp).
            if (c.count_dups() == 1) entries.push_back(decode_adj(v.mv_data, width));
            for (bool more = c.count_dups() > 1 && c.move(MDB_GET_MULTIPLE, &k, &v); more;
                 more = c.move(MDB_NEXT_MULTIPLE, &k, &v)) {
                const char* p = static_cast<const char*>(v.mv_data);
                for (std::size_t i = 0; i < v.mv_size / width; ++i)
                    entries.push_back(decode_adj(p + width * i, width));
            }
            put_adj_chunks(out, NodeId{nodes.back()}, entries, MDB_APPEND);
        }
    }
    for (const std::uint64_t node : nodes)
        wtxn().del(old_table, id_key(node));  // every duplicate
}

void GraphWriter::rewrite_edge_records() {
    const MDB_dbi table = txn_->tables().edges;
    std::vector<std::uint64_t> firsts;  // of each block, in key order
    std::vector<std::string> blocks;
    std::vector<std::uint64_t> keys;  // the old entries, deleted below
    {
        storage::Cursor c(wtxn(), table);
        MDB_val k, v;
        storage::EdgeBlock block;
        for (bool ok = c.move(MDB_FIRST, &k, &v); ok; ok = c.move(MDB_NEXT, &k, &v)) {
            const std::uint64_t id = read_id(k.mv_data);
            keys.push_back(id);
            if (storage::is_edge_block(as_view(v))) {
                throw Error(ErrorKind::Corrupt, "edge block in a file of format version " +
                                                    std::to_string(stored_format_version()));
            }
            const std::uint64_t first = storage::edge_block_first(id);
            if (firsts.empty() || firsts.back() != first) {
                if (!block.empty()) blocks.push_back(std::exchange(block, {}).encode());
                firsts.push_back(first);
            }
            const auto record = storage::upgrade_edge_record(as_view(v));
            block.set(storage::edge_block_slot(id),
                      record ? std::string_view(*record) : as_view(v));
        }
        if (!block.empty()) blocks.push_back(block.encode());
    }
    for (const std::uint64_t id : keys)
        wtxn().del(table, id_key(id));
    storage::Cursor c(wtxn(), table);
    for (std::size_t i = 0; i < firsts.size(); ++i)
        c.put(id_key(firsts[i]), blocks[i], MDB_APPEND);
}

void GraphWriter::write_edge_record(EdgeId id, std::string_view record) {
    const MDB_dbi table = txn_->tables().edges;
    const std::uint64_t first = storage::edge_block_first(id.value);
    const auto old = txn_->get(table, id_key(first));
    storage::EdgeBlock block = old ? storage::EdgeBlock(*old) : storage::EdgeBlock();
    if (record.empty()) {
        block.erase(storage::edge_block_slot(id.value));
    } else {
        block.set(storage::edge_block_slot(id.value), record);
    }
    if (block.empty()) {
        wtxn().del(table, id_key(first));
    } else {
        wtxn().put(table, id_key(first), block.encode());
    }
}

void GraphWriter::require_unique(LabelId label, PropertyId property, bool on) {
    refresh_schema();
    if (on) {
        unique_.insert({label, property});
    } else {
        unique_.erase({label, property});
    }
}

void GraphWriter::check_unique(const std::vector<std::uint32_t>& labels,
                               const PropertyIds& properties, NodeId self) const {
    refresh_schema();
    check_unique_as_read(labels, properties, self);
}

void GraphWriter::check_unique_as_read(const std::vector<std::uint32_t>& labels,
                                       const PropertyIds& properties, NodeId self) const {
    if (unique_.empty()) return;
    for (std::uint32_t raw_label : labels) {
        const LabelId label(raw_label);
        for (const auto& [raw_property, value] : properties) {
            const PropertyId property(raw_property);
            if (unique_.contains({label, property})) {
                check_unique_value(*this, label, property, value, self);
            }
        }
    }
}

std::uint64_t GraphWriter::next_id(std::string_view counter) {
    const std::uint64_t next = decode_counter(txn_->get(txn_->tables().meta, counter));
    const std::uint64_t after = next + 1;
    wtxn().put(txn_->tables().meta, counter, id_key(after));
    return next;
}

std::uint32_t GraphWriter::intern_raw(NameKind kind, std::string_view name) {
    if (auto id = find_raw_id(kind, name)) return *id;
    if (name.empty()) {
        throw Error(ErrorKind::Constraint, std::string("a ") + name_of(kind) + " name is empty");
    }
    if (name.size() + 1 > storage::max_key_size) {
        throw Error(ErrorKind::Constraint,
                    std::string("a ") + name_of(kind) + " name is longer than 510 bytes");
    }
    const std::uint64_t id = next_id(next_name_key(kind));
    if (id > UINT32_MAX) throw Error(ErrorKind::Constraint, "too many names");
    wtxn().put(txn_->tables().names, name_key(kind, name), encode_name_id(std::uint32_t(id)));
    wtxn().put(txn_->tables().ids, id_name_key(kind, std::uint32_t(id)), name);
    if (kind == NameKind::Property && name == key_property) key_id_ = PropertyId(std::uint32_t(id));
    return std::uint32_t(id);
}

void GraphWriter::add_stat(StatKind kind, std::uint32_t id, std::int64_t delta) {
    const std::uint64_t n = stat(kind, id) + std::uint64_t(delta);
    const std::string k = stat_key(kind, id);
    if (n == 0) {
        wtxn().del(txn_->tables().stats, k);
    } else {
        wtxn().put(txn_->tables().stats, k, id_key(n));
    }
}

void GraphWriter::check_key(NodeId id, const Value& value) const {
    if (value.kind() != ValueKind::String) {
        throw Error(
            ErrorKind::Constraint,
            std::string("the property 'key' must be a string, not ") + to_string(value.kind()));
    }
    const std::string& key = value.as_string();
    if (key.empty() || key.size() > storage::max_key_size) {
        throw Error(ErrorKind::Constraint, "the property 'key' must hold 1 to 511 bytes");
    }
    if (auto other = find_key(key); other && *other != id) {
        throw Error(ErrorKind::Constraint,
                    "key '" + key + "' already belongs to node " + std::to_string(other->value));
    }
}

void GraphWriter::write_node(NodeId id, const NodeRecord& node) {
    wtxn().put(txn_->tables().nodes, id_key(id), storage::encode_node(node));
}

void GraphWriter::index_entry(LabelId label, PropertyId property, const Value& value, NodeId id,
                              bool add) {
    if (!indexes_.contains({label, property})) return;
    auto k = index_key(label, property, value);
    if (!k) return;
    if (add) {
        wtxn().put(txn_->tables().prop_index, *k, id_key(id));
    } else {
        wtxn().del(txn_->tables().prop_index, *k, id_key(id));
    }
}

void GraphWriter::reload_schema() const {
    indexes_.clear();
    for (const auto& entry : indexes())
        indexes_.insert(entry);
    unique_.clear();
    for (const UniqueConstraint& c : unique_constraints(*this))
        unique_.insert({c.label, c.property});
    fulltext_ = fulltext_indexes(*this);
    vectors_ = vector_indexes(*this);
    schema_version_ = schema_version();
}

void GraphWriter::refresh_schema() const {
    // Every change of indexes or constraints, by this writer or another of the transaction,
    // moves the schema version.
    if (!schema_pinned_ && schema_version() != schema_version_) reload_schema();
}

const std::vector<FulltextIndex>& GraphWriter::fulltext() const {
    refresh_schema();
    return fulltext_;
}

bool GraphWriter::fulltext_touches(FulltextEntity entity, const std::vector<std::uint32_t>& tokens,
                                   std::optional<PropertyId> property) const {
    for (const FulltextIndex& index : fulltext()) {
        if (index.entity == entity && index.covers(tokens) &&
            (!property || index.field(*property))) {
            return true;
        }
    }
    return false;
}

void GraphWriter::fulltext_update(FulltextEntity entity, std::uint64_t id,
                                  const std::vector<std::uint32_t>& tokens,
                                  const PropertyIds& properties, bool add) {
    for (const FulltextIndex& index : fulltext()) {
        if (index.entity == entity && index.covers(tokens))
            fulltext_document(*this, index, id, properties, add);
    }
}

const NameProperties& GraphWriter::name_ids() const {
    if (!name_ids_.key || !name_ids_.name || !name_ids_.aliases) name_ids_ = name_properties(*this);
    return name_ids_;
}

void GraphWriter::index_names_of(NodeId id, const PropertyIds& properties, bool add) {
    const NameProperties& ids = name_ids();
    if (!ids.key && !ids.name && !ids.aliases) return;
    const NameEntries entries = name_entries(properties, ids);
    if (add && name_sink_ != nullptr) {
        for (const auto& [folded, source] : entries)
            name_sink_->add(name_index_key(folded, char(source), id.value));
        return;
    }
    index_names(*this, id, entries, add);
}

const std::vector<VectorIndex>& GraphWriter::vectors() const {
    refresh_schema();
    return vectors_;
}

bool GraphWriter::vector_touches(VectorEntity entity, const std::vector<std::uint32_t>& tokens,
                                 std::optional<PropertyId> property) const {
    for (const VectorIndex& index : vectors()) {
        if (index.entity == entity &&
            std::binary_search(tokens.begin(), tokens.end(), index.token()) &&
            (!property || *property == index.property)) {
            return true;
        }
    }
    return false;
}

void GraphWriter::vector_move(VectorEntity entity, std::uint64_t id, const VectorSubject* before,
                              const VectorSubject* after) {
    std::vector<std::optional<std::vector<float>>> next;
    for (const VectorIndex& index : vectors()) {
        next.push_back(after && index.entity == entity
                           ? index_vector(*this, index, id, after->tokens, after->properties)
                           : std::nullopt);
    }
    for (std::size_t i = 0; i < vectors_.size(); ++i) {
        const VectorIndex& index = vectors_[i];
        if (index.entity != entity) continue;
        const bool was =
            before && index_vector(*this, index, id, before->tokens, before->properties);
        if (was) vector_remove(*this, index, id);
        if (next[i]) vector_insert(*this, index, id, *next[i]);
    }
}

void GraphWriter::vector_update(NodeId id, const NodeRecord* before, const NodeRecord* after) {
    const auto subject = [](const NodeRecord* n) {
        return n ? std::optional<VectorSubject>(VectorSubject{n->labels, n->properties})
                 : std::nullopt;
    };
    const auto b = subject(before), a = subject(after);
    vector_move(VectorEntity::Node, id.value, b ? &*b : nullptr, a ? &*a : nullptr);
}

void GraphWriter::vector_update(EdgeId id, const EdgeRecord* before, const EdgeRecord* after) {
    const auto subject = [](const EdgeRecord* e) {
        return e ? std::optional<VectorSubject>(VectorSubject{{e->type}, e->properties})
                 : std::nullopt;
    };
    const auto b = subject(before), a = subject(after);
    vector_move(VectorEntity::Relationship, id.value, b ? &*b : nullptr, a ? &*a : nullptr);
}

void GraphWriter::index_node(NodeId id, const NodeRecord& node, bool add) {
    // Vectors first: a value a vector index cannot hold throws before anything changes.
    if (!vectors().empty()) vector_update(id, add ? nullptr : &node, add ? &node : nullptr);
    index_names_of(id, node.properties, add);
    if (!fulltext().empty())
        fulltext_update(FulltextEntity::Node, id.value, node.labels, node.properties, add);
    if (indexes_.empty()) return;
    for (std::uint32_t label : node.labels) {
        for (const auto& [property, value] : node.properties) {
            index_entry(LabelId(label), PropertyId(property), value, id, add);
        }
    }
}

NodeId GraphWriter::create_node(const std::vector<LabelId>& labels_in,
                                PropertyValues properties_in) {
    std::vector<std::uint32_t> labels = record_labels(labels_in);
    PropertyIds properties = record_properties(std::move(properties_in));
    normalise_labels(labels);
    sort_properties(properties);
    for (const auto& [property, value] : properties) {
        check_storable(value);
        if (key_id_ && property == key_id_->value) check_key(NodeId{0}, value);
    }
    check_unique(labels, properties, NodeId{0});
    const NodeId id{next_id(next_node_key)};
    NodeRecord node{std::move(labels), std::move(properties)};
    write_node(id, node);
    if (key_id_) {
        if (const Value* key = find_property(node.properties, *key_id_)) {
            wtxn().put(txn_->tables().key_index, key->as_string(), id_key(id));
        }
    }
    for (std::uint32_t label : node.labels) {
        wtxn().put(txn_->tables().label_index, id_key(LabelId(label)), id_key(id));
        add_stat(StatKind::Label, label, 1);
    }
    index_node(id, node, true);
    add_stat(StatKind::Nodes, 0, 1);
    return id;
}

void GraphWriter::add_adjacency(Direction dir, NodeId node, const AdjEntry& entry) {
    // The first entry of a type at a node makes the node a distinct source (target) of it.
    bool first_of_type = true;
    adjacency(node, dir, entry.type, [&](const AdjEntry&) { return first_of_type = false; });
    insert_adj_entry(wtxn(), adjacency_table(dir), node, entry);
    if (first_of_type)
        add_stat(dir == Direction::Out ? StatKind::Sources : StatKind::Targets, entry.type.value,
                 1);
}

void GraphWriter::remove_adjacency(Direction dir, NodeId node, const AdjEntry& entry) {
    if (!erase_adj_entry(wtxn(), adjacency_table(dir), node, entry)) {
        throw Error(ErrorKind::Corrupt,
                    "adjacency entry of edge " + std::to_string(entry.edge.value) + " is missing");
    }
    bool last_of_type = true;
    adjacency(node, dir, entry.type, [&](const AdjEntry&) { return last_of_type = false; });
    if (last_of_type)
        add_stat(dir == Direction::Out ? StatKind::Sources : StatKind::Targets, entry.type.value,
                 -1);
}

EdgeId GraphWriter::create_edge(NodeId src, TypeId type, NodeId dst, PropertyValues properties_in) {
    PropertyIds properties = record_properties(std::move(properties_in));
    if (!has_node(src)) no_node(src);
    if (!has_node(dst)) no_node(dst);
    normalise_properties(properties);
    const EdgeId id{next_id(next_edge_key)};
    const EdgeRecord edge{type.value, src.value, dst.value, std::move(properties)};
    // Vectors first: a value a vector index cannot hold throws before anything changes.
    if (vector_touches(VectorEntity::Relationship, {type.value}, std::nullopt))
        vector_update(id, nullptr, &edge);
    write_edge_record(id, storage::encode_edge(edge));
    if (!fulltext().empty())
        fulltext_update(FulltextEntity::Relationship, id.value, {type.value}, edge.properties,
                        true);
    add_adjacency(Direction::Out, src, {type, dst, id});
    add_adjacency(Direction::In, dst, {type, src, id});
    add_stat(StatKind::Type, type.value, 1);
    add_stat(StatKind::Edges, 0, 1);
    return id;
}

bool GraphWriter::set_node_property(NodeId id, PropertyId property, const Value& value) {
    auto node = this->node(id);
    if (!node) no_node(id);
    check_storable(value);
    const bool is_key = key_id_ && property == *key_id_;
    if (is_key && !value.is_null()) check_key(id, value);
    check_unique(node->labels, {{property.value, value}}, id);
    const Value* old = find_property(node->properties, property);
    const Value before = old ? *old : Value();
    const bool fulltext = fulltext_touches(FulltextEntity::Node, node->labels, property);
    PropertyIds old_properties;
    if (fulltext) old_properties = node->properties;
    const bool named = name_ids().contains(property);
    NameEntries old_names;
    if (named) old_names = name_entries(node->properties, name_ids_);
    std::optional<NodeRecord> vector_before;
    if (vector_touches(VectorEntity::Node, node->labels, property)) vector_before = *node;
    if (!set_id(node->properties, property, value)) return false;
    if (vector_before) vector_update(id, &*vector_before, &*node);
    if (fulltext) {
        fulltext_update(FulltextEntity::Node, id.value, node->labels, old_properties, false);
        fulltext_update(FulltextEntity::Node, id.value, node->labels, node->properties, true);
    }
    if (named) {
        const NameEntries new_names = name_entries(node->properties, name_ids_);
        NameEntries gone, added;
        std::set_difference(old_names.begin(), old_names.end(), new_names.begin(), new_names.end(),
                            std::inserter(gone, gone.end()));
        std::set_difference(new_names.begin(), new_names.end(), old_names.begin(), old_names.end(),
                            std::inserter(added, added.end()));
        index_names(*this, id, gone, false);
        index_names(*this, id, added, true);
    }
    if (is_key) {
        if (!before.is_null()) wtxn().del(txn_->tables().key_index, before.as_string());
        if (!value.is_null()) wtxn().put(txn_->tables().key_index, value.as_string(), id_key(id));
    }
    for (std::uint32_t label : node->labels) {
        if (!before.is_null()) index_entry(LabelId(label), property, before, id, false);
        if (!value.is_null()) index_entry(LabelId(label), property, value, id, true);
    }
    write_node(id, *node);
    return true;
}

bool GraphWriter::set_edge_property(EdgeId id, PropertyId property, const Value& value) {
    auto edge = this->edge(id);
    if (!edge) {
        throw Error(ErrorKind::Constraint, "edge " + std::to_string(id.value) + " does not exist");
    }
    check_storable(value);
    const bool fulltext = fulltext_touches(FulltextEntity::Relationship, {edge->type}, property);
    PropertyIds old_properties;
    if (fulltext) old_properties = edge->properties;
    std::optional<EdgeRecord> vector_before;
    if (vector_touches(VectorEntity::Relationship, {edge->type}, property)) vector_before = *edge;
    if (!set_id(edge->properties, property, value)) return false;
    if (vector_before) vector_update(id, &*vector_before, &*edge);
    write_edge_record(id, storage::encode_edge(*edge));
    if (fulltext) {
        fulltext_update(FulltextEntity::Relationship, id.value, {edge->type}, old_properties,
                        false);
        fulltext_update(FulltextEntity::Relationship, id.value, {edge->type}, edge->properties,
                        true);
    }
    return true;
}

bool GraphWriter::add_label(NodeId id, LabelId label) {
    auto node = this->node(id);
    if (!node) no_node(id);
    auto it = std::lower_bound(node->labels.begin(), node->labels.end(), label.value);
    if (it != node->labels.end() && *it == label.value) return false;
    check_unique({label.value}, node->properties, id);
    const bool fulltext = fulltext_touches(FulltextEntity::Node, {label.value}, std::nullopt);
    if (fulltext)
        fulltext_update(FulltextEntity::Node, id.value, node->labels, node->properties, false);
    std::optional<NodeRecord> vector_before;
    if (vector_touches(VectorEntity::Node, {label.value}, std::nullopt)) vector_before = *node;
    node->labels.insert(it, label.value);
    if (vector_before) vector_update(id, &*vector_before, &*node);
    if (fulltext)
        fulltext_update(FulltextEntity::Node, id.value, node->labels, node->properties, true);
    write_node(id, *node);
    wtxn().put(txn_->tables().label_index, id_key(label), id_key(id));
    add_stat(StatKind::Label, label.value, 1);
    for (const auto& [property, value] : node->properties) {
        index_entry(label, PropertyId(property), value, id, true);
    }
    return true;
}

bool GraphWriter::remove_label(NodeId id, LabelId label) {
    auto node = this->node(id);
    if (!node) no_node(id);
    auto it = std::lower_bound(node->labels.begin(), node->labels.end(), label.value);
    if (it == node->labels.end() || *it != label.value) return false;
    const bool fulltext = fulltext_touches(FulltextEntity::Node, {label.value}, std::nullopt);
    if (fulltext)
        fulltext_update(FulltextEntity::Node, id.value, node->labels, node->properties, false);
    std::optional<NodeRecord> vector_before;
    if (vector_touches(VectorEntity::Node, {label.value}, std::nullopt)) vector_before = *node;
    node->labels.erase(it);
    if (vector_before) vector_update(id, &*vector_before, &*node);
    if (fulltext)
        fulltext_update(FulltextEntity::Node, id.value, node->labels, node->properties, true);
    write_node(id, *node);
    wtxn().del(txn_->tables().label_index, id_key(label), id_key(id));
    add_stat(StatKind::Label, label.value, -1);
    for (const auto& [property, value] : node->properties) {
        index_entry(label, PropertyId(property), value, id, false);
    }
    return true;
}

void GraphWriter::delete_edge(EdgeId id) {
    auto v = edge_bytes(id);
    if (!v) {
        throw Error(ErrorKind::Constraint, "edge " + std::to_string(id.value) + " does not exist");
    }
    const EdgeRecord edge = storage::decode_edge_header(*v);
    const bool fulltext = fulltext_touches(FulltextEntity::Relationship, {edge.type}, std::nullopt);
    if (fulltext || vector_touches(VectorEntity::Relationship, {edge.type}, std::nullopt)) {
        // The whole record, decoded before the delete ends the view.
        const EdgeRecord full = storage::decode_edge(*v);
        vector_update(id, &full, nullptr);
        if (fulltext)
            fulltext_update(FulltextEntity::Relationship, id.value, {edge.type}, full.properties,
                            false);
    }
    write_edge_record(id, {});
    remove_adjacency(Direction::Out, NodeId{edge.src}, {TypeId(edge.type), NodeId{edge.dst}, id});
    remove_adjacency(Direction::In, NodeId{edge.dst}, {TypeId(edge.type), NodeId{edge.src}, id});
    add_stat(StatKind::Type, edge.type, -1);
    add_stat(StatKind::Edges, 0, -1);
}

std::uint64_t GraphWriter::delete_node(NodeId id, bool detach) {
    auto node = this->node(id);
    if (!node) no_node(id);
    std::vector<EdgeId> edges;
    std::unordered_set<EdgeId> seen;  // a self-loop is both an out- and an in-edge
    for (Direction dir : {Direction::Out, Direction::In}) {
        adjacency(id, dir, std::nullopt, [&](const AdjEntry& e) {
            if (seen.insert(e.edge).second) edges.push_back(e.edge);
            return true;
        });
    }
    if (!edges.empty() && !detach) {
        throw Error(
            ErrorKind::Constraint, ErrorClass::ConstraintVerificationFailed, "DeleteConnectedNode",
            "cannot delete node " + std::to_string(id.value) + ": it still has " +
                std::to_string(edges.size()) + " edge(s); delete them first or use DETACH DELETE");
    }
    for (EdgeId edge : edges)
        delete_edge(edge);
    if (key_id_) {
        if (const Value* key = find_property(node->properties, *key_id_)) {
            wtxn().del(txn_->tables().key_index, key->as_string());
        }
    }
    for (std::uint32_t label : node->labels) {
        wtxn().del(txn_->tables().label_index, id_key(LabelId(label)), id_key(id));
        add_stat(StatKind::Label, label, -1);
    }
    index_node(id, *node, false);
    wtxn().del(txn_->tables().nodes, id_key(id));
    add_stat(StatKind::Nodes, 0, -1);
    return edges.size();
}

bool GraphWriter::create_index(LabelId label, PropertyId property) {
    refresh_schema();
    if (indexes_.contains({label, property})) return false;
    wtxn().put(txn_->tables().index_list, index_prefix(label, property), "");
    indexes_.insert({label, property});
    bump_schema_version();
    std::vector<NodeId> ids;
    scan_label(label, [&](NodeId id) { return ids.push_back(id), true; });
    for (NodeId id : ids) {
        auto node = this->node(id);
        if (!node) throw Error(ErrorKind::Corrupt, "label index names a missing node");
        if (const Value* v = find_property(node->properties, property)) {
            index_entry(label, property, *v, id, true);
        }
    }
    return true;
}

bool GraphWriter::drop_index(LabelId label, PropertyId property) {
    refresh_schema();
    if (!indexes_.contains({label, property})) return false;
    if (unique_.contains({label, property})) {
        throw Error(ErrorKind::Semantic, "cannot drop the index on :" + name(label) + "(" +
                                             name(property) +
                                             "): a uniqueness constraint needs it; drop the "
                                             "constraint first");
    }
    const std::string prefix = index_prefix(label, property);
    std::vector<std::string> keys;
    {
        Cursor c(*txn_, txn_->tables().prop_index);
        MDB_val k = as_val(prefix), v;
        for (bool ok = c.move(MDB_SET_RANGE, &k, &v);
             ok && as_view(k).substr(0, prefix.size()) == prefix;
             ok = c.move(MDB_NEXT_NODUP, &k, &v)) {
            keys.emplace_back(as_view(k));
        }
    }
    for (const std::string& key : keys)
        wtxn().del(txn_->tables().prop_index, key);
    wtxn().del(txn_->tables().index_list, prefix);
    indexes_.erase({label, property});
    bump_schema_version();
    return true;
}

void GraphWriter::bump_schema_version() {
    const std::uint64_t next = schema_version() + 1;
    wtxn().put(txn_->tables().meta, schema_version_key, id_key(next));
}

}  // namespace caspian::graph
