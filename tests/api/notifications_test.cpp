// Notifications for unknown names (caspian::Result::notifications): a label, relationship type
// or property key that nothing in the database has gets Neo4j's code and title, its position
// and a did-you-mean; names the statement writes, and properties of maps, get none; the rows
// are the same with or without them.
#include <caspian/database.hpp>
#include <caspian/diagnostics.hpp>
#include <caspian/session.hpp>

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace caspian {
namespace {

using caspian::testing::TempDir;

class Notifications : public ::testing::Test {
protected:
    TempDir dir_;
    Database db_ = Database::open(dir_.sub("db"));

    void SetUp() override {
        db_.query(
               "CREATE (:Visit {key: 'v1', start: 2022})-[:HOST]->(:Country {key: 'AZ', name: "
               "'Azerbaijan'})")
            .all();
    }

    std::vector<Notification> notes(const std::string& statement) {
        Result r = db_.query(statement);
        r.all();
        return r.notifications();
    }
};

TEST_F(Notifications, UnknownLabelHasCodePositionAndSuggestion) {
    const std::string text = "MATCH (v:Vist) RETURN v";
    const auto n = notes(text);
    ASSERT_EQ(n.size(), 1u);
    EXPECT_EQ(n[0].code, "Neo.ClientNotification.Statement.UnknownLabelWarning");
    EXPECT_EQ(n[0].title, "The provided label is not in the database.");
    EXPECT_EQ(text.substr(n[0].offset, n[0].length), "Vist");
    EXPECT_NE(n[0].description.find("did you mean 'Visit'?"), std::string::npos)
        << n[0].description;
}

TEST_F(Notifications, UnknownTypeAndPropertyKey) {
    const std::string text = "MATCH (a)-[:HOSTS]->(c:Country) RETURN c.Name";
    const auto n = notes(text);
    ASSERT_EQ(n.size(), 2u);
    EXPECT_EQ(n[0].code, "Neo.ClientNotification.Statement.UnknownRelationshipTypeWarning");
    EXPECT_EQ(text.substr(n[0].offset, n[0].length), "HOSTS");
    EXPECT_NE(n[0].description.find("'HOST'"), std::string::npos) << n[0].description;
    EXPECT_EQ(n[1].code, "Neo.ClientNotification.Statement.UnknownPropertyKeyWarning");
    EXPECT_EQ(text.substr(n[1].offset, n[1].length), "Name");
    EXPECT_NE(n[1].description.find("'name'"), std::string::npos) << n[1].description;
}

TEST_F(Notifications, CaseOnlyDifferenceIsSuggested) {
    const auto n = notes("MATCH (c:country) RETURN c");
    ASSERT_EQ(n.size(), 1u);
    EXPECT_NE(n[0].description.find("did you mean 'Country'?"), std::string::npos);
}

TEST_F(Notifications, NothingForKnownWrittenOrMapNames) {
    EXPECT_TRUE(
        notes("MATCH (v:Visit)-[:HOST]->(c:Country {key: 'AZ'}) RETURN v.start, c.name").empty());
    EXPECT_TRUE(notes("CREATE (x:Brand {zz: 1}) SET x.qq = 2 RETURN x.zz, x.qq").empty());
    EXPECT_TRUE(notes("WITH {a: 1} AS m RETURN m.a").empty());
    EXPECT_TRUE(notes("MATCH (x:Brand) DETACH DELETE x").empty());  // Brand exists now
}

TEST_F(Notifications, ALabelNoNodeHasAnyMoreIsUnknown) {
    db_.query("MATCH (v:Visit) DETACH DELETE v").all();
    const auto n = notes("MATCH (v:Visit) RETURN v");
    ASSERT_EQ(n.size(), 1u);
    EXPECT_EQ(n[0].code, "Neo.ClientNotification.Statement.UnknownLabelWarning");
}

TEST_F(Notifications, RowsAreTheSameWithAndWithout) {
    Result with = db_.query("MATCH (c:Country) RETURN c.key, c.Name");
    Result without = db_.query("MATCH (c:Country) RETURN c.key, c.nothing_at_all");
    EXPECT_EQ(with.notifications().size(), 1u);
    EXPECT_EQ(with.all(), without.all());
}

TEST_F(Notifications, SessionsAndTheTerseFormNotifyToo) {
    Session session(db_);
    Result r = session.execute("MATCH vist");
    r.all();
    ASSERT_EQ(r.notifications().size(), 1u);
    EXPECT_NE(r.notifications()[0].description.find("'Visit'"), std::string::npos);

    // The terse form tries `host` as a property and as the type HOST: no word is unknown.
    Result found = session.execute("MATCH visit WHERE host=AZ");
    EXPECT_EQ(found.all().size(), 1u);
    EXPECT_TRUE(found.notifications().empty()) << found.notifications()[0].description;
}

TEST_F(Notifications, RenderedWithAPositionAndACaret) {
    const std::string text = "MATCH (v:Vist) RETURN v";
    const auto n = notes(text);
    ASSERT_EQ(n.size(), 1u);
    EXPECT_EQ(render_notification(n[0], text, "query"),
              "query:1:10: warning: no node has the label 'Vist'; did you mean 'Visit'?\n"
              "  MATCH (v:Vist) RETURN v\n"
              "           ^");
}

// A prepared statement remembers its notifications per committed snapshot: each commit that
// gives or takes away the name changes what the next run says.
TEST_F(Notifications, APreparedStatementFollowsTheDataFromRunToRun) {
    const PreparedStatement stmt = db_.prepare("MATCH (h:Hold) RETURN count(h)");
    const auto run = [&] {
        Result r = db_.query(stmt);
        r.all();
        return r.notifications().size();
    };
    EXPECT_EQ(run(), 1u);
    EXPECT_EQ(run(), 1u);  // the same snapshot
    db_.query("CREATE (:Hold {key: 'h'})").all();
    EXPECT_EQ(run(), 0u);
    EXPECT_EQ(run(), 0u);
    db_.query("MATCH (h:Hold) DELETE h").all();
    EXPECT_EQ(run(), 1u);
}

}  // namespace
}  // namespace caspian
