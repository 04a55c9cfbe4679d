// Tests of the scan a pattern starts with (query/plan/cardinality.cpp, plan_match.cpp): the label
// a LabelScan guarantees is not filtered again, while the pattern's other labels and a WHERE's
// label test stay; and of one UNION planner (plan_query.cpp) for statements and CALL bodies.
#include "query/binder/plan_fixture.hpp"

#include <gtest/gtest.h>

namespace caspian::query::plan {
namespace {

using ScanLabel = PlanFixture;
using UnionPlan = PlanFixture;

TEST_F(ScanLabel, TheScannedLabelIsNotFilteredAgain) {
    const std::string text = explain_of("MATCH (n:Person) RETURN n");
    EXPECT_NE(text.find("LabelScan (n:Person)"), std::string::npos) << text;
    EXPECT_EQ(text.find("Filter"), std::string::npos) << text;
}

TEST_F(ScanLabel, TheOtherLabelsOfThePatternStay) {
    const std::string text = explain_of("MATCH (n:Person:Admin) RETURN n");
    EXPECT_NE(text.find("LabelScan (n:Admin)"), std::string::npos) << text;
    EXPECT_NE(text.find("Filter (n:Person)"), std::string::npos) << text;
    EXPECT_EQ(text.find("Filter (n:Person:Admin)"), std::string::npos) << text;
}

TEST_F(ScanLabel, AWhereLabelTestStays) {
    const std::string text = explain_of("MATCH (n:Person) WHERE n:Admin RETURN n");
    EXPECT_NE(text.find("Filter (n:Admin)"), std::string::npos) << text;
}

TEST_F(ScanLabel, TheExpandedNodesLabelIsStillFiltered) {
    const std::string text = explain_of("MATCH (a:Admin)-[:KNOWS]->(b:Person) RETURN b");
    EXPECT_NE(text.find("LabelScan (a:Admin)"), std::string::npos) << text;
    EXPECT_EQ(text.find("Filter (a:Admin)"), std::string::npos) << text;
    EXPECT_NE(text.find("Filter (b:Person)"), std::string::npos) << text;
}

TEST_F(UnionPlan, AStatementsUnionProjectsIntoTheLeadingSlots) {
    PlannedQuery p = plan_of("MATCH (n:Admin) RETURN n.key AS k UNION MATCH (n) RETURN n.key AS k");
    EXPECT_EQ(p.column_slots, (std::vector<int>{0}));
    const std::string text = explain(*p.root, p.slot_names);
    EXPECT_NE(text.find("Union"), std::string::npos) << text;
    EXPECT_EQ(text.find("UnionAll"), std::string::npos) << text;
    EXPECT_EQ(text.find("Distinct"), std::string::npos) << text;
}

TEST_F(UnionPlan, ABodysUnionKeepsTheOuterSlotsAndDropsDuplicatesAbove) {
    PlannedQuery p = plan_of(
        "MATCH (a:Admin) CALL { WITH a RETURN a.key AS k UNION WITH a RETURN 'x' AS k } "
        "RETURN a, k");
    const std::string text = explain(*p.root, p.slot_names);
    EXPECT_NE(text.find("Distinct"), std::string::npos) << text;
    EXPECT_NE(text.find("UnionAll"), std::string::npos) << text;
    EXPECT_NE(p.column_slots[1], 0) << text;  // a keeps its slot
}

TEST_F(UnionPlan, BothRefuseMixingUnionAndUnionAll) {
    for (const std::string text :
         {"RETURN 1 AS a UNION RETURN 2 AS a UNION ALL RETURN 3 AS a",
          "CALL { RETURN 1 AS a UNION RETURN 2 AS a UNION ALL RETURN 3 AS a } RETURN a"}) {
        Error e = error_of(text);
        EXPECT_STREQ(e.what(), "cannot mix UNION and UNION ALL") << text;
        EXPECT_EQ(e.where()->offset, offset_of(text, "RETURN 2") - 0) << text;
    }
}

}  // namespace
}  // namespace caspian::query::plan
