// The fast paths of the HNSW graph (graph/hnsw.cpp, issue #17) give the answers of the slow
// ones: the vectorised kernels on unaligned bytes, the cache of a batch build under any budget,
// and the search ef that grows with the index. Correctness only; speed is bench/'s.
#include "graph/graph_store.hpp"
#include "graph/integrity_check.hpp"
#include "graph/keys.hpp"
#include "graph/vector_index.hpp"
#include "graph/vector_kernels.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace caspian::graph {
namespace {

using caspian::testing::TempDir;

std::vector<double> random_vector(std::mt19937& rng, std::size_t dims) {
    std::uniform_real_distribution<double> u(-1, 1);
    std::vector<double> v(dims);
    for (double& x : v)
        x = u(rng);
    return v;
}

Value as_value(const std::vector<double>& v) {
    List items;
    for (double x : v)
        items.emplace_back(x);
    return Value(std::move(items));
}

TEST(VectorKernelTest, MatchesADoubleSumForEveryLengthAndAlignment) {
    std::mt19937 rng(5);
    for (std::size_t n : {1u, 7u, 15u, 16u, 17u, 33u, 384u, 385u}) {
        const std::vector<double> a = random_vector(rng, n), b = random_vector(rng, n);
        const std::vector<float> q(a.begin(), a.end()), x(b.begin(), b.end());
        double dot = 0, l2 = 0;
        for (std::size_t i = 0; i < n; ++i) {
            dot += double(q[i]) * double(x[i]);
            l2 += (double(q[i]) - double(x[i])) * (double(q[i]) - double(x[i]));
        }
        for (std::size_t offset = 0; offset < 4; ++offset) {  // LMDB aligns values to 2 bytes
            std::vector<char> bytes(n * 4 + offset);
            std::memcpy(bytes.data() + offset, x.data(), n * 4);
            const char* stored = bytes.data() + offset;
            EXPECT_NEAR(vector_distance(Similarity::Cosine, q.data(), stored, n), 1 - dot,
                        1e-5 * double(n))
                << "n " << n << ", offset " << offset;
            EXPECT_NEAR(vector_distance(Similarity::Euclidean, q.data(), stored, n), l2,
                        1e-5 * double(n))
                << "n " << n << ", offset " << offset;
        }
    }
}

TEST(VectorSearchEfTest, TheExactScanTakesOverWhenASearchWouldVisitTheWholeIndex) {
    VectorIndex i;
    i.m = 16;  // a search at ef reads up to ef * 32 vectors
    EXPECT_TRUE(vector_exact_is_cheaper(i, 1000, 256));
    EXPECT_TRUE(vector_exact_is_cheaper(i, 8192, 256));
    EXPECT_FALSE(vector_exact_is_cheaper(i, 8193, 256));
    EXPECT_FALSE(vector_exact_is_cheaper(i, 1'000'000, 4096));
    i.m = 4;
    EXPECT_TRUE(vector_exact_is_cheaper(i, 2048, 256));
    EXPECT_FALSE(vector_exact_is_cheaper(i, 2049, 256));
}

// One database of `count` :Doc nodes with uniform vectors from a fixed seed.
class HnswBuildTest : public ::testing::Test {
protected:
    static constexpr std::size_t dims = 24;

    struct Db {
        TempDir dir;
        std::shared_ptr<storage::Env> env = storage::Env::open(dir.sub("db"), {});
        std::vector<std::uint64_t> ids;
        std::vector<std::vector<double>> vectors;
    };

    static VectorIndex index(std::uint32_t m = 6) {
        VectorIndex i;
        i.name = "docs";
        i.dimensions = dims;
        i.m = m;  // a small m fills link lists early, so pruning runs often
        i.ef_construction = 40;
        return i;
    }

    static void add_docs(Db& db, std::size_t count, bool with_index) {
        std::mt19937 rng(17);
        storage::WriteTxn txn(*db.env);
        GraphWriter g(txn);
        VectorIndex i = index();
        i.label = g.intern<NameKind::Label>("Doc");
        i.property = g.intern<NameKind::Property>("embedding");
        if (with_index) {
            ASSERT_TRUE(create_vector_index(g, i, false));
        }
        for (std::size_t n = 0; n < count; ++n) {
            db.vectors.push_back(random_vector(rng, dims));
            db.ids.push_back(
                g.create_node({i.label}, {{i.property, as_value(db.vectors.back())}}).value);
        }
        txn.commit();
    }

    // The graph's entries of index 0 (no catalog entry).
    static std::map<std::string, std::string> graph_entries(Db& db) {
        storage::ReadTxn txn(*db.env);
        std::map<std::string, std::string> out;
        storage::Cursor c(txn, txn.tables().vector);
        MDB_val k, v;
        for (bool ok = c.move(MDB_FIRST, &k, &v); ok; ok = c.move(MDB_NEXT, &k, &v)) {
            const std::string_view key = storage::as_view(k);
            if (key[0] != char(VectorEntry::Catalog)) out.emplace(key, storage::as_view(v));
        }
        return out;
    }

    // The index (of that id) built by one batch whose cache holds cache_bytes.
    static std::map<std::string, std::string> batch_built(std::size_t count, std::uint32_t id,
                                                          std::size_t cache_bytes) {
        Db db;
        add_docs(db, count, false);
        storage::WriteTxn txn(*db.env);
        GraphWriter g(txn);
        VectorIndex i = index();
        i.id = id;
        VectorBatchInsert batch(g, i, cache_bytes);
        for (std::size_t n = 0; n < db.ids.size(); ++n)
            batch.insert(db.ids[n], query_vector(i, db.vectors[n]));
        txn.commit();
        return graph_entries(db);
    }
};

TEST_F(HnswBuildTest, ABatchWritesWhatOneInsertPerWriteDoesUnderAnyCacheBudget) {
    Db upkeep;  // the index first, then every node inserted by its own write
    add_docs(upkeep, 300, true);
    std::uint32_t id = 0;
    {
        storage::ReadTxn txn(*upkeep.env);
        const GraphReader r(txn);
        EXPECT_TRUE(check_integrity(r).problems.empty());
        id = find_vector_index(r, "docs").value().id;
    }
    const auto expected = graph_entries(upkeep);
    ASSERT_GT(expected.size(), 600u);
    for (std::size_t budget : {std::size_t{0}, std::size_t{4096}, vector_cache_bytes})
        EXPECT_EQ(batch_built(300, id, budget), expected) << "cache budget " << budget;
}

TEST_F(HnswBuildTest, CreateOverStoredNodesIsCheckedCleanAndFindsTheNearest) {
    Db db;
    add_docs(db, 400, false);
    std::mt19937 rng(99);
    storage::WriteTxn txn(*db.env);
    GraphWriter g(txn);
    VectorIndex i = index(8);
    i.label = g.intern<NameKind::Label>("Doc");
    i.property = g.intern<NameKind::Property>("embedding");
    ASSERT_TRUE(create_vector_index(g, i, false));
    const auto found = find_vector_index(g, "docs");
    ASSERT_TRUE(found.has_value());
    EXPECT_TRUE(check_vector_index(g, *found).empty());
    std::size_t hits = 0;
    for (int q = 0; q < 20; ++q) {
        const std::vector<float> query = query_vector(*found, random_vector(rng, dims));
        const auto exact = vector_exact(g, *found, query);
        const auto approx = vector_search(g, *found, query, 64);
        std::set<std::uint64_t> truth;
        for (std::size_t n = 0; n < 10; ++n)
            truth.insert(exact[n].node);
        for (std::size_t n = 0; n < 10 && n < approx.size(); ++n)
            hits += truth.count(approx[n].node);
    }
    EXPECT_GE(double(hits) / 200, 0.95) << "seed 17, queries seed 99";
}

// Large enough (5000 > 256 * 2m) that the adaptive search answers from the graph before the
// exact scan becomes cheaper: its answers must still be nearly the exact ones.
TEST_F(HnswBuildTest, TheAdaptiveSearchStopsWhenTwoDepthsAgreeAndKeepsRecall) {
    Db db;
    add_docs(db, 5000, false);
    std::mt19937 rng(99);
    storage::WriteTxn txn(*db.env);
    GraphWriter g(txn);
    VectorIndex i = index(4);
    i.label = g.intern<NameKind::Label>("Doc");
    i.property = g.intern<NameKind::Property>("embedding");
    ASSERT_TRUE(create_vector_index(g, i, false));
    const auto found = find_vector_index(g, "docs");
    ASSERT_TRUE(found.has_value());
    // At this size the int8 scan costs less than any search (vector_quantized_test covers it):
    // without the int8 copies, as a build from before them made the index, the graph answers.
    std::vector<std::string> quantized;
    storage::for_each_with_prefix(
        txn, txn.tables().vector, vector_prefix(VectorEntry::Quantized, found->id),
        [&](std::string_view k, std::string_view) { return quantized.emplace_back(k), true; });
    for (const std::string& k : quantized)
        txn.del(txn.tables().vector, k);
    std::size_t hits = 0, from_graph = 0;
    for (int q = 0; q < 20; ++q) {
        const std::vector<float> query = query_vector(*found, random_vector(rng, dims));
        const auto exact = vector_exact(g, *found, query);
        const VectorSearchResult approx = vector_search_adaptive(g, *found, query, 10);
        if (!approx.exact) {
            ++from_graph;
            EXPECT_LE(approx.ef, 512u);
        }
        std::set<std::uint64_t> truth;
        for (std::size_t n = 0; n < 10; ++n)
            truth.insert(exact[n].node);
        for (std::size_t n = 0; n < 10 && n < approx.hits.size(); ++n)
            hits += truth.count(approx.hits[n].node);
    }
    EXPECT_GT(from_graph, 0u) << "every query fell back to the exact scan";
    EXPECT_GE(double(hits) / 200, 0.95) << "seed 17, queries seed 99";
}

}  // namespace
}  // namespace caspian::graph
