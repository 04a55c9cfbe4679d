// Every table's key and value layout, in the order of docs/storage-format.md: the only code that
// knows where the bytes of an id, a name, a statistic, an index entry, an adjacency entry, a
// counter or a constraint go. It encodes and decodes bytes only; it never opens a table.
#pragma once

#include "graph/ids.hpp"

#include "storage/bytes.hpp"

#include <caspian/value.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace caspian::graph {

// --- Dictionaries: `names` and `ids` ---------------------------------------------------------
// One id space per kind of name (NameKind and the ids: graph/ids.hpp); the kind byte leads
// both keys. These encoders take the raw u32, as the kind is a run-time argument here.
//   names key: | kind | name (1..510 bytes) |     value: | BE u32 id |
//   ids key:   | kind | BE u32 id |               value: name bytes
// The kind byte alone: every key of kind in either table starts with it (a scan starts there).
[[nodiscard]] std::string name_kind_prefix(NameKind kind);
[[nodiscard]] std::string name_key(NameKind kind, std::string_view name);
// The name views into `key`.
[[nodiscard]] std::optional<std::pair<NameKind, std::string_view>> decode_name_key(
    std::string_view key);
[[nodiscard]] std::string id_name_key(NameKind kind, std::uint32_t id);
// The id of an `ids` key of `kind`; nullopt for a key of another kind or size (ends a scan).
[[nodiscard]] std::optional<std::uint32_t> decode_id_name_key(NameKind kind, std::string_view key);
[[nodiscard]] std::string encode_name_id(std::uint32_t id);
// Throws Error{Corrupt} unless the value is 4 bytes.
[[nodiscard]] std::uint32_t decode_name_id(std::string_view value);

// --- Nodes, edges, the label index and counts: native integers -------------------------------
// MDB_INTEGERKEY keys and MDB_INTEGERDUP values are the integer's own bytes (host order, as LMDB
// requires), so byte order is *not* numeric order here. The view borrows `id`: keep it alive.
inline std::string_view id_key(const std::uint64_t& id) {
    return {reinterpret_cast<const char*>(&id), sizeof id};
}
inline std::string_view id_key(const NodeId& id) {
    return id_key(id.value);
}
inline std::string_view id_key(const EdgeId& id) {
    return id_key(id.value);
}
inline std::string_view id_key(const LabelId& id) {  // the label index's key
    return {reinterpret_cast<const char*>(&id.value), sizeof id.value};
}
// A native u64 at p (a node id key, a label index duplicate, a count).
inline std::uint64_t read_id(const void* p) {
    return storage::read_native<std::uint64_t>(p);
}
// A stored native u64 value; nullopt unless it is 8 bytes.
[[nodiscard]] std::optional<std::uint64_t> decode_u64(std::string_view value);
// As decode_u64, throwing Error{Corrupt} "<what> has a bad size" for a value of another size.
[[nodiscard]] std::uint64_t decode_u64(std::string_view value, std::string_view what);

// --- Adjacency: `out_edges` and `in_edges` ---------------------------------------------------
// One duplicate per incident edge under the node's native u64 id, all big-endian so that LMDB's
// byte-wise duplicate order is (type, neighbour, edge) and "edges of type T" is one range.
// Format version 4 (issue #20) keeps ids in 48 bits, which every id below 2^48 fills exactly:
//
//   | BE u32 type | BE u48 neighbour | BE u48 edge |
//     0             4                  10          16
//
// Versions 1-3 wrote 20 bytes (BE u64 ids). Readers take the width from the entries they find
// (decode_adj), so a version 3 file reads as it is; its first write rewrites it (GraphWriter).
struct AdjEntry {
    TypeId type;
    NodeId neighbour;  // the target in out_edges, the source in in_edges
    EdgeId edge;
};
inline constexpr std::size_t adj_entry_size = 16;
inline constexpr std::size_t adj_entry_size_v3 = 20;
// Ids from here on do not fit an adjacency entry: creating them is Error{Storage}.
inline constexpr std::uint64_t max_adj_id = (std::uint64_t{1} << 48) - 1;

// Throws Error{Storage} when an id does not fit in 48 bits.
void write_adj(char* out, const AdjEntry& e);
[[nodiscard]] inline std::string encode_adj(const AdjEntry& e) {
    std::string v(adj_entry_size, '\0');
    write_adj(v.data(), e);
    return v;
}
// The 20-byte entry of format versions 1-3 (the upgrade's tests write old files with it).
[[nodiscard]] std::string encode_adj_v3(const AdjEntry& e);
// Reads adj_entry_size bytes at p.
[[nodiscard]] inline AdjEntry decode_adj(const void* p) {
    const auto* b = static_cast<const char*>(p);
    return {TypeId(storage::read_be32(b)), NodeId{storage::read_be48(b + 4)},
            EdgeId{storage::read_be48(b + 10)}};
}
// Reads an entry of `width` bytes (adj_entry_size or adj_entry_size_v3) at p.
[[nodiscard]] inline AdjEntry decode_adj(const void* p, std::size_t width) {
    if (width == adj_entry_size) return decode_adj(p);
    const auto* b = static_cast<const char*>(p);
    return {TypeId(storage::read_be32(b)), NodeId{storage::read_be64(b + 4)},
            EdgeId{storage::read_be64(b + 12)}};
}
// The width of a table's adjacency entries from the size of one LMDB returned; throws
// Error{Corrupt} for any other size.
std::size_t adj_width(std::size_t stored_size);

// --- Key index ------------------------------------------------------------------------------
// The string property `key` identifies a node: `key_index` maps its bytes (1..511, the key
// itself, no prefix) to the native u64 node id.
inline constexpr std::string_view key_property = "key";

// --- Property indexes: `index_list` and `prop_index` -----------------------------------------
//   index_list key: | BE u32 label | BE u32 property |               value: empty
//   prop_index key: | BE u32 label | BE u32 property | ordered value |   dups: native u64 ids
//                     0              4                 8       cut at 511 bytes
[[nodiscard]] std::string index_prefix(LabelId label, PropertyId property);
// Throws Error{Corrupt} unless the key is 8 bytes.
[[nodiscard]] std::pair<LabelId, PropertyId> decode_index_prefix(std::string_view key);
// The prop_index key of a value, cut to LMDB's key limit (scans re-check their predicate);
// nullopt for a value indexes do not hold (null, lists, durations).
[[nodiscard]] std::optional<std::string> index_key(LabelId label, PropertyId property,
                                                   const Value& v);
// Cuts a key (or a scan bound) to LMDB's key limit, as index_key cuts stored keys.
void cut_to_key_size(std::string& key);

// --- Uniqueness constraints: `meta` entries --------------------------------------------------
//   key:   "constraint:" + name
//   value: | 'U' | BE u32 label | BE u32 property | owns_index (00 or 01) |
//            0     1              5                 9                      10
inline constexpr std::string_view constraint_key_prefix = "constraint:";
struct ConstraintRecord {
    LabelId label;
    PropertyId property;
    bool owns_index = false;
};
[[nodiscard]] std::string constraint_key(std::string_view name);
[[nodiscard]] std::string encode_constraint(const ConstraintRecord& c);
// nullopt when the value is not a well-formed record.
[[nodiscard]] std::optional<ConstraintRecord> decode_constraint(std::string_view value);

// --- Statistics: `stats` ----------------------------------------------------------------------
//   key: | kind | BE u32 id (0 for Nodes and Edges) |     value: native u64 count (never 0)
enum class StatKind : char {
    Nodes = 'n',
    Edges = 'e',
    Label = 'l',    // nodes with the label
    Type = 't',     // edges of the type
    Sources = 's',  // nodes with at least one out-edge of the type
    Targets = 'd',  // nodes with at least one in-edge of the type
};
[[nodiscard]] std::string stat_key(StatKind kind, std::uint32_t id);
[[nodiscard]] std::optional<std::pair<StatKind, std::uint32_t>> decode_stat_key(
    std::string_view key);

// --- Meta: id counters and the schema version ------------------------------------------------
// Each a native u64; an absent counter reads as 1 (ids start at 1: 0 means none), an absent
// schema_version as 0.
inline constexpr std::string_view next_node_key = "next:node";
inline constexpr std::string_view next_edge_key = "next:edge";
inline constexpr std::string_view schema_version_key = "schema_version";
[[nodiscard]] std::string next_name_key(NameKind kind);  // "next:name:" + kind byte
// The value of a counter entry: 1 when absent (or not 8 bytes).
[[nodiscard]] std::uint64_t decode_counter(std::optional<std::string_view> value);

// --- Full-text indexes: `fulltext` -----------------------------------------------------------
//   catalog: 'c' + name                                 value: graph/fulltext_index.cpp
//   term:    't' + BE u32 index + term                  value: varint document frequency
//   posting: 'p' + BE u32 index + term + 00 + BE u64 id value: varint n, (field, position) x n
//   length:  'l' + BE u32 index + BE u64 id             value: varint tokens
//   stats:   's' + BE u32 index                         value: BE u64 documents, BE u64 tokens
// Terms never hold a 00 byte (value/text_analyzer.hpp), so 00 ends one in a posting key.
enum class FulltextEntry : char {
    Catalog = 'c',
    Term = 't',
    Posting = 'p',
    Length = 'l',
    Stats = 's',
};
inline constexpr std::string_view next_fulltext_key = "next:fulltext";
[[nodiscard]] std::string fulltext_catalog_key(std::string_view name);
// The first bytes of every entry of one kind of one index (a scan starts there).
[[nodiscard]] std::string fulltext_prefix(FulltextEntry entry, std::uint32_t index);
[[nodiscard]] std::string fulltext_term_key(std::uint32_t index, std::string_view term);
[[nodiscard]] std::string fulltext_posting_key(std::uint32_t index, std::string_view term,
                                               std::uint64_t id);
// The term and id of a posting key of the index; nullopt for a malformed one.
[[nodiscard]] std::optional<std::pair<std::string_view, std::uint64_t>> decode_fulltext_posting(
    std::uint32_t index, std::string_view key);
[[nodiscard]] std::string fulltext_length_key(std::uint32_t index, std::uint64_t id);

// --- The name index: `name_index` (graph/name_index.hpp) -------------------------------------
//   key: folded name (1..400 bytes, no 00) + 00 + source byte + BE u48 node id    value: empty
// The source byte says which property the name came from: 'k' key, 'n' name, 'a' aliases. A key
// that folds to itself has no entry: lookups find it in `key_index`.
// `meta`'s name_index_built_key says the index covers every node, and in which layout: value
// name_index_marker, or name_index_marker_v1 for the first layout (BE u64 ids, every key).
inline constexpr std::size_t max_folded_name_bytes = 400;
inline constexpr std::string_view name_index_built_key = "name_index";
inline constexpr std::string_view name_index_marker_v1 = "1";
inline constexpr std::string_view name_index_marker = "2";
// The first bytes of every entry of one folded name (a lookup scans from there).
[[nodiscard]] std::string name_index_prefix(std::string_view folded);
// Throws Error{Storage} when the id does not fit in 48 bits.
[[nodiscard]] std::string name_index_key(std::string_view folded, char source, std::uint64_t id);
// The same in the first layout (tests write it; upgrades read it).
[[nodiscard]] std::string name_index_key_v1(std::string_view folded, char source, std::uint64_t id);
struct NameIndexEntry {
    std::string_view folded;  // views into the key
    char source;
    std::uint64_t id;
};
// nullopt for a key of another shape; id_bytes is 6, or 8 in the first layout.
[[nodiscard]] std::optional<NameIndexEntry> decode_name_index_key(std::string_view key,
                                                                  std::size_t id_bytes = 6);
// --- Vector indexes: `vector` (graph/vector_index.hpp) ---------------------------------------
//   catalog: 'c' + name                                     value: graph/vector_index.cpp
//   entry:   'e' + BE u32 index                             value: BE u64 node, u8 level, BE u64 n
//   vector:  'v' + BE u32 index + BE u64 node               value: u8 top level, float32 x dims
//   links:   'l' + BE u32 index + BE u64 node + u8 level    value: BE u64 neighbour x n
//   reverse: 'r' + BE u32 index + BE u64 to + u8 level + BE u64 from      value: empty
//   level:   'h' + BE u32 index + u8 level + BE u64 node    value: empty (levels 1 and up)
//   int8:    'q' + BE u32 index + BE u64 node               value: f32 scale, f32 norm², int8 x
//   dims
enum class VectorEntry : char {
    Catalog = 'c',
    Entry = 'e',
    Vector = 'v',
    Links = 'l',
    Reverse = 'r',
    Level = 'h',
    Quantized = 'q',  // graph/vector_quantized.hpp
};
inline constexpr std::string_view next_vector_key = "next:vector";
[[nodiscard]] std::string vector_catalog_key(std::string_view name);
// The first bytes of every entry of one kind of one index.
[[nodiscard]] std::string vector_prefix(VectorEntry entry, std::uint32_t index);
[[nodiscard]] std::string vector_node_key(VectorEntry entry, std::uint32_t index,
                                          std::uint64_t node);  // Vector, or Links without level
[[nodiscard]] std::string vector_links_key(std::uint32_t index, std::uint64_t node,
                                           std::uint8_t level);
[[nodiscard]] std::string vector_reverse_key(std::uint32_t index, std::uint64_t to,
                                             std::uint8_t level, std::uint64_t from);
[[nodiscard]] std::string vector_level_key(std::uint32_t index, std::uint8_t level,
                                           std::uint64_t node);

}  // namespace caspian::graph
