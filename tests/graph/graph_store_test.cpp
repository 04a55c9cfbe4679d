// Tests of graph/graph_store.cpp: CRUD with the key, label and property indexes, adjacency order
// and type ranges, degrees and statistics, each against a brute-force model on random graphs
// with fixed seeds. Links only caspian_graph.
#include "graph/graph_store.hpp"
#include "support/error_kind.hpp"
#include "support/ids.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <tuple>

namespace caspian::graph {
namespace {

using caspian::testing::kind_of;
using caspian::testing::TempDir;

class GraphStore : public ::testing::Test {
protected:
    TempDir dir_;
    std::shared_ptr<storage::Env> env_ = storage::Env::open(dir_.sub("db"), {});
};

// --- key index -------------------------------------------------------------------------------

TEST_F(GraphStore, KeyIndexRejectsADuplicateKeyAndStaysUsable) {
    storage::WriteTxn txn(*env_);
    GraphWriter g(txn);
    const auto key = g.intern<NameKind::Property>("key");
    const auto name = g.intern<NameKind::Property>("name");
    const auto by = g.create_node({}, {{key, Value("BY")}, {name, Value("Belarus")}});
    EXPECT_EQ(kind_of([&] { g.create_node({}, {{key, Value("BY")}}); }), ErrorKind::Constraint);
    EXPECT_EQ(g.find_key("BY"), by);
    EXPECT_EQ(g.node_count(), 1u);
    const auto az = g.create_node({}, {{key, Value("AZ")}});
    EXPECT_EQ(kind_of([&] { g.set_node_property(az, key, Value("BY")); }), ErrorKind::Constraint);
    EXPECT_EQ(g.find_key("BY"), by);
    EXPECT_EQ(g.find_key("AZ"), az);
    txn.commit();

    storage::ReadTxn read(*env_);
    GraphReader r(read);
    EXPECT_EQ(r.find_key("BY"), by);
    EXPECT_EQ(r.find_key("AZ"), az);
    EXPECT_EQ(r.node_count(), 2u);
    EXPECT_FALSE(r.node(NodeId(az.value + 1)).has_value());
}

TEST_F(GraphStore, KeyIndexFollowsSetRemoveAndDelete) {
    storage::WriteTxn txn(*env_);
    GraphWriter g(txn);
    const auto key = g.intern<NameKind::Property>("key");
    const auto n = g.create_node({}, {{key, Value("old")}});
    EXPECT_TRUE(g.set_node_property(n, key, Value("new")));
    EXPECT_EQ(g.find_key("old"), std::nullopt);
    EXPECT_EQ(g.find_key("new"), n);
    EXPECT_FALSE(g.set_node_property(n, key, Value("new")));
    EXPECT_EQ(g.find_key("new"), n);
    // The freed key is usable by another node.
    const auto m = g.create_node({}, {{key, Value("old")}});
    EXPECT_EQ(g.find_key("old"), m);
    EXPECT_TRUE(g.set_node_property(n, key, Value()));
    EXPECT_EQ(g.find_key("new"), std::nullopt);
    EXPECT_TRUE(g.set_node_property(n, key, Value("again")));
    g.delete_node(n, false);
    EXPECT_EQ(g.find_key("again"), std::nullopt);
    const auto p = g.create_node({}, {{key, Value("again")}});
    EXPECT_EQ(g.find_key("again"), p);
}

TEST_F(GraphStore, KeyMustBeANonEmptyString) {
    storage::WriteTxn txn(*env_);
    GraphWriter g(txn);
    const auto key = g.intern<NameKind::Property>("key");
    EXPECT_EQ(kind_of([&] { g.create_node({}, {{key, Value(5)}}); }), ErrorKind::Constraint);
    EXPECT_EQ(kind_of([&] { g.create_node({}, {{key, Value("")}}); }), ErrorKind::Constraint);
    EXPECT_EQ(kind_of([&] {
                  g.create_node({}, {{key, Value(std::string(600, 'k'))}});
              }),
              ErrorKind::Constraint);
    const auto n = g.create_node({}, {{key, Value("k")}});
    EXPECT_EQ(kind_of([&] { g.set_node_property(n, key, Value(List{"k"})); }),
              ErrorKind::Constraint);
    EXPECT_EQ(g.find_key("k"), n);
    EXPECT_EQ(g.node_count(), 1u);
}

TEST_F(GraphStore, KeyPropertyInternedAfterTheWriterStartsIsIndexed) {
    storage::WriteTxn txn(*env_);
    GraphWriter g(txn);
    const auto n = g.create_node({}, {});
    const auto key = g.intern<NameKind::Property>("key");
    g.set_node_property(n, key, Value("late"));
    EXPECT_EQ(g.find_key("late"), n);
}

// --- CRUD errors -----------------------------------------------------------------------------

TEST_F(GraphStore, UnknownNodesAndEdgesAreConstraintErrors) {
    storage::WriteTxn txn(*env_);
    GraphWriter g(txn);
    const auto t = g.intern<NameKind::Type>("T");
    const auto p = g.intern<NameKind::Property>("p");
    const auto a = g.create_node({}, {});
    EXPECT_EQ(kind_of([&] { g.create_edge(a, t, NodeId(99), {}); }), ErrorKind::Constraint);
    EXPECT_EQ(kind_of([&] { g.create_edge(NodeId(99), t, a, {}); }), ErrorKind::Constraint);
    EXPECT_EQ(kind_of([&] { g.set_node_property(NodeId(99), p, Value(1)); }),
              ErrorKind::Constraint);
    EXPECT_EQ(kind_of([&] { g.set_edge_property(EdgeId(99), p, Value(1)); }),
              ErrorKind::Constraint);
    EXPECT_EQ(kind_of([&] { g.add_label(NodeId(99), LabelId(1)); }), ErrorKind::Constraint);
    EXPECT_EQ(kind_of([&] { g.delete_node(NodeId(99), true); }), ErrorKind::Constraint);
    EXPECT_EQ(kind_of([&] { g.delete_edge(EdgeId(99)); }), ErrorKind::Constraint);
    EXPECT_EQ(g.edge_count(), 0u);
    EXPECT_EQ(g.degree(a, Direction::Out), 0u);
}

TEST_F(GraphStore, NonStorableValuesAreTypeErrors) {
    storage::WriteTxn txn(*env_);
    GraphWriter g(txn);
    const auto p = g.intern<NameKind::Property>("p");
    const auto t = g.intern<NameKind::Type>("T");
    EXPECT_EQ(kind_of([&] { g.create_node({}, {{p, Value(Map{})}}); }), ErrorKind::Type);
    const auto a = g.create_node({}, {});
    EXPECT_EQ(kind_of([&] { g.set_node_property(a, p, Value(Node{})); }), ErrorKind::Type);
    EXPECT_EQ(kind_of([&] { g.create_edge(a, t, a, {{p, Value(List{Map{}})}}); }), ErrorKind::Type);
    const auto e = g.create_edge(a, t, a, {});
    EXPECT_EQ(kind_of([&] { g.set_edge_property(e, p, Value(Map{})); }), ErrorKind::Type);
    EXPECT_EQ(g.node_count(), 1u);
    EXPECT_EQ(g.edge_count(), 1u);
}

TEST_F(GraphStore, NamesInternOncePerKind) {
    storage::WriteTxn txn(*env_);
    GraphWriter g(txn);
    const auto a = g.intern<NameKind::Label>("Country");
    EXPECT_EQ(g.intern<NameKind::Label>("Country"), a);
    const auto t = g.intern<NameKind::Type>("Country");
    EXPECT_EQ(g.name(t), "Country");
    EXPECT_EQ(g.find_name<NameKind::Property>("Country"), std::nullopt);
    EXPECT_EQ(kind_of([&] { g.intern<NameKind::Label>(""); }), ErrorKind::Constraint);
    EXPECT_EQ(kind_of([&] { (void)g.name(LabelId(999)); }), ErrorKind::Corrupt);
    const auto names = g.names<NameKind::Label>();
    ASSERT_EQ(names.size(), 1u);
    EXPECT_EQ(names[0], std::make_pair(a, std::string("Country")));
}

TEST_F(GraphStore, PropertiesAreSortedAndNullsDropped) {
    storage::WriteTxn txn(*env_);
    GraphWriter g(txn);
    const auto n = g.create_node(
        {LabelId(3), LabelId(1), LabelId(3)},
        {{PropertyId(5), Value(1)}, {PropertyId(2), Value("x")}, {PropertyId(4), Value()}});
    const auto node = g.node(n);
    ASSERT_TRUE(node);
    EXPECT_EQ(node->labels, (std::vector<std::uint32_t>{1, 3}));
    EXPECT_EQ(node->properties, (PropertyIds{{2, Value("x")}, {5, Value(1)}}));
    EXPECT_TRUE(g.set_node_property(n, PropertyId(5), Value()));
    EXPECT_FALSE(g.set_node_property(n, PropertyId(5), Value()));
    EXPECT_EQ(g.node(n)->properties, (PropertyIds{{2, Value("x")}}));
}

// --- delete ----------------------------------------------------------------------------------

TEST_F(GraphStore, DeleteWithoutDetachOfAConnectedNodeChangesNothing) {
    storage::WriteTxn txn(*env_);
    GraphWriter g(txn);
    const auto label = g.intern<NameKind::Label>("Country");
    const auto t = g.intern<NameKind::Type>("BORDERS");
    const auto a = g.create_node({label}, {});
    const auto b = g.create_node({label}, {});
    const auto e = g.create_edge(a, t, b, {});
    for (auto n : {a, b}) {
        EXPECT_EQ(kind_of([&] { g.delete_node(n, false); }), ErrorKind::Constraint);
    }
    EXPECT_TRUE(g.node(a));
    EXPECT_TRUE(g.node(b));
    EXPECT_TRUE(g.edge(e));
    EXPECT_EQ(g.node_count(), 2u);
    EXPECT_EQ(g.edge_count(), 1u);
    EXPECT_EQ(g.label_count(label), 2u);
    EXPECT_EQ(g.degree(a, Direction::Out), 1u);
    EXPECT_EQ(g.degree(b, Direction::In), 1u);
    txn.commit();
}

TEST_F(GraphStore, DetachDeletesEdgesIncludingSelfLoops) {
    storage::WriteTxn txn(*env_);
    GraphWriter g(txn);
    const auto t = g.intern<NameKind::Type>("T");
    const auto u = g.intern<NameKind::Type>("U");
    const auto a = g.create_node({}, {});
    const auto b = g.create_node({}, {});
    const auto loop = g.create_edge(a, t, a, {});
    const auto loop2 = g.create_edge(a, u, a, {});
    const auto ab = g.create_edge(a, t, b, {});
    const auto ba = g.create_edge(b, u, a, {});
    const auto bb = g.create_edge(b, t, b, {});
    EXPECT_EQ(g.degree(a, Direction::Out), 3u);
    EXPECT_EQ(g.degree(a, Direction::In), 3u);
    EXPECT_EQ(g.delete_node(a, true), 4u);
    for (auto e : {loop, loop2, ab, ba})
        EXPECT_FALSE(g.edge(e)) << "edge " << e;
    EXPECT_TRUE(g.edge(bb));
    EXPECT_EQ(g.edge_count(), 1u);
    EXPECT_EQ(g.node_count(), 1u);
    EXPECT_EQ(g.degree(b, Direction::Out), 1u);
    EXPECT_EQ(g.degree(b, Direction::In), 1u);
    EXPECT_EQ(g.type_stats(t).edges, 1u);
    EXPECT_EQ(g.type_stats(t).distinct_sources, 1u);
    EXPECT_EQ(g.type_stats(t).distinct_targets, 1u);
    EXPECT_EQ(g.type_stats(u).edges, 0u);
    EXPECT_EQ(g.type_stats(u).distinct_sources, 0u);
    EXPECT_EQ(g.type_stats(u).distinct_targets, 0u);
    EXPECT_EQ(g.delete_node(b, true), 1u);
    EXPECT_EQ(g.edge_count(), 0u);
    EXPECT_EQ(g.type_stats(t).distinct_sources, 0u);
}

// --- labels ----------------------------------------------------------------------------------

std::vector<NodeId> scan_label(const GraphReader& g, LabelId label) {
    std::vector<NodeId> out;
    g.scan_label(label, [&](NodeId id) { return out.push_back(id), true; });
    return out;
}

TEST_F(GraphStore, LabelIndexFollowsAddAndRemove) {
    storage::WriteTxn txn(*env_);
    GraphWriter g(txn);
    const auto country = g.intern<NameKind::Label>("Country");
    const auto city = g.intern<NameKind::Label>("City");
    const auto a = g.create_node({country}, {});
    const auto b = g.create_node({}, {});
    const auto c = g.create_node({country, city}, {});
    EXPECT_EQ(scan_label(g, country), (std::vector<NodeId>{a, c}));
    EXPECT_TRUE(g.add_label(b, country));
    EXPECT_FALSE(g.add_label(b, country));
    EXPECT_EQ(scan_label(g, country), (std::vector<NodeId>{a, b, c}));
    EXPECT_EQ(g.label_count(country), 3u);
    EXPECT_TRUE(g.remove_label(a, country));
    EXPECT_FALSE(g.remove_label(a, country));
    EXPECT_FALSE(g.remove_label(a, city));
    EXPECT_EQ(scan_label(g, country), (std::vector<NodeId>{b, c}));
    EXPECT_EQ(g.label_count(country), 2u);
    EXPECT_TRUE(g.node(a)->labels.empty());
    EXPECT_EQ(g.node(b)->labels, (std::vector<std::uint32_t>{country.value}));
    g.delete_node(c, false);
    EXPECT_EQ(scan_label(g, country), (std::vector<NodeId>{b}));
    EXPECT_EQ(scan_label(g, city), std::vector<NodeId>{});
    EXPECT_EQ(g.label_count(city), 0u);
}

// --- random graphs: adjacency, degrees and statistics against a model ------------------------

struct ModelEdge {
    EdgeId id;
    NodeId src, dst;
    std::uint32_t type;
};

struct Model {
    std::map<NodeId, std::set<std::uint32_t>> nodes;  // id -> labels
    std::map<EdgeId, ModelEdge> edges;
};

std::vector<AdjEntry> stored_adjacency(const GraphReader& g, NodeId node, Direction dir,
                                       std::optional<std::uint32_t> type) {
    std::vector<AdjEntry> out;
    g.adjacency(node, dir, type ? std::optional(TypeId(*type)) : std::nullopt,
                [&](const AdjEntry& e) { return out.push_back(e), true; });
    return out;
}

auto as_tuples(const std::vector<AdjEntry>& entries) {
    std::vector<std::tuple<std::uint32_t, NodeId, EdgeId>> out;
    for (const AdjEntry& e : entries)
        out.emplace_back(e.type.value, e.neighbour, e.edge);
    return out;
}

auto model_adjacency(const Model& m, NodeId node, Direction dir,
                     std::optional<std::uint32_t> type) {
    std::vector<std::tuple<std::uint32_t, NodeId, EdgeId>> out;
    for (const auto& [id, e] : m.edges) {
        if (type && e.type != *type) continue;
        if (dir == Direction::Out && e.src == node) out.emplace_back(e.type, e.dst, id);
        if (dir == Direction::In && e.dst == node) out.emplace_back(e.type, e.src, id);
    }
    std::sort(out.begin(), out.end());
    return out;
}

void expect_matches_model(const GraphReader& g, const Model& m, std::uint32_t types,
                          std::uint32_t labels, const std::string& where) {
    SCOPED_TRACE(where);
    ASSERT_EQ(g.node_count(), m.nodes.size());
    ASSERT_EQ(g.edge_count(), m.edges.size());
    std::vector<NodeId> scanned;
    g.scan_nodes([&](NodeId id) { return scanned.push_back(id), true; });
    std::vector<NodeId> ids;
    for (const auto& [id, labels_of] : m.nodes)
        ids.push_back(id);
    ASSERT_EQ(scanned, ids);
    // Batched record reads (the query scan's path) resume by id across small batches.
    std::vector<NodeId> batched;
    std::vector<std::string_view> records;
    for (NodeId from;;) {
        const std::size_t before = batched.size();
        const bool more = g.node_records(from, 3, batched, records);
        ASSERT_LE(batched.size() - before, 3u);
        if (!more || batched.size() == before) break;
        from = NodeId(batched.back().value + 1);
    }
    ASSERT_EQ(batched, ids);
    ASSERT_EQ(records.size(), ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i)
        ASSERT_EQ(records[i], g.node_bytes(ids[i]).value()) << "node " << ids[i];
    for (std::uint32_t label = 1; label <= labels; ++label) {
        std::vector<NodeId> want;
        for (const auto& [id, l] : m.nodes) {
            if (l.contains(label)) want.push_back(id);
        }
        ASSERT_EQ(scan_label(g, LabelId(label)), want) << "label " << label;
        ASSERT_EQ(g.label_count(LabelId(label)), want.size()) << "label " << label;
    }
    for (std::uint32_t type = 1; type <= types; ++type) {
        std::set<NodeId> sources, targets;
        std::uint64_t edges = 0;
        for (const auto& [id, e] : m.edges) {
            if (e.type != type) continue;
            ++edges;
            sources.insert(e.src);
            targets.insert(e.dst);
        }
        const TypeStats s = g.type_stats(TypeId(type));
        ASSERT_EQ(s.edges, edges) << "type " << type;
        ASSERT_EQ(s.distinct_sources, sources.size()) << "type " << type;
        ASSERT_EQ(s.distinct_targets, targets.size()) << "type " << type;
    }
    for (const auto& [node, l] : m.nodes) {
        for (Direction dir : {Direction::Out, Direction::In}) {
            const auto all = model_adjacency(m, node, dir, std::nullopt);
            ASSERT_EQ(as_tuples(stored_adjacency(g, node, dir, std::nullopt)), all)
                << "node " << node;
            ASSERT_EQ(g.degree(node, dir), all.size()) << "node " << node;
            for (std::uint32_t type = 1; type <= types + 1; ++type) {
                const auto want = model_adjacency(m, node, dir, type);
                ASSERT_EQ(as_tuples(stored_adjacency(g, node, dir, type)), want)
                    << "node " << node << " type " << type;
                ASSERT_EQ(g.degree(node, dir, TypeId(type)), want.size())
                    << "node " << node << " type " << type;
            }
        }
    }
    for (const auto& [id, e] : m.edges) {
        const auto stored = g.edge(id);
        ASSERT_TRUE(stored) << "edge " << id;
        ASSERT_EQ(stored->src, e.src.value);
        ASSERT_EQ(stored->dst, e.dst.value);
        ASSERT_EQ(stored->type, e.type);
    }
    std::uint64_t scanned_edges = 0;
    g.scan_edges([&](EdgeId id, const EdgeRecord& r) {
        ++scanned_edges;
        const auto it = m.edges.find(id);
        EXPECT_TRUE(it != m.edges.end() && it->second.src.value == r.src &&
                    it->second.dst.value == r.dst)
            << "edge " << id;
        return true;
    });
    ASSERT_EQ(scanned_edges, m.edges.size());
}

class RandomGraph : public ::testing::TestWithParam<std::uint32_t> {
protected:
    TempDir dir_;
    std::shared_ptr<storage::Env> env_ = storage::Env::open(dir_.sub("db"), {});
};

TEST_P(RandomGraph, AdjacencyDegreesAndStatsMatchABruteForceModel) {
    const std::uint32_t seed = GetParam();
    std::mt19937 rng(seed);
    const std::uint32_t types = 1 + rng() % 4, labels = 3;
    // Many edges per node in some seeds, so that duplicates spill into LMDB sub-databases and
    // GET_MULTIPLE returns more than one page.
    const int nodes = 5 + int(rng() % 40);
    const int edges = seed % 5 == 0 ? 3000 : int(rng() % 400);
    Model m;
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        for (std::uint32_t t = 1; t <= types; ++t) {
            ASSERT_EQ(g.intern<NameKind::Type>("T" + std::to_string(t)), TypeId(t));
        }
        for (std::uint32_t l = 1; l <= labels; ++l) {
            ASSERT_EQ(g.intern<NameKind::Label>("L" + std::to_string(l)), LabelId(l));
        }
        std::vector<NodeId> ids;
        for (int i = 0; i < nodes; ++i) {
            std::vector<LabelId> ls;
            for (std::uint32_t l = 1; l <= labels; ++l) {
                if (rng() % 2) ls.push_back(LabelId(l));
            }
            const auto id = g.create_node(ls, {});
            std::set<std::uint32_t>& model_labels = m.nodes[id];  // created even when empty
            for (LabelId l : ls)
                model_labels.insert(l.value);
            ids.push_back(id);
        }
        for (int i = 0; i < edges; ++i) {
            // Skewed towards low ids so that some nodes have many edges.
            const auto src = ids[std::min(rng() % ids.size(), rng() % ids.size())];
            const auto dst = ids[rng() % ids.size()];
            const std::uint32_t type = 1 + rng() % types;
            const auto id = g.create_edge(src, TypeId(type), dst, {});
            m.edges[id] = {id, src, dst, type};
        }
        expect_matches_model(g, m, types, labels, "seed " + std::to_string(seed) + " after create");
        txn.commit();
    }
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        for (int i = 0; i < 60 && !m.nodes.empty(); ++i) {
            switch (rng() % 4) {
                case 0: {  // delete an edge
                    if (m.edges.empty()) break;
                    auto it = std::next(m.edges.begin(), rng() % m.edges.size());
                    g.delete_edge(it->first);
                    m.edges.erase(it);
                    break;
                }
                case 1: {  // detach-delete a node
                    auto it = std::next(m.nodes.begin(), rng() % m.nodes.size());
                    const auto node = it->first;
                    std::uint64_t attached = 0;
                    std::erase_if(m.edges, [&](const auto& entry) {
                        const bool hit = entry.second.src == node || entry.second.dst == node;
                        attached += hit;
                        return hit;
                    });
                    EXPECT_EQ(g.delete_node(node, true), attached) << "seed " << seed;
                    m.nodes.erase(it);
                    break;
                }
                case 2: {  // toggle a label
                    auto it = std::next(m.nodes.begin(), rng() % m.nodes.size());
                    const std::uint32_t label = 1 + rng() % labels;
                    if (it->second.erase(label)) {
                        EXPECT_TRUE(g.remove_label(it->first, LabelId(label)));
                    } else {
                        it->second.insert(label);
                        EXPECT_TRUE(g.add_label(it->first, LabelId(label)));
                    }
                    break;
                }
                default: {  // add an edge
                    auto a = std::next(m.nodes.begin(), rng() % m.nodes.size())->first;
                    auto b = std::next(m.nodes.begin(), rng() % m.nodes.size())->first;
                    const std::uint32_t type = 1 + rng() % types;
                    const auto id = g.create_edge(a, TypeId(type), b, {});
                    m.edges[id] = {id, a, b, type};
                }
            }
        }
        txn.commit();
    }
    storage::ReadTxn txn(*env_);
    GraphReader g(txn);
    expect_matches_model(g, m, types, labels, "seed " + std::to_string(seed) + " after deletes");
}

INSTANTIATE_TEST_SUITE_P(Seeds, RandomGraph, ::testing::Range<std::uint32_t>(0, 20));

TEST_F(GraphStore, ManyEdgesBetweenTheSameNodesKeepTheirOrder) {
    storage::WriteTxn txn(*env_);
    GraphWriter g(txn);
    const auto a = g.create_node({}, {});
    const auto b = g.create_node({}, {});
    std::vector<EdgeId> t2;
    for (int i = 0; i < 2000; ++i) {
        const std::uint32_t type = 1 + i % 3;
        const auto e = g.create_edge(a, TypeId(type), b, {});
        if (type == 2) t2.push_back(e);
    }
    std::vector<EdgeId> got;
    g.adjacency(a, Direction::Out, TypeId(2),
                [&](const AdjEntry& e) { return got.push_back(e.edge), true; });
    EXPECT_EQ(got, t2);
    EXPECT_EQ(g.degree(a, Direction::Out), 2000u);
    EXPECT_EQ(g.degree(b, Direction::In, TypeId(3)), 666u);
    EXPECT_EQ(g.type_stats(TypeId(2)).distinct_sources, 1u);
    // A visitor that stops early sees one entry.
    int seen = 0;
    g.adjacency(a, Direction::Out, TypeId(2), [&](const AdjEntry&) { return ++seen, false; });
    EXPECT_EQ(seen, 1);
}

// --- property indexes ------------------------------------------------------------------------

// Random values of one property: ints, floats and strings (some long, beyond LMDB's key size).
Value random_value(std::mt19937& rng) {
    switch (rng() % 4) {
        case 0:
            return Value(std::int64_t(rng() % 41) - 20);
        case 1:
            return Value(double(std::int64_t(rng() % 81) - 40) / 2);
        case 2:
            return Value(std::string(1 + rng() % 3, char('a' + rng() % 4)));
        default: {
            std::string s(rng() % 2 ? 600 : 2, 'x');
            s.back() = char('a' + rng() % 3);
            return Value(s);
        }
    }
}

bool is_number(const Value& v) {
    return v.kind() == ValueKind::Int || v.kind() == ValueKind::Float;
}

double number(const Value& v) {
    return v.kind() == ValueKind::Int ? double(v.as_int()) : v.as_float();
}

// openCypher comparison within a kind; nullopt across kinds (no match).
std::optional<int> compare(const Value& a, const Value& b) {
    if (is_number(a) && is_number(b)) {
        return number(a) < number(b) ? -1 : number(a) > number(b) ? 1 : 0;
    }
    if (a.kind() == ValueKind::String && b.kind() == ValueKind::String) {
        return a.as_string() < b.as_string() ? -1 : a.as_string() > b.as_string() ? 1 : 0;
    }
    return std::nullopt;
}

bool in_range(const Value& v, const std::optional<Value>& lower,
              const std::optional<Value>& upper) {
    if (lower) {
        const auto c = compare(v, *lower);
        if (!c || *c < 0) return false;
    }
    if (upper) {
        const auto c = compare(v, *upper);
        if (!c || *c > 0) return false;
    }
    return true;
}

// Values the scan may return beyond the exact range: those sharing a bound's ordered prefix
// (index keys are cut to LMDB's key size; the caller re-checks).
bool near_bound(const Value& v, const std::optional<Value>& bound) {
    if (!bound) return false;
    std::string b, k;
    if (!storage::encode_ordered_prefix(b, *bound) || !storage::encode_ordered_prefix(k, v)) {
        return false;
    }
    const std::size_t cut = storage::max_key_size - 8;  // the (label, property) prefix
    return k.substr(0, std::min(b.size(), cut)) == b.substr(0, std::min(b.size(), cut));
}

class PropertyIndex : public ::testing::TestWithParam<std::uint32_t> {
protected:
    TempDir dir_;
    std::shared_ptr<storage::Env> env_ = storage::Env::open(dir_.sub("db"), {});
};

void expect_index_matches(const GraphReader& g, LabelId label, PropertyId property,
                          const std::map<NodeId, Value>& indexed, std::mt19937& rng,
                          const std::string& where) {
    SCOPED_TRACE(where);
    for (int q = 0; q < 60; ++q) {
        std::optional<Value> lower, upper;
        switch (q % 4) {
            case 0:
                lower = upper = random_value(rng);
                break;
            case 1:
                lower = random_value(rng);
                break;
            case 2:
                upper = random_value(rng);
                break;
            default:
                lower = random_value(rng);
                upper = random_value(rng);
        }
        std::vector<NodeId> got;
        g.index_scan(label, property, lower, upper,
                     [&](NodeId id) { return got.push_back(id), true; });
        const std::string query = "query " + std::to_string(q) + " [" +
                                  (lower ? to_literal(*lower).substr(0, 12) : "-") + ", " +
                                  (upper ? to_literal(*upper).substr(0, 12) : "-") + "]";
        const std::set<NodeId> got_set(got.begin(), got.end());
        ASSERT_EQ(got_set.size(), got.size()) << query << ": a node came twice";
        for (const auto& [id, value] : indexed) {
            if (in_range(value, lower, upper)) {
                ASSERT_TRUE(got_set.contains(id)) << query << ": missing node " << id;
            }
        }
        for (NodeId id : got) {
            auto it = indexed.find(id);
            ASSERT_TRUE(it != indexed.end()) << query << ": node " << id << " is not indexed";
            ASSERT_TRUE(in_range(it->second, lower, upper) || near_bound(it->second, lower) ||
                        near_bound(it->second, upper))
                << query << ": node " << id << " holds " << to_literal(it->second).substr(0, 12);
        }
        // In value order, except among long strings whose cut keys tie (then in id order).
        auto is_long = [](const Value& v) {
            return v.kind() == ValueKind::String && v.as_string().size() >= 500;
        };
        for (std::size_t i = 0; i + 1 < got.size(); ++i) {
            const Value &a = indexed.at(got[i]), &b = indexed.at(got[i + 1]);
            const auto c = compare(a, b);
            if (c && !(is_long(a) && is_long(b))) {
                ASSERT_LE(*c, 0) << query << ": out of order at " << i;
            }
        }
    }
}

TEST_P(PropertyIndex, ScansMatchABruteForceFilterThroughEveryChange) {
    const std::uint32_t seed = GetParam();
    std::mt19937 rng(seed);
    storage::WriteTxn txn(*env_);
    GraphWriter g(txn);
    const auto country = g.intern<NameKind::Label>("Country");
    const auto other = g.intern<NameKind::Label>("Other");
    const auto pop = g.intern<NameKind::Property>("pop");
    const auto name = g.intern<NameKind::Property>("name");
    // Model: node -> (labels, value of pop).
    std::map<NodeId, std::pair<std::set<LabelId>, std::optional<Value>>> m;
    auto indexed = [&] {
        std::map<NodeId, Value> out;
        for (const auto& [id, entry] : m) {
            if (entry.first.contains(country) && entry.second) out.emplace(id, *entry.second);
        }
        return out;
    };
    for (int i = 0; i < 150; ++i) {
        std::vector<LabelId> labels;
        if (rng() % 3) labels.push_back(country);
        if (rng() % 2) labels.push_back(other);
        PropertyValues props{{name, Value("n" + std::to_string(i))}};
        std::optional<Value> v;
        if (rng() % 5) v = random_value(rng);
        if (v) props.emplace_back(pop, *v);
        const auto id = g.create_node(labels, props);
        m[id] = {{labels.begin(), labels.end()}, v};
    }
    ASSERT_TRUE(g.create_index(country, pop));
    EXPECT_FALSE(g.create_index(country, pop));
    EXPECT_TRUE(g.has_index(country, pop));
    EXPECT_FALSE(g.has_index(other, pop));
    EXPECT_EQ(kind_of([&] { g.index_scan(other, pop, {}, {}, [](NodeId) { return true; }); }),
              ErrorKind::Usage);
    const std::string tag = "seed " + std::to_string(seed);
    expect_index_matches(g, country, pop, indexed(), rng, tag + " after create_index");

    for (int i = 0; i < 200; ++i) {
        auto it = std::next(m.begin(), rng() % m.size());
        const auto id = it->first;
        switch (rng() % 5) {
            case 0: {
                const Value v = random_value(rng);
                g.set_node_property(id, pop, v);
                it->second.second = v;
                break;
            }
            case 1:
                g.set_node_property(id, pop, Value());
                it->second.second.reset();
                break;
            case 2:
                g.add_label(id, country);
                it->second.first.insert(country);
                break;
            case 3:
                g.remove_label(id, country);
                it->second.first.erase(country);
                break;
            default:
                g.delete_node(id, true);
                m.erase(it);
                if (m.empty()) return;
        }
    }
    expect_index_matches(g, country, pop, indexed(), rng, tag + " after changes");
    txn.commit();

    storage::ReadTxn read(*env_);
    GraphReader r(read);
    expect_index_matches(r, country, pop, indexed(), rng, tag + " after commit");
}

INSTANTIATE_TEST_SUITE_P(Seeds, PropertyIndex, ::testing::Range<std::uint32_t>(0, 10));

TEST_F(GraphStore, DropIndexRemovesEveryEntry) {
    storage::WriteTxn txn(*env_);
    GraphWriter g(txn);
    const auto country = g.intern<NameKind::Label>("Country");
    const auto city = g.intern<NameKind::Label>("City");
    const auto pop = g.intern<NameKind::Property>("pop");
    for (int i = 0; i < 50; ++i)
        g.create_node({country, city}, {{pop, Value(i % 7)}});
    ASSERT_TRUE(g.create_index(country, pop));
    ASSERT_TRUE(g.create_index(city, pop));
    EXPECT_EQ(g.indexes().size(), 2u);
    EXPECT_TRUE(g.drop_index(country, pop));
    EXPECT_FALSE(g.drop_index(country, pop));
    EXPECT_FALSE(g.has_index(country, pop));
    EXPECT_EQ(g.indexes(), (std::vector<std::pair<LabelId, PropertyId>>{{city, pop}}));
    std::uint64_t entries = 0;
    {
        storage::Cursor c(txn, env_->tables().prop_index);
        MDB_val k, v;
        for (bool ok = c.move(MDB_FIRST, &k, &v); ok; ok = c.move(MDB_NEXT, &k, &v)) {
            ++entries;
            EXPECT_TRUE(storage::as_view(k).starts_with(index_prefix(city, pop)));
        }
    }
    EXPECT_EQ(entries, 50u);
    // Writes after the drop no longer touch the dropped index.
    g.create_node({country}, {{pop, Value(3)}});
    std::uint64_t hits = 0;
    g.index_scan(city, pop, Value(3), Value(3), [&](NodeId) { return ++hits, true; });
    EXPECT_EQ(hits, 7u);
}

TEST_F(GraphStore, IndexesPersistAndAreMaintainedByLaterWriters) {
    LabelId country;
    PropertyId pop;
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        country = g.intern<NameKind::Label>("Country");
        pop = g.intern<NameKind::Property>("pop");
        g.create_index(country, pop);
        txn.commit();
    }
    {
        storage::WriteTxn txn(*env_);
        GraphWriter g(txn);
        g.create_node({country}, {{pop, Value(9'200'000)}});
        g.create_node({country}, {{pop, Value(10'300'000)}});
        txn.commit();
    }
    storage::ReadTxn txn(*env_);
    GraphReader g(txn);
    std::vector<NodeId> got;
    g.index_scan(country, pop, Value(10'000'000), std::nullopt,
                 [&](NodeId id) { return got.push_back(id), true; });
    EXPECT_EQ(got, std::vector<NodeId>{NodeId(2)});
}

}  // namespace
}  // namespace caspian::graph
