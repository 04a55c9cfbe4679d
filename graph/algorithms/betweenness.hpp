// Betweenness centrality (Brandes) over a projection. Standard library only.
#pragma once

#include "graph/algorithms/projection.hpp"
#include "graph/interrupt.hpp"

#include <vector>

namespace caspian::graph {

class Snapshot;

// Unweighted betweenness: for each node v, the sum over ordered pairs (s, t), s != v != t, of
// the fraction of shortest s-t paths through v (paths counted edge by edge, so parallel edges
// count). Along the snapshot's edges: directed for Out/In projections; for a Both projection
// the sum runs over unordered pairs (the ordered sum halved), as for an undirected graph. No
// further normalisation. Brandes' algorithm: O(N * E) time, O(N + E) memory beside the
// snapshot; cancel is polled once per source node.
std::vector<NodeScore> betweenness_centrality(const Snapshot& snapshot, Interrupt cancel = {});
std::vector<NodeScore> betweenness_centrality(const GraphReader& reader,
                                              const Projection& projection = {},
                                              Interrupt cancel = {});

}  // namespace caspian::graph
