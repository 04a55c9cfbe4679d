// Tests of value/text.hpp's edit_distance and closest_name: the one measure behind the engine's
// and the command's "did you mean".
#include "value/text.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace caspian {
namespace {

TEST(EditDistance, CountsInsertionsDeletionsSubstitutionsAndSwaps) {
    EXPECT_EQ(edit_distance("", ""), 0u);
    EXPECT_EQ(edit_distance("", "abc"), 3u);
    EXPECT_EQ(edit_distance("abc", ""), 3u);
    EXPECT_EQ(edit_distance("query", "query"), 0u);
    EXPECT_EQ(edit_distance("qurey", "query"), 1u);  // one swap of neighbours
    EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
    EXPECT_EQ(edit_distance("shel", "shell"), 1u);
    EXPECT_EQ(edit_distance("sxell", "shell"), 1u);
    // Optimal string alignment: a swapped pair is not edited again ("ca" -> "ac" -> "abc" is 2
    // under unrestricted Damerau-Levenshtein, 3 here).
    EXPECT_EQ(edit_distance("ca", "abc"), 3u);
}

TEST(EditDistance, IsSymmetric) {
    const std::vector<std::string> words = {"",      "a",    "ab",     "ba",     "query", "qurey",
                                            "Visit", "Vist", "export", "import", "ü",     "uü"};
    for (const std::string& a : words) {
        for (const std::string& b : words)
            EXPECT_EQ(edit_distance(a, b), edit_distance(b, a)) << a << " / " << b;
    }
}

TEST(ClosestName, IgnoresCaseAndKeepsToTheBound) {
    const std::vector<std::string> names = {"Visit", "Country", "name"};
    EXPECT_EQ(closest_name("country", names, 2), "Country");
    EXPECT_EQ(closest_name("NAME", names, 0), "name");
    EXPECT_EQ(closest_name("Vist", names, 1), "Visit");
    EXPECT_EQ(closest_name("Vsti", names, 1), std::nullopt);  // two edits
    EXPECT_EQ(closest_name("Vsti", names, 2), "Visit");
    EXPECT_EQ(closest_name("nmae", names, 1), "name");  // a swap is one edit
    EXPECT_EQ(closest_name("zzz", names, 2), std::nullopt);
    EXPECT_EQ(closest_name("x", {}, 5), std::nullopt);
}

TEST(ClosestName, PrefersFewerEditsThenTheFirst) {
    EXPECT_EQ(closest_name("run", {"rune", "run", "ruin"}, 2), "run");
    EXPECT_EQ(closest_name("rux", {"rut", "rum"}, 2), "rut");
    EXPECT_EQ(closest_name("rux", {"rum", "rut"}, 2), "rum");
}

}  // namespace
}  // namespace caspian
