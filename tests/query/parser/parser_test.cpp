// Tests of query/parser/ (parse.cpp and its actions), query/ast_print.cpp, ast_compare.cpp and
// diagnostics.cpp: the AST built for each construct, spans and column names, canonical printing
// round trips, syntax error messages and robustness limits.
#include "query/parser/parser.hpp"
#include "query/diagnostics.hpp"
#include "query/parser/reserved_words.hpp"

#include <gtest/gtest.h>
#include <pthread.h>

#include <string>
#include <vector>

namespace {

using namespace caspian::query;
using caspian::Error;
using caspian::ErrorKind;

const Query& query_of(const Statement& s) {
    return std::get<Query>(s.body);
}

const Clause& clause(const Statement& s, std::size_t i, std::size_t part = 0) {
    return query_of(s).parts.at(part).clauses.at(i);
}

template <typename T>
const T& clause_as(const Statement& s, std::size_t i, std::size_t part = 0) {
    return std::get<T>(clause(s, i, part).body);
}

// The first RETURN item's expression of `RETURN <text>`, printed canonically.
std::string expr_text(const std::string& text) {
    const Statement s = parse("RETURN " + text);
    return to_string(*clause_as<ReturnClause>(s, 0).projection.items.at(0).expr);
}

std::string span_text(const std::string& source, caspian::SourceSpan span) {
    return source.substr(span.offset, span.length);
}

// ---- structure --------------------------------------------------------------------------------

TEST(Parser, MatchPatternStructure) {
    const Statement s =
        parse("MATCH p = (a:Person:Admin {name: 'x'})-[r:KNOWS|LIKES*1..3]->(b) RETURN a");
    const auto& m = clause_as<MatchClause>(s, 0);
    ASSERT_EQ(m.patterns.size(), 1u);
    const PatternPart& p = m.patterns[0];
    EXPECT_EQ(p.path_variable, "p");
    EXPECT_EQ(p.start.variable, "a");
    EXPECT_EQ(p.start.labels, (std::vector<std::string>{"Person", "Admin"}));
    ASSERT_TRUE(p.start.properties);
    EXPECT_EQ(p.start.properties->kind, ExprKind::Map);
    ASSERT_EQ(p.steps.size(), 1u);
    const RelPattern& r = p.steps[0].rel;
    EXPECT_EQ(r.variable, "r");
    EXPECT_EQ(r.types, (std::vector<std::string>{"KNOWS", "LIKES"}));
    ASSERT_TRUE(r.length);
    EXPECT_EQ(r.length->min, 1);
    EXPECT_EQ(r.length->max, 3);
    EXPECT_EQ(r.direction, Direction::Right);
    EXPECT_EQ(p.steps[0].node.variable, "b");
    EXPECT_FALSE(m.optional);
    EXPECT_FALSE(m.where);
}

TEST(Parser, RelationshipDirectionsAndLengths) {
    struct Case {
        const char* rel;
        Direction direction;
        bool has_length;
        std::optional<std::int64_t> min, max;
    };
    const std::vector<Case> cases = {
        {"-->", Direction::Right, false, {}, {}},     {"<--", Direction::Left, false, {}, {}},
        {"--", Direction::Both, false, {}, {}},       {"-[*]->", Direction::Right, true, {}, {}},
        {"-[*2]-", Direction::Both, true, 2, 2},      {"<-[*1..3]-", Direction::Left, true, 1, 3},
        {"-[*..5]->", Direction::Right, true, {}, 5}, {"-[*2..]->", Direction::Right, true, 2, {}},
    };
    for (const auto& c : cases) {
        const Statement s = parse(std::string("MATCH (a)") + c.rel + "(b) RETURN a");
        const RelPattern& r = clause_as<MatchClause>(s, 0).patterns[0].steps[0].rel;
        EXPECT_EQ(r.direction, c.direction) << c.rel;
        ASSERT_EQ(r.length.has_value(), c.has_length) << c.rel;
        if (c.has_length) {
            EXPECT_EQ(r.length->min, c.min) << c.rel;
            EXPECT_EQ(r.length->max, c.max) << c.rel;
        }
    }
}

TEST(Parser, OptionalMatchWhereAndShortestPath) {
    const Statement s =
        parse("OPTIONAL MATCH p = shortestPath((a)-[*]-(b)) WHERE a.x = 1 RETURN p");
    const auto& m = clause_as<MatchClause>(s, 0);
    EXPECT_TRUE(m.optional);
    EXPECT_EQ(m.patterns[0].function, PathFunction::ShortestPath);
    EXPECT_EQ(m.patterns[0].path_variable, "p");
    ASSERT_TRUE(m.where);
    EXPECT_EQ(m.where->kind, ExprKind::Comparison);
}

TEST(Parser, OperatorPrecedence) {
    EXPECT_EQ(expr_text("1 + 2 * 3"), "(1 + (2 * 3))");
    EXPECT_EQ(expr_text("1 - 2 - 3"), "((1 - 2) - 3)");
    EXPECT_EQ(expr_text("2 ^ 3 ^ 2"), "((2 ^ 3) ^ 2)");
    EXPECT_EQ(expr_text("-2 ^ 2"), "((-2) ^ 2)");
    EXPECT_EQ(expr_text("a OR b XOR c AND NOT d"), "(a OR (b XOR (c AND (NOT d))))");
    EXPECT_EQ(expr_text("NOT a = b"), "(NOT (a = b))");
    EXPECT_EQ(expr_text("a < b <= c"), "(a < b <= c)");
    EXPECT_EQ(expr_text("a + 1 IN l"), "((a + 1) IN l)");
    EXPECT_EQ(expr_text("x IS NOT NULL AND y IS NULL"), "((x IS NOT NULL) AND (y IS NULL))");
    EXPECT_EQ(expr_text("s STARTS WITH 'a' OR s =~ 'b.*'"),
              "((s STARTS WITH 'a') OR (s =~ 'b.*'))");
    EXPECT_EQ(expr_text("n.a.b[0][1..2]"), "n.a.b[0][1..2]");
    EXPECT_EQ(expr_text("n:A:B AND m:C"), "((n:A:B) AND (m:C))");
    EXPECT_EQ(expr_text("(1 + 2) * 3"), "((1 + 2) * 3)");
    EXPECT_EQ(expr_text("a % b / c * d"), "(((a % b) / c) * d)");
}

TEST(Parser, Literals) {
    const Statement s = parse(
        "RETURN null, true, FALSE, 42, 0x1F, 0o17, 1.5, .5, 1e3, 'a\\'b', \"tab\\there\", "
        "'\\u00e9\\U0001F600', $p, $0");
    const auto& items = clause_as<ReturnClause>(s, 0).projection.items;
    ASSERT_EQ(items.size(), 14u);
    EXPECT_EQ(items[0].expr->kind, ExprKind::Null);
    EXPECT_TRUE(items[1].expr->bool_value);
    EXPECT_FALSE(items[2].expr->bool_value);
    EXPECT_EQ(items[3].expr->int_value, 42);
    EXPECT_EQ(items[4].expr->int_value, 31);
    EXPECT_EQ(items[5].expr->int_value, 15);
    EXPECT_DOUBLE_EQ(items[6].expr->float_value, 1.5);
    EXPECT_DOUBLE_EQ(items[7].expr->float_value, 0.5);
    EXPECT_EQ(items[8].expr->kind, ExprKind::Float);
    EXPECT_DOUBLE_EQ(items[8].expr->float_value, 1000.0);
    EXPECT_EQ(items[9].expr->string_value, "a'b");
    EXPECT_EQ(items[10].expr->string_value, "tab\there");
    EXPECT_EQ(items[11].expr->string_value, "\xC3\xA9\xF0\x9F\x98\x80");
    EXPECT_EQ(items[12].expr->kind, ExprKind::Parameter);
    EXPECT_EQ(items[12].expr->name, "p");
    EXPECT_EQ(items[13].expr->name, "0");
}

TEST(Parser, IntegerLimits) {
    EXPECT_EQ(expr_text("9223372036854775807"), "9223372036854775807");
    EXPECT_THROW(parse("RETURN 9223372036854775808"), Error);
    EXPECT_THROW(parse("RETURN 0xFFFFFFFFFFFFFFFFF"), Error);
    EXPECT_THROW(parse("RETURN 1e999"), Error);
}

TEST(Parser, CompoundExpressions) {
    EXPECT_EQ(expr_text("CASE x WHEN 1 THEN 'a' WHEN 2 THEN 'b' ELSE 'c' END"),
              "CASE x WHEN 1 THEN 'a' WHEN 2 THEN 'b' ELSE 'c' END");
    EXPECT_EQ(expr_text("case when a then b end"), "CASE WHEN a THEN b END");
    EXPECT_EQ(expr_text("[x IN range(1, 10) WHERE x % 2 = 0 | x * x]"),
              "[x IN range(1, 10) WHERE ((x % 2) = 0) | (x * x)]");
    EXPECT_EQ(expr_text("[x IN l]"), "[x IN l]");
    EXPECT_EQ(expr_text("[p = (a)-->(b) WHERE b.x > 1 | p]"),
              "[p = (a)-->(b) WHERE (b.x > 1) | p]");
    EXPECT_EQ(expr_text("all(x IN l WHERE x > 0)"), "all(x IN l WHERE (x > 0))");
    EXPECT_EQ(expr_text("single(x IN l WHERE x)"), "single(x IN l WHERE x)");
    EXPECT_EQ(expr_text("reduce(acc = 0, x IN l | acc + x)"),
              "reduce(acc = 0, x IN l | (acc + x))");
    EXPECT_EQ(expr_text("EXISTS { MATCH (a)-[:T]->(b) WHERE b.x = 1 }"),
              "EXISTS { (a)-[:T]->(b) WHERE (b.x = 1) }");
    EXPECT_EQ(expr_text("exists((a)-->())"), "exists((a)-->())");
    EXPECT_EQ(expr_text("n{.name, .*, k: 1 + 1, v}"), "n{.name, .*, k: (1 + 1), v}");
    EXPECT_EQ(expr_text("count(DISTINCT n.x)"), "count(DISTINCT n.x)");
    EXPECT_EQ(expr_text("duration.between(a, b)"), "duration.between(a, b)");
    EXPECT_EQ(expr_text("l[..2]"), "l[..2]");
    EXPECT_EQ(expr_text("l[1..]"), "l[1..]");
    EXPECT_EQ(expr_text("[1, [2, {a: []}]]"), "[1, [2, {a: []}]]");
    EXPECT_EQ(expr_text("[(a)-->(b)]"), "[(a)-->(b)]");  // a list holding a pattern predicate
}

TEST(Parser, QuantifierAndListComprehensionKinds) {
    const Statement s = parse("RETURN any(x IN l WHERE x), none(x IN l WHERE x), [x IN l | x]");
    const auto& items = clause_as<ReturnClause>(s, 0).projection.items;
    EXPECT_EQ(items[0].expr->kind, ExprKind::Any);
    EXPECT_EQ(items[1].expr->kind, ExprKind::None);
    EXPECT_EQ(items[2].expr->kind, ExprKind::ListComprehension);
    EXPECT_FALSE(items[2].expr->args[1]);  // no WHERE
    EXPECT_TRUE(items[2].expr->args[2]);   // a projection
}

TEST(Parser, PatternPredicateInWhere) {
    const Statement s = parse("MATCH (a), (b) WHERE (a)-[:T]->(b) AND NOT (a)<--(b) RETURN a");
    const auto& where = *clause_as<MatchClause>(s, 0).where;
    ASSERT_EQ(where.kind, ExprKind::And);
    EXPECT_EQ(where.args[0]->kind, ExprKind::PatternPredicate);
    EXPECT_EQ(where.args[0]->patterns[0].steps[0].rel.types, std::vector<std::string>{"T"});
    EXPECT_EQ(where.args[1]->kind, ExprKind::Not);
    EXPECT_EQ(where.args[1]->args[0]->kind, ExprKind::PatternPredicate);
}

TEST(Parser, ParenthesisedExpressionIsNotAPattern) {
    EXPECT_EQ(expr_text("(a) - 1"), "(a - 1)");
    EXPECT_EQ(expr_text("(a) < 1"), "(a < 1)");
    EXPECT_EQ(expr_text("(n:L) AND x"), "((n:L) AND x)");
}

TEST(Parser, KeywordsAsNamesAfterDotAndColon) {
    EXPECT_EQ(expr_text("n.count + n.match + n.end"), "((n.count + n.match) + n.end)");
    const Statement s = parse("MATCH (n:Match)-[:RETURN]->(m {where: 1}) RETURN n");
    const auto& p = clause_as<MatchClause>(s, 0).patterns[0];
    EXPECT_EQ(p.start.labels, std::vector<std::string>{"Match"});
    EXPECT_EQ(p.steps[0].rel.types, std::vector<std::string>{"RETURN"});
    EXPECT_EQ(p.steps[0].node.properties->keys, std::vector<std::string>{"where"});
    EXPECT_THROW(parse("MATCH (match) RETURN match"), Error);
    EXPECT_NO_THROW(parse("MATCH (`match`) RETURN `match`"));
}

TEST(Parser, KeywordsAreCaseInsensitiveAndNeverPrefixes) {
    EXPECT_NO_THROW(parse("match (n) where n.x = 1 return distinct n order by n.x desc limit 1"));
    const Statement s = parse("MATCH (orders) RETURN orders, notes, android");
    const auto& items = clause_as<ReturnClause>(s, 1).projection.items;
    EXPECT_EQ(items[0].expr->name, "orders");
    EXPECT_EQ(items[1].expr->name, "notes");
    EXPECT_EQ(items[2].expr->name, "android");
}

TEST(Parser, BacktickedNames) {
    const Statement s = parse("MATCH (`my var`:`My Label`) RETURN `my var`.`a``b` AS `out put`");
    EXPECT_EQ(clause_as<MatchClause>(s, 0).patterns[0].start.variable, "my var");
    EXPECT_EQ(clause_as<MatchClause>(s, 0).patterns[0].start.labels[0], "My Label");
    const auto& item = clause_as<ReturnClause>(s, 1).projection.items[0];
    EXPECT_EQ(item.expr->name, "a`b");
    EXPECT_EQ(item.alias, "out put");
}

TEST(Parser, CommentsWhereWhitespaceIsAllowed) {
    const Statement s =
        parse("// header\nMATCH /* a */ (n) // trailing\nRETURN n.x /* why */ + 1 AS y;");
    EXPECT_EQ(to_string(s), "MATCH (n) RETURN (n.x + 1) AS y");
}

TEST(Parser, ProjectionClauses) {
    const Statement s = parse(
        "MATCH (n) WITH DISTINCT n, n.x AS x ORDER BY x DESC, n.y SKIP 2 LIMIT 10 WHERE x > 1 "
        "RETURN *, x");
    const auto& w = clause_as<WithClause>(s, 1);
    EXPECT_TRUE(w.projection.distinct);
    ASSERT_EQ(w.projection.items.size(), 2u);
    EXPECT_EQ(w.projection.items[1].alias, "x");
    ASSERT_EQ(w.projection.order_by.size(), 2u);
    EXPECT_TRUE(w.projection.order_by[0].descending);
    EXPECT_FALSE(w.projection.order_by[1].descending);
    EXPECT_EQ(w.projection.skip->int_value, 2);
    EXPECT_EQ(w.projection.limit->int_value, 10);
    ASSERT_TRUE(w.where);
    const auto& r = clause_as<ReturnClause>(s, 2);
    EXPECT_TRUE(r.projection.star);
    EXPECT_EQ(r.projection.items.size(), 1u);
}

TEST(Parser, UnionParts) {
    const Statement s = parse("RETURN 1 AS x UNION RETURN 2 AS x UNION ALL RETURN 3 AS x");
    const Query& q = query_of(s);
    ASSERT_EQ(q.parts.size(), 3u);
    EXPECT_EQ(q.union_all, (std::vector<bool>{false, true}));
}

TEST(Parser, UpdatingClauses) {
    const Statement s = parse(
        "MERGE (n:L {k: 1}) ON CREATE SET n.c = 1 ON MATCH SET n.m = 2, n:Seen "
        "SET n.x = 1, n = {a: 1}, n += $p, n:A:B REMOVE n.y, n:C DETACH DELETE n, m "
        "CREATE (a)-[:T {w: 1}]->(b) UNWIND [1, 2] AS i");
    const auto& merge = clause_as<MergeClause>(s, 0);
    EXPECT_EQ(merge.on_create.size(), 1u);
    EXPECT_EQ(merge.on_match.size(), 2u);
    EXPECT_EQ(merge.on_match[1].kind, SetItemKind::Labels);
    const auto& set = clause_as<SetClause>(s, 1);
    ASSERT_EQ(set.items.size(), 4u);
    EXPECT_EQ(set.items[0].kind, SetItemKind::Property);
    EXPECT_EQ(set.items[0].target->kind, ExprKind::Property);
    EXPECT_EQ(set.items[1].kind, SetItemKind::Replace);
    EXPECT_EQ(set.items[2].kind, SetItemKind::Merge);
    EXPECT_EQ(set.items[3].kind, SetItemKind::Labels);
    EXPECT_EQ(set.items[3].labels, (std::vector<std::string>{"A", "B"}));
    const auto& remove = clause_as<RemoveClause>(s, 2);
    EXPECT_FALSE(remove.items[0].is_labels);
    EXPECT_TRUE(remove.items[1].is_labels);
    const auto& del = clause_as<DeleteClause>(s, 3);
    EXPECT_TRUE(del.detach);
    EXPECT_EQ(del.targets.size(), 2u);
    EXPECT_EQ(clause_as<CreateClause>(s, 4).patterns[0].steps[0].rel.types[0], "T");
    EXPECT_EQ(clause_as<UnwindClause>(s, 5).variable, "i");
}

TEST(Parser, CallClause) {
    const Statement s =
        parse("CALL algo.pageRank('x', 0.85) YIELD node, score AS s WHERE s > 1 RETURN node");
    const auto& c = clause_as<CallClause>(s, 0);
    EXPECT_EQ(c.procedure, "algo.pageRank");
    EXPECT_EQ(c.args.size(), 2u);
    ASSERT_EQ(c.yields.size(), 2u);
    EXPECT_EQ(c.yields[1].field, "score");
    EXPECT_EQ(c.yields[1].alias, "s");
    EXPECT_TRUE(c.where);
}

TEST(Parser, SchemaAndTransactionCommands) {
    const auto on = std::get<CreateIndex>(parse("CREATE INDEX ON :Person(name, age)").body);
    EXPECT_EQ(on.label, "Person");
    EXPECT_EQ(on.properties, (std::vector<std::string>{"name", "age"}));
    EXPECT_FALSE(on.name);
    const auto named =
        std::get<CreateIndex>(parse("CREATE INDEX idx FOR (n:Person) ON (n.name)").body);
    EXPECT_EQ(named.name, "idx");
    EXPECT_EQ(named.variable, "n");
    EXPECT_EQ(named.properties, std::vector<std::string>{"name"});
    EXPECT_EQ(std::get<DropIndex>(parse("DROP INDEX idx").body).name, "idx");
    EXPECT_EQ(std::get<DropIndex>(parse("DROP INDEX ON :L(p)").body).label, "L");
    EXPECT_TRUE(std::holds_alternative<ShowIndexes>(parse("SHOW INDEXES").body));
    EXPECT_EQ(std::get<TransactionControl>(parse("begin").body).command, TransactionCommand::Begin);
    EXPECT_EQ(std::get<TransactionControl>(parse("COMMIT;").body).command,
              TransactionCommand::Commit);
    EXPECT_EQ(std::get<TransactionControl>(parse("ROLLBACK").body).command,
              TransactionCommand::Rollback);
    const auto unique = std::get<CreateConstraint>(
        parse("CREATE CONSTRAINT cc IF NOT EXISTS FOR (c:Country) REQUIRE c.code IS UNIQUE").body);
    EXPECT_EQ(unique.name, "cc");
    EXPECT_TRUE(unique.if_not_exists);
    EXPECT_FALSE(unique.is_old_syntax);
    EXPECT_EQ(unique.variable, "c");
    EXPECT_EQ(unique.property_variable, "c");
    EXPECT_EQ(unique.label, "Country");
    EXPECT_EQ(unique.property, "code");
    const auto old =
        std::get<CreateConstraint>(parse("create constraint on (n:L) assert m.p is unique").body);
    EXPECT_FALSE(old.name);
    EXPECT_TRUE(old.is_old_syntax);
    EXPECT_EQ(old.property_variable, "m");
    EXPECT_EQ(old.property_span.offset, 34u);
    const auto drop = std::get<DropConstraint>(parse("DROP CONSTRAINT cc IF EXISTS").body);
    EXPECT_EQ(drop.name, "cc");
    EXPECT_TRUE(drop.if_exists);
    const auto drop_rule =
        std::get<DropConstraint>(parse("DROP CONSTRAINT ON (n:L) ASSERT n.p IS UNIQUE").body);
    EXPECT_FALSE(drop_rule.name);
    EXPECT_EQ(drop_rule.label, "L");
    EXPECT_EQ(drop_rule.property, "p");
    EXPECT_TRUE(std::holds_alternative<ShowConstraints>(parse("SHOW CONSTRAINTS").body));
    // A constraint may be named like a keyword that is not reserved, but not FOR or IF.
    EXPECT_EQ(std::get<CreateConstraint>(
                  parse("CREATE CONSTRAINT unique FOR (n:L) REQUIRE n.p IS UNIQUE").body)
                  .name,
              "unique");
    EXPECT_EQ(parse("EXPLAIN MATCH (n) RETURN n").mode, ExplainMode::Explain);
    EXPECT_EQ(parse("PROFILE RETURN 1").mode, ExplainMode::Profile);
    EXPECT_EQ(parse("RETURN 1").mode, ExplainMode::None);
}

// ---- spans and column names -------------------------------------------------------------------

TEST(Parser, UnaliasedColumnsAreTheTextAsWritten) {
    const std::string text =
        "MATCH (n) RETURN count(*), n.name, a  +  b /* c */ , (n.x), n.y AS why";
    const Statement s = parse(text);
    const auto& items = clause_as<ReturnClause>(s, 1).projection.items;
    ASSERT_EQ(items.size(), 5u);
    EXPECT_EQ(items[0].column, "count(*)");
    EXPECT_EQ(items[1].column, "n.name");
    EXPECT_EQ(items[2].column, "a  +  b");
    EXPECT_EQ(items[3].column, "(n.x)");
    EXPECT_EQ(items[4].column, "why");
    EXPECT_EQ(span_text(text, items[4].expr->span), "n.y");
}

TEST(Parser, SpansPointIntoTheSource) {
    const std::string text = "MATCH (a:Person)-[r:T]->(b)\nWHERE a.age > 30\nRETURN a";
    const Statement s = parse(text);
    const auto& m = clause_as<MatchClause>(s, 0);
    EXPECT_EQ(span_text(text, m.patterns[0].start.span), "(a:Person)");
    EXPECT_EQ(span_text(text, m.patterns[0].steps[0].rel.span), "-[r:T]->");
    EXPECT_EQ(span_text(text, m.patterns[0].span), "(a:Person)-[r:T]->(b)");
    EXPECT_EQ(span_text(text, m.where->span), "a.age > 30");
    EXPECT_EQ(span_text(text, m.where->args[0]->span), "a.age");
    EXPECT_EQ(span_text(text, clause(s, 0).span), "MATCH (a:Person)-[r:T]->(b)\nWHERE a.age > 30");
    EXPECT_EQ(span_text(text, clause(s, 1).span), "RETURN a");
}

// ---- the terse form ---------------------------------------------------------------------------

TEST(Parser, TerseFormIsDistinguishedFromTheFullForm) {
    const Statement terse = parse("MATCH visit WHERE host=AZ");
    ASSERT_TRUE(std::holds_alternative<TerseMatch>(terse.body));
    const auto& t = std::get<TerseMatch>(terse.body);
    EXPECT_EQ(t.label, "visit");
    ASSERT_TRUE(t.where);
    EXPECT_EQ(t.where->kind, TerseConditionKind::Compare);
    EXPECT_EQ(t.where->key, "host");
    EXPECT_EQ(t.where->op, CompareOp::Eq);
    EXPECT_EQ(t.where->operand.kind, TerseOperandKind::Word);
    EXPECT_EQ(t.where->operand.text, "AZ");
    EXPECT_FALSE(t.return_clause);

    const Statement full = parse("MATCH (v:visit) WHERE v.host = 'AZ' RETURN v");
    ASSERT_TRUE(std::holds_alternative<Query>(full.body));
    EXPECT_EQ(clause_as<MatchClause>(full, 0).patterns[0].start.labels[0], "visit");
    EXPECT_TRUE(std::holds_alternative<Query>(parse("MATCH p = (a)-->(b) RETURN p").body));
}

TEST(Parser, TerseConditionsAndReturn) {
    const std::string text =
        "MATCH visit WHERE host = 'AZ' AND (n >= 3 OR NOT x <> -1.5) AND y < 7 RETURN host, "
        "count(*)";
    const Statement s = parse(text);
    const auto& t = std::get<TerseMatch>(s.body);
    ASSERT_EQ(t.where->kind, TerseConditionKind::And);
    ASSERT_EQ(t.where->children.size(), 3u);
    EXPECT_EQ(t.where->children[0]->operand.kind, TerseOperandKind::String);
    const auto& group = *t.where->children[1];
    ASSERT_EQ(group.kind, TerseConditionKind::Or);
    EXPECT_EQ(group.children[0]->op, CompareOp::Ge);
    EXPECT_EQ(group.children[0]->operand.int_value, 3);
    ASSERT_EQ(group.children[1]->kind, TerseConditionKind::Not);
    EXPECT_DOUBLE_EQ(group.children[1]->children[0]->operand.float_value, -1.5);
    EXPECT_EQ(t.where->children[2]->operand.kind, TerseOperandKind::Integer);
    ASSERT_TRUE(t.return_clause);
    EXPECT_EQ(t.return_clause->projection.items[1].column, "count(*)");
    EXPECT_EQ(span_text(text, t.return_span), "RETURN host, count(*)");
    EXPECT_EQ(span_text(text, t.label_span), "visit");
    EXPECT_EQ(span_text(text, t.where->children[0]->span), "host = 'AZ'");
}

TEST(Parser, TerseFormWithoutWhere) {
    const Statement s = parse("MATCH visit RETURN visit");
    const auto& t = std::get<TerseMatch>(s.body);
    EXPECT_FALSE(t.where);
    EXPECT_TRUE(t.return_clause);
}

// ---- round trips ------------------------------------------------------------------------------

const std::vector<std::string> corpus = {
    "MATCH (n) RETURN n",
    "MATCH (n:Person) WHERE n.age > 30 RETURN n.name AS name ORDER BY name LIMIT 10",
    "MATCH (a)-[:KNOWS]->(b)<-[:KNOWS]-(c) RETURN a, b, c",
    "MATCH (a)-[r:T1|T2|:T3 *1..3 {w: 1}]-(b) RETURN r",
    "MATCH (a)-[*]->(b), (c)-[*2]->(d), (e)-[*..5]->(f), (g)-[*2..]->(h) RETURN a",
    "MATCH (a)--(b)-->(c)<--(d) RETURN a",
    "MATCH p = (a)-->(b) RETURN p, length(p)",
    "MATCH p = shortestPath((a:A)-[*]-(b:B)) RETURN p",
    "MATCH p = allShortestPaths((a)-[:T*..4]->(b)) RETURN p",
    "OPTIONAL MATCH (n)-[r]->() RETURN n, r",
    "MATCH (n {name: 'x', age: 3}) RETURN n",
    "MATCH (n $props) RETURN n",
    "MATCH (n) WHERE n.name STARTS WITH 'A' AND n.name ENDS WITH 'z' OR n.name CONTAINS 'q' RETURN "
    "n",
    "MATCH (n) WHERE n.name =~ '(?i)a.*' RETURN n",
    "MATCH (n) WHERE n.x IS NULL OR n.y IS NOT NULL RETURN n",
    "MATCH (n) WHERE 1 < n.x <= 10 RETURN n",
    "MATCH (n) WHERE n:Person:Admin XOR NOT n:Guest RETURN n",
    "MATCH (n) WHERE n.x IN [1, 2, 3] RETURN n",
    "MATCH (a), (b) WHERE (a)-[:T]->(b) RETURN a",
    "MATCH (a) WHERE exists((a)-->()) RETURN a",
    "MATCH (a) WHERE EXISTS { (a)-[:T]->(b:B) WHERE b.x > 1 } RETURN a",
    "MATCH (n) RETURN DISTINCT n.x",
    "MATCH (n) RETURN *",
    "MATCH (n) RETURN *, n.x AS x",
    "MATCH (n) RETURN count(*), count(DISTINCT n.x), collect(n.name)",
    "MATCH (n) RETURN n ORDER BY n.x DESC, n.y ASC SKIP 5 LIMIT 10",
    "MATCH (n) RETURN n ORDER BY n.x DESCENDING",
    "MATCH (n) WITH n, n.x AS x WHERE x > 1 RETURN n",
    "MATCH (n) WITH DISTINCT n.x AS x ORDER BY x LIMIT 3 RETURN x",
    "UNWIND [1, 2, 3] AS x RETURN x * 2",
    "UNWIND $list AS item RETURN item",
    "RETURN 1 AS a UNION RETURN 2 AS a",
    "RETURN 1 AS a UNION ALL RETURN 2 AS a UNION RETURN 3 AS a",
    "RETURN 1 + 2 * 3 - 4 / 5 % 6 ^ 7",
    "RETURN -1, +2, - -3, -(4)",
    "RETURN NOT NOT true",
    "RETURN 0x1F, 0o17, 1.5, .25, 1e3, 2.5E-3, 123456789012",
    "RETURN 'single', \"double\", 'esc\\'aped\\n\\t\\\\', '\\u00e9'",
    "RETURN null, true, false",
    "RETURN [1, [2, 3], []], {a: 1, b: {c: [1]}}, {}",
    "RETURN $param, $0, $`odd name`",
    "RETURN l[0], l[1..2], l[..2], l[1..], l[-1]",
    "RETURN CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END",
    "RETURN CASE x WHEN 1 THEN 'one' END",
    "RETURN [x IN range(1, 10) WHERE x % 2 = 0 | x * x]",
    "RETURN [x IN l WHERE x > 0], [x IN l | x], [x IN l]",
    "MATCH (a) RETURN [(a)-[:T]->(b) WHERE b.x > 1 | b.name]",
    "MATCH (a) RETURN [p = (a)-->() | p]",
    "RETURN all(x IN l WHERE x > 0), any(x IN l WHERE x), none(x IN l WHERE x), single(x IN l "
    "WHERE x)",
    "RETURN reduce(acc = 0, x IN [1, 2] | acc + x)",
    "MATCH (n) RETURN n{.name, .age, k: 1, .*, other}",
    "RETURN duration.between(a, b), date.truncate('day', d)",
    "MATCH (`my var`:`My Label`) RETURN `my var`.`odd key` AS `out put`",
    "MATCH (n) RETURN n.count, n.match, n.end",
    "CREATE (a:Person {name: 'A'})-[:KNOWS {since: 2020}]->(b:Person {name: 'B'})",
    "CREATE (a), (b)",
    "MERGE (n:L {k: 1}) ON CREATE SET n.created = timestamp() ON MATCH SET n.seen = true, n:Seen",
    "MATCH (n) SET n.x = 1, n = {a: 1}, n += $p, n:A:B",
    "MATCH (n) REMOVE n.x, n:A:B",
    "MATCH (n) DETACH DELETE n",
    "MATCH (n)-[r]->() DELETE r, n",
    "CALL db.labels() YIELD label RETURN label",
    "CALL algo.pageRank('Person', 0.85) YIELD node, score AS s WHERE s > 0.1 RETURN node",
    "CALL db.stats() YIELD *",
    "CREATE INDEX ON :Person(name)",
    "CREATE INDEX ON :Person(name, age)",
    "CREATE INDEX FOR (n:Person) ON (n.name)",
    "CREATE INDEX person_name FOR (p:Person) ON (p.name, p.age)",
    "DROP INDEX ON :Person(name)",
    "DROP INDEX person_name",
    "SHOW INDEXES",
    "CREATE CONSTRAINT FOR (c:Country) REQUIRE c.code IS UNIQUE",
    "CREATE CONSTRAINT country_code IF NOT EXISTS FOR (c:Country) REQUIRE c.code IS UNIQUE",
    "CREATE CONSTRAINT ON (c:Country) ASSERT c.code IS UNIQUE",
    "DROP CONSTRAINT country_code",
    "DROP CONSTRAINT country_code IF EXISTS",
    "DROP CONSTRAINT ON (c:`My Label`) ASSERT c.`odd key` IS UNIQUE",
    "SHOW CONSTRAINTS",
    "RETURN duration('P1Y2M'), duration({days: 1.5}).hours, n {.*}",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "EXPLAIN MATCH (n) RETURN n",
    "PROFILE MATCH (n) RETURN n",
    "MATCH visit WHERE host=AZ",
    "MATCH visit WHERE host = 'AZ' AND n >= 3 OR NOT x <> -1.5",
    "MATCH visit WHERE (a = 1 OR b = \"two\") AND NOT (c < 3) RETURN count(*) AS n",
    "MATCH visit",
    "MATCH visit RETURN visit.host",
};

class RoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(RoundTrip, PrintThenParseGivesTheSameAst) {
    const Statement first = parse(GetParam());
    const std::string printed = to_string(first);
    std::optional<Statement> second;
    ASSERT_NO_THROW(second.emplace(parse(printed))) << "printed: " << printed;
    EXPECT_TRUE(same_ast(first, *second)) << "printed: " << printed;
    EXPECT_EQ(to_string(*second), printed);
    EXPECT_FALSE(printed.empty());
}

INSTANTIATE_TEST_SUITE_P(Corpus, RoundTrip, ::testing::ValuesIn(corpus));

// The printer backticks exactly the words the grammar reserves (one list, reserved_words.hpp).
TEST(Parser, PrintsReservedWordsAsQuotedVariables) {
    for (const std::string_view word : reserved_words) {
        const std::string quoted = "`" + std::string(word) + "`";
        const Statement s = parse("MATCH (" + quoted + ") RETURN " + quoted);
        EXPECT_EQ(to_string(s), "MATCH (" + quoted + ") RETURN " + quoted);
        EXPECT_TRUE(same_ast(parse(to_string(s)), s)) << word;
    }
}

TEST(Parser, SameAstDetectsDifferences) {
    EXPECT_TRUE(same_ast(parse("RETURN  1+2"), parse("RETURN 1 + 2")));
    EXPECT_FALSE(same_ast(parse("RETURN 1 + 2"), parse("RETURN 1 - 2")));
    EXPECT_FALSE(same_ast(parse("RETURN DISTINCT n"), parse("RETURN n")));
    EXPECT_FALSE(same_ast(parse("MATCH (a)-->(b) RETURN a"), parse("MATCH (a)<--(b) RETURN a")));
    EXPECT_FALSE(same_ast(parse("MATCH (a)-[*1..2]->(b) RETURN a"),
                          parse("MATCH (a)-[*1..3]->(b) RETURN a")));
    EXPECT_FALSE(same_ast(parse("RETURN 1 AS a UNION RETURN 1 AS a"),
                          parse("RETURN 1 AS a UNION ALL RETURN 1 AS a")));
    EXPECT_FALSE(same_ast(parse("MATCH visit WHERE a = 1"), parse("MATCH visit WHERE a = '1'")));
}

TEST(Parser, PrintsCanonicalText) {
    EXPECT_EQ(to_string(parse("match (n:person) where n.age>3 return n.name as name;")),
              "MATCH (n:person) WHERE (n.age > 3) RETURN n.name AS name");
    EXPECT_EQ(to_string(parse("RETURN \"it's\", `match`")), "RETURN 'it\\'s', `match`");
    EXPECT_EQ(to_string(parse("MATCH (a)-[*1..1]->(b) RETURN a")), "MATCH (a)-[*1]->(b) RETURN a");
}

// ---- errors -----------------------------------------------------------------------------------

std::string first_line_of_error(const std::string& text) {
    try {
        (void)parse(text);
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Syntax);
        const std::string rendered = render_error(e, text, "query");
        return rendered.substr(0, rendered.find('\n'));
    }
    return "no error";
}

struct BadInput {
    std::string text;
    std::string expected;
};

class SyntaxErrors : public ::testing::TestWithParam<BadInput> {};

TEST_P(SyntaxErrors, SayWhatWasExpectedAndWhere) {
    EXPECT_EQ(first_line_of_error(GetParam().text), GetParam().expected) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Table, SyntaxErrors,
    ::testing::Values(
        BadInput{"MATCH (a:Person RETURN a",
                 "query:1:17: syntax error: expected ')' after the node pattern"},
        BadInput{"CREATE CONSTRAINT FOR (c:Country) REQUIRE c.code IS NOT NULL",
                 "query:1:53: syntax error: expected UNIQUE after IS (only uniqueness constraints "
                 "are supported)"},
        BadInput{"CREATE CONSTRAINT FOR (c:Country) ASSERT c.code IS UNIQUE",
                 "query:1:35: syntax error: expected REQUIRE after the constraint pattern"},
        BadInput{"CREATE CONSTRAINT c IF EXISTS FOR (c:Country) REQUIRE c.code IS UNIQUE",
                 "query:1:24: syntax error: expected NOT EXISTS after IF"},
        BadInput{"CREATE CONSTRAINT c",
                 "query:1:20: syntax error: expected FOR (n:Label) REQUIRE n.property IS UNIQUE"},
        BadInput{"DROP CONSTRAINT",
                 "query:1:16: syntax error: expected a constraint name or ON (n:Label) ASSERT "
                 "n.property IS UNIQUE after DROP CONSTRAINT"},
        BadInput{"DROP TABLE t",
                 "query:1:6: syntax error: expected INDEX or CONSTRAINT after DROP"},
        BadInput{"MATCH (a:) RETURN a",
                 "query:1:10: syntax error: expected a label name after ':'"},
        BadInput{
            "MATCH (a)-[r:T->(b) RETURN a",
            "query:1:15: syntax error (SyntaxError.InvalidRelationshipPattern): expected ']' after "
            "the relationship details"},
        BadInput{"MATCH (a)-->",
                 "query:1:13: syntax error: expected a node pattern such as (n) or (n:Label)"},
        BadInput{"MATCH (n)\nWHERE\nRETURN n",
                 "query:3:1: syntax error: expected a condition after WHERE"},
        BadInput{"RETURN 1 +",
                 "query:1:11: syntax error: expected an expression after the operator"},
        BadInput{"RETURN [1, 2", "query:1:13: syntax error: expected ']' to close the list"},
        BadInput{"RETURN {a 1}", "query:1:11: syntax error: expected ':' after the map key"},
        BadInput{"RETURN f(1, 2", "query:1:14: syntax error: expected ')' after the arguments"},
        BadInput{"RETURN 'abc",
                 "query:1:12: syntax error: unterminated string literal: expected a closing '"},
        BadInput{"RETURN 'a\\qb'",
                 "query:1:11: syntax error: invalid escape sequence in string literal"},
        BadInput{"RETURN CASE WHEN x THEN 1",
                 "query:1:26: syntax error: expected END to close the CASE expression"},
        BadInput{"MATCH (n) RETRN n",
                 "query:1:11: syntax error: expected a clause or the end of the statement"},
        BadInput{"MATCH (n) RETURN n ORDER n", "query:1:26: syntax error: expected BY after ORDER"},
        BadInput{"UNWIND [1] x RETURN x",
                 "query:1:12: syntax error: expected AS after the UNWIND expression"},
        BadInput{"FROB",
                 "query:1:1: syntax error: expected a statement such as MATCH, RETURN or CREATE"},
        BadInput{"MATCH visit WHERE host",
                 "query:1:23: syntax error: expected a comparison operator (=, <>, <, <=, >, >=) "
                 "after the property name"},
        BadInput{
            "MATCH visit WHERE host = ",
            "query:1:26: syntax error: expected a value (a word, a quoted string or a number)"},
        BadInput{"RETURN 1 /* open",
                 "query:1:17: syntax error: unterminated comment: expected '*/'"},
        BadInput{
            "RETURN 9223372036854775808",
            "query:1:8: syntax error (SyntaxError.IntegerOverflow): integer literal is too large"},
        BadInput{"RETURN 1 UNION", "query:1:15: syntax error: expected a clause after UNION"},
        BadInput{"MERGE (n) ON DELETE SET n.x = 1",
                 "query:1:14: syntax error: expected CREATE or MATCH after ON"}));

TEST(RenderError, ShowsTheLineAndACaret) {
    const std::string text = "MATCH (a:Person RETURN a";
    try {
        (void)parse(text);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(render_error(e, text, "query"),
                  "query:1:17: syntax error: expected ')' after the node pattern\n"
                  "  MATCH (a:Person RETURN a\n"
                  "                  ^");
    }
}

TEST(RenderError, CountsColumnsInCharactersOnTheRightLine) {
    const std::string text = "MATCH (n)\nWHERE n.name = 'é' AND\nRETURN n";
    try {
        (void)parse(text);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(render_error(e, text, "file.cql"),
                  "file.cql:3:1: syntax error: expected an expression after AND\n"
                  "  RETURN n\n"
                  "  ^");
    }
    const std::string utf8 = "RETURN 'é' +";
    try {
        (void)parse(utf8);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.where()->offset, utf8.size());
        EXPECT_EQ(render_error(e, utf8, "q").substr(0, 6), "q:1:13");
    }
}

TEST(RenderError, QuotesAWindowOfAVeryLongLine) {
    // 1000 terms: an error in the middle quotes 80 bytes either side, not the whole line.
    std::string text = "RETURN 1";
    for (int i = 0; i < 1000; ++i)
        text += i == 500 ? " + )" : " + 1";
    try {
        (void)parse(text);
        FAIL() << "no error";
    } catch (const Error& e) {
        const std::string rendered = render_error(e, text, "q");
        ASSERT_NE(rendered.find("\n  ..."), std::string::npos) << rendered;
        const std::size_t quote = rendered.find("\n  ...") + 6;  // past the indent and "..."
        const std::size_t caret_line = rendered.find('\n', quote) + 1;
        const std::string quoted = rendered.substr(quote, caret_line - 1 - quote);
        EXPECT_EQ(quoted.size(), 80u + 80u + 3u) << quoted;
        EXPECT_EQ(quoted.substr(quoted.size() - 3), "...");
        // The caret stands under the offending character: past the indent and the "...".
        const std::string caret = rendered.substr(caret_line);
        EXPECT_EQ(caret.size(), 2u + 3u + 80u + 1u) << caret;
        EXPECT_EQ(quoted[caret.size() - 1 - 2 - 3], text[e.where()->offset]);
    }
}

TEST(RenderError, WithoutASpan) {
    const Error e(ErrorKind::Semantic, "unknown variable 'x'");
    EXPECT_EQ(render_error(e, "RETURN x", "query"), "query: semantic error: unknown variable 'x'");
}

TEST(RenderError, LineColumn) {
    EXPECT_EQ(line_column("ab\ncd", 4).line, 2u);
    EXPECT_EQ(line_column("ab\ncd", 4).column, 2u);
    EXPECT_EQ(line_column("é", 2).column, 2u);
}

// ---- robustness -------------------------------------------------------------------------------

std::string repeat(const std::string& s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i)
        out += s;
    return out;
}

void expect_too_deep(const std::string& text) {
    try {
        (void)parse(text);
        ADD_FAILURE() << "no error for " << text.substr(0, 40);
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Syntax);
        EXPECT_STREQ(e.what(), "expression nests too deeply");
        ASSERT_TRUE(e.where());
    }
}

TEST(Robustness, DeepNestingIsASyntaxErrorNotAStackOverflow) {
    constexpr int n = 10000;
    expect_too_deep("RETURN " + std::string(n, '(') + "1" + std::string(n, ')'));
    expect_too_deep("RETURN " + std::string(n, '[') + "1" + std::string(n, ']'));
    expect_too_deep("RETURN " + repeat("NOT ", n) + "true");
    expect_too_deep("RETURN " + repeat("-", n) + "1");
    expect_too_deep("RETURN " + repeat("{a: ", n) + "1" + std::string(n, '}'));
    expect_too_deep("MATCH (n) WHERE " + repeat("(", n) + "true" + repeat(")", n) + " RETURN n");
    expect_too_deep("MATCH v WHERE " + repeat("(", n) + "a = 1" + repeat(")", n));
    expect_too_deep("MATCH v WHERE " + repeat("NOT ", n) + "a = 1");
    EXPECT_THROW(parse("MATCH " + std::string(n, '(')), Error);
}

// 64 levels fit every build, including sanitizers on an 8 MB stack.
TEST(Robustness, NestingBelowTheLimitParses) {
    constexpr int n = 64;
    EXPECT_NO_THROW(parse("RETURN " + std::string(n, '(') + "1" + std::string(n, ')')));
    EXPECT_NO_THROW(parse("RETURN " + repeat("NOT ", n) + "true"));
}

// Alternatives that re-parse nested text (pattern vs parenthesised expression, comprehension vs
// list) are memoised; without that these take exponential time.
TEST(Robustness, AmbiguousNestingParsesInPolynomialTime) {
    constexpr int n = 40;
    EXPECT_NO_THROW(parse("RETURN " + repeat("({a: ", n) + "1" + repeat("}) - 1", n)));
    EXPECT_NO_THROW(parse("RETURN " + repeat("[x IN ", n) + "1" + repeat(", 1]", n)));
    EXPECT_NO_THROW(parse("RETURN " + repeat("[(a)-->(b {x: ", n) + "1" + repeat("})]", n)));
}

TEST(Robustness, SmallThreadStackGivesASyntaxErrorNotACrash) {
    // 256 KB of stack cannot hold 200 nesting levels in any build: the stack guard must stop first.
    const std::string text = "RETURN " + std::string(200, '(') + "1" + std::string(200, ')');
    std::string message;
    pthread_attr_t attr;
    ASSERT_EQ(pthread_attr_init(&attr), 0);
    ASSERT_EQ(pthread_attr_setstacksize(&attr, 256 * 1024), 0);
    struct Job {
        const std::string* text;
        std::string* message;
    } job{&text, &message};
    pthread_t thread;
    ASSERT_EQ(pthread_create(
                  &thread, &attr,
                  [](void* arg) -> void* {
                      auto* j = static_cast<Job*>(arg);
                      try {
                          (void)parse(*j->text);
                          *j->message = "no error";
                      } catch (const Error& e) {
                          *j->message = e.what();
                      }
                      return nullptr;
                  },
                  &job),
              0);
    pthread_join(thread, nullptr);
    pthread_attr_destroy(&attr);
    EXPECT_EQ(message, "expression nests too deeply");
}

TEST(Robustness, OneMegabyteStringLiteral) {
    const std::string big(1 << 20, 'x');
    const Statement s = parse("RETURN '" + big + "' AS s");
    EXPECT_EQ(clause_as<ReturnClause>(s, 0).projection.items[0].expr->string_value, big);
    std::string escaped;
    for (int i = 0; i < (1 << 18); ++i)
        escaped += "\\n";
    const Statement t = parse("RETURN \"" + escaped + "\"");
    EXPECT_EQ(clause_as<ReturnClause>(t, 0).projection.items[0].expr->string_value.size(),
              std::size_t{1} << 18);
}

TEST(Robustness, InvalidUtf8AndControlBytesAreSyntaxErrors) {
    EXPECT_THROW(parse(std::string("RETURN \xFF")), Error);
    EXPECT_THROW(parse(std::string("RETURN 1\x01", 9)), Error);
    EXPECT_THROW(parse(std::string("MATCH (n) RETURN n\0", 19)), Error);
}

}  // namespace
