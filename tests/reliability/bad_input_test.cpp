// The bad-input corpus (issue #9): every malformed query of bad_input/queries (and a few too big
// to keep in the repository, made here) through `caspian query` and `caspian run`, every
// malformed import file of bad_input/imports through `caspian import`, each against a copy of
// the example database. Each must exit 1 or 2 with a message that carries its position and the
// expected fragment, within a time limit, without a signal, leaving the database as it was.
#include "reliability/dump.hpp"
#include "support/run_binary.hpp"
#include "support/temp_dir.hpp"
#include "support/totals.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <regex>
#include <string>
#include <vector>

namespace caspian {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

const fs::path corpus = CASPIAN_BAD_INPUT_DIR;
constexpr std::size_t max_argument = 100'000;
constexpr int timeout_seconds = 120;  // generous for sanitizer builds; a hang is far longer

using testing::Outcome;
using testing::slurp;
using testing::write;

// Runs caspian with args (no shell: arguments pass as they are) under coreutils' timeout.
Outcome run(const std::vector<std::string>& args, const fs::path& scratch) {
    testing::RunOptions options;
    options.timeout_seconds = timeout_seconds;
    options.sanitizer_report_is_crash = true;
    return testing::run_binary(CASPIAN_BINARY, args, scratch, options);
}

struct Totals {
    int queries = 0, imports = 0, crashes = 0, hangs = 0, changed = 0, known = 0;
};
Totals& totals() {
    return testing::totals<Totals>();
}

void print(std::ostream& out, const Totals& t) {
    out << "bad input: " << t.queries << " queries, " << t.imports << " imports, " << t.crashes
        << " crashes, " << t.hangs << " hangs, " << t.changed << " changed the database";
    if (t.known > 0) out << " (" << t.known << " known findings, see cases.txt)";
    out << "\n";
}
const auto* const summary = testing::print_totals_after_tests<Totals>(print);

// The example database, built once; every case works on a copy of it.
class BadInput : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        base_ = new TempDir;
        const Outcome o =
            run({"run", (base_->path() / "db").string(),
                 (fs::path(CASPIAN_SOURCE_DIR) / "examples/azerbaijan-visit.cq").string()},
                base_->path());
        ASSERT_EQ(o.code, 0) << o.err;
        baseline_ = new std::string(testing::dump_tables(base_->path() / "db"));
        export_ = new std::string(export_text(base_->path() / "db", base_->path()));
    }
    static void TearDownTestSuite() {
        delete base_;
        delete baseline_;
        delete export_;
    }

    static std::string export_text(const fs::path& db, const fs::path& scratch) {
        const fs::path out = scratch / "export";
        fs::remove_all(out);
        const Outcome o =
            run({"export", db.string(), "--format", "jsonl", "--out", out.string()}, scratch);
        EXPECT_EQ(o.code, 0) << o.err;
        return slurp(out / "nodes.jsonl") + slurp(out / "edges.jsonl");
    }

    // A fresh copy of the example database.
    fs::path copy_db() {
        const fs::path db = dir_.sub("db" + std::to_string(copies_++));
        fs::create_directories(db);
        fs::copy_file(base_->path() / "db" / "data.mdb", db / "data.mdb");
        return db;
    }

    // Checks one run: exit 1 or 2 as expected, the position prefix and the fragment, no signal,
    // no hang; and that db is as before (an export and the raw tables).
    void expect_rejected(const std::string& what, const Outcome& o, int exit_code,
                         const std::regex& position, const std::string& fragment,
                         const fs::path& db) {
        if (o.code == 124) ++totals().hangs;
        if (o.signal != 0) ++totals().crashes;
        EXPECT_NE(o.code, 124) << what << ": no answer within " << timeout_seconds << " s";
        EXPECT_EQ(o.signal, 0) << what << ": ended by signal " << o.signal << "\n" << o.err;
        EXPECT_EQ(o.code, exit_code) << what << "\n" << o.err.substr(0, 2000);
        EXPECT_TRUE(std::regex_search(o.err, position)) << what << ": no position in\n"
                                                        << o.err.substr(0, 2000);
        EXPECT_NE(o.err.find(fragment), std::string::npos)
            << what << ": '" << fragment << "' not in\n"
            << o.err.substr(0, 2000);
        const bool same =
            testing::dump_tables(db) == *baseline_ && export_text(db, dir_.path()) == *export_;
        if (!same) ++totals().changed;
        EXPECT_TRUE(same) << what << ": the database changed";
    }

    // One malformed query: through `caspian query` (unless it holds a NUL byte or is longer
    // than one argument may be, 128 KiB on Linux) and `caspian run FILE`, each on its own copy
    // of the database.
    void check_query(const std::string& name, const std::string& text, int exit_code,
                     const std::string& fragment) {
        ++totals().queries;
        if (text.find('\0') == std::string::npos && text.size() < max_argument) {
            const fs::path db = copy_db();
            // An error the engine gives no span (a broken constraint) is one line without a
            // position under `caspian query` (docs/errors.md); `caspian run` below names the
            // statement's line and column.
            const Outcome o = run({"query", db.string(), text}, dir_.path());
            expect_rejected(name + " (query)", o, exit_code, std::regex(R"(query(:\d+:\d+)?: )"),
                            fragment, db);
        }
        const fs::path file = dir_.sub(name + ".cq");
        write(file, text);
        const fs::path db = copy_db();
        const Outcome o = run({"run", db.string(), file.string()}, dir_.path());
        expect_rejected(
            name + " (run)", o, exit_code,
            std::regex(std::regex_replace(name, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
                       R"(\.cq:\d+:\d+: )"),
            fragment, db);
    }

    void check_import(const fs::path& file, const std::string& kind, int exit_code,
                      const std::string& fragment) {
        ++totals().imports;
        const fs::path db = copy_db();
        const Outcome o = run({"import", db.string(), "--" + kind, file.string()}, dir_.path());
        const std::string name = file.filename().string();
        expect_rejected(
            name, o, exit_code,
            std::regex(std::regex_replace(name, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)") +
                       R"(:\d+: )"),
            fragment, db);
    }

    TempDir dir_;
    int copies_ = 0;
    static inline TempDir* base_ = nullptr;
    static inline std::string* baseline_ = nullptr;
    static inline std::string* export_ = nullptr;
};

// Each file: a first line `// exit N: fragment`, then the query.
TEST_F(BadInput, QueryCorpus) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(corpus / "queries"))
        files.push_back(e.path());
    std::sort(files.begin(), files.end());
    ASSERT_GE(files.size(), 30u);
    const std::regex header(R"(^// exit ([12]): (.+)\n)");
    for (const fs::path& f : files) {
        const std::string content = slurp(f);
        std::smatch m;
        ASSERT_TRUE(std::regex_search(content, m, header)) << f << ": no '// exit N: ...' line";
        check_query(f.stem().string(), content.substr(m.length(0)), std::stoi(m[1]), m[2]);
    }
}

TEST_F(BadInput, DeepNestingIsASyntaxErrorNotAStackOverflow) {
    const std::string deep = "expression nests too deeply";
    const int n = 10000;
    check_query("deep_parens", "RETURN " + std::string(n, '(') + "1" + std::string(n, ')'), 1,
                deep);
    check_query("deep_list", "RETURN " + std::string(n, '[') + "1" + std::string(n, ']'), 1, deep);
    std::string map = "RETURN ";
    for (int i = 0; i < n; ++i)
        map += "{a: ";
    check_query("deep_map", map + "1" + std::string(n, '}'), 1, deep);
    check_query("deep_negation", "RETURN " + std::string(n, '-') + "1", 1, deep);
    std::string nots = "RETURN ";
    for (int i = 0; i < n; ++i)
        nots += "NOT ";
    check_query("deep_not", nots + "true", 1, deep);
}

TEST_F(BadInput, HugeLiteralsAndNames) {
    const std::string mb(1 << 20, 'x');
    check_query("huge_unterminated_string", "RETURN '" + mb, 1, "unterminated string literal");
    check_query("huge_string_then_error", "CREATE (:Huge {s: '" + mb + "'}) RETURN 1 / 0", 1,
                "division by zero");
    check_query("huge_label", "CREATE (:" + mb + ")", 1, "label name is longer than");
    check_query("huge_key", "CREATE (:K {key: '" + mb + "'})", 1, "must hold 1 to 511 bytes");
    check_query("huge_property_name", "CREATE (:K {" + mb + ": 1})", 1,
                "property name is longer than");
    check_query("huge_integer", "RETURN 1" + std::string(1000, '0'), 1, "too large");
}

// cases.txt: one line per file, `FILE KIND EXIT FRAGMENT`; `known:` before FRAGMENT marks a
// finding not fixed yet (counted and printed, not failed).
TEST_F(BadInput, ImportCorpus) {
    std::ifstream in(corpus / "imports" / "cases.txt");
    std::string line;
    int cases = 0;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        std::string file, kind;
        int exit_code = 0;
        fields >> file >> kind >> exit_code >> std::ws;
        std::string fragment;
        std::getline(fields, fragment);
        ASSERT_TRUE(kind == "nodes" || kind == "edges") << line;
        ASSERT_TRUE(fs::exists(corpus / "imports" / file)) << line;
        ++cases;
        if (fragment.rfind("known: ", 0) == 0) {
            ++totals().known;
            std::cout << "known finding, not checked: " << file << ": " << fragment.substr(7)
                      << "\n";
            continue;
        }
        check_import(corpus / "imports" / file, kind, exit_code, fragment);
    }
    EXPECT_GE(cases, 20);
}

TEST_F(BadInput, GeneratedImports) {
    std::string deep = "{\"key\": \"d\", \"properties\": {\"p\": ";
    deep += std::string(10000, '[') + std::string(10000, ']') + "}}\n";
    write(dir_.sub("deep.jsonl"), deep);
    check_import(dir_.sub("deep.jsonl"), "nodes", 1, "nest at most");
    write(dir_.sub("huge_field.csv"),
          "key:ID,:LABEL,name\nn1,Thing,\"" + std::string(1 << 20, 'x') + "\n");
    check_import(dir_.sub("huge_field.csv"), "nodes", 1, "quoted field is not closed");
}

// --max-rows reaches the engine: a cartesian product sorted under a small limit stops.
TEST_F(BadInput, MaxRowsOptionStopsALargeSort) {
    const fs::path db = copy_db();
    const Outcome o = run(
        {"query", db.string(), "MATCH (a), (b) RETURN a.key ORDER BY b.key", "--max-rows", "100"},
        dir_.path());
    EXPECT_EQ(o.code, 1) << o.err;
    EXPECT_NE(o.err.find("exceeded the limit of 100 rows held in memory"), std::string::npos)
        << o.err;
    EXPECT_EQ(testing::dump_tables(db), *baseline_);
    const Outcome ok = run(
        {"query", db.string(), "MATCH (a), (b) RETURN count(*)", "--max-rows", "100"}, dir_.path());
    EXPECT_EQ(ok.code, 0) << ok.err;
}

}  // namespace
}  // namespace caspian
