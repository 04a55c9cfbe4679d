// Tests of prepared statements and the plan cache (issue #8; include/caspian/database.hpp,
// query/api/prepared.cpp): same answers as the raw API, plans that follow index changes,
// rollbacks, data changes and the database they run on, and syntax errors from prepare.
#include <caspian/database.hpp>
#include <caspian/diagnostics.hpp>

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace caspian {
namespace {

using caspian::testing::TempDir;

// Person i has key "p<i>", name "n<i % 7>" and an edge KNOWS to persons i+1 .. i+(i % 5).
constexpr int person_count = 60;

void load_people(Database& db) {
    db.update([](WriteTransaction& txn) {
        std::vector<NodeId> ids;
        for (int i = 0; i < person_count; ++i) {
            ids.push_back(txn.create_node({"Person"}, {{"key", "p" + std::to_string(i)},
                                                       {"name", "n" + std::to_string(i % 7)}}));
        }
        for (int i = 0; i < person_count; ++i) {
            for (int j = 1; j <= i % 5 && i + j < person_count; ++j) {
                txn.create_edge(ids[i], "KNOWS", ids[i + j]);
            }
        }
    });
}

std::vector<std::vector<Value>> rows(Result result) {
    return result.all();
}

// The plan lines of an EXPLAIN, joined.
std::string plan_text(Result result) {
    std::string out;
    for (const auto& row : result.all())
        out += row.at(0).as_string() + "\n";
    return out;
}

bool has_index_seek(Result result) {
    return plan_text(std::move(result)).find("IndexSeek") != std::string::npos;
}

std::vector<std::string> keys_named(Database& db, const PreparedStatement& s,
                                    const std::string& name) {
    std::vector<std::string> out;
    for (const auto& row : rows(db.query(s, {{"name", Value(name)}}))) {
        out.push_back(row.at(0).as_string());
    }
    return out;
}

class PreparedTest : public ::testing::Test {
protected:
    void SetUp() override {
        db_ = std::make_unique<Database>(Database::open(dir_.sub("db")));
        load_people(*db_);
    }
    Database& db() { return *db_; }
    TempDir dir_;
    std::unique_ptr<Database> db_;
};

TEST_F(PreparedTest, ParametersAreBoundAtEachRunAndMatchTheRawApi) {
    const PreparedStatement name = db().prepare("MATCH (n {key: $k}) RETURN n.name");
    const PreparedStatement degree = db().prepare("MATCH (n {key: $k})-[r]->() RETURN count(r)");
    EXPECT_EQ(name.text(), "MATCH (n {key: $k}) RETURN n.name");
    ReadTransaction txn = db().begin_read();
    for (int i = 0; i < person_count; ++i) {
        const std::string key = "p" + std::to_string(i);
        const Params params{{"k", Value(key)}};
        const NodeId id = txn.find_node(key).value();
        const auto expected_name = txn.node(id)->properties;  // sorted by name: key, name
        const auto got = rows(db().query(name, params));
        ASSERT_EQ(got.size(), 1u) << key;
        EXPECT_EQ(got[0][0], expected_name.at(1).second) << key;
        const auto got_degree = rows(db().query(degree, params));
        EXPECT_EQ(got_degree.at(0).at(0), Value(std::int64_t(txn.degree(id, Direction::Out))))
            << key;
        // The text path (its cache) gives the same answers for the same text and parameters.
        EXPECT_EQ(rows(db().query("MATCH (n {key: $k}) RETURN n.name", params)), got) << key;
        EXPECT_EQ(rows(txn.query(degree, params)), got_degree) << key;
    }
    EXPECT_TRUE(rows(db().query(name, {{"k", Value("nobody")}})).empty());
}

// The key index finds exactly the node with that key, so the plan reads no record to re-check
// it (issue #8); values that are not strings still match nothing.
TEST_F(PreparedTest, KeyLookupIsNotRechecked) {
    const std::string plan = plan_text(db().query("EXPLAIN MATCH (n {key: $k}) RETURN n.name"));
    EXPECT_NE(plan.find("KeyLookup"), std::string::npos) << plan;
    EXPECT_EQ(plan.find("Filter"), std::string::npos) << plan;
    const PreparedStatement name = db().prepare("MATCH (n {key: $k}) RETURN n.name");
    EXPECT_EQ(rows(db().query(name, {{"k", Value("p3")}})),
              (std::vector<std::vector<Value>>{{Value("n3")}}));
    EXPECT_TRUE(rows(db().query(name, {{"k", Value(std::int64_t(3))}})).empty());
    EXPECT_TRUE(rows(db().query(name, {{"k", Value()}})).empty());
    // A second `key` entry is still checked.
    EXPECT_TRUE(rows(db().query("MATCH (n {key: 'p3', key: 'p4'}) RETURN n")).empty());
}

TEST_F(PreparedTest, TextCacheKeepsParametersApart) {
    const std::string text = "MATCH (n:Person) WHERE n.name = $name RETURN count(n)";
    const auto count_named = [&](const std::string& n) {
        return rows(db().query(text, {{"name", Value(n)}})).at(0).at(0).as_int();
    };
    // n0 is the name of persons 0, 7, 14, ...; n6 of persons 6, 13, ...
    EXPECT_EQ(count_named("n0"), (person_count + 6) / 7);
    EXPECT_EQ(count_named("n6"), (person_count + 0) / 7);
    EXPECT_EQ(count_named("none"), 0);
    EXPECT_EQ(count_named("n0"), (person_count + 6) / 7);
}

TEST_F(PreparedTest, WritingStatementRunsAgainWithNewParameters) {
    const PreparedStatement create = db().prepare("CREATE (:Person {key: $k, name: $name})");
    for (int i = 0; i < 3; ++i) {
        Result r = db().query(create, {{"k", Value("new" + std::to_string(i))}, {"name", "x"}});
        r.all();
        EXPECT_EQ(r.update_counts().nodes_created, 1);
    }
    const PreparedStatement by_name = db().prepare("MATCH (n:Person {name: $name}) RETURN n.key");
    EXPECT_EQ(keys_named(db(), by_name, "x").size(), 3u);
}

TEST_F(PreparedTest, PlanFollowsIndexCreationAndDrop) {
    const std::string match = "MATCH (n:Person) WHERE n.name = $name RETURN n.key ORDER BY n.key";
    const PreparedStatement query = db().prepare(match);
    const PreparedStatement explain = db().prepare("EXPLAIN " + match);
    const auto before = keys_named(db(), query, "n3");
    ASSERT_FALSE(before.empty());
    EXPECT_FALSE(has_index_seek(db().query(explain)));

    db().query("CREATE INDEX ON :Person(name)").all();
    EXPECT_TRUE(has_index_seek(db().query(explain)));
    EXPECT_EQ(keys_named(db(), query, "n3"), before);

    db().query("DROP INDEX ON :Person(name)").all();
    EXPECT_FALSE(has_index_seek(db().query(explain)));
    // A stale plan would seek an index that is gone (Error{Usage} "no index on ...").
    EXPECT_EQ(keys_named(db(), query, "n3"), before);
}

TEST_F(PreparedTest, PlanFollowsConstraintIndex) {
    // Several persons share a name: constrain a property nobody has yet instead.
    const PreparedStatement explain =
        db().prepare("EXPLAIN MATCH (n:Person) WHERE n.k2 = $v RETURN n");
    EXPECT_FALSE(has_index_seek(db().query(explain)));
    db().query("CREATE CONSTRAINT unique_k2 FOR (n:Person) REQUIRE n.k2 IS UNIQUE").all();
    EXPECT_TRUE(has_index_seek(db().query(explain)));
    db().query("DROP CONSTRAINT unique_k2").all();
    EXPECT_FALSE(has_index_seek(db().query(explain)));
}

TEST_F(PreparedTest, PlanMadeInRolledBackTransactionIsNotReused) {
    const std::string match = "MATCH (n:Person) WHERE n.name = $name RETURN n.key ORDER BY n.key";
    const PreparedStatement query = db().prepare(match);
    const PreparedStatement explain = db().prepare("EXPLAIN " + match);
    const auto expected = keys_named(db(), query, "n2");
    {
        WriteTransaction txn = db().begin_write();
        txn.query("CREATE INDEX ON :Person(name)").all();
        EXPECT_TRUE(has_index_seek(txn.query(explain)));
        EXPECT_EQ(rows(txn.query(query, {{"name", Value("n2")}})).size(), expected.size());
    }  // rolled back: the index never existed for anyone else
    // Another schema change commits, numbered as the rolled-back one was: the plans made for
    // the rolled-back schema must not come back.
    db().query("CREATE INDEX ON :Person(age)").all();
    EXPECT_FALSE(has_index_seek(db().query(explain)));
    EXPECT_EQ(keys_named(db(), query, "n2"), expected);
}

TEST_F(PreparedTest, SeesDataChangesAndWorksAcrossTransactions) {
    const PreparedStatement by_name = db().prepare("MATCH (n:Person {name: $name}) RETURN n.key");
    const PreparedStatement degree =
        db().prepare("MATCH (n {key: $k})-[r:KNOWS]->() RETURN count(r)");
    EXPECT_TRUE(keys_named(db(), by_name, "zed").empty());
    EXPECT_EQ(rows(db().query(degree, {{"k", Value("p1")}})).at(0).at(0), Value(std::int64_t(1)));
    {
        WriteTransaction txn = db().begin_write();
        const NodeId zed = txn.create_node({"Person"}, {{"key", "z"}, {"name", "zed"}});
        txn.create_edge(txn.find_node("p1").value(), "KNOWS", zed);
        // Inside the transaction its own changes show; outside, not yet.
        EXPECT_EQ(rows(txn.query(by_name, {{"name", Value("zed")}})).size(), 1u);
        EXPECT_TRUE(keys_named(db(), by_name, "zed").empty());
        txn.commit();
    }
    EXPECT_EQ(keys_named(db(), by_name, "zed"), std::vector<std::string>{"z"});
    EXPECT_EQ(rows(db().query(degree, {{"k", Value("p1")}})).at(0).at(0), Value(std::int64_t(2)));
    ReadTransaction read = db().begin_read();
    EXPECT_EQ(rows(read.query(by_name, {{"name", Value("zed")}})).size(), 1u);
    EXPECT_EQ(read.prepare("RETURN 1").text(), "RETURN 1");
}

TEST_F(PreparedTest, TerseFormIsTranslatedInEachTransaction) {
    Database other = Database::open(dir_.sub("other"));
    const PreparedStatement terse = other.prepare("MATCH city WHERE name=Baku RETURN city.key");
    // No :City label is stored yet: the translation matches nothing.
    EXPECT_TRUE(rows(other.query(terse)).empty());
    other.update([](WriteTransaction& txn) {
        txn.create_node({"City"}, {{"key", "baku"}, {"name", "Baku"}});
    });
    const auto got = rows(other.query(terse));
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0][0], Value("baku"));
}

TEST_F(PreparedTest, SyntaxErrorFromPrepareCarriesLineAndColumn) {
    const std::string text = "MATCH (n:Person)\nRETURN n.name +";
    try {
        (void)db().prepare(text);
        FAIL() << "no Error was thrown";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Syntax);
        ASSERT_TRUE(e.where().has_value());
        const std::string rendered = render_error(e, text, "query");
        EXPECT_EQ(rendered.rfind("query:2:", 0), 0u) << rendered;
    }
    // A failed text is not cached: the next try fails the same way.
    EXPECT_THROW(db().query(text), Error);
}

TEST_F(PreparedTest, StatementOfOneDatabaseRunsOnAnother) {
    Database other = Database::open(dir_.sub("other"));
    load_people(other);
    other.query("CREATE INDEX ON :Person(name)").all();
    const std::string match = "MATCH (n:Person) WHERE n.name = $name RETURN n.key ORDER BY n.key";
    const PreparedStatement query = db().prepare(match);
    const PreparedStatement explain = db().prepare("EXPLAIN " + match);
    const auto here = keys_named(db(), query, "n4");
    EXPECT_FALSE(has_index_seek(db().query(explain)));
    EXPECT_TRUE(has_index_seek(other.query(explain)));
    EXPECT_EQ(keys_named(other, query, "n4"), here);
    // Back on the first database, whose schema has no index: the other's plan is not used.
    EXPECT_FALSE(has_index_seek(db().query(explain)));
    EXPECT_EQ(keys_named(db(), query, "n4"), here);
}

TEST_F(PreparedTest, SharedBetweenThreads) {
    const PreparedStatement degree = db().prepare("MATCH (n {key: $k})-[r]->() RETURN count(r)");
    std::vector<std::int64_t> expected(person_count);
    {
        ReadTransaction txn = db().begin_read();
        for (int i = 0; i < person_count; ++i) {
            expected[i] = std::int64_t(
                txn.degree(txn.find_node("p" + std::to_string(i)).value(), Direction::Out));
        }
    }
    std::vector<int> mismatches(4, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < 20; ++round) {
                for (int i = t; i < person_count; i += 4) {
                    const auto r = rows(db().query(degree, {{"k", "p" + std::to_string(i)}}));
                    if (r.at(0).at(0) != Value(expected[i])) ++mismatches[t];
                }
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace caspian
