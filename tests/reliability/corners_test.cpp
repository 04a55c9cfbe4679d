// Issue #15, openCypher corners through the CLI: MERGE with a null property value is an error
// that creates nothing (query and run), and JSON Lines import rejects a field it does not know
// with file:line and the field's name, leaving the database as it was.
#include "reliability/dump.hpp"
#include "support/run_binary.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace caspian {
namespace {

namespace fs = std::filesystem;
using testing::Outcome;
using testing::TempDir;

class Corners : public ::testing::Test {
protected:
    void SetUp() override {
        db_ = dir_.sub("db");
        const Outcome o = run({"query", db_.string(),
                               "CREATE (:M {key: 'a'})-[:R {w: 1}]->(:M {key: 'b', n: [1, 2]})"});
        ASSERT_EQ(o.code, 0) << o.err;
    }
    Outcome run(const std::vector<std::string>& args) {
        return testing::run_binary(CASPIAN_BINARY, args, dir_.path());
    }
    fs::path file(const std::string& name, const std::string& text) {
        testing::write(dir_.path() / name, text);
        return dir_.path() / name;
    }
    // The statement fails with exit 1 and `message` (position included), changing nothing.
    void expect_rejected(const std::vector<std::string>& args, const std::string& message) {
        const std::string before = testing::dump_tables(db_);
        const Outcome o = run(args);
        EXPECT_EQ(o.code, 1) << args[0] << "\n" << o.err;
        EXPECT_EQ(o.signal, 0);
        EXPECT_NE(o.err.find(message), std::string::npos) << args[0] << "\n" << o.err;
        EXPECT_EQ(testing::dump_tables(db_), before) << args[0];
    }

    TempDir dir_;
    fs::path db_;
};

TEST_F(Corners, MergeWithANullPropertyFailsThroughQuery) {
    expect_rejected({"query", db_.string(), "MERGE (n:M {key: null}) RETURN n"},
                    "query:1:18: semantic error: cannot merge a node whose property 'key' is null");
    expect_rejected({"query", db_.string(), "MERGE (n:M {key: $p})", "--param", "p=null"},
                    "query:1:18: semantic error: cannot merge a node whose property 'key' is null");
    expect_rejected({"query", db_.string(),
                     "MATCH (a:M {key: 'a'}), (b:M {key: 'b'}) MERGE (a)-[:R {w: a.nothing}]->(b)"},
                    "query:1:60: semantic error: cannot merge a relationship whose property 'w' "
                    "is null");
}

TEST_F(Corners, MergeWithANullPropertyFailsThroughRun) {
    const fs::path script = file("merge.cq",
                                 "MERGE (:M {key: 'c'});\nWITH null AS k\n"
                                 "MERGE (n:M {key: k}) RETURN n;\n");
    expect_rejected({"run", db_.string(), script.string(), "--single-transaction"},
                    "merge.cq:3:18: semantic error: cannot merge a node whose property 'key' is "
                    "null");
    // Without a single transaction the first statement is kept; the failing one adds nothing.
    const Outcome o = run({"run", db_.string(), script.string()});
    EXPECT_EQ(o.code, 1) << o.err;
    const Outcome n = run({"query", db_.string(), "MATCH (n:M) RETURN count(n) AS n", "-f", "csv"});
    EXPECT_EQ(n.out, "n\r\n3\r\n");
}

TEST_F(Corners, JsonLinesImportRejectsAnUnknownField) {
    const fs::path nodes = file("nodes.jsonl",
                                "{\"key\": \"x1\", \"labels\": [\"Person\"]}\n"
                                "{\"key\": \"x\", \"_labels\": [\"Person\"], "
                                "\"m\": {\"a\": 1}}\n");
    expect_rejected({"import", db_.string(), "--nodes", nodes.string()},
                    "nodes.jsonl:2: syntax error: unknown field \"_labels\" in a node");
    const fs::path edges =
        file("edges.jsonl", "{\"src\": \"a\", \"dst\": \"b\", \"type\": \"R\", \"weight\": 2}\n");
    expect_rejected({"import", db_.string(), "--edges", edges.string()},
                    "edges.jsonl:1: syntax error: unknown field \"weight\" in an edge");
}

TEST_F(Corners, JsonLinesExportImportsBackUnchanged) {
    const Outcome e = run(
        {"export", db_.string(), "--format", "jsonl", "--out", (dir_.path() / "first").string()});
    ASSERT_EQ(e.code, 0) << e.err;
    const fs::path copy = dir_.sub("copy");
    const Outcome i =
        run({"import", copy.string(), "--nodes", (dir_.path() / "first/nodes.jsonl").string(),
             "--edges", (dir_.path() / "first/edges.jsonl").string()});
    ASSERT_EQ(i.code, 0) << i.err;
    const Outcome again = run(
        {"export", copy.string(), "--format", "jsonl", "--out", (dir_.path() / "second").string()});
    ASSERT_EQ(again.code, 0) << again.err;
    for (const char* name : {"nodes.jsonl", "edges.jsonl"}) {
        EXPECT_EQ(testing::slurp(dir_.path() / "second" / name),
                  testing::slurp(dir_.path() / "first" / name))
            << name;
    }
}

}  // namespace
}  // namespace caspian
