// Deep statements (issue #15): 100,000-term operator chains and deeply nested expressions, through
// the API and the `query`, `run` and `shell` commands, give the right answer or a syntax error at
// the expression, never a crash, and a failing statement leaves the database as it was.
#include "support/run_binary.hpp"
#include "support/temp_dir.hpp"

#include <caspian/database.hpp>

#include <gtest/gtest.h>

#include <pthread.h>

#include <algorithm>
#include <string>
#include <vector>

namespace caspian {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

#ifdef CASPIAN_RELIABILITY_SANITIZED
constexpr bool sanitized = true;
#else
constexpr bool sanitized = false;
#endif

// The chains have 100,000 terms; the other cases fewer, and all fewer under sanitizers
// (parsing is ~50x slower there), still far beyond the limits.
constexpr int terms = sanitized ? 10'000 : 100'000;
constexpr int some = sanitized ? 2'000 : 5'000;
constexpr int many = sanitized ? 3'000 : 20'000;
const std::string too_deep = "expression nests deeper than 1000 levels";

// `first op term op term ...` with n terms in all.
std::string chain(const std::string& first, const std::string& op, const std::string& term, int n) {
    std::string out = first;
    for (int i = 1; i < n; ++i)
        out += " " + op + " " + term;
    return out;
}

// open, n times, then inner, then close n times.
std::string nest(const std::string& open, const std::string& inner, const std::string& close,
                 int n) {
    std::string out;
    for (int i = 0; i < n; ++i)
        out += open;
    out += inner;
    for (int i = 0; i < n; ++i)
        out += close;
    return out;
}

Database open_db(const TempDir& dir) {
    OpenOptions options;
    options.sync = SyncMode::None;
    return Database::open(dir.sub("db"), options);
}

// The single value a one-row, one-column statement returns, as a literal.
std::string single(Database& db, const std::string& text) {
    auto rows = db.query(text).all();
    EXPECT_EQ(rows.size(), 1u) << text.substr(0, 80);
    return rows.empty() || rows[0].empty() ? "no value" : to_literal(rows[0][0]);
}

// The Error the statement ends with; fails the test when it succeeds.
Error failure(Database& db, const std::string& text) {
    try {
        db.query(text).all();
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << "no error for " << text.substr(0, 80);
    return Error(ErrorKind::Internal, "none");
}

struct DeepCase {
    const char* name;
    std::string expression;
};

// A chain of every operator that is built as deep as it is long.
std::vector<DeepCase> deep_chains() {
    return {
        {"add", chain("1", "+", "1", terms)},
        {"subtract", chain("1", "-", "1", some)},
        {"multiply", chain("1", "*", "1", some)},
        {"divide", chain("1", "/", "1", some)},
        {"modulo", chain("1", "%", "1", some)},
        {"power", chain("1", "^", "1", some)},
        {"concatenate", chain("'a'", "+", "'b'", some)},
        {"in", chain("1", "IN", "[true]", some)},
        {"starts_with", chain("'a'", "STARTS WITH", "'a'", some)},
        {"regex", chain("'a'", "=~", "'a'", some)},
        {"is_null", chain("1", "IS", "NULL", some)},
        {"property", "{a: 1}" + chain("", ".", "a", some)},
        {"index", "[1]" + nest("", "", "[0]", some)},
        {"mixed", chain("1", "+", "2 * 3 - 4", some / 2)},
    };
}

// Nesting that the parser itself stops (its own limit of 256 levels, or the stack).
std::vector<DeepCase> deep_nesting() {
    return {
        {"parentheses", nest("(", "1", ")", some)},
        {"lists", nest("[", "1", "]", some)},
        {"maps", nest("{a: ", "1", "}", some)},
        {"not", nest("NOT ", "true", "", some)},
        {"negation", nest("- ", "1", "", some)},
        {"case", nest("CASE WHEN true THEN ", "1", " END", some / 4)},
        {"functions", nest("abs(", "1", ")", some)},
        {"comprehensions", nest("[x IN ", "[1]", " | x]", some / 4)},
    };
}

TEST(DeepStatement, OperatorChainIsASyntaxErrorAtTheExpression) {
    TempDir dir;
    Database db = open_db(dir);
    for (const DeepCase& c : deep_chains()) {
        const Error e = failure(db, "RETURN " + c.expression + " AS x");
        EXPECT_EQ(e.kind(), ErrorKind::Syntax) << c.name << ": " << e.what();
        EXPECT_EQ(std::string(e.what()), too_deep) << c.name;
        ASSERT_TRUE(e.where().has_value()) << c.name;
        EXPECT_EQ(e.where()->offset, 7u) << c.name;  // where the chain starts
    }
}

TEST(DeepStatement, DeepNestingIsASyntaxError) {
    TempDir dir;
    Database db = open_db(dir);
    for (const DeepCase& c : deep_nesting()) {
        const Error e = failure(db, "RETURN " + c.expression + " AS x");
        EXPECT_EQ(e.kind(), ErrorKind::Syntax) << c.name << ": " << e.what();
        EXPECT_NE(std::string(e.what()).find("nests"), std::string::npos) << c.name;
    }
}

// At the limits: the answer; under sanitizers, whose frames are ~10x larger, the binder's or the
// evaluator's stack guard may stop the statement first.
void expect_answer(Database& db, const std::string& text, const std::string& answer) {
    try {
        EXPECT_EQ(single(db, text), answer);
    } catch (const Error& e) {
        EXPECT_TRUE(sanitized) << e.what();
        EXPECT_EQ(e.kind(), ErrorKind::Syntax);
        EXPECT_EQ(std::string(e.what()), "expression nests too deeply");
    }
}

TEST(DeepStatement, ChainAtTheLimitIsEvaluated) {
    TempDir dir;
    Database db = open_db(dir);
    // 1000 terms: the deepest leaf is on level 1000, every pass recurses that far.
    expect_answer(db, "RETURN " + chain("1", "+", "1", 1000) + " AS x", "1000");
    expect_answer(db, "RETURN " + chain("'a'", "+", "'b'", 1000) + " AS x",
                  "'a" + std::string(999, 'b') + "'");
    EXPECT_EQ(std::string(failure(db, "RETURN " + chain("1", "+", "1", 1001) + " AS x").what()),
              too_deep);
    // The same depth in WHERE (under `=`), ORDER BY and a comprehension: x and 998 ones.
    const std::string sum = chain("x", "+", "1", 999);
    expect_answer(db, "UNWIND [1, 2] AS x WITH x WHERE " + sum + " = 999 RETURN x", "1");
    expect_answer(db, "UNWIND [1, 2] AS x RETURN x ORDER BY " + sum + " DESC LIMIT 1", "2");
    expect_answer(db, "RETURN [x IN [1] | " + sum + "] AS l", "[999]");
    try {
        EXPECT_FALSE(
            db.query("EXPLAIN RETURN " + chain("1", "+", "1", 1000) + " AS x").all().empty());
    } catch (const Error& e) {
        EXPECT_TRUE(sanitized) << e.what();
    }
}

TEST(DeepStatement, LogicalChainsAreEvaluatedAtAnyLength) {
    TempDir dir;
    Database db = open_db(dir);
    EXPECT_EQ(single(db, "RETURN " + chain("true", "AND", "true", terms) + " AS x"), "true");
    EXPECT_EQ(single(db, "RETURN " + chain("true", "AND", "true", many) + " AND false AS x"),
              "false");
    EXPECT_EQ(single(db, "RETURN " + chain("null", "AND", "true", many) + " AS x"), "null");
    EXPECT_EQ(single(db, "RETURN " + chain("false", "OR", "false", many) + " OR true AS x"),
              "true");
    EXPECT_EQ(single(db, "RETURN " + chain("false", "OR", "false", many) + " AS x"), "false");
    // An even number of true operands: false; one more: true.
    EXPECT_EQ(single(db, "RETURN " + chain("true", "XOR", "true", many) + " AS x"), "false");
    EXPECT_EQ(single(db, "RETURN " + chain("true", "XOR", "true", many + 1) + " AS x"), "true");
    // A type error among the operands is still reported.
    EXPECT_EQ(failure(db, "RETURN " + chain("true", "AND", "true", many) + " AND 1 AS x").kind(),
              ErrorKind::Type);
}

TEST(DeepStatement, ComparisonChainIsEvaluatedAtAnyLength) {
    TempDir dir;
    Database db = open_db(dir);
    std::string ascending = "0";
    for (int i = 1; i < many; ++i)
        ascending += " < " + std::to_string(i);
    EXPECT_EQ(single(db, "RETURN " + ascending + " AS x"), "true");
    EXPECT_EQ(single(db, "RETURN " + ascending + " < 5 AS x"), "false");
}

TEST(DeepStatement, WhereWithManyConjunctsFiltersTheRows) {
    TempDir dir;
    Database db = open_db(dir);
    db.query("UNWIND range(1, 10) AS i CREATE (:N {i: i})").all();
    // The planner splits the conjuncts and joins those it places in one filter again.
    std::string where = "n.i > 0";
    for (int i = 1; i < many; ++i)
        where += " AND n.i > " + std::to_string(i % 4);
    EXPECT_EQ(single(db, "MATCH (n:N) WHERE " + where + " RETURN count(n) AS c"), "7");
    std::string props = "{p0: 0";
    for (int i = 1; i < terms / 10; ++i)
        props += ", p" + std::to_string(i) + ": " + std::to_string(i);
    props += "}";
    db.query("CREATE (:P " + props + ")").all();
    EXPECT_EQ(single(db, "MATCH (p:P " + props + ") RETURN count(p) AS c"), "1");
}

// `text` repeated n times.
std::string repeat(const std::string& text, int n) {
    std::string out;
    for (int i = 0; i < n; ++i)
        out += text;
    return out;
}

TEST(DeepStatement, LongClauseAndPatternChainsAreASyntaxError) {
    TempDir dir;
    Database db = open_db(dir);
    const std::string too_long =
        "statement has more than 1000 clauses, pattern parts and relationships: split it";
    std::string parts = "(a0)";
    for (int i = 1; i < some; ++i)
        parts += ", (a" + std::to_string(i) + ")";
    const std::vector<DeepCase> cases = {
        {"with", "WITH 1 AS x " + repeat("WITH x ", some) + "RETURN x"},
        {"union", "RETURN 1 AS x" + repeat(" UNION RETURN 1 AS x", some)},
        {"match_parts", "MATCH " + parts + " RETURN 1"},
        {"path", "MATCH (a)" + repeat("-->()", some) + " RETURN 1"},
        {"exists", "MATCH (a) WHERE EXISTS { MATCH (a)" + repeat("-->()", some) + " } RETURN 1"},
        {"merge", "MERGE (a)" + repeat("-[:R]->()", some)},
    };
    for (const DeepCase& c : cases) {
        const Error e = failure(db, c.expression);
        EXPECT_EQ(e.kind(), ErrorKind::Syntax) << c.name << ": " << e.what();
        EXPECT_EQ(std::string(e.what()), too_long) << c.name;
    }
    // CREATE makes all its patterns in one operator: no limit on their number.
    EXPECT_EQ(single(db, "CREATE " + repeat("(:C), ", some) + "(:C) RETURN 1 AS one"), "1");
    EXPECT_EQ(single(db, "MATCH (c:C) RETURN count(c) AS c"), std::to_string(some + 1));
}

TEST(DeepStatement, ClausesAndPatternsAtTheLimitRun) {
    TempDir dir;
    Database db = open_db(dir);
    db.query("CREATE (:A)-[:R]->(:B)").all();
    // 1000 clauses; a path of 997 relationships in 2 clauses (1000 elements); 500 UNION parts.
    EXPECT_EQ(single(db, "WITH 1 AS x " + repeat("WITH x ", 998) + "RETURN x"), "1");
    EXPECT_EQ(single(db, "MATCH (a)" + repeat("-->()", 997) + " RETURN count(*) AS c"), "0");
    EXPECT_EQ(single(db, "MATCH (a) WHERE EXISTS { MATCH (a)" + repeat("-->()", 996) +
                             " } RETURN count(*) AS c"),
              "0");
    EXPECT_EQ(single(db, "RETURN 1 AS x" + repeat(" UNION RETURN 1 AS x", 499)), "1");
    EXPECT_FALSE(
        db.query("EXPLAIN WITH 1 AS x " + repeat("WITH x ", 998) + "RETURN x").all().empty());
}

// What the statement gives on a thread with a 256 KiB stack: its single value, or its error.
std::string on_small_stack(Database& db, const std::string& text) {
    struct Job {
        Database* db;
        const std::string* text;
        std::string outcome;
    } job{&db, &text, {}};
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    pthread_t thread;
    const int rc = pthread_create(
        &thread, &attr,
        [](void* arg) -> void* {
            auto* j = static_cast<Job*>(arg);
            try {
                auto rows = j->db->query(*j->text).all();
                j->outcome = rows.size() == 1 ? to_literal(rows[0][0]) : "rows";
            } catch (const Error& e) {
                j->outcome = std::string("error: ") + e.what();
            }
            return nullptr;
        },
        &job);
    pthread_attr_destroy(&attr);
    if (rc != 0) return "no thread";
    pthread_join(thread, nullptr);
    return job.outcome;
}

TEST(DeepStatement, SmallThreadStackGivesAnAnswerOrAnError) {
    TempDir dir;
    Database db = open_db(dir);
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"RETURN " + chain("1", "+", "1", 1000) + " AS x", "1000"},
        {"WITH 1 AS x " + repeat("WITH x ", 998) + "RETURN x", "1"},
        {"RETURN " + nest("[", "1", "]", 250) + " AS x", nest("[", "1", "]", 250)},
    };
    for (const auto& [text, answer] : cases) {
        const std::string outcome = on_small_stack(db, text);
        EXPECT_TRUE(outcome == answer || outcome.rfind("error: ", 0) == 0) << outcome;
    }
}

TEST(DeepStatement, FailedDeepWriteLeavesTheDatabaseAsItWas) {
    TempDir dir;
    Database db = open_db(dir);
    db.query("CREATE (:Keep)").all();
    const Error e = failure(db, "CREATE (:X {v: " + chain("1", "+", "1", terms) + "})");
    EXPECT_EQ(e.kind(), ErrorKind::Syntax);
    EXPECT_EQ(single(db, "MATCH (n) RETURN count(n) AS c"), "1");
}

// ---- through the binary --------------------------------------------------------------------

testing::Outcome run_caspian(const std::vector<std::string>& args, const fs::path& scratch,
                             std::optional<std::string> input = {}) {
    testing::RunOptions options;
    options.timeout_seconds = 300;  // generous for sanitizer builds
    options.input = std::move(input);
    options.sanitizer_report_is_crash = true;
    return testing::run_binary(CASPIAN_BINARY, args, scratch, options);
}

std::string head(const std::string& s) {
    return s.substr(0, 300);
}

TEST(DeepStatement, RunReportsTheChainAndGoesOn) {
    TempDir dir;
    const fs::path file = dir.sub("deep.cq");
    testing::write(file, "CREATE (:Keep);\nCREATE (:X {v: " + chain("1", "+", "1", terms) +
                             "});\nRETURN " + chain("true", "AND", "true", terms) +
                             " AS all_true;\nMATCH (n) RETURN count(n) AS nodes;\n");
    const auto o = run_caspian(
        {"run", dir.sub("db").string(), file.string(), "--continue-on-error", "--format", "jsonl"},
        dir.path());
    EXPECT_EQ(o.signal, 0) << head(o.err);
    EXPECT_EQ(o.code, 1) << head(o.err);
    EXPECT_EQ(o.err.rfind("created new database " + dir.sub("db").string() + "\n" + file.string() +
                              ":2:12: syntax error: " + too_deep,
                          0),
              0u)
        << head(o.err);
    EXPECT_NE(o.out.find("{\"all_true\":true}\n"), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("{\"nodes\":1}\n"), std::string::npos) << o.out;  // :Keep only
}

TEST(DeepStatement, QueryReportsTheChain) {
    // One argument may hold 128 KiB on Linux: 30,000 terms of `+` (12,000 of AND), deep enough
    // to have crashed.
    TempDir dir;
    const auto bad =
        run_caspian({"query", dir.sub("db").string(),
                     "RETURN " + chain("1", "+", "1", std::min(terms, 30'000)) + " AS x"},
                    dir.path());
    EXPECT_EQ(bad.signal, 0) << head(bad.err);
    EXPECT_EQ(bad.code, 1) << head(bad.err);
    EXPECT_EQ(bad.err.rfind("query:1:8: syntax error: " + too_deep, 0), 0u) << head(bad.err);
    const auto good =
        run_caspian({"query", dir.sub("db").string(), "--format", "jsonl",
                     "RETURN " + chain("true", "AND", "true", std::min(terms, 12'000)) + " AS x"},
                    dir.path());
    EXPECT_EQ(good.signal, 0) << head(good.err);
    EXPECT_EQ(good.code, 0) << head(good.err);
    EXPECT_EQ(good.out, "{\"x\":true}\n");
}

TEST(DeepStatement, ShellAnswersAndReportsTheChain) {
    // Standard input not a terminal: the shell stops at the first failing statement, exit 1.
    TempDir dir;
    const std::string input = "RETURN " + chain("false", "OR", "true", terms) + " AS y;\nRETURN " +
                              chain("1", "*", "1", terms) + " AS x;\n";
    const auto o = run_caspian({"shell", dir.sub("db").string()}, dir.path(), input);
    EXPECT_EQ(o.signal, 0) << head(o.err);
    EXPECT_EQ(o.code, 1) << head(o.err);
    EXPECT_NE(o.out.find("| true |"), std::string::npos) << head(o.out);
    EXPECT_NE(o.err.find("\nstdin:2:8: syntax error: " + too_deep + "\n"), std::string::npos)
        << head(o.err);
}

}  // namespace
}  // namespace caspian
