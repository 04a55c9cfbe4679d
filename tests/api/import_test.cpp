// Tests of query/api/import/ (import_files) and of stats(): streaming CSV and JSON Lines
// across buffer refills with exact line numbers, all-or-nothing imports into non-empty
// databases, --skip-bad-rows counts, and the per-table B-tree figures.
#include <caspian/database.hpp>
#include <caspian/import_export.hpp>
#include <caspian/maintenance.hpp>

#include "support/files.hpp"
#include "support/seeds.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>

namespace caspian {
namespace {

namespace fs = std::filesystem;
using caspian::testing::slurp;
using caspian::testing::TempDir;

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
    EXPECT_EQ(s.tables.size(), 17u);
    EXPECT_EQ(table("nodes").entries, 50u);
    EXPECT_EQ(table("name_index").entries, 0u);  // keys "n0".."n49" fold to themselves (format 7)
    EXPECT_EQ(table("edges").entries, 500u / 32 + 1);  // ids 1-500 in blocks of 32 (format 5)
    EXPECT_EQ(table("out_edges").entries, 0u);         // format 6: packed chunks in out_adj, in_adj
    EXPECT_EQ(table("in_edges").entries, 0u);
    EXPECT_GE(table("out_adj").entries, 500u / 64);
    EXPECT_LE(table("out_adj").entries, 100u);  // at most 64 entries per chunk, 50 nodes
    EXPECT_GE(table("in_adj").entries, 500u / 64);
    EXPECT_LE(table("in_adj").entries, 100u);
    EXPECT_EQ(table("key_index").entries, 50u);
    EXPECT_EQ(table("label_index").entries, 50u);
    EXPECT_GE(table("edges").leaf_pages, 1u);
    EXPECT_EQ(table("edges").bytes, (table("edges").branch_pages + table("edges").leaf_pages +
                                     table("edges").overflow_pages) *
                                        s.page_size);
    EXPECT_DOUBLE_EQ(s.bytes_per_edge, double(s.used_bytes) / 500);
}

// A bad row early, late and on the reader's batch boundaries: nothing is kept and the row is
// reported at its exact line.
TEST_F(Import, ErrorInALateRowLeavesTheDatabaseUnchanged) {
    seed_graph();
    const std::string before = snapshot("before");
    const int rows = 100000, bad_at = 97000;
    std::string edges = ":START_ID,:END_ID,:TYPE,w:int\n";
    for (int i = 0; i < rows; ++i) {
        edges += "n" + std::to_string(i % 100) + ",n" + std::to_string(i % 7) + ",T," +
                 (i == bad_at ? "x" : std::to_string(i)) + "\n";
    }
    ImportOptions options;
    options.node_files = {file("n.csv", node_rows(100, -1))};
    options.edge_files = {file("e.csv", edges), file("e2.csv", ":START_ID,:END_ID,:TYPE\n")};
    const ImportError e = import_error(options);
    EXPECT_EQ(e.row().file, (dir_.path() / "e.csv").string());
    EXPECT_EQ(e.row().line, std::size_t(bad_at) + 2);
    EXPECT_EQ(e.kind(), ErrorKind::Type);
    EXPECT_NE(e.row().message.find("'x'"), std::string::npos) << e.row().message;
    EXPECT_EQ(snapshot("after"), before);
    EXPECT_TRUE(check(db_).is_sound());
}

TEST_F(Import, ErrorInTheFirstRowOfALargeFileEndsTheImportAtOnce) {
    // Repeated, so that an import which kept reading (or a reader left waiting) would show.
    ImportOptions options;
    options.node_files = {file("n.csv", node_rows(200000, 0))};
    for (int attempt = 0; attempt < 20; ++attempt) {
        const ImportError e = import_error(options);
        EXPECT_EQ(e.row().line, 2u);
    }
    EXPECT_EQ(db_.begin_read().counts().nodes, 0u);
}

TEST_F(Import, SkipBadRowsOnBatchBoundariesKeepsTheirExactLines) {
    // Data rows 1023/1024 and so on straddle the parser's batches of 1024 records.
    const std::vector<int> bad = {0,    1,    1022, 1023, 1024, 1025, 2047,
                                  2048, 4095, 4096, 4097, 8191, 8192, 11999};
    std::string text = "key:ID,n:int\n";
    for (int i = 0; i < 12000; ++i) {
        const bool is_bad = std::find(bad.begin(), bad.end(), i) != bad.end();
        text += "k" + std::to_string(i) + "," + (is_bad ? "bad" : std::to_string(i)) + "\n";
    }
    ImportOptions options;
    options.node_files = {file("n.csv", text)};
    options.skip_bad_rows = true;
    const ImportReport report = import_files(db_, options);
    EXPECT_EQ(report.skipped, bad.size());
    EXPECT_EQ(report.nodes, 12000 - bad.size());
    ASSERT_EQ(report.bad_rows.size(), bad.size());
    for (std::size_t i = 0; i < bad.size(); ++i) {
        EXPECT_EQ(report.bad_rows[i].line, std::size_t(bad[i]) + 2) << i;
    }
    EXPECT_EQ(count("MATCH (n {key: 'k8193'}) RETURN n.n"), 8193);
}

TEST_F(Import, LateBadTextAndAnUnclosedQuoteAreReportedAtTheirLines) {
    std::string text = "key:ID,name\n";
    for (int i = 0; i < 9000; ++i)
        text += "k" + std::to_string(i) + "," + (i == 8500 ? "bad\xff" : "ok") + "\n";
    ImportOptions options;
    options.node_files = {file("n.csv", text)};
    ImportError e = import_error(options);
    EXPECT_EQ(e.row().line, 8502u);
    EXPECT_EQ(e.kind(), ErrorKind::Syntax);
    EXPECT_NE(e.row().message.find("field 2 (column 'name')"), std::string::npos)
        << e.row().message;

    text = "key:ID,name\n";
    for (int i = 0; i < 9000; ++i)
        text += "k" + std::to_string(i) + ",ok\n";
    options.node_files = {file("q.csv", text + "last,\"never closed\nmore\n")};
    e = import_error(options);
    EXPECT_EQ(e.row().line, 9002u);
    EXPECT_EQ(e.kind(), ErrorKind::Syntax);
    EXPECT_NE(e.row().message.find("not closed"), std::string::npos) << e.row().message;
    EXPECT_EQ(db_.begin_read().counts().nodes, 0u);
}

// JSON string literal of s.
std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else {
            out += c;
        }
    }
    return out + "\"";
}

// A random graph written as CSV (quoted fields with commas, quotes, CR LF and newlines, empty
// and absent values, self-loops, parallel edges) and as JSON Lines: two readers, one graph.
class CsvMatchesJsonLines : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(CsvMatchesJsonLines, SameGraph) {
    const std::uint32_t seed = GetParam();
    std::mt19937 rng(seed);
    TempDir dir;
    const char* pieces[] = {"a", "b c", ",", "\"", "\n", "\r\n", "é", "x,y", "\"\"", ";"};
    auto random_text = [&] {
        std::string t;
        for (std::uint32_t i = rng() % 6; i > 0; --i)
            t += pieces[rng() % std::size(pieces)];
        return t;
    };
    const int nodes = 1 + int(rng() % 4000), edges = int(rng() % 9000);
    std::string ncsv = "key:ID,:LABEL,name,n:int\n", njson;
    for (int i = 0; i < nodes; ++i) {
        const std::string key = "k" + std::to_string(i), label = rng() % 2 ? "A" : "B";
        const int kind = int(rng() % 3);  // 0: name absent, 1: empty, 2: text
        const std::string name = kind == 2 ? random_text() : "";
        const std::int64_t n = std::int64_t(rng() % 2001) - 1000;
        std::string quoted = "\"";
        for (char c : name)
            quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        ncsv += key + "," + label + "," + (kind == 0 ? "" : quoted + "\"") + "," +
                std::to_string(n) + (rng() % 2 ? "\r\n" : "\n");
        njson += "{\"key\":" + json_string(key) + ",\"labels\":[\"" + label +
                 "\"],\"properties\":{" + (kind == 0 ? "" : "\"name\":" + json_string(name) + ",") +
                 "\"n\":" + std::to_string(n) + "}}\n";
    }
    std::string ecsv = ":START_ID,:END_ID,:TYPE,w:int\n", ejson;
    for (int i = 0; i < edges; ++i) {
        // A small range of nodes for some edges: self-loops and parallel edges.
        const int range = rng() % 4 == 0 ? std::min(nodes, 3) : nodes;
        const std::string src = "k" + std::to_string(rng() % range);
        const std::string dst = "k" + std::to_string(rng() % range);
        const std::string type = rng() % 3 == 0 ? "S" : "R";
        const bool has_w = rng() % 2;
        const std::string w = std::to_string(rng() % 100);
        ecsv += src + "," + dst + "," + type + "," + (has_w ? w : "") + "\n";
        ejson += "{\"src\":\"" + src + "\",\"dst\":\"" + dst + "\",\"type\":\"" + type +
                 "\",\"properties\":{" + (has_w ? "\"w\":" + w : "") + "}}\n";
    }
    auto write = [&](const std::string& name, const std::string& text) {
        std::ofstream(dir.path() / name, std::ios::binary) << text;
        return dir.path() / name;
    };
    auto load = [&](const std::string& name, const fs::path& n, const fs::path& e) {
        Database db = Database::open(dir.sub(name));
        ImportOptions options;
        options.node_files = {n};
        options.edge_files = {e};
        const ImportReport report = import_files(db, options);
        EXPECT_EQ(report.nodes, std::uint64_t(nodes)) << "seed " << seed;
        EXPECT_EQ(report.edges, std::uint64_t(edges)) << "seed " << seed;
        const fs::path out = dir.path() / (name + "-export");
        export_graph(db, ExportFormat::Jsonl, out);
        return slurp(out / "nodes.jsonl") + slurp(out / "edges.jsonl");
    };
    const std::string from_csv = load("csv", write("n.csv", ncsv), write("e.csv", ecsv));
    const std::string from_json = load("json", write("n.jsonl", njson), write("e.jsonl", ejson));
    EXPECT_EQ(from_csv, from_json) << "seed " << seed;
    EXPECT_GT(from_csv.size(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Seeds, CsvMatchesJsonLines,
                         ::testing::Range<std::uint32_t>(0, caspian::test::seeds(12, 4)));

// Random CSV files with bad rows of every kind (a bad number, bad UTF-8, too few fields, an empty
// or duplicate id, an unknown end, blank lines, quoted newlines) across many batches: reading on
// a worker thread (threads 2) keeps the same rows, reports the same bad rows, and fails at the
// same row with the same message, leaving the database as it was, as reading on the caller's
// thread (threads 1).
class PipelinedMatchesSerial : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(PipelinedMatchesSerial, SameGraphAndSameErrors) {
    const std::uint32_t seed = GetParam();
    std::mt19937 rng(seed);
    TempDir dir;
    auto sometimes = [&](std::uint32_t one_in) { return rng() % one_in == 0; };
    const int nodes = 500 + int(rng() % 3000), edges = int(rng() % 8000);
    std::string ncsv = "key:ID,:LABEL,name,n:int,when:date\n";
    for (int i = 0; i < nodes; ++i) {
        std::string row = "k" + std::to_string(sometimes(300) ? rng() % (i + 1) : i) + "," +
                          (rng() % 2 ? "A" : "A;B") + ",";
        row += sometimes(5) ? "\"two\nlines, \"\"quoted\"\"\"" : sometimes(4) ? "" : "nm";
        row += "," + (sometimes(200) ? std::string("x") : std::to_string(rng() % 100));
        row += sometimes(3)
                   ? ","
                   : ",2024-0" + std::to_string(1 + rng() % 9) + "-1" + std::to_string(rng() % 10);
        if (sometimes(250)) row = row.substr(row.find(','));      // an empty :ID
        if (sometimes(250)) row = row.substr(0, row.rfind(','));  // too few fields
        if (sometimes(250)) row += "\xC3";                        // bad UTF-8
        if (sometimes(100)) row = "";                             // a blank line
        ncsv += row + "\n";
    }
    std::string ecsv = ":START_ID,:END_ID,:TYPE,w:float\n";
    for (int i = 0; i < edges; ++i) {
        const std::string src = "k" + std::to_string(rng() % nodes);
        const std::string dst = sometimes(300) ? "nowhere" : "k" + std::to_string(rng() % nodes);
        const std::string w = sometimes(300) ? "1.5.2" : sometimes(2) ? "" : "0.25";
        ecsv += src + "," + dst + "," + (rng() % 3 == 0 ? "S" : "R") + "," + w + "\n";
    }
    auto write = [&](const std::string& name, const std::string& text) {
        std::ofstream(dir.path() / name, std::ios::binary) << text;
        return dir.path() / name;
    };
    const fs::path n = write("n.csv", ncsv), e = write("e.csv", ecsv);
    // Each import into a database holding one node before: the export after, and the report.
    auto load = [&](unsigned threads, bool skip) {
        const std::string name = "t" + std::to_string(threads) + (skip ? "skip" : "");
        Database db = Database::open(dir.sub(name));
        Result r = db.query("CREATE (:Old {key: 'old'})");
        while (r.next()) {
        }
        ImportOptions options;
        options.node_files = {n};
        options.edge_files = {e};
        options.skip_bad_rows = skip;
        options.threads = threads;
        std::string outcome;
        try {
            const ImportReport report = import_files(db, options);
            outcome = std::to_string(report.nodes) + " nodes, " + std::to_string(report.edges) +
                      " edges, " + std::to_string(report.skipped) + " skipped\n";
            for (const BadRow& bad : report.bad_rows)
                outcome += std::to_string(bad.line) + ": " + bad.message + "\n";
        } catch (const ImportError& error) {
            outcome = error.row().file + ":" + std::to_string(error.row().line) + ": " +
                      error.row().message + "\n";
        }
        const fs::path out = dir.path() / (name + "-export");
        export_graph(db, ExportFormat::Jsonl, out);
        return outcome + slurp(out / "nodes.jsonl") + slurp(out / "edges.jsonl");
    };
    for (const bool skip : {true, false}) {
        const std::string serial = load(1, skip);
        EXPECT_EQ(load(2, skip), serial) << "seed " << seed << (skip ? ", skipping bad rows" : "");
        EXPECT_NE(serial.find(skip ? "skipped" : "n.csv:"), std::string::npos)
            << "seed " << seed << "\n"
            << serial.substr(0, 200);
    }
}

INSTANTIATE_TEST_SUITE_P(Seeds, PipelinedMatchesSerial,
                         ::testing::Range<std::uint32_t>(0, caspian::test::seeds(12, 3)));

}  // namespace
}  // namespace caspian
