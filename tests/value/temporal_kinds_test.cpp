// Tests of the temporal kinds of issue #16 in value/: ISO text of every kind both ways, the ISO
// week calendar against a naive count, zones from the tz database, arithmetic and between.
#include "value/json.hpp"
#include "value/temporal.hpp"

#include <caspian/error.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <random>
#include <string>

namespace caspian {
namespace {

std::string reparsed_time(const char* text) {
    Time t;
    EXPECT_TRUE(parse_time(text, t)) << text;
    return to_iso(t);
}

std::string reparsed_datetime(const char* text) {
    DateTime t;
    EXPECT_TRUE(parse_datetime(text, t)) << text;
    return to_iso(t);
}

TEST(TemporalText, TimesPrintInGroupsOfThreeDigits) {
    EXPECT_EQ(to_iso(LocalTime{0}), "00:00");
    EXPECT_EQ(to_iso(LocalTime{(12 * 3600 + 31 * 60 + 14) * nanos_per_second + 645'876'123}),
              "12:31:14.645876123");
    EXPECT_EQ(to_iso(LocalTime{14 * nanos_per_second + 500'000'000}), "00:00:14.500");
    EXPECT_EQ(to_iso(LocalTime{14 * nanos_per_second + 645'876'000}), "00:00:14.645876");
    EXPECT_EQ(to_iso(Time{3600 * nanos_per_second, -5400}), "01:00-01:30");
    EXPECT_EQ(to_iso(Time{0, 3208}), "00:00+00:53:28");
}

TEST(TemporalText, EveryIsoFormReadsBack) {
    EXPECT_EQ(reparsed_time("21:40:32.142+0100"), "21:40:32.142+01:00");
    EXPECT_EQ(reparsed_time("214032-0100"), "21:40:32-01:00");
    EXPECT_EQ(reparsed_time("2140-00:00"), "21:40Z");
    EXPECT_EQ(reparsed_time("22+18:00"), "22:00+18:00");
    EXPECT_EQ(reparsed_datetime("2015-W30-2T214032.142Z"), "2015-07-21T21:40:32.142Z");
    EXPECT_EQ(reparsed_datetime("2015202T21+18:00"), "2015-07-21T21:00+18:00");
    EXPECT_EQ(reparsed_datetime("2015T214032-0100"), "2015-01-01T21:40:32-01:00");
    for (const char* bad : {"24:00", "12:60", "1:00", "12:00+19:00", "12:00.5", "12:3"}) {
        Time t;
        EXPECT_FALSE(parse_time(bad, t)) << bad;
    }
    for (const char* bad :
         {"2015-W54", "2015-366", "2015-07-21T", "2015-07-21T12:00[Nowhere/Else]", "15-07-21"}) {
        DateTime t;
        EXPECT_FALSE(parse_datetime(bad, t)) << bad;
    }
}

TEST(TemporalText, RandomLocalDateTimesRoundTrip) {
    const std::uint32_t seed = 16;
    std::mt19937_64 rng(seed);
    for (int i = 0; i < 20'000; ++i) {
        const std::int64_t span = std::int64_t{315'537'897'600};  // years -9999..9999
        const LocalDateTime t{std::int64_t(rng() % std::uint64_t(span)) - span / 2,
                              std::int32_t(rng() % 1'000'000'000)};
        LocalDateTime parsed;
        const std::string iso = to_iso(t);
        ASSERT_TRUE(parse_localdatetime(iso, parsed)) << "seed " << seed << ": " << iso;
        ASSERT_EQ(parsed, t) << "seed " << seed << ": " << iso;
    }
}

// The ISO week of a day counted the slow way: weeks start on Monday, week 1 holds January 4th.
TEST(Calendar, WeekDatesMatchANaiveCount) {
    for (std::int64_t days = -800; days < 800; ++days) {
        const WeekDate w = to_week_date(days);
        EXPECT_EQ(days_from_week_date(w.year, w.week, w.day), days) << days;
        std::int64_t monday = days_from_civil(w.year, 1, 4);
        while (day_of_week(monday) != 1)
            --monday;
        EXPECT_EQ((days - monday) / 7 + 1, std::int64_t{w.week}) << days;
    }
    EXPECT_THROW(days_from_week_date(2015, 54, 1), Error);
    EXPECT_EQ(to_iso(Date{std::int32_t(days_from_week_date(1817, 1, 2))}), "1816-12-31");
    EXPECT_EQ(to_iso(Date{std::int32_t(days_from_quarter(2015, 3, 21))}), "2015-07-21");
    EXPECT_THROW(days_from_quarter(2015, 1, 91), Error);  // the first quarter of 2015 has 90
}

TEST(Zones, OffsetsFollowTheRulesOfTheDate) {
    const ZoneSpec stockholm = parse_zone("Europe/Stockholm");
    EXPECT_EQ(stockholm.zone, "Europe/Stockholm");
    const std::int64_t summer = days_from_civil(2015, 7, 21) * seconds_per_day + 12 * 3600;
    const std::int64_t winter = days_from_civil(2015, 1, 21) * seconds_per_day + 12 * 3600;
    EXPECT_EQ(datetime_at_local(summer, 0, stockholm).offset, 7200);
    EXPECT_EQ(datetime_at_local(winter, 0, stockholm).offset, 3600);
    EXPECT_EQ(parse_zone("+05:30").offset, 5 * 3600 + 1800);
    EXPECT_THROW(parse_zone("Mars/Olympus_Mons"), Error);
}

TEST(Zones, AnOverlapTakesTheEarlierOffset) {
    // 2017-10-29 02:30 happened twice in Stockholm: first at +02:00.
    const std::int64_t local = days_from_civil(2017, 10, 29) * seconds_per_day + 2 * 3600 + 1800;
    const DateTime t = datetime_at_local(local, 0, parse_zone("Europe/Stockholm"));
    EXPECT_EQ(to_iso(t), "2017-10-29T02:30+02:00[Europe/Stockholm]");
}

TEST(Arithmetic, BetweenAndPlusRoundTripForLocalDateTimes) {
    const std::uint32_t seed = 7;
    std::mt19937_64 rng(seed);
    for (int i = 0; i < 500; ++i) {
        const LocalDateTime a{std::int64_t(rng() % 4'000'000'000) - 2'000'000'000,
                              std::int32_t(rng() % 1'000'000'000)};
        const LocalDateTime b{a.seconds + std::int64_t(rng() % 100'000'000), 0};
        if (to_ymd(Date{std::int32_t(floor_div(a.seconds, seconds_per_day))}).day > 28) continue;
        const Duration d = duration_between(Value(a), Value(b), BetweenKind::All);
        EXPECT_EQ(plus_duration(Value(a), d), Value(b)) << "seed " << seed << " i " << i;
    }
}

TEST(Arithmetic, TimesWrapAroundMidnight) {
    const Value t(LocalTime{23 * 3600 * nanos_per_second});
    EXPECT_EQ(plus_duration(t, Duration{0, 5, 7200, 0}), Value(LocalTime{3600 * nanos_per_second}));
    EXPECT_EQ(plus_duration(t, Duration{0, 0, -86'400 * 3, 0}), t);
}

TEST(Ordering, TimesAndDatetimesCompareByInstant) {
    EXPECT_EQ(temporal_order(Value(Time{10 * 3600 * nanos_per_second, 3600}),
                             Value(Time{9 * 3600 * nanos_per_second, 0})),
              0);
    DateTime a, b;
    ASSERT_TRUE(parse_datetime("2015-07-21T21:40+01:00", a));
    ASSERT_TRUE(parse_datetime("2015-07-21T20:41Z", b));
    EXPECT_EQ(temporal_order(Value(a), Value(b)), -1);
}

// JSON Lines writes each temporal kind under its own tag, and reads it back as that kind.
TEST(TemporalJson, TaggedTextRoundTripsEveryKind) {
    DateTime zoned;
    ASSERT_TRUE(parse_datetime("2015-07-21T21:40:32.142[Europe/Stockholm]", zoned));
    for (const Value& v : {Value(Date{16'637}), Value(zoned), Value(LocalTime{1}),
                           Value(Time{3600 * nanos_per_second, -5400}), Value(LocalDateTime{-1, 5}),
                           Value(Duration{14, -3, -1, 500'000'000})}) {
        const std::string text = to_json(v, JsonDates::Tagged);
        EXPECT_EQ(text.rfind(std::string("{\"$") + to_string(v.kind()) + "\":", 0), 0u) << text;
        EXPECT_EQ(from_json(nlohmann::json::parse(text), JsonObjects::TaggedTemporals), v) << text;
    }
}

}  // namespace
}  // namespace caspian
