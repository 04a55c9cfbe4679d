// The statement timeout (issue #15): per call (QueryOptions), per database (OpenOptions), from
// `caspian query/run --timeout` and the shell's `:timeout`. Every operator family gets a
// statement built to run for hours; it must end with Error{Resource} and change nothing.
#include "support/run_binary.hpp"
#include "support/temp_dir.hpp"

#include <caspian/database.hpp>
#include <caspian/session.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>

namespace caspian {
namespace {

using testing::TempDir;
using namespace std::chrono_literals;

const std::string timed_out = "ran past its timeout of 200 ms";

// 1,000 :Seed {i} nodes (the issue's row), each with an edge to one :Hub; a ring of 500 :Ring
// nodes; a ladder :L 0..6 with 40 parallel :P edges between neighbours (40^5 trails of five
// steps from one end).
void fill(Database& db) {
    db.query("UNWIND range(0, 999) AS i CREATE (:Seed {i: i})").all();
    db.query("CREATE (:Hub)").all();
    db.query("MATCH (s:Seed), (h:Hub) CREATE (s)-[:R]->(h)").all();
    // Keys make each edge's ends one lookup, not a scan (quick under ASan too).
    db.query("UNWIND range(0, 499) AS i CREATE (:Ring {i: i, key: 'r' + toString(i)})").all();
    db.query(
          "UNWIND range(0, 499) AS i MATCH (a {key: 'r' + toString(i)}), "
          "(b {key: 'r' + toString((i + 1) % 500)}) CREATE (a)-[:NEXT]->(b)")
        .all();
    ASSERT_EQ(db.query("MATCH (:Ring)-[e:NEXT]->(:Ring) RETURN count(e)").all()[0][0].as_int(),
              500);
    db.query("UNWIND range(0, 6) AS i CREATE (:L {i: i})").all();
    db.query("MATCH (a:L), (b:L) WHERE b.i = a.i + 1 UNWIND range(1, 40) AS k CREATE (a)-[:P]->(b)")
        .all();
}

class Timeout : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        OpenOptions options;
        options.sync = SyncMode::None;
        Database db = Database::open(dir_->sub("db"), options);
        fill(db);
    }
    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }

    static std::filesystem::path path() { return dir_->sub("db"); }

    Database open(std::chrono::milliseconds statement_timeout = 0ms) {
        OpenOptions options;
        options.sync = SyncMode::None;
        options.statement_timeout = statement_timeout;
        return Database::open(path(), options);
    }

    // The error `text` ends with under a 200 ms timeout (its rows read to the end), checking
    // that it is Error{Resource} and that the database holds what it held before.
    static std::string failure(Database& db, const std::string& text,
                               const std::string& plan_has = "") {
        if (!plan_has.empty()) {
            EXPECT_NE(explain(db, text).find(plan_has), std::string::npos) << explain(db, text);
        }
        const Counts before = db.begin_read().counts();
        const auto start = std::chrono::steady_clock::now();
        std::string message;
        try {
            db.query(text, {}, QueryOptions{nullptr, 200ms, {}, {}}).all();
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Resource) << e.what();
            message = e.what();
        }
        // A hang guard only: the statement would otherwise run for hours.
        EXPECT_LT(std::chrono::steady_clock::now() - start, 30s);
        const Counts after = db.begin_read().counts();
        EXPECT_EQ(after.nodes, before.nodes);
        EXPECT_EQ(after.edges, before.edges);
        EXPECT_EQ(after.labels, before.labels);
        return message;
    }

    static std::string explain(Database& db, const std::string& text) {
        std::string plan;
        for (const auto& row : db.query("EXPLAIN " + text).all()) {
            for (const Value& v : row) {
                if (v.kind() == ValueKind::String) plan += v.as_string() + "\n";
            }
        }
        return plan;
    }

    static TempDir* dir_;
};

TempDir* Timeout::dir_ = nullptr;

const std::string cartesian = "MATCH (a:Seed), (b:Seed), (c:Seed), (d:Seed) RETURN count(*)";

TEST_F(Timeout, IssueRowStopsUnderAPerCallTimeout) {
    Database db = open();
    EXPECT_NE(failure(db, cartesian).find(timed_out), std::string::npos);
    // The database's default (none) still lets a short statement run to its end.
    EXPECT_EQ(db.query("MATCH (s:Seed) RETURN count(*)").all()[0][0].as_int(), 1000);
}

TEST_F(Timeout, IssueRowStopsUnderThePerDatabaseDefault) {
    Database db = open(200ms);
    try {
        db.query(cartesian).all();
        ADD_FAILURE() << "not stopped";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Resource);
        EXPECT_NE(std::string(e.what()).find(timed_out), std::string::npos) << e.what();
    }
    // A per-call option overrides the default: the message names the call's bound.
    Database longer = open(60s);
    EXPECT_NE(failure(longer, cartesian).find(timed_out), std::string::npos);
}

// The deadline counts from the start of the statement: a caller reading slowly meets it too.
TEST_F(Timeout, StreamingCountsTheCallersTime) {
    Database db = open();
    Result r = db.query("MATCH (s:Seed) RETURN s.i", {}, QueryOptions{nullptr, 200ms, {}, {}});
    ASSERT_TRUE(r.next());
    std::this_thread::sleep_for(300ms);
    try {
        while (r.next()) {
        }
        ADD_FAILURE() << "not stopped";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Resource) << e.what();
    }
}

TEST_F(Timeout, Sort) {
    Database db = open();
    EXPECT_NE(failure(db,
                      "MATCH (a:Seed), (b:Seed), (c:Seed) RETURN a.i ORDER BY a.i * b.i - c.i "
                      "LIMIT 5",
                      "Sort")
                  .find(timed_out),
              std::string::npos);
}

TEST_F(Timeout, Aggregate) {
    Database db = open();
    EXPECT_NE(failure(db, "MATCH (a:Seed), (b:Seed), (c:Seed) RETURN a.i % 7 AS k, sum(b.i + c.i)",
                      "Aggregate")
                  .find(timed_out),
              std::string::npos);
}

TEST_F(Timeout, Distinct) {
    Database db = open();
    EXPECT_NE(failure(db, "MATCH (a:Seed), (b:Seed), (c:Seed) RETURN DISTINCT (a.i + b.i) % 3",
                      "Distinct")
                  .find(timed_out),
              std::string::npos);
}

TEST_F(Timeout, HashJoin) {
    Database db = open();
    EXPECT_NE(failure(db,
                      "MATCH (a:Seed)-[:R]->(h:Hub)<-[:R]-(b:Seed), (c:Seed) "
                      "RETURN count(*)",
                      "HashJoin")
                  .find(timed_out),
              std::string::npos);
}

// 40^5 trails from the ladder's first rung, none of which ends at the last one.
TEST_F(Timeout, VarLengthExpansion) {
    Database db = open();
    EXPECT_NE(
        failure(db, "MATCH (a:L {i: 0}), (z:L {i: 6}) MATCH (a)-[:P*1..5]->(z) RETURN count(*)",
                "VarExpand")
            .find(timed_out),
        std::string::npos);
}

TEST_F(Timeout, ShortestPaths) {
    Database db = open();
    EXPECT_NE(
        failure(db,
                "MATCH (a:Ring), (b:Ring), (c:Seed) MATCH p = shortestPath((a)-[:NEXT*]->(b)) "
                "RETURN count(*)",
                "ShortestPath")
            .find(timed_out),
        std::string::npos);
    EXPECT_NE(failure(db,
                      "MATCH (a:Ring), (b:Ring), (c:Seed) "
                      "MATCH p = allShortestPaths((a)-[:NEXT*]-(b)) RETURN count(*)",
                      "ShortestPath")
                  .find(timed_out),
              std::string::npos);
}

TEST_F(Timeout, AlgorithmProcedure) {
    Database db = open();
    // Billions of iterations over the ring: it polls inside the power iteration.
    EXPECT_NE(failure(db,
                      "CALL algo.pagerank({iterations: 4000000000, tolerance: 0}) "
                      "YIELD node, score RETURN count(*)",
                      "Call")
                  .find(timed_out),
              std::string::npos);
}

TEST_F(Timeout, ScanThatFiltersOutEverything) {
    Database db = open();
    EXPECT_NE(failure(db,
                      "MATCH (a:Seed), (b:Seed), (c:Seed) WHERE a.i + b.i + c.i < 0 "
                      "RETURN a.i",
                      "Filter")
                  .find(timed_out),
              std::string::npos);
}

TEST_F(Timeout, ListExpressions) {
    Database db = open();
    EXPECT_NE(failure(db,
                      "UNWIND range(1, 100000) AS x "
                      "RETURN reduce(s = 0, y IN range(1, 100000) | s + y) AS total")
                  .find(timed_out),
              std::string::npos);
}

// A writing statement that times out leaves nothing: its transaction is rolled back.
TEST_F(Timeout, WritingStatementLeavesNothing) {
    Database db = open();
    EXPECT_NE(failure(db,
                      "UNWIND range(1, 10000) AS x UNWIND range(1, 10000) AS y "
                      "CREATE (:Out {x: x, y: y})")
                  .find(timed_out),
              std::string::npos);
    EXPECT_EQ(db.query("MATCH (o:Out) RETURN count(*)").all()[0][0].as_int(), 0);
    // Inside a session's transaction only the statement is undone; the transaction goes on.
    Session session(db);
    session.execute("BEGIN").all();
    session.execute("CREATE (:Kept)").all();
    EXPECT_THROW(session
                     .execute("MATCH (a:Seed), (b:Seed), (c:Seed) CREATE (:Out {i: a.i})", {},
                              QueryOptions{nullptr, 200ms, {}, {}})
                     .all(),
                 Error);
    session.execute("COMMIT").all();
    EXPECT_EQ(db.query("MATCH (k:Kept) RETURN count(*)").all()[0][0].as_int(), 1);
    EXPECT_EQ(db.query("MATCH (o:Out) RETURN count(*)").all()[0][0].as_int(), 0);
    db.query("MATCH (k:Kept) DELETE k").all();
}

// The command line: --timeout on query and run (per statement), :timeout in the shell.
class TimeoutCli : public Timeout {
protected:
    TempDir scratch;
    testing::Outcome run(const std::vector<std::string>& args, const std::string& input = "",
                         const std::string& program = CASPIAN_BINARY) {
        testing::RunOptions options;
        options.input = input;
        options.timeout_seconds = 60;  // hang guard
        return testing::run_binary(program, args, scratch.path(), options);
    }
};

TEST_F(TimeoutCli, QueryTimeout) {
    const auto r = run({"query", path().string(), cartesian, "--timeout", "0.2"});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find("resource error: the statement " + timed_out.substr(0)), std::string::npos)
        << r.err;
    const auto bad = run({"query", path().string(), "RETURN 1", "--timeout", "-1"});
    EXPECT_EQ(bad.code, 2) << bad.err;
}

TEST_F(TimeoutCli, RunTimeoutIsPerStatement) {
    const auto file = scratch.path() / "script.cypher";
    testing::write(file, "RETURN 41 + 1 AS answer;\n" + cartesian + ";\n");
    const auto r = run({"run", path().string(), file.string(), "--timeout", "0.2"});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.out.find("42"), std::string::npos) << r.out;
    // The error points into the file: the second statement, line 2.
    EXPECT_NE(r.err.find("script.cypher:2:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(timed_out), std::string::npos) << r.err;
}

TEST_F(TimeoutCli, ShellTimeoutCommand) {
    auto r =
        run({"shell", path().string()}, ":timeout\n:timeout 0.2\n:timeout\n" + cartesian + ";\n");
    EXPECT_NE(r.out.find("timeout none"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("timeout 0.2 s"), std::string::npos) << r.out;
    EXPECT_NE(r.err.find(timed_out), std::string::npos) << r.err;
    EXPECT_EQ(r.code, 1) << r.err;
    r = run({"shell", path().string()}, ":timeout soon\n");
    EXPECT_NE(r.err.find(":timeout takes seconds"), std::string::npos) << r.err;
    EXPECT_EQ(r.code, 1) << r.err;
}

// Interactive (on a terminal, through script(1)) the shell goes on after a timed-out
// statement.
TEST_F(TimeoutCli, ShellKeepsWorkingAfterATimeout) {
    if (std::system("command -v script >/dev/null 2>&1") != 0) GTEST_SKIP() << "no script(1)";
    setenv("HOME", scratch.path().c_str(), 1);  // the shell's history file
    const std::string command = std::string(CASPIAN_BINARY) + " shell " +
                                testing::shell_quote(path().string()) + " --timeout 0.2";
    const auto r = run({"-qec", command, "/dev/null"},
                       cartesian + ";\nRETURN 6 * 7 AS answer;\n:quit\n", "script");
    EXPECT_NE(r.out.find(timed_out), std::string::npos) << r.out << r.err;
    EXPECT_NE(r.out.find("42"), std::string::npos) << r.out << r.err;
}

}  // namespace
}  // namespace caspian
