// StoredGraph's slices, node list, counts and edge iteration over GraphReader.
#include "graph/stored_graph.hpp"

#include <algorithm>

namespace caspian::graph {

std::size_t VertexRankMap::rank(NodeId v) const {
    return std::size_t(std::lower_bound(ids_->begin(), ids_->end(), v) - ids_->begin());
}

StoredGraphBase::StoredGraphBase(const storage::Txn& txn, GraphFilter filter)
    : reader_(txn), filter_(std::move(filter)) {
    auto tidy = [](auto& v) {
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
    };
    tidy(filter_.types);
    tidy(filter_.labels);
}

NodeSlice StoredGraphBase::node_ids() const {
    if (nodes_) return nodes_;
    auto ids = std::make_shared<std::vector<NodeId>>();
    if (filter_.labels.empty()) {
        ids->reserve(reader_.node_count());
        reader_.scan_nodes([&](NodeId id) {
            ids->push_back(id);
            return true;
        });
    } else {
        for (LabelId label : filter_.labels) {
            reader_.scan_label(label, [&](NodeId id) {
                ids->push_back(id);
                return true;
            });
        }
        // A node with several of the labels appears in several label scans.
        std::sort(ids->begin(), ids->end());
        ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
    }
    nodes_ = std::move(ids);
    return nodes_;
}

bool StoredGraphBase::contains(NodeId v) const {
    if (filter_.labels.empty()) return reader_.has_node(v);
    const auto ids = node_ids();
    return std::binary_search(ids->begin(), ids->end(), v);
}

EdgeSlice StoredGraphBase::slice(NodeId u, Direction dir, bool oriented) const {
    auto out = std::make_shared<std::vector<EdgeRef>>();
    const bool by_label = !filter_.labels.empty();
    for_each_step(reader_, u, dir, filter_.types, [&](const EdgeRef& e, NodeId v) {
        if (by_label && !contains(v)) return true;
        if (oriented && e.src != u) {
            out->push_back({e.id, e.dst, e.src, e.type});
        } else {
            out->push_back(e);
        }
        return true;
    });
    return out;
}

std::uint64_t StoredGraphBase::count_vertices() const {
    if (filter_.labels.empty()) return reader_.node_count();
    return node_ids()->size();
}

std::uint64_t StoredGraphBase::count_edges() const {
    if (filter_.labels.empty() && filter_.types.empty()) return reader_.edge_count();
    if (filter_.labels.empty()) {
        std::uint64_t n = 0;
        for (TypeId t : filter_.types)
            n += reader_.type_stats(t).edges;
        return n;
    }
    if (!edges_) {
        std::uint64_t n = 0;
        for (NodeId u : *node_ids())
            n += slice(u, Direction::Out)->size();
        edges_ = n;
    }
    return *edges_;
}

EdgeIter::EdgeIter(const StoredGraphBase& g, bool at_end) : g_(&g), nodes_(g.node_ids()) {
    if (at_end) {
        node_ = nodes_->size();
        return;
    }
    if (!nodes_->empty()) slice_ = g.slice((*nodes_)[0], Direction::Out);
    settle();
}

void EdgeIter::settle() {
    while (node_ < nodes_->size() && (!slice_ || pos_ >= slice_->size())) {
        ++node_;
        pos_ = 0;
        slice_.reset();
        if (node_ < nodes_->size()) slice_ = g_->slice((*nodes_)[node_], Direction::Out);
    }
    if (node_ == nodes_->size()) {
        slice_.reset();
        pos_ = 0;
    }
}

std::uint64_t out_degree(NodeId u, const StoredGraph& g) {
    if (g.filter().types.empty() && g.filter().labels.empty()) {
        return g.reader().degree(u, Direction::Out);
    }
    return g.slice(u, Direction::Out)->size();
}

std::uint64_t in_degree(NodeId u, const StoredGraph& g) {
    if (g.filter().types.empty() && g.filter().labels.empty()) {
        return g.reader().degree(u, Direction::In);
    }
    return g.slice(u, Direction::In)->size();
}

}  // namespace caspian::graph
