// Tests of the terse form `MATCH visit WHERE host=AZ [RETURN ...]` (query/terse.cpp) through
// Database::query, against the definition in docs/query-language.md. Links only `caspian`.
#include <caspian/database.hpp>

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace caspian {
namespace {

using caspian::testing::TempDir;

// Visits hosted by Azerbaijan (v1), Georgia (v2), none but a `host` property (v3), none (v4).
class Terse : public ::testing::Test {
protected:
    void SetUp() override {
        db_.query(
               "CREATE (az:Country {key: 'AZ', name: 'Azerbaijan'}), "
               "(ge:Country {key: 'GE', name: 'Georgia'}), "
               "(:Visit {key: 'v1', year: 2022, date: date('2022-05-18')})-[:HOST]->(az), "
               "(:Visit {key: 'v2', year: 2023, days: 1.5})-[:HOST]->(ge), "
               "(:Visit {key: 'v3', year: 2021, host: 'AZ'}), "
               "(:Visit {key: 'v4', year: 2020})")
            .all();
    }

    // The `key` of each node the terse statement returns (its one column), sorted.
    std::vector<std::string> keys(const std::string& text) {
        Result r = db_.query(text);
        std::vector<std::string> out;
        while (r.next()) {
            EXPECT_EQ(r.row().size(), 1u);
            const Value& v = r.row()[0];
            if (v.kind() != ValueKind::Node) {
                ADD_FAILURE() << "not a node: " << to_literal(v);
                continue;
            }
            const Value* key = find_property(v.as_node().properties, "key");
            out.push_back(key != nullptr ? key->as_string() : "?");
        }
        std::sort(out.begin(), out.end());
        return out;
    }

    using Keys = std::vector<std::string>;

    TempDir dir_;
    Database db_ = Database::open(dir_.sub("db"));
};

TEST_F(Terse, EdgeToTheNodeWithTheKeyOrTheProperty) {
    EXPECT_EQ(keys("MATCH visit WHERE host=AZ"), (Keys{"v1", "v3"}));
    EXPECT_EQ(keys("MATCH visit WHERE host = GE"), (Keys{"v2"}));
}

TEST_F(Terse, LabelsAndTypesIgnoreCasePropertyKeysAndNodeKeysDoNot) {
    // HOST finds the type HOST; the property `HOST` does not exist, so v3 is not found.
    EXPECT_EQ(keys("MATCH VISIT WHERE HOST=AZ"), (Keys{"v1"}));
    EXPECT_EQ(keys("match Visit where Host=AZ"), (Keys{"v1"}));
    EXPECT_EQ(keys("MATCH visit WHERE host=az"), Keys{});
}

TEST_F(Terse, WithoutWhereEveryNodeOfTheLabel) {
    EXPECT_EQ(keys("MATCH visit"), (Keys{"v1", "v2", "v3", "v4"}));
    EXPECT_EQ(keys("MATCH country"), (Keys{"AZ", "GE"}));
}

TEST_F(Terse, UnknownLabelMatchesNothing) {
    EXPECT_EQ(keys("MATCH meeting WHERE host=AZ"), Keys{});
}

TEST_F(Terse, QuotedStringIsLikeAWord) {
    EXPECT_EQ(keys("MATCH visit WHERE host='AZ'"), (Keys{"v1", "v3"}));
    EXPECT_EQ(keys("MATCH country WHERE name='Azerbaijan'"), (Keys{"AZ"}));
    EXPECT_EQ(keys("MATCH country WHERE name=Georgia"), (Keys{"GE"}));
}

TEST_F(Terse, NumbersCompareTheProperty) {
    EXPECT_EQ(keys("MATCH visit WHERE year=2022"), (Keys{"v1"}));
    EXPECT_EQ(keys("MATCH visit WHERE days=1.5"), (Keys{"v2"}));
    EXPECT_EQ(keys("MATCH visit WHERE year=2022.0"), (Keys{"v1"}));
    EXPECT_EQ(keys("MATCH visit WHERE year=-1"), Keys{});
}

TEST_F(Terse, OrderingOperatorsOnNumbers) {
    EXPECT_EQ(keys("MATCH visit WHERE year>2021"), (Keys{"v1", "v2"}));
    EXPECT_EQ(keys("MATCH visit WHERE year>=2022"), (Keys{"v1", "v2"}));
    EXPECT_EQ(keys("MATCH visit WHERE year<2021"), (Keys{"v4"}));
    EXPECT_EQ(keys("MATCH visit WHERE year<=2021"), (Keys{"v3", "v4"}));
}

TEST_F(Terse, OrderingOperatorsOnWordsCompareThePropertyOnly) {
    EXPECT_EQ(keys("MATCH country WHERE name<B"), (Keys{"AZ"}));
    EXPECT_EQ(keys("MATCH visit WHERE host>=A"), (Keys{"v3"}));
}

TEST_F(Terse, NotEqualOnNumbers) {
    EXPECT_EQ(keys("MATCH visit WHERE year<>2022"), (Keys{"v2", "v3", "v4"}));
}

TEST_F(Terse, NotEqualIsTheNegationOfEqual) {
    // v2 has an edge to GE; v4 has neither edge nor property: neither is "host = AZ".
    EXPECT_EQ(keys("MATCH visit WHERE host<>AZ"), (Keys{"v2", "v4"}));
}

TEST_F(Terse, NotOfAnEdgeConditionKeepsNodesWithoutTheProperty) {
    // v1 and v4 have no `host` property: NOT (host = GE) must still hold for them.
    EXPECT_EQ(keys("MATCH visit WHERE NOT host=GE"), (Keys{"v1", "v3", "v4"}));
}

TEST_F(Terse, ReservedWordAsAValue) {
    db_.query("CREATE (:Visit {key: 'v5'})-[:GUEST]->(:Country {key: 'BY'})").all();
    EXPECT_EQ(keys("MATCH visit WHERE guest='BY'"), (Keys{"v5"}));
    EXPECT_EQ(keys("MATCH visit WHERE guest=BY"), (Keys{"v5"}));
}

TEST_F(Terse, AndOrNotAndParentheses) {
    EXPECT_EQ(keys("MATCH visit WHERE host=AZ AND year=2022"), (Keys{"v1"}));
    EXPECT_EQ(keys("MATCH visit WHERE year=2022 OR year=2023"), (Keys{"v1", "v2"}));
    EXPECT_EQ(keys("MATCH visit WHERE NOT year=2022"), (Keys{"v2", "v3", "v4"}));
    EXPECT_EQ(keys("MATCH visit WHERE (year=2021 OR year=2022) AND NOT year=2021"), (Keys{"v1"}));
    // AND binds tighter than OR.
    EXPECT_EQ(keys("MATCH visit WHERE year=2020 OR year=2022 AND host=GE"), (Keys{"v4"}));
    EXPECT_EQ(keys("MATCH visit WHERE year=2020 or year=2023 and host=GE"), (Keys{"v2", "v4"}));
}

TEST_F(Terse, ReturnClauseUsesTheLabelWordAsTheVariable) {
    Result r = db_.query("MATCH visit WHERE host=AZ RETURN visit.date ORDER BY visit.key");
    EXPECT_EQ(r.columns(), (std::vector<std::string>{"visit.date"}));
    std::vector<std::string> dates;
    while (r.next())
        dates.push_back(to_literal(r.row()[0]));
    EXPECT_EQ(dates, (std::vector<std::string>{"date('2022-05-18')", "null"}));
}

TEST_F(Terse, ReturnClauseMayAggregate) {
    Result r = db_.query("MATCH Visit WHERE year>2020 RETURN count(*) AS n, max(Visit.year)");
    ASSERT_TRUE(r.next());
    EXPECT_EQ(to_literal(r.row()[0]), "3");
    EXPECT_EQ(to_literal(r.row()[1]), "2023");
}

TEST_F(Terse, DefaultReturnIsTheNodeNamedByTheLabelWord) {
    Result r = db_.query("MATCH visit WHERE year=2022");
    EXPECT_EQ(r.columns(), (std::vector<std::string>{"visit"}));
}

TEST_F(Terse, ExplainShowsTheTranslationFirst) {
    Result r = db_.query("EXPLAIN MATCH visit WHERE host=AZ");
    ASSERT_TRUE(r.next());
    const std::string first = r.row()[0].as_string();
    EXPECT_EQ(first.rfind("translation: MATCH (", 0), 0u) << first;
    EXPECT_NE(first.find(":`Visit`"), std::string::npos) << first;
    EXPECT_NE(first.find("[:`HOST`]"), std::string::npos) << first;
    EXPECT_NE(first.find("{key: 'AZ'}"), std::string::npos) << first;
    ASSERT_TRUE(r.next());
    EXPECT_EQ(r.row()[0].as_string().rfind("Produce", 0), 0u) << r.row()[0].as_string();
}

TEST_F(Terse, MatchingSeveralStoredSpellingsOfALabel) {
    db_.query("CREATE (:VISIT {key: 'v5'})").all();
    EXPECT_EQ(keys("MATCH visit WHERE year<2021"), (Keys{"v4"}));
    EXPECT_EQ(keys("MATCH visit"), (Keys{"v1", "v2", "v3", "v4", "v5"}));
}

TEST_F(Terse, FullFormStillParsesAsTheFullForm) {
    Result r = db_.query("MATCH (visit:Visit) WHERE visit.year = 2022 RETURN visit.key");
    ASSERT_TRUE(r.next());
    EXPECT_EQ(to_literal(r.row()[0]), "'v1'");
}

TEST_F(Terse, MissingOperandIsASyntaxError) {
    try {
        db_.query("MATCH visit WHERE host=");
        ADD_FAILURE() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Syntax);
        EXPECT_NE(std::string(e.what()).find("expected a value"), std::string::npos) << e.what();
        ASSERT_TRUE(e.where().has_value());
        EXPECT_EQ(e.where()->offset, 23u);
    }
}

}  // namespace
}  // namespace caspian
