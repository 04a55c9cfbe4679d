// AdjacencyReader: reads the packed chunks of `out_adj` and `in_adj` (format version 6,
// graph/adj_chunk.hpp) through kept cursors; a file not yet upgraded goes to
// adjacency_reader_v5.cpp. Never writes.
#include "graph/adjacency_reader.hpp"

#include "graph/adj_chunk.hpp"

#include <algorithm>
#include <limits>
#include <utility>

namespace caspian::graph {

using storage::as_view;
using storage::Cursor;

bool AdjacencyReader::packed() {
    if (!packed_) {
        // An upgrade empties the old tables in the transaction that writes the new ones. Every
        // edge has an entry in both, so out_edges alone tells (one mdb_stat, not two, per reader:
        // a statement's first look at a table in a transaction costs a lookup in LMDB's main DB).
        const auto& tables = txn_->tables();
        packed_ = tables.has_adj_chunks && txn_->entries(tables.out_edges) == 0;
    }
    return *packed_;
}

AdjacencyReader::Chunks& AdjacencyReader::chunks(Direction dir) {
    Chunks& s = dir == Direction::Out ? out_chunks_ : in_chunks_;
    if (!s.cursor) {
        const auto& tables = txn_->tables();
        s.cursor.emplace(*txn_, dir == Direction::Out ? tables.out_adj : tables.in_adj);
    }
    return s;
}

bool AdjacencyReader::first_chunk(Chunks& s, NodeId node, MDB_val& k, MDB_val& v) {
    // Optimisation only: asked in id order (a scan's Degree), the node asked for is the one the
    // last scan stopped at, or one of those it stepped over, without a seek.
    const std::uint64_t first = std::exchange(s.first, Chunks::none);
    s.at_first = false;
    if (first == node.value) {
        if (!s.cursor->move(MDB_GET_CURRENT, &k, &v)) return false;
        s.at_first = true;
    } else if (first != Chunks::none && s.empty_from <= node.value && node.value < first) {
        s.first = first;
        return false;
    } else if (seek_adj_node(*s.cursor, node, k, v)) {
        s.at_first = adj_chunk_node(as_view(k)).value == node.value;
    } else {
        return false;
    }
    if (s.at_first) {
        s.only = Chunks::none;  // until next_chunk finds no second chunk
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
    const bool more = s.cursor->move(MDB_NEXT, &k, &v);
    const std::uint64_t at = more ? adj_chunk_node(as_view(k)).value : Chunks::none;
    if (at == node.value) return true;
    if (was_first) s.only = node.value;
    if (more) {
        s.first = at;
        s.empty_from = node.value + 1;
    }
    return false;
}

std::optional<std::span<const AdjEntry>> AdjacencyReader::one_chunk(Chunks& s, NodeId node) {
    if (s.several == node.value) return std::nullopt;
    if (s.decoded != node.value && s.only != node.value) {
        MDB_val k, v;
        if (!first_chunk(s, node, k, v)) return std::span<const AdjEntry>();
        if (next_chunk(s, node, k, v)) {
            s.several = node.value;
            return std::nullopt;
        }
    }
    if (s.decoded != node.value) {
        s.size = decode_adj_chunk(as_view(s.only_key), as_view(s.only_value), s.entries);
        s.decoded = node.value;
    }
    return std::span<const AdjEntry>(s.entries.data(), s.size);
}

namespace {

// The entries of type in entries (ascending).
std::span<const AdjEntry> of_type(std::span<const AdjEntry> entries, TypeId type) {
    const auto from = std::partition_point(entries.begin(), entries.end(),
                                           [&](const AdjEntry& e) { return e.type < type; });
    const auto to = std::partition_point(from, entries.end(),
                                         [&](const AdjEntry& e) { return e.type == type; });
    return {from, to};
}

}  // namespace

void AdjacencyReader::visit(NodeId node, Direction dir, std::optional<TypeId> type,
                            const std::function<bool(const AdjEntry&)>& visit) {
    if (!packed()) return visit_v5(node, dir, type, visit);
    Chunks& s = chunks(dir);
    MDB_val k, v;
    if (type) {
        if (const auto one = one_chunk(s, node)) {
            for (const AdjEntry& e : of_type(*one, *type)) {
                if (!visit(e)) return;
            }
            return;
        }
        s.first = Chunks::none;  // the seek moves the cursor
        s.at_first = false;
        if (!seek_adj_chunk(*s.cursor, node, {*type, NodeId{0}, EdgeId{0}}, k, v)) return;
    } else if (s.decoded == node.value) {
        for (std::size_t i = 0; i < s.size; ++i) {
            if (!visit(s.entries[i])) return;
        }
        return;
    } else if (!first_chunk(s, node, k, v)) {
        return;
    }
    do {
        // A visit that stops early leaves s.entries holding part of a node: not `decoded`.
        s.decoded = Chunks::none;
        const std::size_t n = decode_adj_chunk(as_view(k), as_view(v), s.entries);
        for (std::size_t i = 0; i < n; ++i) {
            const AdjEntry& e = s.entries[i];
            if (type && e.type < *type) continue;
            if (type && e.type > *type) return;
            if (!visit(e)) return;
        }
        s.size = n;
    } while (next_chunk(s, node, k, v));
    if (s.only == node.value) s.decoded = node.value;  // its one chunk is in s.entries
}

std::uint64_t AdjacencyReader::degree(NodeId node, Direction dir, std::optional<TypeId> type) {
    if (!packed()) return degree_v5(node, dir, type);
    std::uint64_t n = 0;
    Chunks& s = chunks(dir);
    if (type) {
        if (const auto one = one_chunk(s, node)) return of_type(*one, *type).size();
        visit(node, dir, type, [&](const AdjEntry&) { return ++n, true; });
        return n;
    }
    MDB_val k, v;
    for (bool ok = first_chunk(s, node, k, v); ok; ok = next_chunk(s, node, k, v))
        n += adj_chunk_count(as_view(v));
    return n;
}

std::uint64_t AdjacencyReader::self_loops(NodeId node, std::optional<TypeId> type) {
    if (!packed()) return self_loops_v5(node, type);
    // Out-entries sort by (type, neighbour, edge): a type's self-loops are the run at
    // (type, node). Seek it for each type present, the first entry past it naming the next.
    Chunks& s = chunks(Direction::Out);
    std::uint64_t n = 0;
    // Optimisation only: a node of one chunk (at most 64 entries, most nodes) is cheaper to
    // read than to seek once per type; a scan's degree(node, Out) just read the chunk.
    if (const auto one = one_chunk(s, node)) {
        for (const AdjEntry& e : type ? of_type(*one, *type) : *one)
            n += e.neighbour == node ? 1 : 0;
        return n;
    }
    s.first = Chunks::none;  // the seeks below move the cursor
    s.at_first = false;
    Cursor& c = *s.cursor;
    TypeId t = type.value_or(TypeId(0));
    AdjChunkBuffer& entries = s.entries;
    s.decoded = Chunks::none;
    for (;;) {
        MDB_val k, v;
        if (!seek_adj_chunk(c, node, {t, node, EdgeId{0}}, k, v)) return n;
        std::optional<TypeId> next;
        do {
            if (adj_chunk_node(as_view(k)) != node) return n;
            const std::size_t size = decode_adj_chunk(as_view(k), as_view(v), entries);
            for (std::size_t i = 0; !next && i < size; ++i) {
                const AdjEntry& e = entries[i];
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

std::uint64_t AdjacencyReader::next_node_in(Direction dir, std::uint64_t from) {
    if (!packed()) {
        Side& s = side_v5(dir);
        seek(s, NodeId{from});  // leaves s.at on the first node from `from` on
        return s.at;
    }
    Chunks& s = chunks(dir);
    if (s.first != Chunks::none && s.empty_from <= from && from <= s.first) return s.first;
    s.at_first = false;
    MDB_val k, v;
    bool found = false;
    // Optimisation only: the cursor is on the first chunk of s.first, a node before `from` (a
    // scan that asked nothing about it): a step or two reach the next node, a seek descends.
    if (s.first != Chunks::none && s.first < from) {
        for (int step = 0; step < 8; ++step) {
            if (!s.cursor->move(MDB_NEXT, &k, &v)) {
                s.first = Chunks::none;
                return Chunks::none;
            }
            if (adj_chunk_node(as_view(k)).value >= from) {
                found = true;
                break;
            }
        }
    }
    if (!found && !seek_adj_node(*s.cursor, NodeId{from}, k, v)) {
        s.first = Chunks::none;
        return Chunks::none;
    }
    s.first = adj_chunk_node(as_view(k)).value;
    s.empty_from = from;
    return s.first;
}

std::optional<NodeId> AdjacencyReader::next_node(NodeId from, Direction dir) {
    const std::uint64_t out =
        dir != Direction::In ? next_node_in(Direction::Out, from.value) : Chunks::none;
    const std::uint64_t in =
        dir != Direction::Out ? next_node_in(Direction::In, from.value) : Chunks::none;
    const std::uint64_t next = std::min(out, in);
    if (next == Chunks::none) return std::nullopt;
    return NodeId{next};
}

}  // namespace caspian::graph
