// The int8 copies of graph/vector_quantized.hpp: encoding, the scan with its exact re-ranking,
// and their check. Written by graph/hnsw.cpp beside each float32 copy.
#include "graph/vector_quantized.hpp"

#include "graph/graph_store.hpp"
#include "graph/keys.hpp"
#include "graph/vector_kernels.hpp"

#include "storage/bytes.hpp"

#include <caspian/error.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <queue>

namespace caspian::graph {

using storage::as_val;
using storage::as_view;

namespace {

// How many int8 entries a scan reads in the time a graph search computes one float32 distance
// (an LMDB lookup, 4x the bytes, and the link lists): measured about 8 to 12 at 20k and 100k.
constexpr std::uint64_t scan_weight = 8;

struct Header {
    float scale = 0;
    float norm2 = 0;
};

Header read_header(const char* bytes) {
    Header h;
    std::memcpy(&h.scale, bytes, 4);
    std::memcpy(&h.norm2, bytes + 4, 4);
    return h;
}

// The query quantized as the stored vectors are, so the dot product is integer arithmetic.
struct Query {
    std::vector<std::int8_t> values;
    Header header;
};

Query quantize_query(std::span<const float> v) {
    const std::string bytes = quantize_vector(v);
    Query q{std::vector<std::int8_t>(v.size()), read_header(bytes.data())};
    std::memcpy(q.values.data(), bytes.data() + quantized_header, v.size());
    return q;
}

float approximate(Similarity s, const Query& q, const char* stored, std::size_t n) {
    const Header h = read_header(stored);
    const float dot =
        float(int8_dot(q.values.data(), stored + quantized_header, n)) * h.scale * q.header.scale;
    return s == Similarity::Cosine ? 1.0f - dot : h.norm2 + q.header.norm2 - 2 * dot;
}

}  // namespace

std::string quantize_vector(std::span<const float> v) {
    float largest = 0, norm2 = 0;
    for (float x : v) {
        largest = std::max(largest, std::abs(x));
        norm2 += x * x;
    }
    const float scale = largest / 127;
    std::string out(quantized_header + v.size(), '\0');
    std::memcpy(out.data(), &scale, 4);
    std::memcpy(out.data() + 4, &norm2, 4);
    if (!(scale > 0)) return out;  // a zero vector: all zeros
    for (std::size_t i = 0; i < v.size(); ++i) {
        const long q = std::lround(v[i] / scale);
        out[quantized_header + i] = char(std::int8_t(std::clamp(q, -127L, 127L)));
    }
    return out;
}

std::size_t quantized_candidates(std::size_t k) {
    return std::max<std::size_t>(10 * k, 200);
}

bool vector_scan_is_cheaper(const VectorIndex& index, std::uint64_t count, std::size_t ef) {
    return count <= std::uint64_t{ef} * 2 * std::max<std::uint64_t>(index.m, 1) * scan_weight;
}

std::optional<std::vector<VectorHit>> vector_quantized_scan(const GraphReader& reader,
                                                            const VectorIndex& index,
                                                            std::span<const float> query,
                                                            std::size_t candidates) {
    std::vector<VectorHit> out;
    if (!reader.txn().tables().has_vector) return out;
    const std::uint64_t count = vector_count(reader, index);
    const std::size_t n = index.dimensions;
    const Query q = quantize_query(query);
    // The `candidates` nearest by the int8 copies: a max-heap of the best so far, in one pass.
    const auto farther = [](const VectorHit& a, const VectorHit& b) { return nearer(a, b); };
    std::priority_queue<VectorHit, std::vector<VectorHit>, decltype(farther)> best(farther);
    const std::string prefix = vector_prefix(VectorEntry::Quantized, index.id);
    std::uint64_t seen = 0;
    storage::Cursor c(reader.txn(), reader.txn().tables().vector);
    MDB_val k = as_val(prefix), v;
    for (bool ok = c.move(MDB_SET_RANGE, &k, &v); ok && as_view(k).starts_with(prefix);
         ok = c.move(MDB_NEXT, &k, &v)) {
        if (k.mv_size != prefix.size() + 8 || v.mv_size != quantized_header + n)
            corrupt(index, "an int8 vector entry is corrupt");
        ++seen;
        const VectorHit h{storage::read_be64(static_cast<const char*>(k.mv_data) + prefix.size()),
                          approximate(index.similarity, q, static_cast<const char*>(v.mv_data), n)};
        if (best.size() < candidates) {
            best.push(h);
        } else if (nearer(h, best.top())) {
            best.pop();
            best.push(h);
        }
    }
    if (seen != count) return std::nullopt;
    // The exact order among the candidates, by the float32 copies.
    out.reserve(best.size());
    for (; !best.empty(); best.pop()) {
        const std::uint64_t node = best.top().node;
        const auto stored = reader.txn().get(reader.txn().tables().vector,
                                             vector_node_key(VectorEntry::Vector, index.id, node));
        if (!stored) return std::nullopt;
        if (stored->size() != 1 + n * 4)
            corrupt(index, "the vector of node " + std::to_string(node) + " is corrupt");
        out.push_back(
            {node, vector_distance(index.similarity, query.data(), stored->data() + 1, n)});
    }
    std::sort(out.begin(), out.end(), nearer);
    return out;
}

std::vector<std::string> check_quantized(const GraphReader& reader, const VectorIndex& index) {
    std::vector<std::string> problems;
    const MDB_dbi table = reader.txn().tables().vector;
    std::map<std::uint64_t, std::string> quantized;
    const std::string q_prefix = vector_prefix(VectorEntry::Quantized, index.id);
    storage::for_each_with_prefix(
        reader.txn(), table, q_prefix, [&](std::string_view k, std::string_view v) {
            if (k.size() == q_prefix.size() + 8)
                quantized.emplace(storage::read_be64(k.data() + q_prefix.size()), v);
            else
                problems.push_back("an int8 vector entry has a key of the wrong size");
            return true;
        });
    if (quantized.empty() && problems.empty()) return problems;  // an older build's index
    const std::string v_prefix = vector_prefix(VectorEntry::Vector, index.id);
    storage::for_each_with_prefix(
        reader.txn(), table, v_prefix, [&](std::string_view k, std::string_view v) {
            if (k.size() != v_prefix.size() + 8 || v.size() != 1 + index.dimensions * 4)
                return true;  // check_vector_index reports these
            const std::uint64_t node = storage::read_be64(k.data() + v_prefix.size());
            const auto it = quantized.find(node);
            if (it == quantized.end()) {
                problems.push_back("node " + std::to_string(node) + " lacks its int8 vector");
                return true;
            }
            std::vector<float> floats(index.dimensions);
            std::memcpy(floats.data(), v.data() + 1, floats.size() * 4);
            if (it->second != quantize_vector(floats))
                problems.push_back("the int8 vector of node " + std::to_string(node) +
                                   " does not match its float32 vector");
            quantized.erase(it);
            return true;
        });
    for (const auto& entry : quantized)
        problems.push_back("node " + std::to_string(entry.first) +
                           " has an int8 vector but is not in the index");
    return problems;
}

}  // namespace caspian::graph
