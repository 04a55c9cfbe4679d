// The memory budget of a statement (issue #15): runaway strings, lists and held rows stop at
// it with a resource error, through the API, `caspian query`, `caspian run` and the shell; a
// failed write changes nothing; range() consumed item by item is never built; bad_alloc is the
// same resource error and the process goes on.
#include "reliability/dump.hpp"
#include "reliability/process.hpp"
#include "support/temp_dir.hpp"

#include <caspian/database.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

namespace caspian {
namespace {

using testing::Child;
using testing::ChildOptions;
using testing::TempDir;

constexpr std::uint64_t mb = 1024 * 1024;

const std::string doubling_string = "RETURN size(reduce(s = 'x', i IN range(1, 40) | s + s)) AS n";
const std::string doubling_list = "RETURN size(reduce(l = ['x'], i IN range(1, 40) | l + l)) AS n";
const std::string collect_range = "UNWIND range(1, 100000000) AS x RETURN size(collect(x)) AS n";
const std::string seeds_in_range =
    "MATCH (n:Seed) WHERE n.i IN range(1, 100000000) RETURN count(n) AS n";

// A database of ten (:Seed {i}) nodes, i = 0..9, whose statements have the given budget.
Database make_db(const TempDir& dir, std::uint64_t budget) {
    OpenOptions options;
    options.sync = SyncMode::None;
    options.max_memory_bytes = budget;
    Database db = Database::open(dir.sub("db"), options);
    db.query("UNWIND range(0, 9) AS i CREATE (:Seed {i: i})").all();
    return db;
}

// The message of the Error the statement ends with ("" when it succeeds).
std::string failure(Database& db, const std::string& text, const QueryOptions& options = {}) {
    try {
        db.query(text, {}, options).all();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Resource) << e.what();
        return e.what();
    }
    return "";
}

std::vector<std::int64_t> ints(Database& db, const std::string& text) {
    std::vector<std::int64_t> out;
    for (const auto& row : db.query(text).all())
        out.push_back(row.at(0).as_int());
    return out;
}

Value single(Database& db, const std::string& text) {
    auto rows = db.query(text).all();
    EXPECT_EQ(rows.size(), 1u) << text;
    return rows.empty() ? Value() : rows[0].at(0);
}

const std::string limit_64m = "exceeded its memory limit of 64 MB";

TEST(MemoryBudget, IssueRowsStopAtTheBudget) {
    TempDir dir;
    Database db = make_db(dir, 64 * mb);
    for (const std::string& q : {doubling_string, doubling_list, collect_range}) {
        const std::string message = failure(db, q);
        EXPECT_NE(message.find(limit_64m), std::string::npos) << q << ": " << message;
        EXPECT_NE(message.find("--max-memory"), std::string::npos) << message;
    }
    // IN range(...) is arithmetic: no 100M-element list, so it fits.
    EXPECT_EQ(single(db, seeds_in_range).as_int(), 9);
    // The database goes on working.
    EXPECT_EQ(single(db, "MATCH (n:Seed) RETURN count(n) AS n").as_int(), 10);
}

TEST(MemoryBudget, QueryOptionsOverrideTheDatabase) {
    TempDir dir;
    Database db = make_db(dir, 0);  // no budget of its own
    QueryOptions options;
    options.max_memory_bytes = 64 * mb;
    EXPECT_NE(failure(db, collect_range, options).find(limit_64m), std::string::npos);
    options.max_memory_bytes = 1 * mb;
    EXPECT_NE(failure(db, "RETURN range(1, 100000) AS r", options).find("1 MB"), std::string::npos);
    // Unbounded, the same list is fine.
    EXPECT_EQ(single(db, "RETURN range(1, 100000) AS r").as_list().size(), 100000u);
    EXPECT_GT(default_max_memory_bytes(), 0u);
}

TEST(MemoryBudget, RowsHeldBySortDistinctAndCollectCount) {
    TempDir dir;
    Database db = make_db(dir, 4 * mb);
    for (const std::string q : {
             "UNWIND range(1, 300000) AS x WITH x ORDER BY -x RETURN count(*) AS n",
             "UNWIND range(1, 300000) AS x WITH DISTINCT x RETURN count(*) AS n",
             "UNWIND range(1, 300000) AS x WITH x % 2 AS k, collect(x) AS c RETURN count(*) AS n",
             "RETURN size([x IN range(1, 300000) | toString(x)]) AS n",
         }) {
        EXPECT_NE(failure(db, q).find("memory limit of 4 MB"), std::string::npos) << q;
    }
    // Streaming the same rows holds nothing.
    EXPECT_EQ(single(db, "UNWIND range(1, 300000) AS x RETURN count(*) AS n").as_int(), 300000);
}

TEST(MemoryBudget, AFailedWriteLeavesTheDatabaseAsItWas) {
    TempDir dir;
    const auto path = dir.sub("db");
    Database db = make_db(dir, 64 * mb);
    const std::string before = testing::dump_tables(path);
    for (const std::string q : {
             "MATCH (n:Seed) SET n.s = reduce(s = 'x', i IN range(1, 40) | s + s)",
             "CREATE (:W) WITH 1 AS one UNWIND range(1, 100000000) AS x RETURN size(collect(x))",
             "MATCH (n:Seed) DETACH DELETE n WITH 1 AS one RETURN reduce(l = [1], i IN "
             "range(1, 40) | l + l) AS l",
         }) {
        EXPECT_NE(failure(db, q).find(limit_64m), std::string::npos) << q;
        EXPECT_EQ(testing::dump_tables(path), before) << q;
    }
}

TEST(LazyRange, ConsumersNeverBuildTheList) {
    TempDir dir;
    Database db = make_db(dir, 1 * mb);  // a built range(1, 100000000) would need gigabytes
    EXPECT_EQ(ints(db, "UNWIND range(1, 100000000) AS x WITH x LIMIT 3 RETURN x"),
              (std::vector<std::int64_t>{1, 2, 3}));
    EXPECT_EQ(single(db, "RETURN 99999999 IN range(1, 100000000) AS b").as_bool(), true);
    EXPECT_EQ(single(db, "RETURN size(range(1, 100000000, 7)) AS n").as_int(), 14285715);
    EXPECT_EQ(single(db, "RETURN reduce(a = 0, x IN range(1, 200000) | a + x) AS n").as_int(),
              20000100000);
    EXPECT_EQ(single(db, "RETURN [x IN range(1, 200000) WHERE x > 199998] AS l").as_list().size(),
              2u);
    EXPECT_EQ(single(db, "RETURN all(x IN range(1, 200000) WHERE x > 0) AS b").as_bool(), true);
    EXPECT_EQ(single(db, seeds_in_range).as_int(), 9);
    // A range that is kept whole is built, and bounded before it allocates.
    EXPECT_NE(failure(db, "RETURN range(1, 100000000) AS r").find("memory limit of 1 MB"),
              std::string::npos);
}

TEST(LazyRange, SemanticsAreUnchanged) {
    TempDir dir;
    Database db = make_db(dir, 1 * mb);
    EXPECT_EQ(ints(db, "UNWIND range(10, 1, -3) AS x RETURN x"),
              (std::vector<std::int64_t>{10, 7, 4, 1}));
    EXPECT_TRUE(ints(db, "UNWIND range(1, 0) AS x RETURN x").empty());
    EXPECT_TRUE(ints(db, "UNWIND range(0, 5, -1) AS x RETURN x").empty());
    EXPECT_EQ(single(db, "RETURN size(range(10, 1, -3)) AS n").as_int(), 4);
    EXPECT_EQ(single(db, "RETURN size(range(1, 0)) AS n").as_int(), 0);
    EXPECT_EQ(single(db, "RETURN [x IN range(10, 1, -3) | x] AS l").as_list().size(), 4u);
    // IN: members, non-members between steps and past the ends, floats, other kinds, nulls.
    const std::pair<std::string, std::string> in_cases[] = {
        {"4 IN range(10, 1, -3)", "true"},
        {"5 IN range(10, 1, -3)", "false"},
        {"13 IN range(10, 1, -3)", "false"},
        {"-2 IN range(10, 1, -3)", "false"},
        {"4.0 IN range(0, 8, 2)", "true"},
        {"4.5 IN range(0, 8, 2)", "false"},
        {"'4' IN range(0, 8, 2)", "false"},
        {"[4] IN range(0, 8, 2)", "false"},
        {"null IN range(1, 3)", "null"},
        {"null IN range(3, 1)", "false"},
        {"1 IN range(1, null)", "null"},
        {"1 IN range(1, 1)", "true"},
        {"9223372036854775807 IN range(9223372036854775806, 9223372036854775807)", "true"},
        {"-9223372036854775807 - 1 IN range(-9223372036854775807 - 1, 0, 9223372036854775807)",
         "true"},
    };
    for (const auto& [expr, expected] : in_cases) {
        const Value v = single(db, "RETURN " + expr + " AS b");
        EXPECT_EQ(v.is_null() ? "null" : v.as_bool() ? "true" : "false", expected) << expr;
        // The same as IN over the built list.
        const std::string built = "RETURN " + expr.substr(0, expr.find(" IN ")) + " IN [x IN " +
                                  expr.substr(expr.find(" IN ") + 4) + " | x] AS b";
        EXPECT_EQ(single(db, built), v) << built;
    }
    for (const std::string q :
         {"UNWIND range(1, 5, 0) AS x RETURN x", "RETURN 1 IN range(1, 5, 0) AS b",
          "RETURN size(range(1, 5, 0))", "RETURN [x IN range(1, 'a') | x] AS l"}) {
        try {
            db.query(q).all();
            ADD_FAILURE() << q << " ran";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Type) << q << ": " << e.what();
            EXPECT_TRUE(e.where().has_value()) << q;
        }
    }
}

// ---- through the binary ----

struct Ran {
    int status = 0;
    std::string out, err;
};

Ran run(const std::vector<std::string>& argv, const TempDir& dir, const std::string& input = "") {
    ChildOptions options;
    options.stderr_file = dir.sub("stderr.txt");
    options.pipe_stdin = !input.empty();
    Child child(argv, options);
    if (!input.empty()) {
        child.send_line(input);
        child.close_stdin();
    }
    Ran r;
    r.status = child.wait();
    for (const auto& line : child.lines())
        r.out += line + "\n";
    r.err = child.stderr_text();
    return r;
}

// The seeded database, closed again for the binary to open.
std::string seeded(const TempDir& dir) {
    { make_db(dir, 0); }
    return dir.sub("db").string();
}

TEST(MemoryBudgetCli, QueryAndRunStopWithAResourceError) {
    TempDir dir;
    const std::string db = seeded(dir);
    for (const std::string& q : {doubling_string, doubling_list, collect_range}) {
        const Ran r = run({CASPIAN_BINARY, "query", db, "--max-memory", "64M", q}, dir);
        EXPECT_TRUE(testing::exited_with(r.status, 1)) << q << ": " << r.err;
        EXPECT_NE(r.err.find("resource error: " + std::string("the statement ") + limit_64m),
                  std::string::npos)
            << r.err;
        EXPECT_EQ(r.err.find("internal error"), std::string::npos) << r.err;
    }
    const Ran in =
        run({CASPIAN_BINARY, "query", db, "--max-memory", "64M", "-f", "csv", seeds_in_range}, dir);
    EXPECT_TRUE(testing::exited_with(in.status, 0)) << in.err;
    EXPECT_NE(in.out.find("9"), std::string::npos) << in.out;

    const auto file = dir.sub("script.cypher");
    std::ofstream(file) << "MATCH (n:Seed) SET n.s = reduce(s = 'x', i IN range(1, 40) | s + s);\n"
                        << collect_range << ";\n";
    const std::string before = testing::dump_tables(db);
    const Ran script = run({CASPIAN_BINARY, "run", db, "--max-memory", "64M", file.string()}, dir);
    EXPECT_TRUE(testing::exited_with(script.status, 1)) << script.err;
    EXPECT_NE(script.err.find("script.cypher:1:"), std::string::npos) << script.err;
    EXPECT_NE(script.err.find(limit_64m), std::string::npos) << script.err;
    EXPECT_EQ(testing::dump_tables(db), before);
}

// The interactive shell, on a terminal that script(1) lends it: its output and errors.
std::string in_terminal(const std::string& command, const TempDir& dir, const std::string& input) {
    ChildOptions options;
    options.stderr_file = dir.sub("stderr.txt");
    options.pipe_stdin = true;
    Child child({"/usr/bin/script", "-qec", command, "/dev/null"}, options);
    child.send_line(input);
    child.wait_for_line("(1 row", std::chrono::seconds(60));  // the statement after the error
    child.close_stdin();
    EXPECT_TRUE(testing::exited_with(child.wait(), 0)) << child.stderr_text();
    std::string out;
    for (const auto& line : child.lines())
        out += line + "\n";
    return out;
}

TEST(MemoryBudgetCli, TheShellGoesOnAfterAResourceError) {
    TempDir dir;
    const std::string db = seeded(dir);
    // Standard input not a terminal: the shell stops at the first error, as a script.
    const Ran piped = run({CASPIAN_BINARY, "shell", db}, dir,
                          ":max-memory 64M\n:max-memory\n" + doubling_list + ";\n");
    EXPECT_TRUE(testing::exited_with(piped.status, 1)) << piped.err;
    EXPECT_NE(piped.err.find(limit_64m), std::string::npos) << piped.err;
    EXPECT_NE(piped.out.find("max-memory 67108864 bytes"), std::string::npos) << piped.out;
    const Ran bad = run({CASPIAN_BINARY, "shell", db}, dir, ":max-memory lots\n");
    EXPECT_NE(bad.err.find("invalid size 'lots'"), std::string::npos) << bad.err;

    if (!std::filesystem::exists("/usr/bin/script")) GTEST_SKIP() << "no script(1) here";
    const std::string out =
        in_terminal(std::string(CASPIAN_BINARY) + " shell " + db, dir,
                    ":max-memory 64M\n" + doubling_list + ";\nRETURN 41 + 1 AS answer;\n");
    EXPECT_NE(out.find(limit_64m), std::string::npos) << out;
    EXPECT_NE(out.find("| 42 "), std::string::npos) << out;
}

// With the budget off, the allocation itself fails under a small address-space limit: the
// same resource error, never "internal error", and the shell goes on. ASan reserves terabytes
// of address space and cannot run under RLIMIT_AS.
#if defined(__SANITIZE_ADDRESS__) || defined(CASPIAN_RELIABILITY_SANITIZED)
constexpr bool sanitized = true;
#else
constexpr bool sanitized = false;
#endif

TEST(MemoryBudgetCli, BadAllocIsAResourceErrorAndTheProcessGoesOn) {
    if (sanitized) GTEST_SKIP() << "RLIMIT_AS and ASan do not mix";
    TempDir dir;
    const std::string db = seeded(dir);
    const std::string ulimit = "ulimit -v 1500000 && exec \"$0\" \"$@\"";  // 1.5 GB
    // The 8 GB default map (address space, not disk) would not fit under the limit.
    const Ran q = run({"/bin/sh", "-c", ulimit, CASPIAN_BINARY, "query", db, "--map-size", "64M",
                       "--max-memory", "0", doubling_string},
                      dir);
    EXPECT_TRUE(testing::exited_with(q.status, 1)) << q.err;
    EXPECT_NE(q.err.find("resource error: the statement ran out of memory"), std::string::npos)
        << q.err;
    EXPECT_EQ(q.err.find("internal error"), std::string::npos) << q.err;

    // The same in a script that goes on after errors, and in the interactive shell.
    const auto file = dir.sub("script.cypher");
    std::ofstream(file) << doubling_string << ";\nRETURN 41 + 1 AS answer;\n";
    const Ran script = run({"/bin/sh", "-c", ulimit, CASPIAN_BINARY, "run", db, "--map-size", "64M",
                            "--max-memory", "0", "--continue-on-error", "-f", "csv", file.string()},
                           dir);
    EXPECT_TRUE(testing::exited_with(script.status, 1)) << script.err;
    EXPECT_NE(script.err.find("ran out of memory"), std::string::npos) << script.err;
    EXPECT_NE(script.out.find("42"), std::string::npos) << script.out;

    if (!std::filesystem::exists("/usr/bin/script")) GTEST_SKIP() << "no script(1) here";
    const std::string out = in_terminal("ulimit -v 1500000; exec " + std::string(CASPIAN_BINARY) +
                                            " shell " + db + " --map-size 64M --max-memory 0",
                                        dir, doubling_string + ";\nRETURN 41 + 1 AS answer;\n");
    EXPECT_NE(out.find("ran out of memory"), std::string::npos) << out;
    EXPECT_EQ(out.find("internal error"), std::string::npos) << out;
    EXPECT_NE(out.find("| 42 "), std::string::npos) << out;
}

}  // namespace
}  // namespace caspian
