// The int8 copies of the vector indexes (graph/vector_quantized.hpp): encoding, the scan against
// the exact answer, upkeep on every write and rollback, an index made without them, and the
// check. Links only caspian_graph.
#include "graph/vector_quantized.hpp"
#include "graph/graph_store.hpp"
#include "graph/integrity_check.hpp"
#include "graph/keys.hpp"
#include "support/temp_dir.hpp"

#include "storage/bytes.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace caspian::graph {
namespace {

using caspian::testing::TempDir;

constexpr std::uint32_t dims = 48;

class VectorQuantizedTest : public ::testing::Test {
protected:
    TempDir dir_;
    std::shared_ptr<storage::Env> env_ = storage::Env::open(dir_.sub("db"), {});
    LabelId doc_{0};
    PropertyId embedding_{0};
    std::mt19937 rng_{23};

    void SetUp() override {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        doc_ = g.intern<NameKind::Label>("Doc");
        embedding_ = g.intern<NameKind::Property>("embedding");
        txn.commit();
    }

    std::vector<double> random_vector() {
        std::uniform_real_distribution<double> u(-1, 1);
        std::vector<double> v(dims);
        for (double& x : v)
            x = u(rng_);
        return v;
    }

    static Value as_value(const std::vector<double>& v) {
        List items;
        for (double x : v)
            items.emplace_back(x);
        return Value(std::move(items));
    }

    VectorIndex index(Similarity s, const std::string& name) const {
        VectorIndex i;
        i.name = name;
        i.label = doc_;
        i.property = embedding_;
        i.dimensions = dims;
        i.similarity = s;
        return i;
    }

    std::vector<NodeId> add_docs(std::size_t n) {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        std::vector<NodeId> ids;
        for (std::size_t i = 0; i < n; ++i)
            ids.push_back(g.create_node({doc_}, {{embedding_, as_value(random_vector())}}));
        txn.commit();
        return ids;
    }

    void create(const VectorIndex& i) {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        ASSERT_TRUE(create_vector_index(g, i, false));
        txn.commit();
    }

    std::vector<std::string> problems() {
        storage::ReadTxn txn(*env_);
        return check_integrity(GraphReader(txn)).problems;
    }

    // The keys of one kind of entry of index 1 (the first index made).
    std::vector<std::string> keys(VectorEntry entry) {
        storage::ReadTxn txn(*env_);
        std::vector<std::string> out;
        storage::for_each_with_prefix(
            txn, txn.tables().vector, vector_prefix(entry, 1),
            [&](std::string_view k, std::string_view) { return out.emplace_back(k), true; });
        return out;
    }

    // The node ids after the entry byte and index id, for comparing two kinds of entry.
    std::set<std::uint64_t> nodes(VectorEntry entry) {
        std::set<std::uint64_t> out;
        for (const std::string& k : keys(entry))
            out.insert(storage::read_be64(k.data() + 5));
        return out;
    }

    void delete_all(VectorEntry entry) {
        storage::WriteTxn txn(*env_);
        for (const std::string& k : keys(entry))
            txn.del(txn.tables().vector, k);
        txn.commit();
    }
};

TEST(QuantizeVector, KeepsEachCoordinateWithinHalfAStep) {
    std::mt19937 rng(5);
    std::uniform_real_distribution<float> u(-3, 3);
    std::vector<float> v(100);
    for (float& x : v)
        x = u(rng);
    const std::string bytes = quantize_vector(v);
    ASSERT_EQ(bytes.size(), quantized_header + v.size());
    float scale = 0, norm2 = 0, expected_norm2 = 0;
    std::memcpy(&scale, bytes.data(), 4);
    std::memcpy(&norm2, bytes.data() + 4, 4);
    for (std::size_t i = 0; i < v.size(); ++i) {
        const auto q = std::int8_t(bytes[quantized_header + i]);
        EXPECT_LE(std::abs(float(q) * scale - v[i]), scale / 2 + 1e-6f) << i;
        expected_norm2 += v[i] * v[i];
    }
    EXPECT_FLOAT_EQ(norm2, expected_norm2);
    // The largest coordinate uses the whole range.
    float largest = 0;
    for (float x : v)
        largest = std::max(largest, std::abs(x));
    EXPECT_FLOAT_EQ(scale * 127, largest);
    const std::string zero = quantize_vector(std::vector<float>(10, 0.0f));
    EXPECT_EQ(zero, std::string(quantized_header + 10, '\0'));
}

TEST(VectorScanIsCheaper, WeighsTheScanAgainstTheSearchItReplaces) {
    VectorIndex i;
    i.m = 16;  // a search at ef 128 reads up to 128 x 32 float32 copies: 8 x that many int8 ones
    EXPECT_TRUE(vector_scan_is_cheaper(i, 32768, 128));
    EXPECT_FALSE(vector_scan_is_cheaper(i, 32769, 128));
    EXPECT_TRUE(vector_scan_is_cheaper(i, 100000, 512));
    EXPECT_FALSE(vector_scan_is_cheaper(i, 100000, 256));
    EXPECT_EQ(quantized_candidates(10), 200u);
    EXPECT_EQ(quantized_candidates(50), 500u);
}

TEST_F(VectorQuantizedTest, TheScanFindsTheExactNearestOnRandomData) {
    add_docs(1500);
    create(index(Similarity::Cosine, "cos"));
    create(index(Similarity::Euclidean, "l2"));
    storage::ReadTxn txn(*env_);
    GraphReader r(txn);
    for (const char* name : {"cos", "l2"}) {
        const auto found = find_vector_index(r, name);
        ASSERT_TRUE(found.has_value());
        for (int q = 0; q < 20; ++q) {
            const std::vector<float> query = query_vector(*found, random_vector());
            const auto exact = vector_exact(r, *found, query);
            // Few candidates (30 of 1,500), so the int8 order must be close to the exact one.
            const auto scanned = vector_quantized_scan(r, *found, query, 30);
            ASSERT_TRUE(scanned.has_value()) << name;
            ASSERT_EQ(scanned->size(), 30u);
            for (std::size_t i = 0; i < 10; ++i) {
                EXPECT_EQ((*scanned)[i].node, exact[i].node) << name << " query " << q << " #" << i;
                EXPECT_EQ((*scanned)[i].distance, exact[i].distance);
            }
            const VectorSearchResult adaptive = vector_search_adaptive(r, *found, query, 10);
            for (std::size_t i = 0; i < 10; ++i)
                EXPECT_EQ(adaptive.hits[i].node, exact[i].node) << name << " query " << q;
        }
    }
}

TEST_F(VectorQuantizedTest, EntriesFollowEveryWriteAndRollBack) {
    const std::vector<NodeId> ids = add_docs(200);
    create(index(Similarity::Cosine, "docs"));
    EXPECT_EQ(nodes(VectorEntry::Quantized).size(), 200u);
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        for (std::size_t i = 0; i < ids.size(); i += 5)
            g.set_node_property(ids[i], embedding_, as_value(random_vector()));
        for (std::size_t i = 1; i < ids.size(); i += 5)
            g.set_node_property(ids[i], embedding_, Value());
        for (std::size_t i = 2; i < ids.size(); i += 5)
            g.remove_label(ids[i], doc_);
        for (std::size_t i = 3; i < ids.size(); i += 5)
            g.delete_node(ids[i], true);
        g.create_node({doc_}, {{embedding_, as_value(random_vector())}});
        txn.commit();
    }
    EXPECT_EQ(nodes(VectorEntry::Quantized), nodes(VectorEntry::Vector));
    EXPECT_EQ(nodes(VectorEntry::Quantized).size(), 200u - 3 * 40 + 1);
    EXPECT_TRUE(problems().empty());
    const auto before = nodes(VectorEntry::Quantized);
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        g.delete_node(ids[4], true);
        g.set_node_property(ids[5], embedding_, as_value(random_vector()));
        g.create_node({doc_}, {{embedding_, as_value(random_vector())}});
        // no commit: all of it rolls back
    }
    EXPECT_EQ(nodes(VectorEntry::Quantized), before);
    EXPECT_TRUE(problems().empty());
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        ASSERT_TRUE(drop_vector_index(g, "docs"));
        txn.commit();
    }
    EXPECT_TRUE(keys(VectorEntry::Quantized).empty());
}

TEST_F(VectorQuantizedTest, CheckFindsAMissingOrDamagedEntry) {
    add_docs(50);
    create(index(Similarity::Cosine, "docs"));
    const std::vector<std::string> q = keys(VectorEntry::Quantized);
    ASSERT_EQ(q.size(), 50u);
    {
        storage::WriteTxn txn(*env_);
        txn.del(txn.tables().vector, q[3]);
        std::string bytes(*txn.get(txn.tables().vector, q[7]));
        bytes[quantized_header + 1] = char(bytes[quantized_header + 1] ^ 0x55);
        txn.put(txn.tables().vector, q[7], bytes);
        txn.commit();
    }
    const std::vector<std::string> found = problems();
    const auto mentions = [&](const std::string& text) {
        for (const std::string& p : found) {
            if (p.find(text) != std::string::npos) return true;
        }
        return false;
    };
    EXPECT_TRUE(mentions("node " + std::to_string(storage::read_be64(q[3].data() + 5)) +
                         " lacks its int8 vector"));
    EXPECT_TRUE(mentions("the int8 vector of node " +
                         std::to_string(storage::read_be64(q[7].data() + 5)) + " does not match"));
    EXPECT_EQ(found.size(), 2u);
}

// An index written by a build from before the int8 copies has none: it still answers (from the
// float32 copies), check accepts it, and its first insert adds every copy.
TEST_F(VectorQuantizedTest, AnIndexWithoutInt8CopiesAnswersAndIsUpgradedOnItsFirstInsert) {
    add_docs(300);
    create(index(Similarity::Euclidean, "docs"));
    delete_all(VectorEntry::Quantized);
    EXPECT_TRUE(problems().empty());
    {
        storage::ReadTxn txn(*env_);
        GraphReader r(txn);
        const auto found = find_vector_index(r, "docs");
        ASSERT_TRUE(found.has_value());
        const std::vector<float> query = query_vector(*found, random_vector());
        EXPECT_FALSE(vector_quantized_scan(r, *found, query, 20).has_value());
        const auto exact = vector_exact(r, *found, query);
        const VectorSearchResult adaptive = vector_search_adaptive(r, *found, query, 10);
        ASSERT_GE(adaptive.hits.size(), 10u);
        for (std::size_t i = 0; i < 10; ++i)
            EXPECT_EQ(adaptive.hits[i].node, exact[i].node);
    }
    add_docs(1);
    EXPECT_EQ(nodes(VectorEntry::Quantized).size(), 301u);
    EXPECT_EQ(nodes(VectorEntry::Quantized), nodes(VectorEntry::Vector));
    EXPECT_TRUE(problems().empty());
}

}  // namespace
}  // namespace caspian::graph
