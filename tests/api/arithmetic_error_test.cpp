// The classes, details and positions of the errors issue #16 left without a detail: integer
// arithmetic (ArithmeticError), temporal values that do not exist or parse (ArgumentError, at
// the argument) and subqueries that shadow an outer variable (SyntaxError.VariableAlreadyBound).
#include <caspian/database.hpp>
#include <caspian/diagnostics.hpp>

#include "support/error_kind.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>

namespace caspian {
namespace {

using caspian::testing::TempDir;

struct Case {
    const char* statement;
    ErrorKind kind;
    ErrorClass error_class;
    const char* detail;
    const char* at;  // the text the error's span starts with
};

std::ostream& operator<<(std::ostream& out, const Case& c) {
    return out << c.statement;
}

class ArithmeticErrorTest : public ::testing::TestWithParam<Case> {
protected:
    TempDir dir_;
    Database db_ = Database::open(dir_.sub("db"));

    void SetUp() override { db_.query("CREATE (:P {name: 'a'})-[:T]->(:P {name: 'b'})").all(); }

    std::optional<Error> error_of(const std::string& statement) {
        return testing::error_of([&] { db_.query(statement).all(); });
    }
};

TEST_P(ArithmeticErrorTest, NamesTheClassDetailAndPlace) {
    const Case& c = GetParam();
    const std::string text = c.statement;
    const std::optional<Error> e = error_of(text);
    ASSERT_TRUE(e.has_value()) << "no error from " << text;
    EXPECT_EQ(e->kind(), c.kind) << e->what();
    EXPECT_STREQ(to_string(e->error_class()), to_string(c.error_class)) << e->what();
    EXPECT_EQ(e->detail(), c.detail) << e->what();
    ASSERT_TRUE(e->where().has_value()) << e->what();
    EXPECT_EQ(text.substr(e->where()->offset, std::string(c.at).size()), c.at) << e->what();
}

constexpr ErrorKind type = ErrorKind::Type;
constexpr ErrorKind semantic = ErrorKind::Semantic;
constexpr ErrorClass arithmetic = ErrorClass::ArithmeticError;
constexpr ErrorClass argument = ErrorClass::ArgumentError;
constexpr ErrorClass syntax = ErrorClass::SyntaxError;

INSTANTIATE_TEST_SUITE_P(
    Arithmetic, ArithmeticErrorTest,
    ::testing::Values(
        Case{"WITH 0 AS z RETURN 1 / z", type, arithmetic, "DivisionByZero", "1 / z"},
        Case{"WITH 0 AS z RETURN 7 % z", type, arithmetic, "DivisionByZero", "7 % z"},
        Case{"RETURN duration('P1D') / 0", type, arithmetic, "DivisionByZero", "duration"},
        Case{"WITH 9223372036854775807 AS m RETURN m + 1", type, arithmetic, "IntegerOverflow",
             "m + 1"},
        Case{"WITH -9223372036854775807 AS m RETURN m - 2", type, arithmetic, "IntegerOverflow",
             "m - 2"},
        Case{"WITH 9223372036854775807 AS m RETURN m * 2", type, arithmetic, "IntegerOverflow",
             "m * 2"},
        Case{"WITH -9223372036854775807 - 1 AS m RETURN m / -1", type, arithmetic,
             "IntegerOverflow", "m / -1"},
        Case{"WITH -9223372036854775807 - 1 AS m RETURN -m", type, arithmetic, "IntegerOverflow",
             "-m"},
        Case{"WITH -9223372036854775807 - 1 AS m RETURN abs(m)", type, arithmetic,
             "IntegerOverflow", "abs(m)"},
        Case{"RETURN toInteger(1e30)", type, arithmetic, "IntegerOverflow", "toInteger"},
        Case{"UNWIND [9223372036854775807, 1] AS x RETURN sum(x)", type, arithmetic,
             "IntegerOverflow", "x)"}));

INSTANTIATE_TEST_SUITE_P(
    Temporal, ArithmeticErrorTest,
    ::testing::Values(
        Case{"RETURN date('2020-13-01')", type, argument, "InvalidArgumentValue", "'2020-13-01'"},
        Case{"RETURN localdatetime('2020-02-30T10:00')", type, argument, "InvalidArgumentValue",
             "'2020-02-30T10:00'"},
        Case{"RETURN duration('P1X')", type, argument, "InvalidArgumentValue", "'P1X'"},
        Case{"RETURN date({year: 2020, month: 13})", type, argument, "InvalidArgumentValue",
             "{year"},
        Case{"RETURN localtime({hour: 25})", type, argument, "InvalidArgumentValue", "{hour"},
        Case{"RETURN datetime({year: 2020, timezone: 'Mars/Olympus'})", type, argument,
             "InvalidArgumentValue", "{year"}));

INSTANTIATE_TEST_SUITE_P(
    Shadowing, ArithmeticErrorTest,
    ::testing::Values(
        Case{"MATCH (p:P) WHERE EXISTS { MATCH (p)-->(q) WITH q AS p RETURN p } RETURN p", semantic,
             syntax, "VariableAlreadyBound", "q AS p"},
        Case{"MATCH (p:P) RETURN COUNT { MATCH (p)-->(q) WITH q, 1 AS p RETURN q } AS c", semantic,
             syntax, "VariableAlreadyBound", "1 AS p"},
        Case{"MATCH (p:P) RETURN COLLECT { UNWIND [1, 2] AS p RETURN p } AS c", semantic, syntax,
             "VariableAlreadyBound", "UNWIND"},
        Case{"MATCH (p:P) RETURN COUNT { MATCH (p)-->(q) WITH q UNWIND [1] AS p RETURN p } AS c",
             semantic, syntax, "VariableAlreadyBound", "UNWIND"},
        Case{"MATCH (p:P) CALL (p) { WITH 1 AS p RETURN p AS z } RETURN z", semantic, syntax,
             "VariableAlreadyBound", "1 AS p"}));

TEST(Shadowing, PassingTheOuterVariableOnIsNoShadowing) {
    TempDir dir;
    Database db = Database::open(dir.sub("db"));
    db.query("CREATE (:P {name: 'a'})-[:T]->(:P {name: 'b'})").all();
    const auto rows = db.query(
                            "MATCH (p:P) RETURN p.name AS n, COUNT { MATCH (p)-->(q) WITH p, q "
                            "WITH p AS p, q RETURN q } AS c ORDER BY n")
                          .all();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0][1].as_int(), 1);
    EXPECT_EQ(rows[1][1].as_int(), 0);
}

TEST(Shadowing, ReturnStarInACallBodyReturnsOnlyItsOwnVariables) {
    TempDir dir;
    Database db = Database::open(dir.sub("db"));
    db.query("CREATE (:P {name: 'a'})-[:T]->(:P {name: 'b'})").all();
    Result r =
        db.query("MATCH (p:P) CALL (p) { MATCH (p)-[:T]->(q) RETURN * } RETURN p.name, q.name");
    const auto rows = r.all();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0][0].as_string(), "a");
    EXPECT_EQ(rows[0][1].as_string(), "b");
    Result importing =
        db.query("MATCH (p:P) CALL { WITH p MATCH (p)-[:T]->(q) RETURN * } RETURN q.name AS n");
    EXPECT_EQ(importing.columns(), std::vector<std::string>{"n"});
    EXPECT_EQ(importing.all().size(), 1u);
}

TEST(ArithmeticError, RenderedBesideThePositionAndNothingWritten) {
    TempDir dir;
    Database db = Database::open(dir.sub("db"));
    const std::string text = "CREATE (:X) WITH 0 AS z RETURN 1 / z";
    try {
        db.query(text).all();
        FAIL() << "no error";
    } catch (const Error& e) {
        const std::string shown = render_error(e, text, "q");
        EXPECT_EQ(shown.substr(0, shown.find('\n')),
                  "q:1:32: type error (ArithmeticError.DivisionByZero): division by zero");
    }
    const auto rows = db.query("MATCH (n) RETURN count(n)").all();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0][0].as_int(), 0);
}

}  // namespace
}  // namespace caspian
