// Components: union-find for weak ones, boost::strong_components on the CSR for strong ones;
// both labelled by the least node id of the component.
#include "graph/algorithms/connected_components.hpp"

#include "graph/snapshot.hpp"

#include <boost/graph/strong_components.hpp>

#include <numeric>

namespace caspian::graph {

namespace {

// Labels component numbers (any dense numbering) by the least node id in each component.
std::vector<NodeComponent> label_by_least_id(const Snapshot& s,
                                             const std::vector<std::uint32_t>& comp) {
    std::vector<NodeId> least(s.vertex_count(), NodeId{UINT64_MAX});
    for (std::size_t v = 0; v < comp.size(); ++v) {
        least[comp[v]] = std::min(least[comp[v]], s.id(Snapshot::Vertex(v)));
    }
    std::vector<NodeComponent> out(comp.size());
    for (std::size_t v = 0; v < comp.size(); ++v) {
        out[v] = {s.id(Snapshot::Vertex(v)), least[comp[v]]};
    }
    return out;
}

}  // namespace

std::vector<NodeComponent> weakly_connected_components(const Snapshot& s, Interrupt cancel) {
    const std::size_t n = s.vertex_count();
    std::vector<std::uint32_t> parent(n);
    std::iota(parent.begin(), parent.end(), 0u);
    auto find = [&](std::uint32_t v) {
        while (parent[v] != v)
            v = parent[v] = parent[parent[v]];  // path halving
        return v;
    };
    const auto& g = s.csr();
    for (std::size_t u = 0; u < n; ++u) {
        if (u % 4096 == 0) check_cancel(cancel);
        for (auto [it, end] = out_edges(Snapshot::Vertex(u), g); it != end; ++it) {
            const auto a = find(std::uint32_t(u)), b = find(target(*it, g));
            if (a != b) parent[std::max(a, b)] = std::min(a, b);
        }
    }
    std::vector<std::uint32_t> comp(n);
    for (std::size_t v = 0; v < n; ++v)
        comp[v] = find(std::uint32_t(v));
    return label_by_least_id(s, comp);
}

std::vector<NodeComponent> weakly_connected_components(const GraphReader& reader,
                                                       const Projection& projection,
                                                       Interrupt cancel) {
    return weakly_connected_components(Snapshot::build(reader, projection, cancel), cancel);
}

std::vector<NodeComponent> strongly_connected_components(const Snapshot& s, Interrupt cancel) {
    check_cancel(cancel);
    std::vector<std::uint32_t> comp(s.vertex_count());
    if (!comp.empty()) {
        boost::strong_components(s.csr(), boost::make_iterator_property_map(
                                              comp.begin(), get(boost::vertex_index, s.csr())));
    }
    check_cancel(cancel);
    return label_by_least_id(s, comp);
}

std::vector<NodeComponent> strongly_connected_components(const GraphReader& reader,
                                                         const Projection& projection,
                                                         Interrupt cancel) {
    return strongly_connected_components(Snapshot::build(reader, projection, cancel), cancel);
}

}  // namespace caspian::graph
