// Uniqueness constraints through the public API (issue #6): a statement that breaks one is undone
// alone inside an explicit transaction (caspian::Session), constraints persist across reopening,
// and durations round-trip through a stored property. Links only `caspian`.
#include <caspian/database.hpp>
#include <caspian/session.hpp>

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace caspian {
namespace {

using caspian::testing::TempDir;

std::vector<std::string> rows(Result r) {
    std::vector<std::string> out;
    while (r.next()) {
        std::string line;
        for (std::size_t i = 0; i < r.row().size(); ++i)
            line += (i ? " | " : "") + to_literal(r.row()[i]);
        out.push_back(line);
    }
    return out;
}

ErrorKind error_kind(Session& s, const std::string& text, std::string* message = nullptr) {
    try {
        s.execute(text).all();
    } catch (const Error& e) {
        if (message != nullptr) *message = e.what();
        return e.kind();
    }
    ADD_FAILURE() << "no error from: " << text;
    return ErrorKind::Internal;
}

class Constraints : public ::testing::Test {
protected:
    TempDir dir_;
};

TEST_F(Constraints, BrokenStatementInATransactionIsUndoneAlone) {
    Database db = Database::open(dir_.sub("db"));
    db.query("CREATE CONSTRAINT FOR (c:Country) REQUIRE c.code IS UNIQUE").all();
    Session s(db);
    s.execute("BEGIN");
    s.execute("CREATE (:Country {code: 'BY'})").all();
    std::string message;
    // The first node of this statement is fine, the second breaks the constraint.
    EXPECT_EQ(error_kind(s, "CREATE (:Country {code: 'AZ'}), (:Country {code: 'BY'})", &message),
              ErrorKind::Constraint);
    EXPECT_NE(message.find(":Country(code)"), std::string::npos) << message;
    EXPECT_NE(message.find("code = 'BY'"), std::string::npos) << message;
    EXPECT_EQ(error_kind(s,
                         "MATCH (c:Country {code: 'BY'}) SET c.name = 'Belarus' "
                         "MERGE (:Country {code: 'BY', name: 'other'})"),
              ErrorKind::Constraint);
    EXPECT_EQ(error_kind(s, "CREATE (r:Region {code: 'BY'}) SET r:Country"), ErrorKind::Constraint);
    EXPECT_TRUE(s.in_transaction());
    s.execute("CREATE (:Country {code: 'AZ'})").all();
    s.execute("COMMIT");
    EXPECT_EQ(rows(db.query("MATCH (n) RETURN n.code, n.name ORDER BY n.code")),
              (std::vector<std::string>{"'AZ' | null", "'BY' | null"}));
}

TEST_F(Constraints, RolledBackConstraintIsGone) {
    Database db = Database::open(dir_.sub("db"));
    Session s(db);
    s.execute("BEGIN");
    s.execute("CREATE CONSTRAINT c FOR (c:Country) REQUIRE c.code IS UNIQUE");
    s.execute("CREATE (:Country {code: 'BY'})").all();
    EXPECT_EQ(error_kind(s, "CREATE (:Country {code: 'BY'})"), ErrorKind::Constraint);
    s.execute("ROLLBACK");
    EXPECT_TRUE(rows(db.query("SHOW CONSTRAINTS")).empty());
    db.query("CREATE (:Country {code: 'BY'}), (:Country {code: 'BY'})").all();
    EXPECT_EQ(rows(db.query("MATCH (c:Country) RETURN count(*)")), (std::vector<std::string>{"2"}));
}

TEST_F(Constraints, PersistAcrossReopening) {
    {
        Database db = Database::open(dir_.sub("db"));
        db.query("CREATE CONSTRAINT country_code FOR (c:Country) REQUIRE c.code IS UNIQUE").all();
        db.query("CREATE (:Country {code: 'AZ', founded: duration('P1Y2M3DT4.5S')})").all();
    }
    Database db = Database::open(dir_.sub("db"));
    EXPECT_EQ(rows(db.query("SHOW CONSTRAINTS")),
              (std::vector<std::string>{"'country_code' | 'UNIQUENESS' | 'Country' | 'code'"}));
    Session s(db);
    EXPECT_EQ(error_kind(s, "CREATE (:Country {code: 'AZ'})"), ErrorKind::Constraint);
    EXPECT_EQ(rows(db.query("MATCH (c:Country) RETURN c.founded")),
              (std::vector<std::string>{"duration('P1Y2M3DT4.5S')"}));
    db.query("DROP CONSTRAINT country_code").all();
    db.query("CREATE (:Country {code: 'AZ'})").all();
    EXPECT_EQ(rows(db.query("MATCH (c:Country {code: 'AZ'}) RETURN count(*)")),
              (std::vector<std::string>{"2"}));
}

}  // namespace
}  // namespace caspian
