// The factorised count of distinct end nodes (issue #20, W4): an Aggregate of count(DISTINCT m)
// over a PruningExpand from the one row of a KeyLookup becomes an EndCount, which counts the
// nodes its search reaches and builds no row per end node. Optimisation only.
#include "query/optimizer/optimizer.hpp"
#include "query/optimizer/rewrite_children.hpp"

namespace caspian::query::optimizer {

using plan::AggregateArgs;
using plan::Aggregation;
using plan::EndCountArgs;
using plan::Expr;
using plan::FilterArgs;
using plan::Kind;
using plan::PlanNode;
using plan::PlanPtr;
using plan::VarExpandArgs;

namespace {

// Whether e is `a <> b` between the two slots, in either order.
bool differs(const Expr& e, int a, int b) {
    if (plan::binary_compare_op(e) != CompareOp::Ne) return false;
    const int l = plan::slot_of(e.args[0]), r = plan::slot_of(e.args[1]);
    return (l == a && r == b) || (l == b && r == a);
}

// The EndCount standing for agg (an Aggregate), or null when agg does not have the shape.
PlanPtr end_count(const PlanNode& agg) {
    const AggregateArgs& a = agg.as<AggregateArgs>();
    if (!a.keys.empty() || a.aggregations.empty()) return nullptr;
    if (!a.carry_all && !a.carry_slots.empty()) return nullptr;
    const PlanNode* n = agg.children[0].get();
    const PlanNode* filter = nullptr;
    if (n->kind == Kind::Filter) {
        filter = n;
        n = n->children[0].get();
    }
    if (n->kind != Kind::PruningExpand) return nullptr;
    const VarExpandArgs& step = n->as<VarExpandArgs>();
    // The search stands for the expansion only without edges to leave out, and the start's own
    // membership (a closed trail through it at min 1) is left to PruningExpand.
    if (!step.exclude_rel_slots.empty() || step.from_slot == step.to_slot) return nullptr;
    if (filter != nullptr &&
        !differs(filter->as<FilterArgs>().predicate, step.from_slot, step.to_slot)) {
        return nullptr;
    }
    if (filter == nullptr && step.min_hops != 0) return nullptr;
    // prune_var_expands marks these where its input has at most one row (a KeyLookup); a Filter
    // passing each end once marks them too, but the ends of several starts may repeat.
    const PlanNode& input = *n->children[0];
    if (input.kind != Kind::KeyLookup || !input.children.empty()) return nullptr;
    EndCountArgs out{step, {}, filter != nullptr};
    for (const Aggregation& x : a.aggregations) {
        if (x.function != "count" || !x.distinct || !x.distinct_input || x.star) return nullptr;
        if (plan::slot_of(x.arg) != step.to_slot || !x.extra_args.empty()) return nullptr;
        out.slots.push_back(x.slot);
    }
    auto node = std::make_shared<PlanNode>();
    node->kind = Kind::EndCount;
    node->span = agg.span;
    node->children = n->children;
    node->args = std::move(out);
    return node;
}

}  // namespace

PlanPtr count_distinct_ends(const PlanPtr& root) {
    if (!root) return root;
    const PlanPtr node = rewrite_children(root, count_distinct_ends);
    if (node->kind != Kind::Aggregate) return node;
    PlanPtr counted = end_count(*node);
    return counted ? counted : node;
}

}  // namespace caspian::query::optimizer
