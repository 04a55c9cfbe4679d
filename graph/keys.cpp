// The key and value layouts of graph/keys.hpp. Decoders check every size: stored bytes that do
// not fit a layout are Error{Corrupt} or nullopt, never a read past the end.
#include "graph/keys.hpp"

#include "storage/codec.hpp"
#include "storage/env.hpp"

#include <caspian/error.hpp>

namespace caspian::graph {

namespace {

bool is_name_kind(char c) {
    return c == char(NameKind::Label) || c == char(NameKind::Type) || c == char(NameKind::Property);
}

bool is_stat_kind(char c) {
    for (StatKind k : {StatKind::Nodes, StatKind::Edges, StatKind::Label, StatKind::Type,
                       StatKind::Sources, StatKind::Targets}) {
        if (c == char(k)) return true;
    }
    return false;
}

}  // namespace

std::string name_kind_prefix(NameKind kind) {
    return std::string(1, char(kind));
}

std::string name_key(NameKind kind, std::string_view name) {
    std::string k = name_kind_prefix(kind);
    k.append(name);
    return k;
}

std::optional<std::pair<NameKind, std::string_view>> decode_name_key(std::string_view key) {
    if (key.size() < 2 || !is_name_kind(key[0])) return std::nullopt;
    return std::pair{NameKind(key[0]), key.substr(1)};
}

std::string id_name_key(NameKind kind, std::uint32_t id) {
    std::string k = name_kind_prefix(kind);
    storage::append_be32(k, id);
    return k;
}

std::optional<std::uint32_t> decode_id_name_key(NameKind kind, std::string_view key) {
    if (key.size() != 5 || key[0] != char(kind)) return std::nullopt;
    return storage::read_be32(key.data() + 1);
}

std::string encode_name_id(std::uint32_t id) {
    std::string v;
    storage::append_be32(v, id);
    return v;
}

std::uint32_t decode_name_id(std::string_view value) {
    if (value.size() != 4) throw Error(ErrorKind::Corrupt, "dictionary entry has a bad size");
    return storage::read_be32(value.data());
}

std::optional<std::uint64_t> decode_u64(std::string_view value) {
    if (value.size() != sizeof(std::uint64_t)) return std::nullopt;
    return read_id(value.data());
}

std::uint64_t decode_u64(std::string_view value, std::string_view what) {
    if (auto n = decode_u64(value)) return *n;
    throw Error(ErrorKind::Corrupt, std::string(what) + " has a bad size");
}

void write_adj(char* out, const AdjEntry& e) {
    // Ids are never reused, so this is reached only after 2^48 creations.
    if (e.neighbour.value > max_adj_id || e.edge.value > max_adj_id) {
        throw Error(ErrorKind::Storage,
                    "node and relationship ids beyond 2^48 - 1 do not fit "
                    "in an adjacency entry");
    }
    storage::write_be32(out, e.type.value);
    storage::write_be48(out + 4, e.neighbour.value);
    storage::write_be48(out + 10, e.edge.value);
}

std::string encode_adj_v3(const AdjEntry& e) {
    std::string v;
    storage::append_be32(v, e.type.value);
    storage::append_be64(v, e.neighbour.value);
    storage::append_be64(v, e.edge.value);
    return v;
}

std::size_t adj_width(std::size_t stored_size) {
    if (stored_size != adj_entry_size && stored_size != adj_entry_size_v3) {
        throw Error(ErrorKind::Corrupt, "an adjacency entry has a bad size (" +
                                            std::to_string(stored_size) + " bytes)");
    }
    return stored_size;
}

std::string index_prefix(LabelId label, PropertyId property) {
    std::string k;
    storage::append_be32(k, label.value);
    storage::append_be32(k, property.value);
    return k;
}

std::pair<LabelId, PropertyId> decode_index_prefix(std::string_view key) {
    if (key.size() != 8) throw Error(ErrorKind::Corrupt, "index list entry has a bad size");
    return {LabelId(storage::read_be32(key.data())),
            PropertyId(storage::read_be32(key.data() + 4))};
}

void cut_to_key_size(std::string& key) {
    if (key.size() > storage::max_key_size) key.resize(storage::max_key_size);
}

std::optional<std::string> index_key(LabelId label, PropertyId property, const Value& v) {
    std::string k = index_prefix(label, property);
    if (!storage::encode_ordered(k, v)) return std::nullopt;
    cut_to_key_size(k);
    return k;
}

std::string constraint_key(std::string_view name) {
    return std::string(constraint_key_prefix) + std::string(name);
}

namespace {
constexpr char constraint_unique = 'U';
constexpr std::size_t constraint_size = 10;
}  // namespace

std::string encode_constraint(const ConstraintRecord& c) {
    std::string v(1, constraint_unique);
    storage::append_be32(v, c.label.value);
    storage::append_be32(v, c.property.value);
    v.push_back(c.owns_index ? 1 : 0);
    return v;
}

std::optional<ConstraintRecord> decode_constraint(std::string_view v) {
    if (v.size() != constraint_size || v[0] != constraint_unique || (v[9] != 0 && v[9] != 1)) {
        return std::nullopt;
    }
    return ConstraintRecord{LabelId(storage::read_be32(v.data() + 1)),
                            PropertyId(storage::read_be32(v.data() + 5)), v[9] == 1};
}

std::string stat_key(StatKind kind, std::uint32_t id) {
    std::string k(1, char(kind));
    storage::append_be32(k, id);
    return k;
}

std::optional<std::pair<StatKind, std::uint32_t>> decode_stat_key(std::string_view key) {
    if (key.size() != 5 || !is_stat_kind(key[0])) return std::nullopt;
    return std::pair{StatKind(key[0]), storage::read_be32(key.data() + 1)};
}

std::string next_name_key(NameKind kind) {
    return std::string("next:name:") + char(kind);
}

std::uint64_t decode_counter(std::optional<std::string_view> value) {
    return value ? decode_u64(*value).value_or(1) : 1;
}

std::string fulltext_catalog_key(std::string_view name) {
    return char(FulltextEntry::Catalog) + std::string(name);
}

std::string fulltext_prefix(FulltextEntry entry, std::uint32_t index) {
    std::string k(1, char(entry));
    storage::append_be32(k, index);
    return k;
}

std::string fulltext_term_key(std::uint32_t index, std::string_view term) {
    std::string k = fulltext_prefix(FulltextEntry::Term, index);
    k += term;
    return k;
}

std::string fulltext_posting_key(std::uint32_t index, std::string_view term, std::uint64_t id) {
    std::string k = fulltext_prefix(FulltextEntry::Posting, index);
    k += term;
    k += '\0';
    storage::append_be64(k, id);
    return k;
}

std::optional<std::pair<std::string_view, std::uint64_t>> decode_fulltext_posting(
    std::uint32_t index, std::string_view key) {
    const std::string prefix = fulltext_prefix(FulltextEntry::Posting, index);
    if (key.size() < prefix.size() + 10 || key.substr(0, prefix.size()) != prefix ||
        key[key.size() - 9] != '\0') {
        return std::nullopt;
    }
    return std::pair(key.substr(prefix.size(), key.size() - prefix.size() - 9),
                     storage::read_be64(key.data() + key.size() - 8));
}

std::string fulltext_length_key(std::uint32_t index, std::uint64_t id) {
    std::string k = fulltext_prefix(FulltextEntry::Length, index);
    storage::append_be64(k, id);
    return k;
}

std::string name_index_prefix(std::string_view folded) {
    std::string k(folded);
    k += '\0';
    return k;
}

std::string name_index_key(std::string_view folded, char source, std::uint64_t id) {
    if (id > max_adj_id) {
        throw Error(ErrorKind::Storage, "node ids beyond 2^48 - 1 do not fit in the name index");
    }
    std::string k = name_index_prefix(folded);
    k += source;
    k.resize(k.size() + 6);
    storage::write_be48(k.data() + k.size() - 6, id);
    return k;
}

std::string name_index_key_v1(std::string_view folded, char source, std::uint64_t id) {
    std::string k = name_index_prefix(folded);
    k += source;
    storage::append_be64(k, id);
    return k;
}

std::optional<NameIndexEntry> decode_name_index_key(std::string_view key, std::size_t id_bytes) {
    // At least one folded byte, then 00, the source and the id.
    if (key.size() < id_bytes + 3 || key[key.size() - id_bytes - 2] != '\0') return std::nullopt;
    const char* id = key.data() + key.size() - id_bytes;
    return NameIndexEntry{key.substr(0, key.size() - id_bytes - 2), key[key.size() - id_bytes - 1],
                          id_bytes == 8 ? storage::read_be64(id) : storage::read_be48(id)};
}

std::string vector_catalog_key(std::string_view name) {
    return char(VectorEntry::Catalog) + std::string(name);
}

std::string vector_prefix(VectorEntry entry, std::uint32_t index) {
    std::string k(1, char(entry));
    storage::append_be32(k, index);
    return k;
}

std::string vector_node_key(VectorEntry entry, std::uint32_t index, std::uint64_t node) {
    std::string k = vector_prefix(entry, index);
    storage::append_be64(k, node);
    return k;
}

std::string vector_links_key(std::uint32_t index, std::uint64_t node, std::uint8_t level) {
    std::string k = vector_node_key(VectorEntry::Links, index, node);
    k += char(level);
    return k;
}

std::string vector_reverse_key(std::uint32_t index, std::uint64_t to, std::uint8_t level,
                               std::uint64_t from) {
    std::string k = vector_node_key(VectorEntry::Reverse, index, to);
    k += char(level);
    storage::append_be64(k, from);
    return k;
}

std::string vector_level_key(std::uint32_t index, std::uint8_t level, std::uint64_t node) {
    std::string k = vector_prefix(VectorEntry::Level, index);
    k += char(level);
    storage::append_be64(k, node);
    return k;
}

}  // namespace caspian::graph
