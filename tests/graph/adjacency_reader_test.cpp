// Tests of graph/adjacency_reader.cpp (issue #20): one reader kept across calls, asked about
// nodes in any order (ascending as a scan asks, descending, repeated, missing ids), gives each
// node's entries, degrees and self-loops as a brute-force count over the random graph's model
// does. Links only caspian_graph.
#include "graph/adjacency_reader.hpp"
#include "support/random_graph.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <tuple>
#include <vector>

namespace caspian::graph {
namespace {

using caspian::testing::GraphModel;
using caspian::testing::ModelEdge;
using caspian::testing::TempDir;

// (type, neighbour, edge) of node's edges in dir, of one type or all, in adjacency order.
using Entry = std::tuple<std::uint32_t, std::uint64_t, std::uint64_t>;

std::vector<Entry> model_entries(const GraphModel& m, NodeId node, Direction dir,
                                 std::optional<TypeId> type) {
    std::vector<Entry> out;
    for (const ModelEdge& e : m.edges) {
        if (type && e.type != *type) continue;
        const NodeId from = dir == Direction::Out ? e.src : e.dst;
        const NodeId to = dir == Direction::Out ? e.dst : e.src;
        if (from == node) out.emplace_back(e.type.value, to.value, e.id.value);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::uint64_t model_loops(const GraphModel& m, NodeId node, std::optional<TypeId> type) {
    return std::uint64_t(std::count_if(m.edges.begin(), m.edges.end(), [&](const ModelEdge& e) {
        return e.src == node && e.dst == node && (!type || e.type == *type);
    }));
}

// The order a caller asks in: ascending ids (a scan), then descending, then random with
// repeats, with ids that hold no node (deleted ones, 0 and past the last) among them.
std::vector<NodeId> asking_order(const GraphModel& m, std::mt19937& rng) {
    std::vector<NodeId> ids;
    const std::uint64_t last = m.nodes.empty() ? 1 : m.nodes.back().value + 2;
    for (std::uint64_t id = 0; id <= last; ++id)
        ids.push_back(NodeId{id});
    std::vector<NodeId> order = ids;
    order.insert(order.end(), ids.rbegin(), ids.rend());
    for (std::size_t i = 0; i < ids.size() * 2; ++i)
        order.push_back(ids[rng() % ids.size()]);
    return order;
}

class KeptAdjacencyReader : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(KeptAdjacencyReader, MatchesTheModelInAnyOrder) {
    const std::uint32_t seed = GetParam();
    TempDir tmp;
    auto env = storage::Env::open(tmp.sub("db"), {});
    caspian::testing::RandomGraphShape shape(5 + int(seed % 20), int(seed * 13 % 90));
    shape.types = 3;
    shape.deleted = int(seed % 3);
    // A hub past the read-them-all branch of self_loops (64 entries) in some seeds.
    if (seed % 4 == 0) shape.edges += 300;
    const GraphModel m = caspian::testing::load_random_graph(*env, seed, shape);
    storage::ReadTxn txn(*env);
    AdjacencyReader kept(txn);
    std::mt19937 rng(seed);
    std::vector<std::optional<TypeId>> types{std::nullopt};
    for (TypeId t : m.types)
        types.emplace_back(t);
    std::size_t entries = 0;
    for (NodeId node : asking_order(m, rng)) {
        const auto type = types[rng() % types.size()];
        for (Direction dir : {Direction::Out, Direction::In}) {
            const auto expected = model_entries(m, node, dir, type);
            std::vector<Entry> seen;
            kept.visit(node, dir, type, [&](const AdjEntry& e) {
                seen.emplace_back(e.type.value, e.neighbour.value, e.edge.value);
                return true;
            });
            ASSERT_EQ(seen, expected) << "seed " << seed << " node " << node.value;
            EXPECT_EQ(kept.degree(node, dir, type), expected.size())
                << "seed " << seed << " node " << node.value;
            entries += seen.size();
        }
        EXPECT_EQ(kept.self_loops(node, type), model_loops(m, node, type))
            << "seed " << seed << " node " << node.value;
    }
    EXPECT_EQ(entries == 0, m.edges.empty()) << "seed " << seed;
}

// A visitor that stops early leaves the kept cursor usable for the next node.
TEST(KeptAdjacencyReaderStop, StoppingEarlyDoesNotDisturbTheNextCall) {
    TempDir tmp;
    auto env = storage::Env::open(tmp.sub("db"), {});
    const GraphModel m =
        caspian::testing::load_random_graph(*env, 3, caspian::testing::RandomGraphShape(6, 60));
    storage::ReadTxn txn(*env);
    AdjacencyReader kept(txn);
    for (NodeId node : m.nodes) {
        int calls = 0;
        kept.visit(node, Direction::Out, std::nullopt, [&](const AdjEntry&) {
            ++calls;
            return false;
        });
        const auto all = model_entries(m, node, Direction::Out, std::nullopt);
        EXPECT_EQ(calls, all.empty() ? 0 : 1);
        EXPECT_EQ(kept.degree(node, Direction::In),
                  model_entries(m, node, Direction::In, {}).size());
    }
}

INSTANTIATE_TEST_SUITE_P(Seeds, KeptAdjacencyReader, ::testing::Range<std::uint32_t>(0, 24));

}  // namespace
}  // namespace caspian::graph
