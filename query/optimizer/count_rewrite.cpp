// The count rewrites (issue #8): aggregates of counts answered from degrees or the stored
// statistics instead of reading every row. Optimisation only: every rewritten plan returns the
// rows of the plain one.
#include "query/optimizer/optimizer.hpp"
#include "query/optimizer/rewrite_children.hpp"
#include "query/plan/build.hpp"

#include <algorithm>
#include <set>

namespace caspian::query::optimizer {

using plan::Aggregation;
using plan::Expr;
using plan::free_slots;
using plan::Kind;
using plan::make_node;
using plan::Op;
using plan::PlanNode;
using plan::PlanPtr;
using plan::slot_ref;

namespace {

// A key that may differ between the rows of one node would split its degree's group.
bool reads_clock_or_random(const Expr& e) {
    if (e.op == Op::Call) {
        const std::string& name = e.as<plan::CallExpr>().name;
        if (name == "rand" || name == "date" || name == "datetime" || name == "timestamp") {
            return true;
        }
    }
    return std::any_of(e.args.begin(), e.args.end(), reads_clock_or_random);
}

// An Aggregate whose aggregates are all count(*) (or count of a variable bound in every input
// row) over an Expand to an end node and edge nothing else reads becomes a sum over a Degree;
// over a scan of all nodes (or one label) or of all edges (of some types, maybe grouped by
// type) it reads the stored statistics (CountStore), which every write keeps exact in its
// transaction. Returns agg itself when it does not qualify.
PlanPtr rewrite_aggregate(const PlanPtr& agg) {
    auto counts_only = [&](std::initializer_list<int> always_bound) {
        for (const Aggregation& a : agg->aggregations) {
            if (a.function != "count" || a.distinct) return false;
            if (a.star) continue;
            if (a.arg.op != Op::Slot || std::find(always_bound.begin(), always_bound.end(),
                                                  plan::slot_of(a.arg)) == always_bound.end()) {
                return false;
            }
        }
        return !agg->aggregations.empty();
    };
    auto count_store = [&](std::shared_ptr<PlanNode> store) {
        for (const Aggregation& a : agg->aggregations)
            store->slots.push_back(a.slot);
        store->span = agg->span;
        return store;
    };
    const PlanNode& in = *agg->children[0];
    // (n:L) scans label L and re-checks it: that Filter removes nothing.
    const PlanNode* scan = &in;
    if (in.kind == Kind::Filter && in.children.size() == 1 &&
        in.children[0]->kind == Kind::LabelScan && in.expr.op == Op::HasLabels &&
        in.expr.args.size() == 1 && in.expr.args[0].op == Op::Slot &&
        plan::slot_of(in.expr.args[0]) == in.children[0]->slot &&
        std::all_of(in.expr.as<plan::LabelsExpr>().labels.begin(),
                    in.expr.as<plan::LabelsExpr>().labels.end(),
                    [&](const std::string& l) { return l == in.children[0]->label; })) {
        scan = in.children[0].get();
    }
    const bool is_scan = scan->kind == Kind::AllNodesScan || scan->kind == Kind::LabelScan;
    if (is_scan && scan->children.empty() && agg->exprs.empty() && counts_only({scan->slot})) {
        auto store = make_node(Kind::CountStore);
        store->label = scan->label;
        return count_store(store);
    }
    if (in.kind != Kind::Expand || in.into || !in.exclude_rel_slots.empty() ||
        in.children.size() != 1) {
        return agg;
    }
    const PlanNode& from = *in.children[0];
    if (!counts_only({in.from_slot, in.rel_slot, in.to_slot})) return agg;
    // All edges (directed: an undirected pattern meets most edges twice), maybe per type.
    const bool per_type = agg->exprs.size() == 1 && agg->exprs[0].op == Op::Call &&
                          agg->exprs[0].as<plan::CallExpr>().name == "type" &&
                          agg->exprs[0].args.size() == 1 && agg->exprs[0].args[0].op == Op::Slot &&
                          plan::slot_of(agg->exprs[0].args[0]) == in.rel_slot;
    if (from.kind == Kind::AllNodesScan && from.children.empty() && from.slot == in.from_slot &&
        in.direction != Direction::Both && (agg->exprs.empty() || per_type)) {
        auto store = make_node(Kind::CountStore);
        store->rel_slot = in.rel_slot;
        store->types = in.types;
        store->slot = per_type ? agg->slots[0] : -1;
        return count_store(store);
    }
    // A degree: the grouping may read only what the Expand's input row holds.
    for (const Expr& e : agg->exprs) {
        std::set<int> used, local;
        bool has_subplan = false;
        free_slots(e, used, local, has_subplan);
        if (has_subplan || used.contains(in.rel_slot) || used.contains(in.to_slot) ||
            reads_clock_or_random(e)) {
            return agg;
        }
    }
    auto degree = make_node(Kind::Degree, {in.children[0]});
    degree->from_slot = in.from_slot;
    degree->direction = in.direction;
    degree->types = in.types;
    degree->span = in.span;
    degree->slot = in.to_slot;  // unread above: carries the row's weight
    auto sum = std::make_shared<PlanNode>(*agg);
    sum->children = {degree};
    for (Aggregation& a : sum->aggregations) {
        a.function = "sum";
        a.star = false;
        a.arg = slot_ref(degree->slot);
    }
    return sum;
}

}  // namespace

PlanPtr rewrite_counts(const PlanPtr& root) {
    if (!root) return root;
    // Bottom up, as the planner built the tree: an Aggregate sees its input rewritten already.
    const PlanPtr node = rewrite_children(root, rewrite_counts);
    return node->kind == Kind::Aggregate ? rewrite_aggregate(node) : node;
}

}  // namespace caspian::query::optimizer
