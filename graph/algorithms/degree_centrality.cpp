// Degree centrality: the weight of each vertex's out-edges in the (oriented) snapshot.
#include "graph/algorithms/degree_centrality.hpp"

#include "graph/snapshot.hpp"

namespace caspian::graph {

std::vector<NodeScore> degree_centrality(const Snapshot& s, bool normalised, Interrupt cancel) {
    const auto& g = s.csr();
    const std::size_t n = s.vertex_count();
    std::vector<NodeScore> out(n);
    const double scale = normalised && n > 1 ? 1.0 / double(n - 1) : 1.0;
    for (std::size_t u = 0; u < n; ++u) {
        if (u % 4096 == 0) check_cancel(cancel);
        double sum = 0;
        for (auto [it, end] = out_edges(Snapshot::Vertex(u), g); it != end; ++it) {
            sum += g[*it].weight;
        }
        out[u] = {s.id(Snapshot::Vertex(u)), sum * scale};
    }
    return out;
}

std::vector<NodeScore> degree_centrality(const GraphReader& reader, const Projection& projection,
                                         bool normalised, Interrupt cancel) {
    return degree_centrality(Snapshot::build(reader, projection, cancel), normalised, cancel);
}

}  // namespace caspian::graph
