// Tests of graph/stored_graph.cpp: the BGL concepts hold, and Boost's own breadth_first_search,
// dijkstra_shortest_paths, connected_components and strong_components give on the view what
// they give on a boost::adjacency_list holding the same edges (random graphs, fixed seeds),
// whole or filtered by edge types and labels. Links only caspian_graph.
#include "graph/stored_graph.hpp"
#include "support/random_graph.hpp"
#include "support/temp_dir.hpp"

#include <gtest/gtest.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/connected_components.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/graph_concepts.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/property_map/property_map.hpp>

#include <algorithm>
#include <iterator>
#include <map>
#include <random>
#include <set>
#include <unordered_map>

namespace caspian::graph {

BOOST_CONCEPT_ASSERT((boost::IncidenceGraphConcept<StoredGraph>));
BOOST_CONCEPT_ASSERT((boost::BidirectionalGraphConcept<StoredGraph>));
BOOST_CONCEPT_ASSERT((boost::VertexListGraphConcept<StoredGraph>));
BOOST_CONCEPT_ASSERT((boost::EdgeListGraphConcept<StoredGraph>));
BOOST_CONCEPT_ASSERT((boost::IncidenceGraphConcept<UndirectedStoredGraph>));
BOOST_CONCEPT_ASSERT((boost::VertexListGraphConcept<UndirectedStoredGraph>));
BOOST_CONCEPT_ASSERT((boost::EdgeListGraphConcept<UndirectedStoredGraph>));
BOOST_CONCEPT_ASSERT((boost::ReadablePropertyMapConcept<
                      boost::property_map<StoredGraph, boost::vertex_index_t>::type, NodeId>));
static_assert(std::forward_iterator<StoredGraph::out_edge_iterator>);
static_assert(std::forward_iterator<StoredGraph::vertex_iterator>);
static_assert(std::forward_iterator<StoredGraph::edge_iterator>);

namespace {

using caspian::testing::GraphModel;
using caspian::testing::ModelEdge;
using caspian::testing::TempDir;

// Labelled; every edge has a weight, 0.5 to 5 in steps of 0.5.
GraphModel load_random_graph(storage::Env& env, std::uint32_t seed, int n, int m) {
    caspian::testing::RandomGraphShape shape(n, m);
    shape.weight = [](std::mt19937& rng) {
        const double w = 0.5 * double(1 + rng() % 10);
        return caspian::testing::EdgeWeight{Value(w), w};
    };
    return caspian::testing::load_random_graph(env, seed, shape);
}

// The model's edges that a filter keeps, in the view's out-edge order: by source, then type,
// target and edge id (the adjacency order), so that BFS visits neighbours in the same order.
std::vector<ModelEdge> kept_edges(const GraphModel& m, const GraphFilter& f) {
    auto node_ok = [&](NodeId v) {
        return f.labels.empty() || std::count(f.labels.begin(), f.labels.end(), m.label_of.at(v));
    };
    std::vector<ModelEdge> out;
    for (const auto& e : m.edges) {
        if (!f.types.empty() && !std::count(f.types.begin(), f.types.end(), e.type)) continue;
        if (node_ok(e.src) && node_ok(e.dst)) out.push_back(e);
    }
    std::sort(out.begin(), out.end(), [](const ModelEdge& a, const ModelEdge& b) {
        return std::tie(a.src, a.type, a.dst, a.id) < std::tie(b.src, b.type, b.dst, b.id);
    });
    return out;
}

std::vector<NodeId> kept_nodes(const GraphModel& m, const GraphFilter& f) {
    std::vector<NodeId> out;
    for (auto v : m.nodes) {
        if (f.labels.empty() || std::count(f.labels.begin(), f.labels.end(), m.label_of.at(v))) {
            out.push_back(v);
        }
    }
    return out;
}

using Directed =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, boost::no_property,
                          boost::property<boost::edge_weight_t, double>>;
using Undirected = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;

// The same graph in memory; vertex i is node ids[i].
template <typename G>
G to_adjacency_list(const std::vector<NodeId>& ids, const std::vector<ModelEdge>& edges) {
    G g(ids.size());
    auto index = [&](NodeId id) {
        return std::size_t(std::lower_bound(ids.begin(), ids.end(), id) - ids.begin());
    };
    for (const auto& e : edges) {
        if constexpr (std::is_same_v<G, Directed>) {
            boost::add_edge(index(e.src), index(e.dst), e.weight, g);
        } else {
            boost::add_edge(index(e.src), index(e.dst), g);
        }
    }
    return g;
}

template <typename V>
struct DiscoverRecorder : boost::default_bfs_visitor {
    std::vector<V>* order;
    explicit DiscoverRecorder(std::vector<V>& o) : order(&o) {}
    template <typename G>
    void discover_vertex(V v, const G&) const {
        order->push_back(v);
    }
};

class StoredGraphView : public ::testing::TestWithParam<std::uint32_t> {
protected:
    TempDir dir_;
    std::shared_ptr<storage::Env> env_ = storage::Env::open(dir_.sub("db"), {});
};

void check_view(const GraphModel& m, const storage::Txn& txn, const GraphFilter& filter,
                std::uint32_t seed) {
    SCOPED_TRACE("seed " + std::to_string(seed) + " types " + std::to_string(filter.types.size()) +
                 " labels " + std::to_string(filter.labels.size()));
    const auto ids = kept_nodes(m, filter);
    const auto edges_kept = kept_edges(m, filter);
    const StoredGraph view(txn, filter);
    const auto mem = to_adjacency_list<Directed>(ids, edges_kept);

    // Vertex and edge lists.
    EXPECT_EQ(num_vertices(view), ids.size());
    EXPECT_EQ(num_edges(view), edges_kept.size());
    std::vector<NodeId> vs;
    for (auto [it, end] = vertices(view); it != end; ++it)
        vs.push_back(*it);
    EXPECT_EQ(vs, ids);
    std::vector<EdgeId> es, expected_es;
    for (auto [it, end] = edges(view); it != end; ++it)
        es.push_back(it->id);
    for (const auto& e : edges_kept)
        expected_es.push_back(e.id);
    EXPECT_EQ(es, expected_es);

    // Incidence: out- and in-edges and degrees of every vertex.
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const NodeId u{ids[i]};
        std::vector<NodeId> outs, ins;
        for (auto [it, end] = out_edges(u, view); it != end; ++it) {
            EXPECT_EQ(source(*it, view), u);
            outs.push_back(target(*it, view));
        }
        for (auto [it, end] = in_edges(u, view); it != end; ++it) {
            EXPECT_EQ(target(*it, view), u);
            ins.push_back(source(*it, view));
        }
        std::vector<NodeId> mem_outs, mem_ins;
        for (auto [it, end] = boost::out_edges(i, mem); it != end; ++it) {
            mem_outs.push_back(ids[boost::target(*it, mem)]);
        }
        for (auto [it, end] = boost::in_edges(i, mem); it != end; ++it) {
            mem_ins.push_back(ids[boost::source(*it, mem)]);
        }
        EXPECT_EQ(outs, mem_outs);
        std::sort(ins.begin(), ins.end());
        std::sort(mem_ins.begin(), mem_ins.end());
        EXPECT_EQ(ins, mem_ins);
        EXPECT_EQ(out_degree(u, view), mem_outs.size());
        EXPECT_EQ(in_degree(u, view), mem_ins.size());
    }

    if (ids.empty()) return;
    // breadth_first_search: same discovery order and distances from the first vertex.
    std::unordered_map<NodeId, boost::default_color_type> colors;
    std::unordered_map<NodeId, std::uint64_t> dist;
    std::vector<NodeId> order;
    const NodeId s{ids[0]};
    dist[s] = 0;
    auto dist_map = boost::make_assoc_property_map(dist);
    boost::breadth_first_search(
        view, s,
        boost::color_map(boost::make_assoc_property_map(colors))
            .visitor(boost::make_bfs_visitor(std::make_pair(
                boost::record_distances(dist_map, boost::on_tree_edge()),
                boost::write_property(boost::typed_identity_property_map<NodeId>(),
                                      std::back_inserter(order), boost::on_discover_vertex())))));
    std::vector<std::size_t> mem_order;
    std::vector<std::uint64_t> mem_dist(ids.size(), 0);
    boost::breadth_first_search(
        mem, 0,
        boost::visitor(boost::make_bfs_visitor(std::make_pair(
            boost::record_distances(mem_dist.data(), boost::on_tree_edge()),
            boost::write_property(boost::typed_identity_property_map<std::size_t>(),
                                  std::back_inserter(mem_order), boost::on_discover_vertex())))));
    ASSERT_EQ(order.size(), mem_order.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        EXPECT_EQ(order[i], ids[mem_order[i]]);
        EXPECT_EQ(dist[order[i]], mem_dist[mem_order[i]]);
    }

    // dijkstra_shortest_paths: same distances, weights read from the edge records.
    std::unordered_map<NodeId, double> wdist;
    std::unordered_map<NodeId, NodeId> pred;
    std::unordered_map<NodeId, boost::default_color_type> wcolors;
    boost::dijkstra_shortest_paths(view, s,
                                   boost::weight_map(EdgeWeightMap(view.reader(), m.weight))
                                       .distance_map(boost::make_assoc_property_map(wdist))
                                       .predecessor_map(boost::make_assoc_property_map(pred))
                                       .color_map(boost::make_assoc_property_map(wcolors)));
    std::vector<double> mem_wdist(ids.size());
    boost::dijkstra_shortest_paths(mem, 0, boost::distance_map(mem_wdist.data()));
    for (std::size_t i = 0; i < ids.size(); ++i) {
        EXPECT_DOUBLE_EQ(wdist[NodeId{ids[i]}], mem_wdist[i]) << "node " << ids[i].value;
    }

    // strong_components on the directed view, connected_components on the undirected one:
    // the same partitions as on the adjacency_list.
    auto same_partition = [&](auto comp_of_view, const std::vector<int>& mem_comp) {
        std::map<int, std::set<NodeId>> a, b;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            a[int(comp_of_view(NodeId{ids[i]}))].insert(ids[i]);
            b[mem_comp[i]].insert(ids[i]);
        }
        std::set<std::set<NodeId>> pa, pb;
        for (auto& [k, v] : a)
            pa.insert(v);
        for (auto& [k, v] : b)
            pb.insert(v);
        return pa == pb;
    };
    std::unordered_map<NodeId, int> scc;
    std::unordered_map<NodeId, NodeId> roots;
    std::unordered_map<NodeId, std::size_t> times;
    std::unordered_map<NodeId, boost::default_color_type> scolors;
    const int n_scc =
        boost::strong_components(view, boost::make_assoc_property_map(scc),
                                 boost::root_map(boost::make_assoc_property_map(roots))
                                     .discover_time_map(boost::make_assoc_property_map(times))
                                     .color_map(boost::make_assoc_property_map(scolors)));
    std::vector<int> mem_scc(ids.size());
    const int mem_n_scc = boost::strong_components(mem, mem_scc.data());
    EXPECT_EQ(n_scc, mem_n_scc);
    EXPECT_TRUE(same_partition([&](NodeId v) { return scc.at(v); }, mem_scc));

    const UndirectedStoredGraph uview(txn, filter);
    const auto umem = to_adjacency_list<Undirected>(ids, edges_kept);
    std::unordered_map<NodeId, int> cc;
    std::unordered_map<NodeId, boost::default_color_type> ccolors;
    const int n_cc =
        boost::connected_components(uview, boost::make_assoc_property_map(cc),
                                    boost::color_map(boost::make_assoc_property_map(ccolors)));
    std::vector<int> mem_cc(ids.size());
    const int mem_n_cc = boost::connected_components(umem, mem_cc.data());
    EXPECT_EQ(n_cc, mem_n_cc);
    EXPECT_TRUE(same_partition([&](NodeId v) { return cc.at(v); }, mem_cc));
}

TEST_P(StoredGraphView, BoostAlgorithmsMatchAnAdjacencyList) {
    const GraphModel m = load_random_graph(*env_, GetParam(), 40, 90);
    storage::ReadTxn txn(*env_);
    check_view(m, txn, {}, GetParam());
}

TEST_P(StoredGraphView, FilteredViewMatchesAnAdjacencyListOfTheKeptEdges) {
    const GraphModel m = load_random_graph(*env_, GetParam(), 40, 90);
    storage::ReadTxn txn(*env_);
    check_view(m, txn, {{m.types[0]}, {}}, GetParam());
    check_view(m, txn, {{}, {m.la}}, GetParam());
    check_view(m, txn, {{m.types[1]}, {m.lb}}, GetParam());
    check_view(m, txn, {{m.types[0], m.types[1]}, {m.la, m.lb}}, GetParam());
}

INSTANTIATE_TEST_SUITE_P(Seeds, StoredGraphView, ::testing::Range<std::uint32_t>(1, 26));

TEST(StoredGraphIterators, AreMultiPass) {
    TempDir dir;
    auto env = storage::Env::open(dir.sub("db"), {});
    const GraphModel m = load_random_graph(*env, 3, 5, 30);
    storage::ReadTxn txn(*env);
    const StoredGraph view(txn);
    for (auto v : m.nodes) {
        auto [begin, end] = out_edges(NodeId{v}, view);
        auto copy = begin;
        std::vector<EdgeId> first, second;
        for (auto it = begin; it != end; ++it)
            first.push_back(it->id);
        for (; copy != end; copy++)
            second.push_back(copy->id);
        EXPECT_EQ(first, second);
        EXPECT_EQ(std::uint64_t(std::distance(begin, end)), out_degree(NodeId{v}, view));
    }
    auto [eb, ee] = edges(view);
    auto eb2 = eb;
    EXPECT_EQ(std::distance(eb, ee), std::distance(eb2, ee));
    EXPECT_EQ(std::uint64_t(std::distance(eb, ee)), num_edges(view));
}

TEST(StoredGraphIterators, UndirectedViewTurnsEdgesTowardsTheVertex) {
    TempDir dir;
    auto env = storage::Env::open(dir.sub("db"), {});
    const GraphModel m = load_random_graph(*env, 4, 6, 20);
    storage::ReadTxn txn(*env);
    const UndirectedStoredGraph view(txn);
    for (auto v : m.nodes) {
        std::multiset<EdgeId> got, expected;
        for (auto [it, end] = out_edges(NodeId{v}, view); it != end; ++it) {
            EXPECT_EQ(source(*it, view), v);
            got.insert(it->id);
        }
        for (const auto& e : m.edges) {
            if (e.src == v || e.dst == v) expected.insert(e.id);  // a self-loop once
        }
        EXPECT_EQ(got, expected) << "node " << v.value;
    }
}

}  // namespace
}  // namespace caspian::graph
