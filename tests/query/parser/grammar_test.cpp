// Tests of query/parser/grammar.hpp alone (no actions): the grammar is well-formed and each rule
// accepts and rejects what it should.
#include "query/parser/grammar.hpp"
#include "query/parser/grammar_errors.hpp"
#include "query/parser/reserved_words.hpp"

#include <gtest/gtest.h>
#include <tao/pegtl/contrib/analyze.hpp>

#include <string>
#include <vector>

namespace {

namespace pegtl = tao::pegtl;
namespace g = caspian::query::grammar;

// Whether the whole text matches Rule; a must<> failure counts as a rejection.
template <typename Rule>
bool accepts(const std::string& text) {
    pegtl::memory_input in(text, "test");
    try {
        return pegtl::parse<pegtl::seq<Rule, pegtl::eof>, pegtl::nothing, g::control>(in);
    } catch (const pegtl::parse_error&) {
        return false;
    }
}

struct Table {
    std::vector<std::string> accept;
    std::vector<std::string> reject;
};

template <typename Rule>
void check(const Table& table) {
    for (const auto& text : table.accept)
        EXPECT_TRUE(accepts<Rule>(text)) << "should accept: " << text;
    for (const auto& text : table.reject)
        EXPECT_FALSE(accepts<Rule>(text)) << "should reject: " << text;
}

TEST(Grammar, AnalyzeFindsNoIssues) {
    EXPECT_EQ(pegtl::analyze<g::statement>(1), 0u);
}

TEST(Grammar, Whitespace) {
    check<g::ws>({{"", "  \t\n", "// comment", "/* block */", " /* a */ // b\n /* c */ "},
                  {"x", "/* unterminated", "/"}});
}

TEST(Grammar, Variable) {
    check<g::variable>({{"n", "_x", "a1", "`weird name`", "`a``b`", "matches", "orders", "élan",
                         "count", "`MATCH`"},
                        {"1a", "MATCH", "match", "where", "RETURN", "and", "`open", "", "a b"}});
}

// reserved_word is built from reserved_words.hpp, the list the AST printer backticks by: each
// word, in any case, is that rule and no variable; a longer word or a backticked one is a name.
TEST(Grammar, ReservedWordsAreTheSharedList) {
    for (const std::string_view word : caspian::query::reserved_words) {
        const std::string upper(word);
        std::string lower = upper;
        for (char& c : lower)
            c = static_cast<char>(c - 'A' + 'a');
        for (const std::string& text : {upper, lower}) {
            EXPECT_TRUE(accepts<g::reserved_word>(text)) << text;
            EXPECT_FALSE(accepts<g::variable>(text)) << text;
            EXPECT_TRUE(accepts<g::variable>(text + "x")) << text;
            EXPECT_TRUE(accepts<g::variable>("`" + text + "`")) << text;
        }
    }
    for (const std::string text : {"FOR", "COUNT", "IF", "BEGIN", "x", "ASCEND", "ORD"})
        EXPECT_FALSE(accepts<g::reserved_word>(text)) << text;
}

TEST(Grammar, SchemaNamesMayBeKeywords) {
    check<g::label_name>({{"Person", "Match", "RETURN", "`my label`"}, {"1x", "", "a-b"}});
    check<g::property_key>({{"name", "count", "end", "match"}, {"9", ""}});
}

TEST(Grammar, NumberLiteral) {
    check<g::number_literal>(
        {{"0", "42", "0x1F", "0XfF", "0o17", "1.5", ".5", "1e3", "1E-3", "2.5e+10"},
         {"0x", "0o9", "1.", "e3", "", "1..2"}});
}

TEST(Grammar, StringLiteral) {
    check<g::string_literal>(
        {{"''", "'abc'", "\"abc\"", R"('it\'s')", R"("a\"b")", R"('\\')", R"('\n\t\r\b\f')",
          R"('\u00e9')", R"('\U0001F600')", "'multi\nline'", "'é'"},
         {"'open", "\"open", R"('\q')", R"('\u12')", "'a'b'", "abc"}});
}

TEST(Grammar, Parameter) {
    check<g::parameter>({{"$x", "$0", "$12", "$`odd name`", "$match"}, {"$", "x", "$ x"}});
}

TEST(Grammar, NodePattern) {
    check<g::node_pattern>({{"()", "(n)", "(:L)", "(n:A:B)", "(n {k: 1})", "(n:A {k: 'v', j: $p})",
                             "(n $props)", "( n : A )", "(`my var`:`My Label`)"},
                            {"(", "(n", "(n:)", "(n {k})", "n", "(n) x", "(MATCH)"}});
}

TEST(Grammar, RelPattern) {
    check<g::rel_pattern>({{"-->", "<--", "--", "-[]->", "<-[r]-", "-[r:T]-", "-[:A|B]->",
                            "-[:A|:B]->", "-[*]->", "-[*2]->", "-[*1..3]->", "-[*..5]->",
                            "-[*2..]->", "-[r:T*1..2 {w: 1}]->", "<-->", "- [r] ->"},
                           {"->", "-[", "-[r->", "-[:]->", "<", "-[*a]->"}});
}

TEST(Grammar, PatternPart) {
    check<g::pattern_part>(
        {{"(a)", "(a)-->(b)", "(a)-[:T]->(b)<-[:U]-(c)", "p = (a)-->(b)", "p=(a)--(b)",
          "shortestPath((a)-[*]->(b))", "p = allShortestPaths((a)-[:T*..4]-(b))"},
         {"(a)-->", "(a)-->b", "p = ", "shortestPath(a)", "(a)-[:T]->(b"}});
}

TEST(Grammar, Expression) {
    check<g::expression>(
        {{"1",
          "a + b * c",
          "-x ^ 2",
          "NOT a AND b OR c XOR d",
          "a < b <= c",
          "a <> b",
          "x IS NULL",
          "x IS NOT NULL",
          "s STARTS WITH 'a'",
          "s ENDS WITH 'a'",
          "s CONTAINS 'a'",
          "x IN [1, 2]",
          "s =~ '.*'",
          "n.name",
          "n.count",
          "n:Person:Admin",
          "l[0]",
          "l[1..2]",
          "l[..2]",
          "l[1..]",
          "f(x)",
          "count(*)",
          "count(DISTINCT x)",
          "duration.between(a, b)",
          "{a: 1, b: [1, 2]}",
          "{}",
          "[]",
          "$p",
          "CASE x WHEN 1 THEN 'a' ELSE 'b' END",
          "CASE WHEN x > 1 THEN 'a' END",
          "[x IN l WHERE x > 1 | x * 2]",
          "[x IN l]",
          "[(a)-->(b) | b.name]",
          "[p = (a)-[:T]->(b) WHERE b.x > 1 | p]",
          "all(x IN l WHERE x > 0)",
          "any(x IN l WHERE x > 0)",
          "none(x IN l WHERE x > 0)",
          "single(x IN l WHERE x > 0)",
          "reduce(acc = 0, x IN l | acc + x)",
          "EXISTS { (a)-[:T]->(b) WHERE b.x = 1 }",
          "exists((a)-->())",
          "(a)-[:KNOWS]->(b)",
          "n{.name, .age, k: 1, .*}",
          "(a + b) * c",
          "((1))",
          "true AND false OR null",
          "1 /* comment */ + 2",
          "a // trailing comment\n + b"},
         {"", "a +", "(a", "[1, 2", "{a: }", "NOT", "CASE WHEN x END", "x IS", "a ==", "f(", "l[",
          "n.", "n:", "reduce(acc = 0, x IN l)", "1 2", "s STARTS 'a'"}});
}

TEST(Grammar, MatchClause) {
    check<g::match_clause>({{"MATCH (n)", "match (n:L) where n.x = 1", "OPTIONAL MATCH (a)-->(b)",
                             "MATCH (a), (b)-->(c) WHERE a.x > b.y", "MATCH p = (a)-->(b)"},
                            {"MATCH", "MATCH n", "OPTIONAL (n)", "MATCH (n) WHERE", "MATCHx (n)"}});
}

TEST(Grammar, ProjectionClauses) {
    check<g::return_clause>(
        {{"RETURN n", "RETURN *", "RETURN DISTINCT n.x AS x", "RETURN *, n",
          "RETURN n ORDER BY n.x DESC, n.y ASC SKIP 1 LIMIT 2", "RETURN n ORDER BY n.x DESCENDING",
          "RETURN count(*) AS c"},
         {"RETURN", "RETURN n AS", "RETURN n ORDER n", "RETURN n LIMIT", "RETURN n,"}});
    check<g::with_clause>(
        {{"WITH n", "WITH n AS m WHERE m.x > 1", "WITH DISTINCT n ORDER BY n LIMIT 1"},
         {"WITH", "WITH n WHERE"}});
}

TEST(Grammar, UpdatingClauses) {
    check<g::create_clause>(
        {{"CREATE (n:L {k: 1})", "CREATE (a)-[:T]->(b), (c)"}, {"CREATE", "CREATE (a)-[:T]-"}});
    check<g::merge_clause>(
        {{"MERGE (n:L {k: 1})", "MERGE (n:L) ON CREATE SET n.c = 1 ON MATCH SET n.m = 2, n.k = 3"},
         {"MERGE", "MERGE (n) ON SET n.x = 1", "MERGE (n) ON CREATE n.x = 1"}});
    check<g::set_clause>(
        {{"SET n.x = 1", "SET n = {a: 1}", "SET n += $p", "SET n:A:B", "SET n.x = 1, n:L, m += {}"},
         {"SET", "SET n", "SET n.x", "SET n.x = ", "SET 1 = 2"}});
    check<g::remove_clause>(
        {{"REMOVE n.x", "REMOVE n:L", "REMOVE n:A:B, n.y"}, {"REMOVE", "REMOVE n", "REMOVE n."}});
    check<g::delete_clause>(
        {{"DELETE n", "DETACH DELETE n, m", "DELETE r"}, {"DELETE", "DETACH n", "DETACH"}});
    check<g::unwind_clause>({{"UNWIND [1, 2] AS x", "UNWIND $list AS item"},
                             {"UNWIND [1] x", "UNWIND AS x", "UNWIND [1] AS"}});
    check<g::call_clause>(
        {{"CALL db.labels()", "CALL db.labels", "CALL algo.pageRank(1, 'x') YIELD node, score AS s",
          "CALL p() YIELD * ", "CALL p() YIELD a WHERE a > 1"},
         {"CALL", "CALL p(", "CALL p() YIELD", "CALL p() YIELD a,"}});
}

TEST(Grammar, TerseMatch) {
    check<g::terse_match>(
        {{"MATCH visit WHERE host=AZ", "MATCH visit", "MATCH visit WHERE host = 'AZ'",
          "MATCH visit WHERE n >= 3 AND NOT (a = b OR c <> \"d\")",
          "MATCH visit WHERE x = -1.5 RETURN count(*)", "MATCH `my label` WHERE `odd key` = x",
          "MATCH visit WHERE host.x = 1", "MATCH product WHERE <-exports=BY",
          "MATCH p WHERE a.<-b.c = 'x'", "MATCH visit WHERE year<-1", "MATCH * WHERE ~\"x\"",
          "MATCH *", "MATCH city WHERE ~ 'a b' AND key = x RETURN city"},
         {"MATCH (v:visit)", "MATCH p = (a)", "MATCH visit WHERE", "MATCH visit WHERE host",
          "MATCH visit WHERE host = ", "MATCH visit WHERE host. = 1", "MATCH visit WHERE host.=1",
          "MATCH visit WHERE <- host = 1", "MATCH visit WHERE (a = 1",
          "MATCH visit WHERE a = 1 AND", "MATCH * WHERE ~x", "MATCH * WHERE ~"}});
}

TEST(Grammar, Statement) {
    check<g::statement>(
        {{"MATCH (n) RETURN n",
          "MATCH (n) RETURN n;",
          "  match (n) return n ; ",
          "RETURN 1 UNION RETURN 2",
          "RETURN 1 UNION ALL RETURN 2",
          "EXPLAIN MATCH (n) RETURN n",
          "PROFILE MATCH visit WHERE a = 1",
          "CREATE INDEX ON :Person(name)",
          "CREATE INDEX ON :Person(name, age)",
          "CREATE INDEX FOR (n:Person) ON (n.name)",
          "CREATE INDEX idx FOR (n:Person) ON (n.name)",
          "DROP INDEX ON :Person(name)",
          "DROP INDEX idx",
          "SHOW INDEXES",
          "SHOW INDEX",
          "BEGIN",
          "COMMIT",
          "ROLLBACK",
          "CREATE CONSTRAINT FOR (c:Country) REQUIRE c.code IS UNIQUE",
          "CREATE CONSTRAINT cc IF NOT EXISTS FOR (c:Country) REQUIRE c.code IS UNIQUE",
          "CREATE CONSTRAINT IF NOT EXISTS FOR (c:Country) REQUIRE c.code IS UNIQUE",
          "CREATE CONSTRAINT ON (c:Country) ASSERT c.code IS UNIQUE",
          "DROP CONSTRAINT cc",
          "DROP CONSTRAINT cc IF EXISTS",
          "DROP CONSTRAINT ON (c:Country) ASSERT c.code IS UNIQUE",
          "SHOW CONSTRAINTS",
          "SHOW CONSTRAINT",
          "// leading comment\nMATCH (n) RETURN n /* trailing */"},
         {"", ";", "MATCH (n) RETURN n;;", "RETURN 1 UNION", "MATCH (n) RETRN n", "CREATE INDEX",
          "DROP", "SHOW", "BEGIN COMMIT", "EXPLAIN", "CREATE CONSTRAINT",
          "CREATE CONSTRAINT FOR (c:Country) REQUIRE c.code", "DROP CONSTRAINT",
          "CREATE CONSTRAINT ON (c:Country) REQUIRE c.code IS UNIQUE",
          "CREATE CONSTRAINT FOR (c:Country) REQUIRE c.code IS NOT NULL"}});
}

}  // namespace
