// ANALYZE (issue #20, query/api/session.cpp): refreshes the planner's statistics as
// CALL db.stats.refresh() does, with a notification, and is refused with its position inside an
// explicit transaction, in a read transaction and on a read-only database, changing nothing.
// Links only `caspian`.
#include <caspian/database.hpp>

#include "support/result_lines.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace caspian {
namespace {

using caspian::testing::TempDir;

std::vector<std::string> explain(Database& db, const std::string& text) {
    std::vector<std::string> lines;
    Result r = db.query("EXPLAIN " + text);
    while (r.next())
        lines.push_back(r.row()[0].as_string());
    return lines;
}

// Three of nine people have x = 1: without statistics an equality keeps a guessed tenth.
void people(Database& db) {
    db.query("UNWIND range(1, 9) AS i CREATE (:P {key: 'p' + i, x: i % 3})").all();
}

TEST(Analyze, RefreshesTheStatisticsAsTheProcedureDoes) {
    TempDir dir;
    Database db = Database::open(dir.path() / "db");
    people(db);
    const std::string eq = "MATCH (n:P) WHERE n.x = 1 RETURN n";
    EXPECT_EQ(explain(db, eq)[2], "    Filter (n.x = 1)  est. 0.9");
    Result r = db.query("analyze;");
    EXPECT_EQ(r.columns(),
              (std::vector<std::string>{"label", "property", "nodes", "distinctValues"}));
    ASSERT_EQ(r.notifications().size(), 1u);
    EXPECT_EQ(r.notifications()[0].code,
              "Caspian.ClientNotification.Statement.StatisticsRefreshed");
    EXPECT_NE(r.notifications()[0].description.find("2 (label, property) pairs over 9 nodes"),
              std::string::npos)
        << r.notifications()[0].description;
    EXPECT_EQ(caspian::testing::sorted_lines(std::move(r)),
              (std::vector<std::string>{"'P'|'key'|9|9|", "'P'|'x'|9|3|"}));
    EXPECT_EQ(explain(db, eq)[2], "    Filter (n.x = 1)  est. 3");
    // The same statistics as the procedure's.
    EXPECT_EQ(caspian::testing::sorted_lines(
                  db.query("CALL db.stats.refresh() YIELD label, property, nodes, distinctValues "
                           "RETURN label, property, nodes, distinctValues")),
              (std::vector<std::string>{"'P'|'key'|9|9|", "'P'|'x'|9|3|"}));
    // Still a name elsewhere: a statement cannot start with one.
    EXPECT_EQ(caspian::testing::sorted_lines(db.query("WITH 1 AS analyze RETURN analyze")),
              (std::vector<std::string>{"1|"}));
}

// The error of a refused ANALYZE: its kind and where it points.
void expect_refused(const std::function<void()>& run, ErrorKind kind, std::size_t offset,
                    const std::string& message) {
    try {
        run();
        ADD_FAILURE() << "ANALYZE ran";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), kind) << e.what();
        ASSERT_TRUE(e.where().has_value()) << e.what();
        EXPECT_EQ(e.where()->offset, offset) << e.what();
        EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
    }
}

TEST(Analyze, RefusedInATransactionOrReadOnlyAndTheStatisticsStayAsTheyWere) {
    TempDir dir;
    const std::string eq = "MATCH (n:P) WHERE n.x = 1 RETURN n";
    const std::string guessed = "    Filter (n.x = 1)  est. 0.9";
    {
        Database db = Database::open(dir.path() / "db");
        people(db);
        WriteTransaction txn = db.begin_write();
        expect_refused([&] { txn.query("ANALYZE").all(); }, ErrorKind::Usage, 0,
                       "inside an explicit transaction");
        txn.commit();
        ReadTransaction read = db.begin_read();
        expect_refused([&] { read.query("ANALYZE").all(); }, ErrorKind::Usage, 0,
                       "read-only transaction");
        expect_refused([&] { db.query("EXPLAIN ANALYZE").all(); }, ErrorKind::Semantic, 0,
                       "no plan");
        expect_refused([&] { db.query("ANALYZE now").all(); }, ErrorKind::Syntax, 8, "");
        EXPECT_EQ(explain(db, eq)[2], guessed);
    }
    Database db = Database::open(dir.path() / "db", OpenOptions{.read_only = true});
    expect_refused([&] { db.query("ANALYZE").all(); }, ErrorKind::Usage, 0, "read-only");
    EXPECT_EQ(explain(db, eq)[2], guessed);
}

}  // namespace
}  // namespace caspian
