// Degree centrality over a projection. Standard library only.
#pragma once

#include "graph/algorithms/projection.hpp"
#include "graph/interrupt.hpp"

#include <vector>

namespace caspian::graph {

class Snapshot;

// Each node's number of projected edges leaving it (Projection::direction Out: out-degree, In:
// in-degree, Both: in + out with a self-loop counted once), or their total weight when the
// projection has a weight. With `normalised`, divided by N - 1 (N nodes; unchanged when N < 2).
std::vector<NodeScore> degree_centrality(const Snapshot& snapshot, bool normalised = false,
                                         Interrupt cancel = {});
std::vector<NodeScore> degree_centrality(const GraphReader& reader,
                                         const Projection& projection = {}, bool normalised = false,
                                         Interrupt cancel = {});

}  // namespace caspian::graph
