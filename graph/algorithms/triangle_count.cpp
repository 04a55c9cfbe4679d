// Triangles by sorted neighbour-set intersection, each triangle found once from its least vertex.
#include "graph/algorithms/triangle_count.hpp"

#include "graph/snapshot.hpp"

#include <algorithm>

namespace caspian::graph {

std::vector<NodeTriangles> triangle_count(const Snapshot& s, Interrupt cancel) {
    const auto& g = s.csr();
    const std::size_t n = s.vertex_count();
    using V = Snapshot::Vertex;
    std::vector<std::vector<V>> nbrs(n);
    for (std::size_t u = 0; u < n; ++u) {
        if (u % 4096 == 0) check_cancel(cancel);
        for (auto [it, end] = out_edges(V(u), g); it != end; ++it) {
            const auto v = target(*it, g);
            if (v == u) continue;
            nbrs[u].push_back(v);
            nbrs[v].push_back(V(u));
        }
    }
    for (auto& list : nbrs) {
        std::sort(list.begin(), list.end());
        list.erase(std::unique(list.begin(), list.end()), list.end());
    }
    std::vector<std::uint64_t> tri(n, 0);
    // Per edge, not per node: one hub's neighbour pairs alone can take minutes.
    InterruptPoll poll(cancel, 64);
    for (std::size_t u = 0; u < n; ++u) {
        const auto& nu = nbrs[u];
        for (auto vi = std::upper_bound(nu.begin(), nu.end(), V(u)); vi != nu.end(); ++vi) {
            poll.tick();
            const auto& nv = nbrs[*vi];
            // Common neighbours w > v: each triangle u < v < w once.
            auto a = std::upper_bound(vi, nu.end(), *vi);
            auto b = std::upper_bound(nv.begin(), nv.end(), *vi);
            while (a != nu.end() && b != nv.end()) {
                if (*a < *b) {
                    ++a;
                } else if (*b < *a) {
                    ++b;
                } else {
                    ++tri[u], ++tri[*vi], ++tri[*a];
                    ++a, ++b;
                }
            }
        }
    }
    std::vector<NodeTriangles> out(n);
    for (std::size_t u = 0; u < n; ++u) {
        const double k = double(nbrs[u].size());
        out[u] = {s.id(V(u)), tri[u], k < 2 ? 0.0 : 2.0 * double(tri[u]) / (k * (k - 1))};
    }
    return out;
}

std::vector<NodeTriangles> triangle_count(const GraphReader& reader, const Projection& projection,
                                          Interrupt cancel) {
    return triangle_count(Snapshot::build(reader, projection, cancel), cancel);
}

}  // namespace caspian::graph
