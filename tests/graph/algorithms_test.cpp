// Tests of graph/algorithms/: every algorithm against an independent computation (hand values,
// dense power iteration, transitive closure, path enumeration, brute-force triangles,
// Bellman-Ford) on small random graphs with fixed seeds. Links only caspian_graph.
#include "graph/algorithms/betweenness.hpp"
#include "graph/algorithms/connected_components.hpp"
#include "graph/algorithms/degree_centrality.hpp"
#include "graph/algorithms/pagerank.hpp"
#include "graph/algorithms/single_source.hpp"
#include "graph/algorithms/triangle_count.hpp"
#include "support/temp_dir.hpp"

#include <caspian/error.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <random>
#include <set>

namespace caspian::graph {
namespace {

using caspian::testing::TempDir;

struct ModelEdge {
    NodeId src, dst;
    double weight;
};

struct Model {
    std::vector<NodeId> nodes;
    std::vector<ModelEdge> edges;
    TypeId type, other_type;
    PropertyId weight;
    std::size_t index(NodeId id) const {
        return std::size_t(std::lower_bound(nodes.begin(), nodes.end(), id) - nodes.begin());
    }
};

// n nodes, m edges of type T (self-loops and parallel edges included), plus some edges of type
// U that projections on T must ignore.
Model load_graph(storage::Env& env, std::uint32_t seed, int n, int m) {
    std::mt19937 rng(seed);
    Model model;
    storage::WriteTxn txn(env);
    GraphWriter g(txn);
    model.type = g.intern<NameKind::Type>("T");
    model.other_type = g.intern<NameKind::Type>("U");
    model.weight = g.intern<NameKind::Property>("w");
    for (int i = 0; i < n; ++i)
        model.nodes.push_back(g.create_node({}, {}));
    for (int i = 0; i < m; ++i) {
        const auto s = model.nodes[rng() % n], d = model.nodes[rng() % n];
        const double w = double(1 + rng() % 5);
        g.create_edge(s, model.type, d, {{model.weight, Value(w)}});
        model.edges.push_back({s, d, w});
        if (rng() % 4 == 0) {
            g.create_edge(model.nodes[rng() % n], model.other_type, model.nodes[rng() % n], {});
        }
    }
    txn.commit();
    return model;
}

Model load_edges(storage::Env& env, int n, const std::vector<std::pair<int, int>>& edges) {
    Model model;
    storage::WriteTxn txn(env);
    GraphWriter g(txn);
    model.type = g.intern<NameKind::Type>("T");
    for (int i = 0; i < n; ++i)
        model.nodes.push_back(g.create_node({}, {}));
    for (auto [a, b] : edges) {
        g.create_edge(model.nodes[a], model.type, model.nodes[b], {});
        model.edges.push_back({model.nodes[a], model.nodes[b], 1.0});
    }
    txn.commit();
    return model;
}

class Algorithms : public ::testing::TestWithParam<std::uint32_t> {
protected:
    TempDir dir_;
    std::shared_ptr<storage::Env> env_ = storage::Env::open(dir_.sub("db"), {});
};

class AlgorithmsFixed : public ::testing::Test {
protected:
    TempDir dir_;
    std::shared_ptr<storage::Env> env_ = storage::Env::open(dir_.sub("db"), {});
};

// --- PageRank --------------------------------------------------------------------------------

TEST_F(AlgorithmsFixed, PageRankOnACycleIsUniform) {
    const Model m = load_edges(*env_, 4, {{0, 1}, {1, 2}, {2, 3}, {3, 0}});
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    for (const auto& s : pagerank(r, {}))
        EXPECT_NEAR(s.score, 0.25, 1e-12);
}

TEST_F(AlgorithmsFixed, PageRankHandComputedWithADanglingNode) {
    // 0 -> 1, 1 dangling. At the fixed point (d = 0.85, N = 2):
    //   a = 0.075 + 0.425 b,  b = 1 - a  =>  a = 0.5 / 1.425.
    const Model m = load_edges(*env_, 2, {{0, 1}});
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    const auto scores = pagerank(r, {}, {.damping = 0.85, .iterations = 200});
    ASSERT_EQ(scores.size(), 2u);
    EXPECT_NEAR(scores[0].score, 0.5 / 1.425, 1e-12);
    EXPECT_NEAR(scores[1].score, 1 - 0.5 / 1.425, 1e-12);
    // One iteration from (1/2, 1/2): a = 0.075 + 0.85 * 0.25, b = a + 0.85 * 0.5.
    const auto one = pagerank(r, {}, {.damping = 0.85, .iterations = 1});
    EXPECT_NEAR(one[0].score, 0.075 + 0.2125, 1e-15);
    EXPECT_NEAR(one[1].score, 0.075 + 0.2125 + 0.425, 1e-15);
}

TEST_P(Algorithms, PageRankMatchesDensePowerIteration) {
    const Model m = load_graph(*env_, GetParam(), 12, 30);
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    for (bool weighted : {false, true}) {
        Projection p{{}, {m.type}, Direction::Out, {}, 1.0};
        if (weighted) p.weight = m.weight;
        const auto scores = pagerank(r, p, {.damping = 0.8, .iterations = 30});
        // M[v][u]: the share of u's rank that moves to v.
        const std::size_t n = m.nodes.size();
        std::vector<std::vector<double>> M(n, std::vector<double>(n, 0.0));
        std::vector<double> out(n, 0.0);
        for (const auto& e : m.edges)
            out[m.index(e.src)] += weighted ? e.weight : 1.0;
        for (const auto& e : m.edges) {
            M[m.index(e.dst)][m.index(e.src)] += (weighted ? e.weight : 1.0) / out[m.index(e.src)];
        }
        for (std::size_t u = 0; u < n; ++u) {
            if (out[u] == 0) {
                for (std::size_t v = 0; v < n; ++v)
                    M[v][u] = 1.0 / double(n);
            }
        }
        std::vector<double> pr(n, 1.0 / double(n));
        for (int it = 0; it < 30; ++it) {
            std::vector<double> next(n, 0.2 / double(n));
            for (std::size_t v = 0; v < n; ++v) {
                for (std::size_t u = 0; u < n; ++u)
                    next[v] += 0.8 * M[v][u] * pr[u];
            }
            pr = next;
        }
        ASSERT_EQ(scores.size(), n);
        double sum = 0;
        for (std::size_t v = 0; v < n; ++v) {
            EXPECT_EQ(scores[v].node, m.nodes[v]);
            EXPECT_NEAR(scores[v].score, pr[v], 1e-12) << "seed " << GetParam();
            sum += scores[v].score;
        }
        EXPECT_NEAR(sum, 1.0, 1e-9);
    }
}

// --- components ------------------------------------------------------------------------------

TEST_P(Algorithms, ComponentsMatchTransitiveClosure) {
    const Model m = load_graph(*env_, GetParam(), 20, 18);
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    const std::size_t n = m.nodes.size();
    std::vector<std::vector<bool>> reach(n, std::vector<bool>(n, false)), weak = reach;
    for (std::size_t v = 0; v < n; ++v)
        reach[v][v] = weak[v][v] = true;
    for (const auto& e : m.edges) {
        reach[m.index(e.src)][m.index(e.dst)] = true;
        weak[m.index(e.src)][m.index(e.dst)] = weak[m.index(e.dst)][m.index(e.src)] = true;
    }
    for (std::size_t k = 0; k < n; ++k)
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j) {
                if (reach[i][k] && reach[k][j]) reach[i][j] = true;
                if (weak[i][k] && weak[k][j]) weak[i][j] = true;
            }
    const Projection p{{}, {m.type}, Direction::Out, {}, 1.0};
    const auto wcc = weakly_connected_components(r, p);
    const auto scc = strongly_connected_components(r, p);
    ASSERT_EQ(wcc.size(), n);
    ASSERT_EQ(scc.size(), n);
    for (std::size_t v = 0; v < n; ++v) {
        NodeId least_weak(UINT64_MAX), least_strong(UINT64_MAX);
        for (std::size_t u = 0; u < n; ++u) {
            if (weak[v][u]) least_weak = std::min(least_weak, m.nodes[u]);
            if (reach[v][u] && reach[u][v]) least_strong = std::min(least_strong, m.nodes[u]);
        }
        EXPECT_EQ(wcc[v].node, m.nodes[v]);
        EXPECT_EQ(wcc[v].component, least_weak) << "seed " << GetParam();
        EXPECT_EQ(scc[v].component, least_strong) << "seed " << GetParam();
    }
}

// --- degree ----------------------------------------------------------------------------------

TEST_P(Algorithms, DegreeCentralityCountsTheProjectedEdges) {
    const Model m = load_graph(*env_, GetParam(), 15, 40);
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    const std::size_t n = m.nodes.size();
    std::vector<double> out(n), in(n), both(n), wout(n);
    for (const auto& e : m.edges) {
        out[m.index(e.src)] += 1;
        wout[m.index(e.src)] += e.weight;
        in[m.index(e.dst)] += 1;
        both[m.index(e.src)] += 1;
        if (e.src != e.dst) both[m.index(e.dst)] += 1;
    }
    auto check = [&](Direction d, bool weighted, bool normalised, const std::vector<double>& want) {
        Projection p{{}, {m.type}, d, {}, 1.0};
        if (weighted) p.weight = m.weight;
        const auto got = degree_centrality(r, p, normalised);
        ASSERT_EQ(got.size(), n);
        for (std::size_t v = 0; v < n; ++v) {
            EXPECT_DOUBLE_EQ(got[v].score, normalised ? want[v] / double(n - 1) : want[v])
                << "seed " << GetParam();
        }
    };
    check(Direction::Out, false, false, out);
    check(Direction::In, false, true, in);
    check(Direction::Both, false, false, both);
    check(Direction::Out, true, false, wout);
}

// --- betweenness -----------------------------------------------------------------------------

// Counts the edge sequences of exactly `len` edges from u to t, and those passing through v.
void count_paths(const Model& m, bool undirected, std::size_t u, std::size_t t, int len,
                 std::vector<std::size_t>& path, double& total, std::vector<double>& through) {
    if (len == 0) {
        if (u != t) return;
        total += 1;
        std::set<std::size_t> inner(path.begin() + 1, path.end() - 1);
        for (auto v : inner)
            through[v] += 1;
        return;
    }
    for (const auto& e : m.edges) {
        const auto a = m.index(e.src), b = m.index(e.dst);
        auto step = [&](std::size_t next) {
            path.push_back(next);
            count_paths(m, undirected, next, t, len - 1, path, total, through);
            path.pop_back();
        };
        if (a == u) step(b);
        if (undirected && b == u && a != b) step(a);
    }
}

TEST_P(Algorithms, BetweennessMatchesPathEnumeration) {
    const Model m = load_graph(*env_, GetParam(), 8, 14);
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    const std::size_t n = m.nodes.size();
    for (bool undirected : {false, true}) {
        // Distances by Floyd-Warshall.
        const int inf = 1 << 20;
        std::vector<std::vector<int>> d(n, std::vector<int>(n, inf));
        for (std::size_t v = 0; v < n; ++v)
            d[v][v] = 0;
        for (const auto& e : m.edges) {
            const auto a = m.index(e.src), b = m.index(e.dst);
            if (a != b) d[a][b] = 1;
            if (undirected && a != b) d[b][a] = 1;
        }
        for (std::size_t k = 0; k < n; ++k)
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t j = 0; j < n; ++j)
                    d[i][j] = std::min(d[i][j], d[i][k] + d[k][j]);
        std::vector<double> expected(n, 0.0);
        for (std::size_t s = 0; s < n; ++s) {
            for (std::size_t t = 0; t < n; ++t) {
                if (s == t || d[s][t] >= inf) continue;
                std::vector<std::size_t> path{s};
                double total = 0;
                std::vector<double> through(n, 0.0);
                count_paths(m, undirected, s, t, d[s][t], path, total, through);
                for (std::size_t v = 0; v < n; ++v)
                    expected[v] += through[v] / total;
            }
        }
        const Projection p{{}, {m.type}, undirected ? Direction::Both : Direction::Out, {}, 1.0};
        const auto got = betweenness_centrality(r, p);
        ASSERT_EQ(got.size(), n);
        for (std::size_t v = 0; v < n; ++v) {
            EXPECT_NEAR(got[v].score, undirected ? expected[v] / 2 : expected[v], 1e-9)
                << "seed " << GetParam() << (undirected ? " undirected" : " directed");
        }
    }
}

// --- triangles -------------------------------------------------------------------------------

TEST_P(Algorithms, TrianglesMatchBruteForce) {
    const Model m = load_graph(*env_, GetParam(), 12, 40);
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    const std::size_t n = m.nodes.size();
    std::vector<std::vector<bool>> adj(n, std::vector<bool>(n, false));
    for (const auto& e : m.edges) {
        const auto a = m.index(e.src), b = m.index(e.dst);
        if (a != b) adj[a][b] = adj[b][a] = true;
    }
    const auto got = triangle_count(r, {{}, {m.type}, Direction::Out, {}, 1.0});
    ASSERT_EQ(got.size(), n);
    for (std::size_t v = 0; v < n; ++v) {
        std::uint64_t tri = 0, k = 0;
        for (std::size_t a = 0; a < n; ++a) {
            if (!adj[v][a]) continue;
            ++k;
            for (std::size_t b = a + 1; b < n; ++b)
                tri += adj[v][b] && adj[a][b];
        }
        EXPECT_EQ(got[v].triangles, tri) << "seed " << GetParam();
        const double c = k < 2 ? 0.0 : double(tri) / (double(k * (k - 1)) / 2);
        EXPECT_DOUBLE_EQ(got[v].coefficient, c) << "seed " << GetParam();
    }
}

// --- single source ---------------------------------------------------------------------------

TEST_P(Algorithms, SingleSourceDistancesMatchBruteForce) {
    const Model m = load_graph(*env_, GetParam(), 25, 40);
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    std::mt19937 rng(GetParam());
    for (Direction dir : {Direction::Out, Direction::In, Direction::Both}) {
        const auto s = m.nodes[rng() % m.nodes.size()];
        std::map<NodeId, std::uint64_t> hops{{s, 0}};
        std::map<NodeId, double> cost{{s, 0.0}};
        std::deque<NodeId> queue{s};
        while (!queue.empty()) {
            const auto u = queue.front();
            queue.pop_front();
            for (const auto& e : m.edges) {
                auto visit = [&](NodeId v) {
                    if (hops.emplace(v, hops[u] + 1).second) queue.push_back(v);
                };
                if (dir != Direction::In && e.src == u) visit(e.dst);
                if (dir != Direction::Out && e.dst == u) visit(e.src);
            }
        }
        for (std::size_t round = 0; round < m.nodes.size(); ++round) {
            for (const auto& e : m.edges) {
                auto relax = [&](NodeId a, NodeId b) {
                    if (cost.contains(a) && (!cost.contains(b) || cost[a] + e.weight < cost[b]))
                        cost[b] = cost[a] + e.weight;
                };
                if (dir != Direction::In) relax(e.src, e.dst);
                if (dir != Direction::Out) relax(e.dst, e.src);
            }
        }
        std::map<NodeId, std::uint64_t> got_hops, bounded_hops, want_bounded;
        for (const auto& x : bfs_distances(r, s, dir, {m.type}))
            got_hops[x.node] = x.depth;
        EXPECT_EQ(got_hops, hops) << "seed " << GetParam();
        for (const auto& x : bfs_distances(r, s, dir, {m.type}, 2))
            bounded_hops[x.node] = x.depth;
        for (auto [v, h] : hops) {
            if (h <= 2) want_bounded[v] = h;
        }
        EXPECT_EQ(bounded_hops, want_bounded) << "seed " << GetParam();
        std::map<NodeId, double> got_cost;
        for (const auto& x : dijkstra_distances(r, s, dir, {m.type}, m.weight)) {
            got_cost[x.node] = x.score;
        }
        EXPECT_EQ(got_cost, cost) << "seed " << GetParam();
    }
}

INSTANTIATE_TEST_SUITE_P(Seeds, Algorithms, ::testing::Range<std::uint32_t>(1, 21));

TEST_F(AlgorithmsFixed, CancelledAlgorithmsThrowUsage) {
    load_graph(*env_, 5, 10, 20);
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    std::atomic<bool> cancel{true};
    auto expect_cancel = [&](auto&& f) {
        try {
            f();
            ADD_FAILURE() << "not cancelled";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Usage);
        }
    };
    expect_cancel([&] { (void)pagerank(r, {}, {}, &cancel); });
    expect_cancel([&] { (void)betweenness_centrality(r, {}, &cancel); });
    expect_cancel([&] { (void)weakly_connected_components(r, {}, &cancel); });
    expect_cancel([&] { (void)bfs_distances(r, NodeId(1), Direction::Out, {}, 0, &cancel); });
}

}  // namespace
}  // namespace caspian::graph
