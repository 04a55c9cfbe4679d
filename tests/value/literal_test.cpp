// Tests of value/literal.cpp: float text reads back as the same double, quoting escapes what
// would end or bend a literal, kind names carry their article.
#include "value/literal.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>

namespace caspian {
namespace {

TEST(FloatLiteral, AlwaysShowsAPointOrAnExponent) {
    EXPECT_EQ(float_literal(2.0), "2.0");
    EXPECT_EQ(float_literal(-0.5), "-0.5");
    EXPECT_EQ(float_literal(1e20), "1e+20");
    EXPECT_EQ(float_literal(std::numeric_limits<double>::quiet_NaN()), "NaN");
    EXPECT_EQ(float_literal(std::numeric_limits<double>::infinity()), "Infinity");
    EXPECT_EQ(float_literal(-std::numeric_limits<double>::infinity()), "-Infinity");
}

TEST(FloatLiteral, RandomDoublesReadBackExactly) {
    const std::uint32_t seed = 7;
    std::mt19937_64 gen{seed};
    for (int i = 0; i < 2000; ++i) {
        double d = 0;
        do {
            const std::uint64_t bits = gen();
            static_assert(sizeof d == sizeof bits);
            std::memcpy(&d, &bits, sizeof d);
        } while (!std::isfinite(d));
        const std::string text = float_literal(d);
        EXPECT_EQ(std::strtod(text.c_str(), nullptr), d) << text << " seed " << seed;
        EXPECT_NE(text.find_first_of(".e"), std::string::npos) << text;
    }
}

TEST(QuoteString, EscapesQuotesAndBackslashes) {
    EXPECT_EQ(quote_string("it's"), "'it\\'s'");
    EXPECT_EQ(quote_string("a\\b"), "'a\\\\b'");
    EXPECT_EQ(quote_string("a\nb"), "'a\nb'");
    EXPECT_EQ(quote_string("a\nb\x01", ControlChars::Escape), "'a\\nb\\u0001'");
    EXPECT_EQ(quote_string("tab\there", ControlChars::Escape), "'tab\\there'");
    EXPECT_EQ(quote_string("ü"), "'ü'");
}

TEST(QuoteName, DoublesBackquotes) {
    EXPECT_EQ(quote_name("my name"), "`my name`");
    EXPECT_EQ(quote_name("a`b"), "`a``b`");
}

TEST(KindWithArticle, UsesAnBeforeVowels) {
    EXPECT_EQ(kind_with_article(ValueKind::Int), "an integer");
    EXPECT_EQ(kind_with_article(ValueKind::String), "a string");
    EXPECT_EQ(kind_with_article(ValueKind::Null), "null");
}

TEST(ToLiteral, UsesTheSharedPrimitives) {
    EXPECT_EQ(to_literal(Value(List{Value(2.0), Value("it's")})),
              "[" + float_literal(2.0) + ", " + quote_string("it's") + "]");
}

}  // namespace
}  // namespace caspian
