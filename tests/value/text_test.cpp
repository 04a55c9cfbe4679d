// Tests of value/text.hpp: UTF-8 validation, character offsets, encoding and escape letters.
#include "value/text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace caspian {
namespace {

TEST(FindBadTextByte, AcceptsUtf8AndRejectsNulAndBadSequences) {
    EXPECT_EQ(find_bad_text_byte("plain ü €"), std::string_view::npos);
    EXPECT_EQ(find_bad_text_byte(std::string_view("a\0b", 3)), 1u);
    EXPECT_EQ(find_bad_text_byte("a\xC0\x80"), 1u);         // overlong NUL
    EXPECT_EQ(find_bad_text_byte("ab\xED\xA0\x80"), 2u);    // surrogate
    EXPECT_EQ(find_bad_text_byte("\xF4\x90\x80\x80"), 0u);  // past U+10FFFF
    EXPECT_EQ(find_bad_text_byte("abc\xE2\x82"), 3u);       // truncated
}

TEST(AppendUtf8, EncodesEveryLengthAndValidates) {
    for (std::uint32_t cp : {0x41u, 0xFCu, 0x20ACu, 0x1F600u, 0x10FFFFu}) {
        std::string s;
        append_utf8(s, cp);
        EXPECT_EQ(find_bad_text_byte(s), std::string_view::npos) << cp;
        EXPECT_EQ(char_count(s), 1) << cp;
    }
    std::string euro;
    append_utf8(euro, 0x20AC);
    EXPECT_EQ(euro, "€");
}

TEST(CharOffsets, CountAndSliceByCharacter) {
    const std::string s = "aü€😀b";
    EXPECT_EQ(char_count(s), 5);
    EXPECT_EQ(char_offsets(s), (std::vector<std::size_t>{0, 1, 3, 6, 10, 11}));
    EXPECT_EQ(char_substr(s, 1, 2), "ü€");
    EXPECT_EQ(char_substr(s, 3, 100), "😀b");
    EXPECT_EQ(char_substr(s, 9, 1), "");
}

TEST(UnescapeChar, KnowsTheOneLetterEscapes) {
    EXPECT_EQ(unescape_char('n'), '\n');
    EXPECT_EQ(unescape_char('\''), '\'');
    EXPECT_EQ(unescape_char('"'), '"');
    EXPECT_EQ(unescape_char('u'), std::nullopt);
    EXPECT_EQ(unescape_char('x'), std::nullopt);
}

TEST(AsciiLower, LowersOnlyAsciiLetters) {
    EXPECT_EQ(ascii_lower("PercentileCONT"), "percentilecont");
    EXPECT_EQ(ascii_lower("ÄB"), "Äb");
}

}  // namespace
}  // namespace caspian
