// What the scenario files (tests/query/cases/) cannot express, through Database::query: rows
// streamed before the rest is computed, abandoned results, transactions, parameters and
// cancellation. Every other executor behaviour is a scenario. Links only `caspian`.
#include <caspian/database.hpp>

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <atomic>

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
