// The property statistics of CALL db.stats.refresh() (graph/property_stats.cpp,
// query/procedures/stats.cpp) and the start they choose for a chain pattern
// (query/plan/cardinality.cpp, costed_start): counts as the data says, replaced by each refresh,
// and the same rows as the plan chosen without them on random multigraphs. Links only `caspian`.
#include <caspian/database.hpp>

#include "support/result_lines.hpp"
#include "support/seeds.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace caspian {
namespace {

using caspian::testing::explain_lines;
using caspian::testing::Rng;
using caspian::testing::sorted_lines;
using caspian::testing::TempDir;

TEST(PropertyStats, RefreshCountsHoldersAndDistinctValuesPerLabel) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    db.query("CREATE (:A {x: 1}), (:A:B {x: 1.0}), (:A {x: 'a', y: true}), (:B), (:A)").all();
    const std::string refresh =
        "CALL db.stats.refresh() YIELD label, property, nodes, distinctValues "
        "RETURN label, property, nodes, distinctValues";
    EXPECT_EQ(sorted_lines(db.query(refresh)),
              (std::vector<std::string>{"'A'|'x'|3|2|", "'A'|'y'|1|1|", "'B'|'x'|1|1|"}));
    // A refresh replaces them all: pairs no longer present go.
    db.query("MATCH (n) REMOVE n.y SET n.z = 5").all();
    EXPECT_EQ(
        sorted_lines(db.query(refresh)),
        (std::vector<std::string>{"'A'|'x'|3|2|", "'A'|'z'|4|1|", "'B'|'x'|1|1|", "'B'|'z'|2|1|"}));
    // It writes: not in a read transaction, and nothing changed by a failed call.
    ReadTransaction txn = db.begin_read();
    EXPECT_THROW(txn.query("CALL db.stats.refresh()").all(), Error);
}

// Persons visit countries which host exhibitions of many years: with statistics, an equality on
// the exhibition's year makes the exhibitions the cheapest start.
TEST(PropertyStats, StartTheChainWhereTheWalkReadsFewestRows) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    db.query("UNWIND range(1, 40) AS i CREATE (:Country {key: 'c' + i})").all();
    db.query(
          "UNWIND range(1, 400) AS i MATCH (c:Country {key: 'c' + (i % 40 + 1)}) "
          "CREATE (:Person {n: i})-[:VISITED {year: 2000 + i % 5}]->(c)")
        .all();
    db.query(
          "UNWIND range(1, 120) AS i MATCH (c:Country {key: 'c' + (i % 40 + 1)}) "
          "CREATE (c)-[:HOSTS]->(:Exhibition {n: i, year: 2000 + i % 60})")
        .all();
    const std::string q =
        "MATCH (p:Person)-[v:VISITED]->(c:Country)-[:HOSTS]->(x:Exhibition) "
        "WHERE x.year = 2003 RETURN count(DISTINCT p)";
    const auto before = sorted_lines(db.query(q));
    EXPECT_NE(explain_lines(db, q).find("LabelScan (c:Country)"), std::string::npos)
        << explain_lines(db, q);
    db.query("CALL db.stats.refresh()").all();
    EXPECT_NE(explain_lines(db, q).find("LabelScan (x:Exhibition)"), std::string::npos)
        << explain_lines(db, q);
    EXPECT_EQ(sorted_lines(db.query(q)), before);
    EXPECT_NE(before, std::vector<std::string>{"0|"});
}

// Random chains over labels A, B, C with typed edges and properties of few or many values:
// the rows with statistics are those without, whichever start they choose.
class StatsStartMatchesPlain : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(StatsStartMatchesPlain, OnRandomGraphs) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    Rng rng{GetParam()};
    const char* labels[] = {"A", "B", "C"};
    std::string text = "CREATE ";
    const int nodes = 30 + rng.below(30);
    for (int i = 0; i < nodes; ++i) {
        text += std::string(i ? ", " : "") + "(n" + std::to_string(i) + ":" + labels[rng.below(3)];
        text += " {f: " + std::to_string(rng.below(2)) + ", m: " + std::to_string(rng.below(40));
        text += rng.below(5) == 0 ? "})" : ", o: " + std::to_string(rng.below(3)) + "})";
    }
    for (int e = 0, edges = nodes * 3; e < edges; ++e) {
        const int a = rng.below(nodes);
        const int b = rng.below(4) == 0 ? a : rng.below(nodes);
        text += ", (n" + std::to_string(a) + ")-[:" + (rng.below(2) ? "T" : "U") + "]->(n" +
                std::to_string(b) + ")";
    }
    db.query(text).all();
    const std::vector<std::string> queries = {
        "MATCH (a:A)-[r:T]->(b:B)-[s:U]->(c:C) WHERE c.m = 7 RETURN id(a), id(r), id(s), id(c)",
        "MATCH (a:A)-[r:T]->(b)<-[s:T]-(c:A) WHERE a.f = 1 AND c.m = 3 RETURN id(a), id(b), id(c)",
        "MATCH (a:B)<-[:U]-(b:C)-[:T]->(c:B) WHERE b.o = 2 AND a.m = c.m RETURN count(*)",
        "MATCH (a:A {m: 5})-[r:T|U]-(b:C {o: 1}) RETURN id(a), id(r), id(b)",
    };
    std::vector<std::vector<std::string>> before;
    for (const std::string& q : queries)
        before.push_back(sorted_lines(db.query(q)));
    db.query("CALL db.stats.refresh()").all();
    for (std::size_t i = 0; i < queries.size(); ++i) {
        SCOPED_TRACE("seed " + std::to_string(GetParam()) + ": " + queries[i]);
        EXPECT_EQ(sorted_lines(db.query(queries[i])), before[i]) << explain_lines(db, queries[i]);
    }
}

INSTANTIATE_TEST_SUITE_P(Seeds, StatsStartMatchesPlain,
                         ::testing::Range<std::uint32_t>(0, caspian::test::seeds(16, 4)));

}  // namespace
}  // namespace caspian
