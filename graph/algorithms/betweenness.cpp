// Brandes' betweenness: one BFS per source, dependencies accumulated in reverse BFS order.
#include "graph/algorithms/betweenness.hpp"

#include "graph/snapshot.hpp"

namespace caspian::graph {

std::vector<NodeScore> betweenness_centrality(const Snapshot& s, Interrupt cancel) {
    const auto& g = s.csr();
    const std::size_t n = s.vertex_count();
    std::vector<double> score(n, 0.0), sigma(n), delta(n);
    std::vector<std::int64_t> dist(n);
    std::vector<Snapshot::Vertex> order;  // vertices in BFS order
    order.reserve(n);
    InterruptPoll poll(cancel, 4096);  // one source's BFS alone walks the whole graph
    for (std::size_t src = 0; src < n; ++src) {
        check_cancel(cancel);
        std::fill(sigma.begin(), sigma.end(), 0.0);
        std::fill(delta.begin(), delta.end(), 0.0);
        std::fill(dist.begin(), dist.end(), -1);
        order.clear();
        sigma[src] = 1;
        dist[src] = 0;
        order.push_back(Snapshot::Vertex(src));
        for (std::size_t head = 0; head < order.size(); ++head) {
            const auto u = order[head];
            poll.tick();
            for (auto [it, end] = out_edges(u, g); it != end; ++it) {
                const auto v = target(*it, g);
                if (dist[v] < 0) {
                    dist[v] = dist[u] + 1;
                    order.push_back(v);
                }
                if (dist[v] == dist[u] + 1) sigma[v] += sigma[u];
            }
        }
        // The successors of u on shortest paths are the w with an edge u->w one level down;
        // walking them again (instead of storing predecessor lists) keeps memory O(N).
        for (std::size_t i = order.size(); i-- > 0;) {
            const auto u = order[i];
            for (auto [it, end] = out_edges(u, g); it != end; ++it) {
                const auto w = target(*it, g);
                if (dist[w] == dist[u] + 1) delta[u] += sigma[u] / sigma[w] * (1 + delta[w]);
            }
            if (u != src) score[u] += delta[u];
        }
    }
    const double scale = s.direction() == Direction::Both ? 0.5 : 1.0;
    std::vector<NodeScore> out(n);
    for (std::size_t v = 0; v < n; ++v)
        out[v] = {s.id(Snapshot::Vertex(v)), score[v] * scale};
    return out;
}

std::vector<NodeScore> betweenness_centrality(const GraphReader& reader,
                                              const Projection& projection, Interrupt cancel) {
    return betweenness_centrality(Snapshot::build(reader, projection, cancel), cancel);
}

}  // namespace caspian::graph
