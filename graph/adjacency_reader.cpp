// AdjacencyReader: reads the packed chunks of `out_adj` and `in_adj` (format version 6,
// graph/adj_chunk.hpp) through kept cursors; a file not yet upgraded goes to
// adjacency_reader_v5.cpp. Never writes.
#include "graph/adjacency_reader.hpp"

#include "graph/adj_chunk.hpp"

#include <limits>

namespace caspian::graph {

using storage::as_view;
using storage::Cursor;

bool AdjacencyReader::packed() {
    if (!packed_) {
        // An upgrade empties the old tables in the transaction that writes the new ones.
        const auto& tables = txn_->tables();
        packed_ = tables.has_adj_chunks && txn_->entries(tables.out_edges) == 0 &&
                  txn_->entries(tables.in_edges) == 0;
    }
    return *packed_;
}

Cursor& AdjacencyReader::chunks(Direction dir) {
    auto& c = dir == Direction::Out ? out_chunks_ : in_chunks_;
    if (!c) {
        const auto& tables = txn_->tables();
        c = std::make_unique<Cursor>(*txn_, dir == Direction::Out ? tables.out_adj : tables.in_adj);
    }
    return *c;
}

void AdjacencyReader::visit(NodeId node, Direction dir, std::optional<TypeId> type,
                            const std::function<bool(const AdjEntry&)>& visit) {
    if (!packed()) return visit_v5(node, dir, type, visit);
    Cursor& c = chunks(dir);
    MDB_val k, v;
    if (!seek_adj_chunk(c, node, {type.value_or(TypeId(0)), NodeId{0}, EdgeId{0}}, k, v)) return;
    do {
        if (adj_chunk_node(as_view(k)) != node) return;
        AdjChunkDecoder chunk(as_view(k), as_view(v));
        AdjEntry e;
        while (chunk.next(e)) {
            if (type && e.type < *type) continue;
            if (type && e.type > *type) return;
            if (!visit(e)) return;
        }
    } while (c.move(MDB_NEXT, &k, &v));
}

std::uint64_t AdjacencyReader::degree(NodeId node, Direction dir, std::optional<TypeId> type) {
    if (!packed()) return degree_v5(node, dir, type);
    std::uint64_t n = 0;
    if (type) {
        visit(node, dir, type, [&](const AdjEntry&) { return ++n, true; });
        return n;
    }
    Cursor& c = chunks(dir);
    MDB_val k, v;
    for (bool ok = seek_adj_chunk(c, node, {}, k, v); ok && adj_chunk_node(as_view(k)) == node;
         ok = c.move(MDB_NEXT, &k, &v))
        n += AdjChunkDecoder(as_view(k), as_view(v)).count();
    return n;
}

std::uint64_t AdjacencyReader::self_loops(NodeId node, std::optional<TypeId> type) {
    if (!packed()) return self_loops_v5(node, type);
    // Out-entries sort by (type, neighbour, edge): a type's self-loops are the run at
    // (type, node). Seek it for each type present, the first entry past it naming the next.
    Cursor& c = chunks(Direction::Out);
    std::uint64_t n = 0;
    TypeId t = type.value_or(TypeId(0));
    for (;;) {
        MDB_val k, v;
        if (!seek_adj_chunk(c, node, {t, node, EdgeId{0}}, k, v)) return n;
        std::optional<TypeId> next;
        do {
            if (adj_chunk_node(as_view(k)) != node) return n;
            AdjChunkDecoder chunk(as_view(k), as_view(v));
            AdjEntry e;
            while (!next && chunk.next(e)) {
                if (e.type < t || (e.type == t && e.neighbour < node)) continue;
                if (e.type == t && e.neighbour == node) {
                    ++n;
                } else {
                    next = e.type;
                }
            }
        } while (!next && c.move(MDB_NEXT, &k, &v));
        if (!next || type) return n;
        if (*next == t) {
            if (t.value == std::numeric_limits<std::uint32_t>::max()) return n;
            next = TypeId(t.value + 1);
        }
        t = *next;
    }
}

}  // namespace caspian::graph
