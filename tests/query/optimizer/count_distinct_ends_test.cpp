// The factorised count of distinct end nodes (optimizer/count_distinct_ends.cpp,
// exec/end_count.cpp, issue #20): where the plan shows DistinctEndCount it gives the rows of the
// plain plan (a path variable keeps VarExpand and the Aggregate) on random multigraphs with
// self-loops, parallel edges and gaps in the node ids, in read and write transactions; other
// shapes keep their Aggregate. Links only `caspian`.
#include <caspian/database.hpp>

#include "support/result_lines.hpp"
#include "support/seeds.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace caspian {
namespace {

using caspian::testing::sorted_lines;
using caspian::testing::TempDir;

std::string plan_of(Transaction& txn, const std::string& text) {
    std::string out;
    for (const std::string& line : sorted_lines(txn.query("EXPLAIN " + text)))
        out += line + "\n";
    return out;
}

bool counts_ends(Transaction& txn, const std::string& text) {
    return plan_of(txn, text).find("DistinctEndCount") != std::string::npos;
}

// Nodes k0..k(n-1) (a few deleted again, so ids have gaps) and edges of types A, B, C drawn
// by one statement from lists, a sixth of them self-loops and some repeated.
void load(WriteTransaction& txn, std::uint32_t seed, int nodes, int edges) {
    std::mt19937 rng(seed);
    txn.query("UNWIND range(0, $n - 1) AS i CREATE (:N {i: i, key: 'k' + i})",
              {{"n", Value(nodes)}})
        .all();
    txn.query("MATCH (x:N) WHERE x.i % 7 = 3 DETACH DELETE x").all();
    std::vector<Value> src, dst, type;
    for (int e = 0; e < edges; ++e) {
        const auto a = std::int64_t(rng() % std::uint32_t(nodes));
        const auto b = rng() % 6 == 0 ? a : std::int64_t(rng() % std::uint32_t(nodes));
        src.emplace_back(a);
        dst.emplace_back(b);
        type.emplace_back(std::int64_t(rng() % 3));
    }
    const char* names[] = {"A", "B", "C"};
    for (std::int64_t code = 0; code < 3; ++code) {
        const std::string name = names[code];
        txn.query(
               "UNWIND range(0, size($s) - 1) AS j WITH j WHERE $t[j] = $code "
               "MATCH (a:N {i: $s[j]}), (b:N {i: $d[j]}) CREATE (a)-[:" +
                   name + "]->(b)",
               {{"s", Value(src)}, {"d", Value(dst)}, {"t", Value(type)}, {"code", Value(code)}})
            .all();
    }
}

// The relationship patterns compared: directions, types (D is never stored), ranges.
std::vector<std::string> rels() {
    std::vector<std::string> out;
    for (const char* dir : {"-%-", "-%->", "<-%-"}) {
        for (const char* types : {"", ":A", ":A|C", ":D"}) {
            for (const char* range : {"*1..2", "*..3", "*1", "*0..2", "*2..2", "*"}) {
                std::string r = dir;
                r.replace(r.find('%'), 1, std::string("[") + types + range + "]");
                out.push_back(r);
            }
        }
    }
    return out;
}

// Compares the fast and the plain plan of each shape from each start key; returns the sum of
// the counts seen, so a caller can check they were not all zero.
std::int64_t expect_same(Transaction& txn, int nodes, const std::string& where) {
    std::int64_t total = 0;
    for (const std::string& rel : rels()) {
        for (const std::string& tail : {
                 std::string("WHERE m <> n RETURN count(DISTINCT m)"),
                 std::string("WHERE n <> m RETURN count(DISTINCT m) AS a, count(DISTINCT m) AS b"),
                 std::string("RETURN count(DISTINCT m)"),
             }) {
            const std::string fast = "MATCH (n {key: $key})" + rel + "(m) " + tail;
            const std::string plain = "MATCH p = (n {key: $key})" + rel + "(m) " + tail;
            const bool zero_min = rel.find("*0") != std::string::npos;
            const bool filtered = tail.rfind("WHERE", 0) == 0;
            // The shapes whose start is counted by a closed trail stay with PruningExpand.
            const bool prunable = rel.find("*2..2") == std::string::npos;
            const bool expected = prunable && (filtered || zero_min);
            EXPECT_EQ(counts_ends(txn, fast), expected) << fast << "\n" << plan_of(txn, fast);
            EXPECT_FALSE(counts_ends(txn, plain)) << plain;
            for (int k = 0; k <= nodes; k += 1 + nodes / 6) {
                const Params key{{"key", Value("k" + std::to_string(k))}};
                const auto got = sorted_lines(txn.query(fast, key));
                EXPECT_EQ(got, sorted_lines(txn.query(plain, key)))
                    << where << ": " << fast << " from k" << k;
                if (!got.empty()) total += std::stoll(got[0]);
            }
        }
    }
    return total;
}

class EndCountMatchesPlain : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(EndCountMatchesPlain, InReadAndWriteTransactions) {
    const std::uint32_t seed = GetParam();
    const int nodes = 4 + int(seed % 6);
    const int edges = 2 + int(seed * 5 % 9);
    const std::string where = "seed " + std::to_string(seed);
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    db.update([&](WriteTransaction& txn) { load(txn, seed, nodes, edges); });
    {
        ReadTransaction txn = db.begin_read();
        EXPECT_GT(expect_same(txn, nodes, where + " read"), 0) << where;
    }
    WriteTransaction txn = db.begin_write();
    txn.query("MATCH (a:N {i: 0}), (b:N) WHERE b.i % 2 = 1 CREATE (a)-[:B]->(b)").all();
    txn.query("MATCH ()-[r:A]->() WHERE id(r) % 2 = 0 DELETE r").all();
    expect_same(txn, nodes, where + " after writes in a write transaction");
}

INSTANTIATE_TEST_SUITE_P(Seeds, EndCountMatchesPlain,
                         ::testing::Range<std::uint32_t>(0, caspian::test::seeds(16, 4)));

// A hub whose neighbourhood spans many ids, and a start whose id is past every other: the
// visited set grows and is cleared between starts.
TEST(EndCount, CountsAHubAndAFarStart) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    db.query("UNWIND range(0, 299) AS i CREATE (:N {i: i, key: 'k' + i})").all();
    db.query("MATCH (h:N {i: 0}), (x:N) WHERE x.i % 3 = 1 CREATE (h)-[:A]->(x)").all();
    db.query("MATCH (x:N), (y:N) WHERE x.i % 3 = 1 AND y.i = x.i + 1 CREATE (y)-[:B]->(x)").all();
    db.query("CREATE (:N {i: 300, key: 'far'})-[:A]->(:N {i: 301, key: 'far2'})").all();
    ReadTransaction txn = db.begin_read();
    const std::string q = "MATCH (n {key: $key})-[*1..2]-(m) WHERE m <> n RETURN count(DISTINCT m)";
    ASSERT_TRUE(counts_ends(txn, q));
    EXPECT_EQ(sorted_lines(txn.query(q, {{"key", Value("k0")}})),
              std::vector<std::string>{"200|"});  // 100 spokes, each with one more node
    EXPECT_EQ(sorted_lines(txn.query(q, {{"key", Value("far")}})), std::vector<std::string>{"1|"});
    EXPECT_EQ(sorted_lines(txn.query(q, {{"key", Value("nobody")}})),
              std::vector<std::string>{"0|"});
    EXPECT_EQ(sorted_lines(txn.query(q, {{"key", Value("k5")}})),
              std::vector<std::string>{"2|"});  // k5 -> k4 <- k0
}

// Shapes the count cannot stand for keep the Aggregate: a grouping key, a property of m, a
// count of rows, a filter other than m <> n, edges bound earlier in the MATCH.
TEST(EndCount, KeepsTheAggregateForOtherShapes) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    db.query("CREATE (:N {key: 'a', i: 1})-[:A]->(:N {key: 'b', i: 2})").all();
    ReadTransaction txn = db.begin_read();
    for (const std::string q : {
             "MATCH (n {key: 'a'})-[*1..2]-(m) RETURN n.i, count(DISTINCT m)",
             "MATCH (n {key: 'a'})-[*1..2]-(m) WHERE m <> n RETURN count(DISTINCT m.i)",
             "MATCH (n {key: 'a'})-[*1..2]-(m) WHERE m <> n RETURN count(m)",
             "MATCH (n {key: 'a'})-[*1..2]-(m) WHERE m.i > 1 RETURN count(DISTINCT m)",
             "MATCH (n {key: 'a'})-[*1..2]-(m) RETURN count(DISTINCT m)",
             "MATCH (n:N)-[*1..2]-(m) WHERE m <> n RETURN count(DISTINCT m)",
             "MATCH (x)-[r]->(n {key: 'a'})-[*1..2]-(m) WHERE m <> n RETURN count(DISTINCT m)",
         }) {
        EXPECT_FALSE(counts_ends(txn, q)) << q << "\n" << plan_of(txn, q);
    }
}

}  // namespace
}  // namespace caspian
