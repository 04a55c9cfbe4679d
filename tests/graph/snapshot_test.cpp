// Tests of graph/snapshot.cpp: the CSR holds exactly the projected edges (labels, types,
// direction, weights) with the rank <-> id mapping, and reaches what the stored view reaches
// (random graphs, fixed seeds). Links only caspian_graph.
#include "graph/snapshot.hpp"
#include "graph/stored_graph.hpp"
#include "support/random_graph.hpp"
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

using caspian::testing::GraphModel;
using caspian::testing::ModelEdge;
using caspian::testing::TempDir;

// Labelled, a tenth of the nodes deleted (sparse ids); one edge in five has no weight, so the
// projection's default weight (2.5 in the tests that read weights) applies to it.
GraphModel load_random_graph(storage::Env& env, std::uint32_t seed, int n, int m) {
    caspian::testing::RandomGraphShape shape(n, m);
    shape.deleted = n / 10;
    shape.weight = [](std::mt19937& rng) {
        if (rng() % 5 == 0) return caspian::testing::EdgeWeight{std::nullopt, 2.5};
        const double w = double(rng() % 7);
        return caspian::testing::EdgeWeight{Value(w), w};
    };
    return caspian::testing::load_random_graph(env, seed, shape);
}

using Arc = std::tuple<NodeId, NodeId, EdgeId, double>;  // from, to, id, w

std::multiset<Arc> expected_arcs(const GraphModel& m, const Projection& p) {
    auto node_ok = [&](NodeId v) {
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
    const GraphModel m = load_random_graph(*env_, GetParam(), 50, 150);
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    const Projection projections[] = {
        {},
        {{m.la}, {}, Direction::Out, {}, 1.0},
        {{}, {m.types[1]}, Direction::In, m.weight, 2.5},
        {{m.lb, m.la}, {m.types[0]}, Direction::Both, m.weight, 2.5},
        {{m.lb}, {m.types[0], m.types[1]}, Direction::Both, {}, 1.0},
    };
    for (std::size_t i = 0; i < std::size(projections); ++i) {
        SCOPED_TRACE("seed " + std::to_string(GetParam()) + " projection " + std::to_string(i));
        const Projection& p = projections[i];
        const Snapshot s = Snapshot::build(r, p);
        std::vector<NodeId> ids;
        for (auto v : m.nodes) {
            if (p.labels.empty() || std::count(p.labels.begin(), p.labels.end(), m.label_of.at(v)))
                ids.push_back(v);
        }
        EXPECT_EQ(s.ids(), ids);
        for (Snapshot::Vertex v = 0; v < s.vertex_count(); ++v)
            EXPECT_EQ(s.rank(s.id(v)), v);
        EXPECT_FALSE(s.rank(NodeId(999999)).has_value());
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
    const GraphModel m = load_random_graph(*env_, GetParam(), 40, 60);
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    const Snapshot s = Snapshot::build(r, {{}, {m.types[0]}, Direction::Out, {}, 1.0});
    const StoredGraph view(txn, {{m.types[0]}, {}});
    for (std::size_t i = 0; i < m.nodes.size(); i += 7) {
        const auto from = m.nodes[i];
        std::vector<boost::default_color_type> colors(s.vertex_count());
        boost::breadth_first_search(s.csr(), *s.rank(from),
                                    boost::color_map(boost::make_iterator_property_map(
                                        colors.begin(), get(boost::vertex_index, s.csr()))));
        std::set<NodeId> by_snapshot, by_view;
        for (Snapshot::Vertex v = 0; v < s.vertex_count(); ++v) {
            if (colors[v] != boost::white_color) by_snapshot.insert(s.id(v));
        }
        std::unordered_map<NodeId, boost::default_color_type> vcolors;
        boost::breadth_first_search(view, NodeId{from},
                                    boost::color_map(boost::make_assoc_property_map(vcolors)));
        for (const auto& [v, c] : vcolors) {
            if (c != boost::white_color) by_view.insert(v);
        }
        EXPECT_EQ(by_snapshot, by_view) << "seed " << GetParam() << " from " << from.value;
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
