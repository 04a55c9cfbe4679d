// Format version 5 (issue #20): edge records packed in blocks of 32 ids. Writes keep one entry
// per block; a version 4 file, written here byte for byte, reads as it is and its first write
// packs it with every edge, property, adjacency entry and count intact. Links caspian_graph.
#include "graph/graph_store.hpp"
#include "graph/integrity_check.hpp"
#include "storage/edge_block.hpp"
#include "support/adj_entries.hpp"
#include "support/edge_entries.hpp"
#include "support/format_version.hpp"
#include "support/random_graph.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace caspian::graph {
namespace {

using caspian::testing::TempDir;

// What a reader sees of the edges, to compare before and after the upgrade.
struct Seen {
    std::map<std::uint64_t, std::tuple<std::uint32_t, std::uint64_t, std::uint64_t, PropertyIds>>
        edges;
    std::vector<std::tuple<std::uint64_t, int, std::uint32_t, std::uint64_t, std::uint64_t>>
        adjacency;
    std::vector<std::uint64_t> degrees;
    std::uint64_t edge_count = 0;
    bool operator==(const Seen&) const = default;
};

Seen seen(const storage::Txn& txn, PropertyId weight) {
    const GraphReader r(txn);
    Seen s;
    r.scan_edges([&](EdgeId id, const storage::EdgeRecord& e) {
        s.edges[id.value] = {e.type, e.src, e.dst, r.edge(id)->properties};
        // The one-property path reads the same record.
        EXPECT_EQ(*r.edge_property(id, weight),
                  find_property(r.edge(id)->properties, weight) != nullptr
                      ? *find_property(r.edge(id)->properties, weight)
                      : Value());
        return true;
    });
    r.scan_nodes([&](NodeId n) {
        for (const Direction d : {Direction::Out, Direction::In}) {
            s.degrees.push_back(r.degree(n, d));
            r.adjacency(n, d, std::nullopt, [&](const AdjEntry& e) {
                s.adjacency.emplace_back(n.value, int(d), e.type.value, e.neighbour.value,
                                         e.edge.value);
                return true;
            });
        }
        return true;
    });
    s.edge_count = r.edge_count();
    return s;
}

// The keys of `edges` and whether each value is a block.
std::vector<std::pair<std::uint64_t, bool>> entries(const storage::Txn& txn) {
    std::vector<std::pair<std::uint64_t, bool>> out;
    storage::Cursor c(txn, txn.tables().edges);
    MDB_val k, v;
    for (bool ok = c.move(MDB_FIRST, &k, &v); ok; ok = c.move(MDB_NEXT, &k, &v))
        out.emplace_back(read_id(k.mv_data), storage::is_edge_block(storage::as_view(v)));
    return out;
}

// Format version 4's layout: one entry per edge, keyed by its id.
void write_version_4(storage::WriteTxn& txn) {
    caspian::testing::unpack_adjacency(txn);
    caspian::testing::unpack_edge_blocks(
        txn, [](std::string_view record) { return std::string(record); });
    caspian::testing::set_stored_format_version(txn, 4);
}

std::set<std::uint64_t> blocks_of(const Seen& s) {
    std::set<std::uint64_t> out;
    for (const auto& [id, edge] : s.edges)
        out.insert(storage::edge_block_first(id));
    return out;
}

class FormatV5 : public ::testing::TestWithParam<std::uint32_t> {
protected:
    TempDir dir_;
    std::filesystem::path path_ = dir_.sub("db");

    // A random multigraph whose edges are then deleted at random, and one whole block of them,
    // so that blocks have holes and one is gone.
    caspian::testing::GraphModel build(std::uint32_t seed) {
        auto env = storage::Env::open(path_, {});
        auto model = caspian::testing::load_random_graph(*env, seed, {40, 400});
        storage::WriteTxn txn(*env);
        GraphWriter g(txn);
        std::mt19937 rng(seed);
        for (const auto& e : model.edges) {
            const bool whole_block = storage::edge_block_first(e.id.value) == 64;
            if (whole_block || rng() % 5 == 0) g.delete_edge(e.id);
        }
        txn.commit();
        return model;
    }
};

TEST_P(FormatV5, AVersion4FileReadsAsItIsAndItsFirstWriteUpgradesIt) {
    const auto model = build(GetParam());
    Seen before;
    {
        auto env = storage::Env::open(path_, {});
        {
            storage::ReadTxn txn(*env);
            before = seen(txn, model.weight);
            EXPECT_EQ(GraphReader(txn).stored_format_version(), storage::format_version);
            std::vector<std::pair<std::uint64_t, bool>> expected;
            for (const std::uint64_t first : blocks_of(before))
                expected.emplace_back(first, true);
            EXPECT_EQ(entries(txn), expected);  // one block per 32 ids, none for the emptied one
            EXPECT_EQ(check_integrity(GraphReader(txn)).problems, std::vector<std::string>{});
        }
        storage::WriteTxn txn(*env);
        write_version_4(txn);
        txn.commit();
    }
    ASSERT_FALSE(before.edges.empty());
    ASSERT_FALSE(before.edges.contains(64));
    {
        storage::EnvOptions read_only;
        read_only.read_only = true;
        auto env = storage::Env::open(path_, read_only);
        storage::ReadTxn txn(*env);
        const GraphReader r(txn);
        EXPECT_EQ(r.stored_format_version(), 4u);
        ASSERT_EQ(entries(txn).size(), before.edges.size());
        EXPECT_EQ(seen(txn, model.weight), before) << "seed " << GetParam();
        EXPECT_FALSE(r.edge(EdgeId{64}).has_value());  // deleted: neither entry nor block
        EXPECT_FALSE(r.edge(EdgeId{100'000}).has_value());
        EXPECT_EQ(check_integrity(r).problems, std::vector<std::string>{});
    }
    auto env = storage::Env::open(path_, {});
    {
        storage::WriteTxn txn(*env);
        GraphWriter g(txn);
        EXPECT_EQ(seen(txn, model.weight), before);  // inside the upgrading transaction
        txn.commit();
    }
    storage::ReadTxn txn(*env);
    EXPECT_EQ(GraphReader(txn).stored_format_version(), storage::format_version);
    std::vector<std::pair<std::uint64_t, bool>> expected;
    for (const std::uint64_t first : blocks_of(before))
        expected.emplace_back(first, true);
    EXPECT_EQ(entries(txn), expected);
    EXPECT_EQ(seen(txn, model.weight), before) << "seed " << GetParam();
    EXPECT_EQ(check_integrity(GraphReader(txn)).problems, std::vector<std::string>{});
}

INSTANTIATE_TEST_SUITE_P(Seeds, FormatV5, ::testing::Range<std::uint32_t>(1, 4));

class FormatV5Writes : public FormatV5 {};

TEST_F(FormatV5Writes, EachWriteRewritesOneBlock) {
    const auto model = build(9);
    auto env = storage::Env::open(path_, {});
    Seen before;
    {
        storage::ReadTxn txn(*env);
        before = seen(txn, model.weight);
    }
    const EdgeId target = model.edges[5].id, neighbour = model.edges[6].id;
    ASSERT_TRUE(before.edges.contains(target.value) && before.edges.contains(neighbour.value));
    {
        storage::WriteTxn txn(*env);
        GraphWriter g(txn);
        const std::string other(*g.edge_bytes(neighbour));
        ASSERT_TRUE(g.set_edge_property(target, model.weight, Value(std::string(300, 'w'))));
        EXPECT_EQ(g.edge_property(target, model.weight), Value(std::string(300, 'w')));
        EXPECT_EQ(*g.edge_bytes(neighbour), other);  // its block neighbour is untouched
        // A new edge lands in the last block or starts the next one.
        const EdgeId added = g.create_edge(model.nodes[0], model.types[0], model.nodes[1], {});
        EXPECT_EQ(g.edge(added)->src, model.nodes[0].value);
        txn.commit();
    }
    {
        storage::WriteTxn txn(*env);
        GraphWriter g(txn);
        g.delete_edge(neighbour);
        EXPECT_FALSE(g.edge(neighbour).has_value());
        EXPECT_TRUE(g.edge(target).has_value());
    }  // rolled back
    storage::ReadTxn txn(*env);
    const GraphReader r(txn);
    EXPECT_TRUE(r.edge(neighbour).has_value());
    EXPECT_EQ(r.edge_count(), before.edge_count + 1);
    for (const auto& [key, is_block] : entries(txn)) {
        EXPECT_TRUE(is_block);
        EXPECT_EQ(key % storage::edge_block_slots, 0u);
    }
    EXPECT_EQ(check_integrity(r).problems, std::vector<std::string>{});
}

TEST_F(FormatV5Writes, AnUpgradeThatRollsBackLeavesVersion4) {
    const auto model = build(3);
    auto env = storage::Env::open(path_, {});
    {
        storage::WriteTxn txn(*env);
        write_version_4(txn);
        txn.commit();
    }
    {
        storage::WriteTxn txn(*env);
        GraphWriter g(txn);
        EXPECT_EQ(g.stored_format_version(), storage::format_version);
    }  // rolled back
    storage::ReadTxn txn(*env);
    EXPECT_EQ(GraphReader(txn).stored_format_version(), 4u);
    const auto all = entries(txn);
    EXPECT_TRUE(std::none_of(all.begin(), all.end(), [](const auto& e) { return e.second; }));
    EXPECT_EQ(check_integrity(GraphReader(txn)).problems, std::vector<std::string>{});
}

TEST_F(FormatV5Writes, CheckFindsAnEntryOfTheOldLayout) {
    const auto model = build(4);
    auto env = storage::Env::open(path_, {});
    {
        storage::WriteTxn txn(*env);
        std::string record;  // of the first edge left
        const GraphReader r(txn);
        r.scan_edges([&](EdgeId id, const storage::EdgeRecord&) {
            record = *r.edge_bytes(id);
            return false;
        });
        ASSERT_FALSE(record.empty());
        txn.put(txn.tables().edges, id_key(std::uint64_t{100'001}), record);
        txn.commit();
    }
    storage::ReadTxn txn(*env);
    const std::vector<std::string> problems = check_integrity(GraphReader(txn)).problems;
    EXPECT_NE(std::find(problems.begin(), problems.end(),
                        "edges entry 100001: not an edge block, which format version 5 writes"),
              problems.end());
}

}  // namespace
}  // namespace caspian::graph
