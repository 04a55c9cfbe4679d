// Vector indexes over relationships in the graph layer (issue #17): upkeep on create, set, remove,
// delete and detach delete as a rebuild would have it, the bulk loader, the catalog entity byte,
// node and relationship indexes kept apart, refused values and the check. Links only caspian_graph.
#include "graph/bulk_loader.hpp"
#include "graph/graph_store.hpp"
#include "graph/integrity_check.hpp"
#include "graph/keys.hpp"
#include "graph/vector_index.hpp"
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

constexpr std::uint32_t dims = 4;

class VectorRelationshipTest : public ::testing::Test {
protected:
    TempDir dir_;
    std::shared_ptr<storage::Env> env_ = storage::Env::open(dir_.sub("db"), {});
    LabelId node_label_{0};
    TypeId sim_{0}, other_{0};
    PropertyId e_{0};
    std::mt19937 rng_{1717};

    void SetUp() override {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        // The label and the type get the same id: the indexes must still keep them apart.
        node_label_ = g.intern<NameKind::Label>("SIM");
        sim_ = g.intern<NameKind::Type>("SIM");
        other_ = g.intern<NameKind::Type>("OTHER");
        e_ = g.intern<NameKind::Property>("e");
        txn.commit();
        ASSERT_EQ(node_label_.value, sim_.value);
    }

    Value random_vector() {
        std::uniform_real_distribution<double> u(-1, 1);
        List items;
        for (std::uint32_t i = 0; i < dims; ++i)
            items.emplace_back(u(rng_) + (i == 0 ? 2.0 : 0.0));  // never zero
        return Value(std::move(items));
    }

    VectorIndex rel_index(const std::string& name = "sims") const {
        VectorIndex i;
        i.name = name;
        i.entity = VectorEntity::Relationship;
        i.type = sim_;
        i.property = e_;
        i.dimensions = dims;
        return i;
    }

    void create(const VectorIndex& i) {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        ASSERT_TRUE(create_vector_index(g, i, false));
        txn.commit();
    }

    // The ids the index holds (its exact search visits them all).
    std::set<std::uint64_t> indexed(const std::string& name) {
        storage::ReadTxn txn(*env_);
        GraphReader r(txn);
        const auto found = find_vector_index(r, name);
        EXPECT_TRUE(found.has_value());
        std::set<std::uint64_t> ids;
        const std::vector<double> q(dims, 1.0);
        for (const VectorHit& h : vector_exact(r, *found, query_vector(*found, q)))
            ids.insert(h.node);
        EXPECT_EQ(ids.size(), vector_count(r, *found));
        return ids;
    }

    // What a rebuild would hold: every SIM relationship with a vector under e.
    std::set<std::uint64_t> expected() {
        storage::ReadTxn txn(*env_);
        GraphReader r(txn);
        std::set<std::uint64_t> ids;
        r.scan_edges([&](EdgeId id, const EdgeRecord& rec) {
            if (rec.type != sim_.value) return true;
            const auto full = r.edge(id);
            const Value* v = find_property(full->properties, e_);
            if (v != nullptr && !v->is_null()) ids.insert(id.value);
            return true;
        });
        return ids;
    }

    std::vector<std::string> problems() {
        storage::ReadTxn txn(*env_);
        return check_integrity(GraphReader(txn)).problems;
    }
};

TEST_F(VectorRelationshipTest, FollowsEveryEdgeWriteAsARebuildWould) {
    std::vector<NodeId> nodes;
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        for (int i = 0; i < 30; ++i)
            nodes.push_back(g.create_node({}, {}));
        for (int i = 0; i < 120; ++i) {
            const NodeId a = nodes[rng_() % nodes.size()], b = nodes[rng_() % nodes.size()];
            g.create_edge(a, i % 4 == 0 ? other_ : sim_, b, {{e_, random_vector()}});
        }
        txn.commit();
    }
    create(rel_index());
    EXPECT_EQ(indexed("sims"), expected());
    for (int round = 0; round < 6; ++round) {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        std::vector<EdgeId> edges;
        g.scan_edges([&](EdgeId id, const EdgeRecord&) { return edges.push_back(id), true; });
        for (int i = 0; i < 15 && !edges.empty(); ++i) {
            const EdgeId edge = edges[rng_() % edges.size()];
            if (!g.edge(edge)) continue;
            switch (rng_() % 4) {
                case 0:
                    g.set_edge_property(edge, e_, random_vector());
                    break;
                case 1:
                    g.set_edge_property(edge, e_, Value());  // REMOVE r.e
                    break;
                case 2:
                    g.delete_edge(edge);
                    break;
                default:
                    g.create_edge(nodes[rng_() % nodes.size()], sim_, nodes[rng_() % nodes.size()],
                                  {{e_, random_vector()}});
            }
        }
        g.delete_node(nodes.back(), /*detach=*/true);
        nodes.pop_back();
        txn.commit();
        EXPECT_EQ(indexed("sims"), expected()) << "round " << round;
    }
    EXPECT_EQ(problems(), std::vector<std::string>{});
}

TEST_F(VectorRelationshipTest, TheBulkLoaderKeepsTheIndex) {
    create(rel_index());
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        BulkLoader loader(g, /*batch_edges=*/16);
        const NodeId a = loader.add_node({}, {});
        const NodeId b = loader.add_node({}, {});
        for (int i = 0; i < 40; ++i)
            loader.add_edge(a, i % 2 == 0 ? sim_ : other_, b, {{e_, random_vector()}});
        loader.finish();
        txn.commit();
    }
    EXPECT_EQ(indexed("sims").size(), 20u);
    EXPECT_EQ(indexed("sims"), expected());
    EXPECT_EQ(problems(), std::vector<std::string>{});
}

TEST_F(VectorRelationshipTest, NodeAndRelationshipIndexesStayApart) {
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        const NodeId n = g.create_node({node_label_}, {{e_, random_vector()}});
        g.create_edge(n, sim_, n, {{e_, random_vector()}});
        txn.commit();
    }
    VectorIndex nodes = rel_index("nodes");
    nodes.entity = VectorEntity::Node;
    nodes.label = node_label_;
    nodes.type = TypeId(0);
    create(nodes);
    create(rel_index());
    EXPECT_EQ(indexed("nodes"), std::set<std::uint64_t>{1});  // node 1
    EXPECT_EQ(indexed("sims"), std::set<std::uint64_t>{1});   // edge 1
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        g.delete_node(NodeId{1}, /*detach=*/true);
        txn.commit();
    }
    EXPECT_TRUE(indexed("nodes").empty());
    EXPECT_TRUE(indexed("sims").empty());
    EXPECT_EQ(problems(), std::vector<std::string>{});
}

TEST_F(VectorRelationshipTest, TheCatalogKeepsTheEntityAndOlderEntriesReadAsNodes) {
    create(rel_index());
    {
        // A node index's entry as written before relationship indexes existed: entity 'n'.
        storage::WriteTxn txn(*env_);
        std::string old(1, '\x01');
        storage::append_be32(old, 7);
        old += 'n';
        for (std::uint64_t v :
             {std::uint64_t(node_label_.value), std::uint64_t(e_.value), std::uint64_t(dims)})
            storage::append_varint(old, v);
        old += 'c';
        storage::append_varint(old, 16);
        storage::append_varint(old, 200);
        txn.put(txn.tables().vector, vector_catalog_key("old"), old);
        txn.commit();
    }
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    const auto old = find_vector_index(r, "old");
    ASSERT_TRUE(old.has_value());
    EXPECT_EQ(old->entity, VectorEntity::Node);
    EXPECT_EQ(old->label, node_label_);
    EXPECT_EQ(old->id, 7u);
    const auto sims = find_vector_index(r, "sims");
    ASSERT_TRUE(sims.has_value());
    EXPECT_EQ(sims->entity, VectorEntity::Relationship);
    EXPECT_EQ(sims->type, sim_);
    EXPECT_EQ(vector_indexes(r).size(), 2u);
}

TEST_F(VectorRelationshipTest, AValueOfTheWrongShapeIsRefusedBeforeAnyWrite) {
    create(rel_index());
    storage::WriteTxn txn(*env_);
    GraphWriter g(txn);
    const NodeId n = g.create_node({}, {});
    const EdgeId edge = g.create_edge(n, sim_, n, {{e_, random_vector()}});
    try {
        g.create_edge(n, sim_, n, {{e_, Value(List{Value(1.0)})}});
        FAIL() << "a list of 1 was accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Constraint);
        EXPECT_NE(std::string(e.what()).find("relationship 2 has a list of 1"), std::string::npos)
            << e.what();
    }
    EXPECT_FALSE(g.edge(EdgeId{2}).has_value());
    EXPECT_THROW(g.set_edge_property(edge, e_, Value("text")), Error);
    const auto stored = g.edge(edge);
    const Value* kept = find_property(stored->properties, e_);
    ASSERT_NE(kept, nullptr);
    EXPECT_EQ(kept->kind(), ValueKind::List);
    txn.commit();
    EXPECT_EQ(indexed("sims"), std::set<std::uint64_t>{edge.value});
    EXPECT_EQ(problems(), std::vector<std::string>{});
}

TEST_F(VectorRelationshipTest, TheCheckFindsAMissingRelationship) {
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        const NodeId n = g.create_node({}, {});
        for (int i = 0; i < 10; ++i)
            g.create_edge(n, sim_, n, {{e_, random_vector()}});
        txn.commit();
    }
    create(rel_index());
    {
        storage::WriteTxn txn(*env_);
        txn.del(txn.tables().vector, vector_node_key(VectorEntry::Vector, 1, 4));
        txn.commit();
    }
    bool missing = false;
    for (const std::string& p : problems())
        missing =
            missing || p.find("relationship 4 is missing from the index") != std::string::npos;
    EXPECT_TRUE(missing);
}

}  // namespace
}  // namespace caspian::graph
