// Distances from one source: BFS (hops) and Dijkstra (a weight property). Standard library only.
#pragma once

#include "graph/algorithms/projection.hpp"
#include "graph/interrupt.hpp"

#include <cstdint>
#include <vector>

namespace caspian::graph {

// Every node reachable from `source` along dir and types (empty: all types) within max_depth
// hops (0: no bound), with its hop count; the source itself at depth 0. Sorted by node id;
// empty when the source does not exist. Runs boost::breadth_first_visit on the StoredGraph view
// (a reversed view for In, the undirected view for Both): memory is the visited set.
std::vector<Reached> bfs_distances(const GraphReader& reader, NodeId source, Direction dir,
                                   const std::vector<TypeId>& types = {},
                                   std::uint64_t max_depth = 0, Interrupt cancel = {});

// Least total weight from `source` to every reachable node (the source at 0), weights as
// edge_weight() in traversal.hpp defines them. Sorted by node id. Memory: the settled set.
std::vector<NodeScore> dijkstra_distances(const GraphReader& reader, NodeId source, Direction dir,
                                          const std::vector<TypeId>& types,
                                          PropertyId weight_property, double default_weight = 1.0,
                                          Interrupt cancel = {});

}  // namespace caspian::graph
