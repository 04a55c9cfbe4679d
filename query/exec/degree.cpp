// Degree and CountStore (issue #8): counts that the planner's count rewrites read from the
// adjacency's duplicate counts and from the stored statistics instead of enumerating edges or
// nodes. Each must count exactly the rows the Expand or scan it replaces would yield.
#include "query/exec/kept_adjacency.hpp"
#include "query/exec/unary_cursor.hpp"

#include <algorithm>

namespace caspian::query::exec {

namespace {

std::vector<graph::TypeId> type_ids(ExecContext& ctx, const std::vector<std::string>& names) {
    std::vector<graph::TypeId> ids;
    for (const auto& name : names) {
        if (auto id = ctx.find<graph::NameKind::Type>(name)) ids.push_back(*id);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

// Expand yields every out-edge (Right, Both) and every in-edge (Left, Both) of the types, and
// an undirected pattern meets a self-loop once: out + in - self-loops.
class DegreeCursor : public UnaryCursor {
public:
    DegreeCursor(const plan::PlanNode& node, ExecContext& ctx)
        : UnaryCursor(node, ctx), degree_(node.as<plan::DegreeArgs>()) {}

    void open(const Row& seed) override {
        types_ = type_ids(ctx_, degree_.types);
        no_types_match_ = !degree_.types.empty() && types_.empty();
        walk_ = walks_adjacency();
        if (walk_) {
            seed_ = seed;
            next_from_ = NodeId{0};
            return;
        }
        child_->open(seed);
    }

    bool next(Row& row) override {
        if (walk_) return next_from_adjacency(row);
        while (child_->next(row)) {
            ctx_.check_cancel();
            const Value& from = row[degree_.from_slot];
            if (from.kind() != ValueKind::Node || no_types_match_) continue;
            const std::uint64_t d = degree(from.as_node().id);
            if (d == 0) continue;
            row[degree_.count_slot] = Value(std::int64_t(d));
            return true;
        }
        return false;
    }

private:
    // Optimisation only: below is a scan of the nodes with edges (ScanArgs::with_edges), which
    // reads the adjacency keys that this operator's kept reader is about to read anyway; in a
    // read transaction, the reader takes each next node from where its cursors stopped instead.
    // The rows are the scan's (seed, the node), in its order. Not under PROFILE, which counts
    // the scan's rows, nor in a worker's morsel.
    bool walks_adjacency() const {
        const plan::PlanNode& below = *node_.children[0];
        return below.kind == plan::Kind::AllNodesScan && below.as<plan::ScanArgs>().with_edges &&
               below.as<plan::ScanArgs>().slot == degree_.from_slot && ctx_.keeps_records() &&
               ctx_.profile == nullptr && ctx_.morsel_scan != &below;
    }

    bool next_from_adjacency(Row& row) {
        if (no_types_match_) return false;
        const auto dir = adjacency_direction(*node_.children[0]->as<plan::ScanArgs>().with_edges);
        for (;;) {
            ctx_.check_cancel();
            const std::optional<NodeId> id = adjacency_.get(ctx_).next_node(next_from_, dir);
            if (!id) return false;
            next_from_ = NodeId{id->value + 1};
            const std::uint64_t d = degree(*id);
            if (d == 0) continue;
            row = seed_;
            row[degree_.from_slot] = ctx_.node_ref(*id);
            row[degree_.count_slot] = Value(std::int64_t(d));
            return true;
        }
    }

    std::uint64_t degree(NodeId id) {
        graph::AdjacencyReader& g = adjacency_.get(ctx_);
        auto per_type = [&](auto&& count) {
            if (degree_.types.empty()) return count(std::optional<graph::TypeId>());
            std::uint64_t n = 0;
            for (graph::TypeId t : types_)
                n += count(std::optional<graph::TypeId>(t));
            return n;
        };
        std::uint64_t out = 0, in = 0;
        if (degree_.direction != Direction::Left) {
            out = per_type([&](auto t) { return g.degree(id, caspian::Direction::Out, t); });
        }
        if (degree_.direction != Direction::Right) {
            in = per_type([&](auto t) { return g.degree(id, caspian::Direction::In, t); });
        }
        // Optimisation only: a self-loop is an out- and an in-entry, so a node without either
        // has none, and its chunk need not be decoded to count them.
        if (degree_.direction == Direction::Both && out != 0 && in != 0) {
            return out + in - per_type([&](auto t) { return g.self_loops(id, t); });
        }
        return out + in;
    }

    const plan::DegreeArgs& degree_;
    std::vector<graph::TypeId> types_;
    bool no_types_match_ = false;
    KeptAdjacency adjacency_;
    bool walk_ = false;  // walks_adjacency() at open
    Row seed_;
    NodeId next_from_{0};
};

// One row per seed with the count in each of slots; per type (slot >= 0 holds the type's
// name) one row for each type with at least one edge, as grouping the edges would give.
class CountStoreCursor : public Cursor {
public:
    CountStoreCursor(const plan::PlanNode& node, ExecContext& ctx)
        : store_(node.as<plan::CountStoreArgs>()), ctx_(ctx) {}

    void open(const Row& seed) override {
        rows_.clear();
        pos_ = 0;
        const graph::GraphReader& g = ctx_.reader();
        if (!store_.edges) {
            std::uint64_t n = 0;
            if (store_.label.empty()) {
                n = g.node_count();
            } else if (auto id = ctx_.find<graph::NameKind::Label>(store_.label)) {
                n = g.label_count(*id);
            }
            add(seed, n, nullptr);
            return;
        }
        std::vector<std::pair<graph::TypeId, std::string>> types;
        if (store_.types.empty()) {
            types = g.names<graph::NameKind::Type>();
        } else {
            for (graph::TypeId id : type_ids(ctx_, store_.types))
                types.emplace_back(id, ctx_.name(id));
        }
        std::uint64_t total = 0;
        for (const auto& [id, name] : types) {
            const std::uint64_t n = g.type_stats(id).edges;
            total += n;
            if (store_.type_slot >= 0 && n != 0) add(seed, n, &name);
        }
        if (store_.type_slot < 0) add(seed, total, nullptr);
    }

    bool next(Row& row) override {
        if (pos_ == rows_.size()) return false;
        row = std::move(rows_[pos_++]);
        return true;
    }

private:
    void add(const Row& seed, std::uint64_t n, const std::string* type) {
        Row row = seed;
        for (int s : store_.count_slots)
            row[s] = Value(std::int64_t(n));
        if (type != nullptr) row[store_.type_slot] = Value(*type);
        rows_.push_back(std::move(row));
    }

    const plan::CountStoreArgs& store_;
    ExecContext& ctx_;
    std::vector<Row> rows_;
    std::size_t pos_ = 0;
};

}  // namespace

CursorPtr make_degree(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<DegreeCursor>(node, ctx);
}

CursorPtr make_count_store(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<CountStoreCursor>(node, ctx);
}

}  // namespace caspian::query::exec
