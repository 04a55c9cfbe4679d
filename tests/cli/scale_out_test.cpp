// The caspian side of each path of docs/scale-out.md (#21): the neo4j-csv export's printed
// neo4j-admin command names files with Neo4j's headers and they import back; APOC JSON Lines
// goes out and back; the CSV export has the columns the GraphFrames snippet renames.
#include "support/cli_fixture.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using caspian::testing::Outcome;
using caspian::testing::slurp;

class ScaleOut : public caspian::testing::CliTest {
protected:
    void SetUp() override {
        const Outcome o = run({"run", db, CASPIAN_SOURCE_DIR "/examples/azerbaijan-visit.cq"});
        ASSERT_EQ(o.code, 0) << o.err;
    }

    // "49 76": the node and edge counts of a database.
    std::string counts(const std::string& path) {
        const Outcome n = run({"query", path, "MATCH (n) RETURN count(n)", "--format", "csv"});
        const Outcome e =
            run({"query", path, "MATCH ()-[r]->() RETURN count(r)", "--format", "csv"});
        return n.out + e.out;
    }

    std::string first_line(const fs::path& p) {
        const std::string text = slurp(p);
        return text.substr(0, text.find('\n'));
    }
};

// An option of the neo4j-admin command, the header its files start with, caspian's option.
struct FileKind {
    const char* option;
    const char* header;
    const char* flag;
};
constexpr FileKind file_kinds[] = {{"--nodes=", ":ID,:LABEL", "--nodes"},
                                   {"--relationships=", ":START_ID,:END_ID,:TYPE", "--edges"}};

TEST_F(ScaleOut, Neo4jAdminCommandNamesFilesThatImportBack) {
    const std::string out = dir.sub("neo4j").string();
    const Outcome o = run({"export", db, "--format", "neo4j-csv", "--out", out});
    ASSERT_EQ(o.code, 0) << o.err;
    ASSERT_EQ(o.out.rfind("neo4j-admin database import full ", 0), 0u) << o.out;
    std::istringstream words(o.out);
    std::vector<std::string> import = {"import", dir.sub("back.db").string()};
    std::size_t files = 0;
    for (std::string w; words >> w;) {
        for (const FileKind& k : file_kinds) {
            if (w.rfind(k.option, 0) != 0) continue;
            const std::string file = w.substr(std::string(k.option).size());
            EXPECT_EQ(first_line(file).rfind(k.header, 0), 0u) << file;
            import.insert(import.end(), {k.flag, file});
            ++files;
        }
    }
    EXPECT_GT(files, 10u);
    const Outcome back = run(import);
    ASSERT_EQ(back.code, 0) << back.err;
    EXPECT_EQ(counts(dir.sub("back.db").string()), counts(db));
    EXPECT_NE(counts(db).find("\n49"), std::string::npos) << counts(db);
}

TEST_F(ScaleOut, ApocJsonLinesGoesOutAndBack) {
    const std::string file = dir.sub("all.json").string();
    ASSERT_EQ(run({"export", db, "--format", "apoc-jsonl", "--out", file}).code, 0);
    const Outcome back = run({"import", dir.sub("back.db").string(), "--apoc-jsonl", file});
    ASSERT_EQ(back.code, 0) << back.err;
    EXPECT_EQ(counts(dir.sub("back.db").string()), counts(db));
}

TEST_F(ScaleOut, CsvHasTheColumnsGraphFramesRenames) {
    const fs::path out = dir.sub("frames");
    ASSERT_EQ(run({"export", db, "--format", "csv", "--out", out.string()}).code, 0);
    EXPECT_EQ(first_line(out / "nodes.csv").rfind(":ID,", 0), 0u);
    EXPECT_EQ(first_line(out / "edges.csv").rfind(":START_ID,:END_ID,", 0), 0u);
}

}  // namespace
