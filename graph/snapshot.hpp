// Snapshot: an in-memory boost::compressed_sparse_row_graph of a projection of the stored graph,
// built in one ordered scan, for whole-graph algorithms. A node's vertex is its rank in id order.
// Includes Boost.Graph: keep it out of headers the query layer includes.
#pragma once

#include "graph/algorithms/projection.hpp"
#include "graph/graph_store.hpp"
#include "graph/interrupt.hpp"

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace caspian::graph {

struct SnapshotEdge {
    EdgeId id;  // the stored edge
    double weight = 1.0;
};

class Snapshot {
public:
    using Vertex = std::uint32_t;
    using Csr =
        boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, SnapshotEdge,
                                           boost::no_property, Vertex, std::uint64_t>;

    // Reads the projection through `reader` in one pass over the nodes in id order (each node's
    // adjacency in turn), so edges arrive sorted by source and the CSR is built without sorting.
    // Memory: the CSR (about 8 bytes per vertex and 28 per edge) plus, while building, the edge
    // list. Throws as edge_weight() does for a bad weight, Error{Usage} on cancel, and
    // Error{Usage} beyond 2^32 - 1 nodes. The snapshot owns its data: it outlives the transaction.
    static Snapshot build(const GraphReader& reader, const Projection& projection = {},
                          Interrupt cancel = {});

    const Csr& csr() const noexcept { return csr_; }
    Vertex vertex_count() const noexcept { return Vertex(ids_.size()); }
    std::uint64_t edge_count() const { return num_edges(csr_); }
    // rank -> node id, ascending.
    const std::vector<NodeId>& ids() const noexcept { return ids_; }
    NodeId id(Vertex v) const { return ids_[v]; }
    std::optional<Vertex> rank(NodeId id) const;
    Direction direction() const noexcept { return direction_; }

private:
    Csr csr_;
    std::vector<NodeId> ids_;
    Direction direction_ = Direction::Out;
};

}  // namespace caspian::graph
