// What a whole-graph algorithm runs on (a projection of the stored graph) and the shapes of its
// results. Standard library only: the query layer includes this to call the algorithms.
#pragma once

#include "graph/traversal.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace caspian::graph {

// Nodes carrying at least one of `labels` (empty: every node) and, between them, edges of one of
// `types` (empty: every type). `direction` orients the projected edges: Out keeps the stored
// direction, In reverses every edge, Both holds each edge in both directions (undirected).
// `weight`, when set, names the numeric edge property read as the edge's weight (edge_weight()
// in traversal.hpp: missing means default_weight; non-numeric, negative or NaN is Error{Type});
// without it every edge weighs 1.
struct Projection {
    std::vector<LabelId> labels;
    std::vector<TypeId> types;
    Direction direction = Direction::Out;
    std::optional<PropertyId> weight;
    double default_weight = 1.0;
};

// Results are sorted by node id and hold every node of the projection.
struct NodeScore {
    NodeId node;
    double score = 0;
};

struct NodeComponent {
    NodeId node;
    NodeId component;  // the least node id of the component
};

}  // namespace caspian::graph
