// The int8 copy a vector index keeps of each vector ('q' entries, docs/storage-format.md) and the
// scan over it: a quarter of the float32 copy's bytes, so one pass over every vector of the index
// chooses candidates that the float32 copies then rank exactly.
#pragma once

#include "graph/vector_index.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace caspian::graph {

// | float32 scale | float32 squared length | dimensions x int8 | (floats in native order): the
// vector is about scale x the int8s; the length is the float32 copy's, for euclidean.
inline constexpr std::size_t quantized_header = 8;
[[nodiscard]] std::string quantize_vector(std::span<const float> v);

// The candidates a scan keeps for the exact ranking: the k nearest by the int8 copies are
// among them on any data we measured (bench/results/vector.md).
[[nodiscard]] std::size_t quantized_candidates(std::size_t k);

// The nearest `candidates` nodes by the int8 copies, ranked again by the float32 copies:
// nearest first (float32 distances), ties by id. nullopt when the index lacks the int8 copy of
// some node (made or written by a build from before them): the caller scans the float32 copies.
[[nodiscard]] std::optional<std::vector<VectorHit>> vector_quantized_scan(
    const GraphReader& reader, const VectorIndex& index, std::span<const float> query,
    std::size_t candidates);

// Whether one pass over the int8 copies costs no more than a graph search at ef (each of the
// search's ef x 2m distances reads a float32 copy through LMDB, about scan_weight times the
// cost of one scanned int8 entry).
[[nodiscard]] bool vector_scan_is_cheaper(const VectorIndex& index, std::uint64_t count,
                                          std::size_t ef);

// check_vector_index's part: every float32 copy has its int8 copy, made from it, and nothing else
// has one, unless the index has none at all (made by an older build). One line per problem.
[[nodiscard]] std::vector<std::string> check_quantized(const GraphReader& reader,
                                                       const VectorIndex& index);

}  // namespace caspian::graph
