// AdjacencyReader: reads the out_edges and in_edges tables (DUPSORT, one entry per edge end,
// sorted by (type, neighbour, edge)) through kept cursors, decoding entries through keys.hpp.
// Never writes.
#include "graph/adjacency_reader.hpp"

#include <limits>
#include <string>

namespace caspian::graph {

using storage::as_val;
using storage::Cursor;

storage::Cursor& AdjacencyReader::cursor(Direction dir) {
    std::unique_ptr<Cursor>& c = dir == Direction::Out ? out_ : in_;
    if (!c) {
        const auto& tables = txn_->tables();
        c = std::make_unique<Cursor>(*txn_,
                                     dir == Direction::Out ? tables.out_edges : tables.in_edges);
    }
    return *c;
}

void AdjacencyReader::visit(NodeId node, Direction dir, std::optional<TypeId> type,
                            const std::function<bool(const AdjEntry&)>& visit) {
    Cursor& c = cursor(dir);
    MDB_val k = as_val(id_key(node)), v;
    std::string start;
    if (type) {
        // Jump to the first entry of the type; GET_MULTIPLE then returns that whole page.
        start = encode_adj({*type, NodeId{0}, EdgeId{0}});
        v = as_val(start);
        // The probe is shorter than a version 3 entry and sorts before its type's entries too.
        if (!c.move(MDB_GET_BOTH_RANGE, &k, &v)) return;
    } else if (!c.move(MDB_SET_KEY, &k, &v)) {
        return;
    }
    // The entry found gives the width: 16 bytes, or 20 in a version 3 file not yet upgraded.
    const std::size_t width = adj_width(v.mv_size);
    for (bool ok = c.move(MDB_GET_MULTIPLE, &k, &v); ok; ok = c.move(MDB_NEXT_MULTIPLE, &k, &v)) {
        const char* p = static_cast<const char*>(v.mv_data);
        for (std::size_t i = 0; i < v.mv_size / width; ++i) {
            const AdjEntry e = decode_adj(p + width * i, width);
            if (type && e.type < *type) continue;
            if (type && e.type > *type) return;
            if (!visit(e)) return;
        }
    }
}

std::uint64_t AdjacencyReader::degree(NodeId node, Direction dir, std::optional<TypeId> type) {
    if (!type) {
        Cursor& c = cursor(dir);
        MDB_val k = as_val(id_key(node)), v;
        return c.move(MDB_SET_KEY, &k, &v) ? c.count_dups() : 0;
    }
    std::uint64_t n = 0;
    visit(node, dir, type, [&](const AdjEntry&) { return ++n, true; });
    return n;
}

std::uint64_t AdjacencyReader::self_loops(NodeId node, std::optional<TypeId> type) {
    // Out-entries sort by (type, neighbour, edge): a type's self-loops are the run at
    // (type, node); seek it for each type present, skipping from type to type.
    Cursor& c = cursor(Direction::Out);
    const std::string key(id_key(node));
    std::uint64_t n = 0;
    if (!type) {
        // Optimisation only: a few entries are cheaper to read (one page) than to seek.
        MDB_val k = as_val(key), v;
        if (!c.move(MDB_SET_KEY, &k, &v)) return 0;
        const std::size_t width = adj_width(v.mv_size);
        if (c.count_dups() <= 64) {
            for (bool ok = c.move(MDB_GET_MULTIPLE, &k, &v); ok;
                 ok = c.move(MDB_NEXT_MULTIPLE, &k, &v)) {
                const char* p = static_cast<const char*>(v.mv_data);
                for (std::size_t i = 0; i < v.mv_size / width; ++i)
                    n += decode_adj(p + width * i, width).neighbour == node ? 1 : 0;
            }
            return n;
        }
    }
    // The probes must have the stored width: it holds the neighbour.
    std::size_t width = 0;
    {
        MDB_val k = as_val(key), v;
        if (!c.move(MDB_SET_KEY, &k, &v)) return n;
        width = adj_width(v.mv_size);
    }
    TypeId t = type.value_or(TypeId(0));
    for (;;) {
        const std::string start = width == adj_entry_size ? encode_adj({t, node, EdgeId{0}})
                                                          : encode_adj_v3({t, node, EdgeId{0}});
        MDB_val k = as_val(key), v = as_val(start);
        if (!c.move(MDB_GET_BOTH_RANGE, &k, &v)) return n;
        AdjEntry e = decode_adj(v.mv_data, width);
        if (type && e.type != *type) return n;
        if (e.type != t) {
            t = e.type;
            if (e.neighbour < node) continue;
        }
        while (e.type == t && e.neighbour == node) {
            ++n;
            if (!c.move(MDB_NEXT_DUP, &k, &v)) return n;
            e = decode_adj(v.mv_data, width);
        }
        if (type || t.value == std::numeric_limits<std::uint32_t>::max()) return n;
        t = TypeId(t.value + 1);
    }
}

}  // namespace caspian::graph
