// Packed adjacency chunks (graph/adj_chunk.hpp): the codec, the seek to the chunk that holds an
// entry, and the rewrites of one chunk per insert or delete.
#include "graph/adj_chunk.hpp"

#include <caspian/error.hpp>

#include <algorithm>

namespace caspian::graph {

using storage::as_val;
using storage::as_view;
using storage::Cursor;

namespace {

void append_varint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        out.push_back(char(v | 0x80));
        v >>= 7;
    }
    out.push_back(char(v));
}

[[noreturn]] void corrupt(const char* what) {
    throw Error(ErrorKind::Corrupt, std::string("adjacency chunk ") + what);
}

}  // namespace

namespace {

void write_chunk_key(char* out, NodeId node, const AdjEntry& first) {
    if (node.value > max_adj_id) {
        throw Error(ErrorKind::Storage, "node ids beyond 2^48 - 1 do not fit in an adjacency key");
    }
    storage::write_be48(out, node.value);
    write_adj(out + 6, first);  // checks the entry's ids
}

}  // namespace

std::string adj_chunk_key(NodeId node, const AdjEntry& first) {
    std::string k(adj_chunk_key_size, '\0');
    write_chunk_key(k.data(), node, first);
    return k;
}

NodeId adj_chunk_node(std::string_view key) {
    if (key.size() != adj_chunk_key_size) corrupt("key has a bad size");
    return NodeId{storage::read_be48(key.data())};
}

std::string encode_adj_chunk(std::span<const AdjEntry> entries) {
    std::string v;
    append_varint(v, entries.size());
    for (std::size_t i = 1; i < entries.size(); ++i) {
        const AdjEntry& p = entries[i - 1];
        const AdjEntry& e = entries[i];
        append_varint(v, e.type.value - p.type.value);
        append_varint(v,
                      e.type == p.type ? e.neighbour.value - p.neighbour.value : e.neighbour.value);
        const auto delta = std::int64_t(e.edge.value - p.edge.value);
        append_varint(v, (std::uint64_t(delta) << 1) ^ std::uint64_t(delta >> 63));
    }
    return v;
}

void bad_adj_chunk_count() {
    corrupt("has a bad count");
}

namespace {

std::uint64_t varint_slow(const unsigned char*& p, const unsigned char* end) {
    std::uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
        if (p == end) corrupt("is truncated");
        const unsigned char b = *p++;
        v |= std::uint64_t(b & 0x7F) << shift;
        if ((b & 0x80) == 0) return v;
    }
    corrupt("has an overlong varint");
}

// Most varints of a chunk are one byte: that case inline, the rest in varint_slow.
inline std::uint64_t varint(const unsigned char*& p, const unsigned char* end) {
    if (p != end && *p < 0x80) [[likely]]
        return *p++;
    return varint_slow(p, end);
}

[[noreturn]] void bad_order() {
    corrupt("has entries out of order or out of range");
}

}  // namespace

std::size_t decode_adj_chunk(std::string_view key, std::string_view value, AdjChunkBuffer& out) {
    if (key.size() != adj_chunk_key_size) corrupt("key has a bad size");
    const std::size_t n = adj_chunk_count(value);
    const auto* p = reinterpret_cast<const unsigned char*>(value.data()) + 1;
    const auto* const end = p + value.size() - 1;
    AdjEntry last = decode_adj(key.data() + 6);
    out[0] = last;
    for (std::size_t i = 1; i < n; ++i) {
        const std::uint64_t type_delta = varint(p, end);
        const std::uint64_t neighbour = varint(p, end);
        const std::uint64_t zz = varint(p, end);
        // Ascending: a later type or neighbour, or the same with a larger edge (a positive
        // delta, even and not zero in zigzag).
        if (type_delta == 0 && neighbour == 0 && (zz == 0 || (zz & 1) != 0)) bad_order();
        if (type_delta > 0xFFFF'FFFFu - last.type.value) bad_order();
        if (type_delta == 0) {
            if (neighbour > max_adj_id - last.neighbour.value) bad_order();
            last.neighbour.value += neighbour;
        } else {
            last.type = TypeId(last.type.value + std::uint32_t(type_delta));
            last.neighbour.value = neighbour;
        }
        last.edge.value += (zz >> 1) ^ (~(zz & 1) + 1);
        if (last.neighbour.value > max_adj_id || last.edge.value > max_adj_id) bad_order();
        out[i] = last;
    }
    if (p != end) corrupt("has trailing bytes");
    return n;
}

void decode_adj_chunk(std::string_view key, std::string_view value, std::vector<AdjEntry>& out) {
    AdjChunkBuffer chunk;
    const std::size_t n = decode_adj_chunk(key, value, chunk);
    out.insert(out.end(), chunk.data(), chunk.data() + n);
}

bool seek_adj_chunk(Cursor& c, NodeId node, const AdjEntry& from, MDB_val& k, MDB_val& v) {
    char key[adj_chunk_key_size];  // no allocation: a scan seeks once per node
    write_chunk_key(key, node, from);
    const std::string_view probe(key, sizeof key);
    k = as_val(probe);
    const bool found = c.move(MDB_SET_RANGE, &k, &v);
    if (found && as_view(k) == probe) return true;
    // No chunk of node sorts before its first possible entry: no step back.
    if (from.type.value != 0 || from.neighbour.value != 0 || from.edge.value != 0) {
        if (found ? c.move(MDB_PREV, &k, &v) : c.move(MDB_LAST, &k, &v)) {
            if (adj_chunk_node(as_view(k)) == node) return true;
        }
        if (!found) return false;
        k = as_val(probe);
        if (!c.move(MDB_SET_RANGE, &k, &v)) return false;
    }
    return found && adj_chunk_node(as_view(k)) == node;
}

bool seek_adj_node(Cursor& c, NodeId node, MDB_val& k, MDB_val& v) {
    char key[adj_chunk_key_size];
    write_chunk_key(key, node, {});
    k = MDB_val{sizeof key, key};
    return c.move(MDB_SET_RANGE, &k, &v);
}

namespace {

// The entries of the chunk of node whose range holds e, and its key (empty: node has none).
std::string load_chunk(storage::WriteTxn& txn, MDB_dbi table, NodeId node, const AdjEntry& e,
                       std::vector<AdjEntry>& entries) {
    Cursor c(txn, table);
    MDB_val k, v;
    if (!seek_adj_chunk(c, node, e, k, v)) return {};
    decode_adj_chunk(as_view(k), as_view(v), entries);
    return std::string(as_view(k));
}

void put_chunk(storage::WriteTxn& txn, MDB_dbi table, NodeId node,
               std::span<const AdjEntry> entries) {
    txn.put(table, adj_chunk_key(node, entries.front()), encode_adj_chunk(entries));
}

}  // namespace

void insert_adj_entry(storage::WriteTxn& txn, MDB_dbi table, NodeId node, const AdjEntry& e) {
    std::vector<AdjEntry> entries;
    const std::string old_key = load_chunk(txn, table, node, e, entries);
    const auto at = std::lower_bound(entries.begin(), entries.end(), e, adj_less);
    if (at != entries.end() && adj_equal(*at, e)) {
        throw Error(ErrorKind::Corrupt, "adjacency entry of edge " + std::to_string(e.edge.value) +
                                            " is there already");
    }
    entries.insert(at, e);
    if (!old_key.empty()) txn.del(table, old_key);
    const std::span<const AdjEntry> all(entries);
    if (all.size() <= adj_chunk_max) {
        put_chunk(txn, table, node, all);
        return;
    }
    put_chunk(txn, table, node, all.first(all.size() / 2));
    put_chunk(txn, table, node, all.subspan(all.size() / 2));
}

bool erase_adj_entry(storage::WriteTxn& txn, MDB_dbi table, NodeId node, const AdjEntry& e) {
    std::vector<AdjEntry> entries;
    const std::string old_key = load_chunk(txn, table, node, e, entries);
    const auto at = std::lower_bound(entries.begin(), entries.end(), e, adj_less);
    if (at == entries.end() || !adj_equal(*at, e)) return false;
    entries.erase(at);
    txn.del(table, old_key);
    if (!entries.empty()) put_chunk(txn, table, node, entries);
    return true;
}

std::vector<AdjEntry> take_adj_entries(storage::WriteTxn& txn, MDB_dbi table, NodeId node) {
    std::vector<AdjEntry> entries;
    std::vector<std::string> keys;
    {
        Cursor c(txn, table);
        MDB_val k, v;
        for (bool ok = seek_adj_chunk(c, node, {}, k, v); ok && adj_chunk_node(as_view(k)) == node;
             ok = c.move(MDB_NEXT, &k, &v)) {
            keys.emplace_back(as_view(k));
            decode_adj_chunk(as_view(k), as_view(v), entries);
        }
    }
    for (const std::string& key : keys)
        txn.del(table, key);
    return entries;
}

void put_adj_chunks(Cursor& c, NodeId node, std::span<const AdjEntry> entries, unsigned flags) {
    for (std::size_t i = 0; i < entries.size(); i += adj_chunk_max) {
        const auto chunk = entries.subspan(i, std::min(adj_chunk_max, entries.size() - i));
        c.put(adj_chunk_key(node, chunk.front()), encode_adj_chunk(chunk), flags);
    }
}

}  // namespace caspian::graph
