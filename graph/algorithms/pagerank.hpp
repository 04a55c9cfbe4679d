// PageRank over a projection (power iteration on a Snapshot). Standard library only.
#pragma once

#include "graph/algorithms/projection.hpp"
#include "graph/interrupt.hpp"

#include <cstdint>
#include <vector>

namespace caspian::graph {

class Snapshot;

struct PageRankOptions {
    double damping = 0.85;
    std::uint32_t iterations = 20;
    double tolerance = 0;  // > 0: stop early once the L1 change of an iteration is below it
};

// Scores sum to 1. Each iteration, for N vertices and damping d:
//   PR'(v) = (1 - d) / N + d * (sum over edges u->v of PR(u) * w(u,v) / W(u) + D / N)
// where W(u) is the total weight of u's out-edges (their count when unweighted; parallel edges
// and self-loops count) and D is the sum of PR over dangling vertices (W(u) == 0), which is
// spread evenly over all vertices. Starts from 1/N. Cancel is polled once per iteration;
// memory is the snapshot plus three vectors of N doubles. Throws Error{Usage} on cancel and for
// damping outside [0, 1].
std::vector<NodeScore> pagerank(const Snapshot& snapshot, const PageRankOptions& options = {},
                                Interrupt cancel = {});
std::vector<NodeScore> pagerank(const GraphReader& reader, const Projection& projection,
                                const PageRankOptions& options = {}, Interrupt cancel = {});

}  // namespace caspian::graph
