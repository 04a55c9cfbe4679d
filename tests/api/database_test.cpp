// Tests of the embedding API (include/caspian/database.hpp, query/api/database.cpp): durability
// across reopen, rollback, snapshots, the key index, open errors, map growth and the Node/Edge
// values it returns. Links only `caspian`, like an embedding program.
#include <caspian/database.hpp>

#include "support/error_kind.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <random>

namespace caspian {
namespace {

using caspian::testing::kind_of;
using caspian::testing::message_of;
using caspian::testing::TempDir;

class DatabaseTest : public ::testing::Test {
protected:
    std::filesystem::path db_path() const { return dir_.sub("db"); }
    TempDir dir_;
};

// Belarus, Azerbaijan and a visit; returns the edge.
EdgeId add_visit(WriteTransaction& txn) {
    const NodeId by = txn.create_node({"Country"}, {{"key", "BY"}, {"name", "Belarus"}});
    const NodeId az = txn.create_node({"Country"}, {{"key", "AZ"}, {"name", "Azerbaijan"}});
    return txn.create_edge(by, "VISITED", az,
                           {{"date", make_date(2022, 5, 18)}, {"days", 2}, {"by", "Golovchenko"}});
}

// --- durability, rollback, snapshots ---------------------------------------------------------

TEST_F(DatabaseTest, CommittedTransactionSurvivesReopen) {
    EdgeId visit;
    {
        Database db = Database::open(db_path());
        WriteTransaction txn = db.begin_write();
        visit = add_visit(txn);
        txn.commit();
    }
    Database db = Database::open(db_path());
    ReadTransaction txn = db.begin_read();
    const auto by = txn.find_node("BY"), az = txn.find_node("AZ");
    ASSERT_TRUE(by && az);
    const auto edge = txn.edge(visit);
    ASSERT_TRUE(edge);
    EXPECT_EQ(edge->src, *by);
    EXPECT_EQ(edge->dst, *az);
    EXPECT_EQ(edge->type, "VISITED");
    EXPECT_EQ(txn.node(*az)->properties, (Properties{{"key", "AZ"}, {"name", "Azerbaijan"}}));
    const Counts c = txn.counts();
    EXPECT_EQ(c.nodes, 2u);
    EXPECT_EQ(c.edges, 1u);
}

TEST_F(DatabaseTest, TransactionDestroyedWithoutCommitLeavesNothing) {
    {
        Database db = Database::open(db_path());
        {
            WriteTransaction txn = db.begin_write();
            add_visit(txn);
            EXPECT_EQ(txn.counts().nodes, 2u);  // visible inside the transaction
        }
        EXPECT_EQ(db.begin_read().counts().nodes, 0u);
        EXPECT_THROW(db.update([](WriteTransaction& txn) {
            add_visit(txn);
            throw std::runtime_error("the embedding program fails half way");
        }),
                     std::runtime_error);
    }
    Database db = Database::open(db_path());
    ReadTransaction txn = db.begin_read();
    EXPECT_EQ(txn.counts().nodes, 0u);
    EXPECT_EQ(txn.counts().edges, 0u);
    EXPECT_EQ(txn.find_node("BY"), std::nullopt);
    EXPECT_FALSE(txn.node(NodeId{1}));
}

TEST_F(DatabaseTest, CommittedTransactionRefusesFurtherWrites) {
    Database db = Database::open(db_path());
    WriteTransaction txn = db.begin_write();
    txn.create_node({});
    txn.commit();
    EXPECT_EQ(kind_of([&] { txn.create_node({}); }), ErrorKind::Usage);
    EXPECT_EQ(kind_of([&] { txn.commit(); }), ErrorKind::Usage);
    EXPECT_EQ(db.begin_read().counts().nodes, 1u);
}

TEST_F(DatabaseTest, ReaderKeepsTheSnapshotItBeganWith) {
    Database db = Database::open(db_path());
    db.update([](WriteTransaction& txn) { txn.create_node({"Country"}, {{"key", "BY"}}); });
    ReadTransaction before = db.begin_read();
    db.update([](WriteTransaction& txn) {
        txn.create_node({"Country"}, {{"key", "AZ"}});
        txn.set_property(*txn.find_node("BY"), "name", "Belarus");
    });
    EXPECT_EQ(before.counts().nodes, 1u);
    EXPECT_EQ(before.find_node("AZ"), std::nullopt);
    EXPECT_EQ(before.node(*before.find_node("BY"))->properties, (Properties{{"key", "BY"}}));
    ReadTransaction after = db.begin_read();
    EXPECT_EQ(after.counts().nodes, 2u);
    EXPECT_TRUE(after.find_node("AZ"));
    EXPECT_EQ(after.node(*after.find_node("BY"))->properties,
              (Properties{{"key", "BY"}, {"name", "Belarus"}}));
}

TEST_F(DatabaseTest, HandlesOfOnePathShareTheDatabase) {
    Database a = Database::open(db_path());
    Database b = Database::open(db_path());
    a.update([](WriteTransaction& txn) { txn.create_node({}, {{"key", "BY"}}); });
    EXPECT_TRUE(b.begin_read().find_node("BY"));
}

// --- key index -------------------------------------------------------------------------------

TEST_F(DatabaseTest, KeyIndexRejectsADuplicateAndStaysConsistent) {
    Database db = Database::open(db_path());
    NodeId by;
    {
        WriteTransaction txn = db.begin_write();
        by = txn.create_node({"Country"}, {{"key", "BY"}});
        EXPECT_EQ(kind_of([&] {
                      txn.create_node({"Country"}, {{"key", "BY"}});
                  }),
                  ErrorKind::Constraint);
        EXPECT_EQ(txn.find_node("BY"), by);
        // The transaction stays usable and commits what it did.
        const NodeId az = txn.create_node({"Country"}, {{"key", "AZ"}});
        EXPECT_EQ(kind_of([&] { txn.set_property(az, "key", "BY"); }), ErrorKind::Constraint);
        EXPECT_EQ(kind_of([&] { txn.set_property(az, "key", 7); }), ErrorKind::Constraint);
        EXPECT_EQ(kind_of([&] { txn.create_node({}, {{"key", 1.5}}); }), ErrorKind::Constraint);
        txn.commit();
    }
    ReadTransaction txn = db.begin_read();
    EXPECT_EQ(txn.find_node("BY"), by);
    EXPECT_EQ(txn.counts().nodes, 2u);
    EXPECT_EQ(txn.counts().labels,
              (std::vector<std::pair<std::string, std::uint64_t>>{{"Country", 2}}));
    EXPECT_EQ(txn.node(*txn.find_node("AZ"))->properties, (Properties{{"key", "AZ"}}));
}

TEST_F(DatabaseTest, KeyIndexMovesWithSetPropertyAndGoesWithDelete) {
    Database db = Database::open(db_path());
    db.update([](WriteTransaction& txn) {
        const NodeId n = txn.create_node({}, {{"key", "Belarus"}});
        txn.set_property(n, "key", "BY");
        EXPECT_EQ(txn.find_node("Belarus"), std::nullopt);
        EXPECT_EQ(txn.find_node("BY"), n);
        const NodeId m = txn.create_node({}, {{"key", "Belarus"}});
        EXPECT_EQ(txn.find_node("Belarus"), m);
        txn.delete_node(m);
    });
    ReadTransaction txn = db.begin_read();
    EXPECT_EQ(txn.find_node("Belarus"), std::nullopt);
    EXPECT_TRUE(txn.find_node("BY"));
    EXPECT_EQ(txn.find_node(""), std::nullopt);
}

// --- open errors and read-only ---------------------------------------------------------------

TEST_F(DatabaseTest, OpeningADirectoryOfOtherFilesIsUsage) {
    std::filesystem::create_directories(db_path());
    std::ofstream(db_path() / "photo.jpg") << "jpeg";
    const std::string message = message_of([&] { Database::open(db_path()); });
    EXPECT_NE(message.find("not a caspian database"), std::string::npos) << message;
    EXPECT_EQ(kind_of([&] { Database::open(db_path()); }), ErrorKind::Usage);
}

TEST_F(DatabaseTest, OpeningAPlainFileIsUsage) {
    std::ofstream(db_path()) << "plain";
    EXPECT_EQ(kind_of([&] { Database::open(db_path()); }), ErrorKind::Usage);
}

TEST_F(DatabaseTest, ReadOnlyOpenOfAMissingDatabaseIsUsage) {
    EXPECT_EQ(kind_of([&] { Database::open(db_path(), {.read_only = true}); }), ErrorKind::Usage);
    EXPECT_EQ(kind_of([&] { Database::open(db_path(), {.create = false}); }), ErrorKind::Usage);
    EXPECT_FALSE(std::filesystem::exists(db_path()));
}

TEST_F(DatabaseTest, ReadOnlyDatabaseRefusesWrites) {
    {
        Database::open(db_path()).update([](WriteTransaction& txn) { add_visit(txn); });
    }
    Database db = Database::open(db_path(), {.read_only = true});
    EXPECT_TRUE(db.is_read_only());
    EXPECT_THROW(db.begin_write(), Error);
    EXPECT_THROW(db.update([](WriteTransaction& txn) { txn.create_node({}); }), Error);
    EXPECT_EQ(db.begin_read().counts().nodes, 2u);
}

TEST_F(DatabaseTest, ReadOnlyHandleStaysReadOnlyBesideAWritableOne) {
    Database writable = Database::open(db_path());
    Database db = Database::open(db_path(), {.read_only = true});
    EXPECT_TRUE(db.is_read_only());
    EXPECT_FALSE(writable.is_read_only());
    EXPECT_EQ(kind_of([&] { (void)db.begin_write(); }), ErrorKind::Usage);
    writable.update([](WriteTransaction& txn) { txn.create_node({}); });
    EXPECT_EQ(db.begin_read().counts().nodes, 1u);
}

// --- map growth ------------------------------------------------------------------------------

TEST_F(DatabaseTest, UpdateGrowsATinyMapAndKeepsTheData) {
    constexpr int nodes = 20'000;  // ~1 KB each: about 20 MB into a 256 KiB map
    auto payload = [](int i) { return std::string(1000, char('a' + i % 26)); };
    {
        Database db = Database::open(db_path(), {.map_size = 256 * 1024});
        int attempts = 0;
        db.update([&](WriteTransaction& txn) {
            ++attempts;
            for (int i = 0; i < nodes; ++i) {
                txn.create_node({"Blob"}, {{"key", "b" + std::to_string(i)}, {"data", payload(i)}});
            }
        });
        EXPECT_GT(attempts, 1);
        EXPECT_EQ(db.begin_read().counts().nodes, std::uint64_t(nodes));
    }
    // Reopened with the default map, then with the tiny one again: both read and write.
    std::uint64_t added = 0;
    for (std::uint64_t map_size : {std::uint64_t{0}, std::uint64_t{256 * 1024}}) {
        Database db = Database::open(db_path(), {.map_size = map_size});
        {
            ReadTransaction txn = db.begin_read();
            EXPECT_EQ(txn.counts().nodes, nodes + added);
            for (int i = 0; i < nodes; i += 997) {
                const auto id = txn.find_node("b" + std::to_string(i));
                ASSERT_TRUE(id) << i;
                EXPECT_EQ(txn.node(*id)->properties,
                          (Properties{{"data", payload(i)}, {"key", "b" + std::to_string(i)}}));
            }
        }
        db.update([&](WriteTransaction& txn) {
            txn.create_node({}, {{"key", "more" + std::to_string(map_size)}});
        });
        ++added;
    }
    Database db = Database::open(db_path());
    EXPECT_EQ(db.begin_read().counts().nodes, std::uint64_t(nodes) + 2);
}

// --- values through the API ------------------------------------------------------------------

TEST_F(DatabaseTest, NodesComeBackWithSortedLabelsAndProperties) {
    Database db = Database::open(db_path());
    NodeId id;
    db.update([&](WriteTransaction& txn) {
        // Interned in an order unlike the names' order.
        id = txn.create_node({"Zeta", "Alpha", "Zeta"},
                             {{"zz", List{1, "x"}}, {"aa", 2.0}, {"mm", Value()}});
        txn.add_label(id, "Mid");
        txn.set_property(id, "bb", DateTime{5, 0, 0, {}});
    });
    const auto node = db.begin_read().node(id);
    ASSERT_TRUE(node);
    EXPECT_EQ(node->id, id);
    EXPECT_EQ(node->labels, (std::vector<std::string>{"Alpha", "Mid", "Zeta"}));
    EXPECT_EQ(node->properties,
              (Properties{{"aa", 2.0}, {"bb", DateTime{5, 0, 0, {}}}, {"zz", List{1, "x"}}}));
    EXPECT_EQ(to_literal(Value(*node)),
              "(:Alpha:Mid:Zeta {aa: 2.0, bb: datetime('1970-01-01T00:00:05Z'), zz: [1, "
              "'x']})");
    db.update([&](WriteTransaction& txn) {
        txn.remove_label(id, "Zeta");
        txn.remove_label(id, "NeverSeen");
        txn.set_property(id, "aa", Value());
    });
    const auto after = db.begin_read().node(id);
    EXPECT_EQ(after->labels, (std::vector<std::string>{"Alpha", "Mid"}));
    EXPECT_EQ(after->properties, (Properties{{"bb", DateTime{5, 0, 0, {}}}, {"zz", List{1, "x"}}}));
}

TEST_F(DatabaseTest, EdgesListByDirectionAndType) {
    Database db = Database::open(db_path());
    NodeId a, b, c;
    EdgeId ab, ac, ba, aa, ab2;
    db.update([&](WriteTransaction& txn) {
        a = txn.create_node({"Country"}, {{"key", "BY"}});
        b = txn.create_node({"Country"}, {{"key", "AZ"}});
        c = txn.create_node({"City"}, {{"key", "Ganja"}});
        ab = txn.create_edge(a, "VISITED", b, {{"year", 2022}});
        ac = txn.create_edge(a, "TRADES_WITH", c);
        ba = txn.create_edge(b, "VISITED", a);
        aa = txn.create_edge(a, "VISITED", a);
        ab2 = txn.create_edge(a, "VISITED", b);
        txn.set_property(ab2, "note", "second");
    });
    ReadTransaction txn = db.begin_read();
    auto ids = [](const std::vector<Edge>& edges) {
        std::vector<EdgeId> out;
        for (const Edge& e : edges)
            out.push_back(e.id);
        return out;
    };
    // Sorted by type id, neighbour id, edge id: VISITED was interned first.
    EXPECT_EQ(ids(txn.edges(a, Direction::Out)), (std::vector<EdgeId>{aa, ab, ab2, ac}));
    EXPECT_EQ(ids(txn.edges(a, Direction::In)), (std::vector<EdgeId>{aa, ba}));
    EXPECT_EQ(ids(txn.edges(a, Direction::Both)), (std::vector<EdgeId>{aa, ab, ab2, ac, aa, ba}));
    EXPECT_EQ(ids(txn.edges(a, Direction::Out, "TRADES_WITH")), (std::vector<EdgeId>{ac}));
    EXPECT_EQ(ids(txn.edges(a, Direction::In, "TRADES_WITH")), std::vector<EdgeId>{});
    EXPECT_EQ(ids(txn.edges(a, Direction::Out, "NO_SUCH_TYPE")), std::vector<EdgeId>{});
    EXPECT_EQ(txn.degree(a, Direction::Out), 4u);
    EXPECT_EQ(txn.degree(a, Direction::In), 2u);
    EXPECT_EQ(txn.degree(a, Direction::Both), 6u);
    EXPECT_EQ(txn.degree(a, Direction::Out, "VISITED"), 3u);
    EXPECT_EQ(txn.degree(c, Direction::In, "TRADES_WITH"), 1u);
    EXPECT_EQ(txn.degree(c, Direction::In, "NO_SUCH_TYPE"), 0u);
    const Edge e = *txn.edge(ab2);
    EXPECT_EQ(e.type, "VISITED");
    EXPECT_EQ(e.src, a);
    EXPECT_EQ(e.dst, b);
    EXPECT_EQ(e.properties, (Properties{{"note", "second"}}));
    EXPECT_EQ(txn.edges(a, Direction::Out)[1].properties, (Properties{{"year", 2022}}));

    const Counts counts = txn.counts();
    EXPECT_EQ(counts.nodes, 3u);
    EXPECT_EQ(counts.edges, 5u);
    EXPECT_EQ(counts.labels,
              (std::vector<std::pair<std::string, std::uint64_t>>{{"Country", 2}, {"City", 1}}));
    EXPECT_EQ(counts.edge_types, (std::vector<std::pair<std::string, std::uint64_t>>{
                                     {"VISITED", 4}, {"TRADES_WITH", 1}}));
    std::vector<NodeId> countries, all;
    txn.scan_label("Country", [&](NodeId n) { return countries.push_back(n), true; });
    txn.scan_label("Nope", [&](NodeId n) { return countries.push_back(n), true; });
    txn.scan_nodes([&](NodeId n) { return all.push_back(n), all.size() < 2; });
    EXPECT_EQ(countries, (std::vector<NodeId>{a, b}));
    EXPECT_EQ(all, (std::vector<NodeId>{a, b}));
}

TEST_F(DatabaseTest, DeletesUpdateEdgesAndCounts) {
    Database db = Database::open(db_path());
    NodeId a, b;
    EdgeId ab;
    db.update([&](WriteTransaction& txn) {
        a = txn.create_node({"Country"});
        b = txn.create_node({"Country"});
        ab = txn.create_edge(a, "VISITED", b);
        txn.create_edge(b, "VISITED", a);
    });
    {
        WriteTransaction txn = db.begin_write();
        EXPECT_EQ(kind_of([&] { txn.delete_node(a); }), ErrorKind::Constraint);
        txn.delete_edge(ab);
        EXPECT_EQ(kind_of([&] { txn.delete_edge(ab); }), ErrorKind::Constraint);
        txn.delete_node(b, DeleteMode::Detach);
        txn.commit();
    }
    ReadTransaction txn = db.begin_read();
    const Counts counts = txn.counts();
    EXPECT_EQ(counts.nodes, 1u);
    EXPECT_EQ(counts.edges, 0u);
    EXPECT_EQ(counts.labels, (std::vector<std::pair<std::string, std::uint64_t>>{{"Country", 1}}));
    EXPECT_TRUE(counts.edge_types.empty());
    EXPECT_TRUE(txn.edges(a, Direction::Both).empty());
    EXPECT_FALSE(txn.node(b));
}

TEST_F(DatabaseTest, UnknownIdsAreConstraintErrors) {
    Database db = Database::open(db_path());
    WriteTransaction txn = db.begin_write();
    const NodeId a = txn.create_node({});
    const NodeId missing{a.value + 100};
    const EdgeId no_edge{42};
    EXPECT_EQ(kind_of([&] { txn.create_edge(a, "T", missing); }), ErrorKind::Constraint);
    EXPECT_EQ(kind_of([&] { txn.create_edge(missing, "T", a); }), ErrorKind::Constraint);
    EXPECT_EQ(kind_of([&] { txn.set_property(missing, "p", 1); }), ErrorKind::Constraint);
    EXPECT_EQ(kind_of([&] { txn.set_property(no_edge, "p", 1); }), ErrorKind::Constraint);
    EXPECT_EQ(kind_of([&] { txn.add_label(missing, "L"); }), ErrorKind::Constraint);
    EXPECT_EQ(kind_of([&] { txn.remove_label(missing, "L"); }), ErrorKind::Constraint);
    EXPECT_EQ(kind_of([&] { txn.delete_node(missing); }), ErrorKind::Constraint);
    EXPECT_EQ(kind_of([&] { txn.delete_node(missing, DeleteMode::Detach); }),
              ErrorKind::Constraint);
    EXPECT_EQ(kind_of([&] { txn.delete_edge(no_edge); }), ErrorKind::Constraint);
    EXPECT_EQ(kind_of([&] { txn.set_property(a, "p", Map{}); }), ErrorKind::Type);
    EXPECT_FALSE(txn.node(missing));
    EXPECT_FALSE(txn.edge(no_edge));
    EXPECT_TRUE(txn.edges(missing, Direction::Both).empty());
    EXPECT_EQ(txn.degree(missing, Direction::Both), 0u);
    txn.commit();
    EXPECT_EQ(db.begin_read().counts().edges, 0u);
}

// --- a large round trip (ctest label `slow`) -------------------------------------------------

TEST(DatabaseSlow, RoundTripsAHundredThousandNodesAndAMillionEdges) {
    constexpr std::uint32_t seed = 1993;  // the year Belarus and Azerbaijan opened relations
    constexpr int nodes = 100'000, edges = 1'000'000;
    const char* const types[] = {"ROAD", "RAIL", "AIR"};
    struct Planned {
        int src, dst, type;
    };
    std::mt19937 rng(seed);
    std::vector<Planned> plan(edges);
    for (Planned& p : plan)
        p = {int(rng() % nodes), int(rng() % nodes), int(rng() % 3)};
    std::vector<std::uint64_t> out_degree(nodes), in_degree(nodes);
    std::uint64_t per_type[3] = {};
    for (const Planned& p : plan) {
        ++out_degree[p.src];
        ++in_degree[p.dst];
        ++per_type[p.type];
    }

    TempDir dir;
    std::vector<NodeId> node_ids;
    std::vector<EdgeId> edge_ids;
    const auto start = std::chrono::steady_clock::now();
    {
        Database db = Database::open(dir.sub("db"), {.sync = SyncMode::None});
        db.update([&](WriteTransaction& txn) {
            node_ids.clear();
            edge_ids.clear();
            for (int i = 0; i < nodes; ++i) {
                node_ids.push_back(txn.create_node({i % 10 == 0 ? "Country" : "City"},
                                                   {{"key", "n" + std::to_string(i)}, {"i", i}}));
            }
            for (int i = 0; i < edges; ++i) {
                const Planned& p = plan[i];
                Properties props;
                if (i % 10 == 0) props.emplace_back("w", i);
                edge_ids.push_back(
                    txn.create_edge(node_ids[p.src], types[p.type], node_ids[p.dst], props));
            }
        });
    }
    const auto written = std::chrono::steady_clock::now();

    Database db = Database::open(dir.sub("db"), {.read_only = true});
    ReadTransaction txn = db.begin_read();
    const Counts counts = txn.counts();
    EXPECT_EQ(counts.nodes, std::uint64_t(nodes));
    EXPECT_EQ(counts.edges, std::uint64_t(edges));
    EXPECT_EQ(counts.labels, (std::vector<std::pair<std::string, std::uint64_t>>{
                                 {"Country", nodes / 10}, {"City", nodes - nodes / 10}}));
    // Types are listed in the order they were first used.
    auto edge_types = counts.edge_types;
    std::sort(edge_types.begin(), edge_types.end());
    EXPECT_EQ(edge_types, (std::vector<std::pair<std::string, std::uint64_t>>{
                              {"AIR", per_type[2]}, {"RAIL", per_type[1]}, {"ROAD", per_type[0]}}));
    std::uint64_t out_sum = 0, in_sum = 0;
    for (int i = 0; i < nodes; ++i) {
        const std::uint64_t out = txn.degree(node_ids[i], Direction::Out);
        const std::uint64_t in = txn.degree(node_ids[i], Direction::In);
        ASSERT_EQ(out, out_degree[i]) << "seed " << seed << " node " << i;
        ASSERT_EQ(in, in_degree[i]) << "seed " << seed << " node " << i;
        out_sum += out;
        in_sum += in;
    }
    EXPECT_EQ(out_sum, std::uint64_t(edges));
    EXPECT_EQ(in_sum, std::uint64_t(edges));

    std::mt19937 sample(seed + 1);
    for (int s = 0; s < 2000; ++s) {
        const int i = int(sample() % nodes);
        const auto found = txn.find_node("n" + std::to_string(i));
        ASSERT_EQ(found, node_ids[i]) << "seed " << seed << " node " << i;
        const auto node = txn.node(*found);
        ASSERT_TRUE(node);
        EXPECT_EQ(node->labels, std::vector<std::string>{i % 10 == 0 ? "Country" : "City"});
        EXPECT_EQ(node->properties, (Properties{{"i", i}, {"key", "n" + std::to_string(i)}}));

        const int j = int(sample() % edges);
        const auto edge = txn.edge(edge_ids[j]);
        ASSERT_TRUE(edge) << "seed " << seed << " edge " << j;
        EXPECT_EQ(edge->src, node_ids[plan[j].src]);
        EXPECT_EQ(edge->dst, node_ids[plan[j].dst]);
        EXPECT_EQ(edge->type, types[plan[j].type]);
        EXPECT_EQ(edge->properties, (j % 10 == 0 ? Properties{{"w", j}} : Properties{}));
        const auto typed = txn.edges(node_ids[plan[j].src], Direction::Out, types[plan[j].type]);
        EXPECT_TRUE(std::any_of(typed.begin(), typed.end(),
                                [&](const Edge& e) { return e.id == edge_ids[j]; }));
    }
    const auto verified = std::chrono::steady_clock::now();
    using ms = std::chrono::milliseconds;
    std::cout << "write " << std::chrono::duration_cast<ms>(written - start).count()
              << " ms, reopen and verify "
              << std::chrono::duration_cast<ms>(verified - written).count() << " ms\n";
}

}  // namespace
}  // namespace caspian
