// The terse form explains an empty answer on standard error (issue #17): an unknown label, type,
// property or value gets a warning with the nearest known name, the rows stay on standard output
// and the exit code is 0; a word naming several nodes is an error with its position, exit 1.
#include "support/cli_fixture.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using caspian::testing::Outcome;

class TerseNotifications : public caspian::testing::CliTest {
protected:
    void SetUp() override {
        const Outcome r = run(
            {"query", db,
             "CREATE (az:Country {key: 'AZ', name: 'Azerbaijan', aliases: ['Азербайджан']}), "
             "(:Visit {key: 'v1'})-[:HOST]->(az), "
             "(:Country {key: 'GE', name: 'Georgia'})<-[:HOST]-(:Visit {key: 'v2'}), "
             "(:Person {key: 'georgia-smith', name: 'Georgia'})<-[:HOST]-(:Visit {key: 'v3'})"});
        ASSERT_EQ(r.code, 0) << r.err;
    }

    Outcome terse(const std::string& statement) {
        return run({"query", db, "--format", "csv", statement});
    }
};

TEST_F(TerseNotifications, AnUnknownValueSuggestsTheNearestName) {
    const Outcome r = terse("MATCH visit WHERE host=Azerbajan RETURN visit.key");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "visit.key\r\n");  // CSV lines end in CRLF
    EXPECT_EQ(r.err,
              "query:1:24: warning: no node has the key, name or alias 'Azerbajan'; did you mean "
              "'Azerbaijan'?\n"
              "  MATCH visit WHERE host=Azerbajan RETURN visit.key\n"
              "                         ^\n");
}

TEST_F(TerseNotifications, AliasesInOtherScriptsAreSuggestedAsStored) {
    const Outcome r = terse("MATCH visit WHERE host=Азербайжан RETURN visit.key");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("did you mean 'Азербайджан'?"), std::string::npos) << r.err;
}

TEST_F(TerseNotifications, AResolvedValueAndAPropertyGetNone) {
    for (const char* statement : {"MATCH visit WHERE host=azerbaijan RETURN visit.key",
                                  "MATCH country WHERE name=Azerbajan RETURN country.key"}) {
        const Outcome r = terse(statement);
        EXPECT_EQ(r.code, 0) << r.err;
        EXPECT_EQ(r.err, "") << statement;
    }
    EXPECT_EQ(terse("MATCH visit WHERE host=azerbaijan RETURN visit.key").out,
              "visit.key\r\nv1\r\n");
}

TEST_F(TerseNotifications, AnUnknownLabelSuggestsTheNearestLabel) {
    const Outcome r = terse("MATCH vist WHERE host=AZ");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("query:1:7: warning: no node has the label 'vist'; did you mean 'Visit'?"),
              std::string::npos)
        << r.err;
}

TEST_F(TerseNotifications, FullCypherGetsTheNearestLabelToo) {
    const Outcome r = terse("MATCH (v:Vist) RETURN v.key");
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.err.find("no node has the label 'Vist'; did you mean 'Visit'?"), std::string::npos)
        << r.err;
}

TEST_F(TerseNotifications, AValueNamingSeveralNodesIsAnErrorWithItsPosition) {
    const Outcome r = terse("MATCH visit WHERE host=Georgia");
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err,
              "query:1:24: semantic error: 'Georgia' names 2 nodes: 'GE' (:Country), "
              "'georgia-smith' (:Person); use the key\n"
              "  MATCH visit WHERE host=Georgia\n"
              "                         ^\n");
}

}  // namespace
