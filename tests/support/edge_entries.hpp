// The layout of `edges` before format version 5, for the upgrade tests: each edge's record in
// an entry of its own, keyed by its id, instead of the blocks of 32 ids written today.
#pragma once

#include "graph/graph_store.hpp"
#include "storage/edge_block.hpp"
#include "storage/env.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace caspian::testing {

// Replaces the blocks by one entry per edge holding to_record(today's record).
inline void unpack_edge_blocks(storage::WriteTxn& txn,
                               const std::function<std::string(std::string_view)>& to_record) {
    std::vector<std::pair<std::uint64_t, std::string>> records;
    const graph::GraphReader r(txn);
    r.scan_edges([&](EdgeId id, const storage::EdgeRecord&) {
        records.emplace_back(id.value, to_record(*r.edge_bytes(id)));
        return true;
    });
    for (const auto& [id, bytes] : records)
        txn.del(txn.tables().edges, graph::id_key(storage::edge_block_first(id)));
    for (const auto& [id, bytes] : records)
        txn.put(txn.tables().edges, graph::id_key(id), bytes);
}

}  // namespace caspian::testing
