// The graph over one transaction: nodes and edges with their adjacency, the dictionaries of
// names, the unique key index, the label index, property indexes and the statistics, all kept
// consistent within the caller's transaction. Works in dictionary ids (LabelId, TypeId,
// PropertyId: graph/ids.hpp); the API maps names. Records (NodeRecord, EdgeRecord, PropertyIds)
// keep the raw u32 ids they are stored with.
// GraphReader is implemented in graph_reader.cpp, GraphWriter in graph_writer.cpp.
#pragma once

#include "graph/fulltext_index.hpp"
#include "graph/ids.hpp"
#include "graph/keys.hpp"
#include "graph/name_index.hpp"
#include "graph/vector_index.hpp"

#include "storage/codec.hpp"
#include "storage/env.hpp"

#include <caspian/value.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace caspian::graph {

using storage::EdgeRecord;
using storage::NodeRecord;
using storage::PropertyIds;

// Statistics the planner reads (kept in the same transactions as the data).
struct TypeStats {
    std::uint64_t edges = 0;
    std::uint64_t distinct_sources = 0;  // nodes with at least one out-edge of the type
    std::uint64_t distinct_targets = 0;  // nodes with at least one in-edge of the type
};

// "label", "edge type" or "property": how messages name a kind of name.
[[nodiscard]] const char* name_of(NameKind kind);

// One property of an encoded node record (node_bytes, node_records): null when the node lacks
// it. Throws Error{Corrupt} when the bytes do not decode.
[[nodiscard]] Value record_property(std::string_view record, PropertyId property);
// The same for an encoded edge record (edge_bytes).
[[nodiscard]] Value edge_record_property(std::string_view record, PropertyId property);
// Whether property indexes hold v (null and lists are not indexed): a seek on a value that is
// not must fall back to a scan of the label. Durations are, from format version 2 on
// (GraphReader::index_scan scans the label for them in an older database).
[[nodiscard]] bool is_indexable(const Value& v);
// The one normal form of a record's properties: sorted by property id, nulls dropped (a null is
// never stored). Callers pass each property id once.
void sort_properties(PropertyIds& properties);
// The value of property in properties (in sort_properties' normal form), or null when absent.
[[nodiscard]] const Value* find_property(const PropertyIds& properties, PropertyId property);
// Throws Error{Type} for a value no property can hold.
void check_storable(const Value& value);
// sort_properties, then check_storable on each value.
void normalise_properties(PropertyIds& properties);
// A node's labels: sorted, each once.
void normalise_labels(std::vector<std::uint32_t>& labels);

// The (property, value) pairs a caller writes to a node or an edge, in any order.
using PropertyValues = std::vector<std::pair<PropertyId, Value>>;
// Into the record's raw form (values moved), where the ids become the stored integers.
[[nodiscard]] std::vector<std::uint32_t> record_labels(const std::vector<LabelId>& labels);
[[nodiscard]] PropertyIds record_properties(PropertyValues properties);

class GraphReader {
public:
    explicit GraphReader(const storage::Txn& txn) : txn_(&txn) {}
    virtual ~GraphReader() = default;
    const storage::Txn& txn() const noexcept { return *txn_; }

    // Dictionaries, one id type per kind: find_name<NameKind::Label>("City") is a LabelId.
    // name() throws Error{Corrupt} for an id that does not resolve.
    template <NameKind Kind>
    [[nodiscard]] std::optional<NameId<Kind>> find_name(std::string_view name) const {
        const auto id = find_raw_id(Kind, name);
        return id ? std::optional(NameId<Kind>(*id)) : std::nullopt;
    }
    template <NameKind Kind>
    [[nodiscard]] std::string name(NameId<Kind> id) const {
        return raw_name(Kind, id.value);
    }
    // Every name of the kind, in id order.
    template <NameKind Kind>
    [[nodiscard]] std::vector<std::pair<NameId<Kind>, std::string>> names() const {
        std::vector<std::pair<NameId<Kind>, std::string>> out;
        scan_names(Kind, [&](std::uint32_t id, std::string_view name) {
            out.emplace_back(NameId<Kind>(id), std::string(name));
        });
        return out;
    }

    [[nodiscard]] std::optional<NodeRecord> node(NodeId id) const;
    [[nodiscard]] bool has_node(NodeId id) const;
    [[nodiscard]] std::optional<EdgeRecord> edge(EdgeId id) const;
    // One property, decoding only its value (issue #8): nullopt when the node or edge is
    // missing, null when it lacks the property.
    [[nodiscard]] std::optional<Value> node_property(NodeId id, PropertyId property) const;
    [[nodiscard]] std::optional<Value> edge_property(EdgeId id, PropertyId property) const;
    // The encoded record (record_property reads it); the view lives until the transaction ends
    // or writes.
    [[nodiscard]] std::optional<std::string_view> node_bytes(NodeId id) const;
    // An edge's encoded record, found in its block (format version 5) or, in an older file
    // not yet upgraded, in its own entry; the view lives as node_bytes' does.
    [[nodiscard]] std::optional<std::string_view> edge_bytes(EdgeId id) const;
    [[nodiscard]] std::optional<NodeId> find_key(std::string_view key) const;
    // Every key index entry in key order, with its node id (nullopt when the stored value is
    // not one): the integrity check walks the index whole; lookups use find_key.
    void scan_keys(const std::function<bool(std::string_view, std::optional<NodeId>)>& visit) const;

    // Visitors stop when they return false; they must not write to this transaction.
    // Scans start at id `from` (inclusive), so a caller can resume in batches without holding
    // a cursor across writes.
    void scan_nodes(const std::function<bool(NodeId)>& visit, NodeId from = {}) const;
    // As scan_nodes, with each node's encoded record (a view living as node_bytes' does).
    void scan_node_records(const std::function<bool(NodeId, std::string_view)>& visit,
                           NodeId from = {}) const;
    // The same in batches without a call per record: appends up to `max` ids from `from` and
    // their records to the vectors; returns whether the scan may have more.
    bool node_records(NodeId from, std::size_t max, std::vector<NodeId>& ids,
                      std::vector<std::string_view>& records) const;
    void scan_edges(const std::function<bool(EdgeId, const EdgeRecord&)>& visit) const;
    void scan_label(LabelId label, const std::function<bool(NodeId)>& visit,
                    NodeId from = {}) const;
    void adjacency(NodeId node, Direction dir, std::optional<TypeId> type,
                   const std::function<bool(const AdjEntry&)>& visit) const;
    [[nodiscard]] std::uint64_t degree(NodeId node, Direction dir,
                                       std::optional<TypeId> type = {}) const;
    // The self-loops at node (of one type, or of any): one seek per type present at the node,
    // not a scan of its edges (issue #8: undirected degrees count a self-loop once).
    [[nodiscard]] std::uint64_t self_loops(NodeId node, std::optional<TypeId> type = {}) const;

    [[nodiscard]] std::uint64_t node_count() const;
    [[nodiscard]] std::uint64_t edge_count() const;
    [[nodiscard]] std::uint64_t label_count(LabelId label) const;
    [[nodiscard]] TypeStats type_stats(TypeId type) const;

    // Property indexes on (label, property).
    [[nodiscard]] std::vector<std::pair<LabelId, PropertyId>> indexes() const;
    [[nodiscard]] bool has_index(LabelId label, PropertyId property) const;
    // Counts the changes of the schema (indexes, constraints), 0 before the first: a cached plan
    // is valid while it is unchanged (issue #8). A rolled-back change reuses its number, so only
    // plans made in committed snapshots (read transactions) may be cached by it.
    [[nodiscard]] std::uint64_t schema_version() const;
    // The layout version in `meta` (storage::format_version once a write transaction ran on
    // this build); Error{Corrupt} when the entry is malformed.
    [[nodiscard]] std::uint32_t stored_format_version() const;
    // Whether this database's property indexes hold v: is_indexable, and for a duration a
    // stored format version of at least 2 (older indexes lack them until upgraded).
    [[nodiscard]] bool index_holds(const Value& v) const;
    // Candidate nodes whose indexed value lies in [lower, upper] (a missing bound is open,
    // within the other bound's kind: numbers, strings, ...), in value order. Candidates near a
    // bound may not match (truncated long strings, integers beyond 2^53, strings that extend
    // the upper bound): the caller re-checks its predicate. A bound the index does not hold
    // (index_holds) visits every node of the label instead, in id order. Throws Error{Usage}
    // without the index.
    void index_scan(LabelId label, PropertyId property, const std::optional<Value>& lower,
                    const std::optional<Value>& upper,
                    const std::function<bool(NodeId)>& visit) const;

protected:
    // The raw dictionary lookups behind the typed ones (the kind is a run-time value here).
    [[nodiscard]] std::optional<std::uint32_t> find_raw_id(NameKind kind,
                                                           std::string_view name) const;
    [[nodiscard]] std::string raw_name(NameKind kind, std::uint32_t id) const;
    void scan_names(NameKind kind,
                    const std::function<void(std::uint32_t, std::string_view)>& visit) const;
    // A statistic's id is a label's or a type's, as its kind says (keys.hpp).
    [[nodiscard]] std::uint64_t stat(StatKind kind, std::uint32_t id) const;
    [[nodiscard]] MDB_dbi adjacency_table(Direction dir) const;
    const storage::Txn* txn_;
};

// Mutations keep every index and statistic in step. They throw Error{Constraint} for a broken
// rule and leave the transaction usable: each checks before it writes.
class SortedKeys;

class GraphWriter : public GraphReader {
public:
    explicit GraphWriter(storage::WriteTxn& txn);

    // The id of the name, adding it to the dictionary when new.
    template <NameKind Kind>
    NameId<Kind> intern(std::string_view name) {
        return NameId<Kind>(intern_raw(Kind, name));
    }
    storage::WriteTxn& write_txn() const noexcept { return *wtxn_; }

    NodeId create_node(const std::vector<LabelId>& labels, PropertyValues properties);
    EdgeId create_edge(NodeId src, TypeId type, NodeId dst, PropertyValues properties);
    // A null value removes the property. Returns false when nothing changed.
    bool set_node_property(NodeId id, PropertyId property, const Value& value);
    bool set_edge_property(EdgeId id, PropertyId property, const Value& value);
    bool add_label(NodeId id, LabelId label);
    bool remove_label(NodeId id, LabelId label);
    // Deletes a node; with detach also its edges, otherwise Error{Constraint} when it has any.
    // Returns the number of edges deleted with it.
    std::uint64_t delete_node(NodeId id, bool detach);
    void delete_edge(EdgeId id);

    // Builds the index from the nodes already stored. Returns false when it existed.
    bool create_index(LabelId label, PropertyId property);
    // Throws Error{Semantic} while a uniqueness constraint needs the index.
    bool drop_index(LabelId label, PropertyId property);
    // Gives schema_version() a fresh value; create_index and drop_index call it.
    void bump_schema_version();
    // Brings a database of an older format version to storage::format_version in this
    // transaction: version 1 indexes gain their durations' entries. The constructor calls it.
    void upgrade_format();
    // Version 6: one direction's DUPSORT entries (of any width) become packed chunks.
    void pack_adjacency(Direction dir);
    // Version 5: the edge records (of version 1 upgraded to 2) are packed in blocks of 32 ids.
    void rewrite_edge_records();

    // Uniqueness constraints (graph/constraints.hpp stores them): creating a node, setting a
    // property and adding a label throw Error{Constraint} before writing when another node with
    // the label has an equal value. require_unique switches the check for one (label, property).
    void require_unique(LabelId label, PropertyId property, bool on);
    // The check for a node `self` (NodeId{0} while it is being created) with these labels and
    // properties.
    void check_unique(const std::vector<std::uint32_t>& labels, const PropertyIds& properties,
                      NodeId self) const;

    // The schema this writer keeps in step (property indexes, uniqueness constraints,
    // full-text indexes), read when the writer starts and again when the schema version moved:
    // another writer of this transaction (a statement's nested one) may have changed it.
    // create_ and drop_fulltext_index call reload_schema after bumping the version.
    void reload_schema() const;
    const std::vector<FulltextIndex>& fulltext() const;
    const std::vector<VectorIndex>& vectors() const;

private:
    friend class BulkLoader;  // appends in bulk with the same checks and index upkeep
    storage::WriteTxn& wtxn() const { return *wtxn_; }
    std::uint32_t intern_raw(NameKind kind, std::string_view name);
    std::uint64_t next_id(std::string_view counter);
    void add_stat(StatKind kind, std::uint32_t id, std::int64_t delta);
    void write_node(NodeId id, const NodeRecord& node);
    // Puts or (with an empty record) erases one edge's record in its block.
    void write_edge_record(EdgeId id, std::string_view record);
    void check_key(NodeId id, const Value& value) const;
    void index_node(NodeId id, const NodeRecord& node, bool add);
    void index_entry(LabelId label, PropertyId property, const Value& value, NodeId id, bool add);
    void add_adjacency(Direction dir, NodeId node, const AdjEntry& entry);
    void remove_adjacency(Direction dir, NodeId node, const AdjEntry& entry);
    // Whether a change of property (of any, when nullopt) or of a label among tokens changes a
    // document of a full-text index over entity.
    bool fulltext_touches(FulltextEntity entity, const std::vector<std::uint32_t>& tokens,
                          std::optional<PropertyId> property) const;
    // Adds or removes the documents of one node (labels) or relationship ({type}).
    void fulltext_update(FulltextEntity entity, std::uint64_t id,
                         const std::vector<std::uint32_t>& tokens, const PropertyIds& properties,
                         bool add);
    // Whether changing property (any, when nullopt) of a node with these labels (a relationship
    // of type {type}) moves it in a vector index over entity.
    bool vector_touches(VectorEntity entity, const std::vector<std::uint32_t>& tokens,
                        std::optional<PropertyId> property) const;
    // Moves a node's (relationship's) entries in the vector indexes from before to after (null:
    // not there). Every new vector is checked first: a value an index cannot hold throws before
    // anything changes.
    void vector_update(NodeId id, const NodeRecord* before, const NodeRecord* after);
    void vector_update(EdgeId id, const EdgeRecord* before, const EdgeRecord* after);
    // A node's labels or a relationship's {type}, with its properties.
    struct VectorSubject {
        std::vector<std::uint32_t> tokens;
        const PropertyIds& properties;
    };
    void vector_move(VectorEntity entity, std::uint64_t id, const VectorSubject* before,
                     const VectorSubject* after);

    // The name index's entries of a node (graph/name_index.hpp): added or removed.
    void index_names_of(NodeId id, const PropertyIds& properties, bool add);
    // The convention's property ids, looked up again while one is missing (it may be interned
    // by a later statement of the transaction); found ids never change.
    const NameProperties& name_ids() const;

    storage::WriteTxn* wtxn_;
    std::optional<PropertyId> key_id_;
    mutable NameProperties name_ids_;
    // Set by a BulkLoader: the name index keys of added nodes go here, for it to write them in
    // key order at its end, instead of into the table.
    SortedKeys* name_sink_ = nullptr;
    // Set by a BulkLoader, which no other writer interleaves with: the schema it read at its
    // start holds, so refresh_schema need not read the stored version for every row.
    bool schema_pinned_ = false;
    // As of schema version schema_version_ (reload_schema, refresh_schema): few and small.
    mutable std::set<std::pair<LabelId, PropertyId>> indexes_;
    mutable std::set<std::pair<LabelId, PropertyId>> unique_;  // constrained (label, property)
    mutable std::vector<FulltextIndex> fulltext_;
    mutable std::vector<VectorIndex> vectors_;
    mutable std::uint64_t schema_version_ = 0;
    void refresh_schema() const;  // reload_schema when the stored version moved
    // check_unique with the constraints as last read: the bulk loader, which no other writer
    // interleaves with, refreshes once when it starts.
    void check_unique_as_read(const std::vector<std::uint32_t>& labels,
                              const PropertyIds& properties, NodeId self) const;
};

}  // namespace caspian::graph
