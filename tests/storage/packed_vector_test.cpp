// Tests of the packed float lists of storage/codec.cpp (issue #17): a list of floats costs
// 8 bytes an element and decodes to the same list; other lists keep the tagged encoding.
#include "storage/codec.hpp"

#include <caspian/error.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

namespace caspian::storage {
namespace {

std::string encoded(const Value& v) {
    std::string bytes;
    encode_value(bytes, v);
    return bytes;
}

Value decoded(const std::string& bytes) {
    Reader in(bytes);
    Value out = decode_value(in);
    EXPECT_TRUE(in.at_end());
    return out;
}

Value float_list(std::size_t n, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> d;
    List items;
    for (std::size_t i = 0; i < n; ++i)
        items.emplace_back(d(rng));
    return Value(std::move(items));
}

TEST(PackedFloatList, RoundTripsBitForBit) {
    List special{Value(0.0), Value(-0.0), Value(std::numeric_limits<double>::infinity()),
                 Value(std::numeric_limits<double>::denorm_min()), Value(-1e308)};
    for (const Value& v : {float_list(384, 1), float_list(1, 2), Value(special)}) {
        const Value back = decoded(encoded(v));
        ASSERT_EQ(back.as_list().size(), v.as_list().size());
        for (std::size_t i = 0; i < v.as_list().size(); ++i) {
            ASSERT_EQ(back.as_list()[i].kind(), ValueKind::Float);
            EXPECT_EQ(std::signbit(back.as_list()[i].as_float()),
                      std::signbit(v.as_list()[i].as_float()));
            EXPECT_EQ(back.as_list()[i].as_float(), v.as_list()[i].as_float()) << i;
        }
    }
    const Value nan(List{Value(std::nan(""))});
    EXPECT_TRUE(std::isnan(decoded(encoded(nan)).as_list()[0].as_float()));
}

TEST(PackedFloatList, CostsEightBytesAnElement) {
    // One tag byte, a two-byte varint count, 384 doubles.
    EXPECT_EQ(encoded(float_list(384, 3)).size(), 1u + 2u + 384u * 8u);
    // One integer among them keeps the tagged encoding: 9 bytes a float.
    List tagged = float_list(383, 3).as_list();
    tagged.emplace_back(1);
    EXPECT_EQ(encoded(Value(tagged)).size(), 1u + 2u + 383u * 9u + 2u);
}

TEST(PackedFloatList, MixedAndEmptyListsKeepTheirKinds) {
    const Value mixed(List{Value(1.5), Value(2), Value("x"), Value()});
    const Value back = decoded(encoded(mixed));
    ASSERT_EQ(back.as_list().size(), 4u);
    EXPECT_EQ(back.as_list()[1].kind(), ValueKind::Int);
    EXPECT_EQ(back.as_list()[2].kind(), ValueKind::String);
    EXPECT_TRUE(back.as_list()[3].is_null());
    // A float list inside a list is packed too and nests as before.
    const Value nested(List{float_list(3, 4), Value(List{})});
    const Value nested_back = decoded(encoded(nested));
    EXPECT_EQ(nested_back.as_list()[0].as_list().size(), 3u);
    EXPECT_TRUE(nested_back.as_list()[1].as_list().empty());
    EXPECT_EQ(encoded(Value(List{})).size(), 2u);  // tag and count: not packed
}

TEST(PackedFloatList, ARecordFindsAPropertyPastAPackedList) {
    NodeRecord node{{1}, {{1, float_list(16, 5)}, {2, Value("after")}}};
    const std::string bytes = encode_node(node);
    const auto found = find_node_property(bytes, 2);
    ASSERT_TRUE(found.has_value());
    EXPECT_EQ(found->as_string(), "after");
    EXPECT_EQ(decode_node(bytes).properties[0].second.as_list().size(), 16u);
}

TEST(PackedFloatList, TruncatedOrOversizedCountsAreCorrupt) {
    std::string bytes = encoded(float_list(4, 6));
    for (std::size_t cut = 1; cut < bytes.size(); ++cut) {
        Reader in(std::string_view(bytes).substr(0, cut));
        EXPECT_THROW(decode_value(in), Error) << cut;
    }
    std::string huge(1, char(14));
    append_varint(huge, std::uint64_t{1} << 60);
    Reader in(huge);
    try {
        decode_value(in);
        FAIL() << "a count past the bytes decoded";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Corrupt);
    }
    std::string zero(1, char(14));
    append_varint(zero, 0);
    Reader in_zero(zero);
    EXPECT_THROW(decode_value(in_zero), Error);
}

}  // namespace
}  // namespace caspian::storage
