// Format version 6 (issue #20): adjacency in packed chunks. Random multigraphs (parallel edges,
// self-loops, a hub of thousands of edges, deletes) against a plain model of the entries; a
// version 5 file reads as it is and its first write packs it with every answer intact.
#include "graph/adj_chunk.hpp"
#include "graph/adjacency_reader.hpp"
#include "graph/graph_store.hpp"
#include "graph/integrity_check.hpp"
#include "support/adj_entries.hpp"
#include "support/format_version.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <tuple>
#include <vector>

namespace caspian::graph {
namespace {

using caspian::testing::TempDir;
using Entry = std::tuple<std::uint32_t, std::uint64_t, std::uint64_t>;   // type, neighbour, edge
using Model = std::map<std::pair<std::uint64_t, int>, std::set<Entry>>;  // (node, dir) -> entries

// Every answer of the adjacency readers for every node, direction and type, as plain numbers.
std::vector<std::uint64_t> answers(const storage::Txn& txn, const std::vector<NodeId>& nodes,
                                   int types) {
    const GraphReader r(txn);
    AdjacencyReader kept(txn);
    std::vector<std::uint64_t> out;
    for (const NodeId n : nodes) {
        for (const Direction d : {Direction::Out, Direction::In}) {
            std::vector<std::optional<TypeId>> filters{std::nullopt};
            for (int t = 0; t <= types; ++t)
                filters.emplace_back(TypeId(std::uint32_t(t)));
            for (const auto& type : filters) {
                out.push_back(r.degree(n, d, type));
                out.push_back(kept.degree(n, d, type));
                auto list = [&](const AdjEntry& e) {
                    out.insert(out.end(), {e.type.value, e.neighbour.value, e.edge.value});
                    return true;
                };
                r.adjacency(n, d, type, list);
                // The kept reader again, after its degree: a node's entries decoded once.
                kept.visit(n, d, type, list);
                if (d == Direction::Out) out.push_back(kept.self_loops(n, type));
            }
        }
    }
    return out;
}

// The same from the model.
std::vector<std::uint64_t> expected(const Model& model, const std::vector<NodeId>& nodes,
                                    int types) {
    std::vector<std::uint64_t> out;
    for (const NodeId n : nodes) {
        for (const int d : {int(Direction::Out), int(Direction::In)}) {
            const auto it = model.find({n.value, d});
            const std::set<Entry> none;
            const std::set<Entry>& all = it == model.end() ? none : it->second;
            std::vector<std::optional<std::uint32_t>> filters{std::nullopt};
            for (int t = 0; t <= types; ++t)
                filters.emplace_back(std::uint32_t(t));
            for (const auto& type : filters) {
                std::vector<std::uint64_t> listed;
                std::uint64_t loops = 0;
                for (const auto& [t, nb, e] : all) {
                    if (type && t != *type) continue;
                    listed.insert(listed.end(), {t, nb, e});
                    loops += nb == n.value ? 1 : 0;
                }
                out.push_back(listed.size() / 3);
                out.push_back(listed.size() / 3);
                out.insert(out.end(), listed.begin(), listed.end());
                out.insert(out.end(), listed.begin(), listed.end());
                if (d == int(Direction::Out)) out.push_back(loops);
            }
        }
    }
    return out;
}

// The nodes with entries per direction (Out, In, Both) from AdjacencyReader::next_node, as a
// scan asks (a new reader every 3 nodes, nothing else asked) and as a Degree does (one reader,
// the node's degrees and self-loops asked before the next node): twice each list.
std::vector<std::vector<std::uint64_t>> nodes_with_entries(const storage::Txn& txn) {
    std::vector<std::vector<std::uint64_t>> out;
    for (const Direction d : {Direction::Out, Direction::In, Direction::Both}) {
        for (const bool as_degree : {false, true}) {
            std::optional<AdjacencyReader> reader;
            out.emplace_back();
            for (NodeId from{0};;) {
                if (!reader || (!as_degree && out.back().size() % 3 == 0)) reader.emplace(txn);
                const std::optional<NodeId> id = reader->next_node(from, d);
                if (!id) break;
                out.back().push_back(id->value);
                from = NodeId{id->value + 1};
                if (as_degree) {
                    const std::uint64_t outs = reader->degree(*id, Direction::Out);
                    const std::uint64_t ins = reader->degree(*id, Direction::In);
                    EXPECT_GT(d == Direction::Out  ? outs
                              : d == Direction::In ? ins
                                                   : outs + ins,
                              0u);
                    EXPECT_LE(reader->self_loops(*id), outs);  // moves the cursors as a Degree
                }
            }
        }
    }
    return out;
}

std::vector<std::vector<std::uint64_t>> expected_nodes_with_entries(const Model& model) {
    std::vector<std::set<std::uint64_t>> sets(3);
    for (const auto& [key, entries] : model) {
        if (entries.empty()) continue;
        sets[std::size_t(key.second)].insert(key.first);
        sets[2].insert(key.first);
    }
    std::vector<std::vector<std::uint64_t>> out;
    for (const auto& set : sets) {
        out.emplace_back(set.begin(), set.end());
        out.emplace_back(set.begin(), set.end());
    }
    return out;
}

class FormatV6 : public ::testing::TestWithParam<std::uint32_t> {
protected:
    static constexpr int types_ = 3;
    TempDir dir_;
    std::filesystem::path path_ = dir_.sub("db");
    std::vector<NodeId> nodes_;
    Model model_;

    // Node 0 of the graph is a hub: a third of the edges start or end there.
    void build(std::uint32_t seed, int node_count, int edge_count) {
        auto env = storage::Env::open(path_, {});
        storage::WriteTxn txn(*env);
        GraphWriter g(txn);
        std::vector<TypeId> types;
        for (int t = 0; t < types_; ++t)
            types.push_back(g.intern<NameKind::Type>("T" + std::to_string(t)));
        // Nodes without edges between the others, so that a scan of the adjacency keys skips ids.
        std::vector<NodeId> isolated;
        for (int i = 0; i < node_count; ++i) {
            nodes_.push_back(g.create_node({}, {}));
            if (i % 7 == 3) isolated.push_back(g.create_node({}, {}));
        }
        std::mt19937 rng(seed);
        std::vector<std::tuple<EdgeId, NodeId, NodeId, TypeId>> edges;
        auto pick = [&] { return rng() % 3 == 0 ? nodes_[0] : nodes_[rng() % nodes_.size()]; };
        for (int i = 0; i < edge_count; ++i) {
            const NodeId s = pick();
            const NodeId d = rng() % 10 == 0 ? s : pick();  // self-loops
            const TypeId t = types[rng() % types.size()];
            const int repeat = rng() % 8 == 0 ? 3 : 1;  // parallel edges
            for (int j = 0; j < repeat; ++j)
                edges.emplace_back(g.create_edge(s, t, d, {}), s, d, t);
        }
        for (const auto& [e, s, d, t] : edges) {
            if (rng() % 4 == 0) {
                g.delete_edge(e);
                continue;
            }
            model_[{s.value, int(Direction::Out)}].insert({t.value, d.value, e.value});
            model_[{d.value, int(Direction::In)}].insert({t.value, s.value, e.value});
        }
        nodes_.insert(nodes_.end(), isolated.begin(), isolated.end());
        // A node with in-entries only and one with out-entries only.
        const NodeId sink = g.create_node({}, {}), source = g.create_node({}, {});
        const EdgeId in_only = g.create_edge(nodes_[1], types[0], sink, {});
        const EdgeId out_only = g.create_edge(source, types[0], nodes_[1], {});
        model_[{nodes_[1].value, int(Direction::Out)}].insert(
            {types[0].value, sink.value, in_only.value});
        model_[{sink.value, int(Direction::In)}].insert(
            {types[0].value, nodes_[1].value, in_only.value});
        model_[{source.value, int(Direction::Out)}].insert(
            {types[0].value, nodes_[1].value, out_only.value});
        model_[{nodes_[1].value, int(Direction::In)}].insert(
            {types[0].value, source.value, out_only.value});
        nodes_.insert(nodes_.end(), {sink, source});
        txn.commit();
    }
};

TEST_P(FormatV6, RandomMultigraphsMatchTheModel) {
    build(GetParam(), 60, 3000);
    const auto hub = model_.find({nodes_[0].value, int(Direction::Out)});
    ASSERT_NE(hub, model_.end());
    ASSERT_GT(hub->second.size(), 3 * adj_chunk_max);  // several chunks, split by inserts
    auto env = storage::Env::open(path_, {});
    storage::ReadTxn txn(*env);
    EXPECT_EQ(answers(txn, nodes_, types_), expected(model_, nodes_, types_));
    // Nodes asked again after others (the hub among them): what the kept reader keeps decoded
    // of one node must not answer for another.
    std::vector<NodeId> again;
    std::mt19937 rng(GetParam());
    for (int i = 0; i < 3 * int(nodes_.size()); ++i)
        again.push_back(i % 3 == 1 ? nodes_[0] : nodes_[rng() % nodes_.size()]);
    EXPECT_EQ(answers(txn, again, types_), expected(model_, again, types_));
    EXPECT_EQ(nodes_with_entries(txn), expected_nodes_with_entries(model_));
    EXPECT_EQ(txn.entries(txn.tables().out_edges), 0u);
    EXPECT_EQ(check_integrity(GraphReader(txn)).problems, std::vector<std::string>{});
}

TEST_P(FormatV6, AVersion5FileReadsAsItIsAndItsFirstWritePacksIt) {
    build(GetParam(), 40, 1500);
    {
        auto env = storage::Env::open(path_, {});
        storage::WriteTxn txn(*env);
        caspian::testing::unpack_adjacency(txn);
        caspian::testing::set_stored_format_version(txn, 5);
        txn.commit();
    }
    const auto want = expected(model_, nodes_, types_);
    {
        storage::EnvOptions read_only;
        read_only.read_only = true;
        auto env = storage::Env::open(path_, read_only);
        storage::ReadTxn txn(*env);
        EXPECT_EQ(GraphReader(txn).stored_format_version(), 5u);
        EXPECT_GT(txn.entries(txn.tables().out_edges), 0u);
        EXPECT_EQ(answers(txn, nodes_, types_), want);
        EXPECT_EQ(nodes_with_entries(txn), expected_nodes_with_entries(model_));
        EXPECT_EQ(check_integrity(GraphReader(txn)).problems, std::vector<std::string>{});
    }
    auto env = storage::Env::open(path_, {});
    {
        storage::WriteTxn txn(*env);
        GraphWriter g(txn);
        EXPECT_EQ(answers(txn, nodes_, types_), want);  // inside the upgrading transaction
        txn.commit();
    }
    storage::ReadTxn txn(*env);
    EXPECT_EQ(GraphReader(txn).stored_format_version(), storage::format_version);
    EXPECT_EQ(txn.entries(txn.tables().out_edges), 0u);
    EXPECT_EQ(txn.entries(txn.tables().in_edges), 0u);
    EXPECT_GT(txn.entries(txn.tables().out_adj), 0u);
    EXPECT_EQ(answers(txn, nodes_, types_), want);
    EXPECT_EQ(nodes_with_entries(txn), expected_nodes_with_entries(model_));
    EXPECT_EQ(check_integrity(GraphReader(txn)).problems, std::vector<std::string>{});
}

INSTANTIATE_TEST_SUITE_P(Seeds, FormatV6, ::testing::Range<std::uint32_t>(1, 4));

TEST(AdjChunk, DecodingRejectsDamagedBytes) {
    const std::vector<AdjEntry> entries{{TypeId(1), NodeId{5}, EdgeId{9}},
                                        {TypeId(1), NodeId{5}, EdgeId{10}},
                                        {TypeId(2), NodeId{3}, EdgeId{4}}};
    const std::string key = adj_chunk_key(NodeId{7}, entries[0]);
    const std::string value = encode_adj_chunk(entries);
    std::vector<AdjEntry> back;
    decode_adj_chunk(key, value, back);
    ASSERT_EQ(back.size(), 3u);
    EXPECT_TRUE(adj_equal(back[2], entries[2]));
    EXPECT_EQ(adj_chunk_node(key), NodeId{7});
    for (std::size_t cut = 0; cut < value.size(); ++cut) {
        std::vector<AdjEntry> out;
        EXPECT_THROW(decode_adj_chunk(key, value.substr(0, cut), out), Error) << cut;
    }
    std::vector<AdjEntry> out;
    EXPECT_THROW(decode_adj_chunk(key, value + "x", out), Error);
    EXPECT_THROW(decode_adj_chunk(key.substr(1), value, out), Error);
}

}  // namespace
}  // namespace caspian::graph
