// PageRank by power iteration over the CSR snapshot; see pagerank.hpp for the formula.
#include "graph/algorithms/pagerank.hpp"

#include "graph/snapshot.hpp"

#include <caspian/error.hpp>

#include <cmath>

namespace caspian::graph {

std::vector<NodeScore> pagerank(const Snapshot& s, const PageRankOptions& options,
                                Interrupt cancel) {
    const double d = options.damping;
    if (!(d >= 0 && d <= 1)) throw Error(ErrorKind::Usage, "damping must lie in [0, 1]");
    const auto& g = s.csr();
    const std::size_t n = s.vertex_count();
    if (n == 0) return {};
    std::vector<double> out_weight(n, 0.0), rank(n, 1.0 / double(n)), next(n);
    for (std::size_t u = 0; u < n; ++u) {
        for (auto [it, end] = out_edges(Snapshot::Vertex(u), g); it != end; ++it) {
            out_weight[u] += g[*it].weight;
        }
    }
    InterruptPoll poll(cancel, 4096);  // one iteration walks every edge
    for (std::uint32_t iter = 0; iter < options.iterations; ++iter) {
        check_cancel(cancel);
        double dangling = 0;
        for (std::size_t u = 0; u < n; ++u) {
            if (out_weight[u] == 0) dangling += rank[u];
        }
        const double base = (1 - d) / double(n) + d * dangling / double(n);
        std::fill(next.begin(), next.end(), base);
        for (std::size_t u = 0; u < n; ++u) {
            poll.tick();
            if (out_weight[u] == 0) continue;
            const double share = d * rank[u] / out_weight[u];
            for (auto [it, end] = out_edges(Snapshot::Vertex(u), g); it != end; ++it) {
                next[target(*it, g)] += share * g[*it].weight;
            }
        }
        double change = 0;
        for (std::size_t u = 0; u < n; ++u)
            change += std::abs(next[u] - rank[u]);
        rank.swap(next);
        if (options.tolerance > 0 && change < options.tolerance) break;
    }
    std::vector<NodeScore> out(n);
    for (std::size_t u = 0; u < n; ++u)
        out[u] = {s.id(Snapshot::Vertex(u)), rank[u]};
    return out;
}

std::vector<NodeScore> pagerank(const GraphReader& reader, const Projection& projection,
                                const PageRankOptions& options, Interrupt cancel) {
    return pagerank(Snapshot::build(reader, projection, cancel), options, cancel);
}

}  // namespace caspian::graph
