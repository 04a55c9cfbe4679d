// AdjacencyReader of a file of format version 5 or older, not yet upgraded: reads the out_edges
// and in_edges tables (DUPSORT, one entry per edge end, sorted by (type, neighbour, edge)) through
// kept cursors, decoding entries through keys.hpp. Never writes.
#include "graph/adjacency_reader.hpp"

#include <caspian/error.hpp>

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>

namespace caspian::graph {

using storage::as_val;
using storage::Cursor;

namespace {

std::uint64_t node_of(const MDB_val& k) {
    std::uint64_t id = 0;
    if (k.mv_size != sizeof id) throw Error(ErrorKind::Corrupt, "adjacency key has a bad size");
    std::memcpy(&id, k.mv_data, sizeof id);
    return id;
}

}  // namespace

AdjacencyReader::Side& AdjacencyReader::side_v5(Direction dir) {
    Side& s = dir == Direction::Out ? out_ : in_;
    if (!s.cursor) {
        const auto& tables = txn_->tables();
        s.cursor = std::make_unique<Cursor>(
            *txn_, dir == Direction::Out ? tables.out_edges : tables.in_edges);
    }
    return s;
}

bool AdjacencyReader::seek(Side& s, NodeId node) {
    const std::uint64_t id = node.value;
    MDB_val k, v;
    if (s.at != Side::none) {
        if (s.at == id) return true;
        if (s.empty_from <= id && id < s.at) return false;
        // Optimisation only: asked in id order (a scan's Degree), the next node with entries is
        // usually the one asked for or past it, one step away instead of a seek.
        if (s.at < id) {
            const std::uint64_t from = s.at + 1;
            if (!s.cursor->move(MDB_NEXT_NODUP, &k, &v)) {
                s.at = Side::none;  // the cursor is past the end: seek again next time
                return false;
            }
            s.at = node_of(k);
            s.empty_from = from;
            if (s.at >= id) return s.at == id;
        }
    }
    k = as_val(id_key(node));
    if (!s.cursor->move(MDB_SET_RANGE, &k, &v)) {
        s.at = Side::none;
        return false;
    }
    s.at = node_of(k);
    s.empty_from = id;
    return s.at == id;
}

// A node with one entry has no duplicate page, and LMDB 0.9's MDB_NEXT_NODUP onto it keeps the
// previous node's page in the cursor, which MDB_GET_MULTIPLE would then return: callers read
// such an entry from MDB_FIRST_DUP's value instead.
bool AdjacencyReader::move_within(Side& s, MDB_cursor_op op, MDB_val* k, MDB_val* v) {
    if (s.cursor->move(op, k, v)) return true;
    s.at = Side::none;  // LMDB leaves the position of a failed move unspecified
    return false;
}

void AdjacencyReader::visit_v5(NodeId node, Direction dir, std::optional<TypeId> type,
                               const std::function<bool(const AdjEntry&)>& visit) {
    Side& s = side_v5(dir);
    if (!seek(s, node)) return;
    MDB_val k = as_val(id_key(node)), v;
    std::string start;
    if (type) {
        // Jump to the first entry of the type; GET_MULTIPLE then returns that whole page.
        start = encode_adj({*type, NodeId{0}, EdgeId{0}});
        v = as_val(start);
        // The probe is shorter than a version 3 entry and sorts before its type's entries too.
        if (!move_within(s, MDB_GET_BOTH_RANGE, &k, &v)) return;
    } else if (!move_within(s, MDB_FIRST_DUP, &k, &v)) {
        return;
    }
    // The entry found gives the width: 16 bytes, or 20 in a version 3 file not yet upgraded.
    const std::size_t width = adj_width(v.mv_size);
    if (!type && s.cursor->count_dups() == 1) {
        visit(decode_adj(v.mv_data, width));
        return;
    }
    for (bool ok = move_within(s, MDB_GET_MULTIPLE, &k, &v); ok;
         ok = move_within(s, MDB_NEXT_MULTIPLE, &k, &v)) {
        const char* p = static_cast<const char*>(v.mv_data);
        for (std::size_t i = 0; i < v.mv_size / width; ++i) {
            const AdjEntry e = decode_adj(p + width * i, width);
            if (type && e.type < *type) continue;
            if (type && e.type > *type) return;
            if (!visit(e)) return;
        }
    }
}

std::uint64_t AdjacencyReader::degree_v5(NodeId node, Direction dir, std::optional<TypeId> type) {
    if (!type) {
        Side& s = side_v5(dir);
        return seek(s, node) ? s.cursor->count_dups() : 0;
    }
    std::uint64_t n = 0;
    visit_v5(node, dir, type, [&](const AdjEntry&) { return ++n, true; });
    return n;
}

std::uint64_t AdjacencyReader::self_loops_v5(NodeId node, std::optional<TypeId> type) {
    // Out-entries sort by (type, neighbour, edge): a type's self-loops are the run at
    // (type, node); seek it for each type present, skipping from type to type.
    Side& s = side_v5(Direction::Out);
    const std::string key(id_key(node));
    std::uint64_t n = 0;
    if (!seek(s, node)) return 0;
    // The probes must have the stored width: it holds the neighbour.
    MDB_val k = as_val(key), v;
    if (!move_within(s, MDB_FIRST_DUP, &k, &v)) return 0;
    const std::size_t width = adj_width(v.mv_size);
    if (!type) {
        // Optimisation only: a few entries are cheaper to read (one page) than to seek. Reading
        // no further than the count keeps the cursor on the node for the next call.
        std::uint64_t left = s.cursor->count_dups();
        if (left == 1) return decode_adj(v.mv_data, width).neighbour == node ? 1 : 0;
        if (left <= 64) {
            for (bool ok = move_within(s, MDB_GET_MULTIPLE, &k, &v); ok && left > 0;
                 ok = move_within(s, MDB_NEXT_MULTIPLE, &k, &v)) {
                const char* p = static_cast<const char*>(v.mv_data);
                const std::size_t items = std::min<std::uint64_t>(v.mv_size / width, left);
                for (std::size_t i = 0; i < items; ++i)
                    n += decode_adj(p + width * i, width).neighbour == node ? 1 : 0;
                left -= items;
                if (left == 0) break;
            }
            return n;
        }
    }
    TypeId t = type.value_or(TypeId(0));
    for (;;) {
        const std::string start = width == adj_entry_size ? encode_adj({t, node, EdgeId{0}})
                                                          : encode_adj_v3({t, node, EdgeId{0}});
        k = as_val(key);
        v = as_val(start);
        if (!move_within(s, MDB_GET_BOTH_RANGE, &k, &v)) return n;
        AdjEntry e = decode_adj(v.mv_data, width);
        if (type && e.type != *type) return n;
        if (e.type != t) {
            t = e.type;
            if (e.neighbour < node) continue;
        }
        while (e.type == t && e.neighbour == node) {
            ++n;
            if (!move_within(s, MDB_NEXT_DUP, &k, &v)) return n;
            e = decode_adj(v.mv_data, width);
        }
        if (type || t.value == std::numeric_limits<std::uint32_t>::max()) return n;
        t = TypeId(t.value + 1);
    }
}

}  // namespace caspian::graph
