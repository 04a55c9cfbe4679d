// The costed join order of a MATCH (query/plan/join_order.cpp, issue #20) against the plain plan
// (PatternPlans::Plain) on random multigraphs: the same rows as a multiset, for chains, cycles,
// bound starts, path variables, var-length steps and comma-separated parts joined by hash.
#include <caspian/database.hpp>

#include "query/plan/planner.hpp"
#include "support/result_lines.hpp"
#include "support/seeds.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace caspian {
namespace {

using caspian::testing::explain_lines;
using caspian::testing::sorted_lines;
using caspian::testing::TempDir;
using query::plan::PatternPlans;

// Restores the costed plans however the test ends.
struct PlainPlans {
    PlainPlans() { query::plan::set_pattern_plans(PatternPlans::Plain); }
    ~PlainPlans() { query::plan::set_pattern_plans(PatternPlans::Costed); }
};

struct Both {
    std::vector<std::string> costed, plain;
    std::string costed_plan, plain_plan;
};

Both run_both(Database& db, const std::string& text) {
    Both out;
    out.costed = sorted_lines(db.query(text));
    out.costed_plan = explain_lines(db, text);
    // The database keeps plans by their text: a trailing space makes the text new.
    PlainPlans plain;
    out.plain = sorted_lines(db.query(text + " "));
    out.plain_plan = explain_lines(db, text + " ");
    return out;
}

// Skewed labels (many :A, fewer :B, few :C), :X and :Y edges drawn with repeats (parallel
// edges) and self-loops, and k drawn from values where `=` is subtle (1 and 1.0, '1', missing).
void load_random(Database& db, std::uint32_t seed) {
    std::mt19937 rng(seed);
    auto pick = [&](std::uint32_t n) { return rng() % n; };
    db.update([&](WriteTransaction& txn) {
        std::vector<NodeId> ids;
        const int counts[3] = {240, 60, 8};
        const char* labels[3] = {"A", "B", "C"};
        for (int l = 0; l < 3; ++l) {
            for (int i = 0; i < counts[l]; ++i) {
                Properties props;
                switch (pick(5)) {
                    case 0:
                        break;
                    case 1:
                        props.emplace_back("k", Value(1.0));
                        break;
                    case 2:
                        props.emplace_back("k", Value(std::string("1")));
                        break;
                    default:
                        props.emplace_back("k", Value(std::int64_t(pick(4))));
                }
                std::vector<std::string> ls{labels[l]};
                if (pick(10) == 0) ls.emplace_back("B");
                ids.push_back(txn.create_node(ls, props));
            }
        }
        for (int i = 0; i < 900; ++i) {
            const NodeId a = ids[pick(std::uint32_t(ids.size()))];
            // Edges into the few :C nodes and self-loops are common.
            const NodeId b = pick(6) == 0   ? a
                             : pick(3) == 0 ? ids[ids.size() - 1 - pick(8)]
                                            : ids[pick(std::uint32_t(ids.size()))];
            Properties props;
            if (pick(2) == 0) props.emplace_back("k", Value(std::int64_t(pick(3))));
            txn.create_edge(a, pick(3) == 0 ? "Y" : "X", b, props);
            if (pick(8) == 0) txn.create_edge(a, "X", b, {});  // a parallel edge
        }
    });
}

class JoinOrderMatchesPlain : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(JoinOrderMatchesPlain, OnRandomMultigraphs) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    load_random(db, GetParam());
    const std::vector<std::string> queries = {
        // Chains where the rare end is last in the text.
        "MATCH (a:A)-[r:X]->(b)-[s:Y]->(c:C {k: 1}) RETURN id(a), id(r), id(b), id(s), id(c)",
        "MATCH (a:A)-[:X]->(b:A)-[:X]->(c:B)<-[:Y]-(d:C) RETURN id(a), id(b), id(c), id(d)",
        "MATCH (a:A)-[r]-(b:B)-[s]->(c:C) WHERE c.k = 1 RETURN id(a), id(r), id(s), id(c)",
        // A cycle in comma-separated parts (an expand into a bound node).
        "MATCH (a:A)-[:X]->(b:B), (b)-[:Y]->(c:C), (c)-[:X]->(a) RETURN id(a), id(b), id(c)",
        "MATCH (a)-[r:X]->(a), (a)-[s]->(c:C) RETURN id(a), id(r), id(s), id(c)",
        // Parallel relationships between the same two nodes.
        "MATCH (a:A)-[r:X]->(c:C), (a)-[s:X]->(c) RETURN id(a), id(r), id(s), id(c)",
        // A bound start from an earlier clause.
        "MATCH (c:C) WITH c MATCH (a:A)-[:X]->(b)-[:Y]->(c) RETURN id(a), id(b), id(c)",
        // Path variables and a var-length step.
        "MATCH p = (a:A)-[:X]->(b)-[:X|Y]->(c:C) RETURN [n IN nodes(p) | id(n)], length(p)",
        "MATCH (a:A)-[:X*1..2]->(b)-[:Y]->(c:C) RETURN id(a), id(b), id(c)",
        // Conditions across the pattern.
        "MATCH (a:A)-[r:X]->(b)-[s:X]->(c:C) WHERE r.k = s.k AND a.k <> c.k "
        "RETURN id(a), id(b), id(c)",
        "MATCH (a:B)-[:Y]->(b:A)<-[:X]-(c:C) RETURN count(*), count(DISTINCT a), max(id(c))",
        // Comma-separated parts linked only by an equality: a hash join on the keys.
        "MATCH (a:A)-[:X]->(b:C), (d:B) WHERE a.k = d.k RETURN id(a), id(b), id(d)",
        "MATCH (a:A {k: 1}), (d:A)-[:Y]->(e:C) WHERE d.k = a.k AND e.k = a.k "
        "RETURN id(a), id(d), id(e)",
        "MATCH (a:A)-[r:X]->(b:C), (d:B)-[s:X]->(e) WHERE r.k = s.k RETURN id(r), id(s)",
        "MATCH (a:C), (d:B) WHERE [a.k] = [d.k] RETURN count(DISTINCT a), count(*)",
        // Aggregates of sets over one side: a semi-join when they read only the probe side.
        "MATCH (a:A)-[:X]->(b:C), (d:B) WHERE a.k = d.k AND b.k <> d.k "
        "RETURN count(DISTINCT a), max(id(b))",
        "MATCH (a:A)-[:X]->(b:C), (d:B) WHERE a.k = d.k RETURN count(DISTINCT d)",
        // OPTIONAL MATCH and the pattern in it.
        "MATCH (c:C) OPTIONAL MATCH (a:A)-[:X]->(b)-[:Y]->(c) RETURN id(c), id(a), id(b)",
    };
    std::size_t differs = 0, joined = 0, nonempty = 0;
    for (const std::string& q : queries) {
        SCOPED_TRACE("seed " + std::to_string(GetParam()) + ": " + q);
        const Both both = run_both(db, q);
        EXPECT_EQ(both.costed, both.plain) << both.costed_plan << "plain:\n" << both.plain_plan;
        EXPECT_EQ(both.plain_plan.find("Hash"), std::string::npos) << both.plain_plan;
        differs += both.costed_plan != both.plain_plan ? 1 : 0;
        joined += both.costed_plan.find("HashJoin") != std::string::npos ? 1 : 0;
        nonempty += both.costed.empty() ? 0 : 1;
    }
    // The costed plans are not the plain ones everywhere, and most questions have answers.
    EXPECT_GE(differs, 4u);
    EXPECT_GE(joined, 2u);
    EXPECT_GT(nonempty, queries.size() / 2);
}

INSTANTIATE_TEST_SUITE_P(Seeds, JoinOrderMatchesPlain,
                         ::testing::Range<std::uint32_t>(0, caspian::test::seeds(4, 2)));

TEST(JoinOrder, StartsAtTheRareEndAcrossParts) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    load_random(db, 7);
    // The plain plan walks the first part from a scan of :A (240 nodes); the costed order
    // starts at the 8 :C nodes and walks both parts against the text's direction.
    const std::string q = "MATCH (a:A)-[:X]->(b:A), (b)-[:X]->(c:C) RETURN id(a), id(b), id(c)";
    const Both both = run_both(db, q);
    EXPECT_EQ(both.costed, both.plain);
    EXPECT_FALSE(both.costed.empty());
    const auto leaf = both.costed_plan.rfind("Scan");
    ASSERT_NE(leaf, std::string::npos) << both.costed_plan;
    EXPECT_EQ(both.costed_plan.find("LabelScan (c:C)"), leaf - 5) << both.costed_plan;
    EXPECT_NE(both.plain_plan.find("LabelScan (a:A)"), std::string::npos) << both.plain_plan;
}

// Beyond ten nodes the order is greedy: a ring of 20 nodes walked by a pattern of 12.
TEST(JoinOrder, IsGreedyForLongPatterns) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    db.query("UNWIND range(0, 19) AS i CREATE (:R {key: 'r' + i, i: i})").all();
    db.query("MATCH (a:R), (b:R) WHERE b.i = (a.i + 1) % 20 CREATE (a)-[:NEXT]->(b)").all();
    db.query("CREATE (:S)").all();
    std::string chain = "(n0:R)";
    for (int i = 1; i < 12; ++i)
        chain += "-[:NEXT]->(n" + std::to_string(i) + (i == 7 ? " {key: 'r5'})" : ":R)");
    for (const std::string& q : {"MATCH " + chain + " RETURN n0.i, n11.i",
                                 "MATCH " + chain + ", (s:S) RETURN n0.i, n11.i, count(s)",
                                 "MATCH " + chain + "-[:NEXT]->(n0) RETURN n0.i"}) {
        SCOPED_TRACE(q);
        const Both both = run_both(db, q);
        EXPECT_EQ(both.costed, both.plain) << both.costed_plan;
        EXPECT_EQ(both.costed.size(), q.find("(n0) RETURN") != std::string::npos ? 0u : 1u);
    }
}

}  // namespace
}  // namespace caspian
