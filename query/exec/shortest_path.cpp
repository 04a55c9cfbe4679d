// ShortestPath: for each input row, the shortest path (or all shortest paths) between two bound
// nodes, found by the graph layer's breadth-first search (graph/traversal.hpp).
#include "graph/traversal.hpp"
#include "query/exec/unary_cursor.hpp"

#include <algorithm>

namespace caspian::query::exec {

namespace {
class ShortestPathCursor : public UnaryCursor {
public:
    ShortestPathCursor(const plan::PlanNode& node, ExecContext& ctx)
        : UnaryCursor(node, ctx), path_(node.as<plan::ShortestPathArgs>()) {}

    void open(const Row& seed) override {
        child_->open(seed);
        paths_.clear();
        pos_ = 0;
        types_.clear();
        for (const auto& name : path_.types) {
            if (auto id = ctx_.find<graph::NameKind::Type>(name)) types_.push_back(*id);
        }
        // Named types of which none is stored match nothing (an empty list would mean all).
        no_match_ = !path_.types.empty() && types_.empty();
    }

    bool next(Row& row) override {
        while (pos_ == paths_.size()) {
            if (!child_->next(in_)) return false;
            paths_.clear();
            pos_ = 0;
            const Value& from = in_[path_.from_slot];
            const Value& to = in_[path_.to_slot];
            if (no_match_ || from.kind() != ValueKind::Node || to.kind() != ValueKind::Node) {
                continue;
            }
            const caspian::Direction dir =
                path_.direction == Direction::Right  ? caspian::Direction::Out
                : path_.direction == Direction::Left ? caspian::Direction::In
                                                     : caspian::Direction::Both;
            paths_ = graph::shortest_paths(ctx_.reader(), from.as_node().id, to.as_node().id, dir,
                                           types_, path_.min_hops, path_.max_hops, path_.all,
                                           ctx_.interrupt());
        }
        const graph::PathResult& path = paths_[pos_++];
        List edges;
        for (const graph::EdgeRef& e : path.edges) {
            edges.push_back(ctx_.edge_ref(e.id, e.type, e.src, e.dst));
        }
        row = in_;
        row[path_.rel_slot] = Value(std::move(edges));
        return true;
    }

private:
    const plan::ShortestPathArgs& path_;
    Row in_;
    std::vector<graph::PathResult> paths_;
    std::size_t pos_ = 0;
    std::vector<graph::TypeId> types_;
    bool no_match_ = false;
};
}  // namespace

CursorPtr make_shortest_path(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<ShortestPathCursor>(node, ctx);
}

}  // namespace caspian::query::exec
