// PruningExpand (EXPLAIN: PruningVarExpand): a var-length step whose rows only matter by their end
// node (the planner proves it, plan/pruning.cpp), so it yields each end node once, found breadth
// first, instead of one row per trail. Never binds the relationship list; never used with `into`
// (issue #8).
#include "query/exec/kept_adjacency.hpp"
#include "query/exec/unary_cursor.hpp"

#include <algorithm>
#include <functional>
#include <limits>

namespace caspian::query::exec {

namespace {

// Node id -> index into the search's arrays; open addressing, id 0 marks a free slot (node ids
// start at 1). Cleared through the list of inserted ids, so a small search costs little.
class NodeIndex {
public:
    static constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();

    std::uint32_t find(NodeId node) const {
        if (keys_.empty()) return none;
        const std::uint64_t id = node.value;
        for (std::size_t i = hash(id);; i = (i + 1) & mask_) {
            if (keys_[i] == id) return values_[i];
            if (keys_[i] == 0) return none;
        }
    }

    void insert(NodeId id, std::uint32_t value) {
        if ((size_ + 1) * 2 > keys_.size()) grow();
        place(id.value, value);
        ++size_;
    }

    void clear(const std::vector<NodeId>& inserted) {
        if (inserted.size() * 4 > keys_.size()) {
            std::fill(keys_.begin(), keys_.end(), 0);
        } else {
            for (NodeId node : inserted) {
                const std::uint64_t id = node.value;
                std::size_t i = hash(id);
                while (keys_[i] != id)
                    i = (i + 1) & mask_;
                keys_[i] = 0;
            }
            // The probe for a removal stops only at the id itself, so slots emptied before
            // it on its chain do not matter.
        }
        size_ = 0;
    }

private:
    std::size_t hash(std::uint64_t id) const {
        return std::size_t((id * 0x9E3779B97F4A7C15ull) >> 17) & mask_;
    }

    void place(std::uint64_t id, std::uint32_t value) {
        std::size_t i = hash(id);
        while (keys_[i] != 0)
            i = (i + 1) & mask_;
        keys_[i] = id;
        values_[i] = value;
    }

    void grow() {
        std::vector<std::uint64_t> old_keys = std::move(keys_);
        std::vector<std::uint32_t> old_values = std::move(values_);
        // Starts at 1024 slots (12 KiB): past the doublings a 2-hop neighbourhood of a hub
        // would otherwise redo, while a small search stays cheap; the table is then reused for
        // every input row of the run.
        const std::size_t capacity = std::max<std::size_t>(1024, old_keys.size() * 2);
        keys_.assign(capacity, 0);
        values_.assign(capacity, 0);
        mask_ = capacity - 1;
        for (std::size_t i = 0; i < old_keys.size(); ++i) {
            if (old_keys[i] != 0) place(old_keys[i], old_values[i]);
        }
    }

    std::vector<std::uint64_t> keys_;
    std::vector<std::uint32_t> values_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
};

constexpr EdgeId no_edge{0};  // edge ids start at 1

class PruningVarExpandCursor : public UnaryCursor {
public:
    PruningVarExpandCursor(const plan::PlanNode& node, ExecContext& ctx)
        : UnaryCursor(node, ctx), step_(node.as<plan::VarExpandArgs>()) {}

    void open(const Row& seed) override {
        child_->open(seed);
        ends_.clear();
        pos_ = 0;
        types_.clear();
        for (const auto& name : step_.types) {
            if (auto id = ctx_.find<graph::NameKind::Type>(name)) types_.push_back(*id);
        }
        std::sort(types_.begin(), types_.end());
        types_.erase(std::unique(types_.begin(), types_.end()), types_.end());
        no_types_match_ = !step_.types.empty() && types_.empty();
    }

    bool next(Row& row) override {
        while (pos_ == ends_.size()) {
            if (!child_->next(in_)) return false;
            ctx_.check_cancel();
            ends_.clear();
            pos_ = 0;
            const Value& from = in_[step_.from_slot];
            if (from.kind() != ValueKind::Node) continue;
            search(from.as_node().id);
        }
        row = in_;
        row[step_.to_slot] = ctx_.node_ref(ends_[pos_++]);
        return true;
    }

private:
    // The edge ids bound in the relationship slots of the same MATCH: trails never use them,
    // so neither does the search.
    void collect_excluded() {
        excluded_.clear();
        for (int slot : step_.exclude_rel_slots) {
            const Value& v = in_[slot];
            if (v.kind() == ValueKind::Edge) excluded_.push_back(v.as_edge().id);
            if (v.kind() != ValueKind::List) continue;
            for (const Value& item : v.as_list()) {
                if (item.kind() == ValueKind::Edge) excluded_.push_back(item.as_edge().id);
            }
        }
    }

    bool is_excluded(EdgeId edge) const {
        return !excluded_.empty() &&
               std::find(excluded_.begin(), excluded_.end(), edge) != excluded_.end();
    }

    // Fills ends_ with every node at the end of a trail (no edge twice) of min..max edges
    // from s. For min <= 1 a node other than s ends such a trail iff its BFS distance is at
    // most max (a shortest walk is a simple path, hence a trail); s itself at min 0, or at
    // min 1 iff a closed trail of at most max edges passes through it, whose shortest is the
    // shortest cycle through s:
    // - directed: min over the edges x -> s met by the search of d(x) + 1;
    // - undirected: min over the non-tree edges (x, y) whose endpoints lie in different
    //   branches of the BFS tree (s being its own branch) of d(x) + d(y) + 1; a self-loop at s
    //   counts 1, an edge parallel to s's tree edge 2.
    void search(NodeId s) {
        const std::int64_t min = step_.min_hops;
        // < 0: unbounded. No stored type of the pattern leaves only the zero-length trail.
        const std::int64_t max = no_types_match_ ? 0 : step_.max_hops;
        if (max >= 0 && max < min) return;
        if (!ctx_.node_exists(s)) return;
        collect_excluded();
        const bool undirected = step_.direction == Direction::Both;
        index_.clear(nodes_);
        nodes_.clear();
        depth_.clear();
        branch_.clear();
        parent_edge_.clear();
        auto discover = [&](NodeId id, std::int64_t depth, std::uint32_t branch, EdgeId edge) {
            const auto index = std::uint32_t(nodes_.size());
            index_.insert(id, index);
            nodes_.push_back(id);
            depth_.push_back(depth);
            branch_.push_back(branch);
            parent_edge_.push_back(edge);
            return index;
        };
        discover(s, 0, 0, no_edge);
        std::int64_t cycle = std::numeric_limits<std::int64_t>::max();
        std::uint64_t polled = 0;
        std::uint32_t u = 0;  // the node being expanded: index, depth, id
        std::int64_t d = 0;
        NodeId at = s;
        auto step = [&](EdgeId edge, NodeId v) {
            if ((++polled & 1023) == 0) ctx_.check_cancel();
            if (is_excluded(edge)) return true;
            const std::uint32_t j = index_.find(v);
            if (j == NodeIndex::none) {
                // s's children start their own branch; deeper nodes inherit theirs.
                const auto next = std::uint32_t(nodes_.size());
                discover(v, d + 1, u == 0 ? next : branch_[u], edge);
                return true;
            }
            if (min != 1) return true;  // the shortest cycle matters only at min 1
            if (!undirected) {
                if (j == 0) cycle = std::min(cycle, d + 1);
                return true;
            }
            if (j == u) {
                if (u == 0) cycle = 1;  // a self-loop at s; elsewhere no cycle through s
                return true;
            }
            if (edge == parent_edge_[u] || edge == parent_edge_[j]) return true;
            if (branch_[u] != branch_[j]) cycle = std::min(cycle, d + depth_[j] + 1);
            return true;
        };
        // Built once per search: a std::function per node would allocate per node.
        const std::function<bool(const graph::AdjEntry&)> out_visit =
            [&](const graph::AdjEntry& a) { return step(a.edge, a.neighbour); };
        const std::function<bool(const graph::AdjEntry&)> in_visit = [&](const graph::AdjEntry& a) {
            // An undirected step meets a self-loop among the out-edges already.
            if (undirected && a.neighbour == at) return true;
            return step(a.edge, a.neighbour);
        };
        graph::AdjacencyReader& adjacency = adjacency_.get(ctx_);
        for (std::size_t head = 0; head < nodes_.size(); ++head) {
            u = std::uint32_t(head);
            d = depth_[head];
            at = nodes_[head];
            if (max >= 0 && d >= max) break;  // BFS order: every later node is as deep
            for (caspian::Direction side : {caspian::Direction::Out, caspian::Direction::In}) {
                if (side == caspian::Direction::Out && step_.direction == Direction::Left) continue;
                if (side == caspian::Direction::In && step_.direction == Direction::Right) continue;
                const auto& visit = side == caspian::Direction::Out ? out_visit : in_visit;
                if (types_.empty()) {
                    adjacency.visit(at, side, std::nullopt, visit);
                } else {
                    for (graph::TypeId type : types_)
                        adjacency.visit(at, side, type, visit);
                }
            }
        }
        const bool start_ends = min == 0 || (cycle != std::numeric_limits<std::int64_t>::max() &&
                                             (max < 0 || cycle <= max));
        if (start_ends) ends_.push_back(s);
        ends_.insert(ends_.end(), nodes_.begin() + 1, nodes_.end());
    }

    const plan::VarExpandArgs& step_;
    Row in_;
    std::vector<NodeId> ends_;
    std::size_t pos_ = 0;
    std::vector<graph::TypeId> types_;
    bool no_types_match_ = false;
    std::vector<EdgeId> excluded_;
    // The search, reused from row to row: per discovered node (in BFS order) its id, depth,
    // branch (index of the child of s it descends from; 0 for s) and tree edge.
    NodeIndex index_;
    std::vector<NodeId> nodes_;
    std::vector<std::int64_t> depth_;
    std::vector<std::uint32_t> branch_;
    std::vector<EdgeId> parent_edge_;
    KeptAdjacency adjacency_;
};

}  // namespace

CursorPtr make_pruning_var_expand(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<PruningVarExpandCursor>(node, ctx);
}

}  // namespace caspian::query::exec
