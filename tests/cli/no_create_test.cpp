// Read-only statements never create a database (issue #22): `run` and `shell` on a fresh path
// create it at the first statement that writes, as `query` does; a failed import removes the
// directory it created.
#include "support/cli_fixture.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using caspian::testing::Outcome;

// The shared CLI fixture, on a path that looks like a mistyped database name.
class NoCreate : public caspian::testing::CliTest {
protected:
    NoCreate() { db = (dir.path() / "typo.db").string(); }

    std::string file(const std::string& name, const std::string& text) {
        const fs::path path = dir.path() / name;
        caspian::testing::write(path, text);
        return path.string();
    }

    std::string none_created(const std::string& what) const {
        return "caspian: no database at '" + db + "': " + what +
               " read an empty graph, and none was created (a statement that writes creates "
               "it)\n";
    }
};

TEST_F(NoCreate, RunOfReadsOnAnAbsentPathCreatesNothing) {
    const std::string reads =
        file("reads.cq", "MATCH (n) RETURN count(n) AS c;\nRETURN 1 AS one;\n");
    const Outcome r = run({"run", db, reads, "--format", "csv"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("c\r\n0\r\n"), std::string::npos) << r.out;
    EXPECT_TRUE(r.err.ends_with(none_created("its statements"))) << r.err;
    EXPECT_EQ(r.err.find("created new database"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(db));
}

TEST_F(NoCreate, RunOfReadsLeavesAnEmptyDirectoryEmpty) {
    fs::create_directory(db);
    const Outcome r = run({"run", db, file("r.cq", "RETURN 1 AS one;")});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(fs::is_directory(db));
    EXPECT_TRUE(fs::is_empty(db));
}

TEST_F(NoCreate, RunCreatesTheDatabaseWhenAStatementWrites) {
    const Outcome r = run({"run", db, file("w.cq", "RETURN 1 AS one;\nCREATE (:N {key: 'a'});\n")});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("created new database " + db + "\n"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("no database at"), std::string::npos) << r.err;
    const Outcome q = run({"query", db, "MATCH (n:N) RETURN n.key AS k", "--format", "csv"});
    EXPECT_EQ(q.out, "k\r\na\r\n") << q.err;
}

TEST_F(NoCreate, AFailedSingleTransactionRunLeavesNoDatabase) {
    const Outcome r =
        run({"run", db, file("f.cq", "CREATE (:N);\nRETURN 1 / 0;\n"), "--single-transaction"});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err.find("created new database"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(db));
}

TEST_F(NoCreate, ShellOfReadsCreatesNothing) {
    const Outcome r = run({"shell", db}, "MATCH (n) RETURN count(n) AS c;\n:schema\nRETURN 2;\n");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(r.err.ends_with(none_created("the session"))) << r.err;
    EXPECT_FALSE(fs::exists(db));
}

TEST_F(NoCreate, ShellCreatesTheDatabaseAtTheFirstWrite) {
    const Outcome r =
        run({"shell", db}, "RETURN 1 AS one;\nCREATE (:N);\nMATCH (n:N) RETURN count(n) AS c;\n");
    ASSERT_EQ(r.code, 0) << r.err;
    const std::size_t at = r.err.find("created new database " + db + "\n");
    EXPECT_NE(at, std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("created new database", at + 1), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("no database at"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::exists(fs::path(db) / "data.mdb"));
}

TEST_F(NoCreate, ShellReadOfAWritingFileCreatesTheDatabase) {
    const std::string script = file("w.cq", "CREATE (:N);");
    const Outcome r = run({"shell", db}, ":read " + script + "\n");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("created new database " + db + "\n"), std::string::npos) << r.err;
    EXPECT_TRUE(fs::exists(fs::path(db) / "data.mdb"));
}

TEST_F(NoCreate, AnExistingDatabaseIsNeverRemoved) {
    ASSERT_EQ(run({"query", db, "CREATE (:N)"}).code, 0);
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"run", db, file("r.cq", "RETURN 1;")},
          std::vector<std::string>{"shell", db}}) {
        const Outcome r = run(args, "RETURN 1;\n");
        EXPECT_EQ(r.code, 0) << args[0] << ": " << r.err;
        EXPECT_EQ(r.err.find("no database at"), std::string::npos) << args[0] << ": " << r.err;
    }
    const Outcome q = run({"query", db, "MATCH (n:N) RETURN count(n) AS c", "--format", "csv"});
    EXPECT_EQ(q.out, "c\r\n1\r\n") << q.err;
}

TEST_F(NoCreate, AFailedImportRemovesTheDirectoryItCreated) {
    const std::string bad = file("bad.csv", "key:ID,:LABEL,n:int\na,N,1\nb,N,two\n");
    Outcome r = run({"import", db, "--nodes", bad});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("bad.csv:3:"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("created new database"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(db));

    // An empty directory given as DB stays, empty, as it was.
    fs::create_directory(db);
    r = run({"import", db, "--nodes", bad});
    EXPECT_EQ(r.code, 1);
    EXPECT_TRUE(fs::is_directory(db));
    EXPECT_TRUE(fs::is_empty(db));

    // A missing input file fails before anything is made.
    fs::remove(db);
    r = run({"import", db, "--nodes", (dir.path() / "absent.csv").string()});
    EXPECT_NE(r.code, 0);
    EXPECT_FALSE(fs::exists(db));
}

}  // namespace
