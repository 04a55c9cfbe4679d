// Query resource limits (issue #9): statements that would build enormous intermediate results
// stop at OpenOptions::max_rows_in_memory with a clear error and write nothing; a statement can
// be cancelled from another thread while it runs.
#include "support/temp_dir.hpp"

#include <caspian/database.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <iostream>
#include <string>
#include <thread>

namespace caspian {
namespace {

using testing::TempDir;

// n nodes (:N {i}), and with dense, an edge (:R) from every node to every other one.
Database make_graph(const TempDir& dir, int n, bool dense, std::uint64_t max_rows) {
    OpenOptions options;
    options.max_rows_in_memory = max_rows;
    options.sync = SyncMode::None;
    Database db = Database::open(dir.sub("db"), options);
    db.query("UNWIND range(0, $n - 1) AS i CREATE (:N {i: i})", {{"n", Value(n)}}).all();
    if (dense) db.query("MATCH (a:N), (b:N) WHERE a <> b CREATE (a)-[:R]->(b)").all();
    return db;
}

// The message of the Error the statement ends with ("" when it succeeds).
std::string failure(Database& db, const std::string& text) {
    try {
        db.query(text).all();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Resource) << e.what();
        return e.what();
    }
    return "";
}

const std::string limit_500 = "exceeded the limit of 500 rows held in memory";

TEST(QueryLimits, SortedCartesianProductStopsAtTheLimit) {
    TempDir dir;
    Database db = make_graph(dir, 30, false, 500);
    const std::string q = "MATCH (a:N), (b:N), (c:N) RETURN a.i, b.i, c.i ORDER BY c.i, b.i";
    EXPECT_NE(failure(db, q).find(limit_500), std::string::npos) << failure(db, q);
    // Streaming the same product holds nothing: it runs to the end.
    auto rows = db.query("MATCH (a:N), (b:N), (c:N) RETURN count(*) AS n").all();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0][0].as_int(), 27000);
}

TEST(QueryLimits, SortFitsUnderAHigherLimit) {
    TempDir dir;
    Database db = make_graph(dir, 30, false, 30 * 30);
    auto rows = db.query("MATCH (a:N), (b:N) RETURN a.i, b.i ORDER BY b.i DESC, a.i").all();
    ASSERT_EQ(rows.size(), 900u);
    EXPECT_EQ(rows[0][1].as_int(), 29);
}

// ORDER BY ... LIMIT holds only SKIP + LIMIT rows (top-N), so it sorts 900 rows under 500.
TEST(QueryLimits, TopNHoldsOnlySkipPlusLimitRows) {
    TempDir dir;
    Database db = make_graph(dir, 30, false, 500);
    auto rows =
        db.query("MATCH (a:N), (b:N) RETURN a.i, b.i ORDER BY a.i DESC, b.i LIMIT 10").all();
    ASSERT_EQ(rows.size(), 10u);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        EXPECT_EQ(rows[r][0].as_int(), 29);
        EXPECT_EQ(rows[r][1].as_int(), std::int64_t(r));
    }
    // Parameters bound the heap too; ties (equal a.i) keep the input order of b.
    rows = db.query("MATCH (a:N), (b:N) RETURN a.i, b.i ORDER BY a.i DESC SKIP $s LIMIT $l",
                    {{"s", Value(25)}, {"l", Value(10)}})
               .all();
    ASSERT_EQ(rows.size(), 10u);
    for (std::size_t r = 0; r < rows.size(); ++r) {
        EXPECT_EQ(rows[r][0].as_int(), r < 5 ? 29 : 28) << r;
        EXPECT_EQ(rows[r][1].as_int(), std::int64_t(r < 5 ? 25 + r : r - 5)) << r;
    }
    // SKIP + LIMIT past the limit still counts every row held.
    const std::string q = "MATCH (a:N), (b:N) RETURN a.i ORDER BY b.i SKIP 400 LIMIT 200";
    EXPECT_NE(failure(db, q).find(limit_500), std::string::npos) << failure(db, q);
}

TEST(QueryLimits, UnboundedVarLengthPathOnADenseGraphStopsAtTheLimit) {
    TempDir dir;
    Database db = make_graph(dir, 8, true, 500);  // 56 edges: billions of trails
    const std::string q = "MATCH (a:N {i: 0})-[*]->(b) RETURN count(*)";
    EXPECT_NE(failure(db, q).find(limit_500), std::string::npos) << failure(db, q);
}

TEST(QueryLimits, CollectAndDistinctAndGroupingCountTowardsTheLimit) {
    TempDir dir;
    Database db = make_graph(dir, 30, false, 500);
    for (const char* q : {"MATCH (a:N), (b:N) RETURN collect(a.i + b.i) AS xs",
                          "MATCH (a:N), (b:N) RETURN DISTINCT a.i * 100 + b.i",
                          "MATCH (a:N), (b:N) RETURN a.i * 100 + b.i AS k, count(*)"}) {
        EXPECT_NE(failure(db, q).find(limit_500), std::string::npos) << q << ": " << failure(db, q);
    }
    EXPECT_EQ(failure(db, "MATCH (a:N) RETURN collect(a.i) AS xs"), "");
}

TEST(QueryLimits, AWriteOverTheLimitWritesNothing) {
    TempDir dir;
    Database db = make_graph(dir, 30, false, 500);
    const std::string q = "MATCH (a:N), (b:N) CREATE (a)-[:R]->(b) RETURN a.i";
    EXPECT_NE(failure(db, q).find(limit_500), std::string::npos) << failure(db, q);
    EXPECT_EQ(db.begin_read().counts().edges, 0u);
    EXPECT_EQ(db.begin_read().counts().nodes, 30u);
}

TEST(QueryLimits, ZeroMeansNoLimit) {
    TempDir dir;
    Database db = make_graph(dir, 30, false, 0);
    EXPECT_EQ(db.query("MATCH (a:N), (b:N), (c:N) RETURN a.i ORDER BY a.i").all().size(), 27000u);
}

TEST(QueryLimits, TransactionQueriesUseTheDatabaseLimit) {
    TempDir dir;
    Database db = make_graph(dir, 30, false, 500);
    auto txn = db.begin_read();
    try {
        txn.query("MATCH (a:N), (b:N) RETURN a.i ORDER BY b.i").all();
        ADD_FAILURE() << "the sort of 900 rows ran under a limit of 500";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(limit_500), std::string::npos) << e.what();
    }
}

TEST(QueryCancel, AnotherThreadStopsAStreamingStatement) {
    TempDir dir;
    Database db = make_graph(dir, 30, false, 0);
    std::atomic<bool> cancel{false};
    Result result = db.query("MATCH (a:N), (b:N), (c:N) RETURN a.i", {}, &cancel);
    ASSERT_TRUE(result.next());
    std::thread([&] { cancel = true; }).join();
    try {
        while (result.next()) {
        }
        ADD_FAILURE() << "the statement ran to its end after the cancel";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Usage);
        EXPECT_STREQ(e.what(), "the statement was cancelled");
    }
}

TEST(QueryCancel, AnotherThreadStopsAnAggregateAndItsWrite) {
    TempDir dir;
    Database db = make_graph(dir, 40, false, 0);
    std::atomic<bool> cancel{false};
    // 40^4 rows to count: far longer than starting a thread, and cancelled wherever it is.
    std::thread canceller([&] { cancel = true; });
    try {
        db.query("MATCH (a:N), (b:N), (c:N), (d:N) WITH count(*) AS n CREATE (:Done {n: n})", {},
                 &cancel)
            .all();
        ADD_FAILURE() << "the statement ran to its end after the cancel";
    } catch (const Error& e) {
        EXPECT_STREQ(e.what(), "the statement was cancelled");
    }
    canceller.join();
    EXPECT_EQ(db.begin_read().counts().nodes, 40u);
}

}  // namespace
}  // namespace caspian
