// Tests of graph/traversal.cpp: k-hop, variable-length expansion, shortest and all shortest
// paths and weighted shortest paths, each against a brute-force model of the same random graph
// (fixed seeds, printed on failure). Links only caspian_graph.
#include "graph/traversal.hpp"
#include "support/random_graph.hpp"
#include "support/temp_dir.hpp"

#include <caspian/error.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <set>

namespace caspian::graph {
namespace {

using caspian::testing::GraphModel;
using caspian::testing::ModelEdge;
using caspian::testing::TempDir;

// Unlabelled, `ntypes` edge types; every edge has an integer weight 1..9.
GraphModel load_random_graph(storage::Env& env, std::uint32_t seed, int n, int m, int ntypes = 2) {
    caspian::testing::RandomGraphShape shape(n, m);
    shape.types = ntypes;
    shape.labels = false;
    return caspian::testing::load_random_graph(env, seed, shape);
}

bool type_ok(const std::vector<TypeId>& types, TypeId t) {
    return types.empty() || std::find(types.begin(), types.end(), t) != types.end();
}

// Steps of the model from u: (edge index, neighbour).
std::vector<std::pair<std::size_t, NodeId>> model_steps(const GraphModel& m, NodeId u,
                                                        Direction dir,
                                                        const std::vector<TypeId>& types) {
    std::vector<std::pair<std::size_t, NodeId>> out;
    for (std::size_t i = 0; i < m.edges.size(); ++i) {
        const ModelEdge& e = m.edges[i];
        if (!type_ok(types, e.type)) continue;
        if (dir != Direction::In && e.src == u) {
            out.emplace_back(i, e.dst);
        } else if (dir != Direction::Out && e.dst == u) {
            out.emplace_back(i, e.src);
        }
    }
    return out;
}

std::map<NodeId, std::uint64_t> model_bfs(const GraphModel& m, NodeId from, Direction dir,
                                          const std::vector<TypeId>& types) {
    std::map<NodeId, std::uint64_t> dist{{from, 0}};
    std::deque<NodeId> queue{from};
    while (!queue.empty()) {
        const auto u = queue.front();
        queue.pop_front();
        for (auto [i, v] : model_steps(m, u, dir, types)) {
            if (dist.emplace(v, dist[u] + 1).second) queue.push_back(v);
        }
    }
    return dist;
}

// Every trail (edge ids) from `from` of min..max edges.
void model_trails(const GraphModel& m, NodeId u, Direction dir, const std::vector<TypeId>& types,
                  std::int64_t min, std::int64_t max, std::vector<EdgeId>& cur,
                  std::vector<NodeId>& ends,
                  std::vector<std::pair<std::vector<EdgeId>, NodeId>>& out) {
    if (std::int64_t(cur.size()) >= min) out.emplace_back(cur, u);
    if (std::int64_t(cur.size()) == max) return;
    for (auto [i, v] : model_steps(m, u, dir, types)) {
        const auto id = m.edges[i].id;
        if (std::find(cur.begin(), cur.end(), id) != cur.end()) continue;
        cur.push_back(id);
        model_trails(m, v, dir, types, min, max, cur, ends, out);
        cur.pop_back();
    }
}

std::vector<std::pair<std::vector<EdgeId>, NodeId>> trails(const GraphModel& m, NodeId from,
                                                           Direction dir,
                                                           const std::vector<TypeId>& types,
                                                           std::int64_t min, std::int64_t max) {
    std::vector<EdgeId> cur;
    std::vector<NodeId> ends;
    std::vector<std::pair<std::vector<EdgeId>, NodeId>> out;
    model_trails(m, from, dir, types, min, max, cur, ends, out);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<EdgeId> edge_ids(const PathResult& p) {
    std::vector<EdgeId> ids;
    for (const auto& e : p.edges)
        ids.push_back(e.id);
    return ids;
}

// The path is a walk of the model along dir and types, from `from`.
void expect_valid(const GraphModel& m, const PathResult& p, NodeId from, Direction dir,
                  const std::vector<TypeId>& types) {
    ASSERT_EQ(p.nodes.size(), p.edges.size() + 1);
    EXPECT_EQ(p.nodes.front(), from);
    for (std::size_t i = 0; i < p.edges.size(); ++i) {
        const EdgeRef& e = p.edges[i];
        auto it = std::find_if(m.edges.begin(), m.edges.end(),
                               [&](const ModelEdge& x) { return x.id == e.id; });
        ASSERT_NE(it, m.edges.end());
        EXPECT_EQ(it->src, e.src);
        EXPECT_EQ(it->dst, e.dst);
        EXPECT_EQ(it->type, e.type);
        EXPECT_TRUE(type_ok(types, e.type));
        const bool fwd = e.src == p.nodes[i] && e.dst == p.nodes[i + 1];
        const bool bwd = e.dst == p.nodes[i] && e.src == p.nodes[i + 1];
        if (dir == Direction::Out) {
            EXPECT_TRUE(fwd);
        } else if (dir == Direction::In) {
            EXPECT_TRUE(bwd);
        } else {
            EXPECT_TRUE(fwd || bwd);
        }
    }
}

const Direction all_dirs[] = {Direction::Out, Direction::In, Direction::Both};

class Traversal : public ::testing::TestWithParam<std::uint32_t> {
protected:
    TempDir dir_;
    std::shared_ptr<storage::Env> env_ = storage::Env::open(dir_.sub("db"), {});
};

TEST_P(Traversal, ShortestPathMatchesBruteForceBfs) {
    const auto seed = GetParam();
    const GraphModel m = load_random_graph(*env_, seed, 30, 50);
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    std::mt19937 rng(seed);
    for (Direction dir : all_dirs) {
        for (const auto& types : {std::vector<TypeId>{}, {m.types[0]}}) {
            for (int q = 0; q < 20; ++q) {
                const auto a = m.nodes[rng() % m.nodes.size()];
                const auto b = m.nodes[rng() % m.nodes.size()];
                if (a == b) continue;  // cycles: ShortestTrailsWhenMinExceedsDistance
                const auto dist = model_bfs(m, a, dir, types);
                const auto paths = shortest_paths(r, a, b, dir, types, 1, -1, false);
                SCOPED_TRACE("seed " + std::to_string(seed) + " from " + std::to_string(a.value) +
                             " to " + std::to_string(b.value));
                if (!dist.contains(b)) {
                    EXPECT_TRUE(paths.empty());
                    continue;
                }
                ASSERT_EQ(paths.size(), 1u);
                EXPECT_EQ(paths[0].edges.size(), dist.at(b));
                EXPECT_EQ(paths[0].nodes.back(), b);
                expect_valid(m, paths[0], a, dir, types);
                // A bound below the distance finds nothing; at the distance, the same length.
                const auto d = std::int64_t(dist.at(b));
                EXPECT_TRUE(shortest_paths(r, a, b, dir, types, 1, d - 1, false).empty());
                auto bounded = shortest_paths(r, a, b, dir, types, 1, d, false);
                ASSERT_EQ(bounded.size(), 1u);
                EXPECT_EQ(bounded[0].edges.size(), dist.at(b));
            }
        }
    }
}

TEST_P(Traversal, AllShortestPathsMatchBruteForceTrails) {
    const auto seed = GetParam();
    const GraphModel m = load_random_graph(*env_, seed, 14, 30);
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    std::mt19937 rng(seed);
    for (Direction dir : all_dirs) {
        for (int q = 0; q < 15; ++q) {
            const auto a = m.nodes[rng() % m.nodes.size()];
            const auto b = m.nodes[rng() % m.nodes.size()];
            if (a == b) continue;
            SCOPED_TRACE("seed " + std::to_string(seed) + " from " + std::to_string(a.value) +
                         " to " + std::to_string(b.value));
            const auto dist = model_bfs(m, a, dir, {});
            const auto paths = shortest_paths(r, a, b, dir, {}, 1, -1, true);
            if (!dist.contains(b)) {
                EXPECT_TRUE(paths.empty());
                continue;
            }
            const auto d = std::int64_t(dist.at(b));
            std::vector<std::vector<EdgeId>> expected, got;
            for (auto& [ids, end] : trails(m, a, dir, {}, d, d)) {
                if (end == b) expected.push_back(ids);
            }
            for (const auto& p : paths) {
                expect_valid(m, p, a, dir, {});
                EXPECT_EQ(p.nodes.back(), b);
                got.push_back(edge_ids(p));
            }
            std::sort(got.begin(), got.end());
            EXPECT_EQ(got, expected);
            if (expected.size() > 1) {
                EXPECT_EQ(shortest_paths(r, a, b, dir, {}, 1, -1, true, nullptr, 1).size(), 1u);
            }
        }
    }
}

TEST_P(Traversal, VariableLengthExpansionMatchesBruteForceDfs) {
    const auto seed = GetParam();
    const GraphModel m = load_random_graph(*env_, seed, 9, 14);
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    std::mt19937 rng(seed);
    const std::pair<std::int64_t, std::int64_t> bounds[] = {
        {1, 1}, {1, 3}, {0, 2}, {2, 4}, {3, -1}};
    for (Direction dir : all_dirs) {
        for (auto [min, max] : bounds) {
            const auto a = m.nodes[rng() % m.nodes.size()];
            const std::vector<TypeId> types =
                rng() % 2 ? std::vector<TypeId>{} : std::vector<TypeId>{m.types[1]};
            SCOPED_TRACE("seed " + std::to_string(seed) + " from " + std::to_string(a.value) +
                         " *" + std::to_string(min) + ".." + std::to_string(max));
            std::vector<std::pair<std::vector<EdgeId>, NodeId>> got;
            expand_paths(r, a, dir, types, min, max, [&](const PathResult& p) {
                expect_valid(m, p, a, dir, types);
                got.emplace_back(edge_ids(p), p.nodes.back());
                return true;
            });
            std::sort(got.begin(), got.end());
            EXPECT_EQ(got, trails(m, a, dir, types, min, max));
        }
    }
}

TEST_P(Traversal, KHopMatchesBruteForceBfs) {
    const auto seed = GetParam();
    const GraphModel m = load_random_graph(*env_, seed, 40, 60);
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    std::mt19937 rng(seed);
    for (Direction dir : all_dirs) {
        for (std::uint64_t k : {1u, 2u, 3u}) {
            const auto a = m.nodes[rng() % m.nodes.size()];
            std::set<std::pair<NodeId, std::uint64_t>> expected, got;
            for (auto [v, d] : model_bfs(m, a, dir, {})) {
                if (d >= 1 && d <= k) expected.emplace(v, d);
            }
            const auto reached = k_hop(r, a, k, dir, {});
            for (const auto& x : reached)
                got.emplace(x.node, x.depth);
            EXPECT_EQ(got.size(), reached.size()) << "seed " << seed;  // each node once
            EXPECT_EQ(got, expected) << "seed " << seed << " k " << k;
            for (std::size_t i = 1; i < reached.size(); ++i) {
                EXPECT_LE(reached[i - 1].depth, reached[i].depth) << "seed " << seed;
            }
            if (expected.size() > 2) {
                EXPECT_EQ(k_hop(r, a, k, dir, {}, 2).size(), 2u);
            }
        }
    }
}

TEST_P(Traversal, WeightedShortestPathMatchesBellmanFord) {
    const auto seed = GetParam();
    const GraphModel m = load_random_graph(*env_, seed, 25, 60);
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    std::mt19937 rng(seed);
    for (Direction dir : all_dirs) {
        const auto a = m.nodes[rng() % m.nodes.size()];
        std::map<NodeId, double> cost{{a, 0}};  // integer weights: sums are exact
        for (std::size_t round = 0; round < m.nodes.size(); ++round) {
            for (const auto& e : m.edges) {
                auto relax = [&](NodeId u, NodeId v) {
                    if (!cost.contains(u)) return;
                    if (!cost.contains(v) || cost[u] + e.weight < cost[v])
                        cost[v] = cost[u] + e.weight;
                };
                if (dir != Direction::In) relax(e.src, e.dst);
                if (dir != Direction::Out) relax(e.dst, e.src);
            }
        }
        for (auto b : m.nodes) {
            SCOPED_TRACE("seed " + std::to_string(seed) + " to " + std::to_string(b.value));
            const auto p = weighted_shortest_path(r, a, b, dir, {}, m.weight);
            if (!cost.contains(b)) {
                EXPECT_FALSE(p.has_value());
                continue;
            }
            ASSERT_TRUE(p.has_value());
            EXPECT_EQ(p->cost, cost[b]);
            expect_valid(m, p->path, a, dir, {});
            double sum = 0;
            for (const auto& e : p->path.edges) {
                sum += std::find_if(m.edges.begin(), m.edges.end(), [&](const ModelEdge& x) {
                           return x.id == e.id;
                       })->weight;
            }
            EXPECT_EQ(sum, cost[b]);
        }
    }
}

TEST_P(Traversal, ShortestTrailsWhenMinExceedsDistance) {
    const auto seed = GetParam();
    const GraphModel m = load_random_graph(*env_, seed, 8, 16);
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    std::mt19937 rng(seed);
    for (int q = 0; q < 10; ++q) {
        const auto a = m.nodes[rng() % m.nodes.size()];
        const auto b = q % 3 == 0 ? a : m.nodes[rng() % m.nodes.size()];
        const std::int64_t min = 1 + rng() % 4, max = 6;
        SCOPED_TRACE("seed " + std::to_string(seed) + " from " + std::to_string(a.value) + " to " +
                     std::to_string(b.value) + " min " + std::to_string(min));
        std::vector<std::vector<EdgeId>> expected;
        for (std::int64_t len = min; len <= max && expected.empty(); ++len) {
            for (auto& [ids, end] : trails(m, a, Direction::Both, {}, len, len)) {
                if (end == b) expected.push_back(ids);
            }
        }
        std::vector<std::vector<EdgeId>> got;
        for (const auto& p : shortest_paths(r, a, b, Direction::Both, {}, min, max, true)) {
            expect_valid(m, p, a, Direction::Both, {});
            got.push_back(edge_ids(p));
        }
        std::sort(got.begin(), got.end());
        EXPECT_EQ(got, expected);
        const auto one = shortest_paths(r, a, b, Direction::Both, {}, min, max, false);
        EXPECT_EQ(one.size(), expected.empty() ? 0u : 1u);
        if (!one.empty()) {
            EXPECT_EQ(one[0].edges.size(), expected[0].size());
        }
    }
}

// The single shortest path as the bidirectional BFS found it before issue #8's early stop: every
// level expanded to its end, the first meeting of least total kept. Used as the oracle of the
// exact path (nodes and edges) that shortest_paths must still return.
std::optional<PathResult> full_level_bidirectional(const GraphReader& r, NodeId from, NodeId to,
                                                   Direction dir, const std::vector<TypeId>& types,
                                                   std::int64_t max_hops, EdgeId exclude) {
    struct Parent {
        NodeId node;
        EdgeRef edge;
        std::uint64_t depth;
    };
    std::map<NodeId, Parent> seen[2];
    std::vector<NodeId> frontier[2] = {{from}, {to}};
    std::uint64_t depth[2] = {0, 0};
    seen[0][from] = {from, {}, 0};
    seen[1][to] = {to, {}, 0};
    const Direction back = dir == Direction::Out  ? Direction::In
                           : dir == Direction::In ? Direction::Out
                                                  : Direction::Both;
    while (!frontier[0].empty() && !frontier[1].empty()) {
        if (max_hops >= 0 && depth[0] + depth[1] >= std::uint64_t(max_hops)) return std::nullopt;
        const int side = frontier[0].size() <= frontier[1].size() ? 0 : 1;
        std::vector<NodeId> next;
        std::optional<NodeId> meet;
        std::uint64_t best = std::numeric_limits<std::uint64_t>::max();
        for (NodeId u : frontier[side]) {
            for_each_step(r, u, side == 0 ? dir : back, types, [&](const EdgeRef& e, NodeId v) {
                if (e.id == exclude) return true;
                if (!seen[side].emplace(v, Parent{u, e, depth[side] + 1}).second) {
                    return true;
                }
                next.push_back(v);
                if (auto o = seen[1 - side].find(v); o != seen[1 - side].end()) {
                    const auto total = depth[side] + 1 + o->second.depth;
                    if (total < best) best = total, meet = v;
                }
                return true;
            });
        }
        ++depth[side];
        frontier[side] = std::move(next);
        if (!meet) continue;
        if (max_hops >= 0 && best > std::uint64_t(max_hops)) return std::nullopt;
        PathResult path;
        for (NodeId v = *meet; v != from; v = seen[0].at(v).node) {
            path.nodes.push_back(v);
            path.edges.push_back(seen[0].at(v).edge);
        }
        path.nodes.push_back(from);
        std::reverse(path.nodes.begin(), path.nodes.end());
        std::reverse(path.edges.begin(), path.edges.end());
        for (NodeId v = *meet; v != to; v = seen[1].at(v).node) {
            path.nodes.push_back(seen[1].at(v).node);
            path.edges.push_back(seen[1].at(v).edge);
        }
        return path;
    }
    return std::nullopt;
}

// Adds self-loops and parallel copies of existing edges to the model's graph.
void add_loops_and_parallels(storage::Env& env, GraphModel& m, std::uint32_t seed) {
    std::mt19937 rng(seed * 7919u);
    storage::WriteTxn txn(env);
    GraphWriter g(txn);
    for (int i = 0; i < 6; ++i) {
        const auto n = m.nodes[rng() % m.nodes.size()];
        const auto t = m.types[rng() % m.types.size()];
        m.edges.push_back({g.create_edge(n, t, n, {{m.weight, Value(1)}}), n, n, t, 1});
    }
    for (int i = 0; i < 8; ++i) {
        const ModelEdge e = m.edges[rng() % m.edges.size()];
        m.edges.push_back(
            {g.create_edge(e.src, e.type, e.dst, {{m.weight, Value(1)}}), e.src, e.dst, e.type, 1});
    }
    txn.commit();
}

// Issue #8: the search stops at the first meeting instead of finishing the level; the path must
// be exactly the one the full-level search returned, for paths and for cycles (min 1, a == b).
TEST_P(Traversal, ShortestPathIsTheFullLevelSearchsPath) {
    const auto seed = GetParam();
    GraphModel m = load_random_graph(*env_, seed, 40, 70 + int(seed % 5) * 10);
    add_loops_and_parallels(*env_, m, seed);
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    int found = 0;
    for (Direction dir : all_dirs) {
        for (const auto& types : {std::vector<TypeId>{}, {m.types[1]}}) {
            for (std::int64_t max : {std::int64_t(-1), std::int64_t(2), std::int64_t(4)}) {
                for (std::size_t i = 0; i < m.nodes.size(); i += 3) {
                    for (std::size_t j = 0; j < m.nodes.size(); j += 2) {
                        const auto a = m.nodes[i], b = m.nodes[j];
                        SCOPED_TRACE("seed " + std::to_string(seed) + " from " +
                                     std::to_string(a.value) + " to " + std::to_string(b.value) +
                                     " max " + std::to_string(max));
                        std::vector<PathResult> expected;
                        if (a != b) {
                            if (auto p =
                                    full_level_bidirectional(r, a, b, dir, types, max, EdgeId())) {
                                expected.push_back(*p);
                            }
                        } else {
                            // The first edge, then the full-level search back without it.
                            for_each_step(r, a, dir, types, [&](const EdgeRef& e, NodeId v) {
                                std::optional<PathResult> rest;
                                if (v == a) {
                                    rest = PathResult{{a}, {}};
                                } else if (max != 1) {
                                    rest = full_level_bidirectional(r, v, a, dir, types,
                                                                    max < 0 ? -1 : max - 1, e.id);
                                }
                                if (!rest) return true;
                                if (!expected.empty() &&
                                    expected[0].edges.size() <= rest->edges.size() + 1) {
                                    return true;
                                }
                                PathResult p{{a}, {e}};
                                p.nodes.insert(p.nodes.end(), rest->nodes.begin(),
                                               rest->nodes.end());
                                p.edges.insert(p.edges.end(), rest->edges.begin(),
                                               rest->edges.end());
                                expected = {p};
                                return true;
                            });
                        }
                        const auto got = shortest_paths(r, a, b, dir, types, 1, max, false);
                        ASSERT_EQ(got, expected);
                        for (const auto& p : got)
                            expect_valid(m, p, a, dir, types);
                        found += int(got.size());
                    }
                }
            }
        }
    }
    EXPECT_GT(found, 100) << "seed " << seed;  // the comparison covered real paths
}

INSTANTIATE_TEST_SUITE_P(Seeds, Traversal, ::testing::Range<std::uint32_t>(1, 21));

class TraversalFixed : public ::testing::Test {
protected:
    TempDir dir_;
    std::shared_ptr<storage::Env> env_ = storage::Env::open(dir_.sub("db"), {});
};

TEST_F(TraversalFixed, ZeroLengthAndMissingNodes) {
    const GraphModel m = load_random_graph(*env_, 7, 5, 6);
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    const auto a = m.nodes[0];
    const auto p = shortest_paths(r, a, a, Direction::Out, {}, 0, 3, false);
    ASSERT_EQ(p.size(), 1u);
    EXPECT_EQ(p[0].nodes, std::vector<NodeId>{a});
    EXPECT_TRUE(shortest_paths(r, a, NodeId(999), Direction::Out, {}, 1, -1, false).empty());
    EXPECT_TRUE(k_hop(r, NodeId(999), 2, Direction::Both, {}).empty());
    int calls = 0;
    expand_paths(r, a, Direction::Out, {}, 0, 0, [&](const PathResult& q) {
        ++calls;
        EXPECT_EQ(q.nodes, std::vector<NodeId>{a});
        return true;
    });
    EXPECT_EQ(calls, 1);
}

TEST_F(TraversalFixed, SelfLoopIsOneStepUndirected) {
    storage::WriteTxn w(*env_);
    GraphWriter g(w);
    const auto t = g.intern<NameKind::Type>("T");
    const auto a = g.create_node({}, {});
    const auto loop = g.create_edge(a, t, a, {});
    w.commit();
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    std::vector<EdgeId> seen;
    expand_paths(r, a, Direction::Both, {}, 1, -1, [&](const PathResult& p) {
        seen.push_back(p.edges.back().id);
        return true;
    });
    EXPECT_EQ(seen, std::vector<EdgeId>{loop});
    const auto cycle = shortest_paths(r, a, a, Direction::Out, {}, 1, -1, false);
    ASSERT_EQ(cycle.size(), 1u);
    EXPECT_EQ(cycle[0].edges.size(), 1u);
}

TEST_F(TraversalFixed, CancelFlagStopsAnUnboundedExpansion) {
    // A complete digraph on 7 nodes has too many trails to enumerate quickly.
    storage::WriteTxn w(*env_);
    GraphWriter g(w);
    const auto t = g.intern<NameKind::Type>("T");
    std::vector<NodeId> n;
    for (int i = 0; i < 7; ++i)
        n.push_back(g.create_node({}, {}));
    for (auto a : n)
        for (auto b : n)
            if (a != b) g.create_edge(a, t, b, {});
    w.commit();
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    std::atomic<bool> cancel{false};
    std::uint64_t visited = 0;
    try {
        expand_paths(
            r, n[0], Direction::Both, {}, 1, -1,
            [&](const PathResult&) {
                if (++visited == 10000) cancel = true;
                return true;
            },
            &cancel);
        ADD_FAILURE() << "not cancelled";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Usage);
    }
    EXPECT_LT(visited, 20000u);
}

TEST_F(TraversalFixed, NonNumericWeightIsATypeError) {
    storage::WriteTxn w(*env_);
    GraphWriter g(w);
    const auto t = g.intern<NameKind::Type>("T");
    const auto wp = g.intern<NameKind::Property>("w");
    const auto a = g.create_node({}, {}), b = g.create_node({}, {});
    g.create_edge(a, t, b, {{wp, Value("heavy")}});
    w.commit();
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    try {
        (void)weighted_shortest_path(r, a, b, Direction::Out, {}, wp);
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Type);
    }
}

}  // namespace
}  // namespace caspian::graph
