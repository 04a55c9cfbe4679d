// AdjacencyReader: a node's adjacency entries, degrees and self-loops through cursors it keeps
// from call to call (issue #20), so that a scan asking in node id order stays on LMDB's leaf page
// instead of opening a cursor and descending the tree per call. GraphReader's calls use one each.
#pragma once

#include "graph/keys.hpp"
#include "storage/env.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>

namespace caspian::graph {

// Borrows txn and must not outlive it. In a write transaction a kept cursor must not live across
// a commit (close it, as storage::Cursor says): keep one only in read transactions, or make a new
// one per call. Throws Error{Storage} as storage::Cursor does. Not thread-safe.
class AdjacencyReader {
public:
    explicit AdjacencyReader(const storage::Txn& txn) : txn_(&txn) {}

    // node's entries in dir (of one type, or every type), in stored order; stops when visit
    // returns false. visit must not write to the transaction.
    void visit(NodeId node, Direction dir, std::optional<TypeId> type,
               const std::function<bool(const AdjEntry&)>& visit);
    // The number of node's entries in dir: mdb_cursor_count without a type.
    [[nodiscard]] std::uint64_t degree(NodeId node, Direction dir, std::optional<TypeId> type = {});
    // The self-loops at node (of one type, or of any): one seek per type present at the node,
    // not a scan of its edges (issue #8: undirected degrees count a self-loop once).
    [[nodiscard]] std::uint64_t self_loops(NodeId node, std::optional<TypeId> type = {});

private:
    storage::Cursor& cursor(Direction dir);
    const storage::Txn* txn_;
    std::unique_ptr<storage::Cursor> out_, in_;  // opened on first use
};

}  // namespace caspian::graph
