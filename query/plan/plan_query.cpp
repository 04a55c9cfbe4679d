// The planner's entry point: plans each part of a query (UNION), then each clause in order,
// and returns the plain tree (the optimizer's passes run on it afterwards).
#include "query/plan/planner_impl.hpp"

#include "query/procedures/registry.hpp"

#include <algorithm>
#include <atomic>
#include <utility>

namespace caspian::query::plan {

PlannedQuery Planner::plan(const Query& query) {
    PlannedQuery out;
    in_union_ = query.parts.size() > 1;
    PlanPtr root = plan_union(query, nullptr, UnionSlots::Leading, out.columns, out.column_slots);
    out.slot_count = std::max<int>(count_, int(out.columns.size()));
    out.root = make_node(Kind::Produce, {root},
                         ProduceArgs{out.columns, out.column_slots, out.slot_count});
    out.writes = writes_;
    out.in_transactions = in_transactions_;
    out.slot_names = names_;
    out.slot_names.resize(std::size_t(out.slot_count));
    return out;
}

// Each part projects its columns into the same slots: 0..n-1 for a statement (its Union drops
// equivalent rows itself), fresh ones for a subquery body, whose outer row keeps its slots
// (a Distinct above the Union drops them there).
PlanPtr Planner::plan_union(const Query& q, const Scope* outer, UnionSlots target,
                            std::vector<std::string>& columns, std::vector<int>& column_slots) {
    if (q.parts.size() == 1) return plan_single(q.parts[0], columns, column_slots, outer);
    std::vector<PlanPtr> parts;
    for (std::size_t i = 0; i < q.parts.size(); ++i) {
        std::vector<std::string> part_columns;
        std::vector<int> part_slots;
        PlanPtr part = plan_single(q.parts[i], part_columns, part_slots, outer);
        if (i == 0) {
            columns = part_columns;
            for (std::size_t c = 0; c < columns.size(); ++c)
                column_slots.push_back(target == UnionSlots::Leading ? int(c)
                                                                     : new_slot(columns[c]));
        } else if (part_columns != columns) {
            semantic("all parts of a UNION must return the same columns", q.parts[i].span,
                     "DifferentColumnsInUnion");
        }
        ProjectArgs project;
        for (std::size_t c = 0; c < part_slots.size(); ++c) {
            project.slots.push_back(column_slots[c]);
            project.exprs.push_back(slot_ref(part_slots[c]));
        }
        parts.push_back(make_node(Kind::Project, {part}, std::move(project)));
    }
    // UNION drops duplicates unless every join is UNION ALL (mixing is refused).
    const bool all = q.union_all[0];
    for (bool a : q.union_all) {
        if (a != all) {
            semantic("cannot mix UNION and UNION ALL", q.parts[1].span, "InvalidClauseComposition");
        }
    }
    if (target == UnionSlots::Leading) {
        return make_node(Kind::Union, parts, UnionArgs{columns.size(), !all});
    }
    PlanPtr root = make_node(Kind::Union, parts, UnionArgs{0, false});
    if (!all) root = make_node(Kind::Distinct, {root}, DistinctArgs{column_slots});
    return root;
}

int Planner::new_slot(const std::string& name) {
    names_.push_back(name);
    return count_++;
}

PlanPtr Planner::plan_single(const SingleQuery& q, std::vector<std::string>& columns,
                             std::vector<int>& column_slots, const Scope* outer) {
    Scope scope = outer != nullptr ? *outer : Scope{};
    // outer_ is this body's for its clauses, and the enclosing one's again after it.
    struct RestoreOuter {
        const Scope*& outer;
        const Scope* saved;
        ~RestoreOuter() { outer = saved; }
    } restore{outer_, std::exchange(outer_, outer)};
    PlanPtr plan = make_node(Kind::Argument);
    bool returned = false;
    for (std::size_t i = 0; i < q.clauses.size(); ++i) {
        const Clause& clause = q.clauses[i];
        if (returned)
            semantic("RETURN must be the last clause", clause.span, "InvalidClauseComposition");
        if (auto* m = std::get_if<MatchClause>(&clause.body)) {
            plan = plan_match(plan, *m, scope);
        } else if (auto* w = std::get_if<WithClause>(&clause.body)) {
            std::vector<std::string> ignored_columns;
            std::vector<int> ignored_slots;
            plan = plan_projection(plan, w->projection, w->where.get(), scope, false,
                                   ignored_columns, ignored_slots, clause.span);
        } else if (auto* r = std::get_if<ReturnClause>(&clause.body)) {
            plan = plan_projection(plan, r->projection, nullptr, scope, true, columns, column_slots,
                                   clause.span);
            returned = true;
        } else if (auto* u = std::get_if<UnwindClause>(&clause.body)) {
            Expr list = bind(*u->list, scope, nullptr, {});
            check_shadowing(u->variable, clause.span);
            if (scope.contains(u->variable)) {
                semantic("variable '" + u->variable + "' is already defined", clause.span,
                         "VariableAlreadyBound");
            }
            const int slot = new_slot(u->variable);
            scope[u->variable] = {slot, VarKind::Any};
            plan = make_node(Kind::Unwind, {plan}, UnwindArgs{slot, std::move(list)});
        } else if (auto* c = std::get_if<CreateClause>(&clause.body)) {
            plan = plan_create(plan, c->patterns, scope);
        } else if (auto* st = std::get_if<SetClause>(&clause.body)) {
            plan = plan_set(plan, st->items, scope);
        } else if (auto* rm = std::get_if<RemoveClause>(&clause.body)) {
            plan = plan_remove(plan, *rm, scope);
        } else if (auto* del = std::get_if<DeleteClause>(&clause.body)) {
            auto n = make_node(Kind::Delete, {eager(plan)});
            DeleteArgs& args = n->args.emplace<DeleteArgs>();
            args.detach = del->detach;
            for (const ExprPtr& t : del->targets) {
                if (t->kind == ExprKind::HasLabels) {
                    semantic("DELETE cannot remove a label: use REMOVE n:Label", t->span,
                             "InvalidDelete");
                }
                args.targets.push_back(bind(*t, scope, nullptr, {}));
            }
            writes_ = true;
            plan = n;
        } else if (auto* mg = std::get_if<MergeClause>(&clause.body)) {
            plan = plan_merge(plan, *mg, scope);
        } else if (auto* call = std::get_if<CallClause>(&clause.body)) {
            plan = plan_call(plan, *call, scope, clause.span,
                             q.clauses.size() == 1 && outer == nullptr);
            if (i + 1 == q.clauses.size() && !call->yields.empty() && !call->yield_star) {
                semantic("a query cannot end with CALL ... YIELD: add RETURN", clause.span,
                         "InvalidClauseComposition");
            }
        } else if (auto* sub = std::get_if<SubqueryClause>(&clause.body)) {
            const bool wrote = std::exchange(writes_, false);
            if (sub->in_transactions) check_in_transactions(clause.span, wrote);
            plan = plan_call_subquery(plan, *sub, scope, clause.span);
            if (writes_ && i + 1 < q.clauses.size()) plan = make_node(Kind::Eager, {plan});
            writes_ = writes_ || wrote;
        }
        const bool updates = std::holds_alternative<CreateClause>(clause.body) ||
                             std::holds_alternative<SetClause>(clause.body) ||
                             std::holds_alternative<RemoveClause>(clause.body) ||
                             std::holds_alternative<DeleteClause>(clause.body) ||
                             std::holds_alternative<MergeClause>(clause.body);
        // An update completes before the next clause reads (a LIMIT 0 after it must not
        // stop it halfway).
        if (updates && i + 1 < q.clauses.size()) plan = make_node(Kind::Eager, {plan});
    }
    // A standalone CALL (no YIELD, or YIELD *) returns its fields.
    const auto* last_call = std::get_if<CallClause>(&q.clauses.back().body);
    if (!returned && last_call != nullptr && (last_call->yields.empty() || last_call->yield_star)) {
        // In the procedure's field order (plan_call bound every field of a standalone call).
        if (const ProcedureInfo* proc = find_procedure(last_call->procedure)) {
            for (std::string_view field : proc->fields) {
                const auto it = scope.find(std::string(field));
                if (it == scope.end()) continue;
                columns.emplace_back(field);
                column_slots.push_back(it->second.slot);
            }
        }
        return plan;
    }
    if (!returned) {
        const Clause& last = q.clauses.back();
        const bool updates = std::holds_alternative<CreateClause>(last.body) ||
                             std::holds_alternative<MergeClause>(last.body) ||
                             std::holds_alternative<SetClause>(last.body) ||
                             std::holds_alternative<RemoveClause>(last.body) ||
                             std::holds_alternative<DeleteClause>(last.body);
        // A unit CALL { } ends a query as an update does; EXISTS and COUNT bodies need no RETURN.
        const auto* sub = std::get_if<SubqueryClause>(&last.body);
        if (sub != nullptr && outer == nullptr &&
            std::holds_alternative<ReturnClause>(sub->body->parts[0].clauses.back().body)) {
            semantic("a query cannot end with a CALL subquery that returns rows: add RETURN",
                     last.span, "InvalidClauseComposition");
        }
        if (!updates && outer == nullptr && sub == nullptr) {
            semantic("a query must end with RETURN or an updating clause", last.span,
                     "InvalidClauseComposition");
        }
    }
    return plan;
}

namespace {
std::atomic<PatternPlans> pattern_plans_mode{PatternPlans::Costed};
}  // namespace

void set_pattern_plans(PatternPlans mode) {
    pattern_plans_mode = mode;
}

PatternPlans pattern_plans() {
    return pattern_plans_mode;
}

PlannedQuery plan_query(const Query& query, const graph::GraphReader& stats) {
    return Planner(stats).plan(query);
}

}  // namespace caspian::query::plan
