// Parsing subqueries (issue #16): EXISTS/COUNT/COLLECT { query } and CALL { } print back to
// text that parses to the same AST, and the short EXISTS form keeps its pattern-predicate AST.
#include "query/ast.hpp"
#include "query/parser/parser.hpp"

#include <gtest/gtest.h>

#include <string>
#include <variant>

namespace caspian::query {
namespace {

const char* const corpus[] = {
    "MATCH (p) WHERE EXISTS { MATCH (p)-->(q) WITH q WHERE q.x = 1 RETURN q } RETURN p",
    "MATCH (p) WHERE EXISTS { OPTIONAL MATCH (p)-->(q) RETURN q } RETURN p",
    "MATCH (p) RETURN COUNT { MATCH (p)-->(q) RETURN q UNION MATCH (q)-->(p) RETURN q } AS n",
    "MATCH (p) RETURN COUNT { (p)-->() } AS n, COUNT { MATCH (p)-->(q) WHERE q.x > 1 } AS m",
    "MATCH (p) RETURN COLLECT { MATCH (p)-->(q) RETURN q.name ORDER BY q.name } AS names",
    "RETURN COUNT { UNWIND [1, 2] AS x RETURN x } AS n",
    "MATCH (p) CALL { WITH p MATCH (p)-->(q) RETURN q } RETURN p, q",
    "MATCH (p) CALL (p) { MATCH (p)-->(q) RETURN count(q) AS n } RETURN n",
    "MATCH (p) CALL (*) { RETURN 1 AS one } RETURN one",
    "CALL () { RETURN 1 AS x UNION ALL RETURN 2 AS x } RETURN x",
    "MATCH (p) OPTIONAL CALL (p) { MATCH (p)-->(q) RETURN q } RETURN q",
    "MATCH (p) CALL (p) { SET p.x = 1 }",
    "UNWIND [1] AS x CALL (x) { CREATE (:N {v: x}) } IN TRANSACTIONS OF 10 ROWS",
    "UNWIND [1] AS x CALL (x) { CREATE (:N {v: x}) } IN TRANSACTIONS",
    "MATCH (p) WITH {x: 1} AS count RETURN count {.x}",
};

class SubqueryRoundTrip : public ::testing::TestWithParam<const char*> {};

TEST_P(SubqueryRoundTrip, PrintThenParseGivesTheSameAst) {
    const Statement first = parse(GetParam());
    const std::string printed = to_string(first);
    const Statement second = parse(printed);
    EXPECT_TRUE(same_ast(first, second)) << "printed: " << printed;
    EXPECT_EQ(to_string(second), printed);
}

INSTANTIATE_TEST_SUITE_P(Corpus, SubqueryRoundTrip, ::testing::ValuesIn(corpus));

const Expr& where_of_first_match(const Statement& s) {
    const auto& match = std::get<MatchClause>(std::get<Query>(s.body).parts[0].clauses[0].body);
    return *match.where;
}

TEST(SubqueryParser, ExistsWithOneMatchKeepsThePatternForm) {
    const Statement s = parse("MATCH (a) WHERE EXISTS { MATCH (a)-->(b) WHERE b.x = 1 } RETURN a");
    const Expr& e = where_of_first_match(s);
    EXPECT_EQ(e.kind, ExprKind::Exists);
    EXPECT_EQ(e.subquery, nullptr);
    EXPECT_EQ(e.patterns.size(), 1u);
}

TEST(SubqueryParser, ExistsWithAQueryKeepsTheQuery) {
    const Statement s = parse("MATCH (a) WHERE EXISTS { MATCH (a)-->(b) RETURN b } RETURN a");
    const Expr& e = where_of_first_match(s);
    EXPECT_EQ(e.kind, ExprKind::Exists);
    ASSERT_NE(e.subquery, nullptr);
    EXPECT_EQ(e.subquery->parts[0].clauses.size(), 2u);
    EXPECT_TRUE(e.patterns.empty());
}

TEST(SubqueryParser, CallScopeAndBatchSize) {
    const Statement s = parse(
        "UNWIND [1] AS x CALL (x, y) { RETURN 1 AS z } IN TRANSACTIONS OF 5 "
        "ROWS RETURN z");
    const auto& call = std::get<SubqueryClause>(std::get<Query>(s.body).parts[0].clauses[1].body);
    EXPECT_EQ(call.scope, SubqueryScope::Listed);
    EXPECT_EQ(call.variables, (std::vector<std::string>{"x", "y"}));
    EXPECT_TRUE(call.in_transactions);
    ASSERT_NE(call.batch_rows, nullptr);
    EXPECT_EQ(call.batch_rows->int_value, 5);
    EXPECT_FALSE(call.optional);
}

TEST(SubqueryParser, UnclosedSubqueryIsASyntaxErrorAtItsEnd) {
    try {
        (void)parse("RETURN COUNT { RETURN 1 AS x");
        FAIL() << "parsed";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Syntax);
        EXPECT_NE(std::string(e.what()).find("expected '}' to close the subquery"),
                  std::string::npos);
    }
}

}  // namespace
}  // namespace caspian::query
