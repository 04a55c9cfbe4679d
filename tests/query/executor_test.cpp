// Tests of the executor's operators (query/exec/) and the statement entry points
// (query/api/session.cpp) through Database::query: streaming, three-valued filters, ordering,
// grouping, expansion rules, writes and their atomicity, parameters. Links only `caspian`.
#include <caspian/database.hpp>

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <set>

namespace caspian {
namespace {

using caspian::testing::TempDir;

class Executor : public ::testing::Test {
protected:
    // Every row of a statement, each as its values' literals joined by " | ".
    std::vector<std::string> rows(const std::string& text, const Params& params = {}) {
        Result r = db_.query(text, params);
        std::vector<std::string> out;
        while (r.next())
            out.push_back(line(r.row()));
        return out;
    }

    static std::string line(const std::vector<Value>& row) {
        std::string s;
        for (std::size_t i = 0; i < row.size(); ++i)
            s += (i ? " | " : "") + to_literal(row[i]);
        return s;
    }

    std::vector<std::string> sorted_rows(const std::string& text, const Params& params = {}) {
        std::vector<std::string> out = rows(text, params);
        std::sort(out.begin(), out.end());
        return out;
    }

    Value single(const std::string& text, const Params& params = {}) {
        Result r = db_.query(text, params);
        EXPECT_TRUE(r.next()) << text;
        Value v = r.row().at(0);
        EXPECT_FALSE(r.next()) << text;
        return v;
    }

    Error error_of(const std::string& text, const Params& params = {}) {
        try {
            db_.query(text, params).all();
        } catch (const Error& e) {
            return e;
        }
        ADD_FAILURE() << "no error from: " << text;
        return Error(ErrorKind::Internal, "none");
    }

    // Belarus, Azerbaijan, Georgia; visits BY -> AZ (2022, 2 days) and BY -> GE (2023).
    void seed() {
        db_.query(
               "CREATE (bel:Country {key: 'BY', name: 'Belarus'}), "
               "(az:Country {key: 'AZ', name: 'Azerbaijan'}), "
               "(ge:Country {key: 'GE', name: 'Georgia'}), "
               "(:Visit {key: 'v1', year: 2022, days: 2})-[:HOST]->(az), "
               "(:Visit {key: 'v2', year: 2023})-[:HOST]->(ge), "
               "(bel)-[:VISITED {year: 2022}]->(az), (bel)-[:VISITED {year: 2023}]->(ge)")
            .all();
    }

    TempDir dir_;
    Database db_ = Database::open(dir_.sub("db"));
};

// --- streaming ---------------------------------------------------------------------------------

TEST_F(Executor, LimitOneOverALargeScanReturnsOneRow) {
    const UpdateCounts counts = [&] {
        Result r = db_.query("UNWIND range(1, 50000) AS i CREATE (:Item {i: i})");
        r.all();
        return r.update_counts();
    }();
    ASSERT_EQ(counts.nodes_created, 50000);
    EXPECT_EQ(rows("MATCH (n:Item) RETURN n.i LIMIT 1"), (std::vector<std::string>{"1"}));
    EXPECT_EQ(rows("MATCH (n) RETURN n.i SKIP 49999 LIMIT 5"), (std::vector<std::string>{"50000"}));
}

TEST_F(Executor, ReadRowsArriveBeforeTheRestIsComputed) {
    // The second row fails: query() and the first next() must not have computed it yet.
    Result r = db_.query("UNWIND [1, 0] AS x RETURN 10 / x AS y");
    ASSERT_TRUE(r.next());
    EXPECT_EQ(to_literal(r.row()[0]), "10");
    try {
        r.next();
        ADD_FAILURE() << "10 / 0 did not fail";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Type);
    }
}

TEST_F(Executor, AResultMayBeAbandonedHalfRead) {
    db_.query("UNWIND range(1, 100) AS i CREATE (:Item {i: i})").all();
    {
        Result r = db_.query("MATCH (n:Item) RETURN n");
        ASSERT_TRUE(r.next());
    }
    EXPECT_EQ(rows("MATCH (n:Item) RETURN count(*)"), (std::vector<std::string>{"100"}));
}

// --- filtering and ordering ------------------------------------------------------------------

TEST_F(Executor, WhereKeepsOnlyTrueRows) {
    db_.query("CREATE (:T {x: 1}), (:T {x: 2}), (:T)").all();
    EXPECT_EQ(sorted_rows("MATCH (n:T) WHERE n.x <> 1 RETURN n.x"),
              (std::vector<std::string>{"2"}));
    EXPECT_EQ(sorted_rows("MATCH (n:T) WHERE NOT (n.x = 1) RETURN n.x"),
              (std::vector<std::string>{"2"}));
    EXPECT_EQ(sorted_rows("MATCH (n:T) WHERE n.x = 1 OR n.x IS NULL RETURN n.x"),
              (std::vector<std::string>{"1", "null"}));
    EXPECT_EQ(sorted_rows("MATCH (n:T) WHERE n.x > 1 OR true RETURN n.x"),
              (std::vector<std::string>{"1", "2", "null"}));
    EXPECT_EQ(sorted_rows("MATCH (n:T) WHERE n.x > 1 AND true RETURN n.x"),
              (std::vector<std::string>{"2"}));
    EXPECT_EQ(rows("MATCH (n:T) WHERE null RETURN n"), std::vector<std::string>{});
}

TEST_F(Executor, WhereOnANonBooleanIsATypeError) {
    db_.query("CREATE (:T {x: 1})").all();
    EXPECT_EQ(error_of("MATCH (n:T) WHERE n.x RETURN n").kind(), ErrorKind::Type);
}

TEST_F(Executor, OrderByAcrossKinds) {
    EXPECT_EQ(rows("UNWIND [3, 'a', null, 1.5, true, [1], date('2022-05-18'), {k: 1}] AS v "
                   "RETURN v ORDER BY v"),
              (std::vector<std::string>{"{k: 1}", "[1]", "date('2022-05-18')", "'a'", "true", "1.5",
                                        "3", "null"}));
    EXPECT_EQ(rows("UNWIND [3, 'a', null, 1.5] AS v RETURN v ORDER BY v DESC"),
              (std::vector<std::string>{"null", "3", "1.5", "'a'"}));
}

TEST_F(Executor, OrderBySeveralKeysAndSkipLimit) {
    EXPECT_EQ(rows("UNWIND [[1, 'b'], [2, 'a'], [1, 'a']] AS p "
                   "RETURN p[0] AS n, p[1] AS s ORDER BY n DESC, s SKIP 1 LIMIT 2"),
              (std::vector<std::string>{"1 | 'a'", "1 | 'b'"}));
}

TEST_F(Executor, DistinctTreatsOneAndOnePointZeroAsTheSame) {
    EXPECT_EQ(rows("UNWIND [1, 1.0, null, null, 'a'] AS v RETURN DISTINCT v").size(), 3u);
}

// --- aggregation, UNWIND -----------------------------------------------------------------------

TEST_F(Executor, AggregationGroupsIncludeANullKey) {
    db_.query("CREATE (:T {g: 'a', x: 1}), (:T {g: 'a', x: 2}), (:T {x: 5}), (:T {g: 'b'})").all();
    EXPECT_EQ(sorted_rows("MATCH (n:T) RETURN n.g AS g, count(*) AS c, sum(n.x) AS s, "
                          "collect(n.x) AS xs"),
              (std::vector<std::string>{"'a' | 2 | 3 | [1, 2]", "'b' | 1 | 0 | []",
                                        "null | 1 | 5 | [5]"}));
}

TEST_F(Executor, AggregationOverNoRowsGivesOneRowWithoutGroupingKeys) {
    EXPECT_EQ(rows("MATCH (n:Nothing) RETURN count(*), sum(n.x), collect(n)"),
              (std::vector<std::string>{"0 | 0 | []"}));
    EXPECT_EQ(rows("MATCH (n:Nothing) RETURN n.g, count(*)"), std::vector<std::string>{});
}

TEST_F(Executor, CountDistinct) {
    EXPECT_EQ(rows("UNWIND [1, 2, 2, null, 1.0] AS x RETURN count(DISTINCT x), count(x)"),
              (std::vector<std::string>{"2 | 4"}));
}

TEST_F(Executor, UnwindYieldsOneRowPerElementAndNoneForNullOrEmpty) {
    EXPECT_EQ(rows("UNWIND [1, [2], null] AS x RETURN x"),
              (std::vector<std::string>{"1", "[2]", "null"}));
    EXPECT_EQ(rows("UNWIND [] AS x RETURN x"), std::vector<std::string>{});
    EXPECT_EQ(rows("UNWIND null AS x RETURN x"), std::vector<std::string>{});
    EXPECT_EQ(rows("WITH [[1, 2], [3]] AS ls UNWIND ls AS l UNWIND l AS x RETURN sum(x)"),
              (std::vector<std::string>{"6"}));
}

// --- patterns ----------------------------------------------------------------------------------

TEST_F(Executor, VariableLengthNeverRepeatsAnEdge) {
    // A triangle a -> b -> c -> a: walks of up to 5 hops from a are cut at 3 by uniqueness.
    db_.query("CREATE (a:N {key: 'a'})-[:R]->(b:N {key: 'b'})-[:R]->(c:N {key: 'c'})-[:R]->(a)")
        .all();
    EXPECT_EQ(rows("MATCH ({key: 'a'})-[rs:R*1..5]->(x) RETURN x.key, size(rs) ORDER BY size(rs)"),
              (std::vector<std::string>{"'b' | 1", "'c' | 2", "'a' | 3"}));
    Result r = db_.query("MATCH ()-[rs*1..3]-() RETURN rs");
    while (r.next()) {
        std::set<std::uint64_t> ids;
        for (const Value& e : r.row()[0].as_list())
            ids.insert(e.as_edge().id.value);
        EXPECT_EQ(ids.size(), r.row()[0].as_list().size()) << to_literal(r.row()[0]);
    }
}

TEST_F(Executor, VariableLengthBounds) {
    db_.query("CREATE (:N {key: 'a'})-[:R]->(:N {key: 'b'})-[:R]->(:N {key: 'c'})").all();
    EXPECT_EQ(sorted_rows("MATCH ({key: 'a'})-[*2]->(x) RETURN x.key"),
              (std::vector<std::string>{"'c'"}));
    EXPECT_EQ(sorted_rows("MATCH ({key: 'a'})-[*0..1]->(x) RETURN x.key"),
              (std::vector<std::string>{"'a'", "'b'"}));
    EXPECT_EQ(sorted_rows("MATCH ({key: 'c'})<-[*]-(x) RETURN x.key"),
              (std::vector<std::string>{"'a'", "'b'"}));
}

TEST_F(Executor, UndirectedSelfLoopIsMatchedOnce) {
    db_.query("CREATE (n:L)-[:SELF]->(n)").all();
    EXPECT_EQ(rows("MATCH (n:L)-[r]-(m) RETURN count(r)"), (std::vector<std::string>{"1"}));
    EXPECT_EQ(rows("MATCH (n:L)-[r]->(m) RETURN count(r)"), (std::vector<std::string>{"1"}));
    EXPECT_EQ(rows("MATCH (n:L)<-[r]-(m) RETURN count(r)"), (std::vector<std::string>{"1"}));
}

TEST_F(Executor, UndirectedEdgeIsMatchedFromBothEnds) {
    seed();
    EXPECT_EQ(
        sorted_rows("MATCH (a:Country)-[:VISITED]-(b) RETURN a.key, b.key"),
        (std::vector<std::string>{"'AZ' | 'BY'", "'BY' | 'AZ'", "'BY' | 'GE'", "'GE' | 'BY'"}));
}

TEST_F(Executor, OptionalMatchGivesNullsWhenNothingMatches) {
    seed();
    EXPECT_EQ(sorted_rows("MATCH (c:Country) OPTIONAL MATCH (v:Visit)-[:HOST]->(c) "
                          "RETURN c.key, v.key"),
              (std::vector<std::string>{"'AZ' | 'v1'", "'BY' | null", "'GE' | 'v2'"}));
    EXPECT_EQ(rows("OPTIONAL MATCH (n:Nothing) RETURN n"), (std::vector<std::string>{"null"}));
}

TEST_F(Executor, PathValuesFollowThePattern) {
    seed();
    EXPECT_EQ(rows("MATCH p = (v:Visit {key: 'v1'})-[:HOST]->(c)<-[:VISITED]-(b) RETURN p"),
              (std::vector<std::string>{
                  "<(:Visit {days: 2, key: 'v1', year: 2022})-[:HOST]->"
                  "(:Country {key: 'AZ', name: 'Azerbaijan'})<-[:VISITED {year: 2022}]-"
                  "(:Country {key: 'BY', name: 'Belarus'})>"}));
    EXPECT_EQ(rows("MATCH p = (:Visit {key: 'v1'})-->() RETURN length(p), size(nodes(p))"),
              (std::vector<std::string>{"1 | 2"}));
}

TEST_F(Executor, PatternPredicateInWhere) {
    seed();
    EXPECT_EQ(sorted_rows("MATCH (c:Country) WHERE (c)<-[:HOST]-(:Visit) RETURN c.key"),
              (std::vector<std::string>{"'AZ'", "'GE'"}));
    EXPECT_EQ(sorted_rows("MATCH (c:Country) WHERE NOT (c)<-[:HOST]-() RETURN c.key"),
              (std::vector<std::string>{"'BY'"}));
}

// --- writes ------------------------------------------------------------------------------------

TEST_F(Executor, CreateReportsItsUpdateCounts) {
    Result r = db_.query(
        "CREATE (a:Country:Place {key: 'AZ', name: 'Azerbaijan'})"
        "<-[:HOST {day: 1}]-(v:Visit) RETURN a.key");
    EXPECT_EQ(r.all().size(), 1u);
    UpdateCounts expected;
    expected.nodes_created = 2;
    expected.edges_created = 1;
    expected.properties_set = 3;
    expected.labels_added = 3;
    EXPECT_EQ(r.update_counts(), expected);
    EXPECT_EQ(rows("MATCH (a:Country)<-[h:HOST]-(v:Visit) RETURN a.name, h.day"),
              (std::vector<std::string>{"'Azerbaijan' | 1"}));
}

TEST_F(Executor, CreatePerMatchedRow) {
    seed();
    Result r = db_.query("MATCH (c:Country) CREATE (c)<-[:HOST]-(:Visit {year: 2024})");
    r.all();
    EXPECT_EQ(r.update_counts().nodes_created, 3);
    EXPECT_EQ(rows("MATCH (v:Visit {year: 2024})-[:HOST]->(c) RETURN count(DISTINCT c)"),
              (std::vector<std::string>{"3"}));
}

TEST_F(Executor, CreateDoesNotSeeItsOwnOutput) {
    db_.query("CREATE (:T), (:T)").all();
    db_.query("MATCH (n:T) CREATE (:T)").all();
    EXPECT_EQ(rows("MATCH (n:T) RETURN count(*)"), (std::vector<std::string>{"4"}));
}

TEST_F(Executor, FailingWriteStatementLeavesNothingBehind) {
    const Error e = error_of("CREATE (n:X) WITH n RETURN 1/0");
    EXPECT_EQ(e.kind(), ErrorKind::Type);
    EXPECT_EQ(rows("MATCH (n:X) RETURN count(n)"), (std::vector<std::string>{"0"}));
}

TEST_F(Executor, DuplicateKeyFailsTheWholeStatement) {
    db_.query("CREATE (:C {key: 'AZ'})").all();
    const Error e = error_of("CREATE (:C {key: 'BY'}), (:C {key: 'AZ'})");
    EXPECT_EQ(e.kind(), ErrorKind::Constraint);
    EXPECT_EQ(rows("MATCH (n:C) RETURN n.key"), (std::vector<std::string>{"'AZ'"}));
}

TEST_F(Executor, CreateInAReadTransactionIsAUsageError) {
    ReadTransaction txn = db_.begin_read();
    try {
        txn.query("CREATE (:X)").all();
        ADD_FAILURE() << "CREATE ran in a read transaction";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Usage);
    }
    EXPECT_EQ(rows("MATCH (n) RETURN count(n)"), (std::vector<std::string>{"0"}));
}

TEST_F(Executor, QueryInAWriteTransactionSeesItsOwnChangesUntilRollback) {
    {
        WriteTransaction txn = db_.begin_write();
        txn.query("CREATE (:X {key: 'k'})").all();
        Result r = txn.query("MATCH (n:X) RETURN n.key");
        ASSERT_TRUE(r.next());
        EXPECT_EQ(to_literal(r.row()[0]), "'k'");
    }
    EXPECT_EQ(rows("MATCH (n:X) RETURN count(n)"), (std::vector<std::string>{"0"}));
}

// --- parameters --------------------------------------------------------------------------------

TEST_F(Executor, MissingParameterIsASemanticError) {
    EXPECT_EQ(error_of("RETURN $absent").kind(), ErrorKind::Semantic);
}

TEST_F(Executor, ParametersOfEachKind) {
    const Params params = {{"null", Value()},
                           {"b", Value(true)},
                           {"i", Value(42)},
                           {"f", Value(2.5)},
                           {"s", Value("AZ")},
                           {"d", Value(make_date(2022, 5, 18))},
                           {"l", Value(List{Value(1), Value("a")})},
                           {"m", Value(Map{{{"k", Value(1)}}})}};
    EXPECT_EQ(rows("RETURN $null, $b, $i, $f, $s, $d, $l, $m", params),
              (std::vector<std::string>{
                  "null | true | 42 | 2.5 | 'AZ' | date('2022-05-18') | [1, 'a'] | {k: 1}"}));
    EXPECT_EQ(rows("RETURN $i + 1, $l[1], $m.k, $d.year", params),
              (std::vector<std::string>{"43 | 'a' | 1 | 2022"}));
}

TEST_F(Executor, ParametersInPatternsAndCreate) {
    seed();
    EXPECT_EQ(rows("MATCH (c:Country {key: $k}) RETURN c.name", {{"k", Value("AZ")}}),
              (std::vector<std::string>{"'Azerbaijan'"}));
    db_.query("CREATE (n:P $props)",
              {{"props", Value(Map{{{"key", Value("x")}, {"y", Value(1)}}})}})
        .all();
    EXPECT_EQ(rows("MATCH (n:P) RETURN n.key, n.y"), (std::vector<std::string>{"'x' | 1"}));
    EXPECT_EQ(rows("UNWIND $xs AS x RETURN x", {{"xs", Value(List{Value(1), Value(2)})}}),
              (std::vector<std::string>{"1", "2"}));
    EXPECT_EQ(rows("RETURN 1 LIMIT $n", {{"n", Value(0)}}), std::vector<std::string>{});
}

// --- EXPLAIN, UNION ----------------------------------------------------------------------------

TEST_F(Executor, ExplainReturnsThePlanAndRunsNothing) {
    Result r = db_.query("EXPLAIN CREATE (:X)");
    EXPECT_EQ(r.columns(), (std::vector<std::string>{"plan"}));
    std::vector<std::vector<Value>> plan = r.all();
    ASSERT_FALSE(plan.empty());
    EXPECT_EQ(plan[0][0].as_string().rfind("Produce", 0), 0u) << plan[0][0].as_string();
    EXPECT_EQ(rows("MATCH (n) RETURN count(n)"), (std::vector<std::string>{"0"}));
}

TEST_F(Executor, UnionRemovesDuplicatesUnionAllKeepsThem) {
    EXPECT_EQ(sorted_rows("UNWIND [1, 2, 2] AS x RETURN x UNION UNWIND [2, 3] AS x RETURN x"),
              (std::vector<std::string>{"1", "2", "3"}));
    EXPECT_EQ(rows("RETURN 1 AS x UNION ALL RETURN 1 AS x"), (std::vector<std::string>{"1", "1"}));
}

TEST_F(Executor, ColumnsAreAliasesOrTheExpressionText) {
    Result r = db_.query("RETURN 1 AS one, 1 + 2");
    EXPECT_EQ(r.columns(), (std::vector<std::string>{"one", "1 + 2"}));
}

TEST_F(Executor, ACancelledReadStopsAtItsNextRow) {
    db_.query("UNWIND range(1, 2000) AS i CREATE (:N {i: i})").all();
    std::atomic<bool> cancel{false};
    Result r = db_.query("MATCH (n:N) RETURN n.i", {}, &cancel);
    ASSERT_TRUE(r.next());
    cancel = true;  // as the shell's Ctrl-C handler does
    try {
        while (r.next()) {
        }
        FAIL() << "the statement ran to its end";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Usage);
        EXPECT_NE(std::string(e.what()).find("cancelled"), std::string::npos) << e.what();
    }
}

TEST_F(Executor, ACancelledWriteKeepsNothing) {
    std::atomic<bool> cancel{true};
    db_.query("CREATE (:Seed)").all();
    EXPECT_THROW(db_.query("MATCH (s:Seed) UNWIND range(1, 100) AS i CREATE (:Made)", {}, &cancel),
                 Error);
    EXPECT_EQ(rows("MATCH (n:Made) RETURN count(n)"), (std::vector<std::string>{"0"}));
}

}  // namespace
}  // namespace caspian
