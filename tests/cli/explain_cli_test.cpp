// EXPLAIN in the command (issue #22): each operator shows its predicate and expressions, as
// Cypher text, and a table-format plan prints as plain lines; and the smaller traps of the
// first hour: CLI11's messages in caspian's style, --busy-timeout's checks, the shell's
// meta-commands without argument and `:timing off`.
#include "support/cli_fixture.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using caspian::testing::Outcome;

class ExplainCli : public caspian::testing::CliTest {
protected:
    void SetUp() override {
        const Outcome r =
            run({"query", db,
                 "CREATE (:City {key: 'a', name: 'Baku', pop: 2300000})-[:ROAD {km: 440}]->"
                 "(:City {key: 'b', name: 'Ganja', pop: 335000})"});
        ASSERT_EQ(r.code, 0) << r.err;
    }

    std::string plan(const std::string& statement) {
        const Outcome r = run({"query", db, "EXPLAIN " + statement});
        EXPECT_EQ(r.code, 0) << r.err;
        return r.out;
    }
};

void expect_line(const std::string& plan, const std::string& line) {
    EXPECT_NE(plan.find(line + "\n"), std::string::npos) << "no line '" << line << "' in\n" << plan;
}

TEST_F(ExplainCli, OperatorsShowTheirExpressions) {
    const std::string p = plan(
        "MATCH (c:City)-[r:ROAD]->(d) WHERE c.pop > 1000000 AND d.name STARTS WITH 'G' "
        "RETURN c.name AS from, d.name, r.km * 1000 AS m ORDER BY m DESC SKIP 1 LIMIT 5");
    expect_line(p, "Produce (from, d.name, m)  est. 0");
    expect_line(p, "  Limit (5)  est. 0");
    expect_line(p, "    Skip (1)  est. 0");
    expect_line(p, "      Sort (m DESC; top 5 after skipping 1)  est. 0.067");
    expect_line(p, "        Project (c.name AS from, d.name, r.km * 1000 AS m)  est. 0.067");
    EXPECT_NE(p.find("Filter (c.pop > 1000000)"), std::string::npos) << p;
    EXPECT_NE(p.find("Filter (d.name STARTS WITH 'G')"), std::string::npos) << p;
    EXPECT_NE(p.find("Expand (c)-[r:ROAD]->(d)"), std::string::npos) << p;
}

TEST_F(ExplainCli, AggregatesKeysAndUpdatesShowTheirArguments) {
    std::string p = plan("MATCH (c:City) RETURN c.name AS n, count(*) AS k, collect(c.pop)");
    EXPECT_NE(p.find("Aggregate (group by: c.name AS n; aggregates: count(*), collect(c.pop))"),
              std::string::npos)
        << p;
    EXPECT_NE(p.find("Project (count(*) AS k, collect(c.pop))"), std::string::npos) << p;

    p = plan("MATCH (c {key: 'a'}) SET c.seen = true, c:Big REMOVE c:Small DETACH DELETE c");
    EXPECT_NE(p.find("KeyLookup (c) by key = 'a'"), std::string::npos) << p;
    EXPECT_NE(p.find("Set (c.seen = true, c:Big)"), std::string::npos) << p;
    EXPECT_NE(p.find("Set (REMOVE c:Small)"), std::string::npos) << p;
    EXPECT_NE(p.find("DetachDelete (c)"), std::string::npos) << p;

    p = plan("UNWIND [1, 2] AS x CREATE (:N {v: x + 1})-[:T]->(m:M)");
    EXPECT_NE(p.find("Unwind ([1, 2] AS x)"), std::string::npos) << p;
    EXPECT_NE(p.find("Create ((:N {v: x + 1})-[:T]->(m:M))"), std::string::npos) << p;
}

TEST_F(ExplainCli, ExpressionsKeepTheirMeaningWithFewParentheses) {
    const std::string p = plan(
        "MATCH (c:City) WHERE NOT (c.pop > 1 OR c.pop < 0) AND (c.pop + 1) * 2 > -c.pop "
        "RETURN c.pop - (c.pop - 2) AS x, [v IN [1, 2] WHERE v > 1 | v * 2] AS l, "
        "CASE WHEN c.pop IS NULL THEN 'none' ELSE $p END AS s");
    EXPECT_NE(p.find("NOT (c.pop > 1 OR c.pop < 0)"), std::string::npos) << p;
    EXPECT_NE(p.find("(c.pop + 1) * 2 > -c.pop"), std::string::npos) << p;
    EXPECT_NE(p.find("c.pop - (c.pop - 2) AS x"), std::string::npos) << p;
    EXPECT_NE(p.find("[v IN [1, 2] WHERE v > 1 | v * 2] AS l"), std::string::npos) << p;
    EXPECT_NE(p.find("CASE WHEN c.pop IS NULL THEN 'none' ELSE $p END AS s"), std::string::npos)
        << p;
}

TEST_F(ExplainCli, TheTablePlanIsPlainTextAndOtherFormatsKeepTheColumn) {
    Outcome r = run({"query", db, "EXPLAIN MATCH (c:City) WHERE c.pop > 1 RETURN c"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out.rfind("Produce (c)  est. 0.67\n", 0), 0u) << r.out;
    EXPECT_EQ(r.out.find('|'), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("+-"), std::string::npos) << r.out;

    r = run({"query", db, "explain MATCH (c:City) RETURN c", "--format", "csv"});
    EXPECT_EQ(r.out.rfind("plan\r\nProduce (c)  est. 2\r\n", 0), 0u) << r.out;
    r = run({"query", db, "EXPLAIN MATCH (c:City) RETURN c", "--format", "json"});
    EXPECT_NE(r.out.find("{\"plan\":\"    LabelScan (c:City)  est. 2\"}"), std::string::npos)
        << r.out;

    // The shell and `run` print it the same way; PROFILE too.
    r = run({"shell", db}, "/* a plan */ EXPLAIN MATCH (c:City) RETURN c;\n");
    EXPECT_EQ(r.out.rfind("Produce (c)  est. 2\n", 0), 0u) << r.out;
    caspian::testing::write(dir.path() / "p.cq", "PROFILE MATCH (c:City) RETURN c.name;");
    r = run({"run", db, (dir.path() / "p.cq").string()});
    EXPECT_EQ(r.out.rfind("Produce (c.name)  est. 2  [rows=2", 0), 0u) << r.out;
    // A column named plan is not a plan.
    r = run({"query", db, "RETURN 'x' AS plan"});
    EXPECT_NE(r.out.find("| plan |"), std::string::npos) << r.out;
}

// --- the smaller traps ---------------------------------------------------------------------

TEST_F(ExplainCli, Cli11MessagesAreInCaspiansStyle) {
    struct Case {
        std::vector<std::string> args;
        std::string message;
    };
    const Case cases[] = {
        {{"query", db, "RETURN 1", "extra", "more"},
         "caspian: usage error: unexpected arguments 'extra' 'more' (see --help)\n"},
        {{"query", db}, "caspian: usage error: missing STATEMENT (see --help)\n"},
        {{"query", db, "RETURN 1", "--timeout", "soon"},
         "caspian: usage error: --timeout: expected seconds (e.g. 1 or 2.5; 0 for none), got "
         "'soon'\n"},
        {{"query", db, "RETURN 1", "--format", "xml"}, "caspian: usage error: --format: "},
        {{"export", db, "--out"}, "caspian: usage error: --out needs a value\n"},
    };
    for (const Case& c : cases) {
        const Outcome r = run(c.args);
        EXPECT_EQ(r.code, 2) << r.err;
        EXPECT_EQ(r.err.rfind(c.message, 0), 0u) << r.err;
        EXPECT_EQ(r.err.find("The following"), std::string::npos) << r.err;
        EXPECT_EQ(r.err.find(" is required"), std::string::npos) << r.err;
    }
}

TEST_F(ExplainCli, ABadBusyTimeoutIsAUsageError) {
    for (const char* value : {"-1", "soon", "-0.5", "inf", ""}) {
        const Outcome r = run({"query", db, "CREATE (:X)", "--busy-timeout", value});
        EXPECT_EQ(r.code, 2) << value << ": " << r.err;
        EXPECT_EQ(r.err,
                  "caspian: usage error: --busy-timeout: expected seconds (e.g. 1 or 2.5; 0 for "
                  "none), got '" +
                      std::string(value) + "'\n")
            << value;
    }
    const Outcome ok = run({"query", db, "MATCH (c:City) RETURN count(c) AS n", "--busy-timeout",
                            "0.5", "--format", "csv"});
    EXPECT_EQ(ok.out, "n\r\n2\r\n") << ok.err;
    // Nothing was written by the refused ones.
    const Outcome x = run({"query", db, "MATCH (x:X) RETURN count(x) AS n", "--format", "csv"});
    EXPECT_EQ(x.out, "n\r\n0\r\n") << x.err;
}

TEST_F(ExplainCli, EveryMetaCommandWithoutArgumentShowsItsState) {
    const Outcome r = run({"shell", db},
                          ":format\n:timing\n:maxwidth\n:timeout\n:max-memory\n:param\n"
                          ":params\n:param k => 1 + 1\n:param\n:format csv\n:format\n"
                          ":timing off\n:timing\n:maxwidth 50\n:maxwidth\n:timeout 2.5\n"
                          ":timeout\n:max-memory 64M\n:max-memory\n");
    EXPECT_EQ(r.code, 0) << r.err;
    for (const char* state :
         {"format table\n", "timing: time after tables (the default)\n", "maxwidth: the terminal's",
          "timeout none\n", "max-memory: the database's", "no parameters\n", "$k = 2\n",
          "format csv\n", "timing off\n", "maxwidth 50\n", "timeout 2.5", "max-memory 67108864"}) {
        EXPECT_NE(r.out.find(state), std::string::npos) << state << " in\n" << r.out;
    }
    // :read needs its file, and says so.
    const Outcome read = run({"shell", db}, ":read\n");
    EXPECT_EQ(read.code, 1);
    EXPECT_NE(read.err.find(":read takes a file"), std::string::npos) << read.err;
}

TEST_F(ExplainCli, TimingOffSuppressesTimings) {
    Outcome r =
        run({"shell", db}, ":timing off\nRETURN 1 AS one;\n:format csv\nRETURN 2 AS two;\n");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("(1 row)"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find(" ms"), std::string::npos) << r.err;
    r = run({"shell", db}, ":timing on\n:format csv\nRETURN 2 AS two;\n");
    EXPECT_NE(r.err.find(" ms)"), std::string::npos) << r.err;
}

}  // namespace
