// EndCount (EXPLAIN: DistinctEndCount, issue #20): the number of distinct end nodes of a
// var-length expansion from the start in its input's row, by a breadth-first search over node
// ids with a visited set, building no rows and reading no properties (optimizer/
// count_distinct_ends.cpp proves it stands for the Aggregate it replaces).
#include "query/exec/kept_adjacency.hpp"
#include "query/exec/unary_cursor.hpp"

#include <algorithm>
#include <functional>
#include <unordered_set>

namespace caspian::query::exec {

namespace {

// Node ids seen by one search: a bitmap over the small ids (dense from 1 in practice), a hash
// set past it, so a few huge ids cannot make the bitmap huge. Cleared through the list of
// inserted ids, so a small search costs little.
class VisitedSet {
public:
    bool insert(NodeId node) {
        const std::uint64_t id = node.value;
        if (id >= bitmap_limit) return far_.insert(id).second;
        const std::size_t word = std::size_t(id >> 6);
        if (word >= bits_.size()) bits_.resize(std::max(word + 1, bits_.size() * 2), 0);
        const std::uint64_t bit = std::uint64_t{1} << (id & 63);
        if ((bits_[word] & bit) != 0) return false;
        bits_[word] |= bit;
        near_.push_back(id);
        return true;
    }

    void clear() {
        for (std::uint64_t id : near_)
            bits_[std::size_t(id >> 6)] = 0;
        near_.clear();
        far_.clear();
    }

private:
    static constexpr std::uint64_t bitmap_limit = std::uint64_t{1} << 28;  // 32 MiB of bits
    std::vector<std::uint64_t> bits_;
    std::vector<std::uint64_t> near_;
    std::unordered_set<std::uint64_t> far_;
};

class EndCountCursor : public UnaryCursor {
public:
    EndCountCursor(const plan::PlanNode& node, ExecContext& ctx)
        : UnaryCursor(node, ctx), args_(node.as<plan::EndCountArgs>()) {}

    void open(const Row& seed) override {
        child_->open(seed);
        seed_ = seed;
        done_ = false;
        types_.clear();
        for (const auto& name : args_.step.types) {
            if (auto id = ctx_.find<graph::NameKind::Type>(name)) types_.push_back(*id);
        }
        std::sort(types_.begin(), types_.end());
        types_.erase(std::unique(types_.begin(), types_.end()), types_.end());
        no_types_match_ = !args_.step.types.empty() && types_.empty();
    }

    // One row: the input's row when some end node was counted (as the Aggregate keeps its
    // first input row), else the seed, with the count in every slot.
    bool next(Row& row) override {
        if (done_) return false;
        done_ = true;
        std::int64_t total = 0;
        Row in;
        bool counted = false;
        while (child_->next(in)) {
            ctx_.check_cancel();
            const Value& from = in[args_.step.from_slot];
            if (from.kind() != ValueKind::Node) continue;
            const std::int64_t n = count(from.as_node().id);
            if (n > 0 && !counted) {
                row = in;
                counted = true;
            }
            total += n;
        }
        if (!counted) row = seed_;
        for (int slot : args_.slots)
            row[std::size_t(slot)] = Value(total);
        return true;
    }

private:
    // The nodes at distance 1..max (0..max at min 0) from s, s itself only at min 0 without
    // exclude_start.
    std::int64_t count(NodeId s) {
        if (!ctx_.node_exists(s)) return 0;
        const plan::VarExpandArgs& step = args_.step;
        const bool start_counts = step.min_hops == 0 && !args_.exclude_start;
        const std::int64_t max = no_types_match_ ? 0 : step.max_hops;  // < 0: unbounded
        visited_.clear();
        visited_.insert(s);
        frontier_.assign(1, s);
        std::int64_t found = 0;
        std::uint64_t polled = 0;
        const std::function<bool(const graph::AdjEntry&)> visit = [&](const graph::AdjEntry& a) {
            if ((++polled & 1023) == 0) ctx_.check_cancel();
            if (visited_.insert(a.neighbour)) next_.push_back(a.neighbour);
            return true;
        };
        graph::AdjacencyReader& adjacency = adjacency_.get(ctx_);
        for (std::int64_t depth = 0; !frontier_.empty() && (max < 0 || depth < max); ++depth) {
            next_.clear();
            for (NodeId at : frontier_) {
                for (caspian::Direction side : {caspian::Direction::Out, caspian::Direction::In}) {
                    if (side == caspian::Direction::Out && step.direction == Direction::Left)
                        continue;
                    if (side == caspian::Direction::In && step.direction == Direction::Right)
                        continue;
                    if (types_.empty()) {
                        adjacency.visit(at, side, std::nullopt, visit);
                    } else {
                        for (graph::TypeId type : types_)
                            adjacency.visit(at, side, type, visit);
                    }
                }
            }
            found += std::int64_t(next_.size());
            std::swap(frontier_, next_);
        }
        return found + (start_counts ? 1 : 0);
    }

    const plan::EndCountArgs& args_;
    Row seed_;
    bool done_ = false;
    std::vector<graph::TypeId> types_;
    bool no_types_match_ = false;
    // The search, reused from row to row.
    VisitedSet visited_;
    std::vector<NodeId> frontier_, next_;
    KeptAdjacency adjacency_;
};

}  // namespace

CursorPtr make_end_count(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<EndCountCursor>(node, ctx);
}

}  // namespace caspian::query::exec
