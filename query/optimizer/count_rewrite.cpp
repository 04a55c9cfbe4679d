// The count rewrites (issue #8): aggregates of counts answered from degrees or the stored
// statistics instead of reading every row. Optimisation only: every rewritten plan returns the
// rows of the plain one.
#include "query/optimizer/optimizer.hpp"
#include "query/optimizer/rewrite_children.hpp"
#include "query/plan/build.hpp"

#include <algorithm>
#include <set>

namespace caspian::query::optimizer {

using plan::AggregateArgs;
using plan::Aggregation;
using plan::CountStoreArgs;
using plan::DegreeArgs;
using plan::ExpandArgs;
using plan::Expr;
using plan::FilterArgs;
using plan::free_slots;
using plan::Kind;
using plan::make_node;
using plan::Op;
using plan::PlanNode;
using plan::PlanPtr;
using plan::ScanArgs;
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
    const auto& groups = agg->as<AggregateArgs>();
    auto counts_only = [&](std::initializer_list<int> always_bound) {
        for (const Aggregation& a : groups.aggregations) {
            if (a.function != "count" || a.distinct) return false;
            if (a.star) continue;
            if (a.arg.op != Op::Slot || std::find(always_bound.begin(), always_bound.end(),
                                                  plan::slot_of(a.arg)) == always_bound.end()) {
                return false;
            }
        }
        return !groups.aggregations.empty();
    };
    auto count_store = [&](CountStoreArgs store) {
        for (const Aggregation& a : groups.aggregations)
            store.count_slots.push_back(a.slot);
        auto node = make_node(Kind::CountStore, {}, std::move(store));
        node->span = agg->span;
        return node;
    };
    const PlanNode& in = *agg->children[0];
    // (n:L) scans label L and re-checks it: that Filter removes nothing.
    const PlanNode* scan = &in;
    if (in.kind == Kind::Filter && in.children.size() == 1 &&
        in.children[0]->kind == Kind::LabelScan) {
        const Expr& check = in.as<FilterArgs>().predicate;
        const ScanArgs& label_scan = in.children[0]->as<ScanArgs>();
        if (check.op == Op::HasLabels && check.args.size() == 1 && check.args[0].op == Op::Slot &&
            plan::slot_of(check.args[0]) == label_scan.slot) {
            const std::vector<std::string>& labels = check.as<plan::LabelsExpr>().labels;
            if (std::all_of(labels.begin(), labels.end(),
                            [&](const std::string& l) { return l == label_scan.label; })) {
                scan = in.children[0].get();
            }
        }
    }
    const bool is_scan = scan->kind == Kind::AllNodesScan || scan->kind == Kind::LabelScan;
    if (is_scan && scan->children.empty() && groups.keys.empty() &&
        counts_only({scan->as<ScanArgs>().slot})) {
        CountStoreArgs store;
        store.label = scan->as<ScanArgs>().label;
        return count_store(std::move(store));
    }
    if (in.kind != Kind::Expand || in.children.size() != 1) return agg;
    const ExpandArgs& step = in.as<ExpandArgs>();
    if (step.into || !step.exclude_rel_slots.empty()) return agg;
    const PlanNode& from = *in.children[0];
    if (!counts_only({step.from_slot, step.rel_slot, step.to_slot})) return agg;
    // All edges (directed: an undirected pattern meets most edges twice), maybe per type.
    const bool per_type = groups.keys.size() == 1 && groups.keys[0].op == Op::Call &&
                          groups.keys[0].as<plan::CallExpr>().name == "type" &&
                          groups.keys[0].args.size() == 1 &&
                          groups.keys[0].args[0].op == Op::Slot &&
                          plan::slot_of(groups.keys[0].args[0]) == step.rel_slot;
    if (from.kind == Kind::AllNodesScan && from.children.empty() &&
        from.as<ScanArgs>().slot == step.from_slot && step.direction != Direction::Both &&
        (groups.keys.empty() || per_type)) {
        CountStoreArgs store;
        store.edges = true;
        store.types = step.types;
        store.type_slot = per_type ? groups.slots[0] : -1;
        return count_store(std::move(store));
    }
    // A degree: the grouping may read only what the Expand's input row holds.
    for (const Expr& e : groups.keys) {
        std::set<int> used, local;
        bool has_subplan = false;
        free_slots(e, used, local, has_subplan);
        if (has_subplan || used.contains(step.rel_slot) || used.contains(step.to_slot) ||
            reads_clock_or_random(e)) {
            return agg;
        }
    }
    // The count lands in the Expand's end node slot, unread above: it carries the row's weight.
    auto degree = make_node(Kind::Degree, {in.children[0]},
                            DegreeArgs{step.from_slot, step.types, step.direction, step.to_slot});
    degree->span = in.span;
    auto sum = std::make_shared<PlanNode>(*agg);
    sum->children = {degree};
    for (Aggregation& a : sum->as<AggregateArgs>().aggregations) {
        a.function = "sum";
        a.star = false;
        a.arg = slot_ref(step.to_slot);
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
