// TopByCount (query/exec/top_by_count.cpp, issue #20): `ORDER BY count DESC[, key] LIMIT k` over
// a group per node keeps the top k by the count before reading keys, and must give the rows of
// the plain plan in the same order on random multigraphs with many degree ties, whether every
// node has a key (the fast path) or not (the null group: the plain Sort), with nodes without
// edges, self-loops, deleted nodes and deleted edges (the fast path over all nodes takes them
// from the adjacency keys). Links only `caspian`.
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

using caspian::testing::explain_lines;
using caspian::testing::Rng;
using caspian::testing::TempDir;

// Each row as "v1|v2|...|", in the result's order.
std::vector<std::string> lines(Result r) {
    std::vector<std::string> out;
    for (const std::vector<Value>& row : r.all()) {
        out.emplace_back();
        for (const Value& v : row)
            out.back() += to_literal(v) + "|";
    }
    return out;
}

// Nodes with 0-1 of the labels A, B and a key (on all, or on 3 in 4); few edges of types T and
// U, with self-loops and parallel edges, so that most degrees tie.
void load_random_graph(WriteTransaction& txn, std::uint32_t seed, int nodes, int edges,
                       bool all_keyed) {
    Rng rng{seed};
    std::vector<NodeId> ids;
    for (int i = 1; i <= nodes; ++i) {
        std::vector<std::string> labels;
        if (rng.below(2) == 0) labels.push_back(rng.below(2) == 0 ? "A" : "B");
        Properties props = {{"i", Value(i % 5)}};
        // Keys in an order unlike the ids', so that the key, not the scan, breaks ties.
        if (all_keyed || rng.below(4) != 0) {
            props.emplace_back(
                "key", Value("n" + std::to_string(rng.below(1000)) + "_" + std::to_string(i)));
        }
        ids.push_back(txn.create_node(labels, props));
    }
    const char* types[] = {"T", "U"};
    for (int e = 0; e < edges; ++e) {
        const NodeId a = ids[std::size_t(rng.below(nodes))];
        const NodeId b = rng.below(6) == 0 ? a : ids[std::size_t(rng.below(nodes))];
        txn.create_edge(a, types[rng.below(2)], b);
    }
}

// The fast statements; the plain plan of each is the same with `UNWIND [0] AS z` after the
// MATCH, which leaves a grouping table and so the plain Sort.
const std::vector<std::string> statements = {
    "MATCH (n)--() RETURN n.key AS k, count(*) AS d ORDER BY d DESC, k LIMIT 10",
    "MATCH (n)--() RETURN n.key AS k, count(*) AS d ORDER BY d DESC, k LIMIT 1",
    "MATCH (n)--() RETURN n.key AS k, count(*) AS d ORDER BY d DESC, k DESC SKIP 2 LIMIT 3",
    "MATCH (n)-->() RETURN n.key AS k, count(*) AS d ORDER BY d DESC, k LIMIT 4",
    "MATCH (n:A)<-[:T]-() RETURN n.key AS k, count(*) AS d ORDER BY d DESC, k LIMIT 3",
    "MATCH (n)--() RETURN n AS x, count(*) AS d ORDER BY d DESC LIMIT 5",
    "MATCH (n)--() RETURN n.key AS k, count(*) AS d ORDER BY d DESC LIMIT 6",
    "MATCH (n)--() RETURN n.key AS k, count(*) AS d ORDER BY d DESC, k LIMIT 0",
    "MATCH (n)--() RETURN n.key AS k, count(*) AS d ORDER BY d DESC, k LIMIT 1000",
    // Over all nodes with a direction or types: nodes with other edges only have degree 0.
    "MATCH (n)<-[:U]-() RETURN n.key AS k, count(*) AS d ORDER BY d DESC, k LIMIT 5",
    "MATCH (n)-[:T|U]-() RETURN n.key AS k, count(*) AS d ORDER BY d DESC, k LIMIT 7",
    "MATCH (n)-[:Nope]-() RETURN n.key AS k, count(*) AS d ORDER BY d DESC, k LIMIT 2",
};

std::string plain(const std::string& fast) {
    const std::size_t at = fast.find(" RETURN");
    return fast.substr(0, at) + " UNWIND [0] AS z" + fast.substr(at);
}

// The statement whose ties the key does not break: where keyless nodes share the null group,
// the streamed groups yield it last and the table in first-seen order (both valid orders), so
// it is compared only when every node has a key.
const std::string untied = statements[6];

void expect_same_rows(Transaction& txn, const std::string& where, bool all_keyed,
                      std::size_t& seen) {
    for (const std::string& q : statements) {
        if (!all_keyed && q == untied) continue;
        SCOPED_TRACE(where + ": " + q);
        const auto fast = lines(txn.query(q));
        EXPECT_EQ(fast, lines(txn.query(plain(q))));
        seen += fast.size();
    }
}

class TopByCount : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(TopByCount, MatchesThePlainPlan) {
    const std::uint32_t seed = GetParam();
    for (const bool all_keyed : {true, false}) {
        TempDir dir;
        Database db = Database::open(dir.path() / "db");
        const int nodes = 5 + int(seed % 37);
        std::size_t seen = 0;
        const std::string where =
            "seed " + std::to_string(seed) + (all_keyed ? " all keyed" : " some keyless");
        db.update([&](WriteTransaction& txn) {
            load_random_graph(txn, seed, nodes, 1 + int(seed * 7 % 71), all_keyed);
            // Uncommitted: the key index and the counts as the write transaction sees them.
            expect_same_rows(txn, where + " (write)", all_keyed, seen);
            txn.query("MATCH (n) WHERE n.i = 3 DETACH DELETE n").all();
            // Deleted edges: some nodes keep no adjacency entry (or only in one direction).
            txn.query("MATCH (a)-[r:U]->() WHERE a.i = 1 DELETE r").all();
        });
        ReadTransaction txn = db.begin_read();
        expect_same_rows(txn, where, all_keyed, seen);
        EXPECT_GT(seen, 0u);
    }
}

INSTANTIATE_TEST_SUITE_P(Seeds, TopByCount,
                         ::testing::Range<std::uint32_t>(0, caspian::test::seeds(24, 6)));

// A node without a key joins the null group, whose count is the sum of all such nodes' degrees:
// it must make the top 1 here, which no single node's count would.
TEST(TopByCount, TheNullGroupCountsEveryKeylessNode) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    db.query(
          "CREATE (a {key: 'a'})-[:T]->(b {key: 'b'}), (a)-[:T]->(:X), (b)-[:T]->(:X), "
          "(a)-[:T]->(:X), (b)-[:T]->(:X)")
        .all();
    ReadTransaction txn = db.begin_read();
    EXPECT_EQ(lines(txn.query(statements[1])), (std::vector<std::string>{"null|4|"}));
}

// EXPLAIN says when its Sort runs as TopByCount: the shape matches and every node has a key.
TEST(TopByCount, ExplainSaysWhenTheSortRunsAsTopByCount) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    db.query("CREATE (a {key: 'a'})-[:T]->(b {key: 'b'}), (a)-[:T]->(b)").all();
    const std::string note = "[top by count";
    EXPECT_NE(explain_lines(db, statements[0]).find(note), std::string::npos)
        << explain_lines(db, statements[0]);
    EXPECT_NE(explain_lines(db, statements[5]).find(note), std::string::npos);
    // Over all nodes, the Degree's nodes come from the adjacency keys, not the node records.
    const std::string from_adjacency = "nodes from the adjacency keys]";
    EXPECT_NE(explain_lines(db, statements[0]).find(from_adjacency), std::string::npos);
    EXPECT_EQ(explain_lines(db, statements[4]).find(from_adjacency), std::string::npos);
    // The plain plan (a grouping table) and an ascending count are plain Sorts.
    EXPECT_EQ(explain_lines(db, plain(statements[0])).find(note), std::string::npos);
    EXPECT_EQ(
        explain_lines(db, "MATCH (n)--() RETURN n.key AS k, count(*) AS d ORDER BY d, k LIMIT 3")
            .find(note),
        std::string::npos);
    // A keyless node puts the null group among the counts: the plain Sort runs, and says so.
    db.query("CREATE ()").all();
    EXPECT_EQ(explain_lines(db, statements[0]).find(note), std::string::npos);
    EXPECT_NE(explain_lines(db, statements[5]).find(note), std::string::npos);
}

}  // namespace
}  // namespace caspian
