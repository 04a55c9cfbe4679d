// Tests of storage/codec.cpp: value and record round trips, corrupt bytes, non-storable values,
// and the order-preserving index encoding. Links only caspian_storage.
#include "storage/codec.hpp"

#include <caspian/error.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

namespace caspian::storage {
namespace {

Value round_trip(const Value& v) {
    std::string bytes;
    encode_value(bytes, v);
    Reader in(bytes);
    Value out = decode_value(in);
    EXPECT_TRUE(in.at_end()) << to_literal(v);
    return out;
}

std::vector<Value> sample_values() {
    constexpr double inf = std::numeric_limits<double>::infinity();
    return {
        Value(),
        Value(true),
        Value(false),
        Value(0),
        Value(-1),
        Value(std::numeric_limits<std::int64_t>::max()),
        Value(std::numeric_limits<std::int64_t>::min()),
        Value(0.0),
        Value(-0.0),
        Value(2.5),
        Value(-1e308),
        Value(std::numeric_limits<double>::denorm_min()),
        Value(inf),
        Value(-inf),
        Value(std::numeric_limits<double>::quiet_NaN()),
        Value(""),
        Value("Belarus"),
        Value(std::string("nul\0inside", 10)),
        Value(std::string(100'000, 'x')),
        Value(Date{0}),
        Value(Date{-719'468}),
        Value(Date{std::numeric_limits<std::int32_t>::min()}),
        Value(Date{std::numeric_limits<std::int32_t>::max()}),
        Value(DateTime{0, 0, 0, {}}),
        Value(DateTime{-1, 0, 0, {}}),
        // The last second whose day fits Date: the largest datetime decoding accepts.
        Value(DateTime{(std::int64_t{std::numeric_limits<std::int32_t>::max()} + 1) * 86'400 - 1,
                       999'999'999,
                       0,
                       {}}),
        Value(DateTime{1'437'511'232, 142'000'000, 7200, "Europe/Stockholm"}),
        Value(DateTime{-1, 999'999'999, -18 * 3600, {}}),
        Value(LocalTime{86'399'999'999'999}),
        Value(Time{0, 18 * 3600}),
        Value(LocalDateTime{-62'135'596'800, 1}),
        Value(Duration{}),
        Value(Duration{14, -3, -1, 500'000'000}),
        Value(Duration{std::numeric_limits<std::int64_t>::min(),
                       std::numeric_limits<std::int64_t>::max(),
                       std::numeric_limits<std::int64_t>::min(), 999'999'999}),
        Value(List{}),
        Value(List{1, "two", 3.0, Value(), List{List{}, List{Date{5}}}}),
        Value(List{Duration{1, 2, 3, 4}, Duration{}}),
    };
}

TEST(ValueCodec, RoundTripsEveryStorableKind) {
    for (const Value& v : sample_values()) {
        const Value out = round_trip(v);
        EXPECT_EQ(out, v) << to_literal(v);
        EXPECT_EQ(out.kind(), v.kind()) << to_literal(v);
    }
}

TEST(ValueCodec, KeepsTheSignOfNegativeZero) {
    EXPECT_TRUE(std::signbit(round_trip(Value(-0.0)).as_float()));
}

TEST(ValueCodec, RoundTripsNestedListsUpToTheDepthLimit) {
    Value v = List{42};
    for (int i = 0; i < 63; ++i)
        v = List{v, "level" + std::to_string(i)};
    EXPECT_EQ(round_trip(v), v);
    Value deeper = List{v};
    std::string bytes;
    try {
        encode_value(bytes, deeper);
        ADD_FAILURE() << "a list nested 65 deep was encoded";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Type);
    }
}

TEST(ValueCodec, RefusesValuesThatCannotBeStored) {
    const std::vector<Value> bad = {
        Value(Map{{{"a", 1}}}),
        Value(Node{NodeId{1}, {"L"}, {}}),
        Value(Edge{EdgeId{1}, "T", NodeId{1}, NodeId{2}, {}}),
        Value(Path{{Node{NodeId{1}, {}, {}}}, {}}),
        Value(List{1, List{Map{}}}),
    };
    for (const Value& v : bad) {
        EXPECT_FALSE(is_storable(v)) << to_literal(v);
        std::string bytes;
        try {
            encode_value(bytes, v);
            ADD_FAILURE() << "encoded " << to_literal(v);
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Type) << to_literal(v);
        }
    }
}

TEST(ValueCodec, DeeplyNestedListBytesAreCorruptNotAStackOverflow) {
    std::string bytes;
    for (int i = 0; i < 100'000; ++i)
        bytes += "\x08\x01";  // list of one list of one ...
    bytes += '\0';
    Reader in(bytes);
    try {
        decode_value(in);
        ADD_FAILURE() << "decoded";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Corrupt);
    }
}

TEST(ValueCodec, DurationNanosecondsOutOfRangeAreCorrupt) {
    std::string bytes;
    encode_value(bytes, Value(Duration{1, 2, 3, 0}));
    bytes.pop_back();  // the nanoseconds varint: 0 -> 1e9
    append_varint(bytes, 1'000'000'000);
    Reader in(bytes);
    try {
        decode_value(in);
        ADD_FAILURE() << "decoded";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Corrupt);
    }
}

// Tag 7 (microseconds, the datetime of older files) at the most negative value: found by the
// codec fuzzer as a signed overflow (UBSan) when the remainder was computed by multiplying back.
TEST(ValueCodec, OldDatetimeAtTheSmallestMicrosecondsDecodesWithoutOverflow) {
    std::string bytes = "\x07";
    append_varint(bytes, std::numeric_limits<std::uint64_t>::max());  // zigzag of INT64_MIN
    Reader in(bytes);
    const Value v = decode_value(in);
    ASSERT_EQ(v.kind(), ValueKind::DateTime);
    EXPECT_EQ(v.as_datetime().seconds, -9'223'372'036'855);
    EXPECT_EQ(v.as_datetime().nanos, 224'192'000);  // -9223372036855 s + 0.224192 s
}

TEST(ValueCodec, HugeLengthsAreCorrupt) {
    for (std::string bytes : {std::string("\x05\xff\xff\xff\xff\xff\xff\xff\xff\x7f", 10),
                              std::string("\x08\xff\xff\xff\xff\x0f", 6),
                              std::string("\x03\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 12),
                              std::string("\x06\xff\xff\xff\xff\x7f", 6), std::string("\x09"),
                              std::string("\x04\x00\x00", 3), std::string()}) {
        Reader in(bytes);
        try {
            decode_value(in);
            ADD_FAILURE() << "decoded " << bytes.size() << " bytes";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Corrupt);
        }
    }
}

NodeRecord sample_node() {
    return {{1, 4, 70'000},
            {{1, Value("BY")},
             {2, Value(9'200'000)},
             {300, Value(List{1.5, "x"})},
             {301, Value(Date{19'130})}}};
}

EdgeRecord sample_edge() {
    return {7, 1, std::numeric_limits<std::uint64_t>::max(), {{3, Value(DateTime{123, 0, 0, {}})}}};
}

TEST(RecordCodec, RoundTripsNodesAndEdges) {
    const NodeRecord node = sample_node();
    const NodeRecord n = decode_node(encode_node(node));
    EXPECT_EQ(n.labels, node.labels);
    EXPECT_EQ(n.properties, node.properties);

    const EdgeRecord edge = sample_edge();
    const std::string bytes = encode_edge(edge);
    const EdgeRecord e = decode_edge(bytes);
    EXPECT_EQ(e.type, edge.type);
    EXPECT_EQ(e.src, edge.src);
    EXPECT_EQ(e.dst, edge.dst);
    EXPECT_EQ(e.properties, edge.properties);
    const EdgeRecord h = decode_edge_header(bytes);
    EXPECT_EQ(h.type, edge.type);
    EXPECT_EQ(h.src, edge.src);
    EXPECT_EQ(h.dst, edge.dst);
    EXPECT_TRUE(h.properties.empty());
}

TEST(RecordCodec, RoundTripsEmptyRecords) {
    const NodeRecord n = decode_node(encode_node({}));
    EXPECT_TRUE(n.labels.empty());
    EXPECT_TRUE(n.properties.empty());
    EXPECT_TRUE(decode_edge(encode_edge({})).properties.empty());
}

// Runs decode and expects success or Error{Corrupt}; anything else fails the test.
template <typename F>
void decodes_or_corrupt(F&& decode, const std::string& what) {
    try {
        decode();
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Corrupt) << what << ": " << e.what();
    } catch (const std::exception& e) {
        ADD_FAILURE() << what << ": unexpected " << e.what();
    }
}

TEST(RecordCodec, EveryTruncationIsCorrupt) {
    const std::string node = encode_node(sample_node());
    const std::string edge = encode_edge(sample_edge());
    for (std::size_t n = 0; n < node.size(); ++n) {
        EXPECT_THROW(decode_node(node.substr(0, n)), Error) << "node cut to " << n;
        decodes_or_corrupt([&] { decode_node(node.substr(0, n)); }, "node cut");
    }
    for (std::size_t n = 0; n < edge.size(); ++n) {
        EXPECT_THROW(decode_edge(edge.substr(0, n)), Error) << "edge cut to " << n;
        decodes_or_corrupt([&] { decode_edge(edge.substr(0, n)); }, "edge cut");
    }
    EXPECT_THROW(decode_node(node + "x"), Error);
    EXPECT_THROW(decode_edge(edge + "x"), Error);
}

TEST(RecordCodec, UnknownRecordVersionIsCorrupt) {
    std::string node = encode_node(sample_node());
    for (char version : {char(0), char(record_version + 1), char(0xff)}) {
        node[0] = version;
        decodes_or_corrupt([&] { decode_node(node); }, "version");
        EXPECT_THROW(decode_node(node), Error);
    }
}

TEST(RecordCodec, MutatedBytesDecodeOrAreCorruptNeverCrash) {
    const std::uint32_t seed = 20220518;
    std::mt19937 rng(seed);
    const std::string node = encode_node(sample_node());
    const std::string edge = encode_edge(sample_edge());
    for (int round = 0; round < 20'000; ++round) {
        const bool is_node = round % 2 == 0;
        std::string bytes = is_node ? node : edge;
        const int flips = 1 + int(rng() % 4);
        for (int f = 0; f < flips; ++f) {
            std::size_t at = rng() % bytes.size();
            switch (rng() % 3) {
                case 0:
                    bytes[at] = char(bytes[at] ^ (1 << (rng() % 8)));
                    break;
                case 1:
                    bytes[at] = char(rng());
                    break;
                default:
                    bytes.resize(at + 1);
                    break;
            }
        }
        const std::string what = "seed " + std::to_string(seed) + " round " + std::to_string(round);
        if (is_node) {
            decodes_or_corrupt([&] { decode_node(bytes); }, what);
        } else {
            decodes_or_corrupt([&] { decode_edge(bytes); }, what);
        }
        if (::testing::Test::HasFailure()) break;
    }
}

// The oracle for find_*_property: the value full decoding gives, compared by encoding (so NaN
// and -0.0 count as equal to themselves).
std::string expected_property(const PropertyIds& props, std::uint32_t id) {
    for (const auto& [key, value] : props) {
        if (key == id) {
            std::string out;
            encode_value(out, value);
            return out;
        }
    }
    return "absent";
}

std::string found_property(const std::optional<Value>& v) {
    if (!v) return "absent";
    std::string out;
    encode_value(out, *v);
    return out;
}

PropertyIds random_properties(std::mt19937& rng, const std::vector<Value>& values) {
    PropertyIds props;
    const int count = int(rng() % 12);
    for (int i = 0; i < count; ++i) {
        props.emplace_back(std::uint32_t(rng() % 40), values[rng() % values.size()]);
    }
    std::sort(props.begin(), props.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    props.erase(std::unique(props.begin(), props.end(),
                            [](const auto& a, const auto& b) { return a.first == b.first; }),
                props.end());
    return props;
}

TEST(RecordCodec, FindPropertyMatchesFullDecodingOnRandomRecords) {
    const std::uint32_t seed = 20261130;
    std::mt19937 rng(seed);
    const std::vector<Value> values = sample_values();
    for (int round = 0; round < 500; ++round) {
        NodeRecord node;
        for (int i = int(rng() % 4); i > 0; --i)
            node.labels.push_back(std::uint32_t(rng() % 1000));
        std::sort(node.labels.begin(), node.labels.end());
        node.labels.erase(std::unique(node.labels.begin(), node.labels.end()), node.labels.end());
        node.properties = random_properties(rng, values);
        EdgeRecord edge{std::uint32_t(rng()), rng(), rng(), random_properties(rng, values)};
        const std::string node_bytes = encode_node(node);
        const std::string edge_bytes = encode_edge(edge);
        const PropertyIds node_props = decode_node(node_bytes).properties;
        const PropertyIds edge_props = decode_edge(edge_bytes).properties;
        for (std::uint32_t id = 0; id <= 41; ++id) {
            ASSERT_EQ(found_property(find_node_property(node_bytes, id)),
                      expected_property(node_props, id))
                << "seed " << seed << " round " << round << " node property " << id;
            ASSERT_EQ(found_property(find_edge_property(edge_bytes, id)),
                      expected_property(edge_props, id))
                << "seed " << seed << " round " << round << " edge property " << id;
        }
    }
}

TEST(RecordCodec, FindPropertyInBadBytesIsCorruptNeverACrash) {
    const std::string node = encode_node(sample_node());
    const std::string edge = encode_edge(sample_edge());
    for (std::size_t n = 0; n < 2; ++n) {
        EXPECT_THROW(find_node_property(node.substr(0, n), 0), Error);
    }
    EXPECT_THROW(find_edge_property(edge.substr(0, 12), 0), Error);  // a cut header
    const std::uint32_t seed = 7;
    std::mt19937 rng(seed);
    for (int round = 0; round < 20'000; ++round) {
        const bool is_node = round % 2 == 0;
        std::string bytes = is_node ? node : edge;
        const std::size_t at = rng() % bytes.size();
        if (rng() % 2 == 0) {
            bytes[at] = char(rng());
        } else {
            bytes.resize(at);
        }
        const std::uint32_t id = std::uint32_t(rng() % 64);
        const std::string what = "seed " + std::to_string(seed) + " round " + std::to_string(round);
        if (is_node) {
            decodes_or_corrupt([&] { (void)find_node_property(bytes, id); }, what);
        } else {
            decodes_or_corrupt([&] { (void)find_edge_property(bytes, id); }, what);
        }
        if (::testing::Test::HasFailure()) break;
    }
}

// --- ordered encoding ----------------------------------------------------------------------

std::string ordered(const Value& v) {
    std::string out;
    EXPECT_TRUE(encode_ordered(out, v)) << to_literal(v);
    return out;
}

int sign(int c) {
    return (c > 0) - (c < 0);
}

// memcmp of the encodings, as LMDB compares keys.
int compare_bytes(const std::string& a, const std::string& b) {
    const int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
    if (c != 0) return sign(c);
    return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

template <typename T, typename Gen>
void expect_order_preserved(Gen&& gen, std::uint32_t seed, int count) {
    std::mt19937_64 rng(seed);
    std::vector<T> values;
    for (int i = 0; i < count; ++i)
        values.push_back(gen(rng));
    for (int i = 0; i + 1 < count; ++i) {
        for (int j : {i + 1, int(rng() % count)}) {
            const T &a = values[i], &b = values[j];
            const int want = a < b ? -1 : b < a ? 1 : 0;
            ASSERT_EQ(compare_bytes(ordered(Value(a)), ordered(Value(b))), want)
                << "seed " << seed << ": " << to_literal(Value(a)) << " vs "
                << to_literal(Value(b));
        }
    }
}

TEST(OrderedEncoding, PreservesIntegerOrder) {
    expect_order_preserved<std::int64_t>(
        [](std::mt19937_64& rng) {
            switch (rng() % 3) {
                case 0:
                    return std::int64_t(rng());
                case 1:
                    return std::int64_t(rng() % 2001) - 1000;
                default:
                    return (std::int64_t{1} << 53) + std::int64_t(rng() % 16) - 8;
            }
        },
        1, 20'000);
}

TEST(OrderedEncoding, PreservesFloatOrderAndEqualsNegativeZero) {
    expect_order_preserved<double>(
        [](std::mt19937_64& rng) {
            switch (rng() % 4) {
                case 0: {
                    double d;
                    do
                        d = std::bit_cast<double>(rng());
                    while (std::isnan(d));
                    return d;
                }
                case 1:
                    return double(std::int64_t(rng() % 2001) - 1000) / 8;
                case 2:
                    return rng() % 2 ? 0.0 : -0.0;
                default: {
                    const double inf = std::numeric_limits<double>::infinity();
                    return rng() % 2 ? inf : -inf;
                }
            }
        },
        2, 20'000);
    EXPECT_EQ(ordered(Value(-0.0)), ordered(Value(0.0)));
}

TEST(OrderedEncoding, OrdersIntegersAndFloatsOnOneNumberLine) {
    const std::uint32_t seed = 3;
    std::mt19937_64 rng(seed);
    for (int i = 0; i < 20'000; ++i) {
        const std::int64_t a = std::int64_t(rng() % 20'001) - 10'000;
        const double b = double(std::int64_t(rng() % 80'001) - 40'000) / 4;
        const double da = double(a);
        std::string ea, eb;
        ASSERT_TRUE(encode_ordered_prefix(ea, Value(a)));
        ASSERT_TRUE(encode_ordered_prefix(eb, Value(b)));
        const int want = da < b ? -1 : b < da ? 1 : 0;
        ASSERT_EQ(compare_bytes(ea, eb), want) << "seed " << seed << ": " << a << " vs " << b;
        if (da != b) {
            ASSERT_EQ(compare_bytes(ordered(Value(a)), ordered(Value(b))), want)
                << "seed " << seed << ": " << a << " vs " << b;
        }
    }
}

TEST(OrderedEncoding, EqualNumbersShareThePrefix) {
    std::string one_int, one_float;
    ASSERT_TRUE(encode_ordered_prefix(one_int, Value(1)));
    ASSERT_TRUE(encode_ordered_prefix(one_float, Value(1.0)));
    EXPECT_EQ(one_int, one_float);
    EXPECT_EQ(ordered(Value(1)).substr(0, one_int.size()), one_int);
    EXPECT_EQ(ordered(Value(1.0)), one_float);
}

TEST(OrderedEncoding, PreservesStringOrder) {
    expect_order_preserved<std::string>(
        [](std::mt19937_64& rng) {
            std::string s(rng() % 6, '\0');
            // A small alphabet, NUL and high bytes (UTF-8) included, so ties and prefixes occur.
            static constexpr char alphabet[] = {'\0', 'a', 'b', 'z', char(0xc3), char(0xff)};
            for (char& c : s)
                c = alphabet[rng() % sizeof alphabet];
            return s;
        },
        4, 5'000);
}

TEST(OrderedEncoding, PreservesDateAndDateTimeOrder) {
    expect_order_preserved<Date>(
        [](std::mt19937_64& rng) {
            return Date{rng() % 2 ? std::int32_t(rng()) : std::int32_t(rng() % 200) - 100};
        },
        5, 10'000);
    // Seconds within +-31,000 years (the key holds microseconds), any nanoseconds, at UTC: the
    // struct's order is then the instant's.
    expect_order_preserved<DateTime>(
        [](std::mt19937_64& rng) {
            const std::int64_t seconds =
                rng() % 2 ? std::int64_t(rng() % 2'000'000'000'000) - 1'000'000'000'000
                          : std::int64_t(rng() % 200) - 100;
            return DateTime{
                seconds, std::int32_t(rng() % 3 == 0 ? rng() % 1'000'000'000 : 0), 0, {}};
        },
        6, 10'000);
}

TEST(OrderedEncoding, OrdersKindsAsOpenCypherDoes) {
    // ORDER BY: strings, booleans, numbers, then temporal values.
    const std::vector<Value> ascending = {Value("zzz"), Value(false),
                                          Value(true),  Value(-1e300),
                                          Value(5),     Value(DateTime{-5, 0, 0, {}})};
    for (std::size_t i = 0; i + 1 < ascending.size(); ++i) {
        EXPECT_LT(compare_bytes(ordered(ascending[i]), ordered(ascending[i + 1])), 0)
            << to_literal(ascending[i]) << " vs " << to_literal(ascending[i + 1]);
    }
    EXPECT_LT(compare_bytes(ordered(Value(5)), ordered(Value(Date{-100}))), 0);
    EXPECT_LT(compare_bytes(ordered(Value(Date{100})), ordered(Value(DateTime{-1000, 0, 0, {}}))),
              0);
    EXPECT_GT(compare_bytes(ordered(Value(std::numeric_limits<double>::quiet_NaN())),
                            ordered(Value(std::numeric_limits<double>::infinity()))),
              0);
}

TEST(OrderedEncoding, RefusesNullAndLists) {
    std::string out;
    EXPECT_FALSE(encode_ordered(out, Value()));
    EXPECT_FALSE(encode_ordered(out, Value(List{1})));
    EXPECT_FALSE(encode_ordered(out, Value(Map{})));
    EXPECT_TRUE(out.empty());
}

}  // namespace
}  // namespace caspian::storage
