// A random graph written to LMDB through GraphWriter and kept beside it as a plain model (node
// ids, labels, edges with their weights), so graph tests can check the stored graph, its views
// and its algorithms against brute force on the model. Same seed, same graph.
#pragma once

#include "graph/graph_store.hpp"
#include "storage/env.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace caspian::testing {

struct ModelEdge {
    EdgeId id;
    NodeId src, dst;
    graph::TypeId type;
    double weight;  // the stored `w` property, or the weight the test assumes when it is absent
};

struct GraphModel {
    std::vector<NodeId> nodes;                  // ascending
    std::map<NodeId, graph::LabelId> label_of;  // empty for an unlabelled graph
    std::vector<ModelEdge> edges;
    std::vector<graph::TypeId> types;  // the ids of T0, T1, ...
    graph::LabelId la, lb;             // the ids of the labels A and B
    graph::PropertyId weight;          // the id of the property `w`
};

// The edge weight stored as `w` (an absent value: no `w`, the model keeps `assumed`).
struct EdgeWeight {
    std::optional<Value> stored;
    double assumed = 0;
};

struct RandomGraphShape {
    RandomGraphShape(int node_count, int edge_count) : nodes(node_count), edges(edge_count) {}
    int nodes;
    int edges;
    int types = 2;
    bool labels = true;  // each node A (2 in 3) or B
    int deleted = 0;     // nodes deleted again (with their edges) before any edge: sparse ids
    // Draws an edge's weight; by default an integer 1..9 stored as an integer.
    std::function<EdgeWeight(std::mt19937&)> weight = [](std::mt19937& rng) {
        const std::int64_t w = 1 + rng() % 9;
        return EdgeWeight{Value(w), double(w)};
    };
};

inline GraphModel load_random_graph(storage::Env& env, std::uint32_t seed,
                                    const RandomGraphShape& shape) {
    std::mt19937 rng(seed);
    GraphModel model;
    storage::WriteTxn txn(env);
    graph::GraphWriter g(txn);
    for (int t = 0; t < shape.types; ++t)
        model.types.push_back(g.intern<graph::NameKind::Type>("T" + std::to_string(t)));
    if (shape.labels) {
        model.la = g.intern<graph::NameKind::Label>("A");
        model.lb = g.intern<graph::NameKind::Label>("B");
    }
    model.weight = g.intern<graph::NameKind::Property>("w");
    for (int i = 0; i < shape.nodes; ++i) {
        if (!shape.labels) {
            model.nodes.push_back(g.create_node({}, {}));
            continue;
        }
        const auto label = rng() % 3 == 0 ? model.lb : model.la;
        const auto id = g.create_node({label}, {});
        model.nodes.push_back(id);
        model.label_of[id] = label;
    }
    for (int i = 0; i < shape.deleted; ++i) {
        const auto victim = model.nodes[rng() % model.nodes.size()];
        g.delete_node(victim, true);
        model.nodes.erase(std::find(model.nodes.begin(), model.nodes.end(), victim));
    }
    for (int i = 0; i < shape.edges; ++i) {
        const auto s = model.nodes[rng() % model.nodes.size()];
        const auto d = model.nodes[rng() % model.nodes.size()];
        const auto t = model.types[rng() % model.types.size()];
        const EdgeWeight w = shape.weight(rng);
        graph::PropertyValues props;
        if (w.stored) props.emplace_back(model.weight, *w.stored);
        model.edges.push_back({g.create_edge(s, t, d, props), s, d, t, w.assumed});
    }
    txn.commit();
    return model;
}

}  // namespace caspian::testing
