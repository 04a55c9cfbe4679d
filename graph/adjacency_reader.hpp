// AdjacencyReader: a node's adjacency entries, degrees and self-loops through cursors it keeps
// from call to call (issue #20), so that a scan asking in node id order stays on LMDB's leaf page
// instead of opening a cursor and descending the tree per call. GraphReader's calls use one each.
#pragma once

#include "graph/adj_chunk.hpp"
#include "graph/keys.hpp"
#include "storage/env.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>

namespace caspian::graph {

// Borrows txn and must not outlive it. In a write transaction a kept cursor must not live across
// a commit (close it, as storage::Cursor says): keep one only in read transactions, or make a new
// one per call. Throws Error{Storage} as storage::Cursor does. Not thread-safe.
class AdjacencyReader {
public:
    explicit AdjacencyReader(const storage::Txn& txn) : txn_(&txn) {}

    // node's entries in dir (of one type, or every type), in stored order; stops when visit
    // returns false. visit must not write to the transaction nor call this reader.
    void visit(NodeId node, Direction dir, std::optional<TypeId> type,
               const std::function<bool(const AdjEntry&)>& visit);
    // The number of node's entries in dir: without a type, the sum of its chunks' counts.
    [[nodiscard]] std::uint64_t degree(NodeId node, Direction dir, std::optional<TypeId> type = {});
    // The self-loops at node (of one type, or of any): one seek per type present at the node,
    // not a scan of its edges (issue #8: undirected degrees count a self-loop once).
    [[nodiscard]] std::uint64_t self_loops(NodeId node, std::optional<TypeId> type = {});
    // The first node from `from` on with entries in dir (Both: in either), read from the
    // tables' keys, not `nodes`: every node whose degree there can be non-zero. nullopt past the
    // last. Asked in ascending order (a scan), with or without questions about the nodes it gave
    // in between (a Degree), it follows the kept cursors instead of seeking.
    [[nodiscard]] std::optional<NodeId> next_node(NodeId from, Direction dir);

private:
    // Whether this transaction reads `out_adj`/`in_adj` (format version 6) rather than a not yet
    // upgraded file's `out_edges`/`in_edges` (adjacency_reader_v5.cpp), asked once.
    bool packed();
    // next_node in one table; Chunks::none (= Side::none) past the last.
    std::uint64_t next_node_in(Direction dir, std::uint64_t from);
    // A packed table's kept cursor and what the last scan showed: when `first` is set, the
    // cursor sits on the first chunk of node `first`, and no node in [empty_from, first) has one.
    struct Chunks {
        static constexpr std::uint64_t none = ~std::uint64_t{0};
        std::optional<storage::Cursor> cursor;  // opened on first use
        std::uint64_t first = none;
        std::uint64_t empty_from = none;
        // The node whose chunks were read last, if it has one chunk only, and that chunk
        // (in the map: valid while the transaction writes nothing, as a kept reader's are).
        std::uint64_t only = none;
        MDB_val only_key{}, only_value{};
        bool at_first = false;  // the cursor is on the first chunk of the node being read
        // A node known to have several chunks (its typed questions seek).
        std::uint64_t several = none;
        // The entries of node `decoded`, whose only chunk they are, decoded once for every
        // question about the node (degrees by type, self-loops, visits); whatever else decodes
        // into `entries` resets it.
        std::uint64_t decoded = none;
        std::size_t size = 0;
        AdjChunkBuffer entries;
    };
    Chunks& chunks(Direction dir);
    // Puts s's cursor on node's first chunk (k, v); false when node has none.
    bool first_chunk(Chunks& s, NodeId node, MDB_val& k, MDB_val& v);
    // Moves s's cursor to the next chunk of node; past its last, notes where the cursor is.
    bool next_chunk(Chunks& s, NodeId node, MDB_val& k, MDB_val& v);
    // node's entries when it has exactly one chunk (most nodes), decoded once; nullopt when it
    // has several (then read them from the cursor), an empty span when it has none.
    std::optional<std::span<const AdjEntry>> one_chunk(Chunks& s, NodeId node);
    void visit_v5(NodeId node, Direction dir, std::optional<TypeId> type,
                  const std::function<bool(const AdjEntry&)>& visit);
    std::uint64_t degree_v5(NodeId node, Direction dir, std::optional<TypeId> type);
    std::uint64_t self_loops_v5(NodeId node, std::optional<TypeId> type);

    // One table's kept cursor and what the last moves showed: it sits on the entries of node
    // `at` (at == none: nowhere usable), and no node in [empty_from, at) has entries.
    struct Side {
        static constexpr std::uint64_t none = ~std::uint64_t{0};
        std::unique_ptr<storage::Cursor> cursor;  // opened on first use
        std::uint64_t at = none;
        std::uint64_t empty_from = none;
    };
    Side& side_v5(Direction dir);
    // Puts s's cursor on node's entries (at some duplicate of them); false when it has none.
    bool seek(Side& s, NodeId node);
    // Moves s's cursor with op within the entries it sits on; a failed move forgets where it is.
    bool move_within(Side& s, MDB_cursor_op op, MDB_val* k, MDB_val* v);
    const storage::Txn* txn_;
    Side out_, in_;
    std::optional<bool> packed_;
    Chunks out_chunks_, in_chunks_;
};

}  // namespace caspian::graph
