// Vector indexes (issue #17): the catalog, the HNSW graph kept in the `vector` table and updated
// in the writer's transaction, search, and the check against the data. No query types here.
#pragma once

#include "graph/ids.hpp"

#include "storage/codec.hpp"
#include "storage/env.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace caspian::graph {

class GraphReader;
class GraphWriter;

enum class Similarity : char { Cosine = 'c', Euclidean = 'e' };
// What an index holds; the catalog's entity byte, 'n' in every entry written before #17's
// relationship form.
enum class VectorEntity : char { Node = 'n', Relationship = 'r' };

[[nodiscard]] std::string_view similarity_name(Similarity s);  // "cosine", "euclidean"
[[nodiscard]] std::optional<Similarity> find_similarity(std::string_view name);

struct VectorIndex {
    std::string name;
    std::uint32_t id = 0;  // given by create_vector_index
    LabelId label{0};      // nodes with this label (entity Node)
    PropertyId property{0};
    std::uint32_t dimensions = 0;  // 1 to 4096
    Similarity similarity = Similarity::Cosine;
    std::uint32_t m = 16;                 // links a node keeps per level (twice that at level 0)
    std::uint32_t ef_construction = 200;  // candidates an insert considers
    VectorEntity entity = VectorEntity::Node;
    TypeId type{0};  // relationships of this type (entity Relationship)

    // The label or type id a node's labels (a relationship's {type}) must hold.
    [[nodiscard]] std::uint32_t token() const {
        return entity == VectorEntity::Node ? label.value : type.value;
    }
};

// Every vector index, by name. Error{Corrupt} for a catalog entry that does not decode.
[[nodiscard]] std::vector<VectorIndex> vector_indexes(const GraphReader& reader);
[[nodiscard]] std::optional<VectorIndex> find_vector_index(const GraphReader& reader,
                                                           std::string_view name);

// Stores the index and inserts every node of its label (relationship of its type) that has the
// property. Returns false
// when an index of that name exists and if_not_exists; otherwise that is Error{Semantic}, as are
// a name over 400 bytes and parameters out of range. A node's value that does not fit
// (index_vector) is Error{Constraint}.
bool create_vector_index(GraphWriter& writer, VectorIndex index, bool if_not_exists);
// Deletes the index and all its entries; false when there is none of that name.
bool drop_vector_index(GraphWriter& writer, std::string_view name);

// The float32 copy the index keeps of a node's (relationship's) value (unit length for cosine),
// or nullopt when it is not in the index (no such label or type, no such property). tokens are
// a node's labels or a relationship's {type}, of the index's entity. Error{Constraint} naming
// the node (relationship) for a value that is not a list of `dimensions` numbers, or a zero
// vector under cosine.
[[nodiscard]] std::optional<std::vector<float>> index_vector(
    const GraphReader& reader, const VectorIndex& index, std::uint64_t id,
    const std::vector<std::uint32_t>& tokens, const storage::PropertyIds& properties);

// Adds a node's vector to the HNSW graph, or removes the node and repairs its neighbours' links.
// The HNSW graph's "nodes" are the index's entries: node or relationship ids alike.
void vector_insert(GraphWriter& writer, const VectorIndex& index, std::uint64_t node,
                   std::span<const float> vector);
void vector_remove(GraphWriter& writer, const VectorIndex& index, std::uint64_t node);

// What a batch of inserts may keep of decoded vectors and link lists (graph/hnsw.cpp).
inline constexpr std::size_t vector_cache_bytes = std::size_t{64} << 20;

class VectorCache;
// Many inserts into one index in one write transaction (CREATE VECTOR INDEX over stored data):
// decoded vectors and link lists stay cached between inserts, up to cache_bytes. Every write
// to the index must go through it while it lives.
class VectorBatchInsert {
public:
    VectorBatchInsert(GraphWriter& writer, const VectorIndex& index,
                      std::size_t cache_bytes = vector_cache_bytes);
    VectorBatchInsert(const VectorBatchInsert&) = delete;
    VectorBatchInsert& operator=(const VectorBatchInsert&) = delete;
    ~VectorBatchInsert();
    void insert(std::uint64_t node, std::span<const float> vector);

private:
    GraphWriter& writer_;
    const VectorIndex& index_;
    std::unique_ptr<VectorCache> cache_;
};

struct VectorHit {
    std::uint64_t node = 0;
    float distance = 0;  // 1 - cosine, or the squared euclidean distance (float32 copies)
};

// The order of hits every search returns: nearer first, ties by node id.
inline bool nearer(const VectorHit& a, const VectorHit& b) {
    return a.distance < b.distance || (a.distance == b.distance && a.node < b.node);
}

// Error{Corrupt} naming the index, for what its entries hold that they must not.
[[noreturn]] void corrupt(const VectorIndex& index, const std::string& what);

// The query as the index compares it: float32, unit length for cosine. Error{Type} for a zero
// vector under cosine; the caller checked the dimension.
[[nodiscard]] std::vector<float> query_vector(const VectorIndex& index,
                                              std::span<const double> query);
// About the ef nearest nodes by the HNSW graph (ef at least 1), nearest first, ties by id.
[[nodiscard]] std::vector<VectorHit> vector_search(const GraphReader& reader,
                                                   const VectorIndex& index,
                                                   std::span<const float> query, std::size_t ef);
// Whether the exact scan costs no more than a search at ef: a search expands at least ef nodes
// and reads up to 2m links of each, so once that is the whole index, one pass over the stored
// vectors in key order is cheaper (and exact).
[[nodiscard]] bool vector_exact_is_cheaper(const VectorIndex& index, std::uint64_t count,
                                           std::size_t ef);

struct VectorSearchResult {
    std::vector<VectorHit> hits;  // nearest first
    std::size_t ef = 0;           // the ef it settled at
    bool exact = false;           // hits are every node of the index (vector_exact)
};
// The k nearest when the query names no ef. How deep a search must go depends on the data:
// clustered vectors (most real embeddings) need an ef of a few hundred at any size, evenly
// spread ones in many dimensions a share of the index. So the search starts at ef
// max(128, 2k) and doubles it until two searches in a row agree on the k nearest, or turns into
// the scan of the int8 copies (graph/vector_quantized.hpp) once that costs less than the next
// search, or into the exact scan of the float32 copies for an index without int8 copies
// (bench/results/vector.md). The scan's result is not `exact`: it holds candidates only.
[[nodiscard]] VectorSearchResult vector_search_adaptive(const GraphReader& reader,
                                                        const VectorIndex& index,
                                                        std::span<const float> query,
                                                        std::size_t k);
// Every node of the index (the nearest `limit`), nearest first, ties by id: the exact answer
// (tests, deep filters), in one pass over the float32 copies.
[[nodiscard]] std::vector<VectorHit> vector_exact(const GraphReader& reader,
                                                  const VectorIndex& index,
                                                  std::span<const float> query,
                                                  std::size_t limit = SIZE_MAX);
// Nodes in the index.
[[nodiscard]] std::uint64_t vector_count(const GraphReader& reader, const VectorIndex& index);

// Compares the index with the data (every node of the label, relationship of the type, with the
// property is in it with its vector, nothing else) and the graph with itself (links name indexed
// nodes, each link has its reverse entry, the entry point is a node of the top level): one line per
// problem.
[[nodiscard]] std::vector<std::string> check_vector_index(const GraphReader& reader,
                                                          const VectorIndex& index,
                                                          std::size_t max_problems = 100);

}  // namespace caspian::graph
