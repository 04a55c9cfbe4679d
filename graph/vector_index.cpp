// Vector indexes of graph/vector_index.hpp: the catalog record, which value a node gives the
// index, building, dropping and checking. The HNSW graph itself is graph/hnsw.cpp.
#include "graph/vector_index.hpp"

#include "graph/fulltext_index.hpp"
#include "graph/graph_store.hpp"
#include "graph/keys.hpp"
#include "graph/vector_quantized.hpp"

#include "storage/bytes.hpp"
#include "value/text.hpp"

#include <caspian/error.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>

namespace caspian::graph {

namespace {

constexpr std::uint8_t catalog_version = 1;
constexpr std::size_t max_name_bytes = 400;
constexpr std::uint32_t max_dimensions = 4096;

// | 01 | BE u32 id | 'n'/'r' | varint label or type | varint property | varint dimensions |
// 'c'/'e' | varint m | varint ef_construction |
std::string encode_catalog(const VectorIndex& index) {
    std::string out(1, char(catalog_version));
    storage::append_be32(out, index.id);
    out += char(index.entity);
    storage::append_varint(out, index.token());
    storage::append_varint(out, index.property.value);
    storage::append_varint(out, index.dimensions);
    out += char(index.similarity);
    storage::append_varint(out, index.m);
    storage::append_varint(out, index.ef_construction);
    return out;
}

VectorIndex decode_catalog(std::string_view name, std::string_view bytes) {
    const auto corrupt = [&] {
        return Error(ErrorKind::Corrupt,
                     "vector index entry '" + std::string(name) + "' is corrupt");
    };
    const auto u32 = [&](storage::Reader& r) {
        const std::uint64_t v = r.varint();
        if (v > UINT32_MAX) throw corrupt();
        return std::uint32_t(v);
    };
    storage::Reader r(bytes);
    VectorIndex index;
    index.name = std::string(name);
    if (r.byte() != catalog_version) throw corrupt();
    index.id = storage::read_be32(r.bytes(4).data());
    const char entity = char(r.byte());
    if (entity == char(VectorEntity::Node)) {
        index.label = LabelId(u32(r));
    } else if (entity == char(VectorEntity::Relationship)) {
        index.entity = VectorEntity::Relationship;
        index.type = TypeId(u32(r));
    } else {
        throw corrupt();
    }
    index.property = PropertyId(u32(r));
    index.dimensions = u32(r);
    const char s = char(r.byte());
    if (s != char(Similarity::Cosine) && s != char(Similarity::Euclidean)) throw corrupt();
    index.similarity = Similarity(s);
    index.m = u32(r);
    index.ef_construction = u32(r);
    if (!r.at_end() || index.dimensions == 0 || index.dimensions > max_dimensions || index.m < 2 ||
        index.ef_construction == 0) {
        throw corrupt();
    }
    return index;
}

// Every key of the table that starts with prefix.
std::vector<std::string> keys_with_prefix(const GraphReader& reader, std::string_view prefix) {
    std::vector<std::string> keys;
    storage::for_each_with_prefix(
        reader.txn(), reader.txn().tables().vector, prefix,
        [&](std::string_view k, std::string_view) { return keys.emplace_back(k), true; });
    return keys;
}

// "node" or "relationship": what the index's entries are, for messages.
std::string entry_word(const VectorIndex& index) {
    return index.entity == VectorEntity::Node ? "node" : "relationship";
}

// The index's name and what it covers: "the vector index 'docs' on :Doc(e)", or "on
// ()-[:SIMILAR]-()(e)" for relationships.
std::string describe(const GraphReader& reader, const VectorIndex& index) {
    const std::string on = index.entity == VectorEntity::Node
                               ? ":" + reader.name(index.label)
                               : "()-[:" + reader.name(index.type) + "]-()";
    return "the vector index '" + index.name + "' on " + on + "(" + reader.name(index.property) +
           ")";
}

// The nodes of the index's label (relationships of its type) with their prepared vectors, in id
// order.
void visit_entries(const GraphReader& reader, const VectorIndex& index,
                   const std::function<void(std::uint64_t, std::optional<std::vector<float>>)>& f) {
    if (index.entity == VectorEntity::Relationship) {
        std::vector<EdgeId> ids;
        reader.scan_edges([&](EdgeId id, const EdgeRecord& e) {
            if (e.type == index.type.value) ids.push_back(id);
            return true;
        });
        for (EdgeId id : ids) {
            const auto edge = reader.edge(id);
            if (!edge) throw Error(ErrorKind::Corrupt, "an edge vanished during a scan");
            f(id.value, index_vector(reader, index, id.value, {edge->type}, edge->properties));
        }
        return;
    }
    std::vector<NodeId> ids;
    reader.scan_label(index.label, [&](NodeId id) { return ids.push_back(id), true; });
    for (NodeId id : ids) {
        const auto node = reader.node(id);
        if (!node) throw Error(ErrorKind::Corrupt, "the label index names a missing node");
        f(id.value, index_vector(reader, index, id.value, node->labels, node->properties));
    }
}

const std::vector<VectorEntry> graph_entries = {VectorEntry::Entry, VectorEntry::Vector,
                                                VectorEntry::Links, VectorEntry::Reverse,
                                                VectorEntry::Level, VectorEntry::Quantized};

}  // namespace

std::string_view similarity_name(Similarity s) {
    return s == Similarity::Cosine ? "cosine" : "euclidean";
}

std::optional<Similarity> find_similarity(std::string_view name) {
    const std::string lower = ascii_lower(name);
    if (lower == "cosine") return Similarity::Cosine;
    if (lower == "euclidean") return Similarity::Euclidean;
    return std::nullopt;
}

std::vector<VectorIndex> vector_indexes(const GraphReader& reader) {
    std::vector<VectorIndex> out;
    if (!reader.txn().tables().has_vector) return out;
    storage::for_each_with_prefix(reader.txn(), reader.txn().tables().vector,
                                  std::string(1, char(VectorEntry::Catalog)),
                                  [&](std::string_view k, std::string_view v) {
                                      return out.push_back(decode_catalog(k.substr(1), v)), true;
                                  });
    return out;
}

std::optional<VectorIndex> find_vector_index(const GraphReader& reader, std::string_view name) {
    if (!reader.txn().tables().has_vector || name.size() > max_name_bytes) return std::nullopt;
    const auto v = reader.txn().get(reader.txn().tables().vector, vector_catalog_key(name));
    if (!v) return std::nullopt;
    return decode_catalog(name, *v);
}

std::optional<std::vector<float>> index_vector(const GraphReader& reader, const VectorIndex& index,
                                               std::uint64_t id,
                                               const std::vector<std::uint32_t>& tokens,
                                               const storage::PropertyIds& properties) {
    if (!std::binary_search(tokens.begin(), tokens.end(), index.token())) return std::nullopt;
    const Value* v = find_property(properties, index.property);
    if (v == nullptr || v->is_null()) return std::nullopt;
    const auto refuse = [&](const std::string& what) {
        return Error(ErrorKind::Constraint, ErrorClass::ConstraintVerificationFailed,
                     "InvalidVectorValue",  // exec/set.cpp and create.cpp place it by this
                     describe(reader, index) + " needs " + std::to_string(index.dimensions) +
                         " numbers: " + entry_word(index) + " " + std::to_string(id) + " has " +
                         what);
    };
    if (v->kind() != ValueKind::List) throw refuse(std::string("a ") + to_string(v->kind()));
    const List& items = v->as_list();
    if (items.size() != index.dimensions) throw refuse("a list of " + std::to_string(items.size()));
    std::vector<double> values;
    values.reserve(items.size());
    for (const Value& item : items) {
        if (item.kind() == ValueKind::Float) {
            values.push_back(item.as_float());
        } else if (item.kind() == ValueKind::Int) {
            values.push_back(double(item.as_int()));
        } else {
            throw refuse(std::string("a list holding a ") + to_string(item.kind()));
        }
        if (!std::isfinite(values.back())) throw refuse("a list holding a NaN or infinity");
    }
    try {
        return query_vector(index, values);
    } catch (const Error&) {
        throw refuse("a zero vector, which has no cosine similarity");
    }
}

std::vector<float> query_vector(const VectorIndex& index, std::span<const double> query) {
    double scale = 1;
    if (index.similarity == Similarity::Cosine) {
        double norm = 0;
        for (double x : query)
            norm += x * x;
        if (!(norm > 0) || !std::isfinite(norm))
            throw Error(ErrorKind::Type, "a zero vector has no cosine similarity");
        scale = 1 / std::sqrt(norm);
    }
    std::vector<float> out;
    out.reserve(query.size());
    for (double x : query)
        out.push_back(float(x * scale));
    return out;
}

bool create_vector_index(GraphWriter& writer, VectorIndex index, bool if_not_exists) {
    if (index.name.empty() || index.name.size() > max_name_bytes)
        throw Error(ErrorKind::Semantic, "a vector index name must hold 1 to 400 bytes");
    if (index.dimensions == 0 || index.dimensions > max_dimensions) {
        throw Error(ErrorKind::Semantic, "`vector.dimensions` must be an integer from 1 to 4096");
    }
    if (index.m < 2 || index.m > 512)
        throw Error(ErrorKind::Semantic, "`vector.hnsw.m` must be an integer from 2 to 512");
    if (index.ef_construction == 0 || index.ef_construction > 10000) {
        throw Error(ErrorKind::Semantic,
                    "`vector.hnsw.ef_construction` must be an integer from 1 to 10000");
    }
    if (find_vector_index(writer, index.name) || find_fulltext_index(writer, index.name)) {
        if (if_not_exists) return false;
        throw Error(ErrorKind::Semantic, "an index named '" + index.name + "' already exists");
    }
    storage::WriteTxn& txn = writer.write_txn();
    const std::uint64_t id = decode_counter(txn.get(txn.tables().meta, next_vector_key));
    if (id > UINT32_MAX) throw Error(ErrorKind::Constraint, "too many vector indexes");
    txn.put(txn.tables().meta, next_vector_key, id_key(id + 1));
    index.id = std::uint32_t(id);
    txn.put(txn.tables().vector, vector_catalog_key(index.name), encode_catalog(index));
    VectorBatchInsert batch(writer, index);
    visit_entries(writer, index, [&](std::uint64_t node, std::optional<std::vector<float>> v) {
        if (v) batch.insert(node, *v);
    });
    writer.bump_schema_version();
    writer.reload_schema();
    return true;
}

bool drop_vector_index(GraphWriter& writer, std::string_view name) {
    const auto index = find_vector_index(writer, name);
    if (!index) return false;
    storage::WriteTxn& txn = writer.write_txn();
    for (VectorEntry entry : graph_entries) {
        for (const std::string& key : keys_with_prefix(writer, vector_prefix(entry, index->id)))
            txn.del(txn.tables().vector, key);
    }
    txn.del(txn.tables().vector, vector_catalog_key(name));
    writer.bump_schema_version();
    writer.reload_schema();
    return true;
}

std::vector<std::string> check_vector_index(const GraphReader& reader, const VectorIndex& index,
                                            std::size_t max_problems) {
    std::vector<std::string> problems;
    const auto problem = [&](const std::string& text) {
        if (problems.size() < max_problems)
            problems.push_back("vector index '" + index.name + "': " + text);
    };
    // What the data implies: node -> its float32 bytes.
    std::map<std::uint64_t, std::string> expected;
    try {
        visit_entries(reader, index, [&](std::uint64_t node, std::optional<std::vector<float>> v) {
            if (v)
                expected[node] =
                    std::string(reinterpret_cast<const char*>(v->data()), v->size() * 4);
        });
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::Constraint) throw;
        problem(e.what());
    }
    const auto id_at = [](std::string_view key, std::size_t at) {
        return storage::read_be64(key.data() + at);
    };
    const std::size_t head = 5;  // entry byte + BE u32 index
    std::map<std::uint64_t, std::uint8_t> levels;
    for (const std::string& key :
         keys_with_prefix(reader, vector_prefix(VectorEntry::Vector, index.id))) {
        const std::uint64_t node = id_at(key, head);
        const auto v = reader.txn().get(reader.txn().tables().vector, key);
        const auto it = expected.find(node);
        if (it == expected.end()) {
            problem(entry_word(index) + " " + std::to_string(node) +
                    " is in the index but not in the data");
        } else if (v->size() < 1 || v->substr(1) != it->second) {
            problem("the vector of " + entry_word(index) + " " + std::to_string(node) +
                    " does not match the data");
        }
        levels[node] = v->empty() ? 0 : std::uint8_t((*v)[0]);
    }
    for (const auto& entry : expected) {
        if (!levels.contains(entry.first))
            problem(entry_word(index) + " " + std::to_string(entry.first) +
                    " is missing from the index");
    }
    // The graph: links between indexed nodes of the level, each with its reverse entry.
    std::set<std::string> reverse;
    for (const std::string& key :
         keys_with_prefix(reader, vector_prefix(VectorEntry::Links, index.id))) {
        const std::uint64_t from = id_at(key, head);
        const std::uint8_t level = std::uint8_t(key[head + 8]);
        const auto v = reader.txn().get(reader.txn().tables().vector, key);
        if (!levels.contains(from) || levels[from] < level)
            problem("node " + std::to_string(from) + " has links at a level it is not on");
        for (std::size_t i = 0; i + 8 <= v->size(); i += 8) {
            const std::uint64_t to = storage::read_be64(v->data() + i);
            if (!levels.contains(to) || levels[to] < level)
                problem("node " + std::to_string(from) + " links to node " + std::to_string(to) +
                        ", which is not on level " + std::to_string(level));
            reverse.insert(vector_reverse_key(index.id, to, level, from));
        }
    }
    for (const std::string& key :
         keys_with_prefix(reader, vector_prefix(VectorEntry::Reverse, index.id))) {
        if (!reverse.erase(key)) problem("a reverse link has no link");
    }
    if (!reverse.empty())
        problem(std::to_string(reverse.size()) + " link(s) lack their reverse entry");
    std::uint8_t top = 0;
    for (const auto& entry : levels)
        top = std::max(top, entry.second);
    std::size_t level_entries = 0;
    for (const auto& entry : levels)
        level_entries += entry.second;
    if (keys_with_prefix(reader, vector_prefix(VectorEntry::Level, index.id)).size() !=
        level_entries)
        problem("the level entries do not match the nodes' levels");
    const auto e =
        reader.txn().get(reader.txn().tables().vector, vector_prefix(VectorEntry::Entry, index.id));
    if (levels.empty() != !e.has_value()) {
        problem("the entry point does not match the nodes");
    } else if (e) {
        const std::uint64_t node = e->size() == 17 ? storage::read_be64(e->data()) : 0;
        if (e->size() != 17 || storage::read_be64(e->data() + 9) != levels.size() ||
            std::uint8_t((*e)[8]) != top || !levels.contains(node) || levels[node] != top) {
            problem("the entry point is not a node of the top level, or its count is wrong");
        }
    }
    for (const std::string& p : check_quantized(reader, index))
        problem(p);
    return problems;
}

void corrupt(const VectorIndex& index, const std::string& what) {
    throw Error(ErrorKind::Corrupt, "vector index '" + index.name + "': " + what);
}

}  // namespace caspian::graph
