// Single-source distances: Boost's breadth_first_visit on the stored view (no copy of the graph,
// only the colour and distance maps of the visited nodes), and a lazy-deletion Dijkstra.
#include "graph/algorithms/single_source.hpp"

#include "graph/stored_graph.hpp"

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/reverse_graph.hpp>

#include <algorithm>
#include <queue>
#include <unordered_map>

namespace caspian::graph {

namespace {

struct DepthReached {};  // thrown to end the search once a vertex at max_depth is examined

template <typename G>
class DepthVisitor : public boost::default_bfs_visitor {
public:
    DepthVisitor(std::unordered_map<NodeId, std::uint64_t>& depth, std::uint64_t max_depth,
                 Interrupt cancel)
        : depth_(&depth), max_depth_(max_depth), cancel_(cancel), poll_(cancel, 1024) {}
    template <typename Edge>
    void tree_edge(const Edge& e, const G& g) const {
        (*depth_)[target(e, g)] = depth_->at(source(e, g)) + 1;
    }
    template <typename Edge>
    void examine_edge(const Edge&, const G&) const {
        poll_.tick();  // a hub's edges are many
    }
    void examine_vertex(NodeId u, const G&) const {
        check_cancel(cancel_);
        // BFS examines vertices by non-decreasing depth: every vertex within max_depth has
        // been discovered once the first one at max_depth is examined.
        if (max_depth_ > 0 && depth_->at(u) >= max_depth_) throw DepthReached{};
    }

private:
    std::unordered_map<NodeId, std::uint64_t>* depth_;
    std::uint64_t max_depth_;
    Interrupt cancel_;
    mutable InterruptPoll poll_;
};

template <typename G>
void run_bfs(const G& g, NodeId s, std::unordered_map<NodeId, std::uint64_t>& depth,
             std::uint64_t max_depth, Interrupt cancel) {
    // Colours of unseen vertices read as white (the map's default value), so nothing is
    // initialised up front: memory stays proportional to the visited set.
    std::unordered_map<NodeId, boost::default_color_type> colors;
    boost::queue<NodeId> queue;
    depth[s] = 0;
    try {
        boost::breadth_first_visit(g, s, queue, DepthVisitor<G>(depth, max_depth, cancel),
                                   boost::make_assoc_property_map(colors));
    } catch (const DepthReached&) {
    }
}

}  // namespace

std::vector<Reached> bfs_distances(const GraphReader& reader, NodeId source, Direction dir,
                                   const std::vector<TypeId>& types, std::uint64_t max_depth,
                                   Interrupt cancel) {
    if (!reader.has_node(source)) return {};
    std::unordered_map<NodeId, std::uint64_t> depth;
    const GraphFilter filter{types, {}};
    if (dir == Direction::Both) {
        run_bfs(UndirectedStoredGraph(reader.txn(), filter), source, depth, max_depth, cancel);
    } else {
        const StoredGraph view(reader.txn(), filter);
        if (dir == Direction::Out) {
            run_bfs(view, source, depth, max_depth, cancel);
        } else {
            run_bfs(boost::make_reverse_graph(view), source, depth, max_depth, cancel);
        }
    }
    std::vector<Reached> out;
    out.reserve(depth.size());
    for (const auto& [v, d] : depth) {
        if (max_depth == 0 || d <= max_depth) out.push_back({v, d});
    }
    std::sort(out.begin(), out.end(),
              [](const Reached& a, const Reached& b) { return a.node < b.node; });
    return out;
}

std::vector<NodeScore> dijkstra_distances(const GraphReader& reader, NodeId source, Direction dir,
                                          const std::vector<TypeId>& types,
                                          PropertyId weight_property, double default_weight,
                                          Interrupt cancel) {
    if (!reader.has_node(source)) return {};
    std::unordered_map<NodeId, double> best{{source, 0.0}};
    std::unordered_map<NodeId, double> settled;
    using Item = std::pair<double, NodeId>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> queue;
    queue.push({0.0, source});
    InterruptPoll poll(cancel, 1024);  // per edge: a hub's edges are many
    while (!queue.empty()) {
        // Plain variables: clang before 16 cannot capture structured bindings in the lambda.
        const double cost = queue.top().first;
        const NodeId u = queue.top().second;
        queue.pop();
        if (settled.contains(u) || cost > best.at(u)) continue;  // a stale entry
        settled.emplace(u, cost);
        best.erase(u);
        for_each_step(reader, u, dir, types, [&](const EdgeRef& e, NodeId v) {
            poll.tick();
            if (settled.contains(v)) return true;
            const double c = cost + edge_weight(reader, e.id, weight_property, default_weight);
            auto [it, fresh] = best.try_emplace(v, c);
            if (!fresh && c >= it->second) return true;
            it->second = c;
            queue.push({c, v});
            return true;
        });
    }
    std::vector<NodeScore> out;
    out.reserve(settled.size());
    for (const auto& [v, c] : settled)
        out.push_back({v, c});
    std::sort(out.begin(), out.end(),
              [](const NodeScore& a, const NodeScore& b) { return a.node < b.node; });
    return out;
}

}  // namespace caspian::graph
