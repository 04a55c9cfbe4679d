// Every query example in the docs runs (issue #7): extracts each ```cypher and ```cypher-error
// block of README.md, examples/README.md and docs/*.md, runs it on a copy of the example graph
// (examples/azerbaijan-visit.cq) and checks the answers the block shows. Other fences (```sh,
// ```cpp, ```text, ...) are not run. This test never edits the docs.
//
// The format of a block (also summarised at the top of docs/query-language.md):
// - A block holds one statement, or several each ended by `;`. They run one after another in a
//   caspian::Session on a fresh copy of the example graph, so writes are seen by the later
//   statements of the same block only, and BEGIN/COMMIT/ROLLBACK work as in the shell.
// - The `// ` lines right after a statement's last line (up to a blank or other line) are its
//   expected answer; a statement without them must just succeed. `//` lines before a statement
//   or after a blank line are ordinary comments.
// - Expected answer: optionally `// columns: a | b` first (the column names, in order), then one
//   line per row, in order, cells separated by ` | ` (a `|` inside quotes or brackets does not
//   separate). A cell matches when it is the value's to_literal() text (`'AZ'`, `[1, 2]`,
//   `date('2022-05-18')`, `(:Country {key: 'AZ', name: 'Azerbaijan'})`), or an expression that
//   evaluates to the same value (same kind: 1 is not 1.0; floats within 1e-9 relative). A
//   statement that returns no rows shows `// (no rows)`.
// - In a ```cypher-error block, a statement whose expected line is `// <kind> error: <message>`
//   must fail with exactly that kind and message (`// type error: division by zero`); the
//   other statements must succeed as above. Such a block must expect at least one error.
// Besides, every procedure of `CALL db.procedures()` must be called in some checked block.
#include "support/temp_dir.hpp"

#include <caspian/database.hpp>
#include <caspian/diagnostics.hpp>
#include <caspian/session.hpp>
#include <caspian/tools.hpp>

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;
using caspian::Value;
using caspian::testing::TempDir;

// The tree whose docs are checked: the source dir, or $CASPIAN_DOCS_ROOT (a copy with README.md,
// docs/ and examples/, to try a change to the docs without touching the sources).
const fs::path source_dir = [] {
    const char* root = std::getenv("CASPIAN_DOCS_ROOT");
    return fs::path(root != nullptr && *root != '\0' ? root : CASPIAN_SOURCE_DIR);
}();

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return "";
    return std::string(s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1));
}

bool is_comment_line(const std::string& line) {
    return trim(line).rfind("//", 0) == 0;
}

struct Block {
    std::string file;      // relative to the source dir, e.g. docs/query-language.md
    std::size_t line = 0;  // 1-based line of the block's first line of text
    std::string text;      // the lines between the fences
    bool expects_error = false;
};

// README.md, examples/README.md and docs/*.md, found at test time so that a new page is picked
// up.
std::vector<fs::path> doc_files() {
    std::vector<fs::path> files{source_dir / "README.md", source_dir / "examples" / "README.md"};
    std::vector<fs::path> docs;
    for (const auto& entry : fs::directory_iterator(source_dir / "docs")) {
        if (entry.is_regular_file() && entry.path().extension() == ".md") {
            docs.push_back(entry.path());
        }
    }
    std::sort(docs.begin(), docs.end());
    files.insert(files.end(), docs.begin(), docs.end());
    return files;
}

// Shown by GoogleTest when a case fails, instead of the bytes of the object.
void PrintTo(const Block& block, std::ostream* out) {
    *out << block.file << ":" << block.line;
}

std::vector<Block> extract_blocks(const fs::path& path) {
    std::istringstream in(read_text(path));
    const std::string name = fs::relative(path, source_dir).generic_string();
    std::vector<Block> blocks;
    std::optional<Block> open;  // inside a cypher block
    bool in_other_fence = false;
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        const std::string t = trim(line);
        // A fence is three backticks and an info string without backticks (so a line that
        // starts with inline code such as ```` ```cypher ```` is text).
        const bool is_fence = t.rfind("```", 0) == 0 && t.find('`', 3) == std::string::npos;
        if (open) {
            if (is_fence) {
                blocks.push_back(*open);
                open.reset();
            } else {
                open->text += line + "\n";
            }
        } else if (in_other_fence) {
            if (is_fence) in_other_fence = false;
        } else if (is_fence) {
            const std::string info = trim(t.substr(3));
            if (info == "cypher" || info == "cypher-error") {
                open = Block{name, number + 1, "", info == "cypher-error"};
            } else {
                in_other_fence = true;
            }
        }
    }
    if (open)
        throw std::runtime_error(name + ":" + std::to_string(open->line) + ": unclosed block");
    return blocks;
}

std::vector<Block> all_blocks() {
    std::vector<Block> out;
    for (const fs::path& file : doc_files()) {
        for (Block& b : extract_blocks(file))
            out.push_back(std::move(b));
    }
    return out;
}

struct Statement {
    std::string text;
    std::size_t line = 0;               // line in the doc where the statement's text begins
    std::vector<std::string> expected;  // the `// ` lines after it, without the slashes
};

// Splits a block into statements (caspian::split_statements, as `caspian run` does) and finds
// each one's expected lines: the comment lines right after the last line of its code.
std::vector<Statement> statements_of(const Block& block) {
    const caspian::SplitScript split = caspian::split_statements(block.text);
    if (split.open_token) throw std::runtime_error("the block ends inside a string or comment");
    std::vector<caspian::StatementSpan> spans = split.statements;
    if (split.rest) spans.push_back(*split.rest);

    std::vector<std::string> lines;
    std::vector<std::size_t> line_start;  // byte offset of each line in block.text
    {
        std::size_t pos = 0;
        while (pos < block.text.size()) {
            const std::size_t end = block.text.find('\n', pos);
            line_start.push_back(pos);
            lines.push_back(block.text.substr(pos, end - pos));
            pos = end + 1;
        }
    }
    const auto line_of = [&](std::size_t offset) {
        return static_cast<std::size_t>(
                   std::upper_bound(line_start.begin(), line_start.end(), offset) -
                   line_start.begin()) -
               1;
    };

    std::vector<Statement> out;
    for (const caspian::StatementSpan& span : spans) {
        Statement s;
        s.text = block.text.substr(span.offset, span.length);
        std::size_t first = line_of(span.offset);
        std::size_t last = line_of(span.offset + span.length - 1);
        // Comment lines at either end of the span are commentary, not code.
        while (first < last && (trim(lines[first]).empty() || is_comment_line(lines[first])))
            ++first;
        while (last > first && (trim(lines[last]).empty() || is_comment_line(lines[last])))
            --last;
        s.line = block.line + first;
        for (std::size_t i = last + 1; i < lines.size() && is_comment_line(lines[i]); ++i) {
            std::string body = trim(lines[i]).substr(2);
            if (!body.empty() && body[0] == ' ') body.erase(0, 1);
            s.expected.push_back(trim(body));
        }
        out.push_back(std::move(s));
    }
    return out;
}

// Cells of an expected row: split on '|' outside quotes, backticks and brackets.
std::vector<std::string> split_cells(const std::string& row) {
    std::vector<std::string> cells;
    std::string cell;
    int depth = 0;
    char quote = 0;
    for (std::size_t i = 0; i < row.size(); ++i) {
        const char c = row[i];
        if (quote != 0) {
            cell += c;
            if (c == '\\' && i + 1 < row.size()) {
                cell += row[++i];
            } else if (c == quote) {
                quote = 0;
            }
            continue;
        }
        if (c == '\'' || c == '"' || c == '`') quote = c;
        if (c == '(' || c == '[' || c == '{') ++depth;
        if (c == ')' || c == ']' || c == '}') --depth;
        if (c == '|' && depth == 0) {
            cells.push_back(trim(cell));
            cell.clear();
        } else {
            cell += c;
        }
    }
    cells.push_back(trim(cell));
    return cells;
}

bool same(const Value& a, const Value& b) {
    using caspian::ValueKind;
    if (a.kind() == ValueKind::Float && b.kind() == ValueKind::Float) {
        const double x = a.as_float();
        const double y = b.as_float();
        return x == y || std::fabs(x - y) <= 1e-9 * std::max(std::fabs(x), std::fabs(y));
    }
    if (a.kind() == ValueKind::List && b.kind() == ValueKind::List) {
        const caspian::List& x = a.as_list();
        const caspian::List& y = b.as_list();
        if (x.size() != y.size()) return false;
        for (std::size_t i = 0; i < x.size(); ++i) {
            if (!same(x[i], y[i])) return false;
        }
        return true;
    }
    return a == b;
}

std::string render_row(const std::vector<Value>& row) {
    std::string out;
    for (std::size_t i = 0; i < row.size(); ++i) {
        if (i > 0) out += " | ";
        out += caspian::to_literal(row[i]);
    }
    return out;
}

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += " | ";
        out += items[i];
    }
    return out;
}

// A cell's value when it is an expression the engine evaluates (in a session of its own, so an
// open transaction of the block is not disturbed).
std::optional<Value> evaluate(caspian::Database& db, const std::string& cell) {
    try {
        caspian::Session session(db);
        caspian::Result r = session.execute("RETURN " + cell);
        auto rows = r.all();
        if (rows.size() == 1 && rows[0].size() == 1) return rows[0][0];
    } catch (const caspian::Error&) {
    }
    return std::nullopt;
}

bool cell_matches(caspian::Database& db, const std::string& cell, const Value& actual) {
    if (caspian::to_literal(actual) == cell) return true;
    const std::optional<Value> v = evaluate(db, cell);
    return v.has_value() && same(*v, actual);
}

void check_rows(caspian::Database& db, const Statement& s, const std::vector<std::string>& columns,
                const std::vector<std::vector<Value>>& rows) {
    std::vector<std::string> expected = s.expected;
    if (!expected.empty() && expected.front().rfind("columns:", 0) == 0) {
        const std::vector<std::string> names = split_cells(trim(expected.front().substr(8)));
        EXPECT_EQ(join(columns), join(names)) << "columns";
        expected.erase(expected.begin());
    }
    if (expected.size() == 1 && expected.front() == "(no rows)") expected.clear();
    bool equal = rows.size() == expected.size();
    for (std::size_t i = 0; equal && i < rows.size(); ++i) {
        const std::vector<std::string> cells = split_cells(expected[i]);
        equal = cells.size() == rows[i].size();
        for (std::size_t j = 0; equal && j < cells.size(); ++j) {
            equal = cell_matches(db, cells[j], rows[i][j]);
        }
    }
    if (!equal) {
        std::string got;
        for (const auto& row : rows)
            got += "\n  // " + render_row(row);
        if (rows.empty()) got = "\n  // (no rows)";
        std::string want;
        for (const auto& line : expected)
            want += "\n  // " + line;
        if (expected.empty()) want = "\n  // (no rows)";
        ADD_FAILURE() << "wrong answer\ngot:" << got << "\nexpected:" << want;
    }
}

// `<kind> error: <message>` with a kind of caspian::ErrorKind.
bool is_error_line(const std::string& line) {
    for (const char* kind :
         {"syntax", "semantic", "type", "constraint", "storage", "corrupt", "usage", "internal"}) {
        if (line.rfind(std::string(kind) + " error: ", 0) == 0) return true;
    }
    return false;
}

// Runs the statements of a block in one session on db; every mismatch is a non-fatal failure.
void run_block(caspian::Database& db, const Block& block) {
    caspian::Session session(db);
    bool expects_some_error = false;
    for (const Statement& s : statements_of(block)) {
        SCOPED_TRACE(block.file + ":" + std::to_string(s.line) + ": " + trim(s.text));
        const bool must_fail =
            block.expects_error && !s.expected.empty() && is_error_line(s.expected.front());
        expects_some_error = expects_some_error || must_fail;
        try {
            caspian::Result r = session.execute(s.text);
            std::vector<std::string> columns = r.columns();
            const auto rows = r.all();
            if (must_fail) {
                ADD_FAILURE() << "expected an error (" << s.expected.front()
                              << ") but the statement succeeded";
            } else if (!s.expected.empty()) {
                check_rows(db, s, columns, rows);
            }
        } catch (const caspian::Error& e) {
            if (!must_fail) {
                ADD_FAILURE() << caspian::render_error(e, s.text, "statement");
                return;  // later statements may depend on this one
            }
            const std::string got =
                std::string(caspian::to_string(e.kind())) + " error: " + e.what();
            EXPECT_EQ(got, s.expected.front());
        }
    }
    if (block.expects_error) {
        EXPECT_TRUE(expects_some_error) << "a cypher-error block with no `// <kind> error: ` line";
    }
}

caspian::OpenOptions throwaway() {
    caspian::OpenOptions options;
    options.sync = caspian::SyncMode::None;  // temporary databases: no fsync needed
    return options;
}

// The example graph, loaded once per process; each case runs on a compacted copy of it.
class DocExample : public ::testing::TestWithParam<Block> {
protected:
    static void SetUpTestSuite() {
        loaded_dir_ = new TempDir();
        caspian::Database db = caspian::Database::open(loaded_dir_->sub("db"), throwaway());
        const fs::path graph = source_dir / "examples" / "azerbaijan-visit.cq";
        const std::string script = read_text(graph);
        for (const caspian::StatementSpan& span : caspian::split_statements(script).statements) {
            db.query(script.substr(span.offset, span.length)).all();
        }
    }
    static void TearDownTestSuite() {
        delete loaded_dir_;
        loaded_dir_ = nullptr;
    }

    void SetUp() override {
        caspian::Database loaded = caspian::Database::open(loaded_dir_->sub("db"), throwaway());
        caspian::backup(loaded, dir_.sub("copy"));
        db_ = std::make_unique<caspian::Database>(
            caspian::Database::open(dir_.sub("copy"), throwaway()));
    }

    TempDir dir_;
    std::unique_ptr<caspian::Database> db_;
    static inline TempDir* loaded_dir_ = nullptr;
};

TEST_P(DocExample, RunsAndGivesTheAnswerShown) {
    run_block(*db_, GetParam());
}

std::string test_name(const ::testing::TestParamInfo<Block>& info) {
    std::string name = info.param.file + "_" + std::to_string(info.param.line);
    for (char& c : name) {
        if (std::isalnum(static_cast<unsigned char>(c)) == 0) c = '_';
    }
    return name;
}

INSTANTIATE_TEST_SUITE_P(Docs, DocExample, ::testing::ValuesIn(all_blocks()), test_name);

// The extractor itself: a block's statements, expected lines and commentary.
TEST(DocBlocks, SplitsStatementsAndTheirExpectedLines) {
    const Block block{"x.md", 10,
                      "// a comment before\n"
                      "MATCH (n) RETURN 1;\n"
                      "// 1\n"
                      "\n"
                      "// a question, not an answer\n"
                      "RETURN 'a|b', [1, 2]\n"
                      "// columns: x | y\n"
                      "// 'a|b' | [1, 2]\n",
                      false};
    const std::vector<Statement> s = statements_of(block);
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0].line, 11u);
    EXPECT_EQ(s[0].expected, std::vector<std::string>{"1"});
    EXPECT_EQ(s[1].line, 15u);
    EXPECT_EQ(s[1].expected, (std::vector<std::string>{"columns: x | y", "'a|b' | [1, 2]"}));
    EXPECT_EQ(split_cells(s[1].expected[1]), (std::vector<std::string>{"'a|b'", "[1, 2]"}));
}

TEST(DocBlocks, FindsTheQueryLanguageExamples) {
    std::size_t in_reference = 0;
    for (const Block& b : all_blocks()) {
        if (b.file == "docs/query-language.md") ++in_reference;
    }
    EXPECT_GE(in_reference, 20u);
}

std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Every procedure the engine registers is called in some checked example (names ignore case).
TEST(DocBlocks, ShowEveryProcedureInAnExample) {
    std::string examples;
    for (const Block& b : all_blocks())
        examples += lower(b.text);
    TempDir dir;
    caspian::Database db = caspian::Database::open(dir.sub("db"), throwaway());
    std::size_t procedures = 0;
    for (const auto& row : db.query("CALL db.procedures() YIELD name RETURN name").all()) {
        const std::string name = lower(row.at(0).as_string());
        ++procedures;
        EXPECT_NE(examples.find(name + "("), std::string::npos)
            << "no ```cypher example calls " << name;
    }
    EXPECT_GT(procedures, 0u);
}

// The checker fails on a wrong answer, a wrong error, a missing error and a failing statement:
// the docs test can fail. EXPECT_NONFATAL_FAILURE needs the database in a static.
caspian::Database* checker_db = nullptr;

TEST(DocChecker, FailsWhenTheAnswerOrTheErrorDiffers) {
    TempDir dir;
    caspian::Database db = caspian::Database::open(dir.sub("db"), throwaway());
    db.query("CREATE (:Country {key: 'AZ', name: 'Azerbaijan'})").all();
    checker_db = &db;
    const auto block = [](const char* text, bool error) { return Block{"t.md", 1, text, error}; };

    run_block(*checker_db, block("MATCH (c:Country) RETURN c.key, 1.0\n// 'AZ' | 1.0\n", false));
    EXPECT_NONFATAL_FAILURE(
        run_block(*checker_db, block("MATCH (c:Country) RETURN c.key\n// 'BY'\n", false)),
        "wrong answer");
    EXPECT_NONFATAL_FAILURE(  // 1 is an integer, the answer a float
        run_block(*checker_db, block("RETURN 1.0\n// 1\n", false)), "wrong answer");
    EXPECT_NONFATAL_FAILURE(
        run_block(*checker_db, block("MATCH (c:Country) RETURN c.key\n// (no rows)\n", false)),
        "wrong answer");
    EXPECT_NONFATAL_FAILURE(run_block(*checker_db, block("RETURN 1 / 0\n", false)),
                            "division by zero");
    EXPECT_NONFATAL_FAILURE(
        run_block(*checker_db, block("RETURN 1 / 1\n// type error: division by zero\n", true)),
        "expected an error");
    EXPECT_NONFATAL_FAILURE(
        run_block(*checker_db, block("RETURN 1 / 0\n// type error: integer overflow\n", true)),
        "division by zero");
    EXPECT_NONFATAL_FAILURE(run_block(*checker_db, block("RETURN 1\n", true)),
                            "cypher-error block");
    run_block(*checker_db, block("RETURN 1 / 0\n// type error: division by zero\n", true));
    checker_db = nullptr;
}

}  // namespace
