// Tests of include/caspian/json.hpp (value/json.cpp): to_json's rendering of the value kinds and
// from_json's typing of numbers and objects. The tagged dates of JSON Lines are tested through
// export_test.cpp and import_test.cpp.
#include <caspian/json.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace caspian {
namespace {

TEST(ToJson, ScalarsAsJsonShowsThem) {
    EXPECT_EQ(to_json(Value()), "null");
    EXPECT_EQ(to_json(Value(true)), "true");
    EXPECT_EQ(to_json(Value(std::int64_t{-42})), "-42");
    EXPECT_EQ(to_json(Value(2.0)), "2.0");
    EXPECT_EQ(to_json(Value(0.1)), "0.1");
    EXPECT_EQ(to_json(Value(std::nan(""))), "null");
    EXPECT_EQ(to_json(Value(std::numeric_limits<double>::infinity())), "null");
    EXPECT_EQ(to_json(Value(std::string("a\"b\\c\n\x01"))), "\"a\\\"b\\\\c\\n\\u0001\"");
    EXPECT_EQ(to_json(Value(make_date(2022, 5, 18))), "\"2022-05-18\"");
}

TEST(ToJson, ListsMapsNodesAndEdgesKeepTheirOrder) {
    EXPECT_EQ(to_json(Value(List{Value(std::int64_t{1}), Value(std::string("x"))})), "[1,\"x\"]");
    Map m;
    m.entries = {{"z", Value(std::int64_t{1})}, {"a", Value()}};
    EXPECT_EQ(to_json(Value(m)), "{\"z\":1,\"a\":null}");
    const Node n{NodeId{7}, {"A", "B"}, {{"key", Value(std::string("k"))}}};
    EXPECT_EQ(to_json(Value(n)), "{\"_id\":7,\"_labels\":[\"A\",\"B\"],\"key\":\"k\"}");
    const Edge e{EdgeId{9}, "T", NodeId{3}, NodeId{7}, {{"w", Value(1.5)}}};
    EXPECT_EQ(to_json(Value(e)), "{\"_id\":9,\"_type\":\"T\",\"_src\":3,\"_dst\":7,\"w\":1.5}");
}

TEST(FromJson, NumbersObjectsAndFailures) {
    auto v = from_json("{\"b\":[1,2.0,\"s\",null,true],\"a\":-3}");
    ASSERT_TRUE(v.has_value());
    ASSERT_EQ(v->kind(), ValueKind::Map);
    const auto& entries = v->as_map().entries;
    ASSERT_EQ(entries.size(), 2U);
    EXPECT_EQ(entries[0].first, "a");  // sorted by name
    EXPECT_EQ(entries[0].second.as_int(), -3);
    const List& items = entries[1].second.as_list();
    ASSERT_EQ(items.size(), 5U);
    EXPECT_EQ(items[0].kind(), ValueKind::Int);
    EXPECT_EQ(items[1].kind(), ValueKind::Float);
    EXPECT_EQ(items[2].as_string(), "s");
    EXPECT_TRUE(items[3].is_null());
    EXPECT_TRUE(items[4].as_bool());
    EXPECT_FALSE(from_json("{\"a\":").has_value());
    EXPECT_FALSE(from_json("18446744073709551615").has_value());  // beyond int64
    EXPECT_EQ(from_json("9223372036854775807")->as_int(), INT64_MAX);
}

TEST(ToJson, RoundTripsThroughFromJson) {
    const Value v(List{Value(std::int64_t{1}), Value(0.25), Value(std::string("x\ty"))});
    const auto back = from_json(to_json(v));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(to_json(*back), to_json(v));
}

}  // namespace
}  // namespace caspian
