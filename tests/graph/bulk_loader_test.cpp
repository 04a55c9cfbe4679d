// Tests of graph/bulk_loader.cpp against GraphWriter's row-by-row writes: the same operations
// through either must leave byte-identical tables (records, adjacency, indexes, statistics, id
// counters), on random graphs with fixed seeds, into empty and non-empty databases, with batches
// small enough to flush many times. Links only caspian_graph.
#include "graph/bulk_loader.hpp"
#include "graph/adj_chunk.hpp"
#include "graph/constraints.hpp"
#include "support/error_kind.hpp"
#include "support/ids.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace caspian::graph {
namespace {

using caspian::testing::kind_of;
using caspian::testing::TempDir;
using Table = std::vector<std::pair<std::string, std::string>>;

// Every key/value pair of a table in order, each duplicate its own pair.
Table dump(const storage::Txn& txn, MDB_dbi dbi) {
    Table out;
    storage::Cursor c(txn, dbi);
    MDB_val k, v;
    for (bool ok = c.move(MDB_FIRST, &k, &v); ok; ok = c.move(MDB_NEXT, &k, &v)) {
        out.emplace_back(std::string(storage::as_view(k)), std::string(storage::as_view(v)));
    }
    return out;
}

// The entries of a packed adjacency table, one pair (node, 16-byte entry) each: where chunks
// split depends on the order of the writes (a bulk load fills them, inserts split them).
Table dump_chunks(const storage::Txn& txn, MDB_dbi dbi) {
    Table out;
    for (const auto& [key, value] : dump(txn, dbi)) {
        std::vector<AdjEntry> entries;
        decode_adj_chunk(key, value, entries);
        for (const AdjEntry& e : entries)
            out.emplace_back(std::string(id_key(adj_chunk_node(key))), encode_adj(e));
    }
    return out;
}

std::vector<std::pair<const char*, Table>> dump_all(storage::Env& env) {
    storage::ReadTxn txn(env);
    const storage::Tables& t = env.tables();
    return {{"meta", dump(txn, t.meta)},
            {"names", dump(txn, t.names)},
            {"ids", dump(txn, t.ids)},
            {"nodes", dump(txn, t.nodes)},
            {"edges", dump(txn, t.edges)},
            {"out_edges", dump(txn, t.out_edges)},
            {"in_edges", dump(txn, t.in_edges)},
            {"out_adj", dump_chunks(txn, t.out_adj)},
            {"in_adj", dump_chunks(txn, t.in_adj)},
            {"label_index", dump(txn, t.label_index)},
            {"key_index", dump(txn, t.key_index)},
            {"prop_index", dump(txn, t.prop_index)},
            {"index_list", dump(txn, t.index_list)},
            {"stats", dump(txn, t.stats)}};
}

// One random graph as a list of operations, applied identically through either path.
struct Ops {
    struct NodeOp {
        std::vector<LabelId> labels;
        PropertyValues props;
    };
    struct EdgeOp {
        std::size_t src, dst;  // indexes into the nodes known at that point (old and new)
        TypeId type;
        PropertyValues props;
    };
    std::vector<NodeOp> nodes;
    std::vector<EdgeOp> edges;
};

constexpr std::uint32_t n_types = 3, n_labels = 3;
// Property ids as interned by prepare(): key, score (indexed on L1), w.
constexpr PropertyId p_key{1}, p_score{2}, p_w{3};

Ops random_ops(std::mt19937& rng, std::size_t known, int nodes, int edges, const std::string& tag) {
    Ops ops;
    for (int i = 0; i < nodes; ++i) {
        Ops::NodeOp n;
        for (std::uint32_t l = 1; l <= n_labels; ++l) {
            if (rng() % 2) n.labels.push_back(LabelId(l));
        }
        if (rng() % 4 != 0) n.props.emplace_back(p_key, Value(tag + std::to_string(i)));
        if (rng() % 2) n.props.emplace_back(p_score, Value(std::int64_t(rng() % 10)));
        ops.nodes.push_back(std::move(n));
    }
    const std::size_t total = known + ops.nodes.size();
    for (int i = 0; i < edges && total > 0; ++i) {
        Ops::EdgeOp e{rng() % total, rng() % total, TypeId(1 + std::uint32_t(rng() % n_types)), {}};
        // Hubs: a few nodes get many edges, so adjacency spills into sub-databases.
        if (rng() % 3 == 0) e.src = 0;
        if (rng() % 2) e.props.emplace_back(p_w, Value(double(rng() % 100) / 4));
        ops.edges.push_back(std::move(e));
    }
    return ops;
}

void prepare(GraphWriter& g) {
    ASSERT_EQ(g.intern<NameKind::Property>("key"), p_key);
    ASSERT_EQ(g.intern<NameKind::Property>("score"), p_score);
    ASSERT_EQ(g.intern<NameKind::Property>("w"), p_w);
    for (std::uint32_t t = 1; t <= n_types; ++t)
        g.intern<NameKind::Type>("T" + std::to_string(t));
    for (std::uint32_t l = 1; l <= n_labels; ++l)
        g.intern<NameKind::Label>("L" + std::to_string(l));
    g.create_index(LabelId(1), p_score);
}

void apply_rows(GraphWriter& g, const Ops& ops, std::vector<NodeId>& ids) {
    for (const auto& n : ops.nodes)
        ids.push_back(g.create_node(n.labels, n.props));
    for (const auto& e : ops.edges)
        g.create_edge(ids[e.src], e.type, ids[e.dst], e.props);
}

void apply_bulk(GraphWriter& g, const Ops& ops, std::vector<NodeId>& ids, std::size_t batch) {
    BulkLoader loader(g, batch);
    for (const auto& n : ops.nodes)
        ids.push_back(loader.add_node(n.labels, n.props));
    for (const auto& e : ops.edges)
        loader.add_edge(ids[e.src], e.type, ids[e.dst], e.props);
    loader.finish();
    EXPECT_EQ(loader.nodes_added(), ops.nodes.size());
    EXPECT_EQ(loader.edges_added(), ops.edges.size());
}

// Printable bytes as they are, others as \xNN.
std::string shown(const std::string& bytes) {
    std::string out;
    for (unsigned char c : bytes) {
        if (c >= 0x20 && c < 0x7F) {
            out += char(c);
        } else {
            const char* hex = "0123456789abcdef";
            out += {'\\', 'x', hex[c >> 4], hex[c & 15]};
        }
    }
    return out;
}

void expect_same_tables(storage::Env& a, storage::Env& b, std::uint32_t seed) {
    const auto ta = dump_all(a), tb = dump_all(b);
    for (std::size_t i = 0; i < ta.size(); ++i) {
        const Table &rows = ta[i].second, &bulk = tb[i].second;
        EXPECT_EQ(rows.size(), bulk.size()) << ta[i].first << ", seed " << seed;
        for (std::size_t j = 0; j < std::min(rows.size(), bulk.size()); ++j) {
            if (rows[j] == bulk[j]) continue;
            ADD_FAILURE() << ta[i].first << " differs at entry " << j << ", seed " << seed
                          << ": rows " << shown(rows[j].first) << " = " << shown(rows[j].second)
                          << ", bulk " << shown(bulk[j].first) << " = " << shown(bulk[j].second);
            break;
        }
    }
}

class BulkMatchesRows : public ::testing::TestWithParam<std::uint32_t> {
protected:
    TempDir dir_;
    std::shared_ptr<storage::Env> rows_ = storage::Env::open(dir_.sub("rows"), {});
    std::shared_ptr<storage::Env> bulk_ = storage::Env::open(dir_.sub("bulk"), {});
};

// A first load into the empty database, then a second into the non-empty one whose edges also
// reach the first load's nodes (keys before the table's last key: the put-and-probe path).
TEST_P(BulkMatchesRows, SameTablesAsRowByRowWrites) {
    const std::uint32_t seed = GetParam();
    std::mt19937 rng(seed);
    // One batch (a hub's hundreds of entries appended in one put, past a page, so LMDB makes
    // a sub-database of them), batches of one edge, or in between.
    const std::size_t batch = seed % 3 == 0   ? 1
                              : seed % 3 == 1 ? BulkLoader::default_batch_edges
                                              : 1 + rng() % 50;
    const int big = seed % 4 == 0 ? 2000 : 200;
    const Ops first = random_ops(rng, 0, 5 + int(rng() % 40), int(rng() % big), "a");
    const Ops second = random_ops(rng, first.nodes.size(), int(rng() % 30), int(rng() % big), "b");
    std::vector<NodeId> ids_rows, ids_bulk;
    for (const Ops* ops : {&first, &second}) {
        {
            storage::WriteTxn txn(*rows_);
            GraphWriter g(txn);
            if (ops == &first) prepare(g);
            apply_rows(g, *ops, ids_rows);
            txn.commit();
        }
        {
            storage::WriteTxn txn(*bulk_);
            GraphWriter g(txn);
            if (ops == &first) prepare(g);
            apply_bulk(g, *ops, ids_bulk, batch);
            txn.commit();
        }
    }
    EXPECT_EQ(ids_rows, ids_bulk) << "seed " << seed;
    expect_same_tables(*rows_, *bulk_, seed);
}

INSTANTIATE_TEST_SUITE_P(Seeds, BulkMatchesRows, ::testing::Range<std::uint32_t>(0, 24));

class BulkLoaderTest : public ::testing::Test {
protected:
    TempDir dir_;
    std::shared_ptr<storage::Env> env_ = storage::Env::open(dir_.sub("db"), {});
};

TEST_F(BulkLoaderTest, BadRowsThrowBeforeWritingAndTheLoadGoesOn) {
    storage::WriteTxn txn(*env_);
    GraphWriter g(txn);
    const auto key = g.intern<NameKind::Property>("key");
    const auto t = g.intern<NameKind::Type>("T");
    const auto old = g.create_node({}, {{key, Value("old")}});
    BulkLoader fresh(g, 2);  // starts after the writer's own rows
    const auto a = fresh.add_node({}, {{key, Value("a")}});
    EXPECT_EQ(kind_of([&] { fresh.add_node({}, {{key, Value("a")}}); }), ErrorKind::Constraint);
    EXPECT_EQ(kind_of([&] { fresh.add_node({}, {{key, Value("old")}}); }), ErrorKind::Constraint);
    EXPECT_EQ(kind_of([&] { fresh.add_node({}, {{key, Value(5)}}); }), ErrorKind::Constraint);
    EXPECT_EQ(kind_of([&] { fresh.add_node({}, {{key, Value(Map{})}}); }), ErrorKind::Type);
    EXPECT_EQ(kind_of([&] { fresh.add_edge(a, t, NodeId(a.value + 1), {}); }),
              ErrorKind::Constraint);
    EXPECT_EQ(kind_of([&] { fresh.add_edge(NodeId(99), t, a, {}); }), ErrorKind::Constraint);
    const auto b = fresh.add_node({}, {{key, Value("b")}});
    EXPECT_EQ(b, NodeId(a.value + 1));
    fresh.add_edge(old, t, a, {});
    fresh.add_edge(a, t, b, {});
    fresh.add_edge(a, t, a, {});
    fresh.finish();
    EXPECT_EQ(g.node_count(), 3u);
    EXPECT_EQ(g.edge_count(), 3u);
    EXPECT_EQ(g.find_key("b"), b);
    EXPECT_EQ(g.degree(a, Direction::Out), 2u);
    EXPECT_EQ(g.degree(a, Direction::In), 2u);
    const TypeStats ts = g.type_stats(t);
    EXPECT_EQ(ts.edges, 3u);
    EXPECT_EQ(ts.distinct_sources, 2u);  // old, a
    EXPECT_EQ(ts.distinct_targets, 2u);  // a, b
}

TEST_F(BulkLoaderTest, UniquenessConstraintsHoldWithinTheLoadAndAgainstStoredNodes) {
    storage::WriteTxn txn(*env_);
    GraphWriter g(txn);
    const auto label = g.intern<NameKind::Label>("P");
    const auto email = g.intern<NameKind::Property>("email");
    ASSERT_TRUE(create_unique_constraint(g, "c", label, email, false));
    g.create_node({label}, {{email, Value("old@x")}});
    BulkLoader loader(g);
    loader.add_node({label}, {{email, Value("a@x")}});
    EXPECT_EQ(kind_of([&] {
                  loader.add_node({label}, {{email, Value("a@x")}});
              }),
              ErrorKind::Constraint);
    EXPECT_EQ(kind_of([&] {
                  loader.add_node({label}, {{email, Value("old@x")}});
              }),
              ErrorKind::Constraint);
    loader.add_node({}, {{email, Value("a@x")}});  // without the label: not constrained
    loader.finish();
    EXPECT_EQ(g.node_count(), 3u);
    EXPECT_EQ(g.label_count(label), 2u);
}

// Full batches are sorted and spilled on a background task: a loader destroyed without finish()
// (a bad row ended the import) waits for it and leaves the aborted transaction's database as it
// was; one that finishes after many spills, some in flight, keeps every entry.
TEST_F(BulkLoaderTest, AbandonedLoadAfterSpillsLeavesTheDatabaseAsItWas) {
    for (int attempt = 0; attempt < 6; ++attempt) {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        const auto t = g.intern<NameKind::Type>("T");
        BulkLoader loader(g, 3);
        const auto a = loader.add_node({}, {});
        for (int i = 0; i < 30 + attempt; ++i)
            loader.add_edge(a, t, a, {});
    }
    storage::WriteTxn txn(*env_);
    GraphWriter g(txn);
    EXPECT_EQ(g.node_count(), 0u);
    EXPECT_EQ(g.edge_count(), 0u);
    const auto t = g.intern<NameKind::Type>("T");
    {
        BulkLoader loader(g, 7);
        const auto a = loader.add_node({}, {});
        const auto b = loader.add_node({}, {});
        for (int i = 0; i < 300; ++i)
            loader.add_edge(i % 2 ? a : b, t, a, {});
        loader.finish();
        EXPECT_EQ(g.degree(a, Direction::In), 300u);
        EXPECT_EQ(g.degree(a, Direction::Out), 150u);
        EXPECT_EQ(g.degree(b, Direction::Out), 150u);
    }
    EXPECT_EQ(g.edge_count(), 300u);
}

}  // namespace
}  // namespace caspian::graph
