// Tests of query/api/import.cpp (import_files) and of stats(): streaming CSV and JSON Lines
// across buffer refills with exact line numbers, all-or-nothing imports into non-empty
// databases, --skip-bad-rows counts, and the per-table B-tree figures.
#include <caspian/database.hpp>
#include <caspian/tools.hpp>

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace caspian {
namespace {

namespace fs = std::filesystem;
using caspian::testing::TempDir;

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

class Import : public ::testing::Test {
protected:
    TempDir dir_;
    Database db_ = Database::open(dir_.sub("db"));

    fs::path file(const std::string& name, const std::string& text) {
        std::ofstream(dir_.path() / name, std::ios::binary) << text;
        return dir_.path() / name;
    }

    // The whole graph as JSON Lines text (the export), to compare before and after.
    std::string snapshot(const std::string& name) {
        const fs::path out = dir_.path() / name;
        export_graph(db_, ExportFormat::Jsonl, out);
        return slurp(out / "nodes.jsonl") + slurp(out / "edges.jsonl");
    }

    void seed_graph() {
        for (const char* statement :
             {"CREATE INDEX ON :P(n)",
              "CREATE (:P {key: 'old1', n: 1})-[:R {w: 1}]->(:P {key: 'old2', n: 2})"}) {
            Result r = db_.query(statement);
            while (r.next()) {
            }
        }
    }

    ImportError import_error(const ImportOptions& options) {
        try {
            import_files(db_, options);
        } catch (const ImportError& e) {
            return e;
        }
        ADD_FAILURE() << "no ImportError was thrown";
        return ImportError(BadRow{});
    }

    std::int64_t count(const std::string& statement) {
        Result r = db_.query(statement);
        EXPECT_TRUE(r.next());
        return r.row()[0].as_int();
    }
};

// Rows of n.csv: n0..n{rows-1}, row i on line i + 2; edges chain them and reach old1.
std::string node_rows(int rows, int bad_at) {
    std::string text = "key:ID,:LABEL,n:int\n";
    for (int i = 0; i < rows; ++i) {
        text += "n" + std::to_string(i) + ",P," + (i == bad_at ? "x" : std::to_string(i)) + "\n";
    }
    return text;
}

TEST_F(Import, BadNodeRowInTheMiddleLeavesTheDatabaseUnchanged) {
    seed_graph();
    const std::string before = snapshot("before");
    ImportOptions options;
    options.node_files = {file("n.csv", node_rows(5000, 2500))};
    const ImportError e = import_error(options);
    EXPECT_EQ(e.row().line, 2502u);
    EXPECT_EQ(e.kind(), ErrorKind::Type);
    EXPECT_EQ(snapshot("after"), before);
    EXPECT_TRUE(check(db_).is_sound());
}

TEST_F(Import, BadEdgeRowAfterManyEdgesLeavesTheDatabaseUnchanged) {
    seed_graph();
    const std::string before = snapshot("before");
    std::string edges = ":START_ID,:END_ID,:TYPE\n";
    for (int i = 0; i < 20000; ++i) {
        edges += "n" + std::to_string(i % 100) + (i == 15000 ? ",nowhere" : ",old1") + ",T\n";
    }
    ImportOptions options;
    options.node_files = {file("n.csv", node_rows(100, -1))};
    options.edge_files = {file("e.csv", edges)};
    const ImportError e = import_error(options);
    EXPECT_EQ(e.row().file, (dir_.path() / "e.csv").string());
    EXPECT_EQ(e.row().line, 15002u);
    EXPECT_NE(e.row().message.find("'nowhere'"), std::string::npos) << e.row().message;
    EXPECT_EQ(snapshot("after"), before);
}

TEST_F(Import, IntoANonEmptyDatabaseAddsNodesEdgesAndIndexEntries) {
    seed_graph();
    std::string edges = ":START_ID,:END_ID,:TYPE\nold1,n0,R\n";
    for (int i = 1; i < 300; ++i)
        edges += "n" + std::to_string(i) + ",old2,S\n";
    ImportOptions options;
    options.node_files = {file("n.csv", node_rows(300, -1))};
    options.edge_files = {file("e.csv", edges)};
    const ImportReport report = import_files(db_, options);
    EXPECT_EQ(report.nodes, 300u);
    EXPECT_EQ(report.edges, 300u);
    EXPECT_TRUE(check(db_).is_sound());
    const Counts c = db_.begin_read().counts();
    EXPECT_EQ(c.nodes, 302u);
    EXPECT_EQ(c.edges, 301u);
    EXPECT_EQ(count("MATCH (:P {key: 'old1'})-[:R]->(x) RETURN count(x)"), 2);
    EXPECT_EQ(count("MATCH (x)-[:S]->(:P {key: 'old2'}) RETURN count(x)"), 299);
    // Through the index on :P(n): the old node with n = 2 and the imported one.
    EXPECT_EQ(count("MATCH (p:P) WHERE p.n = 2 RETURN count(p)"), 2);
    EXPECT_EQ(count("MATCH (p:P) WHERE p.n >= 290 RETURN count(p)"), 10);
}

TEST_F(Import, QuotedNewlinesKeepLineNumbersAcrossBufferRefills) {
    // Each row spans three lines; ~3 MiB, so rows straddle the 1 MiB buffer's refills.
    std::string text = "key:ID,note,n:int\n";
    const int rows = 40000, bad = 39000;
    for (int i = 0; i < rows; ++i) {
        text += "k" + std::to_string(i) + ",\"first\nsecond \"\"q\"\"\nthird " +
                std::string(40, 'x') + "\"," + (i == bad ? "oops" : std::to_string(i)) + "\n";
    }
    ImportOptions options;
    options.node_files = {file("n.csv", text)};
    EXPECT_EQ(import_error(options).row().line, 2u + 3u * bad);
    options.skip_bad_rows = true;
    const ImportReport report = import_files(db_, options);
    EXPECT_EQ(report.nodes, std::uint64_t(rows - 1));
    ASSERT_EQ(report.bad_rows.size(), 1u);
    EXPECT_EQ(report.bad_rows[0].line, 2u + 3u * bad);
    Result r = db_.query("MATCH (n {key: 'k12345'}) RETURN n.note, n.n");
    ASSERT_TRUE(r.next());
    EXPECT_EQ(r.row()[0].as_string(), "first\nsecond \"q\"\nthird " + std::string(40, 'x'));
    EXPECT_EQ(r.row()[1].as_int(), 12345);
}

TEST_F(Import, ARecordLongerThanTheBufferIsReadWhole) {
    const std::string big(3 << 20, 'z');
    ImportOptions options;
    options.node_files = {file("n.csv", "key:ID,big\na,\"" + big + "\"\nb,small\nc,x,y\n")};
    EXPECT_EQ(import_error(options).row().line, 4u);
    options.node_files = {file("n2.csv", "key:ID,big\na," + big + "\nb,small\n")};
    import_files(db_, options);
    Result r = db_.query("MATCH (n {key: 'a'}) RETURN size(n.big)");
    ASSERT_TRUE(r.next());
    EXPECT_EQ(r.row()[0].as_int(), std::int64_t(big.size()));
}

TEST_F(Import, SkipBadRowsCountsEveryBadRowAndKeepsTheRest) {
    std::string text = "key:ID,n:int\n";
    std::uint64_t bad = 0;
    for (int i = 0; i < 1000; ++i) {
        const bool is_bad = i % 7 == 3;
        bad += is_bad;
        text += "k" + std::to_string(i) + "," + (is_bad ? "bad" : std::to_string(i)) + "\n";
    }
    text += "k0,1\n";  // a duplicate id: a constraint error, skipped too
    ImportOptions options;
    options.node_files = {file("n.csv", text)};
    options.skip_bad_rows = true;
    const ImportReport report = import_files(db_, options);
    EXPECT_EQ(report.skipped, bad + 1);
    EXPECT_EQ(report.nodes, 1000 - bad);
    ASSERT_EQ(report.bad_rows.size(), 100u);  // the first 100 are kept
    EXPECT_EQ(report.bad_rows[0].line, 5u);
    EXPECT_EQ(report.bad_rows[1].line, 12u);
    EXPECT_EQ(db_.begin_read().counts().nodes, 1000 - bad);
}

TEST_F(Import, JsonLinesReportTheLineDeepInALargeFile) {
    std::string text;
    for (int i = 0; i < 30000; ++i) {
        text += i == 29000 ? "{\"key\": \"broken\"\n"
                           : "{\"key\":\"j" + std::to_string(i) + "\",\"labels\":[\"J\"]," +
                                 "\"properties\":{\"pad\":\"" + std::string(40, 'p') + "\"}}\r\n";
    }
    ImportOptions options;
    options.node_files = {file("n.jsonl", text)};
    const ImportError e = import_error(options);
    EXPECT_EQ(e.row().line, 29001u);
    EXPECT_EQ(e.kind(), ErrorKind::Syntax);
    EXPECT_EQ(db_.begin_read().counts().nodes, 0u);
}

TEST_F(Import, StatsCountTableEntriesAndBytesPerEdge) {
    std::string edges = ":START_ID,:END_ID,:TYPE\n";
    for (int i = 0; i < 500; ++i)
        edges += "n" + std::to_string(i % 50) + ",n" + std::to_string((i * 7) % 50) + ",T\n";
    ImportOptions options;
    options.node_files = {file("n.csv", node_rows(50, -1))};
    options.edge_files = {file("e.csv", edges)};
    import_files(db_, options);
    const StoreStats s = stats(db_);
    auto table = [&](const std::string& name) {
        for (const auto& t : s.tables) {
            if (t.name == name) return t;
        }
        ADD_FAILURE() << "no table " << name;
        return TableStats{};
    };
    EXPECT_EQ(s.tables.size(), 12u);
    EXPECT_EQ(table("nodes").entries, 50u);
    EXPECT_EQ(table("edges").entries, 500u);
    EXPECT_EQ(table("out_edges").entries, 500u);
    EXPECT_EQ(table("in_edges").entries, 500u);
    EXPECT_EQ(table("key_index").entries, 50u);
    EXPECT_EQ(table("label_index").entries, 50u);
    EXPECT_GE(table("edges").leaf_pages, 1u);
    EXPECT_EQ(table("edges").bytes, (table("edges").branch_pages + table("edges").leaf_pages +
                                     table("edges").overflow_pages) *
                                        s.page_size);
    EXPECT_DOUBLE_EQ(s.bytes_per_edge, double(s.used_bytes) / 500);
}

}  // namespace
}  // namespace caspian
