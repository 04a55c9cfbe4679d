// Tests of graph/constraints.cpp: the stored list of uniqueness constraints, creating one over
// duplicates (nothing written), the checks of every write, index ownership, and a differential
// check of the index-backed lookup against a brute-force model. Links only caspian_graph.
#include "graph/constraints.hpp"
#include "support/error_kind.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace caspian::graph {
namespace {

using caspian::testing::kind_of;
using caspian::testing::TempDir;

class Constraints : public ::testing::Test {
protected:
    TempDir dir_;
    std::shared_ptr<storage::Env> env_ = storage::Env::open(dir_.sub("db"), {});
};

TEST_F(Constraints, CreatingOverDuplicatesWritesNothing) {
    storage::WriteTxn txn(*env_);
    GraphWriter g(txn);
    const auto country = g.intern<NameKind::Label>("Country");
    const auto code = g.intern<NameKind::Property>("code");
    g.create_node({country}, {{code, Value(1)}});
    g.create_node({country}, {{code, Value(2)}});
    g.create_node({country}, {{code, Value(1.0)}});  // equal to 1 as a number
    try {
        create_unique_constraint(g, "cc", country, code, false);
        ADD_FAILURE() << "created over duplicates";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Constraint);
        EXPECT_NE(std::string(e.what()).find(":Country(code)"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(unique_constraints(g).empty());
    EXPECT_FALSE(g.has_index(country, code));
    g.create_node({country}, {{code, Value(1)}});  // no check is left behind
}

TEST_F(Constraints, ListedOwnedIndexDroppedWithTheConstraint) {
    storage::WriteTxn txn(*env_);
    GraphWriter g(txn);
    const auto country = g.intern<NameKind::Label>("Country");
    const auto person = g.intern<NameKind::Label>("Person");
    const auto code = g.intern<NameKind::Property>("code");
    const auto name = g.intern<NameKind::Property>("name");
    g.create_index(person, name);
    EXPECT_TRUE(create_unique_constraint(g, "b", country, code, false));
    EXPECT_TRUE(create_unique_constraint(g, "a", person, name, false));
    EXPECT_FALSE(create_unique_constraint(g, "c", person, name, true));
    EXPECT_EQ(kind_of([&] { create_unique_constraint(g, "c", person, name, false); }),
              ErrorKind::Semantic);
    const auto list = unique_constraints(g);
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].name, "a");
    EXPECT_FALSE(list[0].owns_index);
    EXPECT_EQ(list[1].name, "b");
    EXPECT_TRUE(list[1].owns_index);
    EXPECT_EQ(kind_of([&] { g.drop_index(person, name); }), ErrorKind::Semantic);
    EXPECT_TRUE(drop_constraint(g, "a"));
    EXPECT_TRUE(drop_constraint(g, "b"));
    EXPECT_FALSE(drop_constraint(g, "b"));
    EXPECT_TRUE(g.has_index(person, name));    // it existed before the constraint
    EXPECT_FALSE(g.has_index(country, code));  // the constraint built it
}

TEST_F(Constraints, EveryWriteIsCheckedAndLeavesTheTransactionUsable) {
    storage::WriteTxn txn(*env_);
    GraphWriter g(txn);
    const auto country = g.intern<NameKind::Label>("Country");
    const auto region = g.intern<NameKind::Label>("Region");
    const auto code = g.intern<NameKind::Property>("code");
    create_unique_constraint(g, "cc", country, code, false);
    const auto by = g.create_node({country}, {{code, Value("BY")}});
    const auto az = g.create_node({country}, {{code, Value("AZ")}});
    const auto r = g.create_node({region}, {{code, Value("AZ")}});
    EXPECT_EQ(kind_of([&] {
                  g.create_node({region, country}, {{code, Value("BY")}});
              }),
              ErrorKind::Constraint);
    EXPECT_EQ(kind_of([&] { g.set_node_property(by, code, Value("AZ")); }), ErrorKind::Constraint);
    EXPECT_EQ(kind_of([&] { g.add_label(r, country); }), ErrorKind::Constraint);
    EXPECT_EQ(g.node_count(), 3u);
    EXPECT_EQ(g.node(by)->properties.at(0).second, Value("BY"));
    EXPECT_FALSE(g.set_node_property(az, code, Value("AZ")));  // its own value
    EXPECT_TRUE(g.set_node_property(az, code, Value()));       // removing frees the value
    EXPECT_TRUE(g.add_label(r, country));
}

// The index-backed check agrees with a brute-force model on random values, numbers mixed.
TEST_F(Constraints, LookupMatchesAModelOnRandomValues) {
    for (std::uint32_t seed = 0; seed < 20; ++seed) {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        const auto label = g.intern<NameKind::Label>("L");
        const auto prop = g.intern<NameKind::Property>("p");
        create_unique_constraint(g, "u", label, prop, true);
        std::mt19937 rng(seed);
        std::map<std::int64_t, int> model;  // value (as a number) -> nodes holding it
        for (int i = 0; i < 60; ++i) {
            const std::int64_t x = rng() % 20;
            const Value v = rng() % 2 ? Value(x) : Value(double(x));
            const bool taken = model[x] > 0;
            bool refused = false;
            try {
                g.create_node({label}, {{prop, v}});
            } catch (const Error& e) {
                refused = e.kind() == ErrorKind::Constraint;
            }
            EXPECT_EQ(refused, taken) << "seed " << seed << " value " << to_literal(v);
            if (!refused) ++model[x];
        }
    }
}

// A statement runs in a nested transaction with a writer of its own: a writer of the outer
// transaction, made before, sees the constraint and the index that statement created.
TEST_F(Constraints, AnOuterWriterSeesWhatANestedWriterCreated) {
    storage::WriteTxn txn(*env_);
    GraphWriter outer(txn);
    const auto country = outer.intern<NameKind::Label>("Country");
    const auto city = outer.intern<NameKind::Label>("City");
    const auto code = outer.intern<NameKind::Property>("code");
    const auto name = outer.intern<NameKind::Property>("name");
    {
        storage::WriteTxn statement(txn);
        GraphWriter nested(statement);
        EXPECT_TRUE(create_unique_constraint(nested, "cc", country, code, false));
        EXPECT_TRUE(nested.create_index(city, name));
        statement.commit();
    }
    outer.create_node({country}, {{code, Value("AZ")}});
    EXPECT_EQ(kind_of([&] {
                  outer.create_node({country}, {{code, Value("AZ")}});
              }),
              ErrorKind::Constraint);
    const NodeId ganja = outer.create_node({city}, {{name, Value("Ganja")}});
    std::vector<NodeId> found;
    outer.index_scan(city, name, Value("Ganja"), Value("Ganja"),
                     [&](NodeId id) { return found.push_back(id), true; });
    EXPECT_EQ(found, std::vector<NodeId>{ganja});
}

}  // namespace
}  // namespace caspian::graph
