// Tests of include/caspian/script.hpp (query/script.cpp): where split_statements splits and
// where it must not (strings, quoted names, comments), and what it reports as the rest.
#include <caspian/script.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace caspian {
namespace {

std::vector<std::string> statements(std::string_view script) {
    std::vector<std::string> out;
    for (const StatementSpan& s : split_statements(script).statements)
        out.emplace_back(script.substr(s.offset, s.length));
    return out;
}

TEST(SplitStatements, SplitsOnSemicolonsAndTrimsBlanks) {
    EXPECT_EQ(statements("RETURN 1;  RETURN 2 ;\n;"),
              (std::vector<std::string>{"RETURN 1", "RETURN 2"}));
}

TEST(SplitStatements, KeepsSemicolonsInsideStringsNamesAndComments) {
    EXPECT_EQ(statements("RETURN 'a;b';RETURN \"c\\\";d\";"),
              (std::vector<std::string>{"RETURN 'a;b'", "RETURN \"c\\\";d\""}));
    EXPECT_EQ(statements("MATCH (`x;y`) RETURN 1;"),
              (std::vector<std::string>{"MATCH (`x;y`) RETURN 1"}));
    EXPECT_EQ(statements("// a; b\nRETURN 1; /* c; d */ RETURN 2;"),
              (std::vector<std::string>{"RETURN 1", "RETURN 2"}));
}

TEST(SplitStatements, ReportsTheUnterminatedRest) {
    const std::string script = "RETURN 1; RETURN 'open";
    const SplitScript split = split_statements(script);
    ASSERT_EQ(split.statements.size(), 1U);
    ASSERT_TRUE(split.rest.has_value());
    EXPECT_EQ(script.substr(split.rest->offset, split.rest->length), "RETURN 'open");
    EXPECT_TRUE(split.open_token);
}

TEST(SplitStatements, BlanksAndCommentsAfterTheLastSemicolonAreNoRest) {
    const SplitScript split = split_statements("RETURN 1; // done\n  ");
    EXPECT_EQ(split.statements.size(), 1U);
    EXPECT_FALSE(split.rest.has_value());
    EXPECT_FALSE(split.open_token);
    EXPECT_TRUE(split_statements("RETURN 1; /* open").open_token);
}

}  // namespace
}  // namespace caspian
