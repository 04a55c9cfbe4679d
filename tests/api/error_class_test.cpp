// The openCypher class and detail of statement errors through the public API (issue #16): each
// representative error names the class and detail the TCK gives it, keeps its ErrorKind, and an
// error without a known detail keeps an empty one. render_error shows them beside the position.
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
};

std::ostream& operator<<(std::ostream& out, const Case& c) {
    return out << c.statement;
}

class ErrorClassTest : public ::testing::TestWithParam<Case> {
protected:
    TempDir dir_;
    Database db_ = Database::open(dir_.sub("db"));

    void SetUp() override {
        db_.query("CREATE (:P {name: 'a'})-[:T]->(:P {name: 'b'}), (:Q {price: 1})").all();
    }

    // The error the statement raises (reading every row: some errors come while running).
    std::optional<Error> error_of(const std::string& statement) {
        return testing::error_of([&] { db_.query(statement).all(); });
    }
};

TEST_P(ErrorClassTest, NamesTheClassAndDetail) {
    const Case& c = GetParam();
    const std::optional<Error> e = error_of(c.statement);
    ASSERT_TRUE(e.has_value()) << "no error from " << c.statement;
    EXPECT_EQ(e->kind(), c.kind) << e->what();
    EXPECT_STREQ(to_string(e->error_class()), to_string(c.error_class)) << e->what();
    EXPECT_EQ(e->detail(), c.detail) << e->what();
}

INSTANTIATE_TEST_SUITE_P(
    Representative, ErrorClassTest,
    ::testing::Values(
        Case{"RETURN [1, 2", ErrorKind::Syntax, ErrorClass::SyntaxError, "UnexpectedSyntax"},
        Case{"RETURN 9223372036854775808", ErrorKind::Syntax, ErrorClass::SyntaxError,
             "IntegerOverflow"},
        Case{"RETURN 0x", ErrorKind::Syntax, ErrorClass::SyntaxError, "InvalidNumberLiteral"},
        Case{"MATCH (a) RETURN b", ErrorKind::Semantic, ErrorClass::SyntaxError,
             "UndefinedVariable"},
        Case{"MATCH (a) CREATE (a {name: 'x'})", ErrorKind::Semantic, ErrorClass::SyntaxError,
             "VariableAlreadyBound"},
        Case{"MATCH ()-[r]-() MATCH (r) RETURN r", ErrorKind::Semantic, ErrorClass::SyntaxError,
             "VariableTypeConflict"},
        Case{"RETURN count(count(*))", ErrorKind::Semantic, ErrorClass::SyntaxError,
             "NestedAggregation"},
        Case{"RETURN nosuchfunction(1)", ErrorKind::Semantic, ErrorClass::SyntaxError,
             "UnknownFunction"},
        Case{"CREATE ()-[:A|B]->()", ErrorKind::Semantic, ErrorClass::SyntaxError,
             "NoSingleRelationshipType"},
        Case{"MATCH (n) RETURN n LIMIT -1", ErrorKind::Semantic, ErrorClass::SyntaxError,
             "NegativeIntegerArgument"},
        Case{"MATCH (n) DELETE n:P", ErrorKind::Semantic, ErrorClass::SyntaxError, "InvalidDelete"},
        Case{"RETURN 1 AS a UNION RETURN 2 AS b", ErrorKind::Semantic, ErrorClass::SyntaxError,
             "DifferentColumnsInUnion"},
        Case{"CALL no.such.proc()", ErrorKind::Semantic, ErrorClass::ProcedureError,
             "ProcedureNotFound"},
        Case{"RETURN $missing", ErrorKind::Semantic, ErrorClass::ParameterMissing,
             "MissingParameter"},
        Case{"WITH 1 AS x RETURN x.name", ErrorKind::Type, ErrorClass::TypeError,
             "InvalidArgumentType"},
        Case{"RETURN toBoolean([1])", ErrorKind::Type, ErrorClass::TypeError,
             "InvalidArgumentValue"},
        Case{"RETURN range(1, 5, 0)", ErrorKind::Type, ErrorClass::ArgumentError,
             "NumberOutOfRange"},
        Case{"MATCH (n:Q) RETURN percentileDisc(n.price, 1.5)", ErrorKind::Type,
             ErrorClass::ArgumentError, "NumberOutOfRange"},
        Case{"CREATE (a) SET a.m = {k: 1}", ErrorKind::Type, ErrorClass::TypeError,
             "InvalidPropertyType"},
        Case{"MATCH (n:P {name: 'a'}) DELETE n", ErrorKind::Constraint,
             ErrorClass::ConstraintVerificationFailed, "DeleteConnectedNode"},
        Case{"MATCH (n:Q) DELETE n RETURN n.price", ErrorKind::Constraint,
             ErrorClass::EntityNotFound, "DeletedEntityAccess"},
        // No detail fits: the class follows the kind and the detail stays empty.
        Case{"RETURN 'a' =~ '['", ErrorKind::Type, ErrorClass::TypeError, ""}));

TEST(ErrorClass, DefaultsFollowTheKind) {
    EXPECT_EQ(Error(ErrorKind::Semantic, "m").error_class(), ErrorClass::SyntaxError);
    EXPECT_EQ(Error(ErrorKind::Type, "m").error_class(), ErrorClass::TypeError);
    EXPECT_EQ(Error(ErrorKind::Storage, "m").error_class(), ErrorClass::None);
    EXPECT_EQ(Error(ErrorKind::Storage, "m").detail(), "");
    const Error moved = Error(ErrorKind::Semantic, ErrorClass::SyntaxError, "UndefinedVariable",
                              "variable 'b' is not defined")
                            .with_where(SourceSpan{3, 1});
    EXPECT_EQ(moved.detail(), "UndefinedVariable");
    EXPECT_EQ(moved.where()->offset, 3u);
    EXPECT_STREQ(moved.what(), "variable 'b' is not defined");
}

TEST(ErrorClass, FailedStatementLeavesTheDatabaseAsItWas) {
    TempDir dir;
    Database db = Database::open(dir.sub("db"));
    db.query("CREATE (:P)").all();
    EXPECT_THROW(db.query("CREATE (:X) WITH 1 AS one RETURN range(1, 2, 0)").all(), Error);
    Result r = db.query("MATCH (n) RETURN count(n) AS c");
    const auto rows = r.all();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0][0].as_int(), 1);
}

TEST(ErrorClass, RenderedBesideThePosition) {
    TempDir dir;
    Database db = Database::open(dir.sub("db"));
    const std::string text = "MATCH (a) RETURN b";
    try {
        db.query(text).all();
        FAIL() << "no error";
    } catch (const Error& e) {
        const std::string shown = render_error(e, text, "q.cq");
        EXPECT_EQ(shown.substr(0, shown.find('\n')),
                  "q.cq:1:18: semantic error (SyntaxError.UndefinedVariable): variable 'b' is "
                  "not defined");
    }
    try {
        db.query("RETURN 'a' =~ '['").all();
        FAIL() << "no error";
    } catch (const Error& e) {  // no detail: the old form
        EXPECT_EQ(render_error(e, "RETURN 'a' =~ '['", "q").find(" ("), std::string::npos);
    }
}

}  // namespace
}  // namespace caspian
