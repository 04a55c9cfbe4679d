// Tests of graph/integrity_check.cpp: a sound graph has no problems, and each kind of damage
// written behind GraphWriter's back (adjacency, label index, key index) is reported
// with its own line. Links only caspian_graph.
#include "graph/integrity_check.hpp"

#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace caspian::graph {
namespace {

using caspian::testing::TempDir;

std::string id_bytes(const std::uint64_t& id) {
    return {reinterpret_cast<const char*>(&id), sizeof id};
}

class IntegrityCheck : public ::testing::Test {
protected:
    TempDir dir_;
    std::shared_ptr<storage::Env> env_ = storage::Env::open(dir_.sub("db"), {});

    // Nodes 1 (:A, key "a") and 2 (:A), edge 1 of type T from 1 to 2.
    void SetUp() override {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        const auto a = g.intern<NameKind::Label>("A");
        const auto key = g.intern<NameKind::Property>("key");
        const auto n1 = g.create_node({a}, {{key, Value("a")}});
        const auto n2 = g.create_node({a}, {});
        g.create_edge(n1, g.intern<NameKind::Type>("T"), n2, {});
        txn.commit();
    }

    IntegrityReport check() {
        storage::ReadTxn txn(*env_);
        return check_integrity(GraphReader(txn));
    }
};

TEST_F(IntegrityCheck, SoundGraphHasNoProblems) {
    const IntegrityReport r = check();
    EXPECT_TRUE(r.problems.empty()) << r.problems.front();
    EXPECT_EQ(r.nodes, 2U);
    EXPECT_EQ(r.edges, 1U);
}

TEST_F(IntegrityCheck, ReportsAMissingInEntry) {
    {
        storage::WriteTxn txn(*env_);
        std::string chunk;  // the one in-chunk, of node 2
        {
            storage::Cursor c(txn, env_->tables().in_adj);
            MDB_val k, v;
            ASSERT_TRUE(c.move(MDB_FIRST, &k, &v));
            chunk = std::string(storage::as_view(k));
        }
        ASSERT_TRUE(txn.del(env_->tables().in_adj, chunk));
        txn.commit();
    }
    EXPECT_EQ(check().problems,
              std::vector<std::string>{"edge 1 (1)->(2): no in-entry at its target"});
}

TEST_F(IntegrityCheck, ReportsAKeyIndexEntryForTheWrongNode) {
    {
        storage::WriteTxn txn(*env_);
        txn.put(env_->tables().key_index, "b", id_bytes(2));
        txn.commit();
    }
    EXPECT_EQ(check().problems,
              std::vector<std::string>{"key index: 'b' names node 2 which does not have that key"});
}

TEST_F(IntegrityCheck, ReportsALabelIndexMissingANode) {
    {
        storage::WriteTxn txn(*env_);
        GraphReader r(txn);
        const std::uint32_t a = r.find_name<NameKind::Label>("A")->value;
        ASSERT_TRUE(txn.del(env_->tables().label_index,
                            {reinterpret_cast<const char*>(&a), sizeof a}, id_bytes(2)));
        txn.commit();
    }
    EXPECT_EQ(check().problems,
              std::vector<std::string>{"node 2: label 'A' is missing from the label index"});
}

}  // namespace
}  // namespace caspian::graph
