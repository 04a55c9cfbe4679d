// Expand: from a bound node along its adjacency (one cursor range per edge type), binding the
// edge and the node at the other end, or, with `into`, checking that it is the bound one.
// VarExpand: paths of min..max hops in which no edge repeats (openCypher's uniqueness rule).
#include "graph/traversal.hpp"
#include "query/exec/unary_cursor.hpp"

#include <algorithm>

namespace caspian::query::exec {

namespace {

struct Step {
    EdgeId edge;
    graph::TypeId type;
    NodeId src;
    NodeId dst;
    NodeId neighbour;
};

// Whether edge id is bound in one of the slots (an edge, or a list of edges of a var-length
// relationship) of relationships matched earlier in the same MATCH.
bool is_excluded(const Row& row, const std::vector<int>& slots, EdgeId edge) {
    for (int slot : slots) {
        const Value& v = row[slot];
        if (v.kind() == ValueKind::Edge && v.as_edge().id == edge) return true;
        if (v.kind() == ValueKind::List) {
            for (const Value& item : v.as_list()) {
                if (item.kind() == ValueKind::Edge && item.as_edge().id == edge) return true;
            }
        }
    }
    return false;
}

// The edges of node along the pattern's direction and types.
void collect_steps(ExecContext& ctx, const plan::ExpandArgs& step,
                   const std::vector<graph::TypeId>& types, NodeId from, std::vector<Step>& out) {
    const bool any_type = step.types.empty();
    auto scan = [&](caspian::Direction dir, std::optional<graph::TypeId> type) {
        ctx.reader().adjacency(from, dir, type, [&](const graph::AdjEntry& e) {
            // An undirected pattern meets a self-loop twice: keep it once.
            if (dir == caspian::Direction::In && step.direction == Direction::Both &&
                e.neighbour == from) {
                return true;
            }
            const bool outgoing = dir == caspian::Direction::Out;
            out.push_back({e.edge, e.type, outgoing ? from : e.neighbour,
                           outgoing ? e.neighbour : from, e.neighbour});
            return true;
        });
    };
    for (caspian::Direction dir : {caspian::Direction::Out, caspian::Direction::In}) {
        if (dir == caspian::Direction::Out && step.direction == Direction::Left) continue;
        if (dir == caspian::Direction::In && step.direction == Direction::Right) continue;
        if (any_type) {
            scan(dir, std::nullopt);
        } else {
            for (graph::TypeId type : types)
                scan(dir, type);
        }
    }
}

std::vector<graph::TypeId> resolve_types(ExecContext& ctx, const std::vector<std::string>& names) {
    std::vector<graph::TypeId> ids;
    for (const auto& name : names) {
        if (auto id = ctx.find<graph::NameKind::Type>(name)) ids.push_back(*id);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

class ExpandCursor : public UnaryCursor {
public:
    ExpandCursor(const plan::PlanNode& node, ExecContext& ctx)
        : UnaryCursor(node, ctx), step_(node.as<plan::ExpandArgs>()) {}

    void open(const Row& seed) override {
        child_->open(seed);
        steps_.clear();
        pos_ = 0;
        types_ = resolve_types(ctx_, step_.types);
        no_types_match_ = !step_.types.empty() && types_.empty();
        edge_filter_ = RecordFilter();  // a Filter above offers its own after each open
        skipped_ = nullptr;
    }

    bool next(Row& row) override {
        for (;;) {
            while (pos_ < steps_.size()) {
                const Step& s = steps_[pos_++];
                if (skipped_ != nullptr && is_skipped(s)) continue;
                if (is_excluded(in_, step_.exclude_rel_slots, s.edge)) continue;
                if (step_.into) {
                    const Value& to = in_[step_.to_slot];
                    if (to.kind() != ValueKind::Node || to.as_node().id != s.neighbour) {
                        continue;
                    }
                }
                // Edges the Filter above would drop build no row (issue #20, W5).
                if (!edge_filter_.empty() && !edge_may_pass(s.edge)) continue;
                fill(row, s);
                return true;
            }
            if (!child_->next(in_)) return false;
            ctx_.check_cancel();
            steps_.clear();
            pos_ = 0;
            const Value& from = in_[step_.from_slot];
            if (from.kind() != ValueKind::Node || no_types_match_) continue;
            collect_steps(ctx_, step_, types_, from.as_node().id, steps_);
        }
    }

    bool take_record_filter(int slot, RecordFilter filter) override {
        // Only where the records stay put (a read-only statement) and the edge is bound.
        if (!ctx_.keeps_records() || step_.rel_slot < 0 || slot != step_.rel_slot) return false;
        edge_filter_ = std::move(filter);
        return true;
    }

    bool take_skipped_nodes(int slot, const IdSet& nodes) override {
        if (slot == step_.from_slot) {
            skips_from_ = true;
        } else if (!step_.into && slot == step_.to_slot) {
            skips_from_ = false;
        } else {
            return false;
        }
        skipped_ = &nodes;
        return true;
    }

private:
    // The set grows while the node's edges are walked: W5's semi-join passes a person at its
    // first matching visit, and the person's other visits make no rows.
    bool is_skipped(const Step& s) const {
        if (!skips_from_) return skipped_->contains(s.neighbour.value);
        const Value& from = in_[step_.from_slot];
        return from.kind() == ValueKind::Node && skipped_->contains(from.as_node().id.value);
    }

    bool edge_may_pass(EdgeId edge) const {
        const auto record = ctx_.reader().edge_bytes(edge);
        return !record || edge_filter_.edge_may_pass(*record);  // a missing one: the Filter's
    }

    // row = in_, then the step's edge and node in their slots, as references. Copy-assigning
    // onto the previous output row reuses the buffers of values of the same shape, and the
    // edge's type name is looked up once per run of one type, so a step allocates nothing for
    // type names of up to 15 bytes (issue #8).
    void fill(Row& row, const Step& s) {
        row = in_;
        if (step_.rel_slot >= 0) {
            // Braces, not emplace's parentheses: clang 14 has no parenthesised aggregate init.
            row[step_.rel_slot].data.emplace<Edge>(
                Edge{s.edge, type_name(s.type), s.src, s.dst, Properties{}});
        }
        if (!step_.into) row[step_.to_slot] = ctx_.node_ref(s.neighbour);
    }

    // The dictionary's name of an edge type, looked up once per run of equal types (the steps
    // of one type are adjacent). ExecContext keeps the names it returns at fixed addresses.
    const std::string& type_name(graph::TypeId type) {
        if (type_name_ == nullptr || type != type_) {
            type_name_ = &ctx_.name(type);
            type_ = type;
        }
        return *type_name_;
    }

    const plan::ExpandArgs& step_;
    Row in_;
    std::vector<Step> steps_;
    std::size_t pos_ = 0;
    std::vector<graph::TypeId> types_;
    bool no_types_match_ = false;
    graph::TypeId type_;
    const std::string* type_name_ = nullptr;
    RecordFilter edge_filter_;
    // The nodes whose rows the operator above drops (issue #20, W5 and W5b), at the from end
    // or the to end.
    const IdSet* skipped_ = nullptr;
    bool skips_from_ = false;
};

// Depth-first enumeration of the paths of each input row; memory grows with the depth and the
// results of one input row.
class VarExpandCursor : public UnaryCursor {
public:
    VarExpandCursor(const plan::PlanNode& node, ExecContext& ctx)
        : UnaryCursor(node, ctx), step_(node.as<plan::VarExpandArgs>()), hold_(ctx) {}

    void open(const Row& seed) override {
        child_->open(seed);
        results_.clear();
        hold_.reset();
        pos_ = 0;
        types_ = resolve_types(ctx_, step_.types);
        no_types_match_ = !step_.types.empty() && types_.empty();
    }

    bool next(Row& row) override {
        while (pos_ == results_.size()) {
            if (!child_->next(in_)) return false;
            ctx_.check_cancel();
            results_.clear();
            hold_.reset();
            pos_ = 0;
            const Value& from = in_[step_.from_slot];
            if (from.kind() != ValueKind::Node) continue;
            walk(from.as_node().id);
        }
        row = in_;
        auto& [edges, end] = results_[pos_++];
        row[step_.rel_slot] = std::move(edges);
        if (!step_.into) row[step_.to_slot] = ctx_.node_ref(end);
        return true;
    }

private:
    // The graph layer enumerates the paths (no edge twice on a path); this keeps the ones
    // that respect the MATCH's other relationships and, with `into`, end at the bound node.
    void walk(NodeId from) {
        const caspian::Direction dir = step_.direction == Direction::Right ? caspian::Direction::Out
                                       : step_.direction == Direction::Left
                                           ? caspian::Direction::In
                                           : caspian::Direction::Both;
        // No stored type of the pattern: only the zero-length path can match (an empty type
        // list would mean any type).
        const std::int64_t max_hops = no_types_match_ ? 0 : step_.max_hops;
        graph::expand_paths(
            ctx_.reader(), from, dir, types_, step_.min_hops, max_hops,
            [&](const graph::PathResult& path) {
                for (const graph::EdgeRef& e : path.edges) {
                    if (is_excluded(in_, step_.exclude_rel_slots, e.id)) return true;
                }
                const NodeId end = path.nodes.back();
                if (step_.into) {
                    const Value& to = in_[step_.to_slot];
                    if (to.kind() != ValueKind::Node || to.as_node().id != end) return true;
                }
                List edges;
                edges.reserve(path.edges.size());
                for (const graph::EdgeRef& e : path.edges) {
                    edges.push_back(ctx_.edge_ref(e.id, e.type, e.src, e.dst));
                }
                Value walked(std::move(edges));
                hold_.add(1, value_bytes(walked));
                results_.emplace_back(std::move(walked), end);
                return true;
            },
            ctx_.interrupt());
    }

    const plan::VarExpandArgs& step_;
    Row in_;
    std::vector<std::pair<Value, NodeId>> results_;
    std::size_t pos_ = 0;
    std::vector<graph::TypeId> types_;
    bool no_types_match_ = false;
    RowHold hold_;
};

}  // namespace

CursorPtr make_expand(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<ExpandCursor>(node, ctx);
}

CursorPtr make_var_expand(const plan::PlanNode& node, ExecContext& ctx) {
    return std::make_unique<VarExpandCursor>(node, ctx);
}

}  // namespace caspian::query::exec
