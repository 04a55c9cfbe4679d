// Weakly and strongly connected components over a projection. Standard library only.
#pragma once

#include "graph/algorithms/projection.hpp"
#include "graph/interrupt.hpp"

#include <vector>

namespace caspian::graph {

class Snapshot;

// Weakly connected: edge direction ignored (union-find over the snapshot's edges). Each node's
// component is the least node id in it; isolated nodes are their own component.
std::vector<NodeComponent> weakly_connected_components(const Snapshot& snapshot,
                                                       Interrupt cancel = {});
std::vector<NodeComponent> weakly_connected_components(const GraphReader& reader,
                                                       const Projection& projection = {},
                                                       Interrupt cancel = {});

// Strongly connected along the snapshot's edges (Tarjan's algorithm, boost::strong_components,
// iterative). A projection with Direction::Both makes them the weak components.
std::vector<NodeComponent> strongly_connected_components(const Snapshot& snapshot,
                                                         Interrupt cancel = {});
std::vector<NodeComponent> strongly_connected_components(const GraphReader& reader,
                                                         const Projection& projection = {},
                                                         Interrupt cancel = {});

}  // namespace caspian::graph
