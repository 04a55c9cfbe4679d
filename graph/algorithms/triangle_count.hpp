// Triangle count and local clustering coefficient over a projection. Standard library only.
#pragma once

#include "graph/algorithms/projection.hpp"
#include "graph/interrupt.hpp"

#include <cstdint>
#include <vector>

namespace caspian::graph {

class Snapshot;

struct NodeTriangles {
    NodeId node;
    std::uint64_t triangles = 0;  // triangles the node belongs to
    double coefficient = 0;       // 2T / (k (k - 1)); 0 when k < 2
};

// On the simple undirected graph under the projection: direction ignored, parallel edges merged,
// self-loops dropped; k is the number of distinct neighbours. Memory: the sorted neighbour sets
// (one entry per direction of each distinct edge) beside the snapshot. Cancel is polled per node.
std::vector<NodeTriangles> triangle_count(const Snapshot& snapshot, Interrupt cancel = {});
std::vector<NodeTriangles> triangle_count(const GraphReader& reader,
                                          const Projection& projection = {}, Interrupt cancel = {});

}  // namespace caspian::graph
