// Tests of expression binding (query/binder/bind_expression.cpp): names resolve against the scope
// or fail at their position, aggregates are allowed only where they have rows to fold, and
// variables bound by a clause may not be bound again.
#include "query/binder/plan_fixture.hpp"

#include <gtest/gtest.h>

namespace caspian::query::plan {
namespace {

using BindExpression = PlanFixture;

TEST_F(BindExpression, AnUndefinedVariableFailsAtItsName) {
    for (const std::string text :
         {"MATCH (n) RETURN n.key, m", "MATCH (n) WHERE m.key = 1 RETURN n",
          "MATCH (n) RETURN [x IN [1] | x + m] AS l", "MATCH (n) WITH n ORDER BY m RETURN n"}) {
        Error e = error_of(text);
        EXPECT_STREQ(e.what(), "variable 'm' is not defined") << text;
        EXPECT_EQ(e.detail(), "UndefinedVariable") << text;
        ASSERT_TRUE(e.where()) << text;
        EXPECT_EQ(e.where()->offset, text.find('m', text.find(')'))) << text;
        EXPECT_EQ(e.where()->length, 1u) << text;
    }
}

TEST_F(BindExpression, AComprehensionVariableIsLocalToIt) {
    EXPECT_NO_THROW(plan_of("RETURN [x IN [1, 2] | x * 2] AS l"));
    const std::string text = "RETURN [x IN [1, 2] | x * 2] AS l, x";
    Error e = error_of(text);
    EXPECT_STREQ(e.what(), "variable 'x' is not defined");
    EXPECT_EQ(e.where()->offset, text.size() - 1);
}

TEST_F(BindExpression, UnwindMayNotRebindAVariable) {
    const std::string text = "MATCH (n) UNWIND [1] AS n RETURN n";
    Error e = error_of(text);
    EXPECT_STREQ(e.what(), "variable 'n' is already defined");
    EXPECT_EQ(e.detail(), "VariableAlreadyBound");
    EXPECT_EQ(e.where()->offset, offset_of(text, "UNWIND"));
}

TEST_F(BindExpression, AnAggregateNeedsRowsToFold) {
    const std::string text = "MATCH (n) WHERE max(n.key) = 'p1' RETURN n";
    Error e = error_of(text);
    EXPECT_STREQ(e.what(),
                 "aggregate function 'max' is not allowed here (only in WITH and RETURN items)");
    EXPECT_EQ(e.where()->offset, offset_of(text, "max"));
    EXPECT_NO_THROW(plan_of("MATCH (n) RETURN max(n.key) AS m"));
}

TEST_F(BindExpression, AnAggregateGroupsByTheOtherItems) {
    PlannedQuery p = plan_of("MATCH (n)-->(m) RETURN n.key AS k, count(m) AS c");
    EXPECT_EQ(p.columns, (std::vector<std::string>{"k", "c"}));
    const std::string text = explain(*p.root, p.slot_names);
    EXPECT_NE(text.find("group by: n.key AS k"), std::string::npos) << text;
}

TEST_F(BindExpression, AParameterIsBoundByNameNotValue) {
    PlannedQuery p = plan_of("MATCH (n) WHERE n.key = $k RETURN n");
    const std::string text = explain(*p.root, p.slot_names);
    EXPECT_NE(text.find("$k"), std::string::npos) << text;
}

}  // namespace
}  // namespace caspian::query::plan
