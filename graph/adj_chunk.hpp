// Packed adjacency (format version 6, issue #20): the chunks of `out_adj` and `in_adj`, their
// key and value codec, and the chunk rewrites that inserts and deletes do.
#pragma once

#include "graph/keys.hpp"
#include "storage/env.hpp"

#include <cstddef>
#include <cstdint>
#include <new>
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

// Room for the entries of one chunk, decoded at once (no allocation: scans decode a chunk per
// node). Left uninitialised: a reader that keeps one and only counts entries never pays for
// zeroing 64 of them. Only the entries decode_adj_chunk returned are to be read.
class AdjChunkBuffer {
public:
    AdjChunkBuffer() noexcept {}  // NOLINT: no zeroing, on purpose
    [[nodiscard]] AdjEntry* data() noexcept {
        return std::launder(reinterpret_cast<AdjEntry*>(bytes_));
    }
    [[nodiscard]] const AdjEntry* data() const noexcept {
        return std::launder(reinterpret_cast<const AdjEntry*>(bytes_));
    }
    AdjEntry& operator[](std::size_t i) noexcept { return data()[i]; }
    const AdjEntry& operator[](std::size_t i) const noexcept { return data()[i]; }

private:
    // A byte array implicitly creates the AdjEntry array (an implicit-lifetime type) it holds.
    alignas(AdjEntry) std::byte bytes_[sizeof(AdjEntry) * adj_chunk_max];
};

[[noreturn]] void bad_adj_chunk_count();
// A chunk's entry count: its value's first byte (a count of at most adj_chunk_max is a one-byte
// varint), without decoding the entries. Error{Corrupt} for 0, more than adj_chunk_max, or none.
[[nodiscard]] inline std::size_t adj_chunk_count(std::string_view value) {
    const std::size_t n = value.empty() ? 0 : static_cast<unsigned char>(value[0]);
    if (n == 0 || n > adj_chunk_max) bad_adj_chunk_count();
    return n;
}
// Decodes a chunk's entries into out[0, count) and returns the count; Error{Corrupt} when the
// key has a bad size, the bytes do not decode, the count is out of range or the entries are not
// ascending (out's contents are then unspecified).
std::size_t decode_adj_chunk(std::string_view key, std::string_view value, AdjChunkBuffer& out);
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
