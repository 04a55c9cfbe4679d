// The hash join of the planner (query/plan/planner.cpp, plan_hash_join) and its operator
// (query/exec/hash_join.cpp): chosen for a pattern through a hub node when the statistics say
// walking the hub row by row costs more than building the other side once, and giving the same
// rows as the row-by-row plan. Links only `caspian`.
#include <caspian/database.hpp>

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace caspian {
namespace {

using caspian::testing::TempDir;

std::vector<std::string> rows(Database& db, const std::string& text) {
    Result r = db.query(text);
    std::vector<std::string> out;
    while (r.next()) {
        std::string line;
        for (const Value& v : r.row())
            line += to_literal(v) + "|";
        out.push_back(line);
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string plan_of(Database& db, const std::string& text) {
    std::string out;
    for (const std::string& line : rows(db, "EXPLAIN " + text))
        out += line + "\n";
    return out;
}

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
    EXPECT_NE(plan_of(db, query).find("HashJoin"), std::string::npos) << plan_of(db, query);
    // The same question in two MATCH clauses expands row by row (c is bound in the second).
    const std::string row_by_row =
        "MATCH (p:Person)-[v:VISITED]->(c:Country) MATCH (c)<-[h:HOST]-(e:Exhibition) "
        "WHERE p.year = e.year RETURN p.n, e.n, c.key, type(v), type(h)";
    EXPECT_EQ(plan_of(db, row_by_row).find("HashJoin"), std::string::npos);
    const auto joined = rows(db, query);
    EXPECT_FALSE(joined.empty());
    EXPECT_EQ(joined, rows(db, row_by_row));
}

TEST(HashJoin, IsNotChosenOnASmallGraph) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    load_hubs(db, 3, 3);
    EXPECT_EQ(plan_of(db, hub_pattern + "RETURN count(*)").find("HashJoin"), std::string::npos);
}

TEST(HashJoin, KeepsRelationshipsUniqueAcrossItsSides) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    load_hubs(db, 300, 400);
    // Both steps of one type: a row must not use the same edge twice.
    const std::string query =
        "MATCH (a:Person)-[r1:VISITED]->(c:Country)<-[r2:VISITED]-(b:Person) "
        "WHERE a.year = b.year RETURN count(*), sum(CASE WHEN r1 = r2 THEN 1 ELSE 0 END)";
    EXPECT_NE(plan_of(db, query).find("HashJoin"), std::string::npos);
    const auto result = rows(db, query);
    ASSERT_EQ(result.size(), 1u);
    const auto same = rows(db,
                           "MATCH (a:Person)-[r1:VISITED]->(c:Country) "
                           "MATCH (c)<-[r2:VISITED]-(b:Person) WHERE a.year = b.year AND r1 <> r2 "
                           "RETURN count(*), 0");
    EXPECT_EQ(result, same);
}

}  // namespace
}  // namespace caspian
