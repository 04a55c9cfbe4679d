// Tests of pattern binding (query/binder/bind_pattern.cpp): a variable named twice is one slot,
// a variable of one kind cannot be used as another, a relationship bound earlier matches again
// through an equality, and a pattern's properties must be a map literal.
#include "query/binder/plan_fixture.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace caspian::query::plan {
namespace {

using BindPattern = PlanFixture;

TEST_F(BindPattern, ANodeNamedInTwoPatternsIsOneSlot) {
    PlannedQuery p = plan_of("MATCH (a)-->(b), (b)-->(c) RETURN count(*) AS n");
    EXPECT_EQ(std::count(p.slot_names.begin(), p.slot_names.end(), "b"), 1);
    EXPECT_EQ(std::count(p.slot_names.begin(), p.slot_names.end(), "a"), 1);
}

TEST_F(BindPattern, ARelationshipIsNotANode) {
    const std::string text = "MATCH ()-[r]->() MATCH (r) RETURN r";
    Error e = error_of(text);
    EXPECT_STREQ(e.what(), "variable 'r' is a relationship, not a node");
    EXPECT_EQ(e.detail(), "VariableTypeConflict");
    EXPECT_EQ(e.where()->offset, offset_of(text, "(r)"));
}

TEST_F(BindPattern, ANodeIsNotARelationship) {
    const std::string text = "MATCH (n)-[n]->() RETURN n";
    Error e = error_of(text);
    EXPECT_STREQ(e.what(), "variable 'n' is already defined");
    EXPECT_EQ(e.detail(), "VariableTypeConflict");
    EXPECT_EQ(e.where()->offset, offset_of(text, "-[n]"));
}

TEST_F(BindPattern, ARelationshipBoundEarlierMatchesThroughAnEquality) {
    PlannedQuery p = plan_of("MATCH ()-[r]->() MATCH (a)-[r]->(b) RETURN a");
    const std::string text = explain(*p.root, p.slot_names);
    EXPECT_EQ(std::count(p.slot_names.begin(), p.slot_names.end(), "r"), 1) << text;
    EXPECT_NE(text.find("= r"), std::string::npos) << text;
}

TEST_F(BindPattern, PropertiesMustBeAMapLiteral) {
    const std::string text = "MATCH (n $props) RETURN n";
    Error e = error_of(text);
    EXPECT_STREQ(e.what(), "properties in a MATCH pattern must be a map literal");
    EXPECT_EQ(e.detail(), "InvalidParameterUse");
    EXPECT_EQ(e.where()->offset, offset_of(text, "$props"));
}

TEST_F(BindPattern, APathVariableIsBoundOnce) {
    const std::string text = "MATCH p = (a)-->(b), p = (c)-->(d) RETURN p";
    Error e = error_of(text);
    EXPECT_STREQ(e.what(), "variable 'p' is already defined");
    EXPECT_EQ(e.where()->offset, offset_of(text, "p", 1));
}

TEST_F(BindPattern, PatternPropertiesBecomeConditions) {
    const std::string text = explain_of("MATCH (a)-[:KNOWS]->(b {key: 'p2'}) RETURN a");
    EXPECT_NE(text.find("KeyLookup (b) by key = 'p2'"), std::string::npos) << text;
}

}  // namespace
}  // namespace caspian::query::plan
