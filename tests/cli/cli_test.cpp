// Runs the built `caspian` binary (CASPIAN_BINARY) in temporary directories and checks its
// standard output, standard error and exit code: every subcommand, format and exit code.
#include "storage/env.hpp"
#include "support/cli_fixture.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using caspian::testing::TempDir;

using caspian::testing::Outcome;
using caspian::testing::shell_quote;
using caspian::testing::slurp;
using caspian::testing::write;

class Cli : public caspian::testing::CliTest {
protected:
    Outcome query(const std::string& statement, std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"query", db, statement};
        args.insert(args.end(), extra.begin(), extra.end());
        return run(args);
    }

    // The single value of a one-row, one-column query, as CSV shows it.
    std::string scalar(const std::string& statement) {
        Outcome r = query(statement, {"--format", "csv"});
        EXPECT_EQ(r.code, 0) << r.err;
        const auto nl = r.out.find("\r\n");
        std::string rest = r.out.substr(nl + 2);
        if (rest.size() >= 2) rest.resize(rest.size() - 2);
        return rest;
    }

    std::string file(const std::string& name, const std::string& text) {
        write(dir.path() / name, text);
        return (dir.path() / name).string();
    }

    void load_countries() {
        Outcome r = query(
            "CREATE (:Country {key: 'AZ', name: 'Azerbaijan', area: 86.6}), "
            "(:Country {key: 'GE', name: 'Georgia', area: 69.7}), "
            "(:City {key: 'BAK', name: 'Baku', founded: date('1501-01-01'), tags: ['a', 'b']})");
        ASSERT_EQ(r.code, 0) << r.err;
        r = query("MATCH (c:City), (a:Country {key: 'AZ'}) CREATE (c)-[:IN {since: 1991}]->(a)");
        ASSERT_EQ(r.code, 0) << r.err;
    }
};

// --- help, version, usage errors ------------------------------------------------------------

TEST_F(Cli, HelpListsTheCommands) {
    Outcome r = run({"--help"});
    EXPECT_EQ(r.code, 0);
    for (const char* c :
         {"query", "run", "shell", "stats", "check", "backup", "import", "export"}) {
        EXPECT_NE(r.out.find(c), std::string::npos) << c;
    }
}

TEST_F(Cli, CommandHelpListsItsOptions) {
    Outcome r = run({"query", "--help"});
    EXPECT_EQ(r.code, 0);
    EXPECT_NE(r.out.find("--param"), std::string::npos);
    EXPECT_NE(r.out.find("--map-size"), std::string::npos);
    EXPECT_NE(r.out.find("--read-only"), std::string::npos);
}

TEST_F(Cli, VersionPrintsTheVersion) {
    Outcome r = run({"--version"});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out, "caspian 0.1.0\n");
}

TEST_F(Cli, UnknownOptionIsAUsageError) {
    Outcome r = run({"query", db, "RETURN 1", "--frobnicate"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("frobnicate"), std::string::npos) << r.err;
}

TEST_F(Cli, MissingArgumentIsAUsageError) {
    EXPECT_EQ(run({"query", db}).code, 2);
    EXPECT_EQ(run({"backup", db}).code, 2);
}

TEST_F(Cli, UnknownFormatIsAUsageError) {
    EXPECT_EQ(run({"query", db, "RETURN 1", "--format", "xml"}).code, 2);
}

TEST_F(Cli, UnusableDatabasePathIsAUsageError) {
    const std::string f = file("plain.txt", "not a database");
    Outcome r = run({"query", f, "RETURN 1"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("usage error"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty());
}

TEST_F(Cli, MissingDatabaseIsAUsageErrorForStats) {
    EXPECT_EQ(run({"stats", db}).code, 2);
    EXPECT_FALSE(fs::exists(db));
}

TEST_F(Cli, MapSizeAcceptsUnits) {
    EXPECT_EQ(query("RETURN 1", {"--map-size", "64M"}).code, 0);
    EXPECT_EQ(query("RETURN 1", {"--map-size", "1G"}).code, 0);
    Outcome r = query("RETURN 1", {"--map-size", "lots"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("invalid size 'lots'"), std::string::npos) << r.err;
}

TEST_F(Cli, ThreadsTakesACountFromZeroTo1024) {
    for (const char* threads : {"0", "1", "2", "1024"}) {
        Outcome r = query("RETURN 1", {"--threads", threads});
        EXPECT_EQ(r.code, 0) << threads << ": " << r.err;
    }
    for (const char* threads : {"-1", "1025", "two", "1.5", ""}) {
        Outcome r = query("RETURN 1", {"--threads", threads});
        EXPECT_EQ(r.code, 2) << threads;
        EXPECT_NE(r.err.find("--threads"), std::string::npos) << threads << ": " << r.err;
        EXPECT_TRUE(r.out.empty()) << threads << ": " << r.out;
    }
}

TEST_F(Cli, ParamWithoutEqualsIsAUsageError) {
    EXPECT_EQ(query("RETURN $x", {"--param", "x"}).code, 2);
}

// --- query: formats ---------------------------------------------------------------------------

TEST_F(Cli, TableAlignsColumnsAndCountsRowsOnStderr) {
    Outcome r = query("UNWIND [1, 22, 333] AS n RETURN n, 'x' AS s");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out,
              "+-----+---+\n"
              "| n   | s |\n"
              "+-----+---+\n"
              "| 1   | x |\n"
              "| 22  | x |\n"
              "| 333 | x |\n"
              "+-----+---+\n");
    EXPECT_EQ(r.err.rfind("(3 rows, ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(" ms)"), std::string::npos) << r.err;
}

TEST_F(Cli, CsvQuotesAsRfc4180) {
    Outcome r = query("RETURN 'a,b' AS s, 'say \"hi\"' AS q, null AS n, 2.0 AS f, 3 AS i",
                      {"--format", "csv"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "s,q,n,f,i\r\n\"a,b\",\"say \"\"hi\"\"\",,2.0,3\r\n");
    // A read on a new path creates nothing, and says so (first_hour_test.cpp).
    EXPECT_EQ(r.err.rfind("caspian: no database at '" + db + "'", 0), 0u) << r.err;
}

TEST_F(Cli, JsonIsAnArrayOfRowObjectsInColumnOrder) {
    Outcome r = query("UNWIND [2, 1] AS z RETURN z, z * 1.0 AS a", {"--format", "json"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "[\n{\"z\":2,\"a\":2.0},\n{\"z\":1,\"a\":1.0}\n]\n");
}

TEST_F(Cli, JsonOfNoRowsIsAnEmptyArray) {
    Outcome r = query("UNWIND [] AS z RETURN z", {"--format", "json"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "[]\n");
}

TEST_F(Cli, JsonLinesIsOneObjectPerLine) {
    Outcome r = query("UNWIND ['a', 'b'] AS x RETURN x", {"--format", "jsonl"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "{\"x\":\"a\"}\n{\"x\":\"b\"}\n");
}

TEST_F(Cli, NodesEdgesAndDatesInJson) {
    load_countries();
    Outcome r =
        query("MATCH (c:City)-[e:IN]->(a) RETURN c, e, c.founded AS f", {"--format", "jsonl"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out,
              "{\"c\":{\"_id\":3,\"_labels\":[\"City\"],\"founded\":\"1501-01-01\",\"key\":\"BAK\","
              "\"name\":\"Baku\",\"tags\":[\"a\",\"b\"]},"
              "\"e\":{\"_id\":1,\"_type\":\"IN\",\"_src\":3,\"_dst\":1,\"since\":1991},"
              "\"f\":\"1501-01-01\"}\n");
}

TEST_F(Cli, PathsInJson) {
    load_countries();
    Outcome r = query("MATCH p = (:City)-[:IN]->() RETURN p", {"--format", "jsonl"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out.rfind("{\"p\":{\"_nodes\":[{\"_id\":3,", 0), 0u) << r.out;
    EXPECT_NE(r.out.find("\"_edges\":[{\"_id\":1,\"_type\":\"IN\""), std::string::npos) << r.out;
}

TEST_F(Cli, ParamsAreJsonOrElseStrings) {
    Outcome r = query("RETURN $year + 1 AS y, $key AS k, size($names) AS n",
                      {"--param", "year=2022", "--param", "key=AZ", "--param",
                       "names=[\"a\",\"b\"]", "--format", "csv"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "y,k,n\r\n2023,AZ,2\r\n");
}

TEST_F(Cli, UnboundParameterIsAnError) {
    Outcome r = query("RETURN $nobody AS x");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("nobody"), std::string::npos) << r.err;
}

TEST_F(Cli, SyntaxErrorShowsLineColumnAndCaret) {
    Outcome r = query("MATCH (a:Person RETURN a");
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(r.out.empty());
    EXPECT_EQ(r.err,
              "query:1:17: syntax error: expected ')' after the node pattern\n"
              "  MATCH (a:Person RETURN a\n"
              "                  ^\n");
}

TEST_F(Cli, WritesPersistAndReadOnlyRefusesThem) {
    ASSERT_EQ(query("CREATE (:T {key: 'one'})").code, 0);
    EXPECT_EQ(scalar("MATCH (n:T) RETURN count(*) AS c"), "1");
    Outcome r = query("CREATE (:T {key: 'two'})", {"--read-only"});
    EXPECT_NE(r.code, 0);
    EXPECT_EQ(query("MATCH (n:T) RETURN n.key", {"--read-only"}).code, 0);
    EXPECT_EQ(scalar("MATCH (n:T) RETURN count(*) AS c"), "1");
}

// --- run ----------------------------------------------------------------------------------------

TEST_F(Cli, RunExecutesEveryStatementOfTheFiles) {
    const std::string a = file("a.cql",
                               "// setup\nCREATE (:N {key: 'a; b'});\n/* two; */ CREATE "
                               "(:N {key: 'c'});\n");
    const std::string b = file("b.cql", "MATCH (n:N) RETURN n.key AS k ORDER BY k");
    Outcome r = run({"run", db, a, b, "--format", "csv"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "# statement 3 (" + b + ":1)\r\nk\r\na; b\r\nc\r\n");
}

TEST_F(Cli, RunStopsAtTheFirstErrorNamingFileLineColumn) {
    const std::string f = file("batch.cql",
                               "CREATE (:N {key: 'one'});\n"
                               "\n"
                               "MATCH (n:N)\n"
                               "RETURN n.key +;\n"
                               "CREATE (:N {key: 'three'});\n");
    Outcome r = run({"run", db, f, "--format", "csv"});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err.find("created new database " + db + "\n" + f + ":4:15: "), 0u) << r.err;
    EXPECT_NE(r.err.find("syntax error"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("\n  RETURN n.key +;\n                ^\n"), std::string::npos) << r.err;
    EXPECT_EQ(scalar("MATCH (n:N) RETURN count(*) AS c"), "1");
}

TEST_F(Cli, RunContinuesOnErrorWhenAsked) {
    const std::string f = file("batch.cql",
                               "CREATE (:N {key: 'one'});\nRETURN nope;\n"
                               "CREATE (:N {key: 'three'});\n");
    Outcome r = run({"run", db, f, "--continue-on-error", "--format", "csv"});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err.find("created new database " + db + "\n" + f + ":2:8: semantic error"), 0u)
        << r.err;
    EXPECT_EQ(scalar("MATCH (n:N) RETURN count(*) AS c"), "2");
}

TEST_F(Cli, SingleTransactionKeepsNothingAfterAnError) {
    const std::string f = file("batch.cql",
                               "CREATE (:N {key: 'one'});\nCREATE (:N {key: 'two'});\n"
                               "RETURN 1 +;\n");
    Outcome r = run({"run", db, f, "--single-transaction"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find(f + ":3:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("rolled back"), std::string::npos) << r.err;
    EXPECT_EQ(scalar("MATCH (n:N) RETURN count(*) AS c"), "0");
}

TEST_F(Cli, SingleTransactionCommitsWhenAllSucceed) {
    const std::string f = file("batch.cql", "CREATE (:N {key: 'one'});\nCREATE (:N {key: 'two'});");
    ASSERT_EQ(run({"run", db, f, "--single-transaction"}).code, 0);
    EXPECT_EQ(scalar("MATCH (n:N) RETURN count(*) AS c"), "2");
}

TEST_F(Cli, RunOfAMissingFileIsAUsageError) {
    EXPECT_EQ(run({"run", db, (dir.path() / "nope.cql").string()}).code, 2);
}

// --- shell through standard input -------------------------------------------------------------

TEST_F(Cli, ScriptedShellSessionThroughStdin) {
    Outcome r = run({db},
                    "CREATE (:P {key: 'x', n: 1}),\n"
                    "       (:P {key: 'y', n: 2});\n"
                    ":format csv\n"
                    ":param lim 1\n"
                    "MATCH (p:P)\n"
                    "RETURN p.key AS k\n"
                    "ORDER BY k LIMIT $lim;\n"
                    ":format jsonl\n"
                    "MATCH (p:P) RETURN count(*) AS c; RETURN 'two' AS t;\n"
                    ":quit\n"
                    "RETURN 'never' AS z;\n");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "k\r\nx\r\n{\"c\":2}\n{\"t\":\"two\"}\n");
}

TEST_F(Cli, ShellOnStdinStopsAtAnErrorWithItsStdinPosition) {
    Outcome r = run({"shell", db}, "RETURN 1 AS a;\n\nRETURN\n  nope;\nRETURN 3 AS c;\n");
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, "+---+\n| a |\n+---+\n| 1 |\n+---+\n");
    EXPECT_NE(r.err.find("stdin:4:3: semantic error"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("\n    nope;\n    ^"), std::string::npos) << r.err;
}

TEST_F(Cli, ShellMetaCommandsHelpAndSchema) {
    load_countries();
    Outcome r = run({db}, ":help\n:schema\n");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find(":timing on|off"), std::string::npos);
    EXPECT_NE(r.out.find(":Country  2"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(":IN  1"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("      founded  Date\n"), std::string::npos) << r.out;
}

TEST_F(Cli, ShellUnknownMetaCommandFailsOnStdin) {
    Outcome r = run({db}, ":frob\n");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("unknown command ':frob'"), std::string::npos) << r.err;
}

TEST_F(Cli, ShellWithoutDatabaseUsesATemporaryOneAndRemovesIt) {
    Outcome r = run({"shell"}, "CREATE (:X); MATCH (n) RETURN count(*) AS c;\n");
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string marker = "temporary database at ";
    const auto at = r.err.find(marker);
    ASSERT_NE(at, std::string::npos) << r.err;
    const auto end = r.err.find(';', at);
    const std::string path = r.err.substr(at + marker.size(), end - at - marker.size());
    EXPECT_FALSE(fs::exists(path)) << path;
    EXPECT_NE(r.out.find("| 1 |"), std::string::npos) << r.out;
}

// --- stats, check, backup ---------------------------------------------------------------------

TEST_F(Cli, StatsCountsLabelsAndTypes) {
    load_countries();
    Outcome r = run({"stats", db});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("nodes      3\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("edges      1\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(":Country  2\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(":IN  1\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("file size"), std::string::npos) << r.out;
}

TEST_F(Cli, StatsShowsBTreeFiguresPerTableAndBytesPerEdge) {
    load_countries();
    Outcome r = run({"stats", db});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("bytes/edge "), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("bytes/edge -"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("table             entries depth     branch       leaf   overflow"),
              std::string::npos)
        << r.out;
    // 1 edge: one entry in each adjacency table; 3 nodes with keys.
    EXPECT_NE(r.out.find("\nout_adj                 1     1          0          1          0"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("\nkey_index               3"), std::string::npos) << r.out;
}

TEST_F(Cli, StatsAsJson) {
    load_countries();
    Outcome r = run({"stats", db, "--format", "json"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out.rfind("{\"nodes\":3,\"edges\":1,\"labels\":{\"Country\":2,\"City\":1},"
                          "\"types\":{\"IN\":1},\"file_bytes\":",
                          0),
              0u)
        << r.out;
    EXPECT_NE(r.out.find("{\"name\":\"in_adj\",\"entries\":1,\"depth\":1,\"branch_pages\":0,"
                         "\"leaf_pages\":1,\"overflow_pages\":0,\"bytes\":"),
              std::string::npos)
        << r.out;
    EXPECT_EQ(r.out.substr(r.out.size() - 3), "]}\n");
    EXPECT_EQ(run({"stats", db, "--format", "csv"}).code, 2);
}

TEST_F(Cli, CheckOfASoundDatabaseExitsZero) {
    load_countries();
    Outcome r = run({"check", db});
    EXPECT_EQ(r.code, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("ok: 3 nodes and 1 edges checked"), std::string::npos) << r.out;
}

TEST_F(Cli, CheckFindsAMissingAdjacencyEntryAndExitsThree) {
    load_countries();
    {
        // Remove the out-entry of the edge behind the engine's back.
        auto env = caspian::storage::Env::open(db, {});
        caspian::storage::WriteTxn txn(*env);
        std::string key;  // the one out-chunk (format 6), of node 3
        {
            caspian::storage::Cursor c(txn, env->tables().out_adj);
            MDB_val k, v;
            ASSERT_TRUE(c.move(MDB_FIRST, &k, &v));
            key = std::string(caspian::storage::as_view(k));
        }
        ASSERT_TRUE(txn.del(env->tables().out_adj, key));
        txn.commit();
    }
    Outcome r = run({"check", db});
    EXPECT_EQ(r.code, 3) << r.out << r.err;
    EXPECT_NE(r.out.find("edge 1 (3)->(1): no out-entry at its source"), std::string::npos)
        << r.out;
    EXPECT_NE(r.err.find("check found 1 problem"), std::string::npos) << r.err;
}

TEST_F(Cli, BackupIsAWorkingCopy) {
    load_countries();
    const std::string dest = (dir.path() / "copy").string();
    Outcome r = run({"backup", db, dest});
    ASSERT_EQ(r.code, 0) << r.err;
    Outcome q = run({"query", dest, "MATCH (n) RETURN count(*) AS c", "--format", "csv"});
    EXPECT_EQ(q.out, "c\r\n3\r\n");
    EXPECT_EQ(run({"backup", db, dest}).code, 2);  // the copy is there now
}

// --- import -----------------------------------------------------------------------------------

constexpr const char* good_nodes =
    "\xEF\xBB\xBFkey:ID,:LABEL,name,year:int,area:float,ok:boolean,since:date,tags:string[]\r\n"
    "AZ,Country;Place,\"Azer\nbaijan\",1991,86.6,true,1991-10-18,\"a;b\"\r\n"
    "GE,Country,\"Georgia, \"\"the\"\"\",,69.7,false,,\r\n";
constexpr const char* good_edges = ":START_ID,:END_ID,:TYPE,km:int\nAZ,GE,BORDERS,322\n";

TEST_F(Cli, ImportsCsvWithBomCrlfQuotedNewlinesAndTypes) {
    const std::string n = file("nodes.csv", good_nodes);
    const std::string e = file("edges.csv", good_edges);
    Outcome r = run({"import", db, "--nodes", n, "--edges", e});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("imported 2 nodes and 1 edges"), std::string::npos) << r.err;
    Outcome q = query("MATCH (a {key: 'AZ'})-[b:BORDERS]->(g) RETURN a, b.km AS km, g.name AS g",
                      {"--format", "jsonl"});
    EXPECT_EQ(q.out,
              "{\"a\":{\"_id\":1,\"_labels\":[\"Country\",\"Place\"],\"area\":86.6,"
              "\"key\":\"AZ\",\"name\":\"Azer\\nbaijan\",\"ok\":true,\"since\":\"1991-10-18\","
              "\"tags\":[\"a\",\"b\"],\"year\":1991},\"km\":322,\"g\":\"Georgia, \\\"the\\\"\"}\n")
        << q.err;
    EXPECT_EQ(scalar("MATCH (g {key: 'GE'}) RETURN g.year IS NULL AS y"), "true");
}

struct BadCsv {
    const char* name;
    const char* nodes;
    const char* edges;
    const char* where;  // expected "file:line" suffix start and message fragment
    const char* message;
};

class CliBadImport : public Cli, public ::testing::WithParamInterface<BadCsv> {};

TEST_P(CliBadImport, ReportsTheRowAndLeavesTheDatabaseUnchanged) {
    ASSERT_EQ(query("CREATE (:Old {key: 'old'})").code, 0);
    const BadCsv& c = GetParam();
    const std::string n = file("n.csv", c.nodes);
    const std::string e = file("e.csv", c.edges);
    Outcome r = run({"import", db, "--nodes", n, "--edges", e});
    EXPECT_EQ(r.code, 1) << r.err;
    EXPECT_NE(r.err.find((dir.path() / c.where).string()), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("nothing was written"), std::string::npos) << r.err;
    EXPECT_EQ(scalar("MATCH (n) RETURN count(*) AS c"), "1");
    EXPECT_EQ(scalar("MATCH ()-[e]->() RETURN count(*) AS c"), "0");
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CliBadImport,
    ::testing::Values(BadCsv{"MissingColumn", "key:ID,name\na,A\nb\n", ":START_ID,:END_ID,:TYPE\n",
                             "n.csv:3:", "expected 2 fields as in the header, found 1"},
                      BadCsv{"BadNumber", "key:ID,year:int\na,12\nb,12x\n",
                             ":START_ID,:END_ID,:TYPE\n",
                             "n.csv:3:", "'12x' is not an integer (column 'year')"},
                      BadCsv{"DuplicateKey", "key:ID\nx\n\"multi\nline\"\nx\n",
                             ":START_ID,:END_ID,:TYPE\n", "n.csv:5:", "duplicate id 'x'"},
                      BadCsv{"KeyOfAnExistingNode", "key:ID\nold\n", ":START_ID,:END_ID,:TYPE\n",
                             "n.csv:2:", "constraint error"},
                      BadCsv{"EdgeToAnUnknownKey", "key:ID\na\nb\n",
                             ":START_ID,:END_ID,:TYPE\r\na,b,T\r\na,zz,T\r\n", "e.csv:3:", "'zz'"},
                      BadCsv{"UnclosedQuote", "key:ID,name\na,\"open\n",
                             ":START_ID,:END_ID,:TYPE\n",
                             "n.csv:2:", "a quoted field is not closed"},
                      BadCsv{"UnknownType", "key:ID,x:blob\n", ":START_ID,:END_ID,:TYPE\n",
                             "n.csv:1:", "unknown type 'blob'"}),
    [](const auto& test) { return std::string(test.param.name); });

TEST_F(Cli, SkipBadRowsGoesOnAndCounts) {
    const std::string n = file("n.csv", "key:ID,year:int\na,1\nb,x\nc,3\n");
    const std::string e = file("e.csv", ":START_ID,:END_ID,:TYPE\na,c,T\na,b,T\n");
    Outcome r = run({"import", db, "--nodes", n, "--edges", e, "--skip-bad-rows"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find(n + ":3: type error: 'x' is not an integer"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("imported 2 nodes and 1 edges, skipped 2 bad rows"), std::string::npos)
        << r.err;
}

TEST_F(Cli, ImportsJsonLines) {
    const std::string n = file("n.jsonl",
                               "{\"key\":\"a\",\"labels\":[\"L\"],\"properties\":{\"x\":1.5,"
                               "\"d\":{\"$date\":\"2020-02-29\"}}}\n\n"
                               "{\"key\":\"b\"}\n");
    const std::string e = file("e.jsonl",
                               "{\"src\":\"a\",\"dst\":\"b\",\"type\":\"R\",\"properties\":"
                               "{\"w\":[1,2]}}\n");
    Outcome r = run({"import", db, "--nodes", n, "--edges", e});
    ASSERT_EQ(r.code, 0) << r.err;
    Outcome q = query("MATCH (a:L)-[r:R]->(b) RETURN a.x AS x, a.d AS d, r.w AS w, b.key AS k",
                      {"--format", "jsonl"});
    EXPECT_EQ(q.out, "{\"x\":1.5,\"d\":\"2020-02-29\",\"w\":[1,2],\"k\":\"b\"}\n") << q.err;
}

TEST_F(Cli, BadJsonLineIsReportedWithItsLine) {
    const std::string n = file("n.jsonl", "{\"key\":\"a\"}\n{\"key\":\n");
    Outcome r = run({"import", db, "--nodes", n});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find(n + ":2: syntax error: not valid JSON"), std::string::npos) << r.err;
}

TEST_F(Cli, ImportReportsRowsPerSecond) {
    const std::string n = file("nodes.csv", good_nodes);
    Outcome r = run({"import", db, "--nodes", n});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("imported 2 nodes and 0 edges in "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(" rows/s)\n"), std::string::npos) << r.err;
}

TEST_F(Cli, ImportOfAMissingFileIsAUsageError) {
    EXPECT_EQ(run({"import", db, "--nodes", (dir.path() / "none.csv").string()}).code, 2);
    EXPECT_FALSE(fs::exists(db));
}

// --- export -----------------------------------------------------------------------------------

class CliRoundTrip : public Cli, public ::testing::WithParamInterface<const char*> {};

TEST_P(CliRoundTrip, ExportThenImportGivesTheSameGraph) {
    const std::string format = GetParam();
    ASSERT_EQ(query("CREATE (a:A:B {key: 'a', s: 'x,\"y\"\nz', i: 7, f: 2.0, t: true, "
                    "d: date('2022-05-18'), dt: datetime('2022-05-18T09:30:00Z'), "
                    "l: [1, 2], e: '', el: []}), "
                    "(b:A {n: 1}), (c {n: 'text'}), "
                    "(a)-[:R {w: 0.5}]->(b), (b)-[:R]->(a), (a)-[:S]->(a), (c)-[:R]->(b)")
                  .code,
              0);
    const std::string out1 = (dir.path() / "out1").string();
    Outcome r = run({"export", db, "--format", format, "--out", out1});
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string ext = format == "csv" ? ".csv" : ".jsonl";
    const std::string db2 = (dir.path() / "db2").string();
    r = run({"import", db2, "--nodes", out1 + "/nodes" + ext, "--edges", out1 + "/edges" + ext});
    ASSERT_EQ(r.code, 0) << r.err;
    const std::string out2 = (dir.path() / "out2").string();
    ASSERT_EQ(run({"export", db2, "--format", "jsonl", "--out", out2}).code, 0);
    const std::string out3 = (dir.path() / "out3").string();
    ASSERT_EQ(run({"export", db, "--format", "jsonl", "--out", out3}).code, 0);
    EXPECT_EQ(slurp(out2 + "/nodes.jsonl"), slurp(out3 + "/nodes.jsonl"));
    EXPECT_EQ(slurp(out2 + "/edges.jsonl"), slurp(out3 + "/edges.jsonl"));
    EXPECT_EQ(run({"stats", db2}).out.substr(0, 40), run({"stats", db}).out.substr(0, 40));
    EXPECT_EQ(run({"check", db2}).code, 0);
}

INSTANTIATE_TEST_SUITE_P(Formats, CliRoundTrip, ::testing::Values("csv", "jsonl"));

TEST_F(Cli, ExportCsvUsesTheImportHeaders) {
    load_countries();
    const std::string out = (dir.path() / "out").string();
    ASSERT_EQ(run({"export", db, "--out", out}).code, 0);
    const std::string nodes = slurp(out + "/nodes.csv");
    EXPECT_EQ(nodes.substr(0, nodes.find('\n')),
              ":ID,:LABEL,area:float,founded:date,key:string,name:string,tags:string[]");
    EXPECT_EQ(slurp(out + "/edges.csv"), ":START_ID,:END_ID,:TYPE,since:int\n3,1,IN,1991\n");
}

// --- export as N-Triples, GraphML and DOT -----------------------------------------------------

class CliGraphExport : public Cli {
protected:
    // A node with a key that needs percent-encoding and a string with a quote, a newline, a
    // control character and non-ASCII text; one node without a key; an edge between them.
    void load_tricky() {
        Outcome r = query(
            "CREATE (a:Person:`Big Label` {key: 'a b/\u00e9', s: 'say \"hi\"\nto \u00e7a\t!', "
            "n: 7, f: 2.0, ok: true, d: date('2022-05-18'), tags: ['x', 'y'], c: 'bell\x07'}), "
            "(b:Person {name: 'B<&>'}), (a)-[:KNOWS {w: 0.5}]->(b)");
        ASSERT_EQ(r.code, 0) << r.err;
    }

    std::string export_file(const std::string& format, std::vector<std::string> extra = {}) {
        const std::string out = (dir.path() / "sub" / ("graph." + format)).string();
        std::vector<std::string> args{"export", db, "--format", format, "--out", out};
        args.insert(args.end(), extra.begin(), extra.end());
        Outcome r = run(args);
        EXPECT_EQ(r.code, 0) << r.err;
        return slurp(out);
    }

    static std::vector<std::string> lines(const std::string& text) {
        std::vector<std::string> out;
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);)
            out.push_back(line);
        return out;
    }

    static std::size_t count(const std::string& text, const std::string& what) {
        std::size_t n = 0;
        for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
            ++n;
        return n;
    }
};

TEST_F(CliGraphExport, NTriplesAreTypedEscapedAndWellFormed) {
    load_tricky();
    const std::string nt = export_file("ntriples");
    const std::string a = "<http://caspian.local/node/a%20b%2F%C3%A9>";
    const std::string p = "<http://caspian.local/property/";
    const std::string xsd = "^^<http://www.w3.org/2001/XMLSchema#";
    EXPECT_NE(nt.find(a + " <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                          "<http://caspian.local/label/Big%20Label> .\n"),
              std::string::npos)
        << nt;
    EXPECT_NE(nt.find(a + " " + p + "s> \"say \\\"hi\\\"\\nto \u00e7a\\t!\"" + xsd + "string> .\n"),
              std::string::npos)
        << nt;
    EXPECT_NE(nt.find(a + " " + p + "c> \"bell\\u0007\"" + xsd + "string> .\n"), std::string::npos)
        << nt;
    EXPECT_NE(nt.find(a + " " + p + "n> \"7\"" + xsd + "integer> .\n"), std::string::npos);
    EXPECT_NE(nt.find(a + " " + p + "f> \"2.0\"" + xsd + "double> .\n"), std::string::npos);
    EXPECT_NE(nt.find(a + " " + p + "ok> \"true\"" + xsd + "boolean> .\n"), std::string::npos);
    EXPECT_NE(nt.find(a + " " + p + "d> \"2022-05-18\"" + xsd + "date> .\n"), std::string::npos);
    EXPECT_NE(nt.find(a + " " + p + "tags> _:l"), std::string::npos);  // an rdf:List
    EXPECT_NE(nt.find("#first> \"y\"" + xsd + "string> .\n"), std::string::npos);
    EXPECT_NE(nt.find(a + " <http://caspian.local/type/KNOWS> <http://caspian.local/node/id/"),
              std::string::npos)
        << nt;
    for (const auto& line : lines(nt)) {
        ASSERT_GE(line.size(), 2u);
        EXPECT_EQ(line.substr(line.size() - 2), " .") << line;
        // subject and predicate are IRIs (or the blank node of a list cell or an edge's
        // reifier); the object an IRI, a literal or a blank node
        if (line.rfind("_:", 0) == 0) continue;
        ASSERT_EQ(line.front(), '<') << line;
        const auto s_end = line.find("> <");
        ASSERT_NE(s_end, std::string::npos) << line;
        const auto p_end = line.find("> ", s_end + 3);
        ASSERT_NE(p_end, std::string::npos) << line;
        const char o = line[p_end + 2];
        EXPECT_TRUE(o == '<' || o == '"' || o == '_') << line;
        // no raw control characters or spaces inside IRIs
        EXPECT_EQ(line.find_first_of("\r\x07"), std::string::npos);
        EXPECT_EQ(line.substr(1, s_end - 1).find(' '), std::string::npos) << line;
    }
}

TEST_F(CliGraphExport, NTriplesBaseIsConfigurableAndChecked) {
    load_tricky();
    const std::string nt = export_file("ntriples", {"--base", "https://example.org/g"});
    EXPECT_NE(nt.find("<https://example.org/g/node/a%20b%2F%C3%A9> "), std::string::npos) << nt;
    EXPECT_EQ(nt.find("caspian.local"), std::string::npos);
    Outcome r = run({"export", db, "--format", "ntriples", "--out", (dir.path() / "x.nt").string(),
                     "--base", "not an iri"});
    EXPECT_NE(r.code, 0);
    EXPECT_NE(r.err.find("--base"), std::string::npos) << r.err;
}

TEST_F(CliGraphExport, GraphmlDeclaresKeysAndEscapesXml) {
    load_tricky();
    const std::string g = export_file("graphml");
    EXPECT_EQ(g.rfind("<?xml", 0), 0u);
    EXPECT_NE(g.find("<key id=\"labels\" for=\"node\" attr.name=\"labels\" attr.type=\"string\"/>"),
              std::string::npos);
    EXPECT_NE(g.find("<key id=\"type\" for=\"edge\" attr.name=\"type\" attr.type=\"string\"/>"),
              std::string::npos);
    EXPECT_NE(g.find("for=\"node\" attr.name=\"n\" attr.type=\"long\""), std::string::npos);
    EXPECT_NE(g.find("for=\"node\" attr.name=\"f\" attr.type=\"double\""), std::string::npos);
    EXPECT_NE(g.find("for=\"node\" attr.name=\"ok\" attr.type=\"boolean\""), std::string::npos);
    EXPECT_NE(g.find("for=\"node\" attr.name=\"d\" attr.type=\"string\""), std::string::npos);
    EXPECT_NE(g.find("for=\"edge\" attr.name=\"w\" attr.type=\"double\""), std::string::npos);
    EXPECT_NE(g.find(">say &quot;hi&quot;&#10;to \u00e7a&#9;!</data>"), std::string::npos) << g;
    EXPECT_NE(g.find(">B&lt;&amp;&gt;</data>"), std::string::npos);
    EXPECT_NE(g.find(">:Big Label:Person</data>"), std::string::npos) << g;
    EXPECT_NE(g.find("<data key=\"type\">KNOWS</data>"), std::string::npos);
    EXPECT_EQ(count(g, "<node "), 2u);
    EXPECT_EQ(count(g, "</node>"), 2u);
    EXPECT_EQ(count(g, "<edge "), 1u);
    EXPECT_EQ(count(g, "</edge>"), 1u);
    EXPECT_NE(g.find("</graphml>"), std::string::npos);
}

// networkx comes from Debian's python3-networkx (scripts/setup); Debian's own interpreter, since
// the python3 first on PATH may be another one.
TEST_F(CliGraphExport, GraphmlLoadsInNetworkx) {
    load_tricky();
    export_file("graphml");
    const std::string path = (dir.path() / "sub" / "graph.graphml").string();
    const std::string script =
        file("check.py",
             "import sys, networkx as nx\n"
             "g = nx.read_graphml(sys.argv[1])\n"
             "assert g.number_of_nodes() == 2 and g.number_of_edges() == 1\n"
             "a = [d for _, d in g.nodes(data=True) if d.get('n') == 7][0]\n"
             "assert a['s'] == 'say \"hi\"\\nto \\u00e7a\\t!', repr(a['s'])\n"
             "assert a['ok'] is True and a['f'] == 2.0 and a['d'] == '2022-05-18'\n"
             "(_, _, e), = g.edges(data=True)\n"
             "assert e['type'] == 'KNOWS' and e['w'] == 0.5\n");
    EXPECT_EQ(
        std::system(("/usr/bin/python3 " + shell_quote(script) + " " + shell_quote(path)).c_str()),
        0);
}

TEST_F(CliGraphExport, DotIsADigraphWithQuotedLabels) {
    load_tricky();
    const std::string d = export_file("dot");
    EXPECT_EQ(d.rfind("digraph", 0), 0u);
    EXPECT_NE(d.find("[label=\"a b/\u00e9\"];"), std::string::npos) << d;
    EXPECT_NE(d.find("[label=\"B<&>\"];"), std::string::npos) << d;
    EXPECT_NE(d.find(" -> "), std::string::npos);
    EXPECT_NE(d.find("[label=\"KNOWS\"];"), std::string::npos);
    EXPECT_EQ(d.substr(d.size() - 2), "}\n");
    EXPECT_EQ(count(d, " -> "), 1u);
}

TEST_F(CliGraphExport, DotEscapesQuotesAndNewlinesInLabels) {
    ASSERT_EQ(query("CREATE ({name: 'say \"hi\"\nthere \\\\ x'})").code, 0);
    const std::string d = export_file("dot");
    EXPECT_NE(d.find("[label=\"say \\\"hi\\\"\\nthere \\\\ x\"];"), std::string::npos) << d;
}

// --- query --format dot ----------------------------------------------------------------------

TEST_F(Cli, DotFormatDrawsTheNodesEdgesAndPathsOfTheResult) {
    load_countries();
    ASSERT_EQ(query("MATCH (a {key: 'AZ'}), (g {key: 'GE'}) CREATE (a)-[:NEXT]->(g)").code, 0);
    Outcome r = query("MATCH p = (c:City)-[:IN]->(a)-[:NEXT]->(g) RETURN p, g", {"-f", "dot"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out,
              "digraph result {\n"
              "  \"n1\" [label=\"AZ\"];\n"
              "  \"n2\" [label=\"GE\"];\n"
              "  \"n3\" [label=\"BAK\"];\n"
              "  \"n3\" -> \"n1\" [label=\"IN\"];\n"
              "  \"n1\" -> \"n2\" [label=\"NEXT\"];\n"
              "}\n");
    // An edge alone: its ends are drawn with their ids; quotes and newlines are escaped.
    ASSERT_EQ(query("CREATE ({key: 'say \"hi\"\nx'})-[:`A\"B`]->()").code, 0);
    r = query("MATCH (s)-[e:`A\"B`]->(t) RETURN e, s", {"-f", "dot"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out,
              "digraph result {\n"
              "  \"n4\" [label=\"say \\\"hi\\\"\\nx\"];\n"
              "  \"n5\" [label=\"5\"];\n"
              "  \"n4\" -> \"n5\" [label=\"A\\\"B\"];\n"
              "}\n");
}

TEST_F(Cli, DotFormatOfScalarsIsAnEmptyDigraph) {
    Outcome r = query("RETURN 1 AS x", {"--format", "dot"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "digraph result {\n}\n");
}

TEST_F(Cli, ShellFormatDot) {
    load_countries();
    Outcome r = run({"shell", db}, ":format dot\nMATCH (c:City) RETURN c;\n");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("digraph result {\n  \"n3\" [label=\"BAK\"];\n}\n"), std::string::npos)
        << r.out;
}

}  // namespace

namespace {

TEST_F(Cli, UnknownNamesAreWarnedOnStandardErrorWithoutChangingTheResult) {
    load_countries();
    Outcome r = query("MATCH (c:country) RETURN c.key", {"--format", "csv"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "c.key\r\n");
    EXPECT_NE(r.err.find("query:1:10: warning: no node has the label 'country'; did you mean "
                         "'Country'?"),
              std::string::npos)
        << r.err;

    const std::string script = file("q.cq", "RETURN 1;\nMATCH (c:Country) RETURN c.Name;\n");
    r = run({"run", db, script, "--format", "csv"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("q.cq:2:28: warning: no node or relationship has the property key "
                         "'Name'; did you mean 'name'?"),
              std::string::npos)
        << r.err;
}

TEST_F(Cli, DoubleEqualsSaysToWriteEquals) {
    Outcome r = query("MATCH (n) WHERE n.key == 'AZ' RETURN n");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("query:1:23: syntax error: '==' is not a Cypher operator: write '=' to "
                         "compare for equality"),
              std::string::npos)
        << r.err;
}

TEST_F(Cli, ShellSchemaShowsPropertiesPerLabelWithTheirKinds) {
    load_countries();
    Outcome r = run({"shell", db}, ":schema\n");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("3 nodes, 1 relationship\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("  :City  1 node\n"
                         "      founded  Date\n"
                         "      key      String\n"
                         "      name     String\n"
                         "      tags     StringArray\n"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("  :Country  2 nodes\n"
                         "      area  Double\n"
                         "      key   String\n"
                         "      name  String\n"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("  :IN  1 relationship\n      since  Long\n"), std::string::npos) << r.out;
}

TEST_F(Cli, TableTellsStringsFromNull) {
    Outcome r = query("RETURN null AS a, 'null' AS b, '' AS c, 'NULL' AS d, 'x' AS e");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("| null | 'null' | '' | 'NULL' | x |"), std::string::npos) << r.out;
}

}  // namespace
