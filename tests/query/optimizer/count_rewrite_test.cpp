// The planner's count rewrites (query/plan/planner.cpp, rewrite_counts; query/exec/degree.cpp):
// Degree and CountStore must give the rows the plain Expand and scan plans give, on random
// graphs with self-loops and parallel edges, after every kind of write and rollback. The plain
// plan is forced by a WITH between the pattern and the aggregation. Links only `caspian`.
#include <caspian/database.hpp>

#include "support/result_lines.hpp"
#include "support/seeds.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace caspian {
namespace {

using caspian::testing::Rng;
using caspian::testing::sorted_lines;
using caspian::testing::TempDir;

std::vector<std::string> rows(Transaction& txn, const std::string& text,
                              const Params& params = {}) {
    return sorted_lines(txn.query(text, params));
}

std::string plan_of(Transaction& txn, const std::string& text) {
    std::string out;
    Result r = txn.query("EXPLAIN " + text);
    while (r.next())
        out += to_literal(r.row()[0]) + "\n";
    return out;
}

// Nodes n1..nN with 0-2 of the labels A, B; edges of types T, U, V between random nodes, so
// self-loops and parallel edges are frequent.
void load_random_graph(WriteTransaction& txn, std::uint32_t seed, int nodes, int edges) {
    Rng rng{seed};
    for (int i = 1; i <= nodes; ++i) {
        std::vector<std::string> labels;
        if (rng.below(2) == 0) labels.push_back("A");
        if (rng.below(3) == 0) labels.push_back("B");
        txn.create_node(labels, {{"key", Value("n" + std::to_string(i))}, {"i", Value(i)}});
    }
    const char* types[] = {"T", "U", "V"};
    for (int e = 0; e < edges; ++e) {
        const auto a = *txn.find_node("n" + std::to_string(1 + rng.below(nodes)));
        const auto b =
            rng.below(6) == 0 ? a : *txn.find_node("n" + std::to_string(1 + rng.below(nodes)));
        txn.create_edge(a, types[rng.below(3)], b);
    }
}

// {rewritten, plain, operator the rewritten plan must show}
struct Pair {
    std::string fast;
    std::string plain;
    std::string op;
};

const std::vector<Pair>& pairs() {
    static const std::vector<Pair> all = {
        {"MATCH (n)--() RETURN n.key AS k, count(*) AS d",
         "MATCH (n)-[r]-(m) WITH n, r, m RETURN n.key AS k, count(*) AS d", "Degree"},
        {"MATCH (n)-->() RETURN n.key AS k, count(*) AS d",
         "MATCH (n)-[r]->(m) WITH n, r, m RETURN n.key AS k, count(*) AS d", "Degree"},
        {"MATCH (n)<--() RETURN n.key AS k, count(*) AS d",
         "MATCH (n)<-[r]-(m) WITH n, r, m RETURN n.key AS k, count(*) AS d", "Degree"},
        {"MATCH (n)-[:T]-() RETURN n.key AS k, count(*) AS d",
         "MATCH (n)-[r:T]-(m) WITH n, r, m RETURN n.key AS k, count(*) AS d", "Degree"},
        {"MATCH (n:A)-[r:T|U]-() RETURN n.i % 3 AS g, count(r) AS d",
         "MATCH (n:A)-[r:T|U]-(m) WITH n, r, m RETURN n.i % 3 AS g, count(r) AS d", "Degree"},
        {"MATCH (n)<-[:U|Nope|U]-() RETURN labels(n) AS l, count(*) AS d",
         "MATCH (n)<-[r:U|Nope|U]-(m) WITH n, r, m RETURN labels(n) AS l, count(*) AS d", "Degree"},
        {"MATCH (n)-[:Nope]-() RETURN count(*) AS d",
         "MATCH (n)-[r:Nope]-(m) WITH n, r, m RETURN count(*) AS d", "Degree"},
        {"MATCH (n)--(x) RETURN count(*) AS a, count(n) AS b, count(x) AS c",
         "MATCH (n)-[r]-(x) WITH n, r, x RETURN count(*) AS a, count(n) AS b, count(x) AS c",
         "Degree"},
        {"MATCH (n {key: $key})--() RETURN count(*)",
         "MATCH (n {key: $key})-[r]-(m) WITH n, r, m RETURN count(*)", "Degree"},
        {"MATCH (n {key: $key})-[:V]->() RETURN count(*)",
         "MATCH (n {key: $key})-[r:V]->(m) WITH n, r, m RETURN count(*)", "Degree"},
        // Started from (:B) or from any node: the other end is the unconstrained one.
        {"MATCH (n)--(:B) RETURN count(*)", "MATCH (n)-[r]-(m:B) WITH n, r, m RETURN count(*)",
         "Degree"},
        {"MATCH ()-[r]-() RETURN count(*)", "MATCH ()-[r]-() WITH r RETURN count(*)", "Degree"},
        {"MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c",
         "MATCH ()-[r]->() WITH r RETURN type(r) AS t, count(*) AS c", "CountFromStore"},
        {"MATCH ()<-[r:T|V]-() RETURN type(r) AS t, count(r) AS c",
         "MATCH ()<-[r:T|V]-() WITH r RETURN type(r) AS t, count(r) AS c", "CountFromStore"},
        {"MATCH ()-[r]->() RETURN count(*)", "MATCH ()-[r]->() WITH r RETURN count(*)",
         "CountFromStore"},
        {"MATCH (a)-[r:U|Nope]->(b) RETURN count(a), count(b)",
         "MATCH (a)-[r:U|Nope]->(b) WITH a, b RETURN count(a), count(b)", "CountFromStore"},
        {"MATCH (n) RETURN count(n)", "MATCH (n) WITH n RETURN count(n)", "CountFromStore"},
        {"MATCH (n:B) RETURN count(*)", "MATCH (n:B) WITH n RETURN count(*)", "CountFromStore"},
        {"MATCH (n:Nope) RETURN count(*)", "MATCH (n:Nope) WITH n RETURN count(*)",
         "CountFromStore"},
    };
    return all;
}

// Compares every pair on the transaction's current state; returns the number of rows seen so
// a caller can check the graph was not trivially empty.
std::size_t expect_same(Transaction& txn, int nodes, const std::string& where) {
    std::size_t seen = 0;
    for (const Pair& p : pairs()) {
        const std::string plan = plan_of(txn, p.fast);
        EXPECT_NE(plan.find(p.op), std::string::npos) << p.fast << "\n" << plan;
        EXPECT_EQ(plan_of(txn, p.plain).find(p.op), std::string::npos) << p.plain;
        for (int k = 0; k <= nodes + 1; ++k) {
            if (k > 0 && p.fast.find("$key") == std::string::npos) break;
            const Params params{{"key", Value("n" + std::to_string(k))}};
            const auto fast = rows(txn, p.fast, params);
            EXPECT_EQ(fast, rows(txn, p.plain, params)) << where << ": " << p.fast;
            seen += fast.size();
        }
    }
    return seen;
}

class CountRewrite : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(CountRewrite, MatchesThePlainPlanAfterEveryKindOfWrite) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    const std::uint32_t seed = GetParam();
    const int nodes = 4 + int(seed % 9);
    const int edges = int(seed * 7 % 41);
    db.update([&](WriteTransaction& txn) { load_random_graph(txn, seed, nodes, edges); });
    const std::string where = "seed " + std::to_string(seed);
    {
        ReadTransaction txn = db.begin_read();
        EXPECT_GT(expect_same(txn, nodes, where + " loaded"), 0u);
    }
    {
        // Writes through statements; the counts inside the transaction see them.
        WriteTransaction txn = db.begin_write();
        const Params s{{"s", Value(std::int64_t(seed % 3))}};
        rows(txn, "MATCH ()-[r]->() WHERE id(r) % 3 = $s DELETE r", s);
        rows(txn, "MATCH (n:A) WHERE n.i % 3 = $s REMOVE n:A SET n:B", s);
        rows(txn, "MATCH (n) WHERE n.i % 5 = $s DETACH DELETE n", s);
        rows(txn, "MATCH (a {key: 'n2'}), (b) CREATE (a)-[:W]->(b), (b)-[:T]->(b)");
        // A failed statement changes nothing, statistics included.
        EXPECT_THROW(rows(txn, "MATCH (n) CREATE (n)-[:T]->(:A) WITH n RETURN n.i / 0"), Error);
        expect_same(txn, nodes, where + " in a write transaction");
        txn.commit();
    }
    {
        WriteTransaction txn = db.begin_write();
        rows(txn, "MATCH (n) DETACH DELETE n");
        rows(txn, "CREATE (:A)-[:T]->(:B)");
        // rolled back: never committed
    }
    ReadTransaction txn = db.begin_read();
    expect_same(txn, nodes, where + " after the writes and a rollback");
}

INSTANTIATE_TEST_SUITE_P(Seeds, CountRewrite,
                         ::testing::Range<std::uint32_t>(0, caspian::test::seeds(24, 6)));

// A hub with more out-edges than fit the read-them-all branch of GraphReader::self_loops: its
// self-loops of several types are found by seeking.
TEST(CountRewrite, CountsTheSelfLoopsOfAHub) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    db.update([&](WriteTransaction& txn) {
        load_random_graph(txn, 7, 12, 20);
        const NodeId hub = *txn.find_node("n7");  // neighbours on both sides of its id
        const char* types[] = {"T", "U", "V", "W"};
        for (int i = 0; i < 150; ++i) {
            const int to = i % 7 == 0 ? 7 : 1 + i % 12;  // self-loops of every type
            txn.create_edge(hub, types[i % 4], *txn.find_node("n" + std::to_string(to)));
        }
    });
    ReadTransaction txn = db.begin_read();
    EXPECT_GT(expect_same(txn, 12, "hub"), 0u);
    EXPECT_EQ(rows(txn, "MATCH (n {key: 'n7'})-[r]->(n) RETURN count(*)").size(), 1u);
    EXPECT_NE(rows(txn, "MATCH (n {key: 'n7'})-[r]->(n) RETURN count(*)"),
              std::vector<std::string>{"0|"});
}

// The rewrites leave alone what they cannot answer: a grouping by the far node or the edge,
// other aggregates, DISTINCT, a constrained edge, a rel that must differ from an earlier one, a
// random grouping key, a second label.
TEST(CountRewrite, KeepsThePlainPlanWhenTheCountNeedsTheEdges) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    db.query("CREATE (a:A {key: 'a'})-[:T]->(a), (a)-[:T]->(:B)").all();
    ReadTransaction txn = db.begin_read();
    for (const std::string q : {
             "MATCH (n)--(m) RETURN m.key, count(*)",
             "MATCH (n)-[r]-() RETURN r.w, count(*)",
             "MATCH (n)--() RETURN n.key, sum(1)",
             "MATCH (n)-[r]-() RETURN count(DISTINCT r)",
             "MATCH (n)-[r {w: 1}]-() RETURN count(*)",
             "MATCH (n)-[r]->(m)--() RETURN count(*)",
             "MATCH (n)--() RETURN rand() AS x, count(*)",
             "MATCH (n:A:B) RETURN count(*)",
         }) {
        const std::string plan = plan_of(txn, q);
        EXPECT_EQ(plan.find("Degree"), std::string::npos) << q << "\n" << plan;
        EXPECT_EQ(plan.find("CountFromStore"), std::string::npos) << q << "\n" << plan;
    }
    // The undirected whole-graph count: 2 per edge, 1 per self-loop.
    EXPECT_EQ(rows(txn, "MATCH ()-[r]-() RETURN count(*)"), std::vector<std::string>{"3|"});
}

}  // namespace
}  // namespace caspian
