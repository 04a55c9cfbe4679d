// Tests of value/text_analyzer.cpp: word boundaries, case folding, stemming and stop words,
// scripts other than Latin, bad UTF-8, and the code point edit distance of fuzzy queries.
#include "value/text_analyzer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace caspian {
namespace {

std::vector<std::string> terms(Analyzer a, std::string_view text) {
    std::vector<std::string> out;
    for (const Token& t : analyze(a, text))
        out.push_back(t.term);
    return out;
}

std::vector<std::uint32_t> positions(Analyzer a, std::string_view text) {
    std::vector<std::uint32_t> out;
    for (const Token& t : analyze(a, text))
        out.push_back(t.position);
    return out;
}

using Terms = std::vector<std::string>;

TEST(TextAnalyzer, FindsAnalyzersByNameIgnoringCase) {
    EXPECT_EQ(find_analyzer("standard"), Analyzer::Standard);
    EXPECT_EQ(find_analyzer("English"), Analyzer::English);
    EXPECT_EQ(find_analyzer("klingon"), std::nullopt);
    EXPECT_STREQ(analyzer_name(Analyzer::English), "english");
}

TEST(TextAnalyzer, StandardSplitsAtWordBoundariesAndFoldsCase) {
    EXPECT_EQ(terms(Analyzer::Standard, "The Ganja plant, in GANJA!"),
              (Terms{"the", "ganja", "plant", "in", "ganja"}));
    EXPECT_EQ(positions(Analyzer::Standard, "a  b\tc"), (std::vector<std::uint32_t>{0, 1, 2}));
    EXPECT_EQ(terms(Analyzer::Standard, "   ,;!  "), Terms{});
    EXPECT_EQ(terms(Analyzer::Standard, ""), Terms{});
}

TEST(TextAnalyzer, KeepsNumbersAndFoldsCompatibilityForms) {
    EXPECT_EQ(terms(Analyzer::Standard, "Route 66 ２０２４"), (Terms{"route", "66", "2024"}));
    // ß folds to ss, ﬁ to fi, Σ/ς to σ.
    EXPECT_EQ(terms(Analyzer::Standard, "Straße ﬁle ΣΟΦΟΣ σοφος"),
              (Terms{"strasse", "file", "σοφοσ", "σοφοσ"}));
}

TEST(TextAnalyzer, KeepsAccentsButFoldsTheirCase) {
    EXPECT_EQ(terms(Analyzer::Standard, "Azərbaycan ÉCOLE école"),
              (Terms{"azərbaycan", "école", "école"}));
    // Composed and decomposed é are the same term (NFKC).
    EXPECT_EQ(terms(Analyzer::Standard, "e\u0301cole"), (Terms{"école"}));
}

TEST(TextAnalyzer, FoldsCyrillic) {
    EXPECT_EQ(terms(Analyzer::Standard, "Беларусь і Азербайджан"),
              (Terms{"беларусь", "і", "азербайджан"}));
    EXPECT_EQ(terms(Analyzer::English, "Беларусь"), (Terms{"беларусь"}));
}

TEST(TextAnalyzer, SegmentsCjkWithoutCrashing) {
    const auto cjk = analyze(Analyzer::Standard, "東京都に住んでいます。서울 北京");
    ASSERT_FALSE(cjk.empty());
    for (const Token& t : cjk) {
        EXPECT_FALSE(t.term.empty());
        EXPECT_EQ(t.term.find('\0'), std::string::npos);
    }
    EXPECT_EQ(cjk.back().term, "北京");
}

TEST(TextAnalyzer, EnglishStemsDropsStopWordsAndPossessives) {
    EXPECT_EQ(terms(Analyzer::English, "The plants of Ganja's running factories"),
              (Terms{"plant", "ganja", "run", "factori"}));
    // Stop words leave gaps, so phrases keep their distances.
    EXPECT_EQ(positions(Analyzer::English, "capital of Azerbaijan"),
              (std::vector<std::uint32_t>{0, 2}));
    EXPECT_EQ(terms(Analyzer::Standard, "The plants"), (Terms{"the", "plants"}));
}

TEST(TextAnalyzer, InvalidUtf8AndNulBytesDoNotCrash) {
    const std::string bad = std::string("ab\xff\xfe cd\0ef", 10) + "\xe2\x82";
    const auto tokens = analyze(Analyzer::English, bad);
    for (const Token& t : tokens)
        EXPECT_EQ(t.term.find('\0'), std::string::npos);
    EXPECT_FALSE(tokens.empty());
}

TEST(TextAnalyzer, DropsWordsLongerThanATerm) {
    const std::string long_word(max_term_bytes + 1, 'x');
    EXPECT_EQ(terms(Analyzer::Standard, long_word + " short"), (Terms{"short"}));
    EXPECT_EQ(terms(Analyzer::Standard, std::string(max_term_bytes, 'y')).size(), 1u);
}

TEST(TextAnalyzer, FoldTermFoldsWithoutStemming) {
    EXPECT_EQ(fold_term("Running"), "running");
    EXPECT_EQ(fold_term("АЗЕР"), "азер");
    EXPECT_EQ(fold_term("!!"), "");
}

TEST(TextAnalyzer, TermDistanceCountsCodePoints) {
    EXPECT_EQ(term_distance("ganja", "ganja", 2), 0u);
    EXPECT_EQ(term_distance("ganja", "gnaja", 2), 1u);  // a swap
    EXPECT_EQ(term_distance("ganja", "gandja", 2), 1u);
    EXPECT_EQ(term_distance("беларусь", "беларус", 2), 1u);  // one code point, two bytes
    EXPECT_EQ(term_distance("ganja", "baku", 2), 3u);        // capped at max + 1
    EXPECT_EQ(term_distance("", "abc", 2), 3u);
}

}  // namespace
}  // namespace caspian
