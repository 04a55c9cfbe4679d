// PackStream and chunking (server/bolt/packstream.hpp): the spec's byte forms, every value kind
// both ways in both dialects, and strict, bounded decoding of malformed input.
#include "server/bolt/packstream.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace {

using namespace caspian;
using namespace caspian::server::bolt;

constexpr Dialect bolt5{true, true};
constexpr Dialect bolt44{false, false};

std::string pack(const Value& v, Dialect d = bolt5) {
    std::string out;
    Packer(out, d).value(v);
    return out;
}

Value unpack(const std::string& bytes, Dialect d = bolt5) {
    Unpacker in(bytes, d);
    Value v = in.value();
    EXPECT_TRUE(in.at_end());
    return v;
}

std::string hex(const std::string& bytes) {
    static const char* digits = "0123456789ABCDEF";
    std::string s;
    for (char c : bytes) {
        if (!s.empty()) s += ' ';
        s += digits[(static_cast<unsigned char>(c) >> 4) & 0xF];
        s += digits[static_cast<unsigned char>(c) & 0xF];
    }
    return s;
}

std::string bytes(std::initializer_list<int> list) {
    std::string s;
    for (int b : list)
        s.push_back(static_cast<char>(b));
    return s;
}

TEST(PackStream, IntegersTakeTheirSmallestForm) {
    EXPECT_EQ(hex(pack(Value(1))), "01");
    EXPECT_EQ(hex(pack(Value(-16))), "F0");
    EXPECT_EQ(hex(pack(Value(-17))), "C8 EF");
    EXPECT_EQ(hex(pack(Value(128))), "C9 00 80");
    EXPECT_EQ(hex(pack(Value(std::int64_t{-32769}))), "CA FF FF 7F FF");
    EXPECT_EQ(hex(pack(Value(std::int64_t{1} << 40))), "CB 00 00 01 00 00 00 00 00");
    for (std::int64_t i :
         {std::int64_t{0}, std::int64_t{-128}, std::int64_t{127}, std::int64_t{2147483647},
          std::int64_t{-2147483648LL}, std::numeric_limits<std::int64_t>::min(),
          std::numeric_limits<std::int64_t>::max()}) {
        EXPECT_EQ(unpack(pack(Value(i))), Value(i)) << i;
    }
}

TEST(PackStream, ScalarsMatchTheSpec) {
    EXPECT_EQ(hex(pack(Value(1.1))), "C1 3F F1 99 99 99 99 99 9A");
    EXPECT_EQ(hex(pack(Value())), "C0");
    EXPECT_EQ(hex(pack(Value(true))), "C3");
    EXPECT_EQ(hex(pack(Value("a"))), "81 61");
    EXPECT_EQ(hex(pack(Value(Map{{{"one", Value(1)}}}))), "A1 83 6F 6E 65 01");
    EXPECT_EQ(hex(pack(Value(List{Value(1), Value(2)}))), "92 01 02");
    const std::string long_text(300, 'x');
    EXPECT_EQ(hex(pack(Value(long_text)).substr(0, 2)).substr(0, 2), "D1");
    EXPECT_EQ(unpack(pack(Value(long_text))), Value(long_text));
}

TEST(PackStream, LargeContainersRoundTrip) {
    List big;
    for (int i = 0; i < 70'000; ++i)
        big.push_back(Value(i));
    EXPECT_EQ(static_cast<unsigned char>(pack(Value(big))[0]), 0xD6);
    EXPECT_EQ(unpack(pack(Value(big))), Value(big));
    Map m;
    for (int i = 0; i < 300; ++i)
        m.entries.emplace_back("k" + std::to_string(1000 + i), Value(i));
    EXPECT_EQ(unpack(pack(Value(m))), Value(m));
}

Node sample_node(std::uint64_t id, std::string label) {
    return Node{NodeId{id}, {std::move(label)}, {{"name", Value("n" + std::to_string(id))}}};
}

TEST(PackStream, GraphValuesRoundTripInBothDialects) {
    const Node a = sample_node(1, "Person"), b = sample_node(2, "City"), c = sample_node(3, "X");
    const Edge ab{EdgeId{10}, "LIVES_IN", NodeId{1}, NodeId{2}, {{"since", Value(2020)}}};
    const Edge cb{EdgeId{11}, "NEAR", NodeId{3}, NodeId{2}, {}};
    // a -> b <- c: the second edge is walked against its direction.
    const Path p{{a, b, c}, {ab, cb}};
    for (Dialect d : {bolt5, bolt44}) {
        EXPECT_EQ(unpack(pack(Value(a), d), d), Value(a));
        EXPECT_EQ(unpack(pack(Value(ab), d), d), Value(ab));
        EXPECT_EQ(unpack(pack(Value(p), d), d), Value(p));
    }
    // 5.x carries element ids: a node has four fields, a relationship eight.
    EXPECT_EQ(static_cast<unsigned char>(pack(Value(a), bolt5)[0]), 0xB4);
    EXPECT_EQ(static_cast<unsigned char>(pack(Value(a), bolt44)[0]), 0xB3);
    EXPECT_EQ(static_cast<unsigned char>(pack(Value(ab), bolt5)[0]), 0xB8);
    EXPECT_EQ(static_cast<unsigned char>(pack(Value(ab), bolt44)[0]), 0xB5);
    // A 4.4 decoder refuses a 5.x node (the field count differs).
    EXPECT_THROW(unpack(pack(Value(a), bolt5), bolt44), ProtocolError);
}

TEST(PackStream, PathIndicesFollowTheSpec) {
    const Node a = sample_node(1, "A"), b = sample_node(2, "B");
    const Edge ab{EdgeId{7}, "T", NodeId{1}, NodeId{2}, {}};
    // a -> b -> a over the same edge twice: one node list entry each, one relationship.
    const Path p{{a, b, a}, {ab, ab}};
    const std::string packed = pack(Value(p), bolt44);
    Unpacker in(packed, bolt44);
    const auto header = in.struct_header();
    EXPECT_EQ(header.struct_tag, tag::path);
    EXPECT_EQ(in.value().as_list().size(), 2u);
    EXPECT_EQ(in.value().as_list().size(), 1u);
    EXPECT_EQ(in.value(), Value(List{Value(1), Value(1), Value(-1), Value(0)}));
    EXPECT_EQ(unpack(packed, bolt44), Value(p));
}

TEST(PackStream, TemporalValuesRoundTrip) {
    const std::vector<Value> values = {
        Value(Date{19000}),
        Value(Date{-800000}),
        Value(LocalTime{45'296'000'000'123}),
        Value(Time{45'296'000'000'000, 3600}),
        Value(LocalDateTime{1'600'000'000, 5}),
        Value(DateTime{1'600'000'000, 7, -18000, {}}),
        Value(Duration{14, 3, -1, 500'000'000}),
    };
    for (Dialect d : {bolt5, bolt44}) {
        for (const Value& v : values)
            EXPECT_EQ(unpack(pack(v, d), d), v) << to_literal(v);
    }
    DateTime zoned;
    ASSERT_TRUE(parse_datetime("2015-07-21T20:40:32.142+02:00[Europe/Stockholm]", zoned));
    EXPECT_EQ(unpack(pack(Value(zoned), bolt5), bolt5), Value(zoned));
    EXPECT_EQ(unpack(pack(Value(zoned), bolt44), bolt44), Value(zoned));
}

TEST(PackStream, DateTimesUseUtcSecondsIn5AndLocalSecondsIn44) {
    const DateTime t{1000, 0, 3600, {}};
    // The unpackers borrow their bytes: keep them alive.
    const std::string packed5 = pack(Value(t), bolt5), packed44 = pack(Value(t), bolt44);
    Unpacker five(packed5, bolt5);
    EXPECT_EQ(five.struct_header().struct_tag, tag::datetime);
    EXPECT_EQ(five.value(), Value(1000));
    Unpacker legacy(packed44, bolt44);
    EXPECT_EQ(legacy.struct_header().struct_tag, tag::legacy_datetime);
    EXPECT_EQ(legacy.value(), Value(4600));
    // A zone id's offset comes from the tz database: Stockholm is +02:00 in July.
    std::string packed;
    Packer p(packed, bolt5);
    p.struct_header(3, tag::datetime_zone_id);
    p.integer(1'437'504'032);  // 2015-07-21T18:40:32Z
    p.integer(0);
    p.string("Europe/Stockholm");
    const Value v = unpack(packed);
    EXPECT_EQ(v.as_datetime().offset, 7200);
    EXPECT_EQ(to_iso(v.as_datetime()), "2015-07-21T20:40:32+02:00[Europe/Stockholm]");
}

TEST(PackStream, DurationNanosecondsAreNormalised) {
    std::string packed;
    Packer p(packed, bolt5);
    p.struct_header(4, tag::duration);
    p.integer(0);
    p.integer(0);
    p.integer(1);
    p.integer(-1);
    EXPECT_EQ(unpack(packed), Value(Duration{0, 0, 0, 999'999'999}));
}

TEST(PackStream, MapsDecodeSortedWithTheLastOfARepeatedKey) {
    const Value v = unpack(bytes({0xA3, 0x81, 'b', 1, 0x81, 'a', 2, 0x81, 'b', 3}));
    EXPECT_EQ(v, Value(Map{{{"a", Value(2)}, {"b", Value(3)}}}));
}

TEST(PackStream, MalformedInputIsRefused) {
    const std::vector<std::string> bad = {
        "",                                           // nothing
        bytes({0xC1, 0, 0}),                          // truncated float
        bytes({0x85, 'a', 'b'}),                      // string longer than the bytes
        bytes({0xD6, 0x7F, 0xFF, 0xFF, 0xFF}),        // a list count with no items behind it
        bytes({0xDA, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}),  // the same for a map
        bytes({0xA1, 0x01, 0x01}),                    // a map key that is not a string
        bytes({0x82, 0xC3, 0x28}),                    // invalid UTF-8
        bytes({0x83, 0xED, 0xA0, 0x80}),              // a UTF-16 surrogate in UTF-8
        bytes({0x82, 0xC0, 0x80}),                    // an overlong form
        bytes({0xC7}),                                // an unknown marker
        bytes({0xCC, 0x01, 0x00}),                    // byte arrays
        bytes({0xB1, 0x44, 0x81, 'x'}),               // a date of a string
        bytes({0xB2, 0x44, 0x01, 0x01}),              // a date with two fields
        bytes({0xB1, 0x74, 0xCB, 0x7F, 0, 0, 0, 0, 0, 0, 0}),  // a time past the day
        bytes({0xB2, 0x58, 0x01, 0x01}),                       // a point
        bytes({0xB0, 0x01}),                                   // an unknown structure
        bytes({0xB3, 0x50, 0x90, 0x90, 0x90}),                 // a path without nodes
    };
    for (const std::string& b : bad)
        EXPECT_THROW(unpack(b), ProtocolError) << hex(b);
}

TEST(PackStream, NestingIsBounded) {
    const std::string deep = std::string(100, static_cast<char>(0x91)) + bytes({0x01});
    EXPECT_THROW(unpack(deep), ProtocolError);
    const std::string ok = std::string(10, static_cast<char>(0x91)) + bytes({0x01});
    EXPECT_NO_THROW(unpack(ok));
}

TEST(PackStream, ValuesPerMessageAreBounded) {
    List items(1000, Value(1));
    const std::string packed = pack(Value(items));
    Unpacker small(packed, bolt5, DecodeLimits{32, 1000});  // the list and 1000 items
    EXPECT_THROW(small.value(), ProtocolError);
    Unpacker enough(packed, bolt5, DecodeLimits{32, 1001});
    EXPECT_EQ(enough.value(), Value(items));
}

TEST(PackStream, RandomBytesNeverCrash) {
    std::mt19937 rng(19);
    for (int i = 0; i < 20'000; ++i) {
        std::string b(rng() % 24, '\0');
        for (char& c : b)
            c = static_cast<char>(rng() & 0xFF);
        try {
            (void)decode_message(b, i % 2 == 0 ? bolt5 : bolt44);
        } catch (const ProtocolError&) {
        }
    }
    SUCCEED();
}

TEST(PackStream, DecodeMessageRefusesTrailingBytes) {
    const std::string m = bytes({0xB1, 0x10, 0x01});
    EXPECT_EQ(decode_message(m, bolt5).tag, 0x10);
    EXPECT_THROW(decode_message(m + bytes({0x00}), bolt5), ProtocolError);
}

ReadExact reader_of(const std::string& stream, std::size_t& pos) {
    return [&stream, &pos](char* buffer, std::size_t size) {
        if (stream.size() - pos < size) throw std::runtime_error("end of stream");
        std::copy_n(stream.data() + pos, size, buffer);
        pos += size;
    };
}

TEST(Chunking, LongMessagesSplitAndJoin) {
    const std::string message(150'000, 'm');
    std::string stream = bytes({0, 0, 0, 0});  // NOOPs before the message are skipped
    append_chunked(stream, message);
    append_chunked(stream, "next");
    // Three chunks (65535, 65535, 18930) and the end marker.
    EXPECT_EQ(stream.size(), 4 + message.size() + 3 * 2 + 2 + 4 + 2 + 2);
    std::size_t pos = 0;
    EXPECT_EQ(read_chunked(reader_of(stream, pos), 1 << 20), message);
    EXPECT_EQ(read_chunked(reader_of(stream, pos), 1 << 20), "next");
}

TEST(Chunking, MessagesOverTheLimitAreRefused) {
    std::string stream;
    append_chunked(stream, std::string(1000, 'x'));
    std::size_t pos = 0;
    EXPECT_THROW(read_chunked(reader_of(stream, pos), 999), ProtocolError);
    pos = 0;
    EXPECT_EQ(read_chunked(reader_of(stream, pos), 1000).size(), 1000u);
}

}  // namespace
