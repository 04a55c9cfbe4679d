// The scenario runner: one GoogleTest per case of tests/query/cases/<area>/*.test, each case on a
// fresh database, through Database::query only. Links only `caspian`.
//
// A .test file holds cases; the format, line by line:
//
//   # a comment (any line starting with '#' but not '###'); blank lines are ignored
//   ### name of the case          starts a case (test name: <area>_<file>_<name>, non-alnum -> _)
//   CREATE (:Country {key: 'AZ'})  before the case's first query: setup, must succeed
//   > MATCH (n) RETURN n.key       a statement whose rows are compared in any order
//   >> MATCH ... ORDER BY ...      a statement whose rows are compared in order
//   tx> CREATE (:N)                a statement run in an explicit write transaction
//                                  (Database::begin_write), committed when it succeeds
//   columns: a | b                 optional: the result's column names
//   'AZ' | 1                       an expected row: caspian::to_literal of each value, " | "
//   (no rows)                      optional, for readability: the result is empty
//   counts: nodes_created=1 edges_created=0 properties_set=1 labels_added=1 ...
//                                  optional: these update counts (others unchecked)
//   ! semantic 1:17 variable 'b' is not defined
//                                  the statement fails: the error kind, then optionally the
//                                  line:column (1-based, columns in characters) of its span,
//                                  then a substring of its message (may be empty)
//
// Statements are one line each. A statement with neither rows nor `!` must succeed with no rows.
#include <caspian/database.hpp>

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

namespace caspian {
namespace {

using caspian::testing::TempDir;

struct Step {
    std::string text;
    int line = 0;  // in the .test file
    bool ordered = false;
    bool explicit_txn = false;  // tx>
    std::optional<std::vector<std::string>> columns;
    std::vector<std::string> rows;
    std::map<std::string, std::int64_t> counts;
    bool expect_error = false;
    std::string error_kind;
    std::optional<std::pair<std::size_t, std::size_t>> error_at;  // line, column
    std::string error_message;
};

struct Case {
    std::string name;  // the test name
    std::string file;
    int line = 0;
    std::vector<std::pair<std::string, int>> setup;
    std::vector<Step> steps;
    std::string format_error;  // a malformed file fails its case instead of being skipped
};

std::string trim(std::string s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string::npos) return {};
    const auto last = s.find_last_not_of(" \t\r");
    return s.substr(first, last - first + 1);
}

bool starts_with(const std::string& s, std::string_view prefix) {
    return s.compare(0, prefix.size(), prefix) == 0;
}

std::vector<std::string> split_columns(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t bar = s.find(" | ", start);
        out.push_back(trim(s.substr(start, bar - start)));
        if (bar == std::string::npos) return out;
        start = bar + 3;
    }
}

std::string test_name(const std::string& raw) {
    std::string out;
    for (char c : raw) {
        const bool alnum =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (alnum) {
            out += c;
        } else if (!out.empty() && out.back() != '_') {
            out += '_';
        }
    }
    while (!out.empty() && out.back() == '_')
        out.pop_back();
    return out;
}

void parse_expectation(Case& c, Step& step, const std::string& line) {
    if (starts_with(line, "columns:")) {
        step.columns = split_columns(trim(line.substr(8)));
    } else if (starts_with(line, "counts:")) {
        std::string rest = trim(line.substr(7));
        std::size_t pos = 0;
        while (pos < rest.size()) {
            std::size_t end = rest.find(' ', pos);
            if (end == std::string::npos) end = rest.size();
            const std::string item = rest.substr(pos, end - pos);
            const std::size_t eq = item.find('=');
            if (eq == std::string::npos) {
                c.format_error = "bad counts item '" + item + "'";
                return;
            }
            step.counts[item.substr(0, eq)] = std::stoll(item.substr(eq + 1));
            pos = rest.find_first_not_of(' ', end);
            if (pos == std::string::npos) break;
        }
    } else if (starts_with(line, "!")) {
        step.expect_error = true;
        std::string rest = trim(line.substr(1));
        std::size_t space = rest.find(' ');
        step.error_kind = rest.substr(0, space);
        rest = space == std::string::npos ? "" : trim(rest.substr(space));
        space = rest.find(' ');
        const std::string at = rest.substr(0, space);
        const std::size_t colon = at.find(':');
        if (colon != std::string::npos && colon > 0 &&
            at.find_first_not_of("0123456789:") == std::string::npos) {
            step.error_at = {std::stoul(at.substr(0, colon)), std::stoul(at.substr(colon + 1))};
            rest = space == std::string::npos ? "" : trim(rest.substr(space));
        }
        step.error_message = rest;
    } else if (line == "(no rows)") {
        // Documentation only: an empty expectation already means no rows.
    } else {
        step.rows.push_back(line);
    }
}

std::vector<Case> parse_file(const std::filesystem::path& path, const std::string& prefix) {
    std::vector<Case> cases;
    std::ifstream in(path);
    std::string raw;
    int number = 0;
    while (std::getline(in, raw)) {
        ++number;
        const std::string line = trim(raw);
        if (line.empty()) continue;
        if (starts_with(line, "###")) {
            Case c;
            c.file = path.string();
            c.line = number;
            c.name = test_name(prefix + "_" + trim(line.substr(3)));
            cases.push_back(std::move(c));
            continue;
        }
        if (line[0] == '#') continue;
        if (cases.empty()) {
            Case c;
            c.file = path.string();
            c.line = number;
            c.name = test_name(prefix + "_before_first_case");
            c.format_error = "line " + std::to_string(number) + " comes before the first ###";
            cases.push_back(std::move(c));
            continue;
        }
        Case& c = cases.back();
        if (starts_with(line, ">") || starts_with(line, "tx>")) {
            Step step;
            step.explicit_txn = starts_with(line, "tx>");
            step.ordered = starts_with(line, ">>");
            step.text = trim(line.substr(step.explicit_txn ? 3 : step.ordered ? 2 : 1));
            step.line = number;
            c.steps.push_back(std::move(step));
        } else if (c.steps.empty()) {
            c.setup.emplace_back(line, number);
        } else {
            parse_expectation(c, c.steps.back(), line);
        }
    }
    return cases;
}

std::vector<Case> load_cases() {
    std::vector<Case> cases;
    const std::filesystem::path root = CASPIAN_CASES_DIR;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        if (entry.is_regular_file() && entry.path().extension() == ".test") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        const std::string area = file.parent_path().filename().string();
        for (Case& c : parse_file(file, area + "_" + file.stem().string())) {
            cases.push_back(std::move(c));
        }
    }
    return cases;
}

// 1-based line and column (in UTF-8 characters) of a byte offset into text.
std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset) {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return {line, column};
}

std::int64_t count_of(const UpdateCounts& u, const std::string& name) {
    if (name == "nodes_created") return u.nodes_created;
    if (name == "nodes_deleted") return u.nodes_deleted;
    if (name == "edges_created") return u.edges_created;
    if (name == "edges_deleted") return u.edges_deleted;
    if (name == "properties_set") return u.properties_set;
    if (name == "labels_added") return u.labels_added;
    if (name == "labels_removed") return u.labels_removed;
    ADD_FAILURE() << "unknown count '" << name << "'";
    return -1;
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines)
        out += "  " + l + "\n";
    return out.empty() ? "  (no rows)\n" : out;
}

// GoogleTest prints a failing case's parameter with this instead of its bytes.
void PrintTo(const Case& c, std::ostream* os) {
    *os << c.file << ":" << c.line;
}

class Scenario : public ::testing::TestWithParam<Case> {};

void run_step(Database& db, const Step& step) {
    SCOPED_TRACE(step.text);
    std::vector<std::string> got;
    std::vector<std::string> columns;
    UpdateCounts counts;
    const auto collect = [&](Result r) {
        columns = r.columns();
        while (r.next()) {
            std::string s;
            for (std::size_t i = 0; i < r.row().size(); ++i) {
                s += (i ? " | " : "") + to_literal(r.row()[i]);
            }
            got.push_back(std::move(s));
        }
        counts = r.update_counts();
    };
    try {
        if (step.explicit_txn) {
            WriteTransaction txn = db.begin_write();
            collect(txn.query(step.text));
            txn.commit();
        } else {
            collect(db.query(step.text));
        }
    } catch (const Error& e) {
        if (!step.expect_error) {
            ADD_FAILURE() << "unexpected " << to_string(e.kind()) << " error: " << e.what();
            return;
        }
        EXPECT_EQ(to_string(e.kind()), step.error_kind) << e.what();
        EXPECT_NE(std::string(e.what()).find(step.error_message), std::string::npos)
            << "message: " << e.what();
        if (step.error_at) {
            if (!e.where()) {
                ADD_FAILURE() << "the error has no position: " << e.what();
            } else {
                EXPECT_EQ(line_column(step.text, e.where()->offset), *step.error_at)
                    << "message: " << e.what();
            }
        }
        return;
    }
    if (step.expect_error) {
        ADD_FAILURE() << "expected a " << step.error_kind << " error, got rows:\n" << joined(got);
        return;
    }
    if (step.columns) {
        EXPECT_EQ(columns, *step.columns);
    }
    std::vector<std::string> want = step.rows;
    if (!step.ordered) {
        std::sort(want.begin(), want.end());
        std::sort(got.begin(), got.end());
    }
    EXPECT_EQ(got, want) << "expected:\n" << joined(want) << "got:\n" << joined(got);
    for (const auto& [name, value] : step.counts) {
        EXPECT_EQ(count_of(counts, name), value) << name;
    }
}

TEST_P(Scenario, Passes) {
    const Case& c = GetParam();
    SCOPED_TRACE(c.file + ":" + std::to_string(c.line));
    ASSERT_TRUE(c.format_error.empty()) << c.format_error;
    ASSERT_FALSE(c.steps.empty()) << "the case has no '>' statement";
    TempDir dir;
    Database db = Database::open(dir.sub("db"));
    for (const auto& [text, line] : c.setup) {
        try {
            db.query(text).all();
        } catch (const Error& e) {
            FAIL() << c.file << ":" << line << ": setup failed: " << e.what();
        }
    }
    for (const Step& step : c.steps) {
        SCOPED_TRACE(c.file + ":" + std::to_string(step.line));
        run_step(db, step);
    }
}

INSTANTIATE_TEST_SUITE_P(Cases, Scenario, ::testing::ValuesIn(load_cases()),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                             return param_info.param.name;
                         });

}  // namespace
}  // namespace caspian
