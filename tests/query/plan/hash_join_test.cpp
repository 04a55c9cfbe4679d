// The hash join of the planner (query/plan/planner.cpp, plan_hash_join) and its operator
// (query/exec/hash_join.cpp): chosen for a pattern through a hub node when the statistics say
// walking the hub row by row costs more than building the other side once, and giving the same
// rows as the row-by-row plan. Links only `caspian`.
#include <caspian/database.hpp>

#include "support/result_lines.hpp"
#include "support/seeds.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <random>
#include <string>
#include <vector>

namespace caspian {
namespace {

using caspian::testing::explain_lines;
using caspian::testing::sorted_lines;
using caspian::testing::TempDir;

std::vector<std::string> rows(Database& db, const std::string& text) {
    return sorted_lines(db.query(text));
}

// The plan's lines in order (an operator's children below it, the probe side first).
// 3 hub countries; `people` persons visit one each, `shows` exhibitions are hosted by one each.
void load_hubs(Database& db, int people, int shows) {
    db.query("UNWIND range(1, 3) AS i CREATE (:Country {key: 'c' + i})").all();
    db.query("UNWIND range(1, " + std::to_string(people) +
             ") AS i MATCH (c:Country {key: 'c' + (i % 3 + 1)}) "
             "CREATE (:Person {n: i, year: 2000 + i % 7})-[:VISITED]->(c)")
        .all();
    db.query("UNWIND range(1, " + std::to_string(shows) +
             ") AS i MATCH (c:Country {key: 'c' + (i % 3 + 1)}) "
             "CREATE (:Exhibition {n: i, year: 2000 + i % 11})-[:HOST]->(c)")
        .all();
}

const std::string hub_pattern =
    "MATCH (p:Person)-[v:VISITED]->(c:Country)<-[h:HOST]-(e:Exhibition) WHERE p.year = e.year ";

TEST(HashJoin, IsChosenThroughAHubAndMatchesTheRowByRowPlan) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    load_hubs(db, 300, 400);
    const std::string query = hub_pattern + "RETURN p.n, e.n, c.key, type(v), type(h)";
    EXPECT_NE(explain_lines(db, query).find("HashJoin"), std::string::npos)
        << explain_lines(db, query);
    // The same question in two MATCH clauses expands row by row (c is bound in the second).
    const std::string row_by_row =
        "MATCH (p:Person)-[v:VISITED]->(c:Country) MATCH (c)<-[h:HOST]-(e:Exhibition) "
        "WHERE p.year = e.year RETURN p.n, e.n, c.key, type(v), type(h)";
    EXPECT_EQ(explain_lines(db, row_by_row).find("HashJoin"), std::string::npos);
    const auto joined = rows(db, query);
    EXPECT_FALSE(joined.empty());
    EXPECT_EQ(joined, rows(db, row_by_row));
}

TEST(HashJoin, IsNotChosenOnASmallGraph) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    load_hubs(db, 3, 3);
    EXPECT_EQ(explain_lines(db, hub_pattern + "RETURN count(*)").find("HashJoin"),
              std::string::npos);
}

TEST(HashJoin, KeepsRelationshipsUniqueAcrossItsSides) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    load_hubs(db, 300, 400);
    // Both steps of one type: a row must not use the same edge twice.
    const std::string query =
        "MATCH (a:Person)-[r1:VISITED]->(c:Country)<-[r2:VISITED]-(b:Person) "
        "WHERE a.year = b.year RETURN count(*), sum(CASE WHEN r1 = r2 THEN 1 ELSE 0 END)";
    EXPECT_NE(explain_lines(db, query).find("HashJoin"), std::string::npos);
    const auto result = rows(db, query);
    ASSERT_EQ(result.size(), 1u);
    const auto same = rows(db,
                           "MATCH (a:Person)-[r1:VISITED]->(c:Country) "
                           "MATCH (c)<-[r2:VISITED]-(b:Person) WHERE a.year = b.year AND r1 <> r2 "
                           "RETURN count(*), 0");
    EXPECT_EQ(result, same);
}

// A random graph through hubs: `hubs` :M nodes (some also :A or :B, with self-loops), `as` :A
// and `bs` :B nodes, :X and :Y edges drawn with repeats (parallel edges) from A and B nodes to
// hubs (and back), property k drawn from values where `=` is subtle: 1 and 1.0, '1', missing,
// NaN (equivalent to itself, never equal) and lists holding null (equivalent, `=` null).
void load_random(Database& db, std::uint32_t seed, int hubs, int as, int bs) {
    std::mt19937 rng(seed);
    const std::vector<std::string> ks = {
        "1",    "1.0",       "2",         "2.5", "'1'",  "'a'", "",
        "true", "0.0 / 0.0", "[1, null]", "[1]", "-0.0", "0",   "date('2020-01-01')"};
    auto k = [&] {
        const std::string v = ks[rng() % ks.size()];
        return v.empty() ? std::string("{}") : "{k: " + v + "}";
    };
    std::string text = "CREATE ";
    std::vector<std::string> hub_names, a_names, b_names;
    auto node = [&](const std::string& name, const std::string& labels) {
        if (text.size() > 7) text += ", ";
        text += "(" + name + labels + " " + k() + ")";
    };
    for (int i = 0; i < hubs; ++i) {
        hub_names.push_back("h" + std::to_string(i));
        node(hub_names.back(), i % 3 == 0 ? ":M:A" : i % 3 == 1 ? ":M:B" : ":M");
    }
    for (int i = 0; i < as; ++i) {
        a_names.push_back("a" + std::to_string(i));
        node(a_names.back(), ":A");
    }
    for (int i = 0; i < bs; ++i) {
        b_names.push_back("b" + std::to_string(i));
        node(b_names.back(), ":B");
    }
    auto edge = [&](const std::string& from, const std::string& type, const std::string& to) {
        text += ", (" + from + ")-[:" + type + " " + k() + "]->(" + to + ")";
    };
    auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
    for (const auto& a : a_names) {
        for (int j = 0, n = 1 + int(rng() % 3); j < n; ++j)
            edge(a, rng() % 4 == 0 ? "Y" : "X", pick(hub_names));
    }
    for (const auto& b : b_names) {
        for (int j = 0, n = 1 + int(rng() % 3); j < n; ++j)
            edge(b, rng() % 4 == 0 ? "X" : "Y", pick(hub_names));
        if (rng() % 5 == 0) edge(pick(hub_names), "Y", b);
    }
    for (const auto& h : hub_names) {
        edge(h, "X", h);
        edge(h, "Y", h);
    }
    db.query(text).all();
}

// The hash join against the same question asked in two MATCH clauses (the second starts at a
// bound hub, so it expands row by row; r1 <> r2 is what one MATCH implies), on random graphs
// with self-loops and parallel edges, both ways round (the build side is the smaller one).
class HashJoinMatchesRowByRow : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(HashJoinMatchesRowByRow, OnRandomGraphs) {
    struct Shape {
        std::string left, right;  // (a)-[r1]-(m) and (m)-[r2]-(b)
        bool hub;                 // both steps reach the hubs often enough for a join
    };
    const std::vector<Shape> shapes = {
        {"(a:A)-[r1:X]->(m:M)", "(m)<-[r2:Y]-(b:B)", true},
        {"(a:A)-[r1:X]->(m:M)", "(m)<-[r2:X]-(b:B)", true},
        {"(a:A)-[r1:X|Y]-(m)", "(m)-[r2:Y]-(b)", true},
        {"(a:A)-[r1:X]->(m:M)", "(m)-[r2:Y]->(b:B)", false},
    };
    struct Where {
        std::string text;
        bool joins;  // an equality between the sides: the join must be taken
    };
    const std::vector<Where> wheres = {
        {"r1.k = b.k", true},
        {"a.k = b.k AND r1.k = r2.k", true},
        {"[r1.k] = [b.k]", true},  // [null] = [null] is null: the filter above must drop it
        {"m.k = r2.k", false},     // one side only when the a side is the build side
        {"r1.k = b.k AND a.k <> r2.k", true},  // a condition on both sides that is no key
        {"b.k = 1", false},
        // conditions on the hub alone test its copy on the build side
        {"r1.k = b.k AND m.k <> 2 AND NOT m:B", true},
    };
    // Rows, then aggregates that see only sets (a semi-join when they read only the probe side).
    const std::vector<std::string> returns = {
        " RETURN id(a), id(r1), id(m), id(r2), id(b)",
        " RETURN count(DISTINCT a), min(id(r1)), max(id(m)), count(DISTINCT m.k)",
        " RETURN id(b) AS g, count(DISTINCT m), max(id(r2)), count(DISTINCT r2.k)",
        " RETURN count(*), count(DISTINCT a)",
        // one slot's set: the semi-join drops the probe rows whose value already passed
        " RETURN count(DISTINCT a)",
        " RETURN count(DISTINCT b)",
    };
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    // Both sizes ways round, so each side is the build side in one of the graphs (smaller
    // graphs fall under the join's cost rule and would test the row-by-row plan only).
    const bool small_a = GetParam() % 2 == 0;
    load_random(db, GetParam(), 4, small_a ? 100 : 400, small_a ? 400 : 100);
    std::size_t nonempty = 0, semi = 0, once = 0, runs = 0;
    for (const Shape& s : shapes) {
        for (const Where& w : wheres) {
            // Under sanitizers every other RETURN form (the plain plans are slow there).
            for (std::size_t ri = 0; ri < returns.size();
                 ri += caspian::test::sanitized_build ? 2 : 1) {
                const std::string& ret = returns[ri];
                ++runs;
                const std::string joined =
                    "MATCH " + s.left + s.right.substr(3) + " WHERE " + w.text + ret;
                const std::string plain = "MATCH " + s.left + " MATCH " + s.right + " WHERE " +
                                          w.text + " AND r1 <> r2" + ret;
                SCOPED_TRACE("seed " + std::to_string(GetParam()) + ": " + joined);
                const std::string plan = explain_lines(db, joined);
                if (s.hub && w.joins) {
                    EXPECT_NE(plan.find("Hash"), std::string::npos) << plan;
                }
                semi += plan.find("HashSemiJoin") != std::string::npos ? 1 : 0;
                once += plan.find("; once per ") != std::string::npos ? 1 : 0;
                EXPECT_EQ(explain_lines(db, plain).find("Hash"), std::string::npos);
                const auto got = rows(db, joined);
                const auto want = rows(db, plain);
                std::vector<std::string> extra, missing;
                std::set_difference(got.begin(), got.end(), want.begin(), want.end(),
                                    std::back_inserter(extra));
                std::set_difference(want.begin(), want.end(), got.begin(), got.end(),
                                    std::back_inserter(missing));
                EXPECT_EQ(extra, missing) << plan;
                nonempty += got.empty() || got[0].rfind("0|", 0) == 0 ? 0 : 1;
            }
        }
    }
    EXPECT_GT(nonempty, runs / 2);
    EXPECT_GT(semi, 0u);
    EXPECT_GT(once, 0u);
}

INSTANTIATE_TEST_SUITE_P(Seeds, HashJoinMatchesRowByRow,
                         ::testing::Range<std::uint32_t>(0, caspian::test::seeds(4, 1)));

TEST(HashJoin, BuildsTheSideWithFewerRowsAtTheHub) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    load_hubs(db, 300, 40);
    // Exhibitions reach the hubs with fewer rows, whichever end of the pattern they are.
    for (const std::string& pattern :
         {std::string("MATCH (p:Person)-[v:VISITED]->(c:Country)<-[h:HOST]-(e:Exhibition) "),
          std::string("MATCH (e:Exhibition)-[h:HOST]->(c:Country)<-[v:VISITED]-(p:Person) ")}) {
        const std::string plan =
            explain_lines(db, pattern + "WHERE p.year = e.year RETURN count(*)");
        const auto join = plan.find("HashJoin");
        ASSERT_NE(join, std::string::npos) << plan;
        // The probe side (the first child) scans persons; the build side exhibitions.
        const auto persons = plan.find("LabelScan (p:Person)");
        const auto shows = plan.find("LabelScan (e:Exhibition)");
        ASSERT_NE(persons, std::string::npos) << plan;
        ASSERT_NE(shows, std::string::npos) << plan;
        EXPECT_LT(persons, shows) << plan;
        EXPECT_NE(plan.find("p.year = e.year"), std::string::npos) << plan;
    }
}

TEST(HashJoin, TestsTheHubOnTheBuildSideAndNoScannedLabelTwice) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    load_hubs(db, 300, 40);
    const std::string plan = explain_lines(db, hub_pattern + "RETURN count(*)");
    // The build side (the second child) reaches 3 countries from 40 exhibitions, the probe side
    // from 300 persons: the hub's label is tested on the copy the build side binds.
    const auto join = plan.find("HashJoin (c = _5");
    const auto hub_filter = plan.find("Filter (_5:Country)");
    const auto shows = plan.find("LabelScan (e:Exhibition)");
    ASSERT_NE(join, std::string::npos) << plan;
    ASSERT_NE(hub_filter, std::string::npos) << plan;
    EXPECT_LT(join, hub_filter) << plan;
    EXPECT_LT(hub_filter, shows) << plan;
    EXPECT_EQ(plan.find("Filter (c:Country)"), std::string::npos) << plan;
    EXPECT_EQ(plan.find("Filter (p:Person)"), std::string::npos) << plan;
    EXPECT_EQ(plan.find("Filter (e:Exhibition)"), std::string::npos) << plan;
}

}  // namespace
}  // namespace caspian
