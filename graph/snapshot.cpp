// Snapshot::build: node ids in order, then each node's projected adjacency, into a CSR graph.
#include "graph/snapshot.hpp"

#include <caspian/error.hpp>

#include <algorithm>
#include <limits>

namespace caspian::graph {

std::optional<Snapshot::Vertex> Snapshot::rank(NodeId id) const {
    const auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
    if (it == ids_.end() || *it != id) return std::nullopt;
    return Vertex(it - ids_.begin());
}

Snapshot Snapshot::build(const GraphReader& reader, const Projection& projection,
                         Interrupt cancel) {
    Snapshot s;
    s.direction_ = projection.direction;
    if (projection.labels.empty()) {
        s.ids_.reserve(reader.node_count());
        reader.scan_nodes([&](NodeId id) {
            s.ids_.push_back(id);
            return true;
        });
    } else {
        for (LabelId label : projection.labels) {
            reader.scan_label(label, [&](NodeId id) {
                s.ids_.push_back(id);
                return true;
            });
        }
        std::sort(s.ids_.begin(), s.ids_.end());
        s.ids_.erase(std::unique(s.ids_.begin(), s.ids_.end()), s.ids_.end());
    }
    if (s.ids_.size() > std::numeric_limits<Vertex>::max()) {
        throw Error(ErrorKind::Usage, "a snapshot holds at most 2^32 - 1 nodes");
    }
    std::vector<std::pair<Vertex, Vertex>> edges;
    std::vector<SnapshotEdge> props;
    const bool all_nodes = projection.labels.empty();
    for (Vertex u = 0; u < s.ids_.size(); ++u) {
        if (u % 1024 == 0) check_cancel(cancel);
        for_each_step(reader, s.ids_[u], projection.direction, projection.types,
                      [&](const EdgeRef& e, NodeId neighbour) {
                          std::optional<Vertex> v;
                          if (all_nodes) {
                              v = Vertex(std::lower_bound(s.ids_.begin(), s.ids_.end(), neighbour) -
                                         s.ids_.begin());
                          } else {
                              v = s.rank(neighbour);
                              if (!v) return true;
                          }
                          edges.emplace_back(u, *v);
                          props.push_back({e.id, projection.weight
                                                     ? edge_weight(reader, e.id, *projection.weight,
                                                                   projection.default_weight)
                                                     : 1.0});
                          return true;
                      });
    }
    s.csr_ = Csr(boost::edges_are_sorted, edges.begin(), edges.end(), props.begin(),
                 Vertex(s.ids_.size()));
    return s;
}

}  // namespace caspian::graph
