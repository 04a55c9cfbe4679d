// Format version 4 (issue #20): 16-byte adjacency entries and varint edge record headers. A
// version 3 file, written here byte for byte, reads as it is and its first write upgrades it (to
// today's version, through 4) with every value, index, constraint, full-text index and count
// intact. Links caspian_graph.
#include "graph/constraints.hpp"
#include "graph/fulltext_index.hpp"
#include "graph/fulltext_search.hpp"
#include "graph/graph_store.hpp"
#include "graph/integrity_check.hpp"
#include "storage/codec.hpp"
#include "storage/edge_block.hpp"
#include "support/adj_entries.hpp"
#include "support/edge_entries.hpp"
#include "support/format_version.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace caspian::graph {
namespace {

using caspian::testing::TempDir;

// Everything a reader can see of the graph, to compare before and after the upgrade.
struct Snapshot {
    std::vector<std::tuple<std::uint64_t, std::uint32_t, std::uint64_t, std::uint64_t>> adjacency;
    std::map<std::uint64_t, std::tuple<std::uint32_t, std::uint64_t, std::uint64_t, PropertyIds>>
        edges;
    std::map<std::uint64_t, std::vector<std::uint64_t>> degrees;  // and self-loops, per type too
    std::map<std::uint64_t, PropertyIds> nodes;
    std::vector<std::uint64_t> indexed;  // the index scan of Person.age from 30
    std::vector<std::uint64_t> found;    // the full-text search
    std::uint64_t node_count = 0, edge_count = 0;
    std::vector<std::tuple<std::uint64_t, std::uint64_t, std::uint64_t>> type_stats;
    bool operator==(const Snapshot&) const = default;
};

// The version 1 record (format versions 1-3) of an edge record of today's version.
std::string version_1_record(std::string_view now) {
    const storage::EdgeRecord h = storage::decode_edge_header(now);
    // Today's header with no properties ends in the count 00; the properties are the same.
    const std::string header = storage::encode_edge({h.type, h.src, h.dst, {}});
    std::string old(1, '\x01');
    storage::append_be32(old, h.type);
    storage::append_be64(old, h.src);
    storage::append_be64(old, h.dst);
    return old + std::string(now.substr(header.size() - 1));
}

// The 20-byte entries and version 1 edge records of format version 3, from today's bytes.
void write_version_3(storage::WriteTxn& txn) {
    caspian::testing::unpack_adjacency(txn);
    for (const MDB_dbi table : {txn.tables().out_edges, txn.tables().in_edges}) {
        std::vector<std::pair<std::uint64_t, std::vector<AdjEntry>>> all;
        {
            storage::Cursor c(txn, table);
            MDB_val k, v;
            for (bool ok = c.move(MDB_FIRST, &k, &v); ok; ok = c.move(MDB_NEXT, &k, &v)) {
                const std::uint64_t node = read_id(k.mv_data);
                if (all.empty() || all.back().first != node) all.push_back({node, {}});
                all.back().second.push_back(decode_adj(v.mv_data, v.mv_size));
            }
        }
        for (const auto& [node, entries] : all) {
            ASSERT_TRUE(txn.del(table, id_key(node)));
            for (const AdjEntry& e : entries)
                txn.put(table, id_key(node), encode_adj_v3(e));
        }
    }
    caspian::testing::unpack_edge_blocks(txn, version_1_record);
    caspian::testing::set_stored_format_version(txn, 3);
}

// The width of the first entry of each adjacency key and the version byte of each edge record.
std::pair<std::set<std::size_t>, std::set<char>> stored_widths(const storage::Txn& txn) {
    std::set<std::size_t> widths;
    for (const MDB_dbi table : {txn.tables().out_edges, txn.tables().in_edges}) {
        storage::Cursor c(txn, table);
        MDB_val k, v;
        for (bool ok = c.move(MDB_FIRST, &k, &v); ok; ok = c.move(MDB_NEXT_NODUP, &k, &v))
            widths.insert(v.mv_size);
    }
    std::set<char> versions;
    const GraphReader r(txn);
    r.scan_edges([&](EdgeId id, const storage::EdgeRecord&) {
        versions.insert((*r.edge_bytes(id))[0]);
        return true;
    });
    return {widths, versions};
}

class FormatV4 : public ::testing::Test {
protected:
    TempDir dir_;
    std::filesystem::path path_ = dir_.sub("db");
    LabelId person_{0};
    PropertyId age_{0}, about_{0};
    std::vector<TypeId> types_;
    std::uint64_t hub_ = 0;

    // Random multigraph with self-loops, a hub of more than a page of entries, an index, a
    // uniqueness constraint and a full-text index.
    void build(std::uint32_t seed) {
        auto env = storage::Env::open(path_, {});
        storage::WriteTxn txn(*env);
        GraphWriter g(txn);
        person_ = g.intern<NameKind::Label>("Person");
        age_ = g.intern<NameKind::Property>("age");
        about_ = g.intern<NameKind::Property>("about");
        const PropertyId key = g.intern<NameKind::Property>("key");
        const PropertyId since = g.intern<NameKind::Property>("since");
        for (const char* t : {"KNOWS", "LIKES", "HATES"})
            types_.push_back(g.intern<NameKind::Type>(t));
        std::mt19937 rng(seed);
        std::vector<NodeId> nodes;
        for (int i = 0; i < 60; ++i) {
            nodes.push_back(g.create_node(
                {person_}, {{key, Value("p" + std::to_string(i))},
                            {age_, Value(std::int64_t(rng() % 80))},
                            {about_, Value(i % 3 == 0 ? std::string("likes sailing")
                                                      : std::string("reads books"))}}));
        }
        hub_ = nodes[0].value;
        for (int i = 0; i < 700; ++i) {
            const NodeId a = i < 300 ? nodes[0] : nodes[rng() % nodes.size()];
            const NodeId b = i % 50 == 0 ? a : nodes[rng() % nodes.size()];
            PropertyValues props;
            if (i % 2 == 0) props.emplace_back(since, Value(std::int64_t(1900 + i)));
            g.create_edge(a, types_[rng() % types_.size()], b, std::move(props));
        }
        ASSERT_TRUE(g.create_index(person_, age_));
        ASSERT_TRUE(create_unique_constraint(g, "person_key", person_, key, false));
        FulltextIndex index;
        index.name = "about";
        index.tokens = {person_.value};
        index.properties = {about_};
        ASSERT_TRUE(create_fulltext_index(g, index, false));
        txn.commit();
    }

    Snapshot snapshot(const storage::Txn& txn) const {
        GraphReader r(txn);
        Snapshot s;
        r.scan_nodes([&](NodeId n) {
            s.nodes[n.value] = r.node(n)->properties;
            std::vector<std::uint64_t>& degrees = s.degrees[n.value];
            degrees = {r.degree(n, Direction::Out), r.degree(n, Direction::In), r.self_loops(n)};
            for (const Direction d : {Direction::Out, Direction::In}) {
                r.adjacency(n, d, std::nullopt, [&](const AdjEntry& e) {
                    s.adjacency.emplace_back(n.value, e.type.value, e.neighbour.value,
                                             e.edge.value);
                    return true;
                });
                for (const TypeId t : types_) {
                    degrees.push_back(r.degree(n, d, t));
                    degrees.push_back(r.self_loops(n, t));
                }
            }
            return true;
        });
        r.scan_edges([&](EdgeId id, const storage::EdgeRecord& e) {
            s.edges[id.value] = {e.type, e.src, e.dst, r.edge(id)->properties};
            return true;
        });
        r.index_scan(person_, age_, Value(std::int64_t(30)), std::nullopt, [&](NodeId n) {
            s.indexed.push_back(n.value);
            return true;
        });
        const auto index = find_fulltext_index(r, "about");
        if (index) {
            for (const FulltextHit& h : fulltext_search(r, *index, "sailing"))
                s.found.push_back(h.id);
        }
        s.node_count = r.node_count();
        s.edge_count = r.edge_count();
        for (const TypeId t : types_) {
            const TypeStats ts = r.type_stats(t);
            s.type_stats.emplace_back(ts.edges, ts.distinct_sources, ts.distinct_targets);
        }
        return s;
    }
};

TEST_F(FormatV4, NewDatabasesWriteTheNarrowEntries) {
    build(1);
    auto env = storage::Env::open(path_, {});
    storage::ReadTxn txn(*env);
    EXPECT_EQ(GraphReader(txn).stored_format_version(), storage::format_version);
    const auto [widths, versions] = stored_widths(txn);
    EXPECT_EQ(widths, std::set<std::size_t>{});  // format 6 packs them (format_v6_test.cpp)
    EXPECT_EQ(versions, std::set<char>{char(storage::edge_record_version)});
    EXPECT_TRUE(check_integrity(GraphReader(txn)).problems.empty());
}

class FormatV4Seeds : public FormatV4, public ::testing::WithParamInterface<std::uint32_t> {};

TEST_P(FormatV4Seeds, AVersion3FileReadsAsItIsAndItsFirstWriteUpgradesIt) {
    build(GetParam());
    Snapshot before;
    {
        auto env = storage::Env::open(path_, {});
        {
            storage::ReadTxn txn(*env);
            before = snapshot(txn);
        }
        storage::WriteTxn txn(*env);
        write_version_3(txn);
        txn.commit();
    }
    ASSERT_FALSE(before.found.empty());
    ASSERT_FALSE(before.indexed.empty());
    {
        storage::EnvOptions read_only;
        read_only.read_only = true;
        auto env = storage::Env::open(path_, read_only);
        storage::ReadTxn txn(*env);
        EXPECT_EQ(GraphReader(txn).stored_format_version(), 3u);
        const auto [widths, versions] = stored_widths(txn);
        ASSERT_EQ(widths, std::set<std::size_t>{adj_entry_size_v3});
        ASSERT_EQ(versions, std::set<char>{1});
        EXPECT_EQ(snapshot(txn), before) << "seed " << GetParam();
        EXPECT_EQ(check_integrity(GraphReader(txn)).problems, std::vector<std::string>{});
    }
    auto env = storage::Env::open(path_, {});
    {
        storage::WriteTxn txn(*env);
        GraphWriter g(txn);
        // The constraint still holds after the rewrite, inside the upgrading transaction.
        EXPECT_THROW(g.create_node({person_}, {{g.intern<NameKind::Property>("key"),
                                                Value(std::string("p1"))}}),
                     Error);
        txn.commit();
    }
    storage::ReadTxn txn(*env);
    EXPECT_EQ(GraphReader(txn).stored_format_version(), storage::format_version);
    const auto [widths, versions] = stored_widths(txn);
    EXPECT_EQ(widths, std::set<std::size_t>{});  // format 6 packs them (format_v6_test.cpp)
    EXPECT_EQ(versions, std::set<char>{char(storage::edge_record_version)});
    EXPECT_EQ(snapshot(txn), before) << "seed " << GetParam();
    EXPECT_EQ(check_integrity(GraphReader(txn)).problems, std::vector<std::string>{});
    EXPECT_EQ(unique_constraints(GraphReader(txn)).size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Seeds, FormatV4Seeds, ::testing::Range<std::uint32_t>(1, 4));

TEST_F(FormatV4, AnUpgradeThatRollsBackLeavesVersion3) {
    build(7);
    {
        auto env = storage::Env::open(path_, {});
        storage::WriteTxn txn(*env);
        write_version_3(txn);
        txn.commit();
    }
    auto env = storage::Env::open(path_, {});
    {
        storage::WriteTxn txn(*env);
        GraphWriter g(txn);
        EXPECT_EQ(g.stored_format_version(), storage::format_version);
    }  // rolled back
    storage::ReadTxn txn(*env);
    EXPECT_EQ(GraphReader(txn).stored_format_version(), 3u);
    EXPECT_EQ(stored_widths(txn).first, std::set<std::size_t>{adj_entry_size_v3});
    EXPECT_TRUE(check_integrity(GraphReader(txn)).problems.empty());
}

TEST_F(FormatV4, CheckFindsAnEntryOrARecordOfTheOldLayout) {
    build(5);
    auto env = storage::Env::open(path_, {});
    {
        storage::WriteTxn txn(*env);
        std::vector<AdjEntry> entries;
        GraphReader(txn).adjacency(NodeId(hub_), Direction::Out, std::nullopt,
                                   [&](const AdjEntry& e) { return entries.push_back(e), true; });
        // A version 5 file (adjacency in `out_edges`) with a hub of version 3's width.
        caspian::testing::unpack_adjacency(txn);
        caspian::testing::set_stored_format_version(txn, 5);
        ASSERT_TRUE(txn.del(txn.tables().out_edges, id_key(hub_)));
        for (const AdjEntry& e : entries)
            txn.put(txn.tables().out_edges, id_key(hub_), encode_adj_v3(e));
        txn.commit();
    }
    storage::ReadTxn txn(*env);
    const std::vector<std::string> problems = check_integrity(GraphReader(txn)).problems;
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0], "out-entries of node " + std::to_string(hub_) +
                               ": 20 bytes each, not the 16 of format version 5");
}

TEST_F(FormatV4, CheckFindsAnEdgeRecordOfVersion1InANewerFile) {
    build(6);
    auto env = storage::Env::open(path_, {});
    {
        storage::WriteTxn txn(*env);
        // Edge 1 is in the block of ids 0 to 31 (format version 5).
        storage::EdgeBlock block(*txn.get(txn.tables().edges, id_key(std::uint64_t{0})));
        block.set(1, version_1_record(*GraphReader(txn).edge_bytes(EdgeId{1})));
        txn.put(txn.tables().edges, id_key(std::uint64_t{0}), block.encode());
        txn.commit();
    }
    storage::ReadTxn txn(*env);
    const std::vector<std::string> problems = check_integrity(GraphReader(txn)).problems;
    ASSERT_EQ(problems.size(), 1u) << (problems.empty() ? "" : problems[0]);
    EXPECT_EQ(problems[0], "edge 1: the record is not of the version format version " +
                               std::to_string(storage::format_version) + " writes");
}

TEST(AdjacencyIds, AnIdBeyond48BitsIsAStorageError) {
    char out[adj_entry_size];
    write_adj(out, {TypeId(1), NodeId(max_adj_id), EdgeId(max_adj_id)});
    EXPECT_EQ(decode_adj(out).neighbour, NodeId(max_adj_id));
    try {
        write_adj(out, {TypeId(1), NodeId(max_adj_id + 1), EdgeId(1)});
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Storage);
    }
    EXPECT_THROW(adj_width(17), Error);
}

TEST(EdgeRecords, Version1ReadsAndUpgradesToTheSameRecord) {
    const storage::EdgeRecord edge{3, 1, 300'000, {{2, Value(std::int64_t(-5))}}};
    const std::string now = storage::encode_edge(edge);
    const std::string old = version_1_record(now);
    EXPECT_EQ(old.substr(0, 21), std::string("\x01\0\0\0\x03\0\0\0\0\0\0\0\x01"
                                             "\0\0\0\0\0\x04\x93\xe0",
                                             21));
    const storage::EdgeRecord back = storage::decode_edge(old);
    EXPECT_EQ(std::tie(back.type, back.src, back.dst, back.properties),
              std::tie(edge.type, edge.src, edge.dst, edge.properties));
    EXPECT_EQ(storage::upgrade_edge_record(old), now);
    EXPECT_EQ(storage::upgrade_edge_record(now), std::nullopt);
    EXPECT_EQ(storage::find_edge_property(old, 2), Value(std::int64_t(-5)));
    EXPECT_EQ(now.size() + 15, old.size());
}

}  // namespace
}  // namespace caspian::graph
