// The command's traps met in a new user's first hour: a typo never creates a database, every
// argument error is a usage error (exit 2), and the subcommands' help, formats and framing.
#include "support/cli_fixture.hpp"

#include <caspian/json.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using caspian::testing::Outcome;
using caspian::testing::shell_quote;
using caspian::testing::TempDir;

class FirstHour : public caspian::testing::CliTest {
protected:
    // Runs `caspian ARGS` by /bin/sh in the test's directory, so that relative paths land there.
    Outcome run_here(const std::string& args, const std::string& input = "") {
        caspian::testing::RunOptions options;
        options.input = input;
        return caspian::testing::run_binary(
            "/bin/sh",
            {"-c", "cd " + shell_quote(dir.path().string()) + " && exec " +
                       shell_quote(CASPIAN_BINARY) + " " + args},
            dir.path(), options);
    }

    void make_db() {
        const Outcome r = run({"query", db, "CREATE (:N {key: 'a'})"});
        ASSERT_EQ(r.code, 0) << r.err;
    }
};

// --- nothing is created by mistake --------------------------------------------------------------

TEST_F(FirstHour, UnknownCommandSuggestsTheNearestAndCreatesNothing) {
    const Outcome r = run_here("qurey", "RETURN 1;\n");
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, "caspian: usage error: unknown command 'qurey'; did you mean 'query'?\n");
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_FALSE(fs::exists(dir.path() / "qurey"));
}

TEST_F(FirstHour, UnknownCommandWithArgumentsNamesTheCommand) {
    const Outcome r = run_here("qurey ex.db 'RETURN 1'");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("unknown command 'qurey'; did you mean 'query'?"), std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists(dir.path() / "qurey"));
    EXPECT_FALSE(fs::exists(dir.path() / "ex.db"));
}

TEST_F(FirstHour, UnknownCommandFarFromAnyListsTheCommands) {
    const Outcome r = run_here("frobnicate");
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("unknown command 'frobnicate' (commands: query, run,"), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("./frobnicate"), std::string::npos) << r.err;
}

TEST_F(FirstHour, ShorthandOpensAnExistingDatabaseWithoutSlashOrSuffix) {
    make_db();
    const Outcome r = run_here("db", "MATCH (n:N) RETURN n.key AS k;\n");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("| a "), std::string::npos) << r.out;
    EXPECT_EQ(r.err.find("created new database"), std::string::npos) << r.err;
}

TEST_F(FirstHour, ShorthandCreatesOnlyAPathThatLooksLikeADatabase) {
    // (At its first write: a session that only reads creates nothing, tests/cli/no_create_test.)
    Outcome r = run_here("new.db", "CREATE (:N);\n");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("created new database new.db\n"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::exists(dir.path() / "new.db" / "data.mdb"));

    r = run_here("./other", "CREATE (:N);\n");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(fs::exists(dir.path() / "other" / "data.mdb"));

    r = run_here("other2", "RETURN 1;\n");
    EXPECT_EQ(r.code, 2);
    EXPECT_FALSE(fs::exists(dir.path() / "other2"));
}

TEST_F(FirstHour, CreatingADatabaseSaysSoOnceAndOpeningItAgainDoesNot) {
    Outcome r = run({"query", db, "CREATE (:N)"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("created new database " + db + "\n"), std::string::npos) << r.err;
    r = run({"query", db, "CREATE (:N)"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.err.find("created new database"), std::string::npos) << r.err;
}

TEST_F(FirstHour, RunAndImportSayTheyCreatedTheDatabase) {
    caspian::testing::write(dir.path() / "s.cq", "CREATE (:N);");
    Outcome r = run({"run", db, (dir.path() / "s.cq").string()});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("created new database " + db), std::string::npos) << r.err;

    caspian::testing::write(dir.path() / "n.csv", "key:ID,:LABEL\na,N\n");
    const std::string other = (dir.path() / "other").string();
    r = run({"import", other, "--nodes", (dir.path() / "n.csv").string()});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("created new database " + other), std::string::npos) << r.err;
}

TEST_F(FirstHour, AFailedQueryOnANewPathSaysNothingWasCreated) {
    const Outcome r = run({"query", db, "CREATE (:N {v: 1 / 0})"});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err.find("created new database"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(db));
}

TEST_F(FirstHour, AQueryThatOnlyReadsCreatesNoDatabase) {
    const std::string typo = (dir.path() / "exx.db").string();
    for (const char* statement : {"MATCH (n:Visit) RETURN n", "RETURN 1 AS one"}) {
        const Outcome r = run({"query", typo, statement, "--format", "csv"});
        EXPECT_EQ(r.code, 0) << statement << ": " << r.err;
        // (After a warning that the empty graph has no node labelled Visit.)
        EXPECT_TRUE(r.err.ends_with("caspian: no database at '" + typo +
                                    "': the statement read an empty graph, and none was "
                                    "created (a statement that writes creates it)\n"))
            << statement << ": " << r.err;
        EXPECT_FALSE(fs::exists(typo)) << statement;
    }
    // An empty directory stays empty; a statement that writes creates the database.
    fs::create_directory(typo);
    EXPECT_EQ(run({"query", typo, "RETURN 1"}).code, 0);
    EXPECT_TRUE(fs::is_empty(typo));
    const Outcome w = run({"query", typo, "CREATE (:Visit)"});
    EXPECT_EQ(w.code, 0) << w.err;
    EXPECT_NE(w.err.find("1 node created"), std::string::npos) << w.err;
    EXPECT_NE(w.err.find("created new database " + typo + "\n"), std::string::npos) << w.err;
    EXPECT_TRUE(fs::exists(fs::path(typo) / "data.mdb"));
}

TEST_F(FirstHour, AMissingParentDirectoryIsAUsageError) {
    const std::string path = (dir.path() / "nonexistent" / "dir" / "x.db").string();
    const std::string parent = (dir.path() / "nonexistent" / "dir").string();
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"query", path, "CREATE (:N)"},
          std::vector<std::string>{"shell", path}, std::vector<std::string>{path}}) {
        const Outcome r = run(args, "CREATE (:N);\n");
        EXPECT_EQ(r.code, 2) << args[0];
        EXPECT_EQ(r.err, "caspian: usage error: cannot create database '" + path +
                             "': directory '" + parent + "' does not exist\n")
            << args[0];
    }
    EXPECT_FALSE(fs::exists(dir.path() / "nonexistent"));
}

// --- the command: usage errors and help -------------------------------------------------------

TEST_F(FirstHour, EveryArgumentErrorIsAUsageErrorWithThePrefix) {
    make_db();
    const std::vector<std::vector<std::string>> cases = {
        {"query", db, "RETURN 1", "--frobnicate"},
        {"query", db},
        {"backup", db},
        {"query", db, "RETURN 1", "--format", "xml"},
        {"query", db, "RETURN 1", "--timeout", "soon"},
        {"export", db, "--out"},
        {"run", db, "x.cq", "--bail", "--keep-going"},
        {"import", db, "--max-rows", "5"},
        {"--frobnicate"},
    };
    for (const auto& args : cases) {
        const Outcome r = run(args);
        EXPECT_EQ(r.code, 2) << args.back() << ": " << r.err;
        EXPECT_EQ(r.err.rfind("caspian: usage error: ", 0), 0u) << args.back() << ": " << r.err;
        EXPECT_TRUE(r.out.empty()) << args.back() << ": " << r.out;
    }
}

TEST_F(FirstHour, EachCommandsHelpListsOnlyItsOwnOptionsAndAnExample) {
    struct Expect {
        const char* command;
        std::vector<const char*> has;
        std::vector<const char*> lacks;
    };
    const Expect expects[] = {
        {"query", {"--max-rows", "--read-only", "--format"}, {"--nodes", "--force"}},
        {"run", {"--keep-going", "--bail", "--echo", "--max-memory"}, {"--nodes"}},
        {"import",
         {"--nodes", "--edges", "--map-size"},
         {"--max-rows", "--max-memory", "--timeout", "--read-only", "--format"}},
        {"export", {"--out", "--force", "--format"}, {"--max-rows", "--map-size", "--timeout"}},
        {"stats", {"--format"}, {"--max-rows", "--map-size"}},
        {"check", {}, {"--max-rows", "--map-size", "--read-only"}},
        {"backup", {"DEST"}, {"--max-rows", "--map-size"}},
        {"shell", {"--max-memory"}, {"--nodes"}},
    };
    for (const Expect& e : expects) {
        const Outcome r = run({e.command, "--help"});
        EXPECT_EQ(r.code, 0) << e.command;
        const std::string example = std::string("Example:\n  caspian ") + e.command + " ";
        EXPECT_NE(r.out.find(example), std::string::npos) << e.command << "\n" << r.out;
        for (const char* option : e.has)
            EXPECT_NE(r.out.find(option), std::string::npos) << e.command << " " << option;
        for (const char* option : e.lacks)
            EXPECT_EQ(r.out.find(option), std::string::npos) << e.command << " " << option;
    }
}

// --- formats and export targets -----------------------------------------------------------------

TEST_F(FirstHour, FormatNamesAreCaseInsensitive) {
    make_db();
    Outcome r = run({"query", db, "RETURN 1 AS n", "--format", "CSV"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "n\r\n1\r\n");
    r = run({"stats", db, "--format", "Json"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out.rfind("{\"nodes\":1,", 0), 0u) << r.out;
    const std::string out = (dir.path() / "g").string();
    r = run({"export", db, "--format", "JSONL", "--out", out});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(fs::exists(fs::path(out) / "nodes.jsonl"));
}

TEST_F(FirstHour, ExportFormatFollowsTheOutExtension) {
    make_db();
    struct Case {
        const char* out;
        const char* file;  // the file that shows the format
        const char* starts;
    };
    const Case cases[] = {
        {"g.graphml", "g.graphml", "<?xml"},        {"g.dot", "g.dot", "digraph"},
        {"g.nt", "g.nt", "<http://caspian.local/"}, {"g.jsonl", "g.jsonl/nodes.jsonl", "{"},
        {"g.csv", "g.csv/nodes.csv", ":ID,"},       {"plain", "plain/nodes.csv", ":ID,"},
    };
    for (const Case& c : cases) {
        const Outcome r = run({"export", db, "--out", (dir.path() / c.out).string()});
        ASSERT_EQ(r.code, 0) << c.out << ": " << r.err;
        const std::string text = caspian::testing::slurp(dir.path() / c.file);
        EXPECT_EQ(text.rfind(c.starts, 0), 0u) << c.out << ": " << text;
    }
}

TEST_F(FirstHour, ExportNeverWritesAnotherFormatThanTheExtensionSays) {
    make_db();
    const std::string out = (dir.path() / "x.jsonl").string();
    Outcome r = run({"export", db, "--format", "csv", "--out", out});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("names a jsonl target but --format is csv"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
    r = run({"export", db, "--out", (dir.path() / "x.txt").string()});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("cannot tell the export format from"), std::string::npos) << r.err;
}

TEST_F(FirstHour, ExportRefusesAnExistingTargetWithoutForce) {
    make_db();
    const fs::path dot = dir.path() / "existing.dot";
    caspian::testing::write(dot, "keep me");
    Outcome r = run({"export", db, "--out", dot.string()});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.err, "caspian: usage error: '" + dot.string() +
                         "' exists: give --force to overwrite it\n");
    EXPECT_EQ(caspian::testing::slurp(dot), "keep me");
    r = run({"export", db, "--out", dot.string(), "--force"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(caspian::testing::slurp(dot).rfind("digraph", 0), 0u);

    const fs::path csv = dir.path() / "csvdir";
    ASSERT_EQ(run({"export", db, "--out", csv.string()}).code, 0);
    r = run({"export", db, "--out", csv.string()});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("nodes.csv' exists: give --force"), std::string::npos) << r.err;
    EXPECT_EQ(run({"export", db, "--out", csv.string(), "--force"}).code, 0);
}

// --- run: standard input, echo, framing, the error rule ----------------------------------------

TEST_F(FirstHour, RunDashReadsStandardInput) {
    make_db();
    const Outcome r = run({"run", db, "-", "--format", "csv"}, "RETURN 40 + 2 AS n;");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "n\r\n42\r\n");
}

TEST_F(FirstHour, RunEchoPrintsEachStatementBeforeItsTable) {
    make_db();
    const Outcome r = run({"run", db, "-", "--echo"}, "RETURN 1 AS a;\n\n  RETURN 2 AS b;\n");
    EXPECT_EQ(r.code, 0) << r.err;
    const auto first = r.out.find("RETURN 1 AS a;\n+---+\n| a |");
    const auto second = r.out.find("RETURN 2 AS b;\n+---+\n| b |");
    EXPECT_NE(first, std::string::npos) << r.out;
    EXPECT_NE(second, std::string::npos) << r.out;
    EXPECT_LT(first, second) << r.out;
}

// Splits framed CSV output into its documents: each starts at a `# statement N (...)` line.
std::vector<std::pair<std::string, std::string>> csv_documents(const std::string& out) {
    std::vector<std::pair<std::string, std::string>> docs;
    std::size_t at = 0;
    while (at < out.size()) {
        const auto end = out.find("\r\n", at);
        const std::string line = out.substr(at, end - at);
        at = end == std::string::npos ? out.size() : end + 2;
        if (line.rfind("# statement ", 0) == 0) {
            docs.emplace_back(line, "");
        } else if (!line.empty() && !docs.empty()) {
            docs.back().second += line + "\n";
        }
    }
    return docs;
}

TEST_F(FirstHour, RunFramesEachStatementsCsvDocument) {
    const std::string f = (dir.path() / "s.cq").string();
    caspian::testing::write(f,
                            "CREATE (:N {v: 1});\nRETURN 'a,b' AS x, 2 AS y;\n"
                            "MATCH (n:N) RETURN n.v AS v;\n");
    const Outcome r = run({"run", db, f, "--format", "csv"});
    EXPECT_EQ(r.code, 0) << r.err;
    const auto docs = csv_documents(r.out);
    ASSERT_EQ(docs.size(), 2u) << r.out;
    EXPECT_EQ(docs[0].first, "# statement 2 (" + f + ":2)");
    EXPECT_EQ(docs[0].second, "x,y\n\"a,b\",2\n");
    EXPECT_EQ(docs[1].first, "# statement 3 (" + f + ":3)");
    EXPECT_EQ(docs[1].second, "v\n1\n");
    // One blank line separates the documents.
    EXPECT_NE(r.out.find("2\r\n\r\n# statement 3"), std::string::npos) << r.out;
}

TEST_F(FirstHour, RunFramesJsonAsOneArrayOfStatements) {
    make_db();
    const Outcome r =
        run({"run", db, "-", "--format", "json", "--echo"}, "RETURN 1 AS a;\nRETURN 'x' AS b;");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out,
              "[\n"
              "{\"statement\":1,\"source\":\"stdin:1\",\"text\":\"RETURN 1 AS a\","
              "\"columns\":[\"a\"],\"rows\":[\n{\"a\":1}\n]\n},\n"
              "{\"statement\":2,\"source\":\"stdin:2\",\"text\":\"RETURN 'x' AS b\","
              "\"columns\":[\"b\"],\"rows\":[\n{\"b\":\"x\"}\n]\n}\n"
              "]\n");
    const auto parsed = caspian::from_json(r.out);
    ASSERT_TRUE(parsed.has_value()) << r.out;
    EXPECT_EQ(parsed->as_list().size(), 2u);
}

TEST_F(FirstHour, AJsonRunLeavesStatementsWithoutColumnsOutOfTheDocument) {
    make_db();
    const Outcome r = run({"run", db, "-", "--format", "json"},
                          "CREATE (:M);\nMATCH (m:M) RETURN count(m) AS n;\nCREATE (:M);");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out,
              "[\n{\"statement\":2,\"source\":\"stdin:2\",\"columns\":[\"n\"],\"rows\":[\n"
              "{\"n\":1}\n]\n}\n]\n");
    EXPECT_TRUE(caspian::from_json(r.out).has_value()) << r.out;
}

TEST_F(FirstHour, RunFramesJsonLinesWithAStatementLine) {
    make_db();
    const Outcome r = run({"run", db, "-", "--format", "jsonl"},
                          "UNWIND [1, 2] AS a RETURN a;\nCREATE (:M);\nRETURN 3 AS b;");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out,
              "{\"statement\":1,\"source\":\"stdin:1\",\"columns\":[\"a\"]}\n"
              "{\"a\":1}\n{\"a\":2}\n"
              "{\"statement\":3,\"source\":\"stdin:3\",\"columns\":[\"b\"]}\n"
              "{\"b\":3}\n");
    // Every line is a JSON document of its own.
    std::size_t at = 0;
    for (auto nl = r.out.find('\n'); nl != std::string::npos; nl = r.out.find('\n', at)) {
        EXPECT_TRUE(caspian::from_json(r.out.substr(at, nl - at)).has_value()) << r.out;
        at = nl + 1;
    }
}

TEST_F(FirstHour, AJsonRunThatFailsStillPrintsOneDocument) {
    make_db();
    const Outcome r = run({"run", db, "-", "--format", "json"},
                          "RETURN 1 AS a;\nUNWIND [1, 0] AS d RETURN 1 / d AS q;\nRETURN 2 AS c;");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("stdin:2:"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("caspian: stopped at the first error: stdin has 1 more statement(s), "
                         "not run (--keep-going runs them)"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.out.rfind("[\n{\"statement\":1,", 0), 0u) << r.out;
    EXPECT_NE(r.out.find("\"rows\":[\n{\"q\":1}\n]}\n]\n"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("\"c\""), std::string::npos) << r.out;
    EXPECT_TRUE(caspian::from_json(r.out).has_value()) << r.out;
}

TEST_F(FirstHour, RunBailsByDefaultAndKeepsGoingWhenAsked) {
    make_db();
    const std::string script = "CREATE (:K);\nRETURN nope;\nCREATE (:K);\n";
    Outcome r = run({"run", db, "-", "--bail"}, script);
    EXPECT_EQ(r.code, 1);
    r = run({"query", db, "MATCH (k:K) RETURN count(k) AS c", "--format", "csv"});
    EXPECT_EQ(r.out, "c\r\n1\r\n");
    r = run({"run", db, "-", "--keep-going"}, script);
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err.find("stopped at the first error"), std::string::npos) << r.err;
    r = run({"query", db, "MATCH (k:K) RETURN count(k) AS c", "--format", "csv"});
    EXPECT_EQ(r.out, "c\r\n3\r\n");
}

TEST_F(FirstHour, ShellReadFollowsRunsErrorRule) {
    make_db();
    const std::string f = (dir.path() / "r.cq").string();
    caspian::testing::write(f, "CREATE (:R);\nRETURN nope;\nCREATE (:R);\n");
    // On standard input the shell stops at its first failure; :read --keep-going runs the whole
    // file and then stops the session.
    Outcome r = run({db}, ":read " + f + "\n");
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("stopped at the first error: " + f + " has 1 more"), std::string::npos)
        << r.err;
    r = run({db}, ":read --keep-going " + f + "\n");
    EXPECT_EQ(r.code, 1);
    r = run({"query", db, "MATCH (k:R) RETURN count(k) AS c", "--format", "csv"});
    EXPECT_EQ(r.out, "c\r\n3\r\n");
}

// --- import -------------------------------------------------------------------------------------

TEST_F(FirstHour, ImportWarnsWhenNodesGetNoKeyOrNoLabel) {
    const fs::path csv = dir.path() / "people.csv";
    caspian::testing::write(csv, "name,age:int\nAda,36\n");
    Outcome r = run({"import", db, "--nodes", csv.string()});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("warning: " + csv.string() +
                         ": no key column (key:ID or key): its nodes get no key\n"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("warning: " + csv.string() + ": no :LABEL column: its nodes get no label"),
              std::string::npos)
        << r.err;

    const fs::path jsonl = dir.path() / "more.jsonl";
    caspian::testing::write(jsonl, "{\"key\": \"k1\"}\n{\"labels\": [\"P\"]}\n");
    r = run({"import", db, "--nodes", jsonl.string()});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find(jsonl.string() + ": 1 node has no \"key\""), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(jsonl.string() + ": 1 node has no \"labels\""), std::string::npos)
        << r.err;

    const fs::path good = dir.path() / "good.csv";
    caspian::testing::write(good, "key:ID,:LABEL\nz,P\n");
    r = run({"import", db, "--nodes", good.string()});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
}

TEST_F(FirstHour, ImportTakesADelimiterAndHintsAtOne) {
    const fs::path csv = dir.path() / "semi.csv";
    caspian::testing::write(csv, "key:ID;:LABEL;name\na;P;Ada, Countess\n");
    Outcome r = run({"import", db, "--nodes", csv.string()});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find(csv.string() + ":1: usage error: the header is one column, "
                                        "'key:ID;:LABEL;name': if the fields are separated by "
                                        "';', give the delimiter (--delimiter ';')"),
              std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists(db));
    r = run({"import", db, "--nodes", csv.string(), "--delimiter", ";"});
    ASSERT_EQ(r.code, 0) << r.err;
    r = run({"query", db, "MATCH (p:P {key: 'a'}) RETURN p.name AS n", "--format", "csv"});
    EXPECT_EQ(r.out, "n\r\n\"Ada, Countess\"\r\n");

    const fs::path tsv = dir.path() / "t.tsv";
    caspian::testing::write(tsv, "key:ID\t:LABEL\nb\tQ\n");
    r = run({"import", db, "--nodes", tsv.string(), "--delimiter", "tab"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(run({"import", db, "--nodes", tsv.string(), "--delimiter", "ab"}).code, 2);
}

TEST_F(FirstHour, ImportRecognisesJsonLinesByContent) {
    for (const char* name : {"nodes.json", "nodes"}) {
        const fs::path file = dir.path() / name;
        caspian::testing::write(file, "  {\"key\": \"j\", \"labels\": [\"J\"]}\n");
        const std::string target = (dir.path() / (std::string("db-") + name)).string();
        const Outcome r = run({"import", target, "--nodes", file.string()});
        EXPECT_EQ(r.code, 0) << name << ": " << r.err;
        EXPECT_NE(r.err.find("imported 1 nodes"), std::string::npos) << r.err;
    }
    const fs::path array = dir.path() / "array.json";
    caspian::testing::write(array, "[{\"key\": \"j\"}]\n");
    const Outcome r = run({"import", db, "--nodes", array.string()});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("the file holds a JSON array: import reads JSON Lines"), std::string::npos)
        << r.err;
}

TEST_F(FirstHour, AnUnknownHeaderTypeListsTheValidOnes) {
    const fs::path csv = dir.path() / "t.csv";
    caspian::testing::write(csv, "key:ID,n:integer\na,1\n");
    const Outcome r = run({"import", db, "--nodes", csv.string()});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("unknown type 'integer' in header column 'n:integer': the types are int, "
                         "long,"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("START_ID, END_ID, TYPE, IGNORE"), std::string::npos) << r.err;
}

}  // namespace
