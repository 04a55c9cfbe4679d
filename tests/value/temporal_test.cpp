// Tests of value/temporal.hpp: month lengths, month arithmetic, date plus duration, between
// and components, each a round trip or a known calendar fact.
#include "value/temporal.hpp"

#include <caspian/error.hpp>

#include <gtest/gtest.h>

#include <random>
#include <utility>

namespace caspian {
namespace {

Value date(const char* text) {
    Date d;
    EXPECT_TRUE(parse_date(text, d)) << text;
    return Value(d);
}

Value duration(const char* text) {
    Duration d;
    EXPECT_TRUE(parse_duration(text, d)) << text;
    return Value(d);
}

TEST(Calendar, MonthLengthsFollowTheGregorianRules) {
    EXPECT_EQ(days_in_month(2024, 2), 29u);
    EXPECT_EQ(days_in_month(1900, 2), 28u);
    EXPECT_EQ(days_in_month(2000, 2), 29u);
    EXPECT_EQ(days_in_month(2023, 4), 30u);
    EXPECT_EQ(days_in_month(-4, 2), 29u);
}

TEST(Calendar, AddMonthsClampsToTheLastDay) {
    const std::int64_t jan31 = date("2022-01-31").as_date().days;
    EXPECT_EQ(to_iso(Date{std::int32_t(add_months(jan31, 1))}), "2022-02-28");
    EXPECT_EQ(to_iso(Date{std::int32_t(add_months(jan31, -2))}), "2021-11-30");
    EXPECT_THROW(add_months(jan31, std::int64_t{1} << 62), Error);
}

// Exact only forward and from a day every month has: otherwise the month step clamps
// (Jan 31 + P1M is Feb 28), as in Neo4j.
TEST(Arithmetic, DatePlusDurationAndBetweenRoundTrip) {
    const std::uint32_t seed = 11;
    std::mt19937 gen{seed};
    for (int i = 0; i < 500; ++i) {
        Date a{std::int32_t(gen() % 200'000) - 100'000}, b{std::int32_t(gen() % 200'000) - 100'000};
        if (b < a) std::swap(a, b);
        if (to_ymd(a).day > 28) continue;
        const Value from(a), to(b);
        const Duration between = duration_between(from, to, BetweenKind::All);
        EXPECT_EQ(plus_duration(from, between), to) << "seed " << seed << " i " << i;
    }
}

TEST(Arithmetic, OperatorsOnDurations) {
    EXPECT_EQ(temporal_arithmetic('+', date("2022-01-31"), duration("P1M")), date("2022-02-28"));
    EXPECT_EQ(temporal_arithmetic('-', duration("PT1S"), duration("PT1.5S")), duration("PT-0.5S"));
    EXPECT_EQ(temporal_arithmetic('*', duration("P1D"), Value(2)), duration("P2D"));
    EXPECT_EQ(temporal_arithmetic('+', Value(1), Value(2)), std::nullopt);
    EXPECT_THROW(temporal_arithmetic('/', duration("P1D"), Value(0)), Error);
}

TEST(Components, OfDatesDatetimesAndDurations) {
    EXPECT_EQ(temporal_component(date("2022-05-18"), "dayOfWeek"), Value(3));
    EXPECT_EQ(temporal_component(date("2022-05-18"), "ordinalDay"), Value(138));
    DateTime t;
    ASSERT_TRUE(parse_datetime("1969-12-31T23:59:59.5Z", t));
    EXPECT_EQ(temporal_component(Value(t), "epochMillis"), Value(-500));
    EXPECT_EQ(temporal_component(Value(t), "second"), Value(59));
    EXPECT_EQ(temporal_component(duration("P1Y2M"), "monthsOfYear"), Value(2));
    EXPECT_EQ(date_of(t), Date{-1});
    EXPECT_THROW(temporal_component(Value(1), "year"), Error);
}

}  // namespace
}  // namespace caspian
