// The caspian side of each path of docs/scale-out.md (#21): the neo4j-csv export's printed
// neo4j-admin command names files with Neo4j's headers and they import back; APOC JSON Lines
// goes out and back; the CSV export has the columns the GraphFrames snippet renames.
#include "support/run_binary.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using caspian::testing::Outcome;
using caspian::testing::run_binary;
using caspian::testing::slurp;
using caspian::testing::TempDir;

class ScaleOut : public ::testing::Test {
protected:
    void SetUp() override {
        const Outcome o = caspian({"run", db_, CASPIAN_SOURCE_DIR "/examples/azerbaijan-visit.cq"});
        ASSERT_EQ(o.code, 0) << o.err;
    }

    Outcome caspian(const std::vector<std::string>& args) {
        return run_binary(CASPIAN_BINARY, args, dir_.path());
    }

    // "49 76": the node and edge counts of a database.
    std::string counts(const std::string& db) {
        const Outcome n = caspian({"query", db, "MATCH (n) RETURN count(n)", "--format", "csv"});
        const Outcome e =
            caspian({"query", db, "MATCH ()-[r]->() RETURN count(r)", "--format", "csv"});
        return n.out + e.out;
    }

    std::string first_line(const fs::path& p) {
        const std::string text = slurp(p);
        return text.substr(0, text.find('\n'));
    }

    TempDir dir_;
    std::string db_ = dir_.sub("example.db").string();
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
    const std::string out = dir_.sub("neo4j").string();
    const Outcome o = caspian({"export", db_, "--format", "neo4j-csv", "--out", out});
    ASSERT_EQ(o.code, 0) << o.err;
    ASSERT_EQ(o.out.rfind("neo4j-admin database import full ", 0), 0u) << o.out;
    std::istringstream words(o.out);
    std::vector<std::string> import = {"import", dir_.sub("back.db").string()};
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
    const Outcome back = caspian(import);
    ASSERT_EQ(back.code, 0) << back.err;
    EXPECT_EQ(counts(dir_.sub("back.db").string()), counts(db_));
    EXPECT_NE(counts(db_).find("\n49"), std::string::npos) << counts(db_);
}

TEST_F(ScaleOut, ApocJsonLinesGoesOutAndBack) {
    const std::string file = dir_.sub("all.json").string();
    ASSERT_EQ(caspian({"export", db_, "--format", "apoc-jsonl", "--out", file}).code, 0);
    const Outcome back = caspian({"import", dir_.sub("back.db").string(), "--apoc-jsonl", file});
    ASSERT_EQ(back.code, 0) << back.err;
    EXPECT_EQ(counts(dir_.sub("back.db").string()), counts(db_));
}

TEST_F(ScaleOut, CsvHasTheColumnsGraphFramesRenames) {
    const fs::path out = dir_.sub("frames");
    ASSERT_EQ(caspian({"export", db_, "--format", "csv", "--out", out.string()}).code, 0);
    EXPECT_EQ(first_line(out / "nodes.csv").rfind(":ID,", 0), 0u);
    EXPECT_EQ(first_line(out / "edges.csv").rfind(":START_ID,:END_ID,", 0), 0u);
}

}  // namespace
