// Tests of graph/snapshot.cpp: the CSR holds exactly the projected edges (labels, types,
// direction, weights) with the rank <-> id mapping, and reaches what the stored view reaches
// (random graphs, fixed seeds). Links only caspian_graph.
#include "graph/snapshot.hpp"
#include "graph/stored_graph.hpp"
#include "support/temp_dir.hpp"

#include <caspian/error.hpp>

#include <gtest/gtest.h>

#include <boost/graph/breadth_first_search.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <tuple>

namespace caspian::graph {
namespace {

using caspian::testing::TempDir;

struct ModelEdge {
    std::uint64_t id, src, dst;
    std::uint32_t type;
    double weight;
};

struct Model {
    std::vector<std::uint64_t> nodes;
    std::map<std::uint64_t, std::uint32_t> label_of;
    std::vector<ModelEdge> edges;
    std::uint32_t t0 = 0, t1 = 0, la = 0, lb = 0, weight = 0;
};

Model load_random_graph(storage::Env& env, std::uint32_t seed, int n, int m) {
    std::mt19937 rng(seed);
    Model model;
    storage::WriteTxn txn(env);
    GraphWriter g(txn);
    model.t0 = g.intern(NameKind::Type, "T0");
    model.t1 = g.intern(NameKind::Type, "T1");
    model.la = g.intern(NameKind::Label, "A");
    model.lb = g.intern(NameKind::Label, "B");
    model.weight = g.intern(NameKind::Property, "w");
    for (int i = 0; i < n; ++i) {
        const auto label = rng() % 3 == 0 ? model.lb : model.la;
        const auto id = g.create_node({label}, {});
        model.nodes.push_back(id);
        model.label_of[id] = label;
    }
    // Deleting a few nodes makes ids sparse.
    for (int i = 0; i < n / 10; ++i) {
        const auto victim = model.nodes[rng() % model.nodes.size()];
        g.delete_node(victim, true);
        model.nodes.erase(std::find(model.nodes.begin(), model.nodes.end(), victim));
    }
    for (int i = 0; i < m; ++i) {
        const auto s = model.nodes[rng() % model.nodes.size()];
        const auto d = model.nodes[rng() % model.nodes.size()];
        const auto t = rng() % 2 ? model.t0 : model.t1;
        const bool weighted = rng() % 5 != 0;  // some edges lack the weight: default applies
        const double w = weighted ? double(rng() % 7) : 2.5;
        PropertyIds props;
        if (weighted) props.emplace_back(model.weight, Value(w));
        model.edges.push_back({g.create_edge(s, t, d, props), s, d, t, w});
    }
    txn.commit();
    return model;
}

using Arc = std::tuple<std::uint64_t, std::uint64_t, std::uint64_t, double>;  // from, to, id, w

std::multiset<Arc> expected_arcs(const Model& m, const Projection& p) {
    auto node_ok = [&](std::uint64_t v) {
        return p.labels.empty() || std::count(p.labels.begin(), p.labels.end(), m.label_of.at(v));
    };
    std::multiset<Arc> out;
    for (const auto& e : m.edges) {
        if (!p.types.empty() && !std::count(p.types.begin(), p.types.end(), e.type)) continue;
        if (!node_ok(e.src) || !node_ok(e.dst)) continue;
        const double w = p.weight ? e.weight : 1.0;
        if (p.direction != Direction::In) out.emplace(e.src, e.dst, e.id, w);
        if (p.direction == Direction::In) out.emplace(e.dst, e.src, e.id, w);
        if (p.direction == Direction::Both && e.src != e.dst) out.emplace(e.dst, e.src, e.id, w);
    }
    return out;
}

class SnapshotProjection : public ::testing::TestWithParam<std::uint32_t> {
protected:
    TempDir dir_;
    std::shared_ptr<storage::Env> env_ = storage::Env::open(dir_.sub("db"), {});
};

TEST_P(SnapshotProjection, HoldsExactlyTheProjectedEdges) {
    const Model m = load_random_graph(*env_, GetParam(), 50, 150);
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    const Projection projections[] = {
        {},
        {{m.la}, {}, Direction::Out, {}, 1.0},
        {{}, {m.t1}, Direction::In, m.weight, 2.5},
        {{m.lb, m.la}, {m.t0}, Direction::Both, m.weight, 2.5},
        {{m.lb}, {m.t0, m.t1}, Direction::Both, {}, 1.0},
    };
    for (std::size_t i = 0; i < std::size(projections); ++i) {
        SCOPED_TRACE("seed " + std::to_string(GetParam()) + " projection " + std::to_string(i));
        const Projection& p = projections[i];
        const Snapshot s = Snapshot::build(r, p);
        std::vector<std::uint64_t> ids;
        for (auto v : m.nodes) {
            if (p.labels.empty() || std::count(p.labels.begin(), p.labels.end(), m.label_of.at(v)))
                ids.push_back(v);
        }
        EXPECT_EQ(s.ids(), ids);
        for (Snapshot::Vertex v = 0; v < s.vertex_count(); ++v)
            EXPECT_EQ(s.rank(s.id(v)), v);
        EXPECT_FALSE(s.rank(999999).has_value());
        std::multiset<Arc> got;
        const auto& g = s.csr();
        for (auto [it, end] = boost::edges(g); it != end; ++it) {
            got.emplace(s.id(source(*it, g)), s.id(target(*it, g)), g[*it].id, g[*it].weight);
        }
        EXPECT_EQ(got, expected_arcs(m, p));
        EXPECT_EQ(s.edge_count(), got.size());
    }
}

TEST_P(SnapshotProjection, ReachesWhatTheViewReaches) {
    const Model m = load_random_graph(*env_, GetParam(), 40, 60);
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    const Snapshot s = Snapshot::build(r, {{}, {m.t0}, Direction::Out, {}, 1.0});
    const StoredGraph view(txn, {{m.t0}, {}});
    for (std::size_t i = 0; i < m.nodes.size(); i += 7) {
        const auto from = m.nodes[i];
        std::vector<boost::default_color_type> colors(s.vertex_count());
        boost::breadth_first_search(s.csr(), *s.rank(from),
                                    boost::color_map(boost::make_iterator_property_map(
                                        colors.begin(), get(boost::vertex_index, s.csr()))));
        std::set<std::uint64_t> by_snapshot, by_view;
        for (Snapshot::Vertex v = 0; v < s.vertex_count(); ++v) {
            if (colors[v] != boost::white_color) by_snapshot.insert(s.id(v));
        }
        std::unordered_map<NodeId, boost::default_color_type> vcolors;
        boost::breadth_first_search(view, NodeId{from},
                                    boost::color_map(boost::make_assoc_property_map(vcolors)));
        for (const auto& [v, c] : vcolors) {
            if (c != boost::white_color) by_view.insert(v.value);
        }
        EXPECT_EQ(by_snapshot, by_view) << "seed " << GetParam() << " from " << from;
    }
}

INSTANTIATE_TEST_SUITE_P(Seeds, SnapshotProjection, ::testing::Range<std::uint32_t>(1, 21));

TEST(Snapshot, EmptyGraphAndCancel) {
    TempDir dir;
    auto env = storage::Env::open(dir.sub("db"), {});
    {
        storage::ReadTxn txn(*env);
        GraphReader r(txn);
        const Snapshot s = Snapshot::build(r);
        EXPECT_EQ(s.vertex_count(), 0u);
        EXPECT_EQ(s.edge_count(), 0u);
    }
    load_random_graph(*env, 1, 10, 10);
    storage::ReadTxn txn(*env);
    GraphReader r(txn);
    std::atomic<bool> cancel{true};
    try {
        (void)Snapshot::build(r, {}, &cancel);
        ADD_FAILURE() << "not cancelled";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Usage);
    }
}

}  // namespace
}  // namespace caspian::graph
