// AdjacencyReader: reads the packed chunks of `out_adj` and `in_adj` (format version 6,
// graph/adj_chunk.hpp) through kept cursors; a file not yet upgraded goes to
// adjacency_reader_v5.cpp. Never writes.
#include "graph/adjacency_reader.hpp"

#include "graph/adj_chunk.hpp"

#include <limits>
#include <utility>

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

AdjacencyReader::Chunks& AdjacencyReader::chunks(Direction dir) {
    Chunks& s = dir == Direction::Out ? out_chunks_ : in_chunks_;
    if (!s.cursor) {
        const auto& tables = txn_->tables();
        s.cursor =
            std::make_unique<Cursor>(*txn_, dir == Direction::Out ? tables.out_adj : tables.in_adj);
    }
    return s;
}

bool AdjacencyReader::first_chunk(Chunks& s, NodeId node, MDB_val& k, MDB_val& v) {
    // Optimisation only: asked in id order (a scan's Degree), the node asked for is the one the
    // last scan stopped at, or one of those it stepped over, without a seek.
    const std::uint64_t first = std::exchange(s.first, Chunks{}.first);
    s.at_first = false;
    if (first == node.value) {
        if (!s.cursor->move(MDB_GET_CURRENT, &k, &v)) return false;
        s.at_first = true;
    } else if (first != Chunks{}.first && s.empty_from <= node.value && node.value < first) {
        s.first = first;
        return false;
    } else if (seek_adj_node(*s.cursor, node, k, v)) {
        s.at_first = adj_chunk_node(as_view(k)).value == node.value;
    } else {
        return false;
    }
    if (s.at_first) {
        s.only_key = k;
        s.only_value = v;
        return true;
    }
    const std::uint64_t at = adj_chunk_node(as_view(k)).value;
    s.first = at;
    s.empty_from = node.value;
    return false;
}

bool AdjacencyReader::next_chunk(Chunks& s, NodeId node, MDB_val& k, MDB_val& v) {
    const bool was_first = std::exchange(s.at_first, false);
    if (!s.cursor->move(MDB_NEXT, &k, &v)) {
        s.only = was_first ? node.value : Chunks{}.only;
        return false;
    }
    const std::uint64_t at = adj_chunk_node(as_view(k)).value;
    if (at == node.value) return true;
    s.only = was_first ? node.value : Chunks{}.only;
    s.first = at;
    s.empty_from = node.value + 1;
    return false;
}

void AdjacencyReader::visit(NodeId node, Direction dir, std::optional<TypeId> type,
                            const std::function<bool(const AdjEntry&)>& visit) {
    if (!packed()) return visit_v5(node, dir, type, visit);
    Chunks& s = chunks(dir);
    MDB_val k, v;
    if (!type) {
        if (!first_chunk(s, node, k, v)) return;
    } else {
        s.first = Chunks{}.first;
        s.at_first = false;
        if (!seek_adj_chunk(*s.cursor, node, {*type, NodeId{0}, EdgeId{0}}, k, v)) return;
    }
    do {
        AdjChunkDecoder chunk(as_view(k), as_view(v));
        AdjEntry e;
        while (chunk.next(e)) {
            if (type && e.type < *type) continue;
            if (type && e.type > *type) return;
            if (!visit(e)) return;
        }
    } while (next_chunk(s, node, k, v));
}

std::uint64_t AdjacencyReader::degree(NodeId node, Direction dir, std::optional<TypeId> type) {
    if (!packed()) return degree_v5(node, dir, type);
    std::uint64_t n = 0;
    if (type) {
        visit(node, dir, type, [&](const AdjEntry&) { return ++n, true; });
        return n;
    }
    Chunks& s = chunks(dir);
    MDB_val k, v;
    for (bool ok = first_chunk(s, node, k, v); ok; ok = next_chunk(s, node, k, v))
        n += AdjChunkDecoder(as_view(k), as_view(v)).count();
    return n;
}

std::uint64_t AdjacencyReader::self_loops(NodeId node, std::optional<TypeId> type) {
    if (!packed()) return self_loops_v5(node, type);
    // Out-entries sort by (type, neighbour, edge): a type's self-loops are the run at
    // (type, node). Seek it for each type present, the first entry past it naming the next.
    Chunks& s = chunks(Direction::Out);
    std::uint64_t n = 0;
    if (!type) {
        // Optimisation only: a node of one chunk (at most 64 entries, most nodes) is cheaper to
        // read than to seek once per type; reading it keeps the cursor's place for a scan.
        // A scan's degree(node, Out) just read the chunk: no move at all.
        MDB_val k, v;
        if (s.only != node.value) {
            if (!first_chunk(s, node, k, v)) return 0;
            (void)next_chunk(s, node, k, v);
        }
        if (s.only == node.value) {
            AdjChunkDecoder chunk(as_view(s.only_key), as_view(s.only_value));
            AdjEntry e;
            while (chunk.next(e))
                n += e.neighbour == node ? 1 : 0;
            return n;
        }
    }
    s.first = Chunks{}.first;  // the seeks below move the cursor
    s.at_first = false;
    Cursor& c = *s.cursor;
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
