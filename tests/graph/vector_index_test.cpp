// Vector indexes in the graph layer (issue #17): recall of the HNSW graph against exact search,
// upkeep on every write, rollback, reopening without a rebuild, the errors and the check.
// Links only caspian_graph.
#include "graph/vector_index.hpp"
#include "graph/graph_store.hpp"
#include "graph/integrity_check.hpp"
#include "support/temp_dir.hpp"

#include <caspian/error.hpp>

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace caspian::graph {
namespace {

using caspian::testing::TempDir;

constexpr std::uint32_t dims = 16;

class VectorIndexTest : public ::testing::Test {
protected:
    TempDir dir_;
    std::shared_ptr<storage::Env> env_ = storage::Env::open(dir_.sub("db"), {});
    LabelId doc_{0}, other_{0};
    PropertyId embedding_{0}, name_{0};
    std::mt19937 rng_{17};

    void SetUp() override {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        doc_ = g.intern<NameKind::Label>("Doc");
        other_ = g.intern<NameKind::Label>("Other");
        embedding_ = g.intern<NameKind::Property>("embedding");
        name_ = g.intern<NameKind::Property>("name");
        txn.commit();
    }

    // Uniform in [-1, 1) per coordinate, or near one of 8 centres when clustered.
    std::vector<double> random_vector(bool clustered = false) {
        std::uniform_real_distribution<double> u(-1, 1);
        std::vector<double> v(dims);
        for (double& x : v)
            x = u(rng_);
        if (clustered) {
            std::mt19937 centre_rng(std::uint32_t(rng_() % 8));
            for (double& x : v)
                x = x * 0.1 + u(centre_rng);
        }
        return v;
    }

    static Value as_value(const std::vector<double>& v) {
        List items;
        for (double x : v)
            items.emplace_back(x);
        return Value(std::move(items));
    }

    VectorIndex index(Similarity s = Similarity::Cosine, const std::string& name = "docs") const {
        VectorIndex i;
        i.name = name;
        i.label = doc_;
        i.property = embedding_;
        i.dimensions = dims;
        i.similarity = s;
        return i;
    }

    std::vector<NodeId> add_docs(std::size_t n, bool clustered = false) {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        std::vector<NodeId> ids;
        for (std::size_t i = 0; i < n; ++i)
            ids.push_back(
                g.create_node({doc_}, {{embedding_, as_value(random_vector(clustered))}}));
        txn.commit();
        return ids;
    }

    void create(const VectorIndex& i) {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        ASSERT_TRUE(create_vector_index(g, i, false));
        txn.commit();
    }

    // The share of the exact 10 nearest that the index finds, over queries.
    double recall_at_10(const std::string& name, int queries, bool clustered = false) {
        storage::ReadTxn txn(*env_);
        GraphReader r(txn);
        const auto found = find_vector_index(r, name);
        EXPECT_TRUE(found.has_value());
        std::size_t hits = 0;
        for (int q = 0; q < queries; ++q) {
            const std::vector<float> query = query_vector(*found, random_vector(clustered));
            const auto exact = vector_exact(r, *found, query);
            const auto approx = vector_search(r, *found, query, 64);
            std::set<std::uint64_t> truth;
            for (std::size_t i = 0; i < 10 && i < exact.size(); ++i)
                truth.insert(exact[i].node);
            for (std::size_t i = 0; i < 10 && i < approx.size(); ++i)
                hits += truth.count(approx[i].node);
        }
        return double(hits) / (10.0 * queries);
    }

    std::vector<std::string> problems() {
        storage::ReadTxn txn(*env_);
        return check_integrity(GraphReader(txn)).problems;
    }

    // Every entry of the `vector` table.
    std::map<std::string, std::string> table() {
        storage::ReadTxn txn(*env_);
        std::map<std::string, std::string> out;
        storage::Cursor c(txn, txn.tables().vector);
        MDB_val k, v;
        for (bool ok = c.move(MDB_FIRST, &k, &v); ok; ok = c.move(MDB_NEXT, &k, &v))
            out.emplace(storage::as_view(k), storage::as_view(v));
        return out;
    }
};

TEST_F(VectorIndexTest, RecallAtTenIsAtLeastNinetyFivePercent) {
    add_docs(1200);
    create(index(Similarity::Cosine, "cos"));
    create(index(Similarity::Euclidean, "l2"));
    EXPECT_TRUE(problems().empty());
    EXPECT_GE(recall_at_10("cos", 40), 0.95) << "seed 17";
    EXPECT_GE(recall_at_10("l2", 40), 0.95) << "seed 17";
}

TEST_F(VectorIndexTest, ClusteredDataKeepsItsRecall) {
    create(index(Similarity::Euclidean, "l2"));  // built by inserts, one at a time
    add_docs(800, true);
    EXPECT_TRUE(problems().empty());
    EXPECT_GE(recall_at_10("l2", 40, true), 0.95) << "seed 17";
}

TEST_F(VectorIndexTest, FollowsSetRemoveLabelsAndDeletesAsARebuildWould) {
    const std::vector<NodeId> ids = add_docs(400);
    create(index());
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        std::uint64_t entry_point = 0;
        {
            const auto e = txn.get(txn.tables().vector, vector_prefix(VectorEntry::Entry, 1));
            ASSERT_TRUE(e.has_value());
            entry_point = storage::read_be64(e->data());
        }
        g.delete_node(NodeId{entry_point}, true);  // the entry point moves
        for (std::size_t i = 0; i < ids.size(); i += 3) {
            if (ids[i].value == entry_point) continue;
            switch (i % 4) {
                case 0:
                    g.set_node_property(ids[i], embedding_, as_value(random_vector()));
                    break;
                case 1:
                    g.set_node_property(ids[i], embedding_, Value());
                    break;
                case 2:
                    g.remove_label(ids[i], doc_);
                    break;
                default:
                    g.delete_node(ids[i], true);
            }
        }
        g.create_node({other_}, {{embedding_, as_value(random_vector())}});
        g.add_label(g.create_node({other_}, {{embedding_, as_value(random_vector())}}), doc_);
        txn.commit();
    }
    EXPECT_TRUE(problems().empty());
    EXPECT_GE(recall_at_10("docs", 30), 0.95) << "seed 17";
    // The same nodes and vectors as an index built now over the same data.
    create(index(Similarity::Cosine, "rebuilt"));
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    const auto kept = find_vector_index(r, "docs");
    const auto rebuilt = find_vector_index(r, "rebuilt");
    const std::vector<float> q = query_vector(*kept, random_vector());
    const auto a = vector_exact(r, *kept, q);
    const auto b = vector_exact(r, *rebuilt, q);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        EXPECT_EQ(a[i].node, b[i].node);
    EXPECT_EQ(vector_count(r, *kept), a.size());
}

TEST_F(VectorIndexTest, DeletingEveryNodeEmptiesTheIndex) {
    const std::vector<NodeId> ids = add_docs(60);
    create(index());
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        for (NodeId id : ids)
            g.delete_node(id, true);
        txn.commit();
    }
    EXPECT_TRUE(problems().empty());
    const auto entries = table();
    ASSERT_EQ(entries.size(), 1u);  // the catalog only
    EXPECT_EQ(entries.begin()->first[0], 'c');
}

TEST_F(VectorIndexTest, ARolledBackTransactionLeavesEveryEntryAsItWas) {
    const std::vector<NodeId> ids = add_docs(200);
    create(index());
    const auto before = table();
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        for (std::size_t i = 0; i < 50; ++i)
            g.set_node_property(ids[i], embedding_, as_value(random_vector()));
        g.delete_node(ids[60], true);
        g.create_node({doc_}, {{embedding_, as_value(random_vector())}});
    }  // not committed
    EXPECT_EQ(table(), before);
}

TEST_F(VectorIndexTest, AReadOnlyReopenSearchesWithoutRebuilding) {
    add_docs(300);
    create(index());
    const auto before = table();
    env_.reset();
    storage::EnvOptions options;
    options.read_only = true;
    env_ = storage::Env::open(dir_.sub("db"), options);
    EXPECT_EQ(table(), before);
    EXPECT_GE(recall_at_10("docs", 20), 0.95);
}

TEST_F(VectorIndexTest, AValueOfTheWrongShapeIsAnErrorBeforeAnyWrite) {
    const std::vector<NodeId> ids = add_docs(20);
    create(index());
    const auto before = table();
    storage::WriteTxn txn(*env_);
    GraphWriter g(txn);
    const auto refused = [&](const Value& v) {
        try {
            g.set_node_property(ids[3], embedding_, v);
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Constraint);
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(refused(as_value({1, 2, 3})),
              "the vector index 'docs' on :Doc(embedding) needs 16 numbers: node 4 has a list "
              "of 3");
    EXPECT_NE(refused(Value(List(dims, Value("x")))).find("a list holding a string"),
              std::string::npos);
    EXPECT_NE(refused(Value(List(dims, Value(0.0)))).find("zero vector"), std::string::npos);
    EXPECT_NE(refused(Value("text")).find("has a string"), std::string::npos);
    txn.commit();
    EXPECT_EQ(table(), before);
}

TEST_F(VectorIndexTest, TheCheckFindsAMissingVectorAndAStaleLink) {
    const std::vector<NodeId> ids = add_docs(50);
    create(index());
    {
        storage::WriteTxn txn(*env_);
        txn.del(txn.tables().vector, vector_node_key(VectorEntry::Vector, 1, ids[7].value));
        txn.commit();
    }
    const auto found = problems();
    ASSERT_FALSE(found.empty());
    EXPECT_NE(found[0].find("vector index 'docs'"), std::string::npos) << found[0];
    bool missing = false;
    for (const std::string& p : found)
        missing = missing || p.find("node 8 is missing from the index") != std::string::npos;
    EXPECT_TRUE(missing);
}

TEST_F(VectorIndexTest, DropRemovesEveryEntry) {
    add_docs(50);
    create(index());
    storage::WriteTxn txn(*env_);
    GraphWriter g(txn);
    EXPECT_TRUE(drop_vector_index(g, "docs"));
    EXPECT_FALSE(drop_vector_index(g, "docs"));
    txn.commit();
    EXPECT_TRUE(table().empty());
}

}  // namespace
}  // namespace caspian::graph
