// Old files for upgrade tests: moves the packed adjacency of format version 6 (`out_adj`,
// `in_adj`) into the DUPSORT tables of versions 1-5 (`out_edges`, `in_edges`), one entry per edge
// end, encoded as `encode` says (16 bytes by default, encode_adj_v3 for 20).
#pragma once

#include "graph/adj_chunk.hpp"
#include "storage/env.hpp"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace caspian::testing {

inline void unpack_adjacency(
    storage::WriteTxn& txn,
    const std::function<std::string(const graph::AdjEntry&)>& encode = graph::encode_adj) {
    const auto& t = txn.tables();
    for (const auto& [packed, old] :
         {std::pair{t.out_adj, t.out_edges}, std::pair{t.in_adj, t.in_edges}}) {
        std::vector<std::pair<std::string, std::vector<graph::AdjEntry>>> chunks;
        {
            storage::Cursor c(txn, packed);
            MDB_val k, v;
            for (bool ok = c.move(MDB_FIRST, &k, &v); ok; ok = c.move(MDB_NEXT, &k, &v)) {
                chunks.emplace_back(std::string(storage::as_view(k)),
                                    std::vector<graph::AdjEntry>{});
                graph::decode_adj_chunk(storage::as_view(k), storage::as_view(v),
                                        chunks.back().second);
            }
        }
        for (const auto& [key, entries] : chunks) {
            txn.del(packed, key);
            const NodeId node = graph::adj_chunk_node(key);
            for (const graph::AdjEntry& e : entries)
                txn.put(old, graph::id_key(node), encode(e));
        }
    }
}

}  // namespace caspian::testing
