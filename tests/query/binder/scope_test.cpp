// Tests of the binder's scopes (query/binder/scope.hpp, bind_subquery.cpp and the importing WITH
// of plan_subquery.cpp): what a variable holds, the error helper, RETURN *'s order, and which
// outer variables a CALL { } body sees.
#include "query/binder/scope.hpp"
#include "query/binder/plan_fixture.hpp"

#include <gtest/gtest.h>

namespace caspian::query::plan {
namespace {

using Scopes = PlanFixture;

TEST(Scope, KindNamesReadInAMessage) {
    EXPECT_STREQ(binder::kind_name(binder::VarKind::Node), "a node");
    EXPECT_STREQ(binder::kind_name(binder::VarKind::Rel), "a relationship");
    EXPECT_STREQ(binder::kind_name(binder::VarKind::Path), "a path");
    EXPECT_STREQ(binder::kind_name(binder::VarKind::Value), "a value");
    EXPECT_STREQ(binder::kind_name(binder::VarKind::Any), "a value");
}

TEST(Scope, SemanticThrowsAStatementErrorAtItsSpan) {
    try {
        binder::semantic("variable 'x' is not defined", SourceSpan{7, 1}, "UndefinedVariable");
        FAIL() << "semantic returned";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Semantic);
        EXPECT_EQ(e.error_class(), ErrorClass::SyntaxError);
        EXPECT_EQ(e.detail(), "UndefinedVariable");
        EXPECT_STREQ(e.what(), "variable 'x' is not defined");
        ASSERT_TRUE(e.where());
        EXPECT_EQ(e.where()->offset, 7u);
        EXPECT_EQ(e.where()->length, 1u);
    }
}

TEST_F(Scopes, ReturnStarListsTheScopeByName) {
    PlannedQuery p = plan_of("MATCH (b)-[r]->(a) UNWIND [1] AS c RETURN *");
    EXPECT_EQ(p.columns, (std::vector<std::string>{"a", "b", "c", "r"}));
}

TEST_F(Scopes, WithEndsTheScopeOfWhatItDoesNotProject) {
    const std::string text = "MATCH (a)-->(b) WITH a AS x RETURN a";
    Error e = error_of(text);
    EXPECT_STREQ(e.what(), "variable 'a' is not defined");
    EXPECT_EQ(e.detail(), "UndefinedVariable");
    EXPECT_EQ(e.where()->offset, offset_of(text, "a", 2));
}

TEST_F(Scopes, AnAliasRenamesTheVariable) {
    PlannedQuery p = plan_of("MATCH (a) WITH a AS x RETURN x");
    EXPECT_EQ(p.columns, (std::vector<std::string>{"x"}));
}

// --- CALL { } bodies: the importing WITH (Neo4j 5) -------------------------------------------

TEST_F(Scopes, ABodyWithoutImportingWithSeesNoOuterVariable) {
    const std::string text = "MATCH (a) CALL { RETURN a.key AS k } RETURN k";
    Error e = error_of(text);
    EXPECT_STREQ(e.what(), "variable 'a' is not defined");
    EXPECT_EQ(e.where()->offset, offset_of(text, "a.key"));
}

TEST_F(Scopes, AnImportingWithSeesOnlyTheVariablesItLists) {
    const std::string text = "MATCH (a)-->(b) CALL { WITH a RETURN b.key AS k } RETURN k";
    Error e = error_of(text);
    EXPECT_STREQ(e.what(), "variable 'b' is not defined");
    EXPECT_EQ(e.where()->offset, offset_of(text, "b.key"));
    EXPECT_NO_THROW(plan_of("MATCH (a)-->(b) CALL { WITH a RETURN a.key AS k } RETURN k, b"));
}

TEST_F(Scopes, AnImportingWithMayNotRename) {
    const std::string text = "MATCH (a) CALL { WITH a AS b RETURN b.key AS k } RETURN k";
    Error e = error_of(text);
    EXPECT_STREQ(e.what(), "an importing WITH may only list variables of the outer query");
    EXPECT_EQ(e.where()->offset, offset_of(text, "a AS b"));
}

TEST_F(Scopes, AnImportingWithHasNoWhere) {
    const std::string text =
        "MATCH (a) CALL { WITH a WHERE a.key = 'p1' RETURN a.key AS k } RETURN k";
    Error e = error_of(text);
    EXPECT_STREQ(e.what(), "an importing WITH cannot have WHERE: filter in a WITH after it");
    EXPECT_EQ(e.where()->offset, offset_of(text, "a.key = "));
}

TEST_F(Scopes, AnImportingWithHasNoDistinctOrderOrLimit) {
    for (const char* text :
         {"MATCH (a) CALL { WITH DISTINCT a RETURN a.key AS k } RETURN k",
          "MATCH (a) CALL { WITH a LIMIT 1 RETURN a.key AS k } RETURN k",
          "MATCH (a) CALL { WITH a ORDER BY a.key RETURN a.key AS k } RETURN k"}) {
        Error e = error_of(text);
        EXPECT_STREQ(e.what(), "an importing WITH cannot have DISTINCT, ORDER BY, SKIP or LIMIT")
            << text;
        EXPECT_EQ(e.where()->offset, offset_of(text, "WITH")) << text;
    }
}

TEST_F(Scopes, AColumnOfTheBodyMayNotShadowAnOuterVariable) {
    const std::string text = "MATCH (a) CALL { WITH a RETURN a } RETURN a";
    Error e = error_of(text);
    EXPECT_EQ(e.detail(), "VariableAlreadyBound");
    EXPECT_EQ(e.where()->offset, offset_of(text, "a }"));
}

TEST_F(Scopes, AScopeClauseListsTheImportedVariables) {
    const std::string text = "MATCH (a)-->(b) CALL (a, c) { RETURN 1 AS one } RETURN one";
    Error e = error_of(text);
    EXPECT_STREQ(e.what(), "variable 'c' is not defined");
    EXPECT_EQ(e.where()->offset, offset_of(text, "c)"));
    EXPECT_NO_THROW(plan_of("MATCH (a)-->(b) CALL (a) { RETURN a.key AS k } RETURN k, b"));
}

}  // namespace
}  // namespace caspian::query::plan
