// Builders for plan nodes and bound expressions, and free_slots (the slots an expression
// reads), shared by the planner, the binder and the optimizer passes.
#pragma once

#include "query/plan/plan.hpp"

#include <memory>
#include <set>
#include <utility>
#include <vector>

namespace caspian::query::plan {

// args: the alternative kind reads (plan.hpp); monostate for the kinds without arguments.
inline std::shared_ptr<PlanNode> make_node(Kind kind, std::vector<PlanPtr> children = {},
                                           OperatorArgs args = {}) {
    auto n = std::make_shared<PlanNode>();
    n->kind = kind;
    n->children = std::move(children);
    n->args = std::move(args);
    return n;
}

inline Expr equals_expr(Expr a, Expr b, SourceSpan span) {
    return comparison({CompareOp::Eq}, {std::move(a), std::move(b)}, span);
}

// The planner's AND (an empty span) of conds, at least one, in their order: a left fold, or, for
// many, a balanced tree, so that the depth stays the logarithm of their number (issue #15: a
// pattern may hold 100,000 properties, a WHERE 100,000 conjuncts).
inline Expr and_all(std::vector<Expr> conds) {
    constexpr std::size_t longest_left_fold = 32;
    if (conds.size() <= longest_left_fold) {
        Expr pred = std::move(conds[0]);
        for (std::size_t i = 1; i < conds.size(); ++i)
            pred = make_op(Op::And, {std::move(pred), std::move(conds[i])}, {});
        return pred;
    }
    while (conds.size() > 1) {
        std::vector<Expr> next;
        next.reserve(conds.size() / 2 + 1);
        for (std::size_t i = 0; i + 1 < conds.size(); i += 2)
            next.push_back(make_op(Op::And, {std::move(conds[i]), std::move(conds[i + 1])}, {}));
        if (conds.size() % 2 == 1) next.push_back(std::move(conds.back()));
        conds = std::move(next);
    }
    return std::move(conds[0]);
}

// Slots an expression reads that the pipeline must have bound (comprehension variables are
// its own). Sets has_subplan when it holds a subquery: such a filter waits for the whole
// pattern.
inline void free_slots(const Expr& e, std::set<int>& out, std::set<int>& local, bool& has_subplan) {
    if (const auto* s = std::get_if<SlotExpr>(&e.payload); s && !local.contains(s->slot)) {
        out.insert(s->slot);
    }
    if (const auto* m = std::get_if<MapExpr>(&e.payload);
        m && m->subject_slot >= 0 && !local.contains(m->subject_slot)) {
        out.insert(m->subject_slot);
    }
    if (const auto* c = std::get_if<ComprehensionExpr>(&e.payload)) local.insert(c->variable);
    if (const auto* q = std::get_if<QuantifierExpr>(&e.payload)) local.insert(q->variable);
    if (const auto* r = std::get_if<ReduceExpr>(&e.payload)) {
        local.insert(r->accumulator);
        local.insert(r->variable);
    }
    if (e.has_subplan()) has_subplan = true;
    for (const Expr& a : e.args)
        free_slots(a, out, local, has_subplan);
}

}  // namespace caspian::query::plan
