// StoredGraph: a read-only Boost.Graph view of the stored graph over one transaction, read
// straight from the LMDB adjacency (no copy of the graph), optionally restricted to edge types
// and node labels. Include only where BGL is used: the query layer uses traversal.hpp instead.
#pragma once

#include "graph/graph_store.hpp"
#include "graph/traversal.hpp"

#include <caspian/ids.hpp>

#include <boost/graph/graph_traits.hpp>
#include <boost/graph/properties.hpp>
#include <boost/property_map/property_map.hpp>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace caspian::graph {

// What a view shows. Empty lists mean "all". A node belongs to the view when it carries at least
// one of `labels`; an edge when its type is one of `types` and both its ends belong.
struct GraphFilter {
    std::vector<TypeId> types;
    std::vector<LabelId> labels;
};

// A multi-pass iterator over a slice that its copies share (BGL copies iterators and keeps
// several ranges alive, so none wraps a live cursor). Valid while any copy is alive; references
// point into the shared slice.
template <typename T>
class SliceIter {
public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = const T*;
    using reference = const T&;

    SliceIter() = default;
    SliceIter(std::shared_ptr<const std::vector<T>> slice, std::size_t pos)
        : slice_(std::move(slice)), pos_(pos) {}
    reference operator*() const { return (*slice_)[pos_]; }
    pointer operator->() const { return &(*slice_)[pos_]; }
    SliceIter& operator++() {
        ++pos_;
        return *this;
    }
    SliceIter operator++(int) {
        SliceIter old = *this;
        ++pos_;
        return old;
    }
    friend bool operator==(const SliceIter& a, const SliceIter& b) {
        return a.slice_ == b.slice_ && a.pos_ == b.pos_;
    }

private:
    std::shared_ptr<const std::vector<T>> slice_;
    std::size_t pos_ = 0;
};

using EdgeSlice = std::shared_ptr<const std::vector<EdgeRef>>;
using NodeSlice = std::shared_ptr<const std::vector<NodeId>>;

// The vertex_index of a view: a node's rank among the view's node ids (binary search).
class VertexRankMap {
public:
    using key_type = NodeId;
    using value_type = std::size_t;
    using reference = std::size_t;
    using category = boost::readable_property_map_tag;
    VertexRankMap() = default;
    explicit VertexRankMap(NodeSlice ids) : ids_(std::move(ids)) {}
    std::size_t rank(NodeId v) const;

private:
    NodeSlice ids_;
};
inline std::size_t get(const VertexRankMap& m, NodeId v) {
    return m.rank(v);
}

// An edge weight read from the edge's record (edge_weight() in traversal.hpp defines it).
class EdgeWeightMap {
public:
    using key_type = EdgeRef;
    using value_type = double;
    using reference = double;
    using category = boost::readable_property_map_tag;
    EdgeWeightMap() = default;
    EdgeWeightMap(const GraphReader& reader, PropertyId property, double default_weight = 1.0)
        : reader_(&reader), property_(property), default_(default_weight) {}
    double operator[](const EdgeRef& e) const {
        return edge_weight(*reader_, e.id, property_, default_);
    }

private:
    const GraphReader* reader_ = nullptr;
    PropertyId property_;
    double default_ = 1.0;
};
inline double get(const EdgeWeightMap& m, const EdgeRef& e) {
    return m[e];
}

// What the directed and the undirected view share: the reader, the filter and the node list.
// Not thread-safe (the node list is cached on first use). Borrows the transaction: destroy the
// view and every iterator before it ends.
class StoredGraphBase {
public:
    using vertex_descriptor = NodeId;
    using edge_descriptor = EdgeRef;
    using vertex_iterator = SliceIter<NodeId>;
    using degree_size_type = std::uint64_t;
    using vertices_size_type = std::uint64_t;
    using edges_size_type = std::uint64_t;
    static NodeId null_vertex() { return NodeId{0}; }  // real ids start at 1

    explicit StoredGraphBase(const storage::Txn& txn, GraphFilter filter = {});
    const GraphReader& reader() const noexcept { return reader_; }
    const GraphFilter& filter() const noexcept { return filter_; }

    // The view's node ids in ascending order, read on first use and then shared.
    NodeSlice node_ids() const;
    bool contains(NodeId v) const;
    // The edges of u along dir, filtered, in adjacency order (one scan). With `oriented`, each
    // edge is turned so that src == u (the undirected view's descriptors).
    EdgeSlice slice(NodeId u, Direction dir, bool oriented = false) const;
    std::uint64_t count_vertices() const;
    std::uint64_t count_edges() const;

private:
    GraphReader reader_;
    GraphFilter filter_;
    mutable NodeSlice nodes_;
    mutable std::optional<std::uint64_t> edges_;
};

// Edges of the directed views: every stored edge of the view, by source id then adjacency order.
class EdgeIter {
public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = EdgeRef;
    using difference_type = std::ptrdiff_t;
    using pointer = const EdgeRef*;
    using reference = const EdgeRef&;

    EdgeIter() = default;
    EdgeIter(const StoredGraphBase& g, bool at_end);
    reference operator*() const { return (*slice_)[pos_]; }
    pointer operator->() const { return &(*slice_)[pos_]; }
    EdgeIter& operator++() {
        ++pos_;
        settle();
        return *this;
    }
    EdgeIter operator++(int) {
        EdgeIter old = *this;
        ++*this;
        return old;
    }
    friend bool operator==(const EdgeIter& a, const EdgeIter& b) {
        return a.node_ == b.node_ && a.pos_ == b.pos_;
    }

private:
    void settle();  // onto the next edge, loading the next nodes' slices as needed
    const StoredGraphBase* g_ = nullptr;
    NodeSlice nodes_;
    std::size_t node_ = 0;
    EdgeSlice slice_;
    std::size_t pos_ = 0;
};

// The directed view: BGL's IncidenceGraph, BidirectionalGraph, VertexListGraph and
// EdgeListGraph. Descriptors carry the stored orientation (source() is the stored source).
class StoredGraph : public StoredGraphBase {
public:
    using out_edge_iterator = SliceIter<EdgeRef>;
    using in_edge_iterator = SliceIter<EdgeRef>;
    using edge_iterator = EdgeIter;
    using directed_category = boost::bidirectional_tag;
    using edge_parallel_category = boost::allow_parallel_edge_tag;
    struct traversal_category : boost::bidirectional_graph_tag,
                                boost::vertex_list_graph_tag,
                                boost::edge_list_graph_tag {};
    using StoredGraphBase::StoredGraphBase;
};

// The undirected view (each stored edge joins its ends both ways), for the algorithms that
// require an undirected graph, such as boost::connected_components. out_edges(u) holds the out-
// and in-edges of u, each turned so that source() == u; a self-loop appears once.
class UndirectedStoredGraph : public StoredGraphBase {
public:
    using out_edge_iterator = SliceIter<EdgeRef>;
    using edge_iterator = EdgeIter;
    using directed_category = boost::undirected_tag;
    using edge_parallel_category = boost::allow_parallel_edge_tag;
    struct traversal_category : boost::incidence_graph_tag,
                                boost::vertex_list_graph_tag,
                                boost::edge_list_graph_tag {};
    using StoredGraphBase::StoredGraphBase;
};

// --- free functions, found by argument-dependent lookup ---------------------------------------

inline NodeId source(const EdgeRef& e, const StoredGraphBase&) {
    return e.src;
}
inline NodeId target(const EdgeRef& e, const StoredGraphBase&) {
    return e.dst;
}

inline std::pair<SliceIter<NodeId>, SliceIter<NodeId>> vertices(const StoredGraphBase& g) {
    auto ids = g.node_ids();
    const auto n = ids->size();
    return {{ids, 0}, {ids, n}};
}
inline std::uint64_t num_vertices(const StoredGraphBase& g) {
    return g.count_vertices();
}
inline std::pair<EdgeIter, EdgeIter> edges(const StoredGraphBase& g) {
    return {EdgeIter(g, false), EdgeIter(g, true)};
}
inline std::uint64_t num_edges(const StoredGraphBase& g) {
    return g.count_edges();
}

inline std::pair<SliceIter<EdgeRef>, SliceIter<EdgeRef>> slice_range(EdgeSlice s) {
    const auto n = s->size();
    return {{s, 0}, {s, n}};
}

inline std::pair<SliceIter<EdgeRef>, SliceIter<EdgeRef>> out_edges(NodeId u, const StoredGraph& g) {
    return slice_range(g.slice(u, Direction::Out));
}
inline std::pair<SliceIter<EdgeRef>, SliceIter<EdgeRef>> in_edges(NodeId u, const StoredGraph& g) {
    return slice_range(g.slice(u, Direction::In));
}
// Without a filter a degree is a cursor count (no scan of the adjacency).
std::uint64_t out_degree(NodeId u, const StoredGraph& g);
std::uint64_t in_degree(NodeId u, const StoredGraph& g);
inline std::uint64_t degree(NodeId u, const StoredGraph& g) {
    return out_degree(u, g) + in_degree(u, g);
}

inline std::pair<SliceIter<EdgeRef>, SliceIter<EdgeRef>> out_edges(NodeId u,
                                                                   const UndirectedStoredGraph& g) {
    return slice_range(g.slice(u, Direction::Both, true));
}
inline std::uint64_t out_degree(NodeId u, const UndirectedStoredGraph& g) {
    return g.slice(u, Direction::Both)->size();
}
inline std::uint64_t degree(NodeId u, const UndirectedStoredGraph& g) {
    return out_degree(u, g);
}

inline VertexRankMap get(boost::vertex_index_t, const StoredGraphBase& g) {
    return VertexRankMap(g.node_ids());
}

}  // namespace caspian::graph

namespace boost {
template <>
struct property_map<caspian::graph::StoredGraph, vertex_index_t> {
    using type = caspian::graph::VertexRankMap;
    using const_type = caspian::graph::VertexRankMap;
};
template <>
struct property_map<caspian::graph::UndirectedStoredGraph, vertex_index_t> {
    using type = caspian::graph::VertexRankMap;
    using const_type = caspian::graph::VertexRankMap;
};
}  // namespace boost
