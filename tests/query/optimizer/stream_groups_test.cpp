// The streaming aggregation (query/optimizer/stream_groups.cpp, query/exec/aggregate.cpp's row
// key): grouped by a node its input yields once, or by that node's key, an Aggregate yields a
// group per row without a table, and must give the rows of the plain plan on random multigraphs
// whose nodes may lack a key (those still share the null group). Links only `caspian`.
#include <caspian/database.hpp>

#include "support/result_lines.hpp"
#include "support/seeds.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace caspian {
namespace {

using caspian::testing::Rng;
using caspian::testing::sorted_lines;
using caspian::testing::TempDir;

std::string plan_of(Transaction& txn, const std::string& text) {
    std::string out;
    Result r = txn.query("EXPLAIN " + text);
    while (r.next())
        out += to_literal(r.row()[0]) + "\n";
    return out;
}

// Nodes with 0-2 of the labels A, B, a key on 3 in 4 of them and an integer i; some deleted
// again (sparse ids); edges of types T and U with self-loops and parallel edges.
void load_random_graph(WriteTransaction& txn, std::uint32_t seed, int nodes, int edges) {
    Rng rng{seed};
    std::vector<NodeId> ids;
    for (int i = 1; i <= nodes; ++i) {
        std::vector<std::string> labels;
        if (rng.below(2) == 0) labels.push_back("A");
        if (rng.below(3) == 0) labels.push_back("B");
        Properties props = {{"i", Value(i % 7)}};
        if (rng.below(4) != 0) props.emplace_back("key", Value("n" + std::to_string(i)));
        ids.push_back(txn.create_node(labels, props));
    }
    const char* types[] = {"T", "U"};
    for (int e = 0; e < edges; ++e) {
        const NodeId a = ids[std::size_t(rng.below(nodes))];
        const NodeId b = rng.below(6) == 0 ? a : ids[std::size_t(rng.below(nodes))];
        txn.create_edge(a, types[rng.below(2)], b);
    }
}

// {streamed, plain}: the UNWIND of one element keeps the rows and stops the stream.
struct Pair {
    std::string fast;
    std::string plain;
};

const std::vector<Pair> pairs = {
    {"MATCH (n)--() RETURN n.key AS k, count(*) AS d",
     "MATCH (n)--() UNWIND [0] AS z RETURN n.key AS k, count(*) AS d"},
    {"MATCH (n)--() RETURN n.key AS k, count(*) AS d ORDER BY d DESC, k LIMIT 4",
     "MATCH (n)--() UNWIND [0] AS z RETURN n.key AS k, count(*) AS d ORDER BY d DESC, k LIMIT 4"},
    {"MATCH (n:A)-[:T]->() RETURN n AS x, count(*) AS d",
     "MATCH (n:A)-[:T]->() UNWIND [0] AS z RETURN n AS x, count(*) AS d"},
    {"MATCH (n:A) RETURN id(n) AS x, n, collect(n.i) AS l, sum(n.i) AS s, min(n.i) AS lo, "
     "avg(n.i) AS a, count(DISTINCT n.i) AS c, stDev(n.i) AS sd",
     "MATCH (n:A) UNWIND [0] AS z RETURN id(n) AS x, n, collect(n.i) AS l, sum(n.i) AS s, "
     "min(n.i) AS lo, avg(n.i) AS a, count(DISTINCT n.i) AS c, stDev(n.i) AS sd"},
    {"MATCH (n:B) WHERE n.i % 2 = 0 RETURN n.i % 3 AS g, n.key AS k, count(*) AS c",
     "MATCH (n:B) WHERE n.i % 2 = 0 UNWIND [0] AS z RETURN n.i % 3 AS g, n.key AS k, "
     "count(*) AS c"},
    {"MATCH (n)<--() WITH n.key AS k, count(*) AS d WHERE d > 1 RETURN k, d",
     "MATCH (n)<--() UNWIND [0] AS z WITH n.key AS k, count(*) AS d WHERE d > 1 RETURN k, d"},
};

class StreamGroups : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(StreamGroups, MatchesThePlainPlan) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    const std::uint32_t seed = GetParam();
    const int nodes = 5 + int(seed % 23);
    db.update([&](WriteTransaction& txn) {
        load_random_graph(txn, seed, nodes, int(seed * 7 % 61));
        txn.query("MATCH (n) WHERE n.i = 3 DETACH DELETE n").all();
    });
    ReadTransaction txn = db.begin_read();
    std::size_t seen = 0;
    for (const Pair& p : pairs) {
        SCOPED_TRACE("seed " + std::to_string(seed) + ": " + p.fast);
        EXPECT_NE(plan_of(txn, p.fast).find("no table"), std::string::npos) << plan_of(txn, p.fast);
        EXPECT_EQ(plan_of(txn, p.plain).find("no table"), std::string::npos);
        const auto fast = sorted_lines(txn.query(p.fast));
        EXPECT_EQ(fast, sorted_lines(txn.query(p.plain)));
        seen += fast.size();
    }
    EXPECT_GT(seen, 0u);
}

INSTANTIATE_TEST_SUITE_P(Seeds, StreamGroups,
                         ::testing::Range<std::uint32_t>(0, caspian::test::seeds(24, 6)));

// Only a key that tells the rows apart streams: a node the input can repeat (the far end of an
// expand), a property other than `key`, an expression of the node.
TEST(StreamGroups, KeepsTheTableWhenRowsMayShareAGroup) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    db.query("CREATE (a:A {key: 'a', i: 1})-[:T]->(a), (a)-[:T]->(:B {i: 1})").all();
    ReadTransaction txn = db.begin_read();
    for (const std::string q :
         {"MATCH (n)--(m) RETURN m, count(*)", "MATCH (n) RETURN n.i, count(*)",
          "MATCH (n) RETURN id(n), count(*)", "MATCH (n)-[r]->() RETURN n, count(r.w)"}) {
        EXPECT_EQ(plan_of(txn, q).find("no table"), std::string::npos) << q;
    }
    // Grouped by the node itself: a row per node, and errors as in the table.
    EXPECT_NE(plan_of(txn, "MATCH (n) RETURN n, count(*)").find("no table"), std::string::npos);
    EXPECT_EQ(sorted_lines(txn.query("MATCH (n) RETURN n.i AS i, n.key AS k, count(*)")),
              (std::vector<std::string>{"1|'a'|1|", "1|null|1|"}));
    EXPECT_THROW(txn.query("MATCH (n) RETURN n, sum(n.key)").all(), Error);
}

}  // namespace
}  // namespace caspian
