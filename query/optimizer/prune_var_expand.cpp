// The pruning var-length expand rewrite (issue #8): finds VarExpands whose rows matter only by
// their distinct end nodes and swaps in a PruningExpand (exec/pruning_expand.cpp). Optimisation
// only: every rewritten plan returns the rows of the plain one (row order aside).
#include "query/optimizer/optimizer.hpp"
#include "query/optimizer/rewrite_children.hpp"

namespace caspian::query::optimizer {

using plan::AggregateArgs;
using plan::Aggregation;
using plan::DistinctArgs;
using plan::Expr;
using plan::FilterArgs;
using plan::Kind;
using plan::Op;
using plan::PlanNode;
using plan::PlanPtr;
using plan::ProjectArgs;
using plan::VarExpandArgs;

namespace {

// Whether e reads slot (a comprehension's own variable that shadows it aside, which the planner
// never produces for a hidden relationship slot) or holds a subquery, which could read any slot.
bool reads(const Expr& e, int slot) {
    if (e.has_subplan()) return true;
    if (plan::slot_of(e) == slot) return true;
    if (e.op == Op::Map && e.as<plan::MapExpr>().subject_slot == slot) return true;
    for (const Expr& a : e.args) {
        if (reads(a, slot)) return true;
    }
    return false;
}

// Whether the operator between the duplicate-insensitive one and the VarExpand keeps the rows'
// meaning a function of the VarExpand's input row and end node: a Filter or a Project that
// does not read the relationship list.
bool passes(const PlanNode& n, int rel_slot) {
    if (n.kind == Kind::Filter) return !reads(n.as<FilterArgs>().predicate, rel_slot);
    if (n.kind != Kind::Project) return false;
    const ProjectArgs& project = n.as<ProjectArgs>();
    for (int slot : project.slots) {
        if (slot == rel_slot) return false;
    }
    for (const Expr& e : project.exprs) {
        if (reads(e, rel_slot)) return false;
    }
    return true;
}

// Whether the operator's output depends only on the set (not the number) of its input rows'
// values, and not on rel_slot: Distinct, or Aggregate with DISTINCT aggregates only.
bool set_only(const PlanNode& n, int rel_slot) {
    if (n.kind == Kind::Distinct) {
        for (int slot : n.as<DistinctArgs>().slots) {
            if (slot == rel_slot) return false;
        }
        return true;
    }
    if (n.kind != Kind::Aggregate) return false;
    const AggregateArgs& agg = n.as<AggregateArgs>();
    if (agg.aggregations.empty()) return false;
    for (const Expr& e : agg.keys) {
        if (reads(e, rel_slot)) return false;
    }
    for (const Aggregation& a : agg.aggregations) {
        if (!a.distinct || a.star || reads(a.arg, rel_slot)) return false;
        for (const Expr& e : a.extra_args) {
            if (reads(e, rel_slot)) return false;
        }
    }
    return true;
}

// The chain below `top` (its first child, then first children through Filters and Projects)
// rebuilt with the VarExpand at its end made pruning; null when the chain does not qualify.
PlanPtr pruned_chain(const PlanNode& top) {
    std::vector<const PlanNode*> chain;
    const PlanNode* n = top.children.empty() ? nullptr : top.children[0].get();
    while (n != nullptr && (n->kind == Kind::Filter || n->kind == Kind::Project)) {
        chain.push_back(n);
        n = n->children.empty() ? nullptr : n->children[0].get();
    }
    if (n == nullptr || n->kind != Kind::VarExpand) return nullptr;
    const VarExpandArgs& step = n->as<VarExpandArgs>();
    if (step.into || step.min_hops > 1 || step.min_hops < 0) return nullptr;
    const int rel_slot = step.rel_slot;
    if (!set_only(top, rel_slot)) return nullptr;
    for (const PlanNode* c : chain) {
        if (!passes(*c, rel_slot)) return nullptr;
    }
    auto pruned = std::make_shared<PlanNode>(*n);
    pruned->kind = Kind::PruningExpand;
    PlanPtr out = pruned;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        auto copy = std::make_shared<PlanNode>(**it);
        copy->children[0] = out;
        out = copy;
    }
    return out;
}

// Whether n yields at most one row each time it is opened: a KeyLookup leaf (the key index is
// unique; it looks up the key of the one seed row it is opened with).
bool at_most_one_row(const PlanNode& n) {
    return n.kind == Kind::KeyLookup && n.children.empty();
}

// Below an Aggregate whose chain ends in a PruningExpand over at most one input row, the end
// nodes are distinct already: a DISTINCT aggregate of the end node needs no set of seen values.
// The chain's Filters only drop rows; a Project must not rebind the end node's slot.
void mark_distinct_inputs(PlanNode& top) {
    if (top.kind != Kind::Aggregate) return;
    const PlanNode* n = top.children[0].get();
    while (n->kind == Kind::Filter || n->kind == Kind::Project)
        n = n->children[0].get();
    if (n->kind != Kind::PruningExpand || !at_most_one_row(*n->children[0])) return;
    const int end = n->as<VarExpandArgs>().to_slot;
    for (const PlanNode* c = top.children[0].get(); c != n; c = c->children[0].get()) {
        if (c->kind != Kind::Project) continue;
        for (int slot : c->as<ProjectArgs>().slots) {
            if (slot == end) return;
        }
    }
    for (Aggregation& a : top.as<AggregateArgs>().aggregations) {
        if (a.distinct && a.arg.op == Op::Slot && plan::slot_of(a.arg) == end)
            a.distinct_input = true;
    }
}

}  // namespace

PlanPtr prune_var_expands(const PlanPtr& root) {
    if (!root) return root;
    const PlanPtr node = rewrite_children(root, prune_var_expands);
    PlanPtr chain = pruned_chain(*node);
    if (!chain) return node;
    auto copy = std::make_shared<PlanNode>(*node);
    copy->children[0] = chain;
    mark_distinct_inputs(*copy);
    return copy;
}

}  // namespace caspian::query::optimizer
