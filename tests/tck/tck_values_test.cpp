// Tests of the TCK value notation parser, the expected/actual comparator and row matching.
// Values are inspected through their accessors: Value's operator== lives in caspian_storage.
#include "tck_values.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace caspian::tck {
namespace {

Value parse(std::string_view text) {
    return parse_tck_value(text);
}

bool match(std::string_view expected, const Value& actual, bool ignore_list_order = false) {
    CompareOptions options;
    options.ignore_list_order = ignore_list_order;
    return values_match(parse(expected), actual, options);
}

Node node(std::uint64_t id, std::vector<std::string> labels, Properties props = {}) {
    return Node{NodeId{id}, std::move(labels), std::move(props)};
}

Edge edge(std::uint64_t id, std::string type, std::uint64_t src, std::uint64_t dst,
          Properties props = {}) {
    return Edge{EdgeId{id}, std::move(type), NodeId{src}, NodeId{dst}, std::move(props)};
}

TEST(TckValues, ParsesScalars) {
    EXPECT_TRUE(parse("null").is_null());
    EXPECT_EQ(parse("true").as_bool(), true);
    EXPECT_EQ(parse("false").as_bool(), false);
    EXPECT_EQ(parse("42").as_int(), 42);
    EXPECT_EQ(parse("-7").as_int(), -7);
    EXPECT_EQ(parse("-9223372036854775808").as_int(), INT64_MIN);
    EXPECT_EQ(parse("1.5").as_float(), 1.5);
    EXPECT_EQ(parse(".5").as_float(), 0.5);
    EXPECT_EQ(parse("-.5").as_float(), -0.5);
    EXPECT_EQ(parse("1e3").kind(), ValueKind::Float);
    EXPECT_EQ(parse("1e3").as_float(), 1000.0);
    EXPECT_EQ(parse("1.2635418652381264e305").as_float(), 1.2635418652381264e305);
    EXPECT_EQ(parse("1e-305").as_float(), 1e-305);
    EXPECT_TRUE(std::isnan(parse("NaN").as_float()));
    EXPECT_EQ(parse("Inf").as_float(), HUGE_VAL);
    EXPECT_EQ(parse("-Inf").as_float(), -HUGE_VAL);
    EXPECT_EQ(parse("  3  ").as_int(), 3);
}

TEST(TckValues, ParsesStringsWithEscapes) {
    EXPECT_EQ(parse("''").as_string(), "");
    EXPECT_EQ(parse("'a b'").as_string(), "a b");
    EXPECT_EQ(parse(R"('\'')").as_string(), "'");
    // Literals6 [5]: the cell after Gherkin unescaping.
    EXPECT_EQ(parse(R"('a\\bcn5t\'"\\//\\"\'')").as_string(), R"(a\bcn5t'"\//\"')");
    EXPECT_EQ(parse(R"('\u01FF')").as_string(), "\xC7\xBF");
    EXPECT_EQ(parse("'🧐🍌'").as_string(), "🧐🍌");
    EXPECT_EQ(parse(R"("double")").as_string(), "double");
}

TEST(TckValues, ParsesListsAndSortedMaps) {
    const Value list = parse("[1, 'a', [], [null]]");
    ASSERT_EQ(list.as_list().size(), 4u);
    EXPECT_EQ(list.as_list()[0].as_int(), 1);
    EXPECT_EQ(list.as_list()[1].as_string(), "a");
    EXPECT_TRUE(list.as_list()[2].as_list().empty());
    EXPECT_TRUE(list.as_list()[3].as_list()[0].is_null());

    const Value map = parse("{z: 1, a: {b: [2]}, `odd key`: 'x'}");
    const Properties& entries = map.as_map().entries;
    ASSERT_EQ(entries.size(), 3u);
    EXPECT_EQ(entries[0].first, "a");
    EXPECT_EQ(entries[1].first, "odd key");
    EXPECT_EQ(entries[2].first, "z");
    EXPECT_EQ(entries[0].second.as_map().entries[0].second.as_list()[0].as_int(), 2);
    EXPECT_TRUE(parse("{}").as_map().entries.empty());
}

TEST(TckValues, ParsesNodesRelationshipsAndPaths) {
    const Node n = parse("(:B:A {name: 'x', age: 3})").as_node();
    EXPECT_EQ(n.labels, (std::vector<std::string>{"A", "B"}));
    ASSERT_EQ(n.properties.size(), 2u);
    EXPECT_EQ(n.properties[0].first, "age");
    EXPECT_TRUE(parse("()").as_node().labels.empty());

    const Edge e = parse("[:KNOWS {since: 2001}]").as_edge();
    EXPECT_EQ(e.type, "KNOWS");
    EXPECT_EQ(e.properties[0].second.as_int(), 2001);
    EXPECT_EQ(parse("[ 1 ]").kind(), ValueKind::List);

    const Path p = parse("<(:A)-[:T]->(:B)<-[:U]-(:C)>").as_path();
    ASSERT_EQ(p.nodes.size(), 3u);
    ASSERT_EQ(p.edges.size(), 2u);
    EXPECT_EQ(p.nodes[2].labels[0], "C");
    EXPECT_EQ(p.edges[0].src, p.nodes[0].id);  // ->
    EXPECT_EQ(p.edges[0].dst, p.nodes[1].id);
    EXPECT_EQ(p.edges[1].src, p.nodes[2].id);  // <-
    EXPECT_EQ(p.edges[1].dst, p.nodes[1].id);
    EXPECT_EQ(parse("<()>").as_path().nodes.size(), 1u);
}

TEST(TckValues, RejectsMalformedValues) {
    for (const char* bad : {"", "[1, 2", "'abc", "{a: 1, a: 2}", "{a 1}", "foo", "1 2", "(:)",
                            "99999999999999999999", "<(:A)-[:T]-(:B)>", "[:T", "1.2.3"}) {
        EXPECT_THROW(parse(bad), ValueParseError) << bad;
    }
}

TEST(TckValues, MatchesScalarsStrictlyByKind) {
    EXPECT_TRUE(match("1", Value(1)));
    EXPECT_FALSE(match("1", Value(1.0)));  // int and float differ
    EXPECT_FALSE(match("1.0", Value(1)));
    EXPECT_FALSE(match("2", Value(1)));
    EXPECT_TRUE(match("null", Value()));
    EXPECT_FALSE(match("null", Value(false)));
    EXPECT_FALSE(match("'1'", Value(1)));
    EXPECT_TRUE(match("'a'", Value("a")));
    EXPECT_FALSE(match("'a'", Value("A")));
    EXPECT_TRUE(match("NaN", Value(std::nan(""))));
    EXPECT_FALSE(match("NaN", Value(1.0)));
    EXPECT_TRUE(match("-Inf", Value(-HUGE_VAL)));
    EXPECT_FALSE(match("Inf", Value(-HUGE_VAL)));
    EXPECT_TRUE(match("0.30000000000000004", Value(0.1 + 0.2)));
    EXPECT_TRUE(match("0.3", Value(0.1 + 0.2)));  // within the relative 1e-12
    EXPECT_FALSE(match("0.3", Value(0.3001)));
}

TEST(TckValues, MatchesListsInOrderUnlessIgnoringOrder) {
    const Value actual = List{Value(2), Value(1), List{Value(4), Value(3)}};
    EXPECT_TRUE(match("[2, 1, [4, 3]]", actual));
    EXPECT_FALSE(match("[1, 2, [4, 3]]", actual));
    EXPECT_TRUE(match("[1, 2, [3, 4]]", actual, true));  // at every depth
    EXPECT_FALSE(match("[1, 2]", actual, true));
    EXPECT_FALSE(match("[1, 1, [3, 4]]", actual, true));  // multisets, not sets
}

TEST(TckValues, MatchesMapsAsKeySets) {
    const Value actual = Map{{{"a", Value(1)}, {"b", Value("x")}}};
    EXPECT_TRUE(match("{b: 'x', a: 1}", actual));
    EXPECT_FALSE(match("{a: 1}", actual));
    EXPECT_FALSE(match("{a: 1, b: 'x', c: null}", actual));
    EXPECT_FALSE(match("{a: 1.0, b: 'x'}", actual));
}

TEST(TckValues, MatchesNodesAndRelationshipsIgnoringIds) {
    const Value n = node(77, {"A", "B"}, {{"name", Value("x")}});
    EXPECT_TRUE(match("(:B:A {name: 'x'})", n));
    EXPECT_FALSE(match("(:A {name: 'x'})", n));
    EXPECT_FALSE(match("(:A:B)", n));
    EXPECT_FALSE(match("(:A:B {name: 'y'})", n));

    const Value e = edge(5, "T", 1, 2, {{"w", Value(1)}});
    EXPECT_TRUE(match("[:T {w: 1}]", e));
    EXPECT_FALSE(match("[:U {w: 1}]", e));
    EXPECT_FALSE(match("[:T]", e));
    EXPECT_FALSE(match("(:T)", e));
}

TEST(TckValues, MatchesPathsByDirection) {
    // (A:10)-[:T]->(B:20)<-[:U]-(C:30)
    Path p;
    p.nodes = {node(10, {"A"}), node(20, {"B"}), node(30, {"C"})};
    p.edges = {edge(1, "T", 10, 20), edge(2, "U", 30, 20)};
    EXPECT_TRUE(match("<(:A)-[:T]->(:B)<-[:U]-(:C)>", p));
    EXPECT_FALSE(match("<(:A)-[:T]->(:B)-[:U]->(:C)>", p));
    EXPECT_FALSE(match("<(:A)<-[:T]-(:B)<-[:U]-(:C)>", p));
    EXPECT_FALSE(match("<(:A)-[:T]->(:B)>", p));
    EXPECT_FALSE(match("<(:A)-[:T]->(:X)<-[:U]-(:C)>", p));
}

TEST(TckValues, RendersWhatItParses) {
    for (const char* text :
         {"null", "true", "-3", "1.5", "1.0", "NaN", "-Inf", "'it\\'s'", "[1, [2.5, 'x']]",
          "{a: 1, b: [null]}", "(:A:B {k: 'v'})", "[:T {w: 0.1}]", "<(:A)-[:T]->(:B)<-[:U]-()>"}) {
        EXPECT_EQ(render(parse(text)), text);
    }
}

TEST(TckValues, ComparesResultColumnsByNameAndRowsAsMultiset) {
    const ExpectedTable expected =
        parse_expected_table({{"a", "b"}, {"1", "'x'"}, {"2", "'y'"}, {"2", "'y'"}});
    const std::vector<std::string> columns = {"b", "a"};
    const std::vector<std::vector<Value>> rows = {
        {Value("y"), Value(2)}, {Value("x"), Value(1)}, {Value("y"), Value(2)}};
    EXPECT_EQ(compare_result(expected, columns, rows, false), std::nullopt);
    EXPECT_NE(compare_result(expected, columns, rows, true), std::nullopt);  // order differs

    const std::vector<std::vector<Value>> in_order = {
        {Value("x"), Value(1)}, {Value("y"), Value(2)}, {Value("y"), Value(2)}};
    EXPECT_EQ(compare_result(expected, columns, in_order, true), std::nullopt);

    const std::vector<std::vector<Value>> other_duplicate = {
        {Value("x"), Value(1)}, {Value("x"), Value(1)}, {Value("y"), Value(2)}};
    EXPECT_NE(compare_result(expected, columns, other_duplicate, false), std::nullopt);
    EXPECT_NE(compare_result(expected, {"b", "c"}, rows, false), std::nullopt);
    EXPECT_NE(compare_result(expected, {"a"}, {{Value(1)}}, false), std::nullopt);
    EXPECT_NE(compare_result(expected, columns, {}, false), std::nullopt);

    const ExpectedTable empty = parse_expected_table({{"n"}});
    EXPECT_EQ(compare_result(empty, {"n"}, {}, false), std::nullopt);
    EXPECT_NE(compare_result(empty, {"n"}, {{Value(1)}}, false), std::nullopt);
    EXPECT_THROW(parse_expected_table({{"a"}, {"[1,"}}), ValueParseError);
}

}  // namespace
}  // namespace caspian::tck
