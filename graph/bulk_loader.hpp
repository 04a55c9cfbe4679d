// Bulk loading (issues #5 and #8): nodes and edges appended in one write transaction with
// ids in increasing order (MDB_APPEND), adjacency written in sorted batches and statistics
// counted in memory and written once. Does not parse files: the API's import does.
#pragma once

#include "graph/graph_store.hpp"
#include "graph/sorted_keys.hpp"
#include "storage/edge_block.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <future>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace caspian::graph {

// Writes through writer's transaction. Between construction and finish() nothing else may
// write through that writer or transaction except intern() here (the loader holds the id
// counters, statistics and pending adjacency in memory).
//
// Adjacency is an external merge sort: the entries of up to batch_edges edges are kept in
// memory (two 32-byte entries per edge); a full batch is sorted and spilled to an anonymous
// temporary file (std::tmpfile, so under TMPDIR's filesystem) by a thread of its own while the
// next batch fills, so memory holds up to two batches plus a copy of one direction's. finish()
// merges the runs and writes each node's entries in order: all in one put (MDB_APPEND,
// MDB_APPENDDUP, MDB_MULTIPLE) for a node past the table's last key, one by one before it. Memory
// is therefore bounded by the batch size, not by the number of edges; the temporary files take 64
// bytes per edge until finish(). Destroy the loader before its transaction ends (it owns write
// cursors).
//
// The name index's entries of the added nodes are sorted the same way, in runs of up to
// 8 x batch_edges bytes of keys (8 MiB by default), and finish() writes them merged in key order:
// appended (MDB_APPEND) when the table was empty, so that its pages come out full rather than about
// two-thirds full as random inserts leave them.
class BulkLoader {
public:
    static constexpr std::size_t default_batch_edges = std::size_t{1} << 20;

    explicit BulkLoader(GraphWriter& writer, std::size_t batch_edges = default_batch_edges);
    ~BulkLoader();
    BulkLoader(const BulkLoader&) = delete;
    BulkLoader& operator=(const BulkLoader&) = delete;

    // GraphWriter::intern with a cache in front.
    template <NameKind Kind>
    NameId<Kind> intern(std::string_view name) {
        return NameId<Kind>(intern_raw(Kind, name));
    }
    [[nodiscard]] const GraphWriter& reader() const noexcept { return *writer_; }

    // As GraphWriter::create_node and create_edge: the same checks and errors, thrown before
    // anything is written, so the transaction stays usable after a bad row.
    NodeId add_node(const std::vector<LabelId>& labels, PropertyValues properties);
    EdgeId add_edge(NodeId src, TypeId type, NodeId dst, PropertyValues properties);

    // Writes the pending adjacency, the statistics and the id counters, and closes the cursors.
    // Call it once, before commit; the loader takes no more rows afterwards.
    void finish();

    [[nodiscard]] std::uint64_t nodes_added() const noexcept { return next_node_ - first_node_; }
    [[nodiscard]] std::uint64_t edges_added() const noexcept { return next_edge_ - first_edge_; }

private:
    // One adjacency entry waiting for its batch: sorts as the table does, by (node, type,
    // neighbour, edge), since the stored value is BE (type, neighbour, edge).
    struct Pending {
        std::uint64_t node;
        std::uint64_t neighbour;
        std::uint64_t edge;
        std::uint32_t type;
        std::uint32_t unused = 0;  // no uninitialised padding in the temporary files
    };
    // A sorted run spilled to a temporary file.
    struct Run {
        std::FILE* file = nullptr;
        std::uint64_t entries = 0;
    };
    class RunReader;
    std::uint32_t intern_raw(NameKind kind, std::string_view name);
    static bool by_position(const Pending& a, const Pending& b);
    static void sort_batch(std::vector<Pending>& entries, std::vector<Pending>& buffer);
    // Hands the full batch to a thread of its own that sorts and spills it while rows go on
    // (an optimisation only: runs are written in batch order either way).
    void spill();
    // Joins the spill under way, if any; rethrows its error.
    void wait_for_spill();
    // Writes the entries of one direction: the runs and the batch, which must be sorted.
    void write_dir(Direction dir, std::vector<Pending>& entries, std::vector<Run>& runs);
    std::uint64_t counter(std::string_view name) const;
    // Writes the edge block being filled, if any.
    void flush_edge_block();
    [[nodiscard]] bool node_exists(std::uint64_t id) const;

    GraphWriter* writer_;
    std::size_t batch_edges_;
    std::uint64_t first_node_, next_node_, first_edge_, next_edge_;
    std::optional<storage::Cursor> nodes_, edges_;
    // The block of edge records being filled (format version 5): written when an edge's id
    // leaves it, and by finish(). Only the first may hold edges from before this load (ids only
    // grow): that one is replaced rather than appended.
    storage::EdgeBlock edge_block_;
    std::uint64_t edge_block_first_ = 0;
    bool edge_block_open_ = false, edge_block_stored_ = false;
    std::vector<Pending> out_, in_;
    // The spill thread's: the batch being spilled and its scratch space. It also appends to the
    // runs; no one else touches any of these until it is joined (finish() then sorts the last
    // batch with two of them as scratch space).
    std::vector<Pending> spill_out_, spill_in_, sort_buffer_;
    std::future<void> spilling_;
    std::vector<Run> out_runs_, in_runs_;
    // The name index keys of the added nodes (GraphWriter::name_sink_), written by finish().
    SortedKeys name_keys_;
    bool names_were_empty_ = false;
    // Raw ids: these feed the statistics' keys directly.
    std::unordered_map<std::uint32_t, std::int64_t> labels_;  // nodes added per label
    struct TypeCounts {
        std::int64_t edges = 0, sources = 0, targets = 0;
    };
    std::unordered_map<std::uint32_t, TypeCounts> types_;
    std::unordered_map<std::string, std::uint32_t> names_[3];  // label, type, property
    bool finished_ = false;
};

}  // namespace caspian::graph
