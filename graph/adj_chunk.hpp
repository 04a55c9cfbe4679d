// Packed adjacency (format version 6, issue #20): the chunks of `out_adj` and `in_adj`, their
// key and value codec, and the chunk rewrites that inserts and deletes do.
#pragma once

#include "graph/keys.hpp"
#include "storage/env.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace caspian::graph {

// A chunk holds up to adj_chunk_max consecutive entries of one node in (type, neighbour, edge)
// order. Its key is the node and its first entry, so the chunks of a node are one key range in
// entry order and "edges of type T" starts at the last chunk whose key is <= (node, T, 0, 0):
//
//   key:   | BE u48 node | BE u32 type | BE u48 neighbour | BE u48 edge |   (22 bytes)
//   value: varint count, then per entry after the first: varint type delta, the neighbour
//          (varint delta when the type is the same, else varint), zigzag varint edge delta
inline constexpr std::size_t adj_chunk_key_size = 22;
inline constexpr std::size_t adj_chunk_max = 64;  // an insert into a full chunk splits it

[[nodiscard]] inline bool adj_less(const AdjEntry& a, const AdjEntry& b) {
    return std::tie(a.type, a.neighbour, a.edge) < std::tie(b.type, b.neighbour, b.edge);
}
[[nodiscard]] inline bool adj_equal(const AdjEntry& a, const AdjEntry& b) {
    return a.type == b.type && a.neighbour == b.neighbour && a.edge == b.edge;
}

// Throws Error{Storage} when an id does not fit in 48 bits.
[[nodiscard]] std::string adj_chunk_key(NodeId node, const AdjEntry& first);
// The node of a chunk key; Error{Corrupt} for a key of another size.
[[nodiscard]] NodeId adj_chunk_node(std::string_view key);
// entries: 1 to adj_chunk_max, ascending; entries[0] is the key's.
[[nodiscard]] std::string encode_adj_chunk(std::span<const AdjEntry> entries);

// Walks one chunk's entries without copying them; Error{Corrupt} when the bytes do not decode,
// the count is out of range or the entries are not ascending.
class AdjChunkDecoder {
public:
    AdjChunkDecoder(std::string_view key, std::string_view value);
    [[nodiscard]] std::uint64_t count() const noexcept { return count_; }
    // The next entry into e; false past the last. Inline: scans decode every entry.
    bool next(AdjEntry& e) {
        if (read_ == count_) return at_end();
        if (read_++ > 0) step();
        e = last_;
        return true;
    }

private:
    // Most varints of a chunk are one byte: that case inline, the rest in varint_slow.
    std::uint64_t varint() {
        if (p_ != end_ && *p_ < 0x80) return *p_++;
        return varint_slow();
    }
    std::uint64_t varint_slow();
    // Decodes the entry after last_ into last_; checks it is in range and ascending.
    void step() {
        const std::uint64_t type_delta = varint();
        const std::uint64_t neighbour = varint();
        const std::uint64_t zz = varint();
        // Ascending: a later type or neighbour, or the same with a larger edge (a positive
        // delta, even and not zero in zigzag).
        if (type_delta == 0 && neighbour == 0 && (zz == 0 || (zz & 1) != 0)) bad_order();
        if (type_delta > 0xFFFF'FFFFu - last_.type.value) bad_order();
        last_.type = TypeId(last_.type.value + std::uint32_t(type_delta));
        if (type_delta == 0) {
            if (neighbour > max_adj_id - last_.neighbour.value) bad_order();
            last_.neighbour.value += neighbour;
        } else {
            last_.neighbour.value = neighbour;
        }
        last_.edge.value += (zz >> 1) ^ (~(zz & 1) + 1);
        if (last_.neighbour.value > max_adj_id || last_.edge.value > max_adj_id) bad_order();
    }
    [[noreturn]] static void bad_order();
    bool at_end() const;
    const unsigned char* p_;
    const unsigned char* end_;
    std::uint64_t count_ = 0;
    std::uint64_t read_ = 0;
    AdjEntry last_{};
};

// Appends a chunk's entries to out.
void decode_adj_chunk(std::string_view key, std::string_view value, std::vector<AdjEntry>& out);

// Puts c on the chunk of node whose range holds `from` (the last chunk of node with a key <=
// (node, from)) or, when there is none, on node's first chunk; k and v get its key and value.
// False when node has no chunk there.
bool seek_adj_chunk(storage::Cursor& c, NodeId node, const AdjEntry& from, MDB_val& k, MDB_val& v);

// Puts c on the first chunk of the first node >= node that has any (k and v get its key and
// value); false past the table's end.
bool seek_adj_node(storage::Cursor& c, NodeId node, MDB_val& k, MDB_val& v);

// Adds e at node in table (out_adj or in_adj): rewrites the chunk whose range holds it, or the
// node's first chunk, split in two when full. Error{Corrupt} when e is there already.
void insert_adj_entry(storage::WriteTxn& txn, MDB_dbi table, NodeId node, const AdjEntry& e);
// Removes e at node, rewriting its chunk; false when it is not there.
[[nodiscard]] bool erase_adj_entry(storage::WriteTxn& txn, MDB_dbi table, NodeId node,
                                   const AdjEntry& e);
// Removes every chunk of node and returns their entries, in order.
[[nodiscard]] std::vector<AdjEntry> take_adj_entries(storage::WriteTxn& txn, MDB_dbi table,
                                                     NodeId node);
// Writes node's entries (ascending, none stored at node) as full chunks through c, with put
// flags (MDB_APPEND when they sort after the table's last key).
void put_adj_chunks(storage::Cursor& c, NodeId node, std::span<const AdjEntry> entries,
                    unsigned flags = 0);

}  // namespace caspian::graph
