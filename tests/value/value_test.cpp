// Tests of value/: Value equality, literal rendering, property lists and the calendar
// conversions. Links only caspian_value.
#include <caspian/error.hpp>
#include <caspian/value.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>

namespace caspian {
namespace {

TEST(Value, EqualityIsStructuralAndKindSensitive) {
    EXPECT_EQ(Value(), Value(nullptr));
    EXPECT_NE(Value(1), Value(1.0));
    EXPECT_NE(Value(1), Value("1"));
    EXPECT_NE(Value(false), Value(0));
    EXPECT_EQ(Value(List{1, "a"}), Value(List{1, "a"}));
    EXPECT_NE(Value(List{1, "a"}), Value(List{1, "b"}));
    EXPECT_NE(Value(List{1}), Value(List{1, 1}));
    EXPECT_EQ(Value(std::numeric_limits<double>::quiet_NaN()),
              Value(std::numeric_limits<double>::quiet_NaN()));
    EXPECT_EQ(Value(0.0), Value(-0.0));
    EXPECT_EQ(Value(Map{{{"a", 1}}}), Value(Map{{{"a", 1}}}));
    EXPECT_NE(Value(Map{{{"a", 1}}}), Value(Map{{{"b", 1}}}));
    EXPECT_NE(Value(Node{NodeId{1}, {"A"}, {}}), Value(Node{NodeId{2}, {"A"}, {}}));
    EXPECT_NE(Value(Date{1}), Value(DateTime{1, 0, 0, {}}));
}

TEST(Value, StorableKindsExcludeMapsAndGraphValues) {
    EXPECT_TRUE(is_storable(Value(List{List{1}, Date{3}, Value()})));
    EXPECT_FALSE(is_storable(Value(Map{})));
    EXPECT_FALSE(is_storable(Value(List{Value(Map{})})));
    EXPECT_FALSE(is_storable(Value(Node{})));
}

TEST(ToLiteral, RendersFloatsWithAPoint) {
    EXPECT_EQ(to_literal(Value(2.0)), "2.0");
    EXPECT_EQ(to_literal(Value(-3.0)), "-3.0");
    EXPECT_EQ(to_literal(Value(0.5)), "0.5");
    EXPECT_EQ(to_literal(Value(1e300)), "1e+300");
    EXPECT_EQ(to_literal(Value(2)), "2");
    EXPECT_EQ(to_literal(Value(std::numeric_limits<double>::quiet_NaN())), "NaN");
    EXPECT_EQ(to_literal(Value(-std::numeric_limits<double>::infinity())), "-Infinity");
}

TEST(ToLiteral, RendersEveryKindInCypherStyle) {
    EXPECT_EQ(to_literal(Value()), "null");
    EXPECT_EQ(to_literal(Value(true)), "true");
    EXPECT_EQ(to_literal(Value("it's")), "'it\\'s'");
    EXPECT_EQ(to_literal(Value(List{1, "a", List{}})), "[1, 'a', []]");
    EXPECT_EQ(to_literal(Value(Map{{{"a", 1}, {"b", 2.0}}})), "{a: 1, b: 2.0}");
    EXPECT_EQ(to_literal(Value(make_date(2022, 5, 18))), "date('2022-05-18')");
    EXPECT_EQ(to_literal(Value(Node{NodeId{1}, {"Country"}, {{"key", "BY"}}})),
              "(:Country {key: 'BY'})");
    EXPECT_EQ(to_literal(Value(Edge{EdgeId{1}, "VISITED", NodeId{1}, NodeId{2}, {}})),
              "[:VISITED]");
}

TEST(Properties, SetKeepsNamesSortedAndNullRemoves) {
    Properties props;
    set_property(props, "b", 2);
    set_property(props, "a", 1);
    set_property(props, "c", 3);
    set_property(props, "b", "two");
    ASSERT_EQ(props.size(), 3u);
    EXPECT_EQ(props[0].first, "a");
    EXPECT_EQ(props[1].first, "b");
    EXPECT_EQ(props[2].first, "c");
    ASSERT_NE(find_property(props, "b"), nullptr);
    EXPECT_EQ(*find_property(props, "b"), Value("two"));
    set_property(props, "b", Value());
    set_property(props, "zz", Value());
    EXPECT_EQ(props.size(), 2u);
    EXPECT_EQ(find_property(props, "b"), nullptr);
    EXPECT_EQ(find_property(props, "zz"), nullptr);
}

TEST(Dates, EpochAndKnownDays) {
    EXPECT_EQ(make_date(1970, 1, 1).days, 0);
    EXPECT_EQ(make_date(1969, 12, 31).days, -1);
    EXPECT_EQ(make_date(2000, 3, 1).days, 11'017);
    EXPECT_EQ(to_iso(make_date(2022, 5, 18)), "2022-05-18");
}

TEST(Dates, LeapYearsFollowTheGregorianRules) {
    EXPECT_NO_THROW(make_date(2024, 2, 29));
    EXPECT_NO_THROW(make_date(2000, 2, 29));
    EXPECT_NO_THROW(make_date(-4, 2, 29));
    EXPECT_NO_THROW(make_date(0, 2, 29));  // year 0 (1 BC) is a leap year
    for (int year : {2023, 1900, 2100, -1, -100}) {
        try {
            make_date(year, 2, 29);
            ADD_FAILURE() << year << "-02-29 accepted";
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Type);
        }
    }
    EXPECT_EQ(make_date(2024, 3, 1).days - make_date(2024, 2, 28).days, 2);
    EXPECT_EQ(make_date(2023, 3, 1).days - make_date(2023, 2, 28).days, 1);
}

TEST(Dates, RejectsImpossibleDates) {
    EXPECT_THROW(make_date(2022, 0, 1), Error);
    EXPECT_THROW(make_date(2022, 13, 1), Error);
    EXPECT_THROW(make_date(2022, 4, 31), Error);
    EXPECT_THROW(make_date(2022, 1, 0), Error);
    EXPECT_THROW(make_date(2022, 1, 32), Error);
    // Beyond what 32-bit days since 1970 hold (about ±5.8 million years).
    EXPECT_THROW(make_date(10'000'000, 1, 1), Error);
    EXPECT_THROW(make_date(-10'000'000, 1, 1), Error);
}

TEST(Dates, DaysYmdAndIsoRoundTrip) {
    const std::uint32_t seed = 17;
    std::mt19937 rng(seed);
    for (int i = 0; i < 100'000; ++i) {
        // Mostly years -9999..9999, some far out to the edge of the 32-bit range.
        const std::int32_t days =
            i % 10 == 0 ? std::int32_t(rng()) : std::int32_t(rng() % 7'304'850) - 3'652'425;
        const Date d{days};
        const YearMonthDay ymd = to_ymd(d);
        ASSERT_EQ(make_date(ymd.year, ymd.month, ymd.day), d)
            << "seed " << seed << " days " << days;
        Date parsed;
        const std::string iso = to_iso(d);
        ASSERT_TRUE(parse_date(iso, parsed)) << "seed " << seed << ": " << iso;
        ASSERT_EQ(parsed, d) << "seed " << seed << ": " << iso;
    }
}

TEST(Dates, NegativeYearsRenderWithFourDigits) {
    EXPECT_EQ(to_iso(make_date(-1, 1, 1)), "-0001-01-01");
    EXPECT_EQ(to_iso(make_date(0, 12, 31)), "0000-12-31");
    EXPECT_EQ(to_iso(make_date(-2022, 5, 18)), "-2022-05-18");
    EXPECT_EQ(to_iso(make_date(12'345, 1, 2)), "+12345-01-02");  // java.time's form (issue #16)
    Date d;
    ASSERT_TRUE(parse_date("-0001-01-01", d));
    EXPECT_EQ(d, make_date(-1, 1, 1));
    ASSERT_TRUE(parse_date("+2022-05-18", d));
    EXPECT_EQ(d, make_date(2022, 5, 18));
}

TEST(Dates, ParseRejectsMalformedText) {
    for (const char* text :
         {"",           "2022-",      "2022-5-18",      "22-05-18",        "2022-05-1",
          "2022/05/18", "2022-13-01", "2022-02-30",     "2023-02-29",      "1900-02-29",
          "2022-00-10", "2022-05-00", "2022-05-18x",    " 2022-05-18",     "2022-05-18 ",
          "20a2-05-18", "2022-0a-18", "+-2022-05-18",   "--2022-05-18",    "-+2022-05-18",
          "2022-+5-18", "2022-05--1", "99999999-01-01", "2022-05-18T10:00"}) {
        Date d{12345};
        EXPECT_FALSE(parse_date(text, d)) << "'" << text << "'";
        EXPECT_EQ(d.days, 12345) << "'" << text << "' changed the output";
    }
}

TEST(DateTimes, ParseAndRenderRoundTrip) {
    DateTime t;
    ASSERT_TRUE(parse_datetime("2022-05-18T09:30:00Z", t));
    EXPECT_EQ(to_iso(t), "2022-05-18T09:30Z");  // openCypher leaves out zero seconds
    EXPECT_EQ(t.seconds, std::int64_t{make_date(2022, 5, 18).days} * 86'400 + 9 * 3600 + 30 * 60);
    ASSERT_TRUE(parse_datetime("2022-05-18T09:30", t));
    EXPECT_EQ(to_iso(t), "2022-05-18T09:30Z");
    ASSERT_TRUE(parse_datetime("2022-05-18T09:30:05.25Z", t));
    EXPECT_EQ(to_iso(t), "2022-05-18T09:30:05.250Z");
    ASSERT_TRUE(parse_datetime("2022-05-18T13:30:00+04:00", t));  // Baku: the offset is kept
    EXPECT_EQ(to_iso(t), "2022-05-18T13:30+04:00");
    EXPECT_EQ(t.seconds % 86'400, 9 * 3600 + 30 * 60);
    ASSERT_TRUE(parse_datetime("2022-05-18T06:30:00-03:00", t));
    EXPECT_EQ(to_iso(t), "2022-05-18T06:30-03:00");
    ASSERT_TRUE(parse_datetime("2022-05-18", t));
    EXPECT_EQ(to_iso(t), "2022-05-18T00:00Z");
    ASSERT_TRUE(parse_datetime("1969-12-31T23:59:59.999999Z", t));
    EXPECT_EQ(t.seconds, -1);
    EXPECT_EQ(t.nanos, 999'999'000);
    EXPECT_EQ(to_iso(DateTime{-1, 999'999'999, 0, {}}), "1969-12-31T23:59:59.999999999Z");
}

TEST(DateTimes, RandomInstantsRoundTripThroughIso) {
    const std::uint32_t seed = 99;
    std::mt19937_64 rng(seed);
    for (int i = 0; i < 50'000; ++i) {
        // Years -9999..9999 in seconds, any nanoseconds, offsets within +-18 h.
        const std::int64_t span = std::int64_t{315'537'897'600} * 2;
        const DateTime t{
            std::int64_t(rng() % std::uint64_t(span)) - span / 2 - std::int64_t{62'135'596'800},
            std::int32_t(rng() % 1'000'000'000),
            std::int32_t(rng() % (36 * 3600 + 1)) - 18 * 3600,
            {}};
        DateTime parsed;
        const std::string iso = to_iso(t);
        ASSERT_TRUE(parse_datetime(iso, parsed)) << "seed " << seed << ": " << iso;
        ASSERT_EQ(parsed, t) << "seed " << seed << ": " << iso;
    }
}

TEST(Durations, RenderIso8601) {
    EXPECT_EQ(to_iso(Duration{}), "PT0S");
    EXPECT_EQ(to_iso(Duration{14, 3, 4 * 3600 + 5 * 60 + 6, 500'000'000}), "P1Y2M3DT4H5M6.5S");
    EXPECT_EQ(to_iso(Duration{0, 0, -1, 500'000'000}), "PT-0.5S");
    EXPECT_EQ(to_iso(Duration{-13, -1, -5400, 0}), "P-1Y-1M-1DT-1H-30M");
    EXPECT_EQ(to_iso(Duration{0, 0, 0, 1}), "PT0.000000001S");
    EXPECT_EQ(to_iso(Duration{0, 0, std::numeric_limits<std::int64_t>::min(), 0}),
              "PT-2562047788015215H-30M-8S");
    EXPECT_EQ(to_literal(Value(Duration{12, 0, 0, 0})), "duration('P1Y')");
}

TEST(Durations, ParseCascadesFractions) {
    Duration d;
    ASSERT_TRUE(parse_duration("P1Y2M3W4DT5H6M7.25S", d));
    EXPECT_EQ(d, (Duration{14, 25, 5 * 3600 + 6 * 60 + 7, 250'000'000}));
    ASSERT_TRUE(parse_duration("P0.5D", d));
    EXPECT_EQ(d, (Duration{0, 0, 43'200, 0}));
    ASSERT_TRUE(parse_duration("-PT1.5S", d));
    EXPECT_EQ(d, (Duration{0, 0, -2, 500'000'000}));
    ASSERT_TRUE(parse_duration("P-1M+2D", d));
    EXPECT_EQ(d, (Duration{-1, 2, 0, 0}));
    ASSERT_TRUE(parse_duration("PT0,5M", d));
    EXPECT_EQ(d, (Duration{0, 0, 30, 0}));
}

TEST(Durations, RandomDurationsRoundTripThroughIso) {
    std::mt19937_64 rng(20220518);
    std::uniform_int_distribution<std::int64_t> part(-5'000'000'000, 5'000'000'000);
    std::uniform_int_distribution<std::int32_t> nanos(0, 999'999'999);
    for (int i = 0; i < 2000; ++i) {
        const Duration d{part(rng), part(rng), part(rng), rng() % 3 == 0 ? 0 : nanos(rng)};
        Duration back;
        ASSERT_TRUE(parse_duration(to_iso(d), back)) << to_iso(d);
        // Years and months print from months alone, hours and minutes from seconds alone.
        EXPECT_EQ(back, d) << to_iso(d) << " seed 20220518, draw " << i;
    }
}

TEST(Durations, ParseRejectsMalformedText) {
    for (const char* text :
         {"", "P", "PT", "1D", "P1", "P1H", "PT1D", "P1D2Y", "P1Y1Y", "P1DT", "P1.D.5", "P--1D",
          "P1DT1H2H", "PT1S1M", "Px", "P1DT1S extra", "P99999999999999999999Y"}) {
        Duration d{7, 7, 7, 7};
        EXPECT_FALSE(parse_duration(text, d)) << "'" << text << "'";
        EXPECT_EQ(d, (Duration{7, 7, 7, 7})) << "'" << text << "' changed the output";
    }
}

TEST(Durations, MakeDurationChecksTheRange) {
    DurationUnits u;
    u.years = 1e18L;
    EXPECT_THROW(make_duration(u), Error);
    DurationUnits nan;
    nan.days = std::numeric_limits<long double>::quiet_NaN();
    EXPECT_THROW(make_duration(nan), Error);
    DurationUnits carry;
    carry.seconds = -0.25L;
    EXPECT_EQ(make_duration(carry), (Duration{0, 0, -1, 750'000'000}));
}

TEST(DateTimes, ParseRejectsMalformedText) {
    for (const char* text : {"2022-05-18T",
                             "2022-05-18T9:30",
                             "2022-05-18T24:00",
                             "2022-05-18T10:60",
                             "2022-05-18T10:30:60",
                             "2022-05-18T10:30:0",
                             "2022-05-18T10:30:00.",
                             "2022-05-18T10:30:00.1234567890",
                             "2022-05-18T10:30:00,",
                             "2022-05-18T10:30:00+4:00",
                             "2022-05-18T10:30:00+04:60",
                             "2022-05-18T10:30:00+24:00",
                             "2022-05-18T10:30Zx",
                             "2022-05-18T-1:00",
                             "2022-05-18T10:-1",
                             "2022-05-18T10:30:-1",
                             "2022-05-18T10:30:00+-1:00",
                             "2022-05-18T10:30:00.-5",
                             "2022-13-18T10:30",
                             "300000-01-01T00:00",
                             "-9000000-01-01T00:00"}) {
        DateTime t{777, 0, 0, {}};
        EXPECT_FALSE(parse_datetime(text, t)) << "'" << text << "'";
        EXPECT_EQ(t.seconds, 777) << "'" << text << "' changed the output";
    }
}

}  // namespace
}  // namespace caspian
