// Tests query/functions/: the scalar function library, temporal components and the
// aggregators. Cases marked "TCK" come from the openCypher TCK.
#include "query/functions/functions.hpp"

#include "query/functions/value_ops.hpp"
#include "support/values.hpp"
#include "value/temporal.hpp"

#include <caspian/error.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace caspian::query {
namespace {

using caspian::testing::int_max;
using caspian::testing::int_min;
using caspian::testing::L;
using caspian::testing::M;
using caspian::testing::make_edge;
using caspian::testing::make_node;
using caspian::testing::nan_v;
using caspian::testing::null;

Value make_path() {
    Path p;
    p.nodes = {make_node(1, {"A"}), make_node(2, {"B"}), make_node(3)};
    p.edges = {make_edge(10, 1, 2), make_edge(11, 3, 2, "U")};
    return Value(std::move(p));
}

Value D(int y, unsigned m, unsigned d) {
    return Value(make_date(y, m, d));
}
Value DT(std::string_view iso) {
    DateTime t;
    EXPECT_TRUE(parse_datetime(iso, t)) << iso;
    return Value(t);
}

::testing::AssertionResult same(const Value& actual, const Value& expected) {
    if (actual == expected) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "got " << to_literal(actual) << " (" << to_string(actual.kind()) << "), expected "
           << to_literal(expected) << " (" << to_string(expected.kind()) << ")";
}

// Calls a scalar function as the evaluator would: look up, check arity, call.
Value call(std::string_view name, std::vector<Value> args = {}) {
    const FunctionInfo* f = find_function(name);
    if (f == nullptr) throw std::logic_error("unknown function " + std::string(name));
    if (f->is_aggregate || args.size() < f->min_args || args.size() > f->max_args) {
        throw std::logic_error("bad call of " + std::string(name));
    }
    return f->implementation(args);
}

::testing::AssertionResult type_error(std::string_view name, std::vector<Value> args,
                                      std::string_view part = "") {
    try {
        const Value v = call(name, std::move(args));
        return ::testing::AssertionFailure() << "no error; got " << to_literal(v);
    } catch (const Error& e) {
        if (e.kind() != ErrorKind::Type) {
            return ::testing::AssertionFailure() << "wrong kind: " << to_string(e.kind());
        }
        if (std::string_view(e.what()).find(part) == std::string_view::npos) {
            return ::testing::AssertionFailure()
                   << "message '" << e.what() << "' lacks '" << part << "'";
        }
        return ::testing::AssertionSuccess();
    }
}

struct Case {
    std::vector<Value> args;
    Value expected;
};

void check_function(std::string_view name, const std::vector<Case>& table) {
    for (const Case& c : table) {
        std::string trace(name);
        for (const Value& a : c.args)
            trace += " " + to_literal(a);
        SCOPED_TRACE(trace);
        EXPECT_TRUE(same(call(name, c.args), c.expected));
    }
}

Value aggregate(std::string_view name, const std::vector<Value>& rows, bool distinct = false) {
    auto agg = make_aggregator(name, distinct);
    if (!agg) throw std::logic_error("not an aggregate: " + std::string(name));
    for (const Value& v : rows)
        agg->add(v);
    return agg->result();
}

Value percentile(std::string_view name, const std::vector<Value>& rows, const Value& p,
                 bool distinct = false) {
    auto agg = make_aggregator(name, distinct);
    for (const Value& v : rows)
        agg->add(v, p);
    return agg->result();
}

// ---- Registry ----

TEST(FunctionRegistry, NamesAreCaseInsensitive) {
    const FunctionInfo* f = find_function("toInteger");
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->name, "toInteger");
    EXPECT_EQ(find_function("TOINTEGER"), f);
    EXPECT_EQ(find_function("tointeger"), f);
    EXPECT_EQ(find_function("nosuchfunction"), nullptr);
    EXPECT_EQ(find_function(""), nullptr);
}

TEST(FunctionRegistry, ArityAndFlags) {
    struct Expect {
        std::string_view name;
        std::size_t min, max;
        bool aggregate, deterministic;
    };
    for (const Expect& e : std::vector<Expect>{
             {"coalesce", 1, variadic, false, true},
             {"range", 2, 3, false, true},
             {"substring", 2, 3, false, true},
             {"round", 1, 2, false, true},
             {"pi", 0, 0, false, true},
             {"rand", 0, 0, false, false},
             {"date", 0, 1, false, false},
             {"count", 1, 1, true, true},
             {"percentileDisc", 2, 2, true, true},
             {"stdevp", 1, 1, true, true},
         }) {
        SCOPED_TRACE(std::string(e.name));
        const FunctionInfo* f = find_function(e.name);
        ASSERT_NE(f, nullptr);
        EXPECT_EQ(f->min_args, e.min);
        EXPECT_EQ(f->max_args, e.max);
        EXPECT_EQ(f->is_aggregate, e.aggregate);
        EXPECT_EQ(f->is_deterministic, e.deterministic);
        EXPECT_EQ(f->implementation == nullptr, e.aggregate);
    }
}

TEST(FunctionRegistry, EveryAggregateHasAFactory) {
    for (std::string_view name : {"count", "sum", "avg", "min", "max", "collect", "stDev", "stDevP",
                                  "percentileCont", "percentileDisc"}) {
        SCOPED_TRACE(std::string(name));
        ASSERT_NE(find_function(name), nullptr);
        EXPECT_TRUE(find_function(name)->is_aggregate);
        EXPECT_NE(make_aggregator(name), nullptr);
        EXPECT_NE(make_aggregator(name, true), nullptr);
    }
    EXPECT_EQ(make_aggregator("toUpper"), nullptr);
}

// ---- Lists ----

TEST(ListFunctions, CoalesceHeadLastTail) {
    check_function(
        "coalesce",
        {{{null, null, Value(2), Value(3)}, Value(2)}, {{null}, null}, {{Value("a")}, Value("a")}});
    check_function(
        "head", {{{L({1, 2})}, Value(1)}, {{L({})}, null}, {{null}, null}, {{L({null, 2})}, null}});
    check_function("last", {{{L({1, 2})}, Value(2)}, {{L({})}, null}, {{null}, null}});
    check_function("tail", {{{L({1, 2, 3})}, L({2, 3})}, {{L({})}, L({})}, {{null}, null}});
    // TCK List9 [1]: tail(tail([1, 2, 3, 4, 5])) = [3, 4, 5]
    EXPECT_TRUE(same(call("tail", {call("tail", {L({1, 2, 3, 4, 5})})}), L({3, 4, 5})));
    EXPECT_TRUE(type_error("head", {Value("abc")}, "function 'head' expects a list, not a string"));
}

TEST(ListFunctions, SizeAndLength) {
    // TCK List6 [1], [3], [4]
    check_function("size", {{{L({1, 2, 3})}, Value(3)},
                            {{L({L({}), L({}), L({})})}, Value(3)},
                            {{null}, null},
                            {{Value("")}, Value(0)},
                            {{Value("héllo")}, Value(5)},  // characters, not bytes
                            {{Value("日本")}, Value(2)}});
    // TCK List6 [5]: size() of a path is an error.
    EXPECT_TRUE(type_error("size", {make_path()}, "a path"));
    EXPECT_TRUE(type_error("size", {Value(12)}, "an integer"));
    check_function("length", {{{make_path()}, Value(2)},
                              {{Value("abc")}, Value(3)},
                              {{L({1})}, Value(1)},
                              {{null}, null}});
    EXPECT_TRUE(type_error("length", {M({})}, "a map"));
}

TEST(ListFunctions, Reverse) {
    // TCK String3 [1]
    check_function("reverse", {{{Value("raksO")}, Value("Oskar")},
                               {{Value("añb")}, Value("bña")},
                               {{Value("")}, Value("")},
                               {{L({1, "a", null})}, L({null, "a", 1})},
                               {{null}, null}});
    EXPECT_TRUE(type_error("reverse", {Value(true)}, "a boolean"));
}

TEST(ListFunctions, RangeDefaultStepTck) {
    // TCK List11 [1]
    check_function("range", {{{Value(-1236), Value(-1234)}, L({-1236, -1235, -1234})},
                             {{Value(-1234), Value(-1234)}, L({-1234})},
                             {{Value(-10), Value(-3)}, L({-10, -9, -8, -7, -6, -5, -4, -3})},
                             {{Value(0), Value(-123)}, L({})},
                             {{Value(0), Value(-1)}, L({})},
                             {{Value(-1), Value(1)}, L({-1, 0, 1})},
                             {{Value(0), Value(0)}, L({0})},
                             {{Value(6), Value(10)}, L({6, 7, 8, 9, 10})},
                             {{Value(1234), Value(1236)}, L({1234, 1235, 1236})},
                             {{null, Value(1)}, null}});
}

TEST(ListFunctions, RangeExplicitStepTck) {
    // TCK List11 [2]
    check_function("range",
                   {{{Value(1381), Value(-3412), Value(-1298)}, L({1381, 83, -1215, -2513})},
                    {{Value(0), Value(-2000), Value(-1298)}, L({0, -1298})},
                    {{Value(10), Value(-10), Value(-3)}, L({10, 7, 4, 1, -2, -5, -8})},
                    {{Value(0), Value(-1), Value(-1)}, L({0, -1})},
                    {{Value(0), Value(1), Value(-123)}, L({})},
                    {{Value(0), Value(-1), Value(1)}, L({})},
                    {{Value(0), Value(0), Value(-1)}, L({0})},
                    {{Value(0), Value(1), Value(2)}, L({0})},
                    {{Value(-10), Value(10), Value(3)}, L({-10, -7, -4, -1, 2, 5, 8})},
                    {{Value(-2000), Value(0), Value(1298)}, L({-2000, -702})},
                    {{Value(-3412), Value(1381), Value(1298)}, L({-3412, -2114, -816, 482})},
                    // Near the int64 limits the last step must not overflow.
                    {{Value(int_max - 2), Value(int_max)}, L({int_max - 2, int_max - 1, int_max})},
                    {{Value(int_min + 1), Value(int_min), Value(-1)}, L({int_min + 1, int_min})},
                    {{Value(int_max - 1), Value(int_max), Value(int_max)}, L({int_max - 1})}});
}

TEST(ListFunctions, RangeIsEmptyWhenDirectionsDisagree) {
    // TCK List11 [3]
    for (std::int64_t stop : {1, 2, 500, 1000, 1500}) {
        for (std::int64_t step : {-1000, -3, -2, -1, 1, 2, 3, 1000}) {
            SCOPED_TRACE(std::to_string(stop) + " step " + std::to_string(step));
            const Value list = call("range", {Value(0), Value(stop), Value(step)});
            EXPECT_EQ(list.as_list().empty(), step < 0);
        }
    }
}

TEST(ListFunctions, RangeRejectsBadArguments) {
    // TCK List11 [4]: step 0
    for (std::int64_t start : {0, 2, -2}) {
        EXPECT_TRUE(type_error("range", {Value(start), Value(8), Value(0)}, "non-zero step"));
    }
    // TCK List11 [5]: non-integer arguments, -0.0 and 0.0 included
    const std::vector<Value> bad = {Value(true),  Value(-1.1), Value(-0.0),      Value(0.0),
                                    Value("xyz"), L({0}),      M({{"start", 0}})};
    for (const Value& b : bad) {
        SCOPED_TRACE(to_literal(b));
        EXPECT_TRUE(type_error("range", {b, Value(1), Value(1)}, "expects an integer"));
        EXPECT_TRUE(type_error("range", {Value(0), b, Value(1)}, "expects an integer"));
        EXPECT_TRUE(type_error("range", {Value(0), Value(1), b}, "expects an integer"));
    }
}

// ---- Conversions ----

TEST(Conversion, ToBooleanTck) {
    // TCK TypeConversion1 [1]-[4]
    check_function("toBoolean", {{{Value(true)}, Value(true)},
                                 {{Value(false)}, Value(false)},
                                 {{Value("true")}, Value(true)},
                                 {{Value("false")}, Value(false)},
                                 {{Value("TRUE")}, Value(true)},
                                 {{null}, null},
                                 {{Value("")}, null},
                                 {{Value(" tru ")}, null},
                                 {{Value("f alse")}, null},
                                 {{Value(0)}, Value(false)},
                                 {{Value(7)}, Value(true)}});
    // TCK TypeConversion1 [5]
    const Value node(make_node(1)), edge(make_edge(1, 1, 2));
    for (const Value& bad : {L({}), M({}), Value(1.0), node, edge, make_path()}) {
        SCOPED_TRACE(to_literal(bad));
        EXPECT_TRUE(type_error("toBoolean", {bad}, "function 'toBoolean' expects"));
        EXPECT_TRUE(same(call("toBooleanOrNull", {bad}), null));
    }
}

TEST(Conversion, ToIntegerTck) {
    // TCK TypeConversion2 [1]-[7]
    check_function("toInteger", {{{Value(82.9)}, Value(82)},
                                 {{Value(-2.9)}, Value(-2)},
                                 {{Value("foo")}, null},
                                 {{Value("")}, null},
                                 {{Value(2)}, Value(2)},
                                 {{Value(2.9)}, Value(2)},
                                 {{Value("1.7")}, Value(1)},
                                 {{Value("2")}, Value(2)},
                                 {{Value("2.9")}, Value(2)},
                                 {{Value("42")}, Value(42)},
                                 {{Value("-42")}, Value(-42)},
                                 {{Value("9223372036854775807")}, Value(int_max)},
                                 {{Value("1e3")}, Value(1000)},
                                 {{Value(" 1")}, null},
                                 {{Value(true)}, Value(1)},
                                 {{null}, null}});
    // TCK TypeConversion2 [8]
    const Value node(make_node(1)), edge(make_edge(1, 1, 2));
    for (const Value& bad : {L({}), M({}), node, edge, make_path()}) {
        SCOPED_TRACE(to_literal(bad));
        EXPECT_TRUE(type_error("toInteger", {bad}, "function 'toInteger' expects"));
        EXPECT_TRUE(same(call("toIntegerOrNull", {bad}), null));
    }
    EXPECT_TRUE(type_error("toInteger", {Value(1e30)}, "integer overflow"));
    EXPECT_TRUE(type_error("toInteger", {Value(nan_v)}));
    EXPECT_TRUE(same(call("toIntegerOrNull", {Value(1e30)}), null));
    EXPECT_TRUE(same(call("toIntegerOrNull", {Value("12")}), Value(12)));
}

TEST(Conversion, ToFloatTck) {
    // TCK TypeConversion3 [1]-[5]
    check_function("toFloat", {{{Value(3.4)}, Value(3.4)},
                               {{Value(3)}, Value(3.0)},
                               {{Value("foo")}, null},
                               {{Value("")}, null},
                               {{Value("5")}, Value(5.0)},
                               {{Value("1")}, Value(1.0)},
                               {{Value("-2.5e1")}, Value(-25.0)},
                               {{Value("+1.5")}, Value(1.5)},
                               {{Value("1.5x")}, null},
                               {{null}, null}});
    // TCK TypeConversion3 [6]
    const Value node(make_node(1)), edge(make_edge(1, 1, 2));
    for (const Value& bad : {Value(true), L({}), M({}), node, edge, make_path()}) {
        SCOPED_TRACE(to_literal(bad));
        EXPECT_TRUE(type_error("toFloat", {bad}, "function 'toFloat' expects"));
        EXPECT_TRUE(same(call("toFloatOrNull", {bad}), null));
    }
}

TEST(Conversion, ToStringTck) {
    // TCK TypeConversion4 [1]-[9]
    check_function("toString", {{{Value(42)}, Value("42")},
                                {{Value(true)}, Value("true")},
                                {{Value(false)}, Value("false")},
                                {{Value(1)}, Value("1")},
                                {{Value(2.3)}, Value("2.3")},
                                {{Value(4.0)}, Value("4.0")},
                                {{Value("apa")}, Value("apa")},
                                {{D(2022, 5, 18)}, Value("2022-05-18")},
                                {{null}, null}});
    // TCK TypeConversion4 [8]: coalesce(toString(null), 'x')
    EXPECT_TRUE(same(call("coalesce", {call("toString", {null}), Value("x")}), Value("x")));
    // TCK TypeConversion4 [10]
    const Value node(make_node(1)), edge(make_edge(1, 1, 2));
    for (const Value& bad : {L({}), M({}), node, edge, make_path()}) {
        SCOPED_TRACE(to_literal(bad));
        EXPECT_TRUE(type_error("toString", {bad}, "function 'toString' expects"));
        EXPECT_TRUE(same(call("toStringOrNull", {bad}), null));
    }
}

// ---- Strings ----

TEST(StringFunctions, CaseAndTrim) {
    check_function("toUpper", {{{Value("abc Def")}, Value("ABC DEF")}, {{null}, null}});
    check_function("toLower", {{{Value("ABC Def")}, Value("abc def")}, {{null}, null}});
    EXPECT_TRUE(
        type_error("toUpper", {Value(1)}, "function 'toUpper' expects a string, not an integer"));
    check_function(
        "trim",
        {{{Value("  a b \t\n")}, Value("a b")}, {{Value("   ")}, Value("")}, {{null}, null}});
    check_function("ltrim", {{{Value("  a  ")}, Value("a  ")}});
    check_function("rtrim", {{{Value("  a  ")}, Value("  a")}});
}

TEST(StringFunctions, Substring) {
    // TCK String1 [1]
    check_function("substring", {{{Value("0123456789"), Value(1)}, Value("123456789")},
                                 {{Value("0123456789"), Value(1), Value(3)}, Value("123")},
                                 {{Value("0123456789"), Value(8), Value(5)}, Value("89")},
                                 {{Value("abc"), Value(5)}, Value("")},
                                 {{Value("héllo"), Value(1), Value(3)}, Value("éll")},
                                 {{null, Value(1)}, null}});
    EXPECT_TRUE(type_error("substring", {Value("abc"), Value(-1)}, "non-negative start"));
    EXPECT_TRUE(
        type_error("substring", {Value("abc"), Value(0), Value(-1)}, "non-negative length"));
    EXPECT_TRUE(type_error("substring", {Value("abc"), Value(1.0)}, "an integer"));
}

TEST(StringFunctions, LeftRight) {
    check_function("left", {{{Value("hello"), Value(3)}, Value("hel")},
                            {{Value("hello"), Value(10)}, Value("hello")},
                            {{Value("hello"), Value(0)}, Value("")},
                            {{null, Value(1)}, null}});
    check_function("right", {{{Value("hello"), Value(3)}, Value("llo")},
                             {{Value("hello"), Value(10)}, Value("hello")},
                             {{Value("héllo"), Value(4)}, Value("éllo")}});
    EXPECT_TRUE(type_error("left", {Value("a"), Value(-1)}, "non-negative"));
    EXPECT_TRUE(type_error("right", {Value("a"), Value(-1)}, "non-negative"));
}

TEST(StringFunctions, SplitAndReplace) {
    // TCK String4 [1]: split('one1two', '1') has 2 items
    check_function("split", {{{Value("one1two"), Value("1")}, L({"one", "two"})},
                             {{Value("a,b,,c"), Value(",")}, L({"a", "b", "", "c"})},
                             {{Value(",a,"), Value(",")}, L({"", "a", ""})},
                             {{Value("abc"), Value("")}, L({"a", "b", "c"})},
                             {{Value("a--b"), Value("--")}, L({"a", "b"})},
                             {{null, Value(",")}, null}});
    check_function("replace", {{{Value("hello"), Value("l"), Value("L")}, Value("heLLo")},
                               {{Value("aaa"), Value("aa"), Value("b")}, Value("ba")},
                               {{Value("ab"), Value(""), Value("-")}, Value("-a-b-")},
                               {{Value("ab"), Value("x"), Value("y")}, Value("ab")},
                               {{Value("ab"), null, Value("y")}, null}});
}

// ---- Mathematics ----

TEST(MathFunctions, AbsSignRounding) {
    // TCK Mathematical11 [1]: abs(-1) = 1
    check_function("abs", {{{Value(-1)}, Value(1)}, {{Value(-1.5)}, Value(1.5)}, {{null}, null}});
    EXPECT_TRUE(type_error("abs", {Value(int_min)}, "integer overflow"));
    EXPECT_TRUE(type_error("abs", {Value("1")}, "a number"));
    check_function("sign", {{{Value(-5)}, Value(-1)},
                            {{Value(0)}, Value(0)},
                            {{Value(2.5)}, Value(1)},
                            {{Value(-0.1)}, Value(-1)}});
    check_function(
        "ceil",
        {{{Value(1.2)}, Value(2.0)}, {{Value(1)}, Value(1.0)}, {{Value(-1.2)}, Value(-1.0)}});
    check_function("floor", {{{Value(1.8)}, Value(1.0)}, {{Value(-1.2)}, Value(-2.0)}});
    check_function("round", {{{Value(3.5)}, Value(4.0)},
                             {{Value(3.4999)}, Value(3.0)},
                             {{Value(-2.5)}, Value(-2.0)},  // halves toward +infinity (Java)
                             {{Value(-2.6)}, Value(-3.0)},
                             {{Value(0.49999999999999994)}, Value(0.0)},
                             {{Value(7)}, Value(7.0)},
                             {{Value(3.14159), Value(2)}, Value(3.14)},
                             {{Value(-1.55), Value(1)}, Value(-1.6)},
                             {{null}, null}});
}

TEST(MathFunctions, RootsLogsConstants) {
    // TCK Mathematical13 [1]: sqrt(12.96) = 3.6
    EXPECT_DOUBLE_EQ(call("sqrt", {Value(12.96)}).as_float(), 3.6);
    EXPECT_DOUBLE_EQ(call("exp", {Value(1)}).as_float(), std::exp(1.0));
    EXPECT_DOUBLE_EQ(call("log", {Value(std::exp(2.0))}).as_float(), 2.0);
    EXPECT_DOUBLE_EQ(call("log10", {Value(1000)}).as_float(), 3.0);
    EXPECT_DOUBLE_EQ(call("e").as_float(), std::exp(1.0));
    EXPECT_DOUBLE_EQ(call("pi").as_float(), std::acos(-1.0));
    EXPECT_TRUE(std::isnan(call("sqrt", {Value(-1)}).as_float()));
    EXPECT_TRUE(same(call("sqrt", {null}), null));
    EXPECT_TRUE(same(call("isNaN", {Value(nan_v)}), Value(true)));
    EXPECT_TRUE(same(call("isNaN", {Value(1)}), Value(false)));
}

TEST(MathFunctions, Trigonometry) {
    EXPECT_DOUBLE_EQ(call("sin", {Value(0)}).as_float(), 0.0);
    EXPECT_DOUBLE_EQ(call("cos", {Value(0)}).as_float(), 1.0);
    EXPECT_NEAR(call("tan", {Value(0.5)}).as_float(), std::tan(0.5), 1e-15);
    EXPECT_NEAR(call("cot", {Value(0.5)}).as_float(), 1 / std::tan(0.5), 1e-15);
    EXPECT_DOUBLE_EQ(call("asin", {Value(1)}).as_float(), std::acos(-1.0) / 2);
    EXPECT_DOUBLE_EQ(call("acos", {Value(1)}).as_float(), 0.0);
    EXPECT_DOUBLE_EQ(call("atan", {Value(1)}).as_float(), std::acos(-1.0) / 4);
    EXPECT_DOUBLE_EQ(call("atan2", {Value(1), Value(1)}).as_float(), std::acos(-1.0) / 4);
    EXPECT_DOUBLE_EQ(call("haversin", {Value(0.5)}).as_float(), (1 - std::cos(0.5)) / 2);
    EXPECT_DOUBLE_EQ(call("degrees", {call("pi")}).as_float(), 180.0);
    EXPECT_DOUBLE_EQ(call("radians", {Value(180)}).as_float(), std::acos(-1.0));
    EXPECT_TRUE(same(call("atan2", {null, Value(1)}), null));
    EXPECT_TRUE(type_error("sin", {Value("0")}, "function 'sin' expects a number"));
}

TEST(MathFunctions, RandIsInUnitInterval) {
    for (int i = 0; i < 1000; ++i) {
        const double r = call("rand").as_float();
        ASSERT_GE(r, 0.0);
        ASSERT_LT(r, 1.0);
    }
}

// ---- Graph values ----

TEST(GraphFunctions, KeysPropertiesLabelsTypeId) {
    const Value node(make_node(7, {"A", "B"}, {{"age", Value(3)}, {"name", Value("x")}}));
    const Value edge(make_edge(9, 1, 2, "KNOWS", {{"since", Value(2000)}}));
    check_function("keys", {{{node}, L({"age", "name"})},
                            {{edge}, L({"since"})},
                            {{M({{"k", null}, {"a", 1}})}, L({"a", "k"})},
                            {{null}, null}});
    check_function("properties", {{{node}, M({{"age", 3}, {"name", "x"}})},
                                  {{M({{"a", 1}})}, M({{"a", 1}})},
                                  {{null}, null}});
    check_function("labels", {{{node}, L({"A", "B"})}, {{null}, null}});
    check_function("type", {{{edge}, Value("KNOWS")}, {{null}, null}});
    check_function("id", {{{node}, Value(7)}, {{edge}, Value(9)}, {{null}, null}});
    EXPECT_TRUE(type_error("labels", {edge}, "expects a node, not a relationship"));
    EXPECT_TRUE(type_error("type", {node}, "expects a relationship, not a node"));
    EXPECT_TRUE(type_error("keys", {Value(1)}, "an integer"));
    EXPECT_TRUE(type_error("id", {M({})}, "a map"));
}

TEST(GraphFunctions, NodesAndRelationshipsOfAPath) {
    const Value path = make_path();
    const Value nodes = call("nodes", {path});
    ASSERT_EQ(nodes.as_list().size(), 3u);
    EXPECT_EQ(nodes.as_list()[1].as_node().id, NodeId{2});
    const Value rels = call("relationships", {path});
    ASSERT_EQ(rels.as_list().size(), 2u);
    EXPECT_EQ(rels.as_list()[1].as_edge().type, "U");
    // TCK List12 [4]: head(nodes(p))
    EXPECT_EQ(call("head", {nodes}).as_node().labels, std::vector<std::string>{"A"});
    EXPECT_TRUE(same(call("nodes", {null}), null));
    EXPECT_TRUE(type_error("relationships", {L({})}, "a path"));
}

// ---- Temporal ----

TEST(Temporal, DateConstructors) {
    check_function("date", {{{Value("2022-05-18")}, D(2022, 5, 18)},
                            {{M({{"year", 2022}, {"month", 5}, {"day", 18}})}, D(2022, 5, 18)},
                            {{M({{"year", 2022}})}, D(2022, 1, 1)},
                            {{D(2000, 2, 29)}, D(2000, 2, 29)},
                            {{DT("2022-05-18T23:59:59Z")}, D(2022, 5, 18)},
                            {{DT("1969-12-31T23:00:00Z")}, D(1969, 12, 31)},
                            {{null}, null}});
    EXPECT_TRUE(type_error("date", {Value("2022-02-30")}, "cannot parse '2022-02-30'"));
    EXPECT_TRUE(type_error("date", {M({{"month", 1}})}, "'year'"));
    EXPECT_TRUE(type_error("date", {M({{"year", 2021}, {"month", 2}, {"day", 29}})}));
    EXPECT_TRUE(type_error("date", {M({{"year", "2021"}})}, "'year' to be an integer"));
    EXPECT_TRUE(type_error("date", {Value(1)}, "an integer"));
    // date() reads the clock: a plausible day after 2020.
    EXPECT_GT(call("date").as_date(), make_date(2020, 1, 1));
}

TEST(Temporal, DatetimeConstructors) {
    check_function(
        "datetime",
        {{{Value("2022-05-18T09:30:00Z")}, DT("2022-05-18T09:30:00Z")},
         // The offset is kept (issue #16): the instant 09:30 UTC at +02:00.
         {{Value("2022-05-18T11:30:00+02:00")},
          Value(DateTime{DT("2022-05-18T09:30:00Z").as_datetime().seconds, 0, 7200, {}})},
         {{M({{"year", 2022},
              {"month", 5},
              {"day", 18},
              {"hour", 9},
              {"minute", 30},
              {"second", 1},
              {"millisecond", 2},
              {"microsecond", 3}})},
          DT("2022-05-18T09:30:01.002003Z")},
         {{D(2022, 5, 18)}, DT("2022-05-18T00:00:00Z")},
         {{null}, null}});
    EXPECT_TRUE(type_error("datetime", {Value("yesterday")}, "cannot parse 'yesterday'"));
    EXPECT_TRUE(type_error("datetime", {M({{"year", 2022}, {"hour", 24}})}, "hour: 24"));
    EXPECT_GT(call("datetime").as_datetime(), DT("2020-01-01T00:00:00Z").as_datetime());
}

TEST(Temporal, Components) {
    const Value d = D(2024, 2, 29);  // a Thursday
    struct C {
        std::string_view name;
        std::int64_t expected;
    };
    for (const C& c : std::vector<C>{{"year", 2024},
                                     {"month", 2},
                                     {"day", 29},
                                     {"quarter", 1},
                                     {"dayOfWeek", 4},
                                     {"dayOfYear", 60},
                                     {"ordinalDay", 60}}) {
        SCOPED_TRACE(std::string(c.name));
        EXPECT_TRUE(same(temporal_component(d, c.name), Value(c.expected)));
    }
    EXPECT_TRUE(same(temporal_component(D(2023, 1, 1), "dayOfWeek"), Value(7)));    // Sunday
    EXPECT_TRUE(same(temporal_component(D(1969, 12, 29), "dayOfWeek"), Value(1)));  // Monday
    EXPECT_TRUE(same(temporal_component(D(2023, 12, 31), "quarter"), Value(4)));
    const Value t = DT("1969-12-31T23:59:58.123456Z");
    for (const C& c : std::vector<C>{{"year", 1969},
                                     {"month", 12},
                                     {"day", 31},
                                     {"hour", 23},
                                     {"minute", 59},
                                     {"second", 58},
                                     {"millisecond", 123},
                                     {"microsecond", 123456},
                                     {"nanosecond", 123456000},
                                     {"epochSeconds", -2},
                                     {"epochMillis", -1877}}) {
        SCOPED_TRACE(std::string(c.name));
        EXPECT_TRUE(same(temporal_component(t, c.name), Value(c.expected)));
    }
    EXPECT_TRUE(same(temporal_component(null, "year"), null));
    EXPECT_THROW(temporal_component(d, "hour"), Error);  // dates have no time of day
    EXPECT_THROW(temporal_component(d, "Year"), Error);  // case-sensitive like property keys
    EXPECT_THROW(temporal_component(Value(1), "year"), Error);
}

TEST(Temporal, DurationConstructors) {
    auto dur = [](std::int64_t months, std::int64_t days, std::int64_t seconds,
                  std::int32_t nanos) {
        return Value(Duration{months, days, seconds, nanos});
    };
    check_function("duration",
                   {{{Value("P1Y2M3DT4H5M6.5S")}, dur(14, 3, 14'706, 500'000'000)},
                    {{M({{"weeks", 1}, {"days", 1.5}, {"minutes", -1}})}, dur(0, 8, 43'140, 0)},
                    {{M({{"quarters", 1}, {"milliseconds", 1500}, {"nanoseconds", 1}})},
                     dur(3, 0, 1, 500'000'001)},
                    {{M({{"years", 0.25}, {"hours", null}})}, dur(3, 0, 0, 0)},
                    {{dur(1, 2, 3, 4)}, dur(1, 2, 3, 4)},
                    {{null}, null}});
    EXPECT_TRUE(type_error("duration", {Value("P1X")}, "cannot parse 'P1X'"));
    EXPECT_TRUE(type_error("duration", {M({{"day", 1}})}, "unknown key 'day'"));
    EXPECT_TRUE(type_error("duration", {M({{"days", "1"}})}, "'days' to be a number"));
    EXPECT_TRUE(type_error("duration", {Value(1)}, "an integer"));
}

TEST(Temporal, DurationBetween) {
    auto dur = [](std::int64_t months, std::int64_t days, std::int64_t seconds,
                  std::int32_t nanos) {
        return Value(Duration{months, days, seconds, nanos});
    };
    check_function(
        "duration.between",
        {{{D(1993, 6, 11), D(2022, 5, 18)}, dur(347, 7, 0, 0)},
         {{D(2022, 5, 18), D(1993, 6, 11)}, dur(-347, -7, 0, 0)},
         {{D(2020, 2, 29), D(2021, 2, 28)}, dur(11, 30, 0, 0)},
         {{DT("2022-05-18T10:00:00Z"), DT("2022-05-18T09:59:59.5Z")}, dur(0, 0, -1, 500'000'000)},
         {{DT("2022-01-31T12:00:00Z"), D(2022, 3, 1)}, dur(1, 0, 43'200, 0)},
         {{D(2022, 5, 18), null}, null}});
    check_function("duration.inMonths", {{{D(1993, 6, 11), D(2022, 5, 18)}, dur(347, 0, 0, 0)}});
    check_function("duration.inDays",
                   {{{D(1993, 6, 11), D(2022, 5, 18)}, dur(0, 10'568, 0, 0)},
                    {{DT("2022-05-18T12:00:00Z"), D(2022, 5, 17)}, dur(0, -1, 0, 0)}});
    check_function("duration.inSeconds",
                   {{{D(2022, 5, 18), DT("2022-05-18T00:01:00.25Z")}, dur(0, 0, 60, 250'000'000)}});
    EXPECT_TRUE(type_error("duration.between", {Value(1), D(2022, 5, 18)}, "temporal values"));
    EXPECT_NE(find_function("DURATION.BETWEEN"), nullptr);
}

TEST(Temporal, DurationComponents) {
    const Value d(Duration{-14, 10, 3 * 3600 + 4 * 60 + 5, 123'456'789});
    for (const auto& [name, expected] :
         std::vector<std::pair<std::string, std::int64_t>>{{"years", -1},
                                                           {"quarters", -4},
                                                           {"months", -14},
                                                           {"monthsOfYear", -2},
                                                           {"monthsOfQuarter", -2},
                                                           {"quartersOfYear", 0},
                                                           {"weeks", 1},
                                                           {"days", 10},
                                                           {"daysOfWeek", 3},
                                                           {"hours", 3},
                                                           {"minutes", 184},
                                                           {"minutesOfHour", 4},
                                                           {"seconds", 11'045},
                                                           {"secondsOfMinute", 5},
                                                           {"milliseconds", 11'045'123},
                                                           {"millisecondsOfSecond", 123},
                                                           {"microsecondsOfSecond", 123'456},
                                                           {"nanosecondsOfSecond", 123'456'789},
                                                           {"nanoseconds", 11'045'123'456'789}}) {
        SCOPED_TRACE(name);
        EXPECT_TRUE(same(temporal_component(d, name), Value(expected)));
    }
    EXPECT_THROW(temporal_component(d, "year"), Error);
    const Value huge(Duration{0, 0, std::numeric_limits<std::int64_t>::max(), 0});
    EXPECT_THROW(temporal_component(huge, "nanoseconds"), Error);  // does not fit an integer
}

// ---- Aggregators ----

TEST(Aggregates, CountSkipsNullsCountStarDoesNot) {
    // TCK Aggregation1 [1]
    EXPECT_TRUE(same(aggregate("count", {Value(33), null}), Value(1)));
    EXPECT_TRUE(same(aggregate("count", {}), Value(0)));
    auto star = make_count_star();
    for (const Value& v : {Value(1), null, null})
        star->add(v);
    EXPECT_TRUE(same(star->result(), Value(3)));
}

TEST(Aggregates, MinMaxTck) {
    // TCK Aggregation2 [1]-[12]
    const std::vector<Value> ints = {Value(1), Value(2), Value(0), null, Value(-1)};
    const std::vector<Value> floats = {Value(1.0), Value(2.0), Value(0.5), null};
    const std::vector<Value> mixed = {Value(1), Value(2.0), Value(5), null, Value(3.2), Value(0.1)};
    const std::vector<Value> strings = {Value("a"), Value("b"),   Value("B"),
                                        null,       Value("abc"), Value("abc1")};
    const std::vector<Value> lists = {L({1}), L({2}), L({2, 1})};
    const std::vector<Value> any = {Value(1), Value("a"), null, L({1, 2}), Value(0.2), Value("b")};
    EXPECT_TRUE(same(aggregate("max", ints), Value(2)));
    EXPECT_TRUE(same(aggregate("min", ints), Value(-1)));
    EXPECT_TRUE(same(aggregate("max", floats), Value(2.0)));
    EXPECT_TRUE(same(aggregate("min", floats), Value(0.5)));
    EXPECT_TRUE(same(aggregate("max", mixed), Value(5)));
    EXPECT_TRUE(same(aggregate("min", mixed), Value(0.1)));
    EXPECT_TRUE(same(aggregate("max", strings), Value("b")));
    EXPECT_TRUE(same(aggregate("min", strings), Value("B")));
    EXPECT_TRUE(same(aggregate("max", lists), L({2, 1})));
    EXPECT_TRUE(same(aggregate("min", lists), L({1})));
    EXPECT_TRUE(same(aggregate("max", any), Value(1)));
    EXPECT_TRUE(same(aggregate("min", any), L({1, 2})));
    EXPECT_TRUE(same(aggregate("max", {null, null}), null));
    EXPECT_TRUE(same(aggregate("min", {}), null));
}

TEST(Aggregates, Sum) {
    // TCK Aggregation3 [1], [2]
    EXPECT_TRUE(same(aggregate("sum", {Value(33), null, Value(42)}), Value(75)));
    std::vector<Value> rows;
    for (std::int64_t i = 1000000; i < 1003000; ++i)
        rows.emplace_back(i);
    EXPECT_TRUE(same(aggregate("sum", rows), Value(std::int64_t{3004498500})));
    EXPECT_TRUE(same(aggregate("sum", {}), Value(0)));
    EXPECT_TRUE(same(aggregate("sum", {Value(1), Value(0.5)}), Value(1.5)));
    EXPECT_TRUE(same(aggregate("sum", {Value(0.5), Value(1)}), Value(1.5)));
    EXPECT_THROW(aggregate("sum", {Value(int_max), Value(1)}), Error);
    try {
        aggregate("sum", {Value(1), Value("a")});
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Type);
        EXPECT_STREQ(e.what(), "function 'sum' expects numbers, not a string");
    }
}

TEST(Aggregates, Avg) {
    EXPECT_TRUE(same(aggregate("avg", {Value(1), Value(2), null}), Value(1.5)));
    EXPECT_TRUE(same(aggregate("avg", {Value(1), Value(2.0), Value(6)}), Value(3.0)));
    // TCK Return4 [7]: avg over no rows is null
    EXPECT_TRUE(same(aggregate("avg", {}), null));
    EXPECT_TRUE(same(aggregate("avg", {null}), null));
    EXPECT_TRUE(same(aggregate("avg", {Value(int_max), Value(int_max)}),
                     Value(static_cast<double>(int_max))));
    EXPECT_THROW(aggregate("avg", {Value(true)}), Error);
}

TEST(Aggregates, CollectSkipsNulls) {
    // TCK Aggregation5 [1]
    EXPECT_TRUE(same(aggregate("collect", {null}), L({})));
    EXPECT_TRUE(same(aggregate("collect", {Value(1), null, Value("a"), L({null})}),
                     L({1, "a", L({null})})));
}

TEST(Aggregates, StandardDeviation) {
    const std::vector<Value> rows = {Value(2), Value(4), Value(4), Value(4), Value(5),
                                     Value(5), Value(7), Value(9), null};
    EXPECT_DOUBLE_EQ(aggregate("stDevP", rows).as_float(), 2.0);
    EXPECT_DOUBLE_EQ(aggregate("stDev", rows).as_float(), std::sqrt(32.0 / 7.0));
    EXPECT_TRUE(same(aggregate("stDev", {Value(3)}), Value(0.0)));
    EXPECT_TRUE(same(aggregate("stDevP", {}), Value(0.0)));
    EXPECT_THROW(aggregate("stDev", {Value("x")}), Error);
}

TEST(Aggregates, PercentilesTck) {
    // TCK Aggregation6 [1], [2]
    const std::vector<Value> prices = {Value(10.0), Value(20.0), Value(30.0)};
    for (const auto& [p, expected] :
         std::vector<std::pair<double, double>>{{0.0, 10.0}, {0.5, 20.0}, {1.0, 30.0}}) {
        SCOPED_TRACE(p);
        EXPECT_TRUE(same(percentile("percentileDisc", prices, Value(p)), Value(expected)));
        EXPECT_TRUE(same(percentile("percentileCont", prices, Value(p)), Value(expected)));
    }
    EXPECT_TRUE(same(percentile("percentileCont", prices, Value(0.25)), Value(15.0)));
    EXPECT_TRUE(
        same(percentile("percentileDisc", {Value(3), Value(1), Value(2), Value(4)}, Value(0.5)),
             Value(2)));
    EXPECT_TRUE(same(percentile("percentileCont", {Value(1), Value(2)}, Value(0.5)), Value(1.5)));
    EXPECT_TRUE(same(percentile("percentileDisc", {null}, Value(0.5)), null));
    // TCK Aggregation6 [3]-[5]: a percentile outside [0, 1] fails
    for (const Value& bad : {Value(1000), Value(-1), Value(1.1), Value(3)}) {
        SCOPED_TRACE(to_literal(bad));
        for (std::string_view name : {"percentileCont", "percentileDisc"}) {
            try {
                percentile(name, {Value(10.0)}, bad);
                ADD_FAILURE() << "no error";
            } catch (const Error& e) {
                EXPECT_EQ(e.kind(), ErrorKind::Type);
                EXPECT_NE(std::string_view(e.what()).find("between 0.0 and 1.0"),
                          std::string_view::npos);
            }
        }
    }
}

TEST(Aggregates, DistinctTck) {
    // TCK Aggregation8 [1]-[4], Aggregation5 [2]
    EXPECT_TRUE(same(aggregate("count", {null}, true), Value(0)));
    EXPECT_TRUE(same(aggregate("collect", {null, null}, true), L({})));
    EXPECT_TRUE(same(aggregate("collect", {null, Value(1), null}, true), L({1})));
    EXPECT_TRUE(same(aggregate("collect", {Value(42), Value(43), Value(42), Value(44)}, true),
                     L({42, 43, 44})));
    // TCK Return5 [1], [3]: DISTINCT on maps holding (nested) lists
    const Value m = M({{"name", L({L({"A", "B"}), L({"A", "B"})})}});
    EXPECT_TRUE(same(aggregate("count", {m, m}, true), Value(1)));
    // Equivalence: 1 and 1.0 are one value; NaN is one value.
    EXPECT_TRUE(same(aggregate("count", {Value(1), Value(1.0), Value(2)}, true), Value(2)));
    EXPECT_TRUE(same(aggregate("count", {Value(nan_v), Value(nan_v)}, true), Value(1)));
    EXPECT_TRUE(same(aggregate("sum", {Value(1), Value(1), Value(2)}, true), Value(3)));
    EXPECT_TRUE(same(aggregate("sum", {Value(1), Value(1), Value(2)}, false), Value(4)));
    EXPECT_TRUE(same(
        percentile("percentileDisc", {Value(1), Value(1), Value(1), Value(5)}, Value(0.5), true),
        Value(1)));
}

}  // namespace
}  // namespace caspian::query
