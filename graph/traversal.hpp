// Traversals the query engine calls: k-hop neighbourhoods, variable-length expansion (no edge
// repeated within a path), shortest and all shortest paths (BFS) and weighted shortest paths
// (Dijkstra), straight on the stored adjacency. Standard library only: no Boost in this header.
#pragma once

#include "graph/graph_store.hpp"
#include "graph/interrupt.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace caspian::graph {

// An edge as stored (src -> dst), whichever way a traversal walked it.
struct EdgeRef {
    EdgeId id;
    NodeId src;
    NodeId dst;
    TypeId type;
    friend bool operator==(const EdgeRef&, const EdgeRef&) = default;
};

// nodes.size() == edges.size() + 1; edges[i] joins nodes[i] and nodes[i + 1] in either
// direction (compare src/dst with the nodes to tell which).
struct PathResult {
    std::vector<NodeId> nodes;
    std::vector<EdgeRef> edges;
    friend bool operator==(const PathResult&, const PathResult&) = default;
};

struct Reached {
    NodeId node;
    std::uint64_t depth = 0;
    friend bool operator==(const Reached&, const Reached&) = default;
};

struct WeightedPath {
    PathResult path;
    double cost = 0;
};

// Common rules of every function below:
// - `types` are edge-type ids; empty means every type. A caller whose type names do not resolve
//   must not call with an empty list (that would mean "any type"): no edge can match.
// - Direction::Both follows out- and in-edges; a self-loop is then met once, not twice.
// - `cancel` (the caller's flag and the statement's deadline) is polled regularly: once the
//   flag reads true the call throws Error{Usage} "the statement was cancelled", once the
//   deadline has passed Error{Resource}. Storage errors throw Error{Storage}/{Corrupt}.
// - The reader's transaction must outlive the call; results hold ids, never borrowed bytes.
// - Memory: the visited set and frontier of the search (plus, for all shortest paths, the
//   predecessor lists of the visited nodes) and the result; never a copy of the graph.

// Throws Error{Usage} "the statement was cancelled" when the flag is set, Error{Resource} past
// the deadline (Interrupt::check).
void check_cancel(const Interrupt& cancel);

// Calls visit(edge, neighbour) for each edge of node along dir and types, in adjacency order
// (out-edges first, then in-edges; by type, neighbour id, edge id). Stops when visit is false.
void for_each_step(const GraphReader& reader, NodeId node, Direction dir,
                   const std::vector<TypeId>& types,
                   const std::function<bool(const EdgeRef&, NodeId)>& visit);

// Nodes within 1..k hops of `from` (not `from` itself), each once with its BFS depth, in BFS
// order. limit > 0 stops after that many nodes.
[[nodiscard]] std::vector<Reached> k_hop(const GraphReader& reader, NodeId from, std::uint64_t k,
                                         Direction dir, const std::vector<TypeId>& types,
                                         std::uint64_t limit = 0, Interrupt cancel = {});

// Every path from `from` of min_hops..max_hops edges (max_hops < 0: no upper bound) in which no
// edge appears twice (openCypher's relationship uniqueness; nodes may repeat), depth first in
// adjacency order, shorter prefixes before their extensions. min_hops == 0 yields the path of
// the single node `from` first. The path passed to visit is valid only during the call; visit
// returns false to stop. Returns false when stopped by visit. Memory: the current path and,
// per depth, the steps of one node.
bool expand_paths(const GraphReader& reader, NodeId from, Direction dir,
                  const std::vector<TypeId>& types, std::int64_t min_hops, std::int64_t max_hops,
                  const std::function<bool(const PathResult&)>& visit, Interrupt cancel = {});

// openCypher's shortestPath (all == false: at most one path) and allShortestPaths (all ==
// true: every path of the least length, in a deterministic order; limit > 0 caps the count).
// A path has at least max(min_hops, 0) and at most max_hops edges (max_hops < 0: no bound).
// from == to with min_hops <= 0 gives the one-node path; with min_hops == 1, the shortest
// cycles through the node (one BFS per edge of the node). Otherwise plain BFS answers when the
// shortest distance is at least min_hops (a bidirectional BFS when all == false); when it is
// not, the answer is the shortest trails (no repeated edge) of length >= min_hops, found by
// iterative deepening: exponential in the worst case, so cancel or bound it (openCypher
// implementations only accept min_hops 0 or 1). Missing nodes give no paths.
[[nodiscard]] std::vector<PathResult> shortest_paths(const GraphReader& reader, NodeId from,
                                                     NodeId to, Direction dir,
                                                     const std::vector<TypeId>& types,
                                                     std::int64_t min_hops, std::int64_t max_hops,
                                                     bool all, Interrupt cancel = {},
                                                     std::uint64_t limit = 0);

// The weight of a stored edge: its numeric property `property` (int or float), or
// default_weight when the edge lacks it. Throws Error{Type} for a non-numeric value and for a
// negative or NaN weight; Error{Corrupt} for a missing edge record.
[[nodiscard]] double edge_weight(const GraphReader& reader, EdgeId edge, PropertyId property,
                                 double default_weight = 1.0);

// Dijkstra from `from` to `to`, edge weights as edge_weight() defines them; nullopt when `to`
// is unreachable. Ties are broken by discovery order.
[[nodiscard]] std::optional<WeightedPath> weighted_shortest_path(
    const GraphReader& reader, NodeId from, NodeId to, Direction dir,
    const std::vector<TypeId>& types, PropertyId weight_property, double default_weight = 1.0,
    Interrupt cancel = {});

}  // namespace caspian::graph
